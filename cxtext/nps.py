"""Net Promoter Score with its standard error and confidence interval, overall and per segment.

With ``n`` respondents and shares ``p_P`` (promoters, 9-10) and ``p_D`` (detractors,
0-6), ``NPS = 100 (p_P - p_D)``. Each respondent contributes +1, 0 or -1, so the
multinomial variance of one answer is ``p_P + p_D - (p_P - p_D)^2`` and

    SE(NPS) = 100 * sqrt((p_P + p_D - (p_P - p_D)^2) / n)

The interval is Rocks's adjusted Wald (Rocks 2016, *Interval estimation for the Net Promoter
Score*, The American Statistician 70(4); the best-covering of the methods compared there and
by Sauro & Lewis on real NPS data): add 3/4 of a respondent to the promoters and to the
detractors (3 to ``n``), then ``NPS' +/- z * SE'`` from those adjusted shares, clipped to
[-100, 100]. Unlike the plain Wald interval it does not collapse to a point when every
respondent is in one group (3 promoters: 100 with CI -6.6 to 100, not 100 to 100). ``se``
is the plain standard error above (the difference tests use it). Groups with fewer than
``min_n`` (default 30) respondents are flagged ``small_sample``: their interval is wide.

The same arithmetic on any :class:`~cxtext.schema.ScoreScale` gives a "net" score
(share of the top group minus share of the bottom group); for CSAT scales the table
columns are named after that scale's groups.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxtext.schema import NPS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = ["NPSResult", "nps", "nps_from_scores", "NPSAccumulator", "nps_table", "MIN_N"]

MIN_N = 30
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class NPSResult:
    """NPS of one group of respondents (all values in points, -100..100)."""

    n: int
    promoters: int
    passives: int
    detractors: int
    nps: float
    se: float
    ci_low: float
    ci_high: float

    @property
    def small_sample(self) -> bool:
        return self.n < MIN_N


def nps(promoters: int, passives: int, detractors: int, *, confidence: float = 0.95) -> NPSResult:
    """NPS, its standard error and confidence interval from the three counts."""
    for name, v in (("promoters", promoters), ("passives", passives), ("detractors", detractors)):
        if v < 0:
            raise ValueError(f"{name} must be >= 0, got {v}")
    n = promoters + passives + detractors
    if n == 0:
        nan = float("nan")
        return NPSResult(0, 0, 0, 0, nan, nan, nan, nan)
    p_p, p_d = promoters / n, detractors / n
    value = 100.0 * (p_p - p_d)
    var = max(p_p + p_d - (p_p - p_d) ** 2, 0.0)
    se = 100.0 * math.sqrt(var / n)
    z = _z(confidence)
    n_a = n + 3  # adjusted Wald: 3/4 respondent more promoters and detractors, 3/2 passives
    a_p, a_d = (promoters + 0.75) / n_a, (detractors + 0.75) / n_a
    centre = 100.0 * (a_p - a_d)
    half = z * 100.0 * math.sqrt(max(a_p + a_d - (a_p - a_d) ** 2, 0.0) / n_a)
    return NPSResult(
        n,
        promoters,
        passives,
        detractors,
        value,
        se,
        max(-100.0, centre - half),
        min(100.0, centre + half),
    )


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if abs(confidence - 0.95) < 1e-12:
        return _Z95
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def nps_from_scores(
    scores: Sequence[int] | np.ndarray | pd.Series,
    *,
    scale: ScoreScale = NPS,
    confidence: float = 0.95,
) -> NPSResult:
    """NPS from raw scores (missing values ignored)."""
    arr = pd.to_numeric(pd.Series(scores), errors="coerce").dropna().to_numpy()
    high = int((arr >= scale.high_min).sum())
    low = int((arr <= scale.low_max).sum())
    return nps(high, len(arr) - high - low, low, confidence=confidence)


class NPSAccumulator:
    """Collect group counts chunk by chunk (streaming) and produce the NPS table at the end.

    Respondents are counted once even when the response table has several open-text
    questions per respondent (rows with the same ``source_row``).
    """

    def __init__(self, *, scale: str | ScoreScale = "nps", segments: Sequence[str] = ()) -> None:
        self.scale = get_scale(scale)
        self.segments = list(segments)
        self._counts: dict[tuple[str, str], np.ndarray] = {}

    def update(self, responses: pd.DataFrame) -> NPSAccumulator:
        if responses.empty:
            return self
        people = responses.drop_duplicates("source_row")
        self._add("all", pd.Series("all", index=people.index), people)
        for seg in self.segments:
            col = seg if seg in people.columns else SEGMENT_PREFIX + seg
            values = people[col].astype(object).fillna("").astype(str).replace("", "(missing)")
            self._add(col.removeprefix(SEGMENT_PREFIX), values, people)
        return self

    def _add(self, segment: str, values: pd.Series, people: pd.DataFrame) -> None:
        s = self.scale
        score = people["score"].astype("float64")
        frame = pd.DataFrame(
            {
                "value": values.to_numpy(),
                "high": (score >= s.high_min).to_numpy(),
                "low": (score <= s.low_max).to_numpy(),
                "score": score.to_numpy(),
            }
        )
        frame["middle"] = ~(frame["high"] | frame["low"])
        agg = frame.groupby("value", sort=False).agg(
            high=("high", "sum"),
            middle=("middle", "sum"),
            low=("low", "sum"),
            score=("score", "sum"),
        )
        for value, row in agg.iterrows():
            key = (segment, str(value))
            arr = row[["high", "middle", "low", "score"]].to_numpy(dtype=np.float64)
            if key in self._counts:
                self._counts[key] += arr
            else:
                self._counts[key] = arr.copy()

    def table(self, *, confidence: float = 0.95, min_n: int = MIN_N) -> pd.DataFrame:
        """One row per (segment, value), starting with the overall row ``("all", "all")``."""
        s = self.scale
        hi, mid, lo = (f"{g}s" if s.name == "nps" else g for g in (s.high, s.middle, s.low))
        metric = "nps" if s.name == "nps" else f"net_{s.name}"
        rows = []
        for (segment, value), (h, m, lo_n, total) in self._counts.items():
            r = nps(int(h), int(m), int(lo_n), confidence=confidence)
            rows.append(
                {
                    "segment": segment,
                    "value": value,
                    "n": r.n,
                    hi: r.promoters,
                    mid: r.passives,
                    lo: r.detractors,
                    f"pct_{hi}": 100.0 * r.promoters / r.n if r.n else np.nan,
                    f"pct_{mid}": 100.0 * r.passives / r.n if r.n else np.nan,
                    f"pct_{lo}": 100.0 * r.detractors / r.n if r.n else np.nan,
                    metric: r.nps,
                    f"{metric}_se": r.se,
                    f"{metric}_ci_low": r.ci_low,
                    f"{metric}_ci_high": r.ci_high,
                    "mean_score": total / r.n if r.n else np.nan,
                    "small_sample": r.n < min_n,
                }
            )
        columns = [
            "segment",
            "value",
            "n",
            hi,
            mid,
            lo,
            f"pct_{hi}",
            f"pct_{mid}",
            f"pct_{lo}",
            metric,
            f"{metric}_se",
            f"{metric}_ci_low",
            f"{metric}_ci_high",
            "mean_score",
            "small_sample",
        ]
        out = pd.DataFrame(rows, columns=columns)
        if out.empty:
            return out
        order = {
            seg: i
            for i, seg in enumerate(
                ["all", *[x.removeprefix(SEGMENT_PREFIX) for x in self.segments]]
            )
        }
        out["_o"] = out["segment"].map(order)
        out = out.sort_values(["_o", "n", "value"], ascending=[True, False, True], kind="stable")
        return out.drop(columns="_o").reset_index(drop=True)


def nps_table(
    responses: pd.DataFrame,
    *,
    segments: Sequence[str] | None = None,
    scale: str | ScoreScale = "nps",
    confidence: float = 0.95,
    min_n: int = MIN_N,
) -> pd.DataFrame:
    """NPS overall and per value of each segment column, with SE, CI and a small-sample flag.

    ``segments`` defaults to every ``segment_*`` column of the response table.
    """
    if segments is None:
        segments = [c for c in responses.columns if c.startswith(SEGMENT_PREFIX)]
    acc = NPSAccumulator(scale=scale, segments=segments)
    return acc.update(responses).table(confidence=confidence, min_n=min_n)
