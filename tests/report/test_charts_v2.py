"""The inline SVG charts read on their own: values, axes, no clipping, colour-blind palette.

Each SVG string is parsed with :mod:`xml.etree`; a ``<text>`` element's extent is estimated
at 0.6 of its font size per character (about 7 px at 12 px), from its anchor, and must lie
inside the ``viewBox``.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from cxtext.report import charts

#: Okabe-Ito colours and the greys the charts may use; nothing else (fills, strokes).
ALLOWED = {"#d55e00", "#999999", "#0072b2", "#009e73", "#e69f00", "#56b4e9",
           "#222222", "#555555", "#dddddd", "#ffffff", "none"}
EM = 0.6

LONG_PL = "Zażółć gęślą jaźń – bardzo długa nazwa tematu o dostawie"  # 55 chars, diacritics
POLISH = ["Dostawa", "Cena", LONG_PL, "Obsługa klienta – uprzejmość i szybkość"]


def _tag(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _parse(svg: str) -> ET.Element:
    assert svg.startswith("<svg"), svg[:80]
    return ET.fromstring(svg)


def _viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.attrib["viewBox"].split())
    return x, y, w, h


def _texts(root: ET.Element, cls: str | None = None) -> list[ET.Element]:
    out = [el for el in root.iter() if _tag(el) == "text"]
    if cls is not None:
        out = [el for el in out if cls in el.attrib.get("class", "").split()]
    return out


def _number(s: str) -> float:
    return float(re.sub(r"[^0-9.+-]", "", s.replace("−", "-")))


def _extent(el: ET.Element) -> tuple[float, float, float, float]:
    size = float(el.attrib["font-size"])
    text = unicodedata.normalize("NFC", "".join(el.itertext()))
    w = len(text) * size * EM
    x, y = float(el.attrib["x"]), float(el.attrib["y"])
    anchor = el.attrib.get("text-anchor", "start")
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return x0, y - 0.8 * size, x0 + w, y + 0.25 * size


def _trend_points(values: list[float], periods: list[str] | None = None,
                  sig: int | None = None) -> list[tuple[str, float, float, float, bool]]:
    periods = periods or [f"2024-{m:02d}" for m in range(1, len(values) + 1)]
    return [(p, v, v - 12, v + 12, i == sig) for i, (p, v) in enumerate(zip(periods, values,
                                                                             strict=True))]


IMPACT_ROWS = [(label, v, v - 5, v + 5, k % 2 == 0)
               for k, (label, v) in enumerate(zip(POLISH, [-12.5, 3.0, 25.25, -0.4],
                                                  strict=True))]

CASES = {
    "split": charts.nps_split_bar(0.5, 0.3, 0.2, labels=["Krytycy", "Pasywni", "Promotorzy"]),
    "split_tiny": charts.nps_split_bar(0.97, 0.02, 0.01,
                                       labels=["Detractors", "Passives", "Promoters"]),
    "impact_pl": charts.impact_bars(IMPACT_ROWS, title="Wpływ", legend=("istotne", "nieistotne")),
    "impact_one": charts.impact_bars([("A", 1.0, 0.5, 1.5, True)], title="x"),
    "impact_neg": charts.impact_bars([(LONG_PL * 2, -40.0, -55.0, -20.0, False)], title="x"),
    "importance": charts.impact_bars([(LONG_PL, 12.0, 8.0, 16.0, True), ("Cena", 3.5, 1, 6, True)],
                                     title="imp", unit="% of variance", signed=False),
    "shares": charts.share_bars([(label, [0.1 * k, 0.05, 1.0 - 0.1 * k])
                                 for k, label in enumerate(POLISH)],
                                series=["Krytycy", "Pasywni", "Promotorzy"], title="Udziały"),
    "shares_small": charts.share_bars([("Ząb", [0.0, 0.02, 0.01])],
                                      series=["Krytycy", "Pasywni", "Promotorzy"], title="U"),
    "trend_neg": charts.trend_line(_trend_points([-35.0, -5.0, 12.0], sig=1), title="NPS",
                                   n=[84, 120, 7]),
    "trend_long": charts.trend_line(
        _trend_points([10.0, 20.0, -60.0, 15.0],
                      ["styczeń 2024", "luty 2024", "marzec 2024", "październik 2024 (część)"]),
        title="NPS w czasie", n=[1000, 999, 12345, 3]),
    "trend_pos": charts.trend_line(_trend_points([30.0, 35.0]), title="t", n=[50, 60]),
    "quadrant": charts.quadrant_chart(
        [("Infolinia (negatywnie)", 0.06, -6.6, True), (LONG_PL, 0.02, -2.0, False),
         ("Cena (pozytywnie)", 0.15, 11.0, True), ("Kurier (pozytywnie)", 0.03, 2.4, False),
         ("Kurier (negatywnie)", 0.031, -2.6, False), ("Zwrot (negatywnie)", 0.025, -2.5, True)],
        threshold=0.04, title="Wpływ a wzmianki",
        quadrants=("Napraw najpierw", "Obserwuj", "Utrzymaj", "Drugorzędne"),
        x_label="Udział respondentów", y_label="Wpływ na NPS (pkt)", unit="pkt"),
    "quadrant_one": charts.quadrant_chart([("A", 0.5, 3.0, False)], threshold=0.5, title="q",
                                          quadrants=("F", "W", "K", "M"), x_label="x",
                                          y_label="y"),
    "trend_many": charts.trend_line(_trend_points([float(i % 7 - 3) for i in range(30)],
                                                  [f"2024-W{i:02d}" for i in range(30)]),
                                    title="w", n=list(range(30, 60))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_root_is_responsive(name: str) -> None:
    root = _parse(CASES[name])
    assert root.attrib.get("width") == "100%"
    assert "height" not in root.attrib
    x, y, w, h = _viewbox(root)
    assert (x, y) == (0, 0) and w > 100 and h > 20


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_text_inside_viewbox(name: str) -> None:
    root = _parse(CASES[name])
    _, _, w, h = _viewbox(root)
    texts = _texts(root)
    assert texts
    for el in texts:
        x0, y0, x1, y1 = _extent(el)
        assert x0 >= 0 and x1 <= w and y0 >= 0 and y1 <= h, (
            f"{''.join(el.itertext())!r} at {x0:.0f}..{x1:.0f} x {y0:.0f}..{y1:.0f} "
            f"outside 0..{w:.0f} x 0..{h:.0f}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_only_palette_colours(name: str) -> None:
    root = _parse(CASES[name])
    ids = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
    seen = 0
    for el in root.iter():
        for attr in ("fill", "stroke", "stop-color", "color"):
            value = el.attrib.get(attr)
            if value is None:
                continue
            seen += 1
            ref = re.fullmatch(r"url\(#([\w-]+)\)", value)
            if ref:
                assert ref.group(1) in ids, value
            else:
                assert value.lower() in ALLOWED, f"{_tag(el)} {attr}={value}"
        assert "style" not in el.attrib
    assert seen > 0


@pytest.mark.parametrize("name", ["impact_pl", "impact_one", "impact_neg", "importance",
                                  "shares", "shares_small"])
def test_bar_values_printed(name: str) -> None:
    root = _parse(CASES[name])
    bars = [el for el in root.iter() if _tag(el) == "rect" and "bar" in el.attrib.get("class", "")]
    values = _texts(root, "value")
    assert bars and len(values) == len(bars)
    assert all(re.search(r"\d", "".join(v.itertext())) for v in values)


@pytest.mark.parametrize(("rows", "expected"), [
    ([("a", 4.26, 1.0, 7.0, True)], ["+4.3"]),
    ([("a", -12.0, -15.0, -9.0, True), ("b", 0.0, -1.0, 1.0, False)], ["−12.0", "0.0"]),
])
def test_impact_value_text(rows: list, expected: list[str]) -> None:
    got = ["".join(t.itertext()) for t in _texts(_parse(charts.impact_bars(rows, title="t")),
                                                  "value")]
    assert got == expected


def test_impact_value_sits_at_bar_end() -> None:
    root = _parse(charts.impact_bars([("a", 10.0, 2.0, 30.0, True),
                                      ("b", -10.0, -30.0, -2.0, True)], title="t"))
    bars = [el for el in root.iter() if _tag(el) == "rect" and "bar" in el.attrib.get("class", "")]
    pos, neg = _texts(root, "value")
    pos_end = float(bars[0].attrib["x"]) + float(bars[0].attrib["width"])
    assert 0 < float(pos.attrib["x"]) - pos_end <= 8
    assert 0 < float(bars[1].attrib["x"]) - float(neg.attrib["x"]) <= 8
    assert neg.attrib["text-anchor"] == "end"


@pytest.mark.parametrize("name", ["impact_pl", "impact_neg", "importance", "shares", "split"])
def test_bar_charts_have_axis_ticks_with_units(name: str) -> None:
    root = _parse(CASES[name])
    ticks = ["".join(t.itertext()) for t in _texts(root, "tick")]
    assert len(ticks) >= 2
    units = {"impact_pl": "pts", "impact_neg": "pts", "shares": "%", "split": "%"}
    if name in units:
        assert all(t.endswith(units[name]) for t in ticks), ticks
    else:  # a long unit is written once under the axis
        assert ["".join(t.itertext()) for t in _texts(root, "unit")] == ["% of variance"]


@pytest.mark.parametrize("name", ["impact_pl", "impact_neg", "trend_neg", "trend_pos"])
def test_zero_line(name: str) -> None:
    assert any("zero" in el.attrib.get("class", "") and _tag(el) == "line"
               for el in _parse(CASES[name]).iter())


@pytest.mark.parametrize(("name", "below_zero"), [("trend_neg", True), ("trend_long", True),
                                                  ("trend_pos", False)])
def test_trend_ticks_below_zero(name: str, below_zero: bool) -> None:
    ticks = [_number("".join(t.itertext())) for t in _texts(_parse(CASES[name]), "ytick")]
    assert 0.0 in ticks
    assert (min(ticks) < 0) is below_zero
    lows = {"trend_neg": -35 - 12, "trend_long": -60 - 12, "trend_pos": 0}
    assert min(ticks) <= lows[name]  # the lowest CI bound is inside the axis


@pytest.mark.parametrize(("name", "ns"), [("trend_neg", ["n=84", "n=120", "n=7"]),
                                          ("trend_long", ["n=1000", "n=999", "n=12345", "n=3"]),
                                          ("trend_pos", ["n=50", "n=60"])])
def test_trend_n_per_period(name: str, ns: list[str]) -> None:
    root = _parse(CASES[name])
    assert ["".join(t.itertext()) for t in _texts(root, "n")] == ns
    xs = [float(t.attrib["x"]) for t in _texts(root, "xtick")]
    assert xs == [float(t.attrib["x"]) for t in _texts(root, "n")]  # under its period label
    assert len(xs) == len(ns)


def test_trend_last_label_inside() -> None:
    root = _parse(CASES["trend_long"])
    _, _, w, _ = _viewbox(root)
    last = _texts(root, "xtick")[-1]
    assert "".join(last.itertext()) == "październik 2024 (część)"
    assert _extent(last)[2] <= w


def test_trend_many_periods_thins_labels_without_overlap() -> None:
    labels = _texts(_parse(CASES["trend_many"]), "xtick")
    assert 2 <= len(labels) < 30
    spans = [_extent(t) for t in labels]
    assert all(a[2] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_trend_without_n_has_no_n_labels() -> None:
    assert _texts(_parse(charts.trend_line(_trend_points([1.0, 2.0]), title="t")), "n") == []


def test_significance_not_by_colour_alone() -> None:
    root = _parse(CASES["impact_pl"])
    bars = [el for el in root.iter() if _tag(el) == "rect" and "bar" in el.attrib.get("class", "")]
    strong = [b for b in bars if "ns" not in b.attrib["class"].split()]
    weak = [b for b in bars if "ns" in b.attrib["class"].split()]
    assert len(strong) == 2 and len(weak) == 2
    assert all(not b.attrib["fill"].startswith("url(") for b in strong)
    assert all(b.attrib["fill"].startswith("url(#") for b in weak)  # hatched pattern
    assert {_tag(el) for el in root.iter()} >= {"pattern"}
    assert [t for t in ("istotne", "nieistotne")
            if t in ["".join(x.itertext()) for x in _texts(root, "legend")]] == ["istotne",
                                                                                "nieistotne"]
    points = [el for el in _parse(CASES["trend_neg"]).iter() if _tag(el) == "circle"
              and "point" in el.attrib.get("class", "")]
    sig = [p for p in points if "sig" in p.attrib["class"].split()]
    assert len(sig) == 1 and float(sig[0].attrib["r"]) > float(points[0].attrib["r"])
    assert sig[0].attrib["fill"] != points[0].attrib["fill"]


def test_pattern_ids_differ_between_charts() -> None:
    a = _parse(charts.impact_bars([("a", 1.0, 0.0, 2.0, False)], title="one"))
    b = _parse(charts.impact_bars([("b", 1.0, 0.0, 2.0, False)], title="two"))
    ids = [{el.attrib["id"] for el in r.iter() if "id" in el.attrib} for r in (a, b)]
    assert ids[0] and not ids[0] & ids[1]


def test_split_bar_palette_and_values() -> None:
    root = _parse(CASES["split"])
    fills = [el.attrib["fill"] for el in root.iter()
             if _tag(el) == "rect" and "bar" in el.attrib.get("class", "")]
    assert fills == ["#D55E00", "#999999", "#0072B2"]
    legend = ["".join(t.itertext()) for t in _texts(root, "legend")]
    assert legend == ["Krytycy 20%", "Pasywni 30%", "Promotorzy 50%"]


def test_long_label_widens_margin_not_clipped() -> None:
    short = _parse(charts.impact_bars([("A", 1.0, 0.0, 2.0, True)], title="t"))
    long_ = _parse(charts.impact_bars([(POLISH[3], 1.0, 0.0, 2.0, True)], title="t"))
    bar = [[el for el in r.iter() if _tag(el) == "rect" and "bar" in el.attrib.get("class", "")]
           for r in (short, long_)]
    assert float(bar[1][0].attrib["x"]) > float(bar[0][0].attrib["x"]) + 200
    assert "".join(_texts(long_, "label")[0].itertext()) == POLISH[3]  # 39 chars: in full


def test_very_long_label_shortened_full_in_title() -> None:
    root = _parse(charts.share_bars([(LONG_PL * 2, [0.5, 0.2, 0.3])], series=["a", "b", "c"],
                                    title="t"))
    shown = "".join(_texts(root, "label")[0].itertext())
    assert shown.endswith("…") and LONG_PL.startswith(shown[:-1]) and len(shown) <= 48
    titles = ["".join(el.itertext()) for el in root.iter() if _tag(el) == "title"]
    assert any(t.startswith(LONG_PL * 2) for t in titles)


def test_empty_inputs() -> None:
    assert charts.impact_bars([], title="t") == ""
    assert charts.share_bars([], series=["a"], title="t") == ""
    assert charts.trend_line([], title="t") == ""


def test_quadrant_chart_places_topics_by_sign_and_share() -> None:
    root = _parse(CASES["quadrant"])
    dots = [el for el in root.iter() if _tag(el) == "circle"]
    assert len(dots) == 6
    fills = [el.attrib["fill"].lower() for el in dots]
    strokes = [el.attrib["stroke"].lower() for el in dots]
    assert strokes == ["#d55e00", "#d55e00", "#0072b2", "#0072b2", "#d55e00", "#d55e00"]
    assert fills[0] == "#d55e00" and fills[1] == "#ffffff"  # significant: filled
    cx = [float(el.attrib["cx"]) for el in dots]
    cy = [float(el.attrib["cy"]) for el in dots]
    assert cx[2] > cx[0] > cx[1] and cy[2] < cy[3] < cy[4] < cy[0]  # share right, impact up
    words = {"".join(el.itertext()) for el in _texts(root)}
    assert {"Napraw najpierw", "Obserwuj", "Utrzymaj", "Drugorzędne"} <= words
    line = next(el for el in root.iter() if el.attrib.get("class") == "threshold")
    assert cx[1] < float(line.attrib["x1"]) < cx[0]  # the dashed line at 4 %
    labels = sorted(float(el.attrib["y"]) for el in _texts(root)
                    if el.attrib.get("class") == "label")
    assert len(labels) == 6
    assert all(b - a >= 13.9 for a, b in zip(labels, labels[1:], strict=False))
