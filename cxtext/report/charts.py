"""Inline SVG charts: no JavaScript, no CDN, render in any browser and in e-mail clients.

Every function returns an ``<svg>`` string with a ``<title>`` for accessibility; all text
is XML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

__all__ = ["impact_bars", "nps_split_bar", "trend_line", "share_bars"]

_NEG, _POS, _MID, _INK, _GRID = "#c0392b", "#1e8449", "#b7950b", "#222", "#ddd"


def _num(v: float | None) -> float:
    return 0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def nps_split_bar(promoters: float, passives: float, detractors: float, *, labels: Sequence[str],
                  width: int = 640) -> str:
    """One stacked bar of detractor / passive / promoter shares (0-1)."""
    parts = [(detractors, _NEG, labels[0]), (passives, _MID, labels[1]),
             (promoters, _POS, labels[2])]
    x, out = 0.0, []
    for share, color, label in parts:
        w = width * _num(share)
        out.append(f'<rect class="bar" x="{x:.1f}" y="0" width="{w:.1f}" height="34" '
                   f'fill="{color}"><title>{escape(label)}: {share:.0%}</title></rect>')
        if w > 60:
            out.append(f'<text x="{x + 6:.1f}" y="22" fill="#fff" font-size="13">'
                       f'{escape(label)} {share:.0%}</text>')
        x += w
    return _svg(width, 34, " / ".join(labels), out)


def impact_bars(rows: Sequence[tuple[str, float, float, float, bool]], *, title: str,
                width: int = 720, unit: str = "pts") -> str:
    """Horizontal bars with CI whiskers: (label, value, ci_low, ci_high, highlighted)."""
    if not rows:
        return ""
    label_w, row_h, pad = 230, 24, 40
    lo = min(min(_num(r[2]), _num(r[1]), 0.0) for r in rows)
    hi = max(max(_num(r[3]), _num(r[1]), 0.0) for r in rows)
    span = (hi - lo) or 1.0
    plot_w = width - label_w - pad

    def sx(v: float) -> float:
        return label_w + (v - lo) / span * plot_w

    h = row_h * len(rows) + 30
    out = [f'<line x1="{sx(0):.1f}" y1="0" x2="{sx(0):.1f}" y2="{h - 24}" stroke="{_INK}"/>']
    for i, (label, v, cl, ch, strong) in enumerate(rows):
        y = i * row_h + 4
        x0, x1 = sorted((sx(0), sx(_num(v))))
        color = _NEG if _num(v) < 0 else _POS
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" font-size="12" '
                   f'font-weight="{"bold" if strong else "normal"}">{escape(label)}</text>')
        out.append(f'<rect class="bar" x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" '
                   f'height="{row_h - 8}" fill="{color}" opacity="{1 if strong else 0.55}">'
                   f'<title>{escape(label)}: {_num(v):+.1f} {unit} (95% CI {_num(cl):+.1f} .. '
                   f'{_num(ch):+.1f})</title></rect>')
        yc = y + (row_h - 8) / 2
        out.append(f'<line x1="{sx(_num(cl)):.1f}" y1="{yc}" x2="{sx(_num(ch)):.1f}" y2="{yc}" '
                   f'stroke="{_INK}" stroke-width="1.5"/>')
    for tick in _ticks(lo, hi):
        out.append(f'<text x="{sx(tick):.1f}" y="{h - 6}" text-anchor="middle" font-size="11" '
                   f'fill="#555">{tick:g}</text>')
    return _svg(width, h, title, out)


def share_bars(rows: Sequence[tuple[str, Sequence[float]]], *, series: Sequence[str],
               colors: Sequence[str] = (_NEG, _MID, _POS), title: str, width: int = 720) -> str:
    """Grouped horizontal bars of shares (0-1): one group per row, one bar per series."""
    if not rows:
        return ""
    label_w, bar_h = 230, 7
    group_h = bar_h * len(series) + 8
    top = max((max(vals) for _, vals in rows), default=1.0) or 1.0
    plot_w = width - label_w - 60
    h = group_h * len(rows) + 24
    out = []
    for i, (label, vals) in enumerate(rows):
        y = i * group_h + 2
        out.append(f'<text x="{label_w - 8}" y="{y + group_h / 2 + 2}" text-anchor="end" '
                   f'font-size="12">{escape(label)}</text>')
        for j, v in enumerate(vals):
            w = plot_w * _num(v) / top
            out.append(f'<rect class="bar" x="{label_w}" y="{y + j * bar_h}" width="{w:.1f}" '
                       f'height="{bar_h - 1}" fill="{colors[j % len(colors)]}"><title>'
                       f'{escape(label)} - {escape(series[j])}: {_num(v):.0%}</title></rect>')
    legend = "".join(
        f'<rect x="{label_w + k * 140}" y="{h - 14}" width="10" height="10" '
        f'fill="{colors[k % len(colors)]}"/><text x="{label_w + k * 140 + 14}" y="{h - 5}" '
        f'font-size="11">{escape(name)}</text>' for k, name in enumerate(series))
    return _svg(width, h, title, [*out, legend])


def trend_line(points: Sequence[tuple[str, float, float, float, bool]], *, title: str,
               width: int = 720, height: int = 240) -> str:
    """NPS per period with a CI band: (period, value, ci_low, ci_high, significant_change)."""
    if not points:
        return ""
    left, right, top, bottom = 50, 20, 16, 40
    vals = [v for p in points for v in (_num(p[2]), _num(p[3]))]
    lo, hi = min(vals + [0.0]), max(vals + [0.0])
    span = (hi - lo) or 1.0
    n = len(points)

    def sx(i: int) -> float:
        return left + (i / max(n - 1, 1)) * (width - left - right)

    def sy(v: float) -> float:
        return top + (hi - v) / span * (height - top - bottom)

    band = " ".join(f"{sx(i):.1f},{sy(_num(p[3])):.1f}" for i, p in enumerate(points)) + " " + \
        " ".join(f"{sx(i):.1f},{sy(_num(p[2])):.1f}" for i, p in reversed(list(enumerate(points))))
    line = " ".join(f"{sx(i):.1f},{sy(_num(p[1])):.1f}" for i, p in enumerate(points))
    out = [f'<polygon points="{band}" fill="#aed6f1" opacity="0.6"/>',
           f'<line x1="{left}" y1="{sy(0):.1f}" x2="{width - right}" y2="{sy(0):.1f}" '
           f'stroke="{_GRID}"/>',
           f'<polyline class="line" points="{line}" fill="none" stroke="#1f618d" '
           f'stroke-width="2"/>']
    for i, (period, v, cl, ch, sig) in enumerate(points):
        out.append(f'<circle cx="{sx(i):.1f}" cy="{sy(_num(v)):.1f}" r="{5 if sig else 3}" '
                   f'fill="{_NEG if sig else "#1f618d"}"><title>{escape(period)}: NPS '
                   f'{_num(v):.1f} (95% CI {_num(cl):.1f} .. {_num(ch):.1f})'
                   f'{" - significant change" if sig else ""}</title></circle>')
        if n <= 14 or i % max(n // 12, 1) == 0:
            out.append(f'<text x="{sx(i):.1f}" y="{height - 20}" text-anchor="middle" '
                       f'font-size="11">{escape(period)}</text>')
    for tick in _ticks(lo, hi):
        out.append(f'<text x="{left - 6}" y="{sy(tick) + 4:.1f}" text-anchor="end" '
                   f'font-size="11" fill="#555">{tick:g}</text>')
    return _svg(width, height, title, out)


def _svg(width: float, height: float, title: str, body: Sequence[str]) -> str:
    return (f'<svg class="chart" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>' + "".join(body)
            + "</svg>")


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 5, 10) if m * mag >= raw), default=mag)
    start = math.ceil(lo / step) * step
    return [round(start + k * step, 6) for k in range(int((hi - start) / step) + 1)]
