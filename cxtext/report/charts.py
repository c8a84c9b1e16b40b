"""Inline SVG charts: no JavaScript, no CDN, render in any browser and in e-mail clients.

Every function returns an ``<svg>`` string with a ``<title>`` for accessibility; all text
is XML-escaped. The charts are responsive (``width="100%"`` and a ``viewBox``), print their
values and axes, size their margins from the longest label (estimated at :data:`CHAR_EM` of
the font size per character) so that no text leaves the ``viewBox``, and use only the
colour-blind-safe Okabe-Ito colours of :data:`PALETTE` plus greys. Significant and not
significant results differ by fill *and* pattern or shape, never by colour alone.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Sequence
from html import escape

__all__ = ["impact_bars", "nps_split_bar", "quadrant_chart", "trend_line", "share_bars",
           "PALETTE", "text_width"]

# Okabe-Ito: vermillion, grey, blue, bluish green, orange, sky blue; greys for ink and grid.
DETRACTOR, PASSIVE, PROMOTER = "#D55E00", "#999999", "#0072B2"
_NEG, _POS, _BAND = DETRACTOR, PROMOTER, "#56B4E9"
_INK, _MUTED, _GRID, _WHITE = "#222222", "#555555", "#DDDDDD", "#FFFFFF"
PALETTE = frozenset({DETRACTOR, PASSIVE, PROMOTER, "#009E73", "#E69F00", _BAND,
                     _INK, _MUTED, _GRID, _WHITE})

#: Estimated glyph advance as a share of the font size (about 7 px at 12 px).
CHAR_EM = 0.6
_MAX_LABEL = 48  # longer labels are shortened with an ellipsis (the full text is in <title>)
_FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"


def _num(v: float | None) -> float:
    return 0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def text_width(text: str, size: float = 12) -> float:
    """Estimated rendered width (px) of ``text`` at font size ``size``."""
    return len(unicodedata.normalize("NFC", str(text))) * size * CHAR_EM


def _short(label: str) -> str:
    label = unicodedata.normalize("NFC", str(label))
    return label if len(label) <= _MAX_LABEL else label[:_MAX_LABEL - 1].rstrip() + "…"


def _fmt(v: float, *, signed: bool = False, digits: int = 1, unit: str = "") -> str:
    """A number for display: Unicode minus, optional plus sign and unit suffix."""
    v = round(v, digits)
    s = f"{abs(v):.{digits}f}"
    sign = "−" if v < 0 else ("+" if signed and v > 0 else "")
    return f"{sign}{s}{unit}"


def _text(x: float, y: float, s: str, *, size: float = 12, anchor: str = "start",
          fill: str = _INK, cls: str = "", bold: bool = False, halo: bool = False) -> str:
    attrs = f' class="{cls}"' if cls else ""
    if bold:
        attrs += ' font-weight="bold"'
    if halo:
        attrs += f' stroke="{_WHITE}" stroke-width="3" paint-order="stroke"'
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size:g}" '
            f'fill="{fill}"{attrs}>{escape(s)}</text>')


def _legend(items: Sequence[tuple[str, str]], x0: float, y0: float, right: float,
            size: float = 11) -> tuple[list[str], float]:
    """Legend swatches (``fill``, label) from (x0, y0), wrapping at ``right``; returns the
    elements and the y below the last row."""
    out, x, y = [], x0, y0
    for fill, label in items:
        w = 14 + text_width(label, size) + 18
        if x > x0 and x + w > right:
            x, y = x0, y + size + 8
        out.append(f'<rect x="{x:.1f}" y="{y - size + 1:.1f}" width="10" height="10" '
                   f'fill="{fill}" stroke="{_MUTED}" stroke-width="0.5"/>')
        out.append(_text(x + 14, y, label, size=size, cls="legend"))
        x += w
    return out, y + 8


def _hatch(pid: str, color: str) -> str:
    """A diagonal hatch pattern in ``color`` on white (not significant bars)."""
    return (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{_WHITE}"/>'
            f'<rect width="2.5" height="6" fill="{color}"/></pattern>')


def _uid(*parts: object) -> str:
    """A short id, stable for the same chart and distinct between charts on one page."""
    return "c" + hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]


def nps_split_bar(promoters: float, passives: float, detractors: float, *, labels: Sequence[str],
                  width: int = 900) -> str:
    """One stacked bar of detractor / passive / promoter shares (0-1), a 0-100% axis and a
    legend with every share (also printed inside a segment wide enough for it)."""
    parts = [(_num(detractors), DETRACTOR, _WHITE, labels[0]),
             (_num(passives), PASSIVE, _INK, labels[1]),
             (_num(promoters), PROMOTER, _WHITE, labels[2])]
    margin = 8 + text_width("100%", 11) / 2
    plot_w = width - 2 * margin
    bar_h, out = 34, []
    x = margin
    for share, color, ink, label in parts:
        w = plot_w * share
        out.append(f'<rect class="bar" x="{x:.1f}" y="4" width="{w:.1f}" height="{bar_h}" '
                   f'fill="{color}"><title>{escape(label)}: {share:.0%}</title></rect>')
        value = f"{share:.0%}"
        if w > text_width(value, 13) + 10:
            out.append(_text(x + w / 2, 4 + bar_h / 2 + 5, value, size=13, anchor="middle",
                             fill=ink, cls="value"))
        x += w
    axis_y = 4 + bar_h
    out.append(f'<line x1="{margin:.1f}" y1="{axis_y}" x2="{margin + plot_w:.1f}" '
               f'y2="{axis_y}" stroke="{_MUTED}"/>')
    for t in (0, 25, 50, 75, 100):
        tx = margin + plot_w * t / 100
        out.append(f'<line x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 4}" '
                   f'stroke="{_MUTED}"/>')
        out.append(_text(tx, axis_y + 17, f"{t}%", size=11, anchor="middle", fill=_MUTED,
                         cls="tick"))
    legend, bottom = _legend([(c, f"{lab} {s:.0%}") for s, c, _, lab in parts],
                             margin, axis_y + 40, width - 4, size=12)
    return _svg(width, bottom, " / ".join(labels), [*out, *legend])


def impact_bars(rows: Sequence[tuple[str, float, float, float, bool]], *, title: str,
                width: int = 900, unit: str = "pts", signed: bool = True,
                legend: Sequence[str] = ("significant", "not significant"),
                ci_label: str = "95% CI") -> str:
    """Horizontal bars with CI whiskers: (label, value, ci_low, ci_high, highlighted).

    The value is printed at the end of each bar; the x axis has ticks with
    the ``unit`` (a long unit is written once under the axis) and a zero line. Highlighted
    (significant) bars are solid, the others hatched; ``legend`` names the two."""
    if not rows:
        return ""
    labels = [_short(r[0]) for r in rows]
    label_w = max(text_width(s, 12) * (1.1 if r[4] else 1.0)  # bold is wider
                  for s, r in zip(labels, rows, strict=True)) + 14
    lo = min(min(_num(r[2]), _num(r[1]), 0.0) for r in rows)
    hi = max(max(_num(r[3]), _num(r[1]), 0.0) for r in rows)
    ticks, lo, hi = _nice(lo, hi)
    short_unit = len(unit) <= 4
    suffix = (" " + unit) if unit and short_unit else ""
    tick_txt = [_fmt(t, signed=signed, digits=_digits(ticks), unit=suffix) for t in ticks]
    values = [_fmt(_num(r[1]), signed=signed) for r in rows]
    val_w = max(text_width(s, 11) for s in values) + 8
    edge = max(text_width(s, 11) for s in tick_txt) / 2 + 4
    left = label_w + max(val_w if lo < 0 else 0, edge)
    right = max(val_w, edge)
    plot_w = max(width - left - right, 200)
    width = left + plot_w + right
    span = (hi - lo) or 1.0
    row_h = 26

    def sx(v: float) -> float:
        return left + (v - lo) / span * plot_w

    pid = _uid("impact", title, tuple(map(tuple, rows)))
    plot_h = row_h * len(rows)
    out = [f"<defs>{_hatch(pid + 'n', _NEG)}{_hatch(pid + 'p', _POS)}</defs>"]
    for t, s in zip(ticks, tick_txt, strict=True):
        out.append(f'<line x1="{sx(t):.1f}" y1="0" x2="{sx(t):.1f}" y2="{plot_h}" '
                   f'stroke="{_GRID}"/>')
        out.append(_text(sx(t), plot_h + 16, s, size=11, anchor="middle", fill=_MUTED,
                         cls="tick"))
    out.append(f'<line x1="{sx(0):.1f}" y1="0" x2="{sx(0):.1f}" y2="{plot_h}" stroke="{_INK}" '
               f'class="zero"/>')
    for i, (row, label, value) in enumerate(zip(rows, labels, values, strict=True)):
        _, v, cl, ch, strong = row
        v, cl, ch = _num(v), _num(cl), _num(ch)
        y = i * row_h + 5
        bh = row_h - 12
        x0, x1 = sorted((sx(0), sx(v)))
        color = _NEG if v < 0 else _POS
        fill = color if strong else f"url(#{pid}{'n' if v < 0 else 'p'})"
        out.append(_text(label_w - 8, y + bh / 2 + 4, label, anchor="end", bold=bool(strong),
                         cls="label"))
        out.append(f'<rect class="bar{"" if strong else " ns"}" x="{x0:.1f}" y="{y}" '
                   f'width="{max(x1 - x0, 1):.1f}" height="{bh}" fill="{fill}" '
                   f'stroke="{color}" fill-opacity="{1 if strong else 0.8}">'
                   f'<title>{escape(str(rows[i][0]))}: {_fmt(v, signed=signed)} {escape(unit)} '
                   f'({escape(ci_label)} {_fmt(cl, signed=signed)} .. '
                   f'{_fmt(ch, signed=signed)})</title>'
                   f'</rect>')
        yc, yw = y + bh / 2, y + bh + 3  # the CI whisker runs under the bar, not through text
        out.append(f'<path class="ci" d="M{sx(cl):.1f},{yw - 2}v4M{sx(cl):.1f},{yw}'
                   f'H{sx(ch):.1f}M{sx(ch):.1f},{yw - 2}v4" fill="none" stroke="{_INK}" '
                   f'stroke-width="1.2"/>')
        if v < 0:  # at the bar end
            out.append(_text(sx(v) - 4, yc + 4, value, size=11, anchor="end", cls="value",
                             halo=True))
        else:
            out.append(_text(sx(v) + 4, yc + 4, value, size=11, cls="value", halo=True))
    h = plot_h + 22
    if unit and not short_unit:
        out.append(_text(left + plot_w / 2, h + 10, unit, size=11, anchor="middle",
                         fill=_MUTED, cls="unit"))
        h += 16
    if not all(r[4] for r in rows):
        neg = sum(_num(r[1]) < 0 for r in rows) * 2 > len(rows)  # the colour most bars have
        items, h = _legend([(_NEG if neg else _POS, legend[0]),
                            (f"url(#{pid}{'n' if neg else 'p'})", legend[1])], left, h + 16,
                           width - 4)
        out.extend(items)
    return _svg(width, h + 4, title, out)


def share_bars(rows: Sequence[tuple[str, Sequence[float]]], *, series: Sequence[str],
               colors: Sequence[str] = (DETRACTOR, PASSIVE, PROMOTER), title: str,
               width: int = 900) -> str:
    """Grouped horizontal bars of shares (0-1): one group per row, one bar per series, each
    with its percentage at the bar end, a percentage axis and a legend."""
    if not rows:
        return ""
    labels = [_short(r[0]) for r in rows]
    label_w = max(text_width(s, 12) for s in labels) + 14
    bar_h = 12
    group_h = bar_h * len(series) + 10
    top = max((max((_num(v) for v in vals), default=0.0) for _, vals in rows), default=0.0)
    ticks, _, top = _nice(0.0, 100 * top or 1.0)
    tick_txt = [f"{t:g}%" for t in ticks]
    right = max(text_width("100%", 10) + 8, text_width(tick_txt[-1], 11) / 2 + 4)
    plot_w = max(width - label_w - right, 200)
    width = label_w + plot_w + right
    plot_h = group_h * len(rows)

    def sx(share: float) -> float:
        return label_w + 100 * share / top * plot_w

    out = []
    for t, s in zip(ticks, tick_txt, strict=True):
        out.append(f'<line x1="{sx(t / 100):.1f}" y1="0" x2="{sx(t / 100):.1f}" '
                   f'y2="{plot_h}" stroke="{_GRID}"/>')
        out.append(_text(sx(t / 100), plot_h + 16, s, size=11, anchor="middle", fill=_MUTED,
                         cls="tick"))
    out.append(f'<line x1="{label_w}" y1="0" x2="{label_w}" y2="{plot_h}" stroke="{_INK}" '
               f'class="zero"/>')
    for i, ((full, vals), label) in enumerate(zip(rows, labels, strict=True)):
        y = i * group_h + 5
        out.append(_text(label_w - 8, y + bar_h * len(series) / 2 + 4, label, anchor="end",
                         cls="label"))
        for j, v in enumerate(vals):
            v = _num(v)
            by = y + j * bar_h
            out.append(f'<rect class="bar" x="{label_w}" y="{by}" width="{sx(v) - label_w:.1f}"'
                       f' height="{bar_h - 1}" fill="{colors[j % len(colors)]}"><title>'
                       f'{escape(str(full))} - {escape(series[j])}: {v:.0%}</title></rect>')
            out.append(_text(sx(v) + 3, by + bar_h - 2.5, f"{v:.0%}", size=10, cls="value"))
    legend, h = _legend([(colors[k % len(colors)], name) for k, name in enumerate(series)],
                        label_w, plot_h + 40, width - 4)
    return _svg(width, h, title, [*out, *legend])


def trend_line(points: Sequence[tuple[str, float, float, float, bool]], *, title: str,
               width: int = 900, height: int = 260, n: Sequence[int] | None = None,
               legend: str = "significant change", ci_label: str = "95% CI",
               metric: str = "NPS") -> str:
    """NPS (or another ``metric``) per period with a CI band: (period, value, ci_low, ci_high,
    significant_change).

    The y axis has signed ticks (below zero too when the data go there) and a zero line; each
    shown period has its label and, given ``n``, its number of respondents under it; each
    point its value. Significant changes are large filled dots, the others hollow ones."""
    if not points:
        return ""
    count = len(points)
    periods = [_short(p[0]) for p in points]
    ns = [f"n={int(_num(k))}" for k in n] if n is not None else [""] * count
    vals = [v for p in points for v in (_num(p[1]), _num(p[2]), _num(p[3]))]
    ticks, lo, hi = _nice(min(vals + [0.0]), max(vals + [0.0]))
    tick_txt = [_fmt(t, signed=True, digits=_digits(ticks)) for t in ticks]
    values = [_fmt(_num(p[1]), signed=True, digits=0) for p in points]

    def half(i: int) -> float:
        return max(text_width(periods[i], 11), text_width(ns[i], 10),
                   text_width(values[i], 10)) / 2 + 4

    left = max(text_width(metric, 11), max(text_width(s, 11) for s in tick_txt)) + 12
    left = max(left, half(0))
    right = max(half(count - 1), 12)
    plot_w = max(width - left - right, 200)
    width = left + plot_w + right
    top, bottom = 24, 40 if n is not None else 26
    sig_any = any(p[4] for p in points)
    plot_h = height - top - bottom - (22 if sig_any else 0)
    span = (hi - lo) or 1.0

    def sx(i: int) -> float:
        return left + (i / max(count - 1, 1)) * plot_w if count > 1 else left + plot_w / 2

    def sy(v: float) -> float:
        return top + (hi - v) / span * plot_h

    gap = plot_w / max(count - 1, 1)
    widest = max(2 * half(i) for i in range(count))
    step = max(1, math.ceil(widest / gap)) if count > 1 else 1
    out = []
    for t, s in zip(ticks, tick_txt, strict=True):
        out.append(f'<line x1="{left:.1f}" y1="{sy(t):.1f}" x2="{left + plot_w:.1f}" '
                   f'y2="{sy(t):.1f}" stroke="{_GRID}"/>')
        out.append(_text(left - 6, sy(t) + 4, s, size=11, anchor="end", fill=_MUTED,
                         cls="tick ytick"))
    out.append(_text(left - 6, 12, metric, size=11, anchor="end", fill=_MUTED, cls="unit"))
    band = " ".join(f"{sx(i):.1f},{sy(_num(p[3])):.1f}" for i, p in enumerate(points)) + " " + \
        " ".join(f"{sx(i):.1f},{sy(_num(p[2])):.1f}" for i, p in reversed(list(enumerate(points))))
    line = " ".join(f"{sx(i):.1f},{sy(_num(p[1])):.1f}" for i, p in enumerate(points))
    out += [f'<polygon points="{band}" fill="{_BAND}" fill-opacity="0.35"/>',
            f'<line class="zero" x1="{left:.1f}" y1="{sy(0):.1f}" x2="{left + plot_w:.1f}" '
            f'y2="{sy(0):.1f}" stroke="{_MUTED}" stroke-width="1.2"/>',
            f'<polyline class="line" points="{line}" fill="none" stroke="{PROMOTER}" '
            f'stroke-width="2"/>']
    base = top + plot_h
    for i, (period, v, cl, ch, sig) in enumerate(points):
        v = _num(v)
        size = (f'<title>{escape(str(period))}: {escape(metric)} {_fmt(v, digits=1)} '
                f'({escape(ci_label)} '
                f'{_fmt(_num(cl))} .. {_fmt(_num(ch))}){" " + escape(ns[i]) if ns[i] else ""}'
                f'{" - " + escape(legend) if sig else ""}</title>')
        if sig:
            out.append(f'<circle class="point sig" cx="{sx(i):.1f}" cy="{sy(v):.1f}" r="5.5" '
                       f'fill="{DETRACTOR}" stroke="{_INK}" stroke-width="1">{size}</circle>')
        else:
            out.append(f'<circle class="point" cx="{sx(i):.1f}" cy="{sy(v):.1f}" r="3.5" '
                       f'fill="{_WHITE}" stroke="{PROMOTER}" stroke-width="2">{size}</circle>')
        if i % step == 0:
            out.append(_text(sx(i), sy(v) - 9, values[i], size=10, anchor="middle",
                             cls="value", halo=True))
            out.append(_text(sx(i), base + 16, periods[i], size=11, anchor="middle",
                             cls="xtick"))
            if ns[i]:
                out.append(_text(sx(i), base + 30, ns[i], size=10, anchor="middle",
                                 fill=_MUTED, cls="n"))
    h = base + bottom
    if sig_any:
        out.append(f'<circle cx="{left + 5:.1f}" cy="{h + 4:.1f}" r="5.5" fill="{DETRACTOR}" '
                   f'stroke="{_INK}" stroke-width="1"/>')
        out.append(_text(left + 16, h + 8, legend, size=11, cls="legend"))
        h += 22
    return _svg(width, h, title, out)


def quadrant_chart(points: Sequence[tuple[str, float, float, bool]], *, threshold: float,
                   title: str, quadrants: Sequence[str], x_label: str, y_label: str,
                   unit: str = "pts", width: int = 900, height: int = 420) -> str:
    """Impact versus mentions: one dot per (label, share of respondents 0-1, NPS impact,
    significant); a dashed vertical line at ``threshold`` (share) and the zero line split
    the plane into ``quadrants`` = (fix first, watch, keep, minor): costs points and
    mentioned often / less, adds points and mentioned often / less. Dots are coloured by
    sign and filled when significant (hollow otherwise); labels are moved apart vertically
    so they do not overlap."""
    if not points:
        return ""
    xs = [100 * _num(p[1]) for p in points]
    ys = [_num(p[2]) for p in points]
    xticks, xlo, xhi = _nice(0.0, max(max(xs), 100 * threshold) * 1.05 or 1.0)
    yticks, ylo, yhi = _nice(min(min(ys), 0.0), max(max(ys), 0.0))
    if ylo == 0:
        yticks, ylo, yhi = _nice(-abs(yhi) * 0.2, yhi)
    if yhi == 0:
        yticks, ylo, yhi = _nice(ylo, abs(ylo) * 0.2)
    ytxt = [_fmt(t, signed=True, digits=_digits(yticks)) for t in yticks]
    left = max(text_width(t, 11) for t in ytxt) + 14
    labels = [_short(p[0]) for p in points]
    right = max(text_width(s, 11) for s in labels) + 18
    top, plot_h = 30, height - 76
    plot_w = max(width - left - right, 240)
    width = left + plot_w + right

    def sx(v: float) -> float:
        return left + (v - xlo) / ((xhi - xlo) or 1.0) * plot_w

    def sy(v: float) -> float:
        return top + (yhi - v) / ((yhi - ylo) or 1.0) * plot_h

    out = []
    for t in xticks:
        out.append(f'<line x1="{sx(t):.1f}" y1="{top}" x2="{sx(t):.1f}" y2="{top + plot_h}" '
                   f'stroke="{_GRID}"/>')
        out.append(_text(sx(t), top + plot_h + 16, _fmt(t, digits=_digits(xticks), unit="%"),
                         size=11, anchor="middle", fill=_MUTED, cls="tick"))
    for t, s_ in zip(yticks, ytxt, strict=True):
        out.append(f'<line x1="{left}" y1="{sy(t):.1f}" x2="{left + plot_w}" y2="{sy(t):.1f}" '
                   f'stroke="{_GRID}"/>')
        out.append(_text(left - 6, sy(t) + 4, s_, size=11, anchor="end", fill=_MUTED,
                         cls="tick"))
    out.append(f'<line x1="{left}" y1="{sy(0):.1f}" x2="{left + plot_w}" y2="{sy(0):.1f}" '
               f'stroke="{_INK}" class="zero"/>')
    tx = sx(100 * threshold)
    out.append(f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{top + plot_h}" '
               f'stroke="{_MUTED}" stroke-dasharray="5,4" class="threshold"/>')
    fix, watch, keep, minor = quadrants
    for text, x, y, anchor in ((keep, left + plot_w - 6, top + 14, "end"),
                               (minor, left + 6, top + 14, "start"),
                               (fix, left + plot_w - 6, top + plot_h - 8, "end"),
                               (watch, left + 6, top + plot_h - 8, "start")):
        out.append(_text(x, y, text, size=13, anchor=anchor, fill=_MUTED, bold=True,
                         cls="quadrant"))
    # labels: at the dot's height, pushed apart (14 px) in order of height, kept inside
    # the plot (a downward pass, then an upward one from the bottom edge)
    order = sorted(range(len(points)), key=lambda i: sy(ys[i]))
    want = [sy(ys[i]) + 4 for i in order]
    for j in range(1, len(want)):
        want[j] = max(want[j], want[j - 1] + 14)
    bottom = top + plot_h - 4
    for j in range(len(want) - 1, -1, -1):
        want[j] = min(want[j], bottom if j == len(want) - 1 else want[j + 1] - 14)
    placed = dict(zip(order, want, strict=True))
    for i, (p, label) in enumerate(zip(points, labels, strict=True)):
        color = _NEG if ys[i] < 0 else _POS
        x, y = sx(xs[i]), sy(ys[i])
        fill = color if p[3] else _WHITE
        out.append(f'<circle class="dot{"" if p[3] else " ns"}" cx="{x:.1f}" cy="{y:.1f}" '
                   f'r="6" fill="{fill}" stroke="{color}" stroke-width="2">'
                   f'<title>{escape(str(p[0]))}: {_fmt(ys[i], signed=True)} {escape(unit)}, '
                   f'{xs[i]:.1f}%</title></circle>')
        ly = placed[i]
        if abs(ly - (y + 4)) > 1:
            out.append(f'<line x1="{x + 6:.1f}" y1="{y:.1f}" x2="{x + 12:.1f}" '
                       f'y2="{ly - 4:.1f}" stroke="{_GRID}"/>')
        out.append(_text(x + 12, ly, label, size=11, cls="label", halo=True))
    h = max(top + plot_h + 34, max(placed.values()) + 8)
    out.append(_text(left + plot_w / 2, h, x_label, size=11, anchor="middle", fill=_MUTED,
                     cls="unit"))
    out.append(_text(left - 6, top - 10, y_label, size=11, fill=_MUTED, cls="unit"))
    return _svg(width, h + 8, title, out)


def _svg(width: float, height: float, title: str, body: Sequence[str]) -> str:
    return (f'<svg class="chart" role="img" width="100%" '
            f'viewBox="0 0 {width:.0f} {math.ceil(height)}" '
            f'preserveAspectRatio="xMinYMin meet" font-family="{_FONT}">'
            f'<title>{escape(title)}</title>' + "".join(body) + "</svg>")


def _digits(ticks: Sequence[float]) -> int:
    """Decimals needed to print ``ticks`` exactly (0 for whole steps)."""
    return 0 if all(float(t).is_integer() for t in ticks) else 1


def _nice(lo: float, hi: float, n: int = 5) -> tuple[list[float], float, float]:
    """Ticks on a 1-2-5 step covering [lo, hi]; the domain grows to the outer ticks."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 5, 10) if m * mag >= raw), default=mag)
    start, stop = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    ticks = [round(start + k * step, 6) for k in range(int(round((stop - start) / step)) + 1)]
    return ticks, ticks[0], ticks[-1]


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    return _nice(lo, hi, n)[0]
