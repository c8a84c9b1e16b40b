"""Segments and trends: NPS and topic shares per segment (vs the rest) and per period.

* :func:`segment_comparison` - per value of a segment column: n, NPS with 95% CI, the NPS
  difference to the rest with its CI and a z-test; per topic, the share in the segment vs the
  rest (two-proportion test, Fisher's exact test for small counts); p-values adjusted by
  Benjamini-Hochberg within each table. Segments named like countries/markets/languages carry
  a ``note``: NPS levels differ by culture (response styles), so compare trends within a
  country rather than levels across countries.
* :func:`trends` - per period (``W`` week, ``M`` month, ``Q`` quarter): n, NPS with CI and the
  change vs the previous period (z-test, flagged when significant and both periods have at
  least ``min_n`` respondents); topic shares per period with Wilson CIs and the same change
  test.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxtext.config import check_driver_option
from cxtext.drivers.counts import SliceCounts, grouped_counts, slice_counts
from cxtext.drivers.frame import NEG_SUFFIX, RespondentFrame, mention_kind
from cxtext.drivers.impact import bh_adjust
from cxtext.errors import InputError
from cxtext.nps import MIN_N, nps
from cxtext.schema import SEGMENT_PREFIX

__all__ = ["segment_comparison", "segment_comparison_from_counts", "trends", "trends_from_counts",
           "check_freq", "CULTURE_NOTE"]

CULTURE_NOTE = ("NPS levels differ by country and culture (response styles): compare changes "
                "within a country, not levels across countries.")
_CULTURAL = re.compile(r"country|kraj|pa[nń]stw|market|rynek|j[eę]zyk|language|nation", re.I)
_Z = stats.norm.ppf(0.975)


def _nps_of(groups: np.ndarray) -> Any:
    """NPS with CI from respondent counts per group (low, middle, high)."""
    return nps(int(groups[2]), int(groups[1]), int(groups[0]))


def _nps_diff(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float, float]:
    """Difference of NPS (a - b) with 95% CI and z-test p (independent groups), from the
    respondent counts per group (low, middle, high) of each."""
    ra, rb = _nps_of(a), _nps_of(b)
    se = math.sqrt(ra.se**2 + rb.se**2)
    diff = ra.nps - rb.nps
    if se == 0 or not np.isfinite(se):
        return diff, float("nan"), float("nan"), float("nan")
    p = 2 * stats.norm.sf(abs(diff) / se)
    return diff, diff - _Z * se, diff + _Z * se, float(p)


def _prop_test(k1: int, n1: int, k2: int, n2: int) -> float:
    if min(n1, n2) == 0:
        return float("nan")
    table = np.array([[k1, n1 - k1], [k2, n2 - k2]])
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    if (expected < 5).any():
        return float(stats.fisher_exact(table)[1])
    return float(stats.chi2_contingency(table, correction=False)[1])


def _wilson(k: int, n: int) -> tuple[float, float]:
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    den = 1 + _Z**2 / n
    mid = (p + _Z**2 / (2 * n)) / den
    half = _Z * math.sqrt(p * (1 - p) / n + _Z**2 / (4 * n * n)) / den
    return mid - half, mid + half


def _segment_col(frame: RespondentFrame, segment: str) -> str:
    col = segment if segment in frame.data.columns else SEGMENT_PREFIX + segment
    if col not in frame.data.columns:
        known = [c for c in frame.data.columns if c.startswith(SEGMENT_PREFIX)]
        raise InputError(f"Unknown segment {segment!r}; known: {', '.join(known) or 'none'}.")
    return col


def segment_comparison(frame: RespondentFrame, segment: str, *, min_n: int = MIN_N,
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(NPS per segment value vs the rest, topic shares per segment value vs the rest)."""
    col = _segment_col(frame, segment)
    cols = list(frame.topics.columns)
    everyone = slice_counts(frame).ordered(cols)
    by_value = grouped_counts(frame, frame.data[col].astype(str).to_numpy())
    return segment_comparison_from_counts(everyone, by_value, col, cols, min_n=min_n)


def segment_comparison_from_counts(everyone: SliceCounts, by_value: dict[Any, SliceCounts],
                                   segment: str, topics: list[str], *, min_n: int = MIN_N,
                                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`segment_comparison` from the counts of everyone and of each segment value."""
    col = segment
    note = CULTURE_NOTE if _CULTURAL.search(col) else ""
    nps_rows: list[dict[str, Any]] = []
    topic_rows: list[dict[str, Any]] = []
    for value in sorted(by_value, key=str):
        inside = by_value[value].ordered(topics)
        rest = everyone - inside
        n1, n2 = inside.n, rest.n
        r = _nps_of(inside.groups)
        diff, lo, hi, p = _nps_diff(inside.groups, rest.groups)
        nps_rows.append({"segment": col.removeprefix(SEGMENT_PREFIX), "value": str(value),
                         "n": n1, "nps": r.nps, "nps_ci_low": r.ci_low,
                         "nps_ci_high": r.ci_high, "diff_vs_rest": diff, "diff_ci_low": lo,
                         "diff_ci_high": hi, "p_value": p,
                         "small_sample": bool(n1 < min_n or n2 < min_n),
                         "note": note})
        for code in topics:
            k1, k2 = inside.mentions(code), rest.mentions(code)
            if k1 + k2 == 0:
                continue
            topic_rows.append({"segment": col.removeprefix(SEGMENT_PREFIX), "value": str(value),
                               "topic": code, "negative_only": code.endswith(NEG_SUFFIX),
                               "mention": mention_kind(code),
                               "n": n1, "mentions": k1, "share": k1 / n1 if n1 else np.nan,
                               "share_rest": k2 / n2 if n2 else np.nan,
                               "share_diff": (k1 / n1 if n1 else np.nan)
                               - (k2 / n2 if n2 else np.nan),
                               "p_value": _prop_test(k1, n1, k2, n2),
                               "small_count": bool(k1 < 5 or n1 < min_n)})
    seg_nps = pd.DataFrame(nps_rows)
    seg_nps["p_adjusted"] = bh_adjust(seg_nps["p_value"].to_numpy())
    seg_nps["significant"] = (seg_nps["p_adjusted"] < 0.05) & ~seg_nps["small_sample"]
    seg_topics = pd.DataFrame(topic_rows)
    if len(seg_topics):
        seg_topics["p_adjusted"] = bh_adjust(seg_topics["p_value"].to_numpy())
        seg_topics["significant"] = (seg_topics["p_adjusted"] < 0.05) & \
            ~seg_topics["small_count"]
    return seg_nps, seg_topics


def check_freq(freq: str) -> None:
    """Raise :class:`~cxtext.errors.ConfigError` unless ``freq`` is a period the trends
    know."""
    check_driver_option("freq", freq)


_NO_DATES = "No response dates: map a date column (--date-col) to see trends."


def trends(frame: RespondentFrame, *, freq: str = "M", min_n: int = MIN_N,
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(NPS per period with change vs previous, topic share per period with change)."""
    check_freq(freq)
    if "date" not in frame.data.columns or frame.data["date"].isna().all():
        raise InputError(_NO_DATES)
    period = pd.to_datetime(frame.data["date"]).dt.to_period(freq)
    by_period = grouped_counts(frame, period)
    return trends_from_counts(by_period, list(frame.topics.columns), min_n=min_n)


def trends_from_counts(by_period: dict[Any, SliceCounts], topics: list[str], *,
                       min_n: int = MIN_N) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`trends` from the counts of each period (``pandas.Period`` keys)."""
    if not by_period:
        raise InputError(_NO_DATES)
    rows, trows = [], []
    prev: SliceCounts | None = None
    prev_counts: dict[str, tuple[int, int]] = {}
    for per in sorted(by_period):
        cur = by_period[per].ordered(topics)
        n = cur.n
        r = _nps_of(cur.groups)
        row: dict[str, Any] = {"period": str(per), "n": n, "nps": r.nps,
                               "nps_ci_low": r.ci_low, "nps_ci_high": r.ci_high,
                               "change": np.nan, "change_ci_low": np.nan,
                               "change_ci_high": np.nan, "p_value": np.nan,
                               "small_sample": bool(n < min_n)}
        if prev is not None:
            d, lo, hi, p = _nps_diff(cur.groups, prev.groups)
            row.update(change=d, change_ci_low=lo, change_ci_high=hi, p_value=p)
            row["small_sample"] = row["small_sample"] or prev.n < min_n
        rows.append(row)
        for code in topics:
            k = cur.mentions(code)
            lo, hi = _wilson(k, n)
            pk, pn = prev_counts.get(code, (0, 0))
            trows.append({"period": str(per), "topic": code, "n": n, "mentions": k,
                          "share": k / n if n else np.nan, "share_ci_low": lo,
                          "share_ci_high": hi,
                          "change": (k / n - pk / pn) if n and pn else np.nan,
                          "p_value": _prop_test(k, n, pk, pn) if pn else np.nan,
                          "small_count": bool(n < min_n or pn < min_n)})
            prev_counts[code] = (k, n)
        prev = cur
    nps_t = pd.DataFrame(rows)
    nps_t["significant_change"] = (nps_t["p_value"] < 0.05) & ~nps_t["small_sample"]
    top_t = pd.DataFrame(trows)
    if len(top_t):
        top_t["p_adjusted"] = bh_adjust(top_t["p_value"].to_numpy())
        top_t["significant_change"] = (top_t["p_adjusted"] < 0.05) & ~top_t["small_count"]
    return nps_t, top_t
