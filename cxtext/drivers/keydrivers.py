"""Key-driver analysis: which topics explain scores when all are considered together.

* OLS of the score on topic indicators, HC3 robust standard errors, 95% CIs; with aspect
  sentiment (``with_negative``) a topic enters as two disjoint indicators, ``<code>:negative``
  (mentioned negatively or mixed) and ``<code>:other``, each against not mentioning it;
* logistic regression of detractor status on the same columns: odds ratios with 95% CIs
  (a column that perfectly separates detractors is reported with NaN and a warning);
* relative importance: Shapley decomposition of the OLS R^2 over topics (a topic's columns
  form one group; exact over all subsets up to ``exact_max`` topics, permutation-sampled
  beyond), with seeded bootstrap 95% CIs (10 sampled permutations per resample); the values
  sum to R^2; at most ``max_topics`` topics (the most mentioned) enter the models;
* collinearity: variance inflation factors; VIF > 5 or |r| > 0.7 between two columns is
  flagged in ``warnings``.
"""

from __future__ import annotations

import itertools
import logging
import math
import warnings as _warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxtext.drivers.frame import NEG_SUFFIX, RespondentFrame
from cxtext.errors import InputError

__all__ = ["KeyDrivers", "key_drivers", "shapley_r2", "OTHER_SUFFIX"]

OTHER_SUFFIX = ":other"

logger = logging.getLogger(__name__)


@dataclass
class KeyDrivers:
    """``table``: one row per column (topic or ``<code>:negative``) with ``ols_coef``,
    ``ols_ci_low``, ``ols_ci_high``, ``ols_p``, ``odds_ratio``, ``or_ci_low``, ``or_ci_high``,
    ``logit_p``, ``vif``; ``importance``: one row per topic with ``shapley_r2``,
    ``share_of_r2``, ``ci_low``, ``ci_high``; ``r2``; ``warnings``."""

    table: pd.DataFrame
    importance: pd.DataFrame
    r2: float
    n: int
    warnings: list[str] = field(default_factory=list)


def _columns(frame: RespondentFrame, min_mentions: int, with_negative: bool,
             max_topics: int = 25) -> tuple[list[str], pd.DataFrame]:
    """Model columns: per topic either ``code`` (any mention) or, with ``with_negative`` and
    enough of both, the disjoint ``code:negative`` / ``code:other`` (negative vs other
    mentions; each against not mentioning the topic)."""
    counts = frame.topics.sum(axis=0)
    n = len(frame)
    out: dict[str, np.ndarray] = {}
    eligible = [c for c in frame.codes if min_mentions <= counts[c] < n]
    if len(eligible) > max_topics:
        eligible = sorted(eligible, key=lambda c: (-counts[c], c))[:max_topics]
        logger.info("key drivers: the %d most mentioned topics enter the models", max_topics)
    for c in eligible:
        neg_col = c + NEG_SUFFIX
        k_neg = int(counts.get(neg_col, 0))
        if with_negative and k_neg >= min_mentions and counts[c] - k_neg >= min_mentions:
            neg = frame.topics[neg_col].to_numpy()
            out[neg_col] = neg
            out[c + OTHER_SUFFIX] = frame.topics[c].to_numpy() - neg
        else:
            out[c] = frame.topics[c].to_numpy()
    return list(out), pd.DataFrame(out)


def _r2_all_subsets(G: np.ndarray, gy: np.ndarray, yy: float, groups: list[list[int]],
                    ) -> dict[frozenset[int], float]:
    """R^2 of every subset of groups from centred Gram matrices."""
    out: dict[frozenset[int], float] = {frozenset(): 0.0}
    k = len(groups)
    for r in range(1, k + 1):
        for combo in itertools.combinations(range(k), r):
            out[frozenset(combo)] = _r2(G, gy, yy, [j for g in combo for j in groups[g]])
    return out


def _r2(G: np.ndarray, gy: np.ndarray, yy: float, cols: list[int]) -> float:
    if not cols or yy <= 0:
        return 0.0
    sub = G[np.ix_(cols, cols)]
    try:
        beta = np.linalg.solve(sub, gy[cols])
    except np.linalg.LinAlgError:
        beta = np.linalg.lstsq(sub, gy[cols], rcond=None)[0]
    return float(np.clip(beta @ gy[cols] / yy, 0.0, 1.0))


def shapley_r2(X: np.ndarray, y: np.ndarray, groups: list[list[int]], *, exact_max: int = 10,
               n_perm: int = 200, rng: np.random.Generator | None = None) -> np.ndarray:
    """Shapley value of each group of columns in the R^2 of OLS of ``y`` on ``X``
    (LMG relative importance). Values sum to the full-model R^2."""
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    G, gy, yy = Xc.T @ Xc, Xc.T @ yc, float(yc @ yc)
    k = len(groups)
    phi = np.zeros(k)
    if k == 0:
        return phi
    if k <= exact_max:
        r2 = _r2_all_subsets(G, gy, yy, groups)
        for g in range(k):
            others = [j for j in range(k) if j != g]
            for r in range(len(others) + 1):
                w = math.factorial(r) * math.factorial(k - r - 1) / math.factorial(k)
                for combo in itertools.combinations(others, r):
                    s = frozenset(combo)
                    phi[g] += w * (r2[s | {g}] - r2[s])
        return phi
    rng = rng or np.random.default_rng(0)
    cache: dict[frozenset[int], float] = {frozenset(): 0.0}
    for _ in range(n_perm):
        order = rng.permutation(k)
        prev, members = 0.0, frozenset[int]()
        for g in order:
            members = members | {int(g)}
            val = cache.get(members)
            if val is None:
                val = cache[members] = _r2(G, gy, yy, [j for m in members for j in groups[m]])
            phi[g] += val - prev
            prev = val
    return phi / n_perm


def key_drivers(frame: RespondentFrame, *, min_mentions: int = 30, with_negative: bool = True,
                n_boot: int = 50, seed: int = 0, exact_max: int = 10,
                max_topics: int = 25) -> KeyDrivers:
    """OLS + logistic key-driver models and Shapley R^2 importance with bootstrap CIs."""
    import statsmodels.api as sm

    cols, design = _columns(frame, min_mentions, with_negative, max_topics)
    if not cols:
        raise InputError(f"No topic is mentioned by at least {min_mentions} respondents (and "
                         "not by all): nothing to model. Lower min_mentions or add data.")
    X = design.to_numpy(dtype=float)
    y = frame.data["score"].to_numpy(dtype=float)
    det = (frame.data["score_group"] == frame.scale.low).to_numpy(dtype=float)
    n = len(y)
    notes: list[str] = []
    Xc = sm.add_constant(X, has_constant="add")
    if np.linalg.matrix_rank(Xc) < Xc.shape[1]:
        notes.append("collinearity: the design matrix is rank-deficient (some topics always "
                     "co-occur or never occur apart); their coefficients are not identified.")
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        ols = sm.OLS(y, Xc).fit(cov_type="HC3")
    ci = np.asarray(ols.conf_int())
    base = [c.removesuffix(NEG_SUFFIX).removesuffix(OTHER_SUFFIX) for c in cols]
    table = pd.DataFrame({"column": cols, "topic": base,
                          "mention": ["negative" if c.endswith(NEG_SUFFIX) else "other"
                                      if c.endswith(OTHER_SUFFIX) else "any" for c in cols],
                          "n_mentions": X.sum(axis=0).astype(int),
                          "ols_coef": ols.params[1:], "ols_ci_low": ci[1:, 0],
                          "ols_ci_high": ci[1:, 1], "ols_p": ols.pvalues[1:]})
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            logit = sm.Logit(det, Xc).fit(disp=0, maxiter=200)
        lci = np.asarray(logit.conf_int())
        table["odds_ratio"] = np.exp(logit.params[1:])
        table["or_ci_low"], table["or_ci_high"] = np.exp(lci[1:, 0]), np.exp(lci[1:, 1])
        table["logit_p"] = logit.pvalues[1:]
        big = np.abs(logit.params[1:]) > 10
        if big.any():
            notes.append("logistic model: near-perfect separation for "
                         f"{', '.join(np.array(cols)[big])}; their odds ratios are unreliable.")
    except Exception as exc:  # singular matrix, perfect separation
        notes.append(f"logistic model could not be fitted ({type(exc).__name__}: {exc}).")
        for c in ("odds_ratio", "or_ci_low", "or_ci_high", "logit_p"):
            table[c] = np.nan
    table["vif"] = _vif(X)
    for c, v in zip(cols, table["vif"], strict=True):
        if v > 5:
            notes.append(f"collinearity: VIF {v:.1f} for {c}; its coefficient is unstable.")
    if len(cols) > 1:
        corr = np.corrcoef(X, rowvar=False)
        for i, j in zip(*np.triu_indices(len(cols), 1), strict=True):
            if abs(corr[i, j]) > 0.7:
                notes.append(f"collinearity: {cols[i]} and {cols[j]} correlate "
                             f"(r = {corr[i, j]:.2f}).")
    # importance: one group per topic (its mention and negative-mention columns)
    topics = list(dict.fromkeys(table["topic"]))
    groups = [[j for j, b in enumerate(base) if b == t] for t in topics]
    rng = np.random.default_rng(seed)
    phi = shapley_r2(X, y, groups, exact_max=exact_max, rng=rng)
    boots = np.empty((n_boot, len(topics)))
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        boots[b] = shapley_r2(X[idx], y[idx], groups, exact_max=0, n_perm=10, rng=rng)
    r2 = float(ols.rsquared)
    lo = np.quantile(boots, 0.025, axis=0) if n_boot else np.full(len(topics), np.nan)
    hi = np.quantile(boots, 0.975, axis=0) if n_boot else np.full(len(topics), np.nan)
    importance = pd.DataFrame({
        "topic": topics, "shapley_r2": phi,
        "share_of_r2": phi / phi.sum() if phi.sum() > 0 else np.nan,
        "ci_low": lo, "ci_high": hi,
    }).sort_values("shapley_r2", ascending=False).reset_index(drop=True)
    for w in notes:
        logger.warning(w)
    return KeyDrivers(table.reset_index(drop=True), importance, r2, n, notes)


def _vif(X: np.ndarray) -> np.ndarray:
    if X.shape[1] < 2:
        return np.ones(X.shape[1])
    corr = np.corrcoef(X, rowvar=False)
    try:
        inv = np.linalg.inv(corr)
    except np.linalg.LinAlgError:
        return np.full(X.shape[1], np.inf)
    return np.diag(inv)
