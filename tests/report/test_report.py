"""HTML report (escaping, labels, real headless Chromium) and Excel workbook (read back)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cxtext
from cxtext.report import highlight, labels, write_workbook


def test_highlight_escapes_then_marks() -> None:
    html = str(highlight("Kurier <b>spóźniony</b> & niemiły", ["spóźniony", "Kurier"]))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "<mark>Kurier</mark>" in html and "<mark>spóźniony</mark>" in html


def test_unknown_report_language() -> None:
    with pytest.raises(ValueError, match="pl, en|en, pl"):
        labels("de")


@pytest.fixture(scope="module")
def analysed(analysed_reports: dict[str, dict]) -> dict[str, dict]:
    return analysed_reports


def test_report_files_and_language(analysed: dict[str, dict]) -> None:
    html_pl = Path(analysed["pl"]["files"]["report_html"]).read_text(encoding="utf-8")
    html_en = Path(analysed["en"]["files"]["report_html"]).read_text(encoding="utf-8")
    assert "Raport z opinii klientów" in html_pl and "Customer feedback report" in html_en
    for section in ("headline", "drivers", "heatmap", "shares", "trends", "segments", "quotes",
                    "themes", "followup", "quality"):
        assert f'id="{section}"' in html_en
    # the only scripts are the drill-down's JSON data and its inline script; the hostile
    # answer is escaped everywhere, in the HTML and inside the embedded JSON
    assert re.findall(r"<script\b[^>]*>", html_en, re.I) == [
        '<script type="application/json" id="cx-explore-data">', "<script>"]
    assert len(re.findall(r"</script", html_en, re.I)) == 2
    assert "alert('x')</script>" not in html_en and "<script>alert" not in html_en
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html_en
    assert "\\u003cscript\\u003ealert('x')\\u003c/script\\u003e" in html_en
    assert "http://" not in html_en and "https://" not in html_en  # nothing external
    assert "<mark>" in html_en  # evidence highlighted in quotes


def test_excel_workbook_reads_back(analysed: dict[str, dict]) -> None:
    from openpyxl import load_workbook

    path = analysed["en"]["files"]["report_xlsx"]
    sheets = pd.read_excel(path, sheet_name=None)
    for name in ("Summary", "Drivers", "Drivers (level 1)", "Topics", "Segments", "Trends",
                 "Follow-up", "Responses", "Rejected rows", "Column guide"):
        assert name in sheets, name
    impact = pd.read_csv(analysed["en"]["files"]["drivers_impact_csv"])
    assert len(sheets["Drivers"]) == len(impact)
    assert len(sheets["Responses"]) == analysed["en"]["answers"]
    assert len(sheets["Rejected rows"]) == analysed["en"]["rows_rejected"]
    wb = load_workbook(path, read_only=False)
    assert wb["Drivers"].auto_filter.ref and wb["Drivers"].freeze_panes == "A2"


def test_rerun_gives_identical_tables(analysed: dict[str, dict], tmp_path: Path) -> None:
    files = analysed["en"]["files"]
    again = cxtext.analyze_file(analysed["en"]["source"], tmp_path / "again", report=False,
                                drivers={"n_boot": 200, "kda_boot": 10}, profile="fast")
    for key in ("responses_csv", "drivers_impact_csv", "drivers_followup_csv", "nps_csv"):
        assert Path(files[key]).read_bytes() == Path(again["files"][key]).read_bytes(), key


def test_write_workbook_limits(tmp_path: Path) -> None:
    df = pd.DataFrame({"a": [[1, 2], {"x": 1}, "y" * 40_000],
                       "t": pd.to_datetime(["2025-01-01"] * 3).tz_localize("UTC")})
    path = write_workbook(tmp_path / "x.xlsx", {"responses": df})
    back = pd.read_excel(path, sheet_name="responses")
    assert back.loc[0, "a"] == "[1, 2]" and len(back.loc[2, "a"]) <= 32_001


@pytest.mark.slow
def test_report_in_headless_chromium(analysed: dict[str, dict], browser: Any,
                                     tmp_path: Path) -> None:
    errors: list[str] = []
    shot = tmp_path / "report.png"
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(f"request {r.url}")
            if not r.url.startswith("file:") else None)
    page.goto(Path(analysed["en"]["files"]["report_html"]).as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() >= 4
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 20
    assert page.locator("svg.chart rect.bar").count() > 10
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert errors == []
    assert shot.stat().st_size > 20_000


def _candidates(n: int) -> pd.DataFrame:
    import numpy as np

    rng = np.random.default_rng(0)
    codes = ["delivery.speed", "price.level", "staff.attitude"]
    topics = [sorted(set(rng.choice(codes, rng.integers(1, 3)))) for _ in range(n)]
    return pd.DataFrame({
        "response_id": [f"R{i:04d}" for i in range(n)],
        "score": rng.integers(0, 8, n),
        "text": [f"answer {i} " + "x" * int(rng.integers(5, 200)) for i in range(n)],
        "topics": topics,
        "topic_sentiment": [[{"topic": c, "sentiment": str(rng.choice(["negative", "positive"]))}
                             for c in t] for t in topics],
        "topic_evidence": [[{"topic": t[0], "words": ["kurier"]}] for t in topics],
    })


@pytest.mark.parametrize("chunk", [7, 50, 1000])
def test_quote_pool_by_chunks_picks_the_same_quotes(chunk: int) -> None:
    from cxtext.report import pick_quotes, quote_pool

    df = _candidates(600)
    codes = ["delivery.speed", "price.level", "staff.attitude", "no.such"]
    pool = df.iloc[0:0]
    for start in range(0, len(df), chunk):
        part = df.iloc[start:start + chunk].reset_index(drop=True)  # as chunks come: 0..n
        pool = quote_pool(pd.concat([pool, part]), per_topic=20)
        assert len(pool) <= 3 * 20  # bounded, whatever the input size
    assert pick_quotes(pool, codes) == pick_quotes(df, codes)
    first = pick_quotes(df, codes)["delivery.speed"][0]
    assert first["evidence"] == ["kurier"] or first["evidence"] == []
    assert pick_quotes(df, codes)["no.such"] == []


def test_mention_counts_add_up() -> None:
    from cxtext.report import add_mention_counts, mention_counts

    m = pd.DataFrame({"topic": ["a", "a", "b", "a"],
                      "sentiment": ["negative", None, "positive", "negative"]})
    whole = mention_counts(m)
    assert whole.to_dict("records") == [
        {"topic": "a", "sentiment": "", "n": 1}, {"topic": "a", "sentiment": "negative", "n": 2},
        {"topic": "b", "sentiment": "positive", "n": 1}]
    summed = add_mention_counts(mention_counts(m.iloc[:2]), m.iloc[2:])
    pd.testing.assert_frame_equal(summed, whole)
    assert mention_counts(pd.DataFrame()).empty


@pytest.mark.parametrize("lang, heading", [("en", "Notes on the analysis"),
                                           ("pl", "Uwagi do analizy")])
def test_driver_notes_reach_the_report(lang: str, heading: str) -> None:
    from cxtext.report import ReportData, render_html

    known = "follow-up list: the 3 highest-priority of 9 candidates (every answer is in ...)"
    other = "a note the catalogue does not know <b>"
    data = ReportData(summary={"drivers": {"notes": [known, other]}}, nps=pd.DataFrame(),
                      tables={}, mentions=pd.DataFrame())
    html = render_html(data, lang=lang)
    assert heading in html and "a note the catalogue does not know &lt;b&gt;" in html
    assert {"en": "the 3 highest-priority of 9 candidates",
            "pl": "3 kontaktów o najwyższym priorytecie z 9 kandydatów"}[lang] in html
    assert heading not in render_html(ReportData(summary={}, nps=pd.DataFrame(), tables={},
                                                 mentions=pd.DataFrame()), lang=lang)


@pytest.mark.parametrize(("lang", "text", "csat"), [
    ("en", "Net Promoter Score", "Net CSAT"),
    ("en", "NPS impact (points)", "Net CSAT impact (points)"),
    ("en", "NPS points gained if its detractors became passives",
     "Net CSAT points gained if its dissatisfied became neutral"),
    ("en", "Detractor odds ratio", "Dissatisfied odds ratio"),
    ("en", "{answers:.0%} of the answers, {detractors:.0%} of the detractors",
     "{answers:.0%} of the answers, {detractors:.0%} of the dissatisfied"),
    ("pl", "Wpływ na NPS (punkty)", "Wpływ na CSAT netto (punkty)"),
    ("pl", "udział krytyków wśród wspominających", "udział niezadowolonych wśród wspominających"),
    ("pl", "regresja logistyczna bycia krytykiem", "regresja logistyczna bycia niezadowolonym"),
    ("pl", "gdyby jego krytycy stali się pasywni", "gdyby jego niezadowoleni stali się neutralni"),
])
def test_labels_are_reworded_for_the_csat_scale(lang: str, text: str, csat: str) -> None:
    from cxtext.report.tables import for_scale

    assert for_scale(text, lang, "csat") == csat
    assert for_scale(text, lang, "nps") == text


@pytest.mark.parametrize(("lang", "split"), [
    ("en", "Dissatisfied (1-2) / neutral (3) / satisfied (4-5)"),
    ("pl", "Niezadowoleni (1-2) / neutralni (3) / zadowoleni (4-5)"),
])
def test_csat_labels_name_the_scale_bands(lang: str, split: str) -> None:
    from cxtext.report.labels import LABELS, labels

    L = labels(lang, "csat")
    assert L["split"] == split
    assert not [k for k, v in L.items() if "NPS" in v or "Promoter" in v or "(0-6)" in v]
    assert labels(lang) == LABELS[lang] == labels(lang, "nps")


def test_a_csat_run_is_not_labelled_nps(tmp_path: Path) -> None:
    """report.html, report.xlsx and tables/*.csv of a CSAT survey speak of net CSAT and of
    satisfied / dissatisfied respondents with the 1-5 bands, never of NPS or promoters."""
    import cxtext

    texts = ["Kurier spóźniony", "Za drogo", "ok", "Szybka dostawa", "Super obsługa",
             "Polecam", "Dobra cena", "Świetnie", "Infolinia nie odbiera", "Aplikacja nie działa"]
    df = pd.DataFrame({"Ocena": [1, 2, 3, 4, 5, 5, 4, 5, 2, 1] * 5, "Komentarz": texts * 5})
    path = tmp_path / "csat.csv"
    df.to_csv(path, index=False)
    summary = cxtext.analyze_file(path, tmp_path / "o", scale="csat", profile="fast",
                                  report_lang="en", drivers={"n_boot": 200, "kda_boot": 10})
    html = Path(summary["files"]["report_html"]).read_text(encoding="utf-8")
    assert "Net CSAT" in html and "Dissatisfied (1-2) / neutral (3) / satisfied (4-5)" in html
    assert "Net Promoter" not in html and "(0-6)" not in html and "NPS impact" not in html
    book = pd.read_excel(summary["files"]["report_xlsx"], sheet_name=None)
    headers = " ".join(str(c) for sheet in book.values() for c in sheet.columns)
    cells = " ".join(str(v) for sheet in book.values() for v in sheet.iloc[:, 0].tolist())
    assert "Net CSAT impact (points)" in headers
    for word in ("NPS", "promoters", "detractors", "Detractor"):
        assert word not in headers, word
    assert "Detractors with a topic" not in cells


def test_a_scale_known_only_by_name_gets_no_nps_bands() -> None:
    """A custom scale reaches the report as a name in summary.json: its groups are named
    generically and no 0-6 / 7-8 / 9-10 bands are shown (they are NPS's, not its own)."""
    from cxtext.report.labels import labels

    L = labels("en", "ces")
    assert L["split"] == "Low scores / middle scores / high scores"
    assert L["metric"] == "Net CES" and "(0-6)" not in " ".join(L.values())
