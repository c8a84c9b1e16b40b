"""Per-topic driver table: who mentions it, what it costs in NPS, how sure we are.

For each topic (``mention`` = ``any``), each topic mentioned negatively (``<code>:negative``,
``mention`` = ``negative``: negative or mixed) and each topic mentioned positively
(``<code>:positive``, ``mention`` = ``positive``) - drivers both ways, on one signed scale:

* ``n_mentions``, ``share_all`` and the share of promoters / passives / detractors who
  mention it (``share_high``, ``share_middle``, ``share_low``, named after the scale groups in
  the ``groups`` attribute of the table);
* ``mean_with`` / ``mean_without`` (mean score of respondents mentioning / not mentioning it),
  ``mean_diff`` with a Welch 95% CI; ``lift``: P(detractor | topic) / P(detractor);
* ``nps_impact`` = NPS(all) - NPS(respondents not mentioning the topic), the common CX
  "impact" definition (negative: the topic costs points), and ``recoverable``: NPS points
  gained if the topic's detractors became passives (= 100 x detractors mentioning it / n);
  both with seeded bootstrap 95% CIs. Both statistics depend only on the six cell counts
  (mention x group), so the bootstrap draws multinomial cell counts - exactly a resample of
  respondents, and fast on millions of them;
* significance: chi-square test of mention x group (2 x 3) when every expected count is at
  least 5, else Fisher's exact test of mention x detractor (2 x 2); ``p_adjusted`` by
  Benjamini-Hochberg across all rows of the table; effect sizes ``cramers_v`` and the
  detractor odds ratio with its 95% CI;
* one rule for what to trust (``status``): ``small count`` when fewer than
  ``min_mentions`` respondents mention the topic (or fewer than that do not): the impact
  and its CI are shown, the test is not - such rows are never ``significant`` and
  analyst-facing tables hide their p-values; otherwise ``significant`` when
  ``p_adjusted`` < 0.05 (1 - ``confidence``), else ``not significant``. Fisher's exact test
  covers small expected cells, so they need no flag of their own;
* ``quadrant`` of the signed rows (what to do about it): ``fix first`` (costs points and is
  mentioned often: by at least the median share of respondents among the signed rows with
  10 or more mentions - :func:`quadrant_threshold`), ``watch`` (costs points, mentioned
  less), ``keep`` (adds points, mentioned often), ``minor`` (adds points, mentioned less);
  missing for ``any`` rows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxtext.config import check_driver_option
from cxtext.drivers.counts import SliceCounts, slice_counts
from cxtext.drivers.frame import NEG_SUFFIX, RespondentFrame, base_code, mention_kind
from cxtext.errors import ConfigError
from cxtext.schema import ScoreScale

__all__ = ["driver_table", "driver_table_from_counts", "bh_adjust", "DRIVER_COLUMNS",
           "STATUS", "QUADRANTS", "quadrant_threshold", "topic_rows"]

#: the values of ``status``: the one significance rule of every driver table
STATUS: tuple[str, ...] = ("significant", "not significant", "small count")
#: the values of ``quadrant`` (signed rows): impact sign x mentioned often or not
QUADRANTS: tuple[str, ...] = ("fix first", "watch", "keep", "minor")

DRIVER_COLUMNS: tuple[str, ...] = (
    "topic", "parent", "negative_only", "mention", "n", "n_mentions", "share_all", "share_low",
    "share_middle", "share_high", "mean_with", "mean_without", "mean_diff", "mean_diff_ci_low",
    "mean_diff_ci_high", "lift", "nps_all", "nps_with", "nps_without", "nps_impact",
    "nps_impact_ci_low", "nps_impact_ci_high", "recoverable", "recoverable_ci_low",
    "recoverable_ci_high", "test", "p_value", "p_adjusted", "cramers_v", "odds_ratio",
    "odds_ratio_ci_low", "odds_ratio_ci_high", "small_count", "significant", "status",
    "quadrant",
)


def bh_adjust(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (NaN stays NaN)."""
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    idx = np.flatnonzero(ok)
    order = np.argsort(p[idx])
    ranked = p[idx][order] * m / np.arange(1, m + 1)
    adj = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    out[idx[order]] = adj
    return out


def _nps(cells: np.ndarray) -> np.ndarray:
    """NPS from counts (..., 3) ordered low/middle/high."""
    n = cells.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, 100.0 * (cells[..., 2] - cells[..., 0]) / n, np.nan)


def _impact_stats(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """cells (..., 2, 3): [not mentioned, mentioned] x [low, middle, high]."""
    total = cells.sum(axis=-2)
    n = total.sum(axis=-1)
    impact = _nps(total) - _nps(cells[..., 0, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        recoverable = 100.0 * cells[..., 1, 0] / n
    return impact, recoverable


def driver_table(frame: RespondentFrame, *, n_boot: int = 1000, seed: int = 0,
                 min_mentions: int = 30, confidence: float = 0.95,
                 signed: bool = True) -> pd.DataFrame:
    """The per-topic driver table (columns :data:`DRIVER_COLUMNS`), sorted by ``nps_impact``
    (most costly first). ``signed`` adds the ``<code>:negative`` and ``<code>:positive``
    rows."""
    counts = slice_counts(frame).ordered(list(frame.topics.columns))
    return driver_table_from_counts(counts, frame.scale, n_boot=n_boot, seed=seed,
                                    min_mentions=min_mentions, confidence=confidence,
                                    signed=signed)


def driver_table_from_counts(counts: SliceCounts, scale: ScoreScale, *, n_boot: int = 1000,
                             seed: int = 0, min_mentions: int = 30, confidence: float = 0.95,
                             signed: bool = True) -> pd.DataFrame:
    """:func:`driver_table` from :class:`~cxtext.drivers.counts.SliceCounts` (what the
    streaming driver stage accumulates); topic rows are visited in ``counts.topics`` order,
    which fixes the bootstrap draws. ``n_boot = 0`` switches the bootstrap off: the
    ``nps_impact_ci_*`` and ``recoverable_ci_*`` columns are left empty (NaN). Bad options
    are a :class:`~cxtext.errors.ConfigError`."""
    for key, value in (("n_boot", n_boot), ("seed", seed), ("min_mentions", min_mentions)):
        check_driver_option(key, value)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) \
            or not 0 < confidence < 1:
        raise ConfigError(f"confidence must be a number between 0 and 1 (exclusive), got "
                          f"{confidence!r}. Pass e.g. confidence=0.95 (the default).")
    n = counts.n
    rng = np.random.default_rng(seed)
    alpha = (1 - confidence) / 2
    z = stats.norm.ppf(1 - alpha)
    det_all = counts.groups[0] / n if n else float("nan")
    total_sum, total_sq = (float(v) for v in counts.score)
    rows: list[dict[str, Any]] = []
    for col, r in counts.topics.iterrows():
        col = str(col)
        kind = mention_kind(col)
        if not signed and kind != "any":
            continue
        mentioned = np.rint(r[["low", "middle", "high"]].to_numpy(dtype=float)).astype(np.int64)
        k = int(mentioned.sum())
        if k == 0:
            continue
        cells = np.vstack([counts.groups - mentioned, mentioned])
        impact, recoverable = _impact_stats(cells)
        cis = [float("nan")] * 4  # no bootstrap (n_boot = 0): empty intervals
        if n_boot:
            boot = rng.multinomial(n, (cells / n).ravel(), size=n_boot).reshape(n_boot, 2, 3)
            b_imp, b_rec = _impact_stats(boot.astype(float))
            cis = [float(np.nanquantile(b, q)) for b in (b_imp, b_rec) for q in (alpha, 1 - alpha)]
        mean_with, var_with = _moments(k, float(r["sum"]), float(r["sq"]))
        mean_without, var_without = _moments(n - k, total_sum - float(r["sum"]),
                                             total_sq - float(r["sq"]))
        mdiff, lo, hi = _welch(k, mean_with, var_with, n - k, mean_without, var_without,
                               confidence)
        expected = cells.sum(axis=1, keepdims=True) * cells.sum(axis=0, keepdims=True) / n
        small = k < min_mentions or (n - k) < min_mentions
        if (expected >= 5).all():
            chi2, p, _, _ = stats.chi2_contingency(cells, correction=False)
            test = "chi2"
        else:
            t22 = np.array([[cells[1, 0], cells[1, 1:].sum()], [cells[0, 0], cells[0, 1:].sum()]])
            _, p = stats.fisher_exact(t22)
            chi2 = stats.chi2_contingency(cells + 0.5, correction=False)[0]
            test = "fisher"
        cramers_v = math.sqrt(chi2 / (n * 1)) if n else float("nan")
        a, b = cells[1, 0] + 0.5, cells[1, 1:].sum() + 0.5
        c, d = cells[0, 0] + 0.5, cells[0, 1:].sum() + 0.5
        odds = (a * d) / (b * c)
        se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
        det_with = cells[1, 0] / k
        code = base_code(col)
        rows.append({
            "topic": col, "parent": code.split(".")[0], "negative_only": col.endswith(NEG_SUFFIX),
            "mention": kind,
            "n": n, "n_mentions": k, "share_all": k / n,
            "share_low": _share(cells[1, 0], cells[:, 0].sum()),
            "share_middle": _share(cells[1, 1], cells[:, 1].sum()),
            "share_high": _share(cells[1, 2], cells[:, 2].sum()),
            "mean_with": mean_with, "mean_without": mean_without,
            "mean_diff": mdiff, "mean_diff_ci_low": lo, "mean_diff_ci_high": hi,
            "lift": det_with / det_all if det_all > 0 else float("nan"),
            "nps_all": float(_nps(cells.sum(axis=0))), "nps_with": float(_nps(cells[1])),
            "nps_without": float(_nps(cells[0])),
            "nps_impact": float(impact),
            "nps_impact_ci_low": cis[0], "nps_impact_ci_high": cis[1],
            "recoverable": float(recoverable),
            "recoverable_ci_low": cis[2], "recoverable_ci_high": cis[3],
            "test": test, "p_value": float(p), "cramers_v": cramers_v,
            "odds_ratio": odds, "odds_ratio_ci_low": math.exp(math.log(odds) - z * se),
            "odds_ratio_ci_high": math.exp(math.log(odds) + z * se),
            "small_count": small,
        })
    late = ("p_adjusted", "significant", "status", "quadrant")
    table = pd.DataFrame(rows, columns=[c for c in DRIVER_COLUMNS if c not in late])
    table["p_adjusted"] = bh_adjust(table["p_value"].to_numpy()) if len(table) else []
    table["significant"] = (table["p_adjusted"] < 1 - confidence) & ~table["small_count"]
    table["status"] = np.where(table["small_count"], STATUS[2],
                               np.where(table["significant"], STATUS[0], STATUS[1]))
    table["quadrant"] = _quadrants(table)
    table = table[list(DRIVER_COLUMNS)].sort_values(["nps_impact", "topic"]).reset_index(drop=True)
    table.attrs["groups"] = dict(zip(("low", "middle", "high"), scale.groups, strict=True))
    return table


def topic_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The topic rows (``mention`` = ``any``) of a driver table - also of a table written
    before the ``mention`` column existed."""
    if "mention" in table.columns:
        return table[table["mention"] == "any"]
    return table[~table["topic"].astype(str).str.contains(":")]


def quadrant_threshold(table: pd.DataFrame, *, min_mentions: int = 10) -> float:
    """The share of respondents from which a signed row counts as "mentioned often": the
    median ``share_all`` of the signed rows with at least ``min_mentions`` mentions (of all
    signed rows when none has that many; NaN without signed rows). Rare one-off topics
    would otherwise pull the line down to almost nothing."""
    signed = table[table["mention"] != "any"]
    enough = signed[signed["n_mentions"] >= min_mentions]
    base = enough if len(enough) else signed
    return float(base["share_all"].median()) if len(base) else float("nan")


def _quadrants(table: pd.DataFrame) -> np.ndarray:
    """:data:`QUADRANTS` of the signed rows: impact sign x ``share_all`` at least
    :func:`quadrant_threshold` ("mentioned often"); missing (None) for ``any`` rows."""
    out = np.full(len(table), None, dtype=object)
    signed = (table["mention"] != "any").to_numpy()
    if not signed.any():
        return out
    often = (table["share_all"] >= quadrant_threshold(table)).to_numpy()
    costs = (table["nps_impact"] < 0).to_numpy()
    quad = np.where(costs, np.where(often, QUADRANTS[0], QUADRANTS[1]),
                    np.where(often, QUADRANTS[2], QUADRANTS[3]))
    out[signed] = quad[signed]
    return out


def _share(a: float, b: float) -> float:
    return float(a / b) if b else float("nan")


def _moments(k: int, total: float, squares: float) -> tuple[float, float]:
    """Mean and sample variance of ``k`` values from their sum and sum of squares."""
    if k == 0:
        return float("nan"), float("nan")
    mean = total / k
    var = max(squares - total * mean, 0.0) / (k - 1) if k > 1 else float("nan")
    return mean, var


def _welch(na: int, ma: float, va: float, nb: int, mb: float, vb: float,
           confidence: float) -> tuple[float, float, float]:
    """Difference of means (a - b) with a Welch CI, from counts, means and variances."""
    if na < 2 or nb < 2:
        diff = float(ma - mb) if na and nb else float("nan")
        return diff, float("nan"), float("nan")
    sa, sb = va / na, vb / nb
    diff = float(ma - mb)
    se = math.sqrt(sa + sb)
    if se < 1e-12 * max(1.0, abs(ma), abs(mb)):
        return diff, diff, diff
    dof = (sa + sb) ** 2 / (sa**2 / (na - 1) + sb**2 / (nb - 1))
    t = stats.t.ppf(1 - (1 - confidence) / 2, dof)
    return diff, diff - t * se, diff + t * se
