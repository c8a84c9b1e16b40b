"""analyze_file on malformed input (issue 14): every record ends in responses.csv or
rejects.csv, the counts are the file's own, and the outputs read back row for row.

Record counts come from the test data (the lines each test writes), not from the summary.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cxtext

MODELS_OFF: dict[str, Any] = {"sentiment": None, "topics": None, "report": False,
                              "drivers": False}


def _back(path: Path) -> pd.DataFrame:
    """A written CSV as pandas reads it, checked against the csv module's row count."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) - 1 == len(df)
    return df


def _analyze(path: Path, out: Path, **kw: Any) -> tuple[dict[str, Any], pd.DataFrame,
                                                        pd.DataFrame]:
    summary = cxtext.analyze_file(path, out, **MODELS_OFF, **kw)
    return summary, _back(out / "responses.csv"), _back(out / "rejects.csv")


def test_unclosed_quote_does_not_swallow_the_rows_after_it(tmp_path):
    rows = ['R1;9;"Kurier spóźnił się', *[f"R{i};{i};odpowiedź {i}" for i in range(2, 7)]]
    path = tmp_path / "s.csv"
    path.write_text("ID;Ocena;Komentarz\n" + "\n".join(rows) + "\n", encoding="utf-8")
    summary, responses, rejects = _analyze(path, tmp_path / "out")
    assert summary["rows_read"] == len(rows) == 6
    assert (summary["rows_accepted"], summary["rows_rejected"]) == (5, 1)
    assert responses["response_id"].tolist() == ["R2", "R3", "R4", "R5", "R6"]
    assert rejects["source_row"].tolist() == ["2"]
    assert rejects["raw_line"].tolist() == [rows[0]]
    assert "quote opened in this row is not closed" in rejects["reject_reason"].iloc[0]


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n"], ids=["cr", "lf", "crlf"])
def test_line_breaks_in_answers_read_back_as_one_row(tmp_path, brk):
    """A bare CR in an answer was written unquoted and read back as two rows."""
    df = pd.DataFrame({"ocena": ["9", "abc", "7"],
                       "komentarz": [f"raz{brk}dwa", f"zły{brk}wiersz", "ok"]})
    path = tmp_path / "s.parquet"
    df.to_parquet(path)
    summary, responses, rejects = _analyze(path, tmp_path / "out")
    assert summary["rows_read"] == 3
    assert responses["text_raw"].tolist() == [f"raz{brk}dwa", "ok"]
    assert rejects["komentarz"].tolist() == [f"zły{brk}wiersz"]
    assert len(pd.read_parquet(tmp_path / "out" / "responses.parquet")) == 2


def test_every_row_rejected_with_an_id_column(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("ID;Ocena;Komentarz\nR1;abc;x\n", encoding="utf-8")
    summary, responses, rejects = _analyze(path, tmp_path / "out")
    assert (summary["rows_read"], summary["rows_accepted"], summary["rows_rejected"]) == (1, 0, 1)
    assert responses.empty and rejects["ID"].tolist() == ["R1"]


def test_reserved_names_and_notes_in_the_summary(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("source_row;ocena;komentarz\n7;abc;x\n8;9;y\n", encoding="utf-8")
    summary, responses, rejects = _analyze(path, tmp_path / "out")
    assert summary["rows_read"] == 2
    assert list(rejects.columns[:4]) == ["source_row", "reject_reason", "reject_column",
                                         "source_row_input"]
    assert rejects[["source_row", "source_row_input"]].values.tolist() == [["2", "7"]]
    assert any("'source_row' is written as 'source_row_input'" in n
               for n in summary["input_notes"])


def test_header_only_file_writes_the_reject_columns(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("ocena;komentarz;kanał\n", encoding="utf-8")
    summary, responses, rejects = _analyze(path, tmp_path / "out")
    assert summary["rows_read"] == 0 and responses.empty and rejects.empty
    assert list(rejects.columns) == ["source_row", "reject_reason", "reject_column", "ocena",
                                     "komentarz", "kanał", "extra_fields", "raw_line"]
