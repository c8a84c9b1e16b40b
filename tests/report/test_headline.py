"""Headline findings (:mod:`cxtext.report.headline`): sentences from tiny hand-made tables, and
end to end on the shipped example (summary.json and the top of report.html)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from markupsafe import escape

import cxtext
from cxtext.report import ReportData, render_html
from cxtext.report.headline import headline, headline_facts, headlines

NAMES = {
    "delivery.speed": {"en": "Delivery speed", "pl": "Czas dostawy"},
    "price.level": {"en": "Price level", "pl": "Poziom cen"},
    "service.staff": {"en": "Staff", "pl": "Personel"},
    "digital.app": {"en": "Mobile app", "pl": "Aplikacja mobilna"},
}

SUMMARY: dict[str, Any] = {
    "scale": "nps", "nps": 12.345, "nps_ci": [5.04, 19.66], "respondents": 400,
    "mapping": {"score": "Q1 score", "text": ["Why?"], "id": None, "segments": ["Kanał"],
                "date": "Filled on"},
    "topic_coverage": {"answers": 0.876, "detractors": 0.904},
}


def _driver(topic: str, impact: float, low: float, high: float, n: int, *,
            significant: bool = True, small: bool = False) -> dict[str, Any]:
    return {"topic": topic, "negative_only": topic.endswith(":negative"), "n_mentions": n,
            "nps_impact": impact, "nps_impact_ci_low": low, "nps_impact_ci_high": high,
            "significant": significant, "small_count": small}


def _impact(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows)).sort_values("nps_impact").reset_index(drop=True)


def _segments(*rows: tuple[str, str, int, float, float, float, float, bool]) -> pd.DataFrame:
    return pd.DataFrame([{"segment": s, "value": v, "n": n, "nps": level, "diff_vs_rest": d,
                          "diff_ci_low": lo, "diff_ci_high": hi, "small_sample": False,
                          "significant": sig}
                         for s, v, n, level, d, lo, hi, sig in rows])


def _trend(*rows: tuple[str, int, float, float, float], significant_change: bool | None = None,
           ) -> pd.DataFrame:
    table = pd.DataFrame([{"period": p, "n": n, "nps": v, "nps_ci_low": lo, "nps_ci_high": hi}
                          for p, n, v, lo, hi in rows])
    if significant_change is not None:
        table["significant_change"] = [False] * (len(rows) - 1) + [significant_change]
    return table


DETRACTOR = _driver("delivery.speed", -6.43, -9.81, -3.12, 28)
PROMOTER = _driver("price.level", 9.87, 6.6, 13.3, 85)
SEGMENTS = _segments(("kanal", "infolinia", 47, -2.1, -19.34, -30.1, -8.5, True),
                     ("kanal", "sklep", 208, 19.7, 7.6, 1.2, 14.0, True),
                     ("kanal", "aplikacja", 20, 40.0, 25.0, -5.0, 55.0, False))
TREND = _trend(("2025-01", 100, 30.0, 20.0, 40.0), ("2025-02", 100, 25.0, 15.0, 35.0),
               ("2025-03", 100, 10.0, 0.0, 20.0))
FULL = {"impact": _impact(DETRACTOR, PROMOTER), "segment_nps": SEGMENTS, "trend_nps": TREND}


# ----------------------------------------------------------------- sentences, table-driven

CASES: list[tuple[str, dict[str, pd.DataFrame], str, list[str], list[str]]] = [
    ("detractor", {"impact": _impact(DETRACTOR)}, "en",
     ["Biggest detractor drivers: “Delivery speed” costs 6.4 NPS points (95% CI 3.1 to 9.8; "
      "28 mentions)."], ["promoter"]),
    ("detractor", {"impact": _impact(DETRACTOR)}, "pl",
     ["Najbardziej obniża NPS temat „Czas dostawy” (o 6,4 punktu; 95% przedział ufności: "
      "od 3,1 do 9,8; 28 wzmianek)."], ["podnosi"]),
    ("promoter", {"impact": _impact(PROMOTER)}, "en",
     ["Biggest promoter drivers: “Price level” adds 9.9 NPS points (95% CI 6.6 to 13.3; "
      "85 mentions)."], ["detractor drivers"]),
    ("promoter", {"impact": _impact(PROMOTER)}, "pl",
     ["Najbardziej podnosi NPS temat „Poziom cen” (o 9,9 punktu; 95% przedział ufności: "
      "od 6,6 do 13,3; 85 wzmianek)."], ["obniża"]),
    ("two detractors", {"impact": _impact(DETRACTOR, _driver("digital.app", -3.44, -5.8, -1.16,
                                                              31))}, "pl",
     ["Najbardziej obniżają NPS tematy „Czas dostawy” (o 6,4 punktu; 95% przedział ufności: "
      "od 3,1 do 9,8; 28 wzmianek) i „Aplikacja mobilna” (o 3,4 punktu; 95% przedział "
      "ufności: od 1,2 do 5,8; 31 wzmianek)."], []),
    ("two detractors", {"impact": _impact(DETRACTOR, _driver("digital.app", -3.44, -5.8, -1.16,
                                                              31))}, "en",
     ["“Delivery speed” costs 6.4 NPS points (95% CI 3.1 to 9.8; 28 mentions) and "
      "“Mobile app” 3.4 points (95% CI 1.2 to 5.8; 31 mentions)."], []),
    ("significant preferred", {"impact": _impact(
        _driver("service.staff", -12.0, -20.0, -4.0, 40, significant=False), DETRACTOR)}, "en",
     ["Biggest detractor drivers: “Delivery speed” costs 6.4"], ["Staff"]),
    ("significant with a CI over zero is not told",
     {"impact": _impact(_driver("service.staff", -0.8, -2.8, 1.0, 37), DETRACTOR)}, "en",
     ["“Delivery speed”"], ["Staff"]),
    ("not significant: indicative", {"impact": _impact(
        _driver("service.staff", -4.0, -7.0, -1.0, 40, significant=False),
        _driver("digital.app", -9.0, -12.0, -6.0, 8, significant=False, small=True))}, "en",
     ["Indicative detractor drivers (not statistically significant): “Staff” costs 4.0 NPS "
      "points"], ["Mobile app"]),
    ("not significant: indicative", {"impact": _impact(
        _driver("service.staff", -4.0, -7.0, -1.0, 40, significant=False))}, "pl",
     ["Orientacyjnie (bez istotności statystycznej): najbardziej obniża NPS temat "
      "„Personel” (o 4,0 punktu"], []),
    ("small counts only", {"impact": _impact(
        _driver("digital.app", -9.0, -12.0, -6.0, 8, significant=False, small=True))}, "en",
     ["Indicative detractor drivers (small counts): “Mobile app” costs 9.0 NPS points "
      "(95% CI 6.0 to 12.0; 8 mentions)."], []),
    ("small counts only", {"impact": _impact(
        _driver("digital.app", -9.0, -12.0, -6.0, 3, significant=False, small=True))}, "pl",
     ["Orientacyjnie (mała liczba wzmianek): najbardziej obniża NPS temat „Aplikacja "
      "mobilna” (o 9,0 punktu; 95% przedział ufności: od 6,0 do 12,0; 3 wzmianki)."], []),
    ("signed rows are read when the table has them", {"impact": _impact(
        _driver("delivery.speed", -3.0, -6.0, -1.0, 80),
        _driver("delivery.speed:negative", -20.0, -25.0, -15.0, 50), PROMOTER)}, "en",
     ["Biggest detractor drivers (topics mentioned negatively): “Delivery speed” costs 20.0 NPS "
      "points (95% CI 15.0 to 25.0; 50 mentions).", "Biggest promoter drivers: “Price level”"],
     ["3.0", "Delivery speed:negative"]),
    ("praise rows for promoters", {"impact": _impact(
        _driver("price.level", 9.0, 6.0, 12.0, 85),
        _driver("price.level:positive", 12.5, 9.0, 16.0, 60))}, "pl",
     ["Wzmianki pozytywne: najbardziej podnosi NPS temat „Poziom cen” (o 12,5 punktu"],
     ["85 wzmianek"]),
    ("topic rows when only they are significant", {"impact": _impact(
        _driver("service.hotline", -5.9, -8.4, -3.4, 36),
        _driver("service.hotline:negative", -6.6, -9.4, -4.3, 29, significant=False,
                small=True))}, "en",
     ["Biggest detractor drivers: “Hotline” costs 5.9 NPS points"],
     ["mentioned negatively", "6.6"]),
    ("segment differs most", {"segment_nps": SEGMENTS}, "en",
     ["The segment that differs most is Kanał = infolinia: NPS -2.1, 19.3 points below the "
      "rest (95% CI 8.5 to 30.1; n = 47)."], ["aplikacja", "sklep"]),
    ("segment differs most", {"segment_nps": SEGMENTS}, "pl",
     ["Najbardziej wyróżnia się segment Kanał = infolinia: NPS -2,1, o 19,3 punktu niższy niż "
      "u pozostałych respondentów (95% przedział ufności: od 8,5 do 30,1; n = 47)."], []),
    ("segment above the rest", {"segment_nps": _segments(
        ("kanal", "sklep", 208, 19.7, 7.6, 1.2, 14.0, True))}, "pl",
     ["o 7,6 punktu wyższy niż u pozostałych respondentów (95% przedział ufności: od 1,2 do "
      "14,0; n = 208)."], []),
    ("no segment differs", {"segment_nps": _segments(
        ("kanal", "infolinia", 47, -2.1, -19.3, -46.5, 7.9, False))}, "en",
     ["No segment (Kanał) differs significantly from the rest in NPS."], ["infolinia"]),
    ("no segment differs", {"segment_nps": _segments(
        ("kanal", "infolinia", 47, -2.1, -19.3, -46.5, 7.9, False))}, "pl",
     ["Żaden segment (Kanał) nie różni się istotnie od reszty pod względem NPS."], []),
    ("trend", {"trend_nps": TREND}, "en",
     ["surveyed from January to March 2025.",
      "NPS fell from 30.0 in January 2025 to 10.0 in March 2025 (change -20.0 points; "
      "95% CI -34.1 to -5.9; statistically significant)."], ["not statistically"]),
    ("trend", {"trend_nps": TREND}, "pl",
     ["w okresie od stycznia do marca 2025 r.",
      "NPS spadł z 30,0 w styczniu 2025 r. do 10,0 w marcu 2025 r. (zmiana: -20,0 punktu; "
      "95% przedział ufności: od -34,1 do -5,9; istotna statystycznie)."], ["r.."]),
    ("trend over a year end, two periods: the table's test",
     {"trend_nps": _trend(("2024-12", 100, 10.0, 0.0, 20.0), ("2025-02", 100, 30.0, 20.0, 40.0),
                          significant_change=False)}, "en",
     ["from December 2024 to February 2025",
      "NPS rose from 10.0 in December 2024 to 30.0 in February 2025 (change +20.0 points; "
      "95% CI 5.9 to 34.1; not statistically significant)."], []),
    ("trend over a year end, two periods: the table's test",
     {"trend_nps": _trend(("2024-12", 100, 10.0, 0.0, 20.0), ("2025-02", 100, 30.0, 20.0, 40.0),
                          significant_change=False)}, "pl",
     ["w okresie od grudnia 2024 r. do lutego 2025 r.",
      "NPS wzrósł z 10,0 w grudniu 2024 r. do 30,0 w lutym 2025 r. (zmiana: +20,0 punktu; "
      "95% przedział ufności: od 5,9 do 34,1; nieistotna statystycznie)."], []),
    ("small periods are not significant",
     {"trend_nps": _trend(("2025Q1", 12, 30.0, 20.0, 40.0), ("2025Q2", 100, 0.0, -10.0, 10.0))},
     "en", ["from Q1 to Q2 2025", "NPS fell from 30.0 in Q1 2025 to 0.0 in Q2 2025",
            "not statistically significant"], []),
    ("small periods are not significant",
     {"trend_nps": _trend(("2025Q1", 12, 30.0, 20.0, 40.0), ("2025Q2", 100, 0.0, -10.0, 10.0))},
     "pl", ["w okresie od I do II kwartału 2025 r.", "NPS spadł z 30,0 w I kwartale 2025 r. "
            "do 0,0 w II kwartale 2025 r.", "nieistotna statystycznie"], []),
    ("overview and columns", {}, "en",
     ["NPS is 12.3 (95% CI 5.0 to 19.7) among 400 respondents.",
      "Columns used: score “Q1 score”, text “Why?”, segment “Kanał”, date “Filled on”; "
      "topics cover 88% of the answers and 90% of the detractors."], ["surveyed"]),
    ("overview and columns", {}, "pl",
     ["NPS wynosi 12,3 (95% przedział ufności: od 5,0 do 19,7) wśród 400 respondentów.",
      "Użyte kolumny: ocena „Q1 score”, tekst „Why?”, segment „Kanał”, data „Filled on”; "
      "tematy obejmują 88% odpowiedzi i 90% krytyków."], ["w okresie"]),
]


@pytest.mark.parametrize("case, tables, lang, present, absent", CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_sentences(case: str, tables: dict[str, pd.DataFrame], lang: str, present: list[str],
                   absent: list[str]) -> None:
    text = " ".join(headline(SUMMARY, tables, NAMES, lang))
    for part in present:
        assert part in text, f"{case}: {part!r} not in {text!r}"
    for part in absent:
        assert part not in text, f"{case}: {part!r} in {text!r}"


@pytest.mark.parametrize("n, form", [(1, "1 wzmianka"), (3, "3 wzmianki"), (12, "12 wzmianek"),
                                     (22, "22 wzmianki"), (25, "25 wzmianek"),
                                     (104, "104 wzmianki"), (111, "111 wzmianek")])
def test_polish_plural_of_mentions(n: int, form: str) -> None:
    tables = {"impact": _impact(_driver("price.level", 5.0, 2.0, 8.0, n))}
    assert f"; {form})." in headline(SUMMARY, tables, NAMES, "pl")[1]


def test_one_respondent_in_polish() -> None:
    text = headline({**SUMMARY, "respondents": 1}, {}, NAMES, "pl")[0]
    assert "wśród 1 respondenta." in text
    assert "among 1 respondent." in headline({**SUMMARY, "respondents": 1}, {}, NAMES, "en")[0]


def test_full_tables_give_six_sentences_in_order() -> None:
    both = headlines(SUMMARY, FULL, NAMES)
    assert set(both) == {"en", "pl"}
    kinds = [f["kind"] for f in headline_facts(SUMMARY, FULL, NAMES)]
    assert kinds == ["overview", "detractors", "promoters", "segment", "trend", "data"]
    for lang, lines in both.items():
        assert len(lines) == 6, lang
        assert lines[1].startswith("Biggest detractor" if lang == "en" else "Najbardziej obniża")
        assert lines[2].startswith("Biggest promoter" if lang == "en" else "Najbardziej podnosi")


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_names_not_codes_and_number_format(lang: str) -> None:
    unnamed = _driver("delivery.order_accuracy", -7.0, -9.0, -5.0, 40)
    tables = {**FULL, "impact": _impact(DETRACTOR, PROMOTER, unnamed)}
    lines = headline(SUMMARY, tables, NAMES, lang)
    text = " ".join(lines)
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", text), text  # no "delivery.speed" codes
    assert "“Order accuracy”" in text or "„Order accuracy”" in text  # unnamed: readable form
    wrong = r"\d\.\d" if lang == "pl" else r"\d,\d"
    assert not re.search(wrong, text), text
    assert re.search(r"\d,\d" if lang == "pl" else r"\d\.\d", text)
    for line in lines:
        assert line[0].isupper() and line.endswith(".") and not line.endswith(".."), line


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_missing_tables_leave_sentences_out(lang: str) -> None:
    no_dates = {"impact": _impact(DETRACTOR, PROMOTER), "segment_nps": SEGMENTS}
    kinds = [f["kind"] for f in headline_facts(SUMMARY, no_dates, NAMES)]
    assert "trend" not in kinds and "segment" in kinds
    text = " ".join(headline(SUMMARY, no_dates, NAMES, lang))
    assert ("surveyed" not in text and " rose " not in text and " fell " not in text) \
        if lang == "en" else ("w okresie" not in text and "spadł" not in text)
    no_segments = {"impact": _impact(DETRACTOR), "trend_nps": TREND}
    kinds = [f["kind"] for f in headline_facts(SUMMARY, no_segments, NAMES)]
    assert "segment" not in kinds and "segments_similar" not in kinds and "trend" in kinds
    no_topics = {k: v for k, v in no_segments.items() if k != "impact"}
    bare = {k: v for k, v in SUMMARY.items() if k != "topic_coverage"}
    lines = headline(bare, no_topics, NAMES, lang)
    assert len(lines) == 3  # overview, trend, columns
    assert "topics cover" not in lines[-1] and "tematy obejmują" not in lines[-1]
    assert headline({}, {}, NAMES, lang) == []
    assert headline({}, {"impact": pd.DataFrame(), "trend_nps": pd.DataFrame()}, {}, lang) == []


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_never_nan(lang: str) -> None:
    nan = math.nan
    summary = {**SUMMARY, "nps_ci": [None, None],
               "topic_coverage": {"answers": 0.5, "detractors": None}}
    tables = {
        "impact": _impact(_driver("delivery.speed", -6.4, nan, nan, 28, significant=False),
                          _driver("price.level", nan, nan, nan, 10)),
        "segment_nps": _segments(("kanal", "x", 50, nan, nan, nan, nan, True),
                                 ("kanal", "nan", 60, -40.0, -50.0, -70.0, -30.0, True)),
        "trend_nps": _trend(("2025-01", 100, 30.0, nan, nan), ("2025-02", 100, nan, nan, nan)),
    }
    lines = headline(summary, tables, NAMES, lang)
    text = " ".join(lines).lower()
    assert "nan" not in text and "none" not in text, text
    assert len(lines) == 3  # overview, the indicative detractor, columns
    assert ("(28 mentions)" if lang == "en" else "(o 6,4 punktu; 28 wzmianek)") in text
    assert "cover 50% of the answers." in text if lang == "en" else "50% odpowiedzi." in text


def test_csat_wording() -> None:
    summary = {**SUMMARY, "scale": "csat", "net_csat": 40.0, "nps": None,
               "net_csat_ci": [30.0, 50.0]}
    tables = {"impact": _impact(DETRACTOR)}
    en, pl = (" ".join(headline(summary, tables, NAMES, lang)) for lang in ("en", "pl"))
    assert en.startswith("Net CSAT is 40.0") and "costs 6.4 net CSAT points" in en
    assert "drivers of dissatisfaction" in en and "detractor" not in en
    assert "CSAT netto wynosi 40,0" in pl and "obniża CSAT netto" in pl and "krytyków" not in pl


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="de"):
        headline(SUMMARY, FULL, NAMES, "de")


@pytest.mark.parametrize("lang, title", [("en", "Key findings"), ("pl", "Najważniejsze wnioski")])
def test_findings_box_is_first_and_escaped(lang: str, title: str) -> None:
    lines = ["First <b>finding</b>.", "Second finding."]
    data = ReportData(summary={}, nps=pd.DataFrame(), tables={}, mentions=pd.DataFrame(),
                      headline=lines)
    html = render_html(data, lang=lang)
    box = html.index('id="findings"')
    assert box < html.index('id="headline"') and title in html[box:html.index('id="headline"')]
    assert "First &lt;b&gt;finding&lt;/b&gt;." in html and "<b>finding" not in html
    assert html.index("Second finding.") < html.index('id="headline"')
    empty = render_html(ReportData(summary={}, nps=pd.DataFrame(), tables={},
                                   mentions=pd.DataFrame()), lang=lang)
    assert 'id="findings"' not in empty and title not in empty


# ---------------------------------------------------------------------------- end to end


def test_example_survey_end_to_end(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    summary = cxtext.analyze_file(root / "examples" / "nps_survey.csv", tmp_path, profile="fast",
                                  report_lang="pl", drivers={"n_boot": 200, "kda_boot": 10})
    stored = json.loads(Path(summary["files"]["summary_json"]).read_text(encoding="utf-8"))
    assert stored["headline"] == summary["headline"]
    codes = [c for c in stored["topics"] if "." in c]
    for lang in ("en", "pl"):
        lines = stored["headline"][lang]
        assert 3 <= len(lines) <= 6, lines
        text = " ".join(lines)
        assert "nan" not in text.lower() and not any(c in text for c in codes), text
    en, pl = stored["headline"]["en"], stored["headline"]["pl"]
    assert en[0].startswith("NPS is ") and "489 respondents" in en[0]
    assert pl[0].startswith("NPS wynosi ") and "489 respondentów" in pl[0]
    assert any(s.startswith("Biggest detractor drivers") for s in en)
    assert any(re.search(r"\d,\d punktu", s) for s in pl)
    assert any("Kanał" in s for s in pl)  # segments exist: a segment sentence
    assert any("2025" in s for s in pl[1:])  # dates exist: a trend sentence
    html = Path(summary["files"]["report_html"]).read_text(encoding="utf-8")
    box, nps_section = html.index('id="findings"'), html.index('id="headline"')
    assert box < nps_section and "Najważniejsze wnioski" in html[box:nps_section]
    at = box
    for line in pl:  # all shown, in order, before the NPS section
        at = html.index(str(escape(line)), at)
        assert at < nps_section
