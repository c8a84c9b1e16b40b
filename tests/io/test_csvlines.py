"""cxtext.io.csvlines: CSV records, and quotes that never close (issue 14: rows lost silently).

Expected record counts come from the test data itself (the rows each test writes), never
from ``rows_accepted + rejects``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cxtext import io as cxio
from cxtext.errors import InputError
from cxtext.io import csvlines
from cxtext.io.csvlines import CsvLines

HEADER = "ID;Ocena;Komentarz"
GOOD = [f"R{i};{i};odpowiedź {i}" for i in range(2, 7)]


def _write(path: Path, lines: list[str], eol: str = "\n") -> Path:
    path.write_bytes((eol.join(lines) + eol).encode("utf-8"))
    return path


def _read(path: Path, **kw: object) -> cxio.Survey:
    return cxio.read_survey(path, **kw)


def test_issue_example_unclosed_quote_is_one_reject(tmp_path):
    """``R1;9;"Kurier...`` never closes: before, the 5 rows after it were swallowed into
    one answer (rows_read 2); now that row is a reject and the others are read."""
    lines = [HEADER, 'R1;9;"Kurier spóźnił się, paczka uszkodzona', *GOOD]
    survey = _read(_write(tmp_path / "s.csv", lines))
    records = len(lines) - 1  # one record per data line: the file as written
    assert survey.info.rows_read == records == 6
    assert survey.rejects["source_row"].tolist() == [2]
    reject = survey.rejects.iloc[0]
    assert "quote opened in this row is not closed" in reject["reject_reason"]
    assert "line 3 starts like a new row" in reject["reject_reason"]
    assert reject["raw_line"] == lines[1]  # the line, whole, as read
    assert reject["ID"] == "R1" and reject["Ocena"] == "9"
    assert survey.responses["source_row"].tolist() == [3, 4, 5, 6, 7]
    assert survey.responses["text_raw"].tolist() == [g.split(";")[2] for g in GOOD]


# (lines of the file, expected rejected source rows, expected accepted source rows)
CASES = {
    "unclosed-mid-file": (
        [HEADER, GOOD[0], 'R9;9;"niedomknięty', *GOOD[1:]], [3], [2, 4, 5, 6, 7]),
    "unclosed-last-line": ([HEADER, *GOOD, 'R9;9;"do końca pliku'], [7], [2, 3, 4, 5, 6]),
    "unclosed-in-middle-field": ([HEADER, 'R1;"9;tekst', *GOOD], [2], [3, 4, 5, 6, 7]),
    "multiline-answer-kept": (
        [HEADER, 'R1;9;"pierwsza linia', "druga linia", 'trzecia"', *GOOD], [],
        [2, 5, 6, 7, 8, 9]),
    "multiline-first-column-kept": (
        ["Komentarz;Ocena", '"pierwsza', 'druga";9', '"a', "", 'b";5'], [], [2, 4]),
    "multiline-then-unclosed": (
        [HEADER, 'R1;9;"a', 'b"', 'R2;3;"otwarty', *GOOD], [4], [2, 5, 6, 7, 8, 9]),
    "next-row-has-quotes": (
        [HEADER, 'R1;9;"otwarty', 'R2;5;"cytat"', 'R3;5;x'], [2], [3, 4]),
    "closes-later-wrong-width": (
        [HEADER, 'R1;9;"abc', "bez separatora", 'R2;5;zamyka" tu;x;y', *GOOD],
        [2, 3, 4], [5, 6, 7, 8, 9]),
    "stray-quote-mid-field": ([HEADER, 'R1;9;powiedział "hej', *GOOD], [], [2, 3, 4, 5, 6, 7]),
    "text-first-column": (["Komentarz;Ocena", '"Kurier;9', "Dobra obsługa;5", "ok;7"], [2],
                          [3, 4]),
}


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("name", list(CASES))
def test_quotes(tmp_path, name, eol):
    lines, rejected, accepted = CASES[name]
    survey = _read(_write(tmp_path / "s.csv", lines, eol))
    assert survey.info.rows_read == len(rejected) + len(accepted)
    assert survey.rejects["source_row"].tolist() == rejected
    assert survey.responses["source_row"].tolist() == accepted
    assert (survey.rejects["reject_reason"].str.len() > 0).all()


def test_multiline_answer_text_is_exact(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b'ID;Ocena;Komentarz\r\nR1;9;"raz\r\ndwa\rtrzy\ncztery"\r\nR2;5;ok\r\n')
    survey = _read(path)
    assert survey.responses["text_raw"].tolist() == ["raz\r\ndwa\rtrzy\ncztery", "ok"]
    assert survey.responses["source_row"].tolist() == [2, 6]


def test_quote_open_past_the_limit_is_rejected_and_rest_reread(tmp_path, monkeypatch):
    """A one-column file has no row shape to go by: the limit ends the open quote."""
    monkeypatch.setattr(csvlines, "QUOTE_MAX_LINES", 5)
    path = _write(tmp_path / "two.csv", ["Ocena;Komentarz", '9;"otwarty',
                                         *[f"tekst {i}" for i in range(8)]])
    survey = _read(path, text_cols="Komentarz", score_col="Ocena")
    assert survey.info.rows_read == 9  # the open row + 8 lines, each read again alone
    reasons = survey.rejects.set_index("source_row")["reject_reason"]
    assert "still open after 5 lines" in reasons[2]
    assert list(reasons.index) == list(range(2, 11))


def test_read_table_names_the_unclosed_quote(tmp_path):
    path = _write(tmp_path / "t.csv", [HEADER, 'R1;9;"otwarty', *GOOD])
    with pytest.raises(InputError, match=r"line 2 cannot be read: a quote"):
        cxio.read_table(path)


def test_header_with_unclosed_quote_is_read_with_a_note(tmp_path):
    path = _write(tmp_path / "h.csv", ['ocena;"komentarz', "9;dobrze", "3;źle"])
    survey = _read(path)
    assert survey.info.columns == ["ocena", "komentarz"]
    assert survey.info.rows_read == 2 and len(survey.responses) == 2
    assert any("header (line 1) has a quote that is not closed" in n for n in survey.info.notes)


def test_blank_and_delimiter_only_lines_are_not_records(tmp_path):
    path = _write(tmp_path / "b.csv", [HEADER, GOOD[0], "", ";;", " ; ", "\t", GOOD[1]])
    survey = _read(path)
    assert survey.info.rows_read == 2
    assert survey.info.blank_lines_skipped == 4


@pytest.mark.parametrize("size", [131_073, 1_000_000])
def test_field_over_the_csv_default_limit_is_read(tmp_path, size):
    """One 131,073-character answer used to abort the whole file (csv field size limit)."""
    long = "x" * size
    path = _write(tmp_path / "l.csv", ["ocena;komentarz", "9;a", f"8;{long}", "7;c"])
    survey = _read(path)
    assert survey.info.rows_read == 3
    assert survey.responses["source_row"].tolist() == [2, 4]
    reject = survey.rejects.iloc[0]
    assert reject["source_row"] == 3 and reject["komentarz"] == long  # kept whole
    assert f"has {size:,} characters; allowed: at most 100,000" in reject["reject_reason"]


def test_field_over_the_reader_limit_is_one_bad_row(tmp_path, monkeypatch):
    old = csv.field_size_limit()
    monkeypatch.setattr(csvlines, "FIELD_LIMIT", 1000)
    csv.field_size_limit(1000)
    try:
        path = _write(tmp_path / "f.csv", ["ocena;komentarz", "9;a", "8;" + "y" * 1500, "7;c"])
        survey = _read(path, delimiter=";")
    finally:
        csv.field_size_limit(old)
    assert survey.info.rows_read == 3
    assert survey.rejects["source_row"].tolist() == [3]
    assert "cannot be parsed" in survey.rejects["reject_reason"].iloc[0]
    assert survey.rejects["raw_line"].iloc[0] == "8;" + "y" * 1500


def test_header_cell_over_the_csv_default_limit(tmp_path):
    name = "Pytanie " + "x" * 131_073
    path = _write(tmp_path / "h.csv", [f"{name};ocena;komentarz", "a;9;dobrze"])
    survey = _read(path)
    assert survey.info.columns[0] == name
    assert survey.info.delimiter == ";"  # sniffed past a first line longer than 64 KiB
    assert survey.responses["score"].tolist() == [9]


def test_csvlines_directly(tmp_path):
    path = _write(tmp_path / "d.csv", ["a;b", "1;2", '3;"x', "4;5"])
    with path.open("r", encoding="utf-8", newline="") as fh:
        lines = CsvLines(fh, ";")
        header, note = lines.header()
        records = list(lines.records(len(header)))
    assert header == ["a", "b"] and note == ""
    assert [(r.line, r.fields, bool(r.reason)) for r in records] == [
        (2, ["1", "2"], False), (3, ["3", '"x'], True), (4, ["4", "5"], False)]
