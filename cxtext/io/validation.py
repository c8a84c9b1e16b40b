"""Cell-level validation of survey values: scores, dates and answer text.

Validators take a column of raw cells (as read from any format: text, numbers, Excel
dates, JSON values) and return the parsed values plus, per cell, the reject reason
("" when the value is valid). Reasons say what is wrong, show the value and what is allowed.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from cxtext.schema import ScoreScale, get_scale

__all__ = ["cell_text", "parse_dates", "parse_scores"]

_SCORE_RE = re.compile(r"^[+-]?\d+(?:[.,]0*)?$")


def parse_scores(values: pd.Series, scale: str | ScoreScale = "nps") -> tuple[pd.Series, pd.Series]:
    """Validate raw score values.

    Accepts whole numbers as numbers or text (``9``, ``"9"``, ``"9.0"``, ``" 9 "``,
    ``"9,0"``) within the scale. Returns ``(scores, reasons)``: ``scores`` is ``Int64``
    with ``<NA>`` for invalid values, ``reasons`` holds the reject reason (empty
    string for valid scores).
    """
    scale = get_scale(scale)
    raw = values.astype(object)
    text = raw.map(_score_text).astype(object)
    stripped = text.str.strip()
    empty = stripped.eq("")
    wellformed = stripped.str.match(_SCORE_RE)
    numeric = pd.to_numeric(stripped.str.replace(",", ".", regex=False), errors="coerce")
    fractional = numeric.notna() & ~wellformed & ~empty
    in_range = numeric.between(scale.min, scale.max)
    valid = wellformed & in_range & ~empty
    allowed = f"allowed: whole numbers {scale.min}-{scale.max} ({scale.name} scale)"
    reasons = pd.Series("", index=values.index, dtype=object)
    reasons[empty] = f"missing score; {allowed}"
    bad = ~valid & ~empty
    shown = text.map(repr)
    reasons[bad & fractional] = (
        "score " + shown[bad & fractional] + " is not a whole number; " + allowed
    )
    out_of_range = bad & wellformed & ~in_range
    reasons[out_of_range] = "score " + shown[out_of_range] + " is out of range; " + allowed
    not_number = bad & numeric.isna()
    reasons[not_number] = "score " + shown[not_number] + " is not a number; " + allowed
    scores = numeric.where(valid).round().astype("Int64")
    return scores, reasons


def _score_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return repr(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, np.floating):
        return "" if np.isnan(value) else repr(float(value))
    if value is pd.NA:
        return ""
    return str(value)


def cell_text(value: Any) -> str:
    """One cell as answer text: missing values (None, NaN, pd.NA, NaT) are ""."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat(sep=" ")
    return str(value)


def parse_dates(
    values: pd.Series, *, dayfirst: bool = True, date_format: str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Validate raw date values.

    ISO dates (``2025-03-05``, ``2025-03-05 14:22``) are read as such, anything else with
    pandas' mixed parser (``dayfirst`` decides ``05.03.2025``), or all with ``date_format``
    when given. Returns ``(dates, reasons)``: ``datetime64[ns]`` with ``NaT`` for empty or
    invalid cells, and the reject reason per cell ("" for valid and for empty cells: a
    missing date is not an error).
    """
    text = values.map(cell_text).astype(object).str.strip()
    empty = text.eq("")
    if date_format:
        parsed = pd.to_datetime(text.where(~empty), format=date_format, errors="coerce")
    else:
        parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
        iso = text.str.match(r"^\d{4}-\d{2}-\d{2}")
        if iso.any():
            parsed[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce")
        rest = ~iso & ~empty
        if rest.any():
            parsed[rest] = pd.to_datetime(
                text[rest], format="mixed", dayfirst=dayfirst, errors="coerce"
            )
    parsed = pd.to_datetime(parsed).astype("datetime64[ns]")
    bad = parsed.isna() & ~empty
    reasons = pd.Series("", index=values.index, dtype=object)
    reasons[bad] = (
        "date " + text[bad].map(repr) + " cannot be parsed; allowed: dates like 2025-03-05, "
        "05.03.2025 or 2025-03-05 14:22 (pass --date-format for other layouts)"
    )
    return parsed, reasons
