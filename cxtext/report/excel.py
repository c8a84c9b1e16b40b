"""Excel workbook with the report's tables as filterable sheets (openpyxl).

Sheets: ``summary``, ``drivers``, ``drivers_parent``, ``key_drivers``, ``topics``
(topic x sentiment counts), ``segments``, ``segment_topics``, ``trends``, ``trend_topics``,
``followup``, ``responses``, ``rejects`` - each with a frozen header row, an autofilter and
sensible column widths. Sheets whose table is missing are left out. Excel's limit of
1,048,576 rows per sheet is respected: a longer ``responses`` table is cut with a note in
``summary`` (the CSV/Parquet outputs always hold every row).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["write_workbook", "SHEETS"]

SHEETS: tuple[str, ...] = (
    "summary", "drivers", "drivers_parent", "key_drivers", "importance", "topics", "segments",
    "segment_topics", "trends", "trend_topics", "followup", "themes", "responses", "rejects",
    "columns",
)
_MAX_ROWS = 1_048_575


def write_workbook(path: str | Path, sheets: Mapping[str, pd.DataFrame], *,
                   titles: Mapping[str, str] | None = None) -> Path:
    """Write ``sheets`` (key -> DataFrame) in :data:`SHEETS` order; returns the path.
    ``titles`` maps a key to its sheet name (the report language's; default: the key)."""
    from openpyxl.utils import get_column_letter

    out = Path(path)
    notes: list[str] = []
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name in [n for n in SHEETS if n in sheets] + [n for n in sheets if n not in SHEETS]:
            df = _excel_safe(sheets[name])
            if len(df) > _MAX_ROWS:
                notes.append(f"sheet {name}: first {_MAX_ROWS:,} of {len(df):,} rows (Excel's "
                             "limit); the CSV/Parquet files hold all rows")
                df = df.head(_MAX_ROWS)
            title = _title((titles or {}).get(name, name))
            df.to_excel(writer, sheet_name=title, index=False)
            ws = writer.sheets[title]
            _keep_text(ws, df)
            ws.freeze_panes = "A2"
            if len(df.columns):
                ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
            for k, col in enumerate(df.columns, start=1):
                sample = df.iloc[:200, k - 1].map(lambda v: len(str(v)))
                width = max([len(str(col)), *sample.tolist()])
                ws.column_dimensions[get_column_letter(k)].width = min(max(width + 2, 8), 60)
        if notes and "summary" in sheets:
            ws = writer.sheets[_title((titles or {}).get("summary", "summary"))]
            for note in notes:
                ws.append(["note", note])
    return out


def _keep_text(ws: Any, df: pd.DataFrame) -> None:
    """Cells that start with ``=`` stay text. openpyxl stores such a string as a formula, so an
    answer like ``=HYPERLINK(...)`` or ``=cmd|...`` would run when the workbook is opened
    (formula injection); the value itself is kept as written."""
    for k, col in enumerate(df.columns, start=1):
        if str(col).startswith("="):
            ws.cell(row=1, column=k).data_type = "s"
        s = df.iloc[:, k - 1]
        if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
            continue
        formula = s.map(lambda v: isinstance(v, str) and v.startswith("=")).to_numpy(dtype=bool)
        for r in formula.nonzero()[0]:
            ws.cell(row=int(r) + 2, column=k).data_type = "s"


def _title(name: str) -> str:
    """A valid sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", str(name))[:31]


def _excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones, no lists/dicts, no control characters (openpyxl refuses
    them) and limits cells to 32,767 characters."""
    out = df.copy()
    out.columns = [_cell(str(c)) for c in out.columns]
    for k in range(out.shape[1]):
        s = out.iloc[:, k]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out.isetitem(k, s.dt.tz_localize(None))
        elif pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype):
            out.isetitem(k, s.map(_cell).astype(object))
    return out


#: What openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE): C0 controls but tab/LF/CR.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(v: Any) -> Any:
    if isinstance(v, (list, dict, tuple, set)):
        v = str(v)
    if isinstance(v, str):
        if _ILLEGAL.search(v):
            v = _ILLEGAL.sub("\ufffd", v)
        if len(v) > 32_000:
            return v[:32_000] + "…"
    return v
