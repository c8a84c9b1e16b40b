"""cxtext.io.readers: what SurveyReader checks across the whole column and notes in
``info.notes`` (``input_notes`` in summary.json): one slash-date layout per column,
ids repeated on several rows."""

from __future__ import annotations

import pandas as pd
import pytest

from cxtext import io as cxio


def _survey_csv(tmp_path, rows: list[tuple[str, str, str]]):
    path = tmp_path / "s.csv"
    path.write_text("ID,Score,Comment,Date\n" + "".join(
        f"{i},{score},ok,{date}\n" for i, score, date in rows), encoding="utf-8")
    return path


def _notes(survey: cxio.Survey, word: str) -> list[str]:
    return [n for n in survey.info.notes if word in n]


def _assert_noted(notes: list[str], note: str | None) -> None:
    """No note when ``note`` is None, else exactly one, holding ``note``."""
    if note is None:
        assert notes == []
    else:
        assert len(notes) == 1 and note in notes[0]


# --------------------------------------------------------------------------- slash dates

M = "MM/DD/YYYY (month first)"
D = "DD/MM/YYYY (day first)"


@pytest.mark.parametrize("chunksize", [50_000, 1])
@pytest.mark.parametrize(
    ("dates", "expected", "note"),
    [
        # 12/31 proves the column month first: every row is read so
        (["03/04/2025", "12/31/2025", "01/02/2025"], ["2025-03-04", "2025-12-31", "2025-01-02"],
         f"column 'Date': slash dates are read as {M}, as '12/31/2025' (line 3) can only"),
        (["3/4/25", "1/2/25 14:22", "12/13/2025"], ["2025-03-04", "2025-01-02 14:22",
                                                    "2025-12-13"], f"read as {M}"),
        # 31/12 proves it day first, the default: nothing to note
        (["03/04/2025", "31/12/2025", "01/02/2025"], ["2025-04-03", "2025-12-31", "2025-02-01"],
         None),
        # nothing decides: the default, said so with the way to override it
        (["03/04/2025", "01/05/2025", "07/07/2025"], ["2025-04-03", "2025-05-01", "2025-07-07"],
         f"column 'Date': 2 slash date(s) such as '03/04/2025' (line 2) fit both DD/MM and "
         f"MM/DD and no date in the column decides; they were read as {D}. If the export "
         "writes them the other way, pass --date-format %m/%d/%Y"),
        # both layouts: each proven date its only way, the others the default, noted
        (["03/04/2025", "12/31/2025", "31/01/2025"], ["2025-04-03", "2025-12-31", "2025-01-31"],
         "column 'Date' mixes slash date layouts: '31/01/2025' (line 4) can only be DD/MM, "
         "'12/31/2025' (line 3) only MM/DD"),
        # dates that read the same either way, and other layouts, need no note
        (["01/01/2025", "2025-03-04", "05.03.2025"], ["2025-01-01", "2025-03-04", "2025-03-05"],
         None),
    ],
)
def test_slash_dates_have_one_layout_per_column(tmp_path, dates, expected, note, chunksize):
    path = _survey_csv(tmp_path, [(str(i), "9", d) for i, d in enumerate(dates, start=1)])
    survey = cxio.read_survey(path, chunksize=chunksize)
    assert survey.responses["date"].tolist() == [pd.Timestamp(e) for e in expected]
    notes = _notes(survey, "slash date")
    _assert_noted(notes, note)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"date_format": "%m/%d/%Y"}, ["2025-03-04", "2025-01-02"]),
        ({"date_format": "%d/%m/%Y"}, ["2025-04-03", "2025-02-01"]),
        ({"dayfirst": False}, ["2025-03-04", "2025-01-02"]),
    ],
)
def test_slash_date_layout_can_be_given(tmp_path, options, expected):
    path = _survey_csv(tmp_path, [("1", "9", "03/04/2025"), ("2", "9", "01/02/2025")])
    survey = cxio.read_survey(path, **options)
    assert survey.responses["date"].tolist() == [pd.Timestamp(e) for e in expected]
    notes = _notes(survey, "slash date")
    if "date_format" in options:
        assert notes == []
    else:  # the default it fell back to is named, with the other way to read them
        assert len(notes) == 1 and f"read as {M}" in notes[0] and "%d/%m/%Y" in notes[0]


def test_slash_date_layout_decided_after_the_first_chunks_is_noted(tmp_path):
    # the proof comes after the rows sampled to map columns and after the first chunk:
    # the dates read before it are said to have been read the default way
    rows = [(str(i), "9", "03/04/2025") for i in range(1, 251)] + [("251", "9", "12/31/2025")]
    path = _survey_csv(tmp_path, rows)
    chunked = cxio.read_survey(path, chunksize=100)
    # chunks of 100 rows: the first two were read before the proof, the third with it
    assert chunked.responses["date"].iloc[[0, 199, 200, 250]].tolist() == [
        pd.Timestamp(d) for d in ("2025-04-03", "2025-04-03", "2025-03-04", "2025-12-31")]
    before, layout = _notes(chunked, "slash date")
    assert (f"200 slash date(s) that fit both DD/MM and MM/DD (first '03/04/2025', line 2) "
            f"were read as {D} before '12/31/2025' (line 252) showed the column is {M}"
            ) in before
    assert f"read as {M}, as '12/31/2025' (line 252)" in layout
    whole = cxio.read_survey(path)
    assert set(whole.responses["date"]) == {pd.Timestamp("2025-03-04"),
                                            pd.Timestamp("2025-12-31")}


# --------------------------------------------------------------------------- repeated ids


@pytest.mark.parametrize("chunksize", [50_000, 1])
@pytest.mark.parametrize(
    ("ids", "scores", "note"),
    [
        (["1", "1"], ["10", "0"],
         "column 'ID': 1 id(s) occur on more than one accepted row (1 repeated row(s)), "
         "e.g. '1' (lines 2 and 3); every row is kept"),
        (["7", "8", "7", "8", "7", "9"], ["10"] * 6,
         "2 id(s) occur on more than one accepted row (3 repeated row(s)), e.g. '7' (lines 2 "
         "and 4), '8' (lines 3 and 5)"),
        ([" 1", "1 "], ["10", "0"], "1 id(s) occur"),  # ids are compared stripped
        (["1", "2", "3"], ["10", "0", "5"], None),
        (["", ""], ["10", "0"], None),  # no id: the row number stands in, never repeated
        (["1", "1"], ["10", "11"], None),  # the repeat is rejected: counted once
    ],
)
def test_repeated_ids_are_kept_and_noted(tmp_path, ids, scores, note, chunksize):
    path = tmp_path / "s.csv"
    path.write_text("ID;Score;Comment\n" + "".join(
        f"{i};{s};ok\n" for i, s in zip(ids, scores, strict=True)), encoding="utf-8")
    survey = cxio.read_survey(path, chunksize=chunksize)
    assert len(survey.responses) + len(survey.rejects) == len(ids)  # nothing dropped
    notes = _notes(survey, "id(s) occur")
    _assert_noted(notes, note)


# --------------------------------------------------------------------------- title rows


@pytest.mark.parametrize(
    ("text", "header_row", "note", "accepted", "rejected"),
    [
        ("Raport NPS marzec\nID;Ocena;Komentarz\n1;9;Super\n2;11;Źle\n", 2,
         "skipped 1 line above the header (line 2) as a title: 'Raport NPS marzec'", [3], [4]),
        # a title exported from a merged Excel cell: the other cells empty
        ("Raport NPS marzec;;\nID;Ocena;Komentarz\n1;9;Super\n2;11;Źle\n", 2,
         "skipped 1 line above the header (line 2) as a title: 'Raport NPS marzec'", [3], [4]),
        # two title lines and a blank one; commas in the title
        ("Raport NPS, marzec\nEksport 2025-03-31\n\nID;Ocena;Komentarz\n1;9;Super\n2;x;a\n", 4,
         "skipped 3 lines above the header (line 4) as a title: 'Raport NPS, marzec', "
         "'Eksport 2025-03-31'", [5], [6]),
        # far fewer cells than the header
        ("Raport;marzec;;;;\nID;Ocena;Komentarz;Kanał;Region;Data\n1;9;Super;web;PL;\n", 2,
         "as a title: 'Raport marzec'", [3], []),
        # no title: the header stays the first line
        ("ID;Ocena;Komentarz\n1;9;Super\n2;11;Źle\n", 1, None, [2], [3]),
        ("Ocena;Komentarz;;\n9;Super;x;y\n3;Źle;;\n", 1, None, [2, 3], []),  # unnamed columns
    ],
)
def test_title_lines_above_the_csv_header_are_skipped(tmp_path, text, header_row, note,
                                                      accepted, rejected):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    survey = cxio.read_survey(path, text_cols="Komentarz")  # the name in the header
    assert survey.info.header_row == header_row
    assert survey.responses["source_row"].tolist() == accepted  # lines of the file
    assert survey.rejects["source_row"].tolist() == rejected
    assert survey.info.rows_read == len(accepted) + len(rejected)
    notes = _notes(survey, "as a title")
    if note is None:
        assert notes == []
    else:
        assert survey.mapping.score == "Ocena"
        assert len(notes) == 1 and note in notes[0]


@pytest.mark.parametrize(
    ("top", "header_row", "note"),
    [
        ([["Raport NPS marzec"]], 2, "skipped 1 row above the header (row 2) as a title: "
                                     "'Raport NPS marzec'"),
        ([["Raport NPS marzec"], [], ["Stan na", "2025-03-31"]], 4, "skipped 3 rows above the "
                                                                    "header (row 4)"),
        ([], 1, None),
    ],
)
def test_title_rows_above_the_xlsx_header_are_skipped(tmp_path, top, header_row, note):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in [*top, ["ID", "Ocena", "Komentarz", "Kanał"], [1, 9, "Super", "web"],
                [2, 11, "Źle", "app"], [3, 8, "ok", "web", None, "obok"]]:
        ws.append(row)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    survey = cxio.read_survey(path)
    assert survey.info.header_row == header_row
    assert survey.mapping.score == "Ocena" and survey.mapping.text == ("Komentarz",)
    assert survey.responses["source_row"].tolist() == [header_row + 1]  # sheet rows
    reasons = survey.rejects.set_index("source_row")["reject_reason"]
    assert list(reasons.index) == [header_row + 2, header_row + 3]
    assert f"in F{header_row + 3}; give that column a header in row {header_row}" in (
        reasons[header_row + 3])
    notes = _notes(survey, "as a title")
    _assert_noted(notes, note)


@pytest.mark.parametrize(("score", "texts", "ok"), [
    (0, [1], True), ("0", ["1"], True), (True, [1], False), (0.0, [1], False),
])
def test_columns_of_a_headerless_frame_are_named_by_their_numbers(score, texts, ok) -> None:
    """``pd.read_csv(..., header=None)`` gives columns 0, 1: ``score_col=0`` names the first."""
    from cxtext.errors import ColumnMappingError
    from cxtext.io import read_survey

    df = pd.DataFrame({0: [9, 3], 1: ["Super", "Słabo"]})
    if ok:
        survey = read_survey(df, score_col=score, text_cols=texts)
        assert survey.responses["score"].tolist() == [9, 3]
        assert survey.responses["text_raw"].tolist() == ["Super", "Słabo"]
    else:
        with pytest.raises(ColumnMappingError, match="must be given by its name"):
            read_survey(df, score_col=score, text_cols=texts)


@pytest.mark.parametrize("source", [[{"score": 9, "comment": "a"}], {"score": [9]}, 5])
def test_a_survey_source_that_is_neither_a_path_nor_a_frame_is_a_clear_error(source) -> None:
    from cxtext.errors import InputError
    from cxtext.io import read_survey

    with pytest.raises(InputError, match="file path or a pandas DataFrame.*pd.DataFrame"):
        read_survey(source)


@pytest.mark.parametrize("given", [["Region", "Region"], ["Region", "region"], ["region"]])
def test_a_segment_column_named_twice_is_one_segment(given) -> None:
    from cxtext.io import read_survey

    df = pd.DataFrame({"Ocena": [9, 3], "Komentarz": ["Super", "Słabo"],
                       "Region": ["N", "S"]})
    survey = read_survey(df, segment_cols=given)
    assert [c for c in survey.responses.columns if c.startswith("segment_")] == ["segment_region"]
