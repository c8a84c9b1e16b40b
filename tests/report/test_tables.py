"""Analyst tables (workbook sheets and tables/*.csv): readable headers in the report
language, names for codes, rounded numbers stored as numbers, no Python reprs, the one
significance rule, segment names as the survey's headers, and a column guide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cxtext.drivers import driver_table, respondent_frame
from cxtext.drivers.simulate import simulate_survey
from cxtext.report.tables import (
    COLUMNS,
    SHEET_NAMES,
    analyst_table,
    column_guide,
    reject_reason,
    relabel_segments,
    summary_table,
)

NAMES = {"delivery.speed": {"en": "Delivery speed", "pl": "Czas dostawy"}}


@pytest.fixture(scope="module")
def impact() -> pd.DataFrame:
    return driver_table(respondent_frame(simulate_survey(800, seed=2)), n_boot=100,
                        min_mentions=60)


@pytest.mark.parametrize(("lang", "headers"), [
    ("en", ["Topic", "Mentioned", "Respondents mentioning", "Share of respondents (%)",
            "Share of detractors (%)", "NPS impact (points)", "p (BH)", "Status", "Quadrant"]),
    ("pl", ["Temat", "Wzmianki", "Respondenci wspominający", "Udział respondentów (%)",
            "Udział: krytycy (%)", "Wpływ na NPS (punkty)", "p (BH)", "Status", "Ćwiartka"]),
])
def test_driver_table_for_analysts(impact: pd.DataFrame, lang: str, headers: list[str]) -> None:
    groups = ("detractors", "passives", "promoters") if lang == "en" else \
        ("krytycy", "pasywni", "promotorzy")
    t = analyst_table("impact", impact, lang=lang, topic_names=NAMES, groups=groups)
    assert set(headers) <= set(t.columns) and len(t) == len(impact)
    assert not any("_" in c for c in t.columns)  # no snake_case machine names
    share, pts = headers[3], headers[5]
    pd.testing.assert_series_equal(t[share], (100 * impact["share_all"]).round(1),
                                   check_names=False)
    pd.testing.assert_series_equal(t[pts], impact["nps_impact"].round(1), check_names=False)
    assert t[pts].dtype.kind == "f" and t[headers[2]].dtype.kind == "i"  # numbers stay numbers
    small = impact["small_count"].to_numpy()
    assert small.any() and (~small).any()
    assert t.loc[small, "p (BH)"].isna().all()  # the rule: no p-value for a small count
    assert t.loc[~small, "p (BH)"].notna().all()
    status = {"en": {"small count", "significant", "not significant"},
              "pl": {"mała liczebność", "istotne", "nieistotne"}}[lang]
    assert set(t["Status"]) <= status
    name = "Delivery speed" if lang == "en" else "Czas dostawy"
    negative = "negatively" if lang == "en" else "negatywnie"
    assert name in set(t[headers[0]]) and f"{name} ({negative})" in set(t[headers[0]])
    assert "delivery.speed" not in set(t[headers[0]])


@pytest.mark.parametrize(("reason", "lang", "expected"), [
    ("missing score; allowed: whole numbers 0-10 (nps scale)", "pl",
     "brak oceny; dozwolone: liczby całkowite 0-10 (skala nps)"),
    ("score '11' is out of range; allowed: whole numbers 0-10 (nps scale)", "pl",
     "ocena spoza skali: '11'; dozwolone: liczby całkowite 0-10 (skala nps)"),
    ("score is not a number", "pl", "ocena nie jest liczbą"),
    ("date '31.02.2025' cannot be parsed; allowed: dates like 2025-03-05", "pl",
     "nieczytelna data: '31.02.2025'"),
    ("something new", "pl", "inny powód: something new"),
    ("missing score; allowed: whole numbers 0-10 (nps scale)", "en",
     "missing score; allowed: whole numbers 0-10 (nps scale)"),
])
def test_reject_reasons_in_polish(reason: str, lang: str, expected: str) -> None:
    assert reject_reason(reason, lang) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("kanal: app; region: mazowieckie", "Kanał: app; Region: mazowieckie"),
    ("kanal: a: b", "Kanał: a: b"),
    ("unknown: x", "unknown: x"),
    ("", ""),
])
def test_relabel_segments(text: str, expected: str) -> None:
    assert relabel_segments(text, {"kanal": "Kanał", "region": "Region"}) == expected


def test_summary_sheet_is_flat_and_numeric() -> None:
    summary = {"source": "s.csv", "rows_read": 10, "rows_rejected": 1,
               "reject_reasons": {"missing score": 1}, "scale": "nps", "nps": 12.345,
               "nps_ci": [1.01, 20.49], "languages": {"pl": 6, "und": 3},
               "topic_coverage": {"answers": 0.8766, "detractors": 0.5},
               "models": {"profile": "fast", "sentiment": "sentiment.linear.v1"},
               "mapping": {"score": "Ocena", "text": ["Dlaczego?"], "segments": ["Kanał"]},
               "headline": {"pl": ["Pierwszy.", "Drugi."], "en": ["First."]},
               "files": {"x": "/tmp/x"}}
    t = summary_table(summary, "pl").set_index("Miara")["Wartość"]
    assert t["Wczytane wiersze"] == 10 and isinstance(t["Wczytane wiersze"], int)
    assert t["NPS"] == 12.3 and t["NPS: 95% PU od"] == 1.0
    assert t["Odpowiedzi z tematem (%)"] == 87.7
    assert t["Język: polski"] == 6 and t["Język: nieokreślony"] == 3
    assert t["Odrzucone: brak oceny"] == 1
    assert t["Kolumna segmentu"] == "Kanał" and t["Wniosek 2"] == "Drugi."
    assert not any(isinstance(v, str) and v[:1] in "[{" for v in t)  # no Python reprs
    assert "/tmp/x" not in set(t.astype(str))


def test_unknown_table_and_language(impact: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="known: impact"):
        analyst_table("nope", impact)
    with pytest.raises(ValueError, match="allowed: en, pl"):
        analyst_table("impact", impact, lang="de")


def _cells(ws: Any) -> list[Any]:
    return [c for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_workbook_and_csv_tables(analysed_reports: dict[str, dict], lang: str) -> None:
    from openpyxl import load_workbook

    summary = analysed_reports[lang]
    out = Path(summary["files"]["report_xlsx"]).parent
    wb = load_workbook(out / "report.xlsx", read_only=True)
    titles = [SHEET_NAMES[k][lang] for k in ("summary", "drivers", "segments", "followup",
                                             "responses", "rejects", "columns")]
    assert set(titles) <= set(wb.sheetnames)
    for ws in wb.worksheets:
        for c in _cells(ws):
            if isinstance(c.value, str):  # no Python reprs, no floats written as text
                assert not c.value.startswith(("[", "{", "array(")), (ws.title, c.value)
                assert "{'" not in c.value and "np.float" not in c.value, (ws.title, c.value)
            elif isinstance(c.value, float):  # rounded: to 2 decimals, or p to 3 digits
                v = c.value
                assert v == round(v, 2) or v == float(f"{v:.3g}"), (ws.title, v)
    # counts and points are stored as numbers
    drivers = wb[SHEET_NAMES["drivers"][lang]]
    header = [c.value for c in next(drivers.iter_rows(max_row=1))]
    first = [c for c in next(drivers.iter_rows(min_row=2, max_row=2))]
    for col in (COLUMNS["impact"][2], COLUMNS["impact"][7]):
        assert first[header.index(getattr(col, lang))].data_type == "n"
    # segment names as the survey's headers, in the workbook and the HTML
    segs = pd.read_csv(out / "tables" / "segments.csv", encoding="utf-8-sig")
    assert set(segs.iloc[:, 0]) == {"Kanał", "Region"}
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html.split('<section id="segments">')[1].split("</section>")[0]
    assert "<td>Kanał</td>" in section and "<td>kanal</td>" not in section
    # every sheet is also a CSV with the same header and rows
    for key, names in SHEET_NAMES.items():
        if names[lang] in wb.sheetnames:
            csv = pd.read_csv(out / "tables" / f"{key}.csv", encoding="utf-8-sig")
            sheet = pd.read_excel(out / "report.xlsx", sheet_name=names[lang])
            assert list(csv.columns) == list(sheet.columns) and len(csv) == len(sheet), key


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_one_significance_rule_in_csv_excel_and_html(analysed_reports: dict[str, dict],
                                                     lang: str) -> None:
    out = Path(analysed_reports[lang]["files"]["report_xlsx"]).parent
    machine = pd.read_csv(out / "drivers_impact.csv", encoding="utf-8-sig")
    shown = pd.read_csv(out / "tables" / "drivers.csv", encoding="utf-8-sig")
    assert len(machine) == len(shown)
    small = machine["small_count"].to_numpy()
    assert (machine["status"] == "small count").tolist() == small.tolist()
    assert shown.loc[small, "p (BH)"].isna().all() and shown.loc[~small, "p (BH)"].notna().all()
    assert not (machine["significant"] & machine["small_count"]).any()
    html = (out / "report.html").read_text(encoding="utf-8")
    table = html.split('<section id="drivers">')[1].split("</table>")[0]
    small_word = {"en": "small count", "pl": "mała liczebność"}[lang]
    rows = table.split("<tr")[2:]
    assert rows and all('<td class="num">–</td><td>' + small_word in r
                        for r in rows if small_word in r)


def test_column_guide_documents_every_column(analysed_reports: dict[str, dict]) -> None:
    out = Path(analysed_reports["pl"]["files"]["report_xlsx"]).parent
    guide = column_guide("pl")
    assert list(guide.columns) == ["Arkusz", "Kolumna", "Tabela maszynowa",
                                   "Kolumna maszynowa", "Znaczenie"]
    documented = set(zip(guide["Arkusz"], guide["Kolumna"], strict=True))
    for key in ("drivers", "key_drivers", "importance", "segments", "trends", "followup"):
        sheet = pd.read_csv(out / "tables" / f"{key}.csv", encoding="utf-8-sig")
        for col in sheet.columns:
            assert (SHEET_NAMES[key]["pl"], col) in documented, (key, col)
    machine = pd.read_csv(out / "drivers_impact.csv", encoding="utf-8-sig")
    mapped = set(guide.loc[guide["Tabela maszynowa"] == "drivers_impact", "Kolumna maszynowa"])
    assert mapped <= set(machine.columns)
