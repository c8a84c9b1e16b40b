"""cxtext.report.excel: any table becomes a workbook (reproducer: answers holding control
characters crashed report.xlsx with openpyxl's IllegalCharacterError)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxtext.report.excel import write_workbook


@pytest.mark.parametrize("value", ["NUL\x00inside", "bell\x07", "esc\x1b[0m", "\x1f" * 3])
def test_control_characters_are_replaced(tmp_path: Path, value: str) -> None:
    df = pd.DataFrame({"text": [value, "ok"], "bad\x01name": ["a", "b"]})
    path = write_workbook(tmp_path / "r.xlsx", {"responses": df})
    back = pd.read_excel(path, sheet_name="responses", dtype=str)
    assert len(back) == 2
    assert "\ufffd" in back.iloc[0, 0] and back.iloc[1, 0] == "ok"
    assert list(back.columns) == ["text", "bad\ufffdname"]


def test_string_dtype_cells_are_cut_to_excels_limit(tmp_path: Path) -> None:
    df = pd.DataFrame({"text": pd.array(["x" * 40_000, "y"], dtype="string")})
    path = write_workbook(tmp_path / "r.xlsx", {"responses": df})
    back = pd.read_excel(path, sheet_name="responses", dtype=str)
    assert len(back.iloc[0, 0]) == 32_001 and back.iloc[0, 0].endswith("…")


def test_duplicate_column_names_keep_their_own_values(tmp_path: Path) -> None:
    df = pd.DataFrame([["a\x02", "b"]], columns=["c", "c"])
    path = write_workbook(tmp_path / "r.xlsx", {"rejects": df})
    back = pd.read_excel(path, sheet_name="rejects", dtype=str, header=None)
    assert back.iloc[1].tolist() == ["a\ufffd", "b"]


@pytest.mark.parametrize("value", ["=1+2", '=HYPERLINK("http://x.example","click")',
                                   "=cmd|' /C calc'!A0", "=", "==wow=="])
def test_answers_starting_with_equals_stay_text_not_formulas(tmp_path: Path, value: str,
                                                             ) -> None:
    from openpyxl import load_workbook

    df = pd.DataFrame({"text": [value, "ok"], "=segment": pd.array([value, None],
                                                                   dtype="string")})
    path = write_workbook(tmp_path / "r.xlsx", {"responses": df, "summary": df.head(1)})
    wb = load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    back = pd.read_excel(path, sheet_name="responses", dtype=str)
    assert list(back.columns) == ["text", "=segment"]
    assert back.iloc[:, 0].tolist() == [value, "ok"] and back.iloc[0, 1] == value
