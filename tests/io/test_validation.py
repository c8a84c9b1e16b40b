"""cxtext.io.validation: scores, dates and answer text, cell by cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext import io as cxio
from cxtext.io.validation import slash_dates
from cxtext.schema import CSAT5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9", 9),
        ("9.0", 9),
        (" 9 ", 9),
        ("9,0", 9),
        (9, 9),
        (9.0, 9),
        ("0", 0),
        ("10", 10),
        ("+7", 7),
        ("010", 10),
    ],
)
def test_valid_scores(value, expected):
    scores, reasons = cxio.parse_scores(pd.Series([value], dtype=object))
    assert scores.iloc[0] == expected
    assert reasons.iloc[0] == ""


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("11", "out of range"),
        ("-1", "out of range"),
        ("abc", "not a number"),
        ("7.5", "not a whole number"),
        (7.5, "not a whole number"),
        ("", "missing score"),
        (None, "missing score"),
        (float("nan"), "missing score"),
        ("9/10", "not a number"),
        ("1e1", "not a whole number"),
    ],
)
def test_invalid_scores(value, reason):
    scores, reasons = cxio.parse_scores(pd.Series([value], dtype=object))
    assert pd.isna(scores.iloc[0])
    assert reason in reasons.iloc[0]
    assert "allowed: whole numbers 0-10" in reasons.iloc[0]


def test_csat_scale():
    scores, reasons = cxio.parse_scores(pd.Series(["1", "5", "0", "6"], dtype=object), CSAT5)
    assert scores.tolist()[:2] == [1, 5]
    assert reasons.iloc[2].startswith("score '0' is out of range; allowed: whole numbers 1-5")
    df = pd.DataFrame({"CSAT": ["5", "3", "1"], "comment": ["a", "b", "c"]})
    survey = cxio.read_survey(df, scale="csat")
    assert survey.responses["score_group"].tolist() == ["satisfied", "neutral", "dissatisfied"]


def test_parse_dates():
    values = pd.Series(
        ["2025-03-05", "05.03.2025", "", None, "wczoraj", pd.Timestamp("2025-01-02")]
    )
    dates, reasons = cxio.parse_dates(values)
    assert dates.tolist()[:2] == [pd.Timestamp("2025-03-05")] * 2  # day first by default
    assert dates.iloc[5] == pd.Timestamp("2025-01-02")
    assert dates[2:5].isna().all()
    assert reasons.tolist()[:4] == ["", "", "", ""]  # an empty date is not an error
    assert "date 'wczoraj' cannot be parsed" in reasons.iloc[4]
    us, _ = cxio.parse_dates(pd.Series(["03/05/2025"]), date_format="%m/%d/%Y")
    assert us.iloc[0] == pd.Timestamp("2025-03-05")


@pytest.mark.parametrize(
    ("value", "proves"),
    [
        ("31/12/2025", "day"), ("13/1/25", "day"), ("31/12/2025 14:22", "day"),
        ("12/31/2025", "month"), ("1/13/25", "month"),
        ("03/04/2025", "both"), ("3/4/25", "both"),
        ("01/01/2025", ""), ("32/01/2025", ""), ("13/13/2025", ""), ("2025/03/04", ""),
        ("05.03.2025", ""), ("123/04/2025", ""), ("", ""), (None, ""),
    ],
)
def test_slash_dates_say_what_they_prove(value, proves):
    found = slash_dates(pd.Series([value]))
    assert (found.day_first[0], found.month_first[0], found.ambiguous[0]) == (
        proves == "day", proves == "month", proves == "both")


@pytest.mark.parametrize(
    ("slash_dayfirst", "expected"),
    [
        (None, ["2025-04-03", "2025-12-31", "2025-03-05"]),  # dayfirst for all
        (True, ["2025-04-03", "2025-12-31", "2025-03-05"]),
        (False, ["2025-03-04", "2025-12-31", "2025-03-05"]),  # slash dates only
    ],
)
def test_slash_dayfirst_decides_slash_dates_only(slash_dayfirst, expected):
    values = pd.Series(["03/04/2025", "12/31/2025", "05.03.2025"])
    dates, reasons = cxio.parse_dates(values, slash_dayfirst=slash_dayfirst)
    assert dates.tolist() == [pd.Timestamp(e) for e in expected]
    assert reasons.tolist() == ["", "", ""]


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (np.nan, ""), (pd.NA, ""), (pd.NaT, ""), (7, "7"), ("  a ", "  a "),
     (pd.Timestamp("2025-01-02 03:04"), "2025-01-02 03:04:00")],
)
def test_cell_text(value, text):
    assert cxio.cell_text(value) == text


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_boolean_is_not_a_score(value):
    """A yes/no cell (Parquet bool, JSON true, Excel TRUE) was read as 1/0."""
    scores, reasons = cxio.parse_scores(pd.Series([value, 9], dtype=object))
    assert pd.isna(scores.iloc[0]) and scores.iloc[1] == 9
    assert "is a yes/no (boolean) value, not a score" in reasons.iloc[0]
    assert reasons.iloc[1] == ""


@pytest.mark.parametrize(
    ("value", "reason"),
    [("0202-03-01", "out of the supported range"), ("9999-12-31", "out of the supported range"),
     ("31.12.9999", "out of the supported range"), ("1.1.0001", "out of the supported range"),
     ("2025-02-30", "cannot be parsed")],
)
def test_dates_out_of_pandas_range_are_rejected_not_a_crash(value, reason):
    dates, reasons = cxio.parse_dates(pd.Series([value, "2025-03-05"], dtype=object))
    assert pd.isna(dates.iloc[0]) and dates.iloc[1] == pd.Timestamp("2025-03-05")
    assert f"date {value!r} " in reasons.iloc[0] and reason in reasons.iloc[0]
    assert str(dates.dtype) == "datetime64[ns]"


def test_time_zones_keep_local_time():
    values = pd.Series(["2025-03-05T23:30:00+02:00", "2025-03-05T10:00:00-05:00", "2025-03-06"])
    dates, reasons = cxio.parse_dates(values)
    assert dates.tolist() == [pd.Timestamp("2025-03-05 23:30"), pd.Timestamp("2025-03-05 10:00"),
                              pd.Timestamp("2025-03-06")]
    assert (reasons == "").all()
