"""Cell-level validation of survey values: scores, dates and answer text.

Validators take a column of raw cells (as read from any format: text, numbers, Excel
dates, JSON values) and return the parsed values plus, per cell, the reject reason
("" when the value is valid). Reasons say what is wrong, show the value and what is allowed.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from cxtext.schema import MAX_ANSWER_CHARS, ScoreScale, get_scale

__all__ = ["MAX_ANSWER_CHARS", "SlashDates", "cell_text", "parse_dates", "parse_scores",
           "slash_dates"]

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
    boolean = text.isin(("True", "False"))  # candidates; only a real bool is one
    if boolean.any():
        boolean[boolean] = raw[boolean].map(_is_bool).astype(bool)
    stripped = text.str.strip()
    empty = stripped.eq("")
    wellformed = stripped.str.match(_SCORE_RE)
    numeric = pd.to_numeric(stripped.str.replace(",", ".", regex=False), errors="coerce")
    fractional = numeric.notna() & ~wellformed & ~empty
    in_range = numeric.between(scale.min, scale.max)
    valid = wellformed & in_range & ~empty & ~boolean
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
    reasons[boolean] = (
        "score " + text[boolean] + " is a yes/no (boolean) value, not a score; " + allowed
    )
    scores = numeric.where(valid).round().astype("Int64")
    return scores, reasons


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _score_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))  # not 1/0: a yes/no answer is not a score
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


#: A date written ``N/N/YY`` or ``N/N/YYYY`` (a time may follow): day or month first.
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?!\d)")


class SlashDates(NamedTuple):
    """Which cells of a column are slash dates (``03/04/2025``) and what each says about
    the column's layout (boolean arrays, one item per cell)."""

    day_first: np.ndarray  #: only DD/MM can read it: the first number is 13-31
    month_first: np.ndarray  #: only MM/DD can read it: the second number is 13-31
    ambiguous: np.ndarray  #: both readings are dates, and different ones (``03/04``)


def slash_dates(values: pd.Series) -> SlashDates:
    """Sort the slash dates of a column of raw cells by what they prove about its layout."""
    text = values.map(cell_text).astype(object).str.strip()
    parts = text.str.extract(_SLASH_DATE.pattern)
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    day, month = first.between(1, 12), second.between(1, 12)
    return SlashDates(
        (first.between(13, 31) & month).to_numpy(dtype=bool),
        (second.between(13, 31) & day).to_numpy(dtype=bool),
        (day & month & first.ne(second)).to_numpy(dtype=bool),
    )


def parse_dates(
    values: pd.Series, *, dayfirst: bool = True, date_format: str | None = None,
    slash_dayfirst: bool | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Validate raw date values.

    ISO dates (``2025-03-05``, ``2025-03-05 14:22``) are read as such, anything else with
    pandas' mixed parser (``dayfirst`` decides ``05.03.2025``), or all with ``date_format``
    when given. ``slash_dayfirst`` (when not ``None``) decides slash dates (``03/04/2025``)
    instead of ``dayfirst``: the layout of the column, see :func:`slash_dates`; a slash
    date only the other layout can read (``13/04``, ``04/13``) is read that way. A time
    zone is dropped (the local time is kept). Returns ``(dates, reasons)``:
    ``datetime64[ns]`` with ``NaT`` for empty or invalid cells, and the reject reason per
    cell ("" for valid and for empty cells: a missing date is not an error). Dates outside
    pandas' range (years 1677-2262, e.g. ``0202-03-01``) are invalid.
    """
    text = values.map(cell_text).astype(object).str.strip()
    empty = text.eq("")
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    out_of_range = pd.Series(False, index=values.index)
    groups: list[tuple[pd.Series, dict[str, Any]]]
    if date_format:
        groups = [(~empty, {"format": date_format})]
    else:
        iso = text.str.match(r"^\d{4}-\d{2}-\d{2}")
        groups = [(iso, {"format": "ISO8601"})]
        rest = ~iso & ~empty
        if slash_dayfirst is not None and slash_dayfirst != dayfirst:
            slash = rest & text.str.match(_SLASH_DATE.pattern)
            groups.append((slash, {"format": "mixed", "dayfirst": slash_dayfirst}))
            rest &= ~slash
        groups.append((rest, {"format": "mixed", "dayfirst": dayfirst}))
    for mask, kwargs in groups:
        if mask.any():
            part, oob = _to_datetime(text[mask], kwargs)
            parsed[mask] = part
            out_of_range[mask] = oob
    bad = parsed.isna() & ~empty
    reasons = pd.Series("", index=values.index, dtype=object)
    shown = text[bad].map(repr)
    reasons[bad] = (
        "date " + shown + " cannot be parsed; allowed: dates like 2025-03-05, "
        "05.03.2025 or 2025-03-05 14:22 (pass --date-format for other layouts)"
    )
    far = bad & out_of_range
    reasons[far] = (
        "date " + text[far].map(repr) + f" is out of the supported range "
        f"({_MIN_DATE:%Y-%m-%d} to {_MAX_DATE:%Y-%m-%d}); check the year"
    )
    return parsed, reasons


_MIN_DATE = pd.Timestamp.min.ceil("D")
_MAX_DATE = pd.Timestamp.max.floor("D")


def _to_datetime(text: pd.Series, kwargs: dict[str, Any]) -> tuple[pd.Series, pd.Series]:
    """``text`` parsed to naive ``datetime64[ns]`` (NaT where it cannot be), and which cells
    hold a date outside the nanosecond range (NaT too)."""
    try:
        parsed = pd.to_datetime(text, errors="coerce", **kwargs)
    except (ValueError, TypeError, OverflowError):  # e.g. mixed time zones: one by one
        parsed = pd.Series([_one_date(v, kwargs) for v in text], index=text.index,
                           dtype=object)
    low, high = pd.Timestamp.min, pd.Timestamp.max
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    if parsed.dtype == object:
        parsed = pd.Series([_naive(v) for v in parsed], index=text.index, dtype=object)
        oob = pd.Series([isinstance(v, pd.Timestamp) and not low <= v <= high for v in parsed],
                        index=text.index, dtype=bool)
    else:
        oob = parsed.notna() & ((parsed < low) | (parsed > high))
    if oob.any():
        parsed = parsed.astype(object).where(~oob, pd.NaT)
    return pd.to_datetime(parsed.astype(object), errors="coerce").astype("datetime64[ns]"), oob


def _one_date(value: str, kwargs: dict[str, Any]) -> Any:
    try:
        return _naive(pd.to_datetime(value, errors="coerce", **kwargs))
    except (ValueError, TypeError, OverflowError):
        return pd.NaT


def _naive(value: Any) -> Any:
    """A timestamp without its time zone (local time kept); anything else as is."""
    if isinstance(value, pd.Timestamp) and value.tzinfo is not None:
        return value.tz_localize(None)
    return value
