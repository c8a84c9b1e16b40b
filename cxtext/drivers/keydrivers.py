"""Key-driver analysis: which topics explain scores when all are considered together.

* OLS of the score on topic indicators, HC3 robust standard errors, 95% CIs; with aspect
  sentiment (``with_negative``) a topic enters as disjoint indicators - ``<code>:negative``
  (mentioned negatively or mixed), ``<code>:positive`` (mentioned positively, never
  negatively) and ``<code>:other`` (the rest of its mentions) - each against not mentioning
  it and each only with at least ``min_mentions`` respondents (a smaller signed group stays
  in ``:other``; a remainder under ``min_mentions`` is left out of the models); a topic with
  neither signed group large enough enters as one indicator, ``<code>``. These are the rows of
  the impact table, so the two analyses can be read side by side;
* logistic regression of detractor status on the same columns: odds ratios with 95% CIs
  (a column that perfectly separates detractors is reported with NaN and a warning);
* relative importance of each column, two ways, both summing to R^2 and both with seeded
  bootstrap 95% CIs: the Shapley decomposition of the OLS R^2 (LMG; exact over all subsets up
  to ``exact_max`` columns, permutation-sampled beyond, 10 sampled permutations per
  resample) and Johnson's relative weights (the default of Qualtrics Stats iQ; closed form,
  from the eigen-decomposition of the predictors' correlations). ``direction`` is the sign of
  the column's OLS coefficient, so the importance can be drawn on the same signed scale as
  the impact table; at most ``max_topics`` topics (the most mentioned) enter the models;
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

from cxtext.config import check_driver_option
from cxtext.drivers.frame import (
    NEG_SUFFIX,
    POS_SUFFIX,
    RespondentFrame,
    base_code,
    mention_kind,
)
from cxtext.errors import InputError

__all__ = ["KeyDrivers", "key_drivers", "relative_weights", "shapley_r2", "OTHER_SUFFIX"]

OTHER_SUFFIX = ":other"
_MIN_CELL = 5  # detractors and non-detractors a column needs to enter the logistic model

logger = logging.getLogger(__name__)


@dataclass
class KeyDrivers:
    """``table``: one row per model column (``<code>``, ``<code>:negative``,
    ``<code>:positive``, ``<code>:other``) with ``ols_coef``, ``ols_ci_low``, ``ols_ci_high``,
    ``ols_p``, ``odds_ratio``, ``or_ci_low``, ``or_ci_high``, ``logit_p``, ``vif``;
    ``importance``: one row per model column with ``direction`` (sign of the OLS
    coefficient), ``shapley_r2``, ``share_of_r2``, ``ci_low``, ``ci_high`` (of
    ``shapley_r2``), ``relative_weight``, ``rw_share``, ``rw_ci_low``, ``rw_ci_high``, sorted
    by ``shapley_r2``; ``r2``; ``warnings``."""

    table: pd.DataFrame
    importance: pd.DataFrame
    r2: float
    n: int
    warnings: list[str] = field(default_factory=list)


def _columns(frame: RespondentFrame, min_mentions: int, with_negative: bool,
             max_topics: int = 25) -> tuple[list[str], pd.DataFrame]:
    """Model columns (see the module docstring): per topic ``code`` or disjoint
    ``code:negative`` / ``code:positive`` / ``code:other``."""
    counts = frame.topics.sum(axis=0)
    n = len(frame)
    out: dict[str, np.ndarray] = {}
    eligible = [c for c in frame.codes if min_mentions <= counts[c] < n]
    if len(eligible) > max_topics:
        eligible = sorted(eligible, key=lambda c: (-counts[c], c))[:max_topics]
        logger.info("key drivers: the %d most mentioned topics enter the models", max_topics)
    for c in eligible:
        anyc = frame.topics[c].to_numpy()
        zero = np.zeros_like(anyc)
        neg = frame.topics[c + NEG_SUFFIX].to_numpy() if c + NEG_SUFFIX in frame.topics else zero
        pos = frame.topics[c + POS_SUFFIX].to_numpy() if c + POS_SUFFIX in frame.topics else zero
        pos = pos * (1 - neg)  # disjoint: a respondent who complained is a negative mention
        signed = {c + NEG_SUFFIX: neg, c + POS_SUFFIX: pos} if with_negative else {}
        kept = {k: v for k, v in signed.items() if v.sum() >= min_mentions}
        if not kept:
            out[c] = anyc
            continue
        out.update(kept)
        rest = anyc - sum(kept.values())
        if rest.sum() >= min_mentions:
            out[c + OTHER_SUFFIX] = rest
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


def relative_weights(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights of the columns of ``X`` in the OLS R^2 of ``y``: the
    predictors are replaced by their closest orthogonal counterparts (the symmetric square
    root of their correlation matrix), ``y`` is regressed on those, and each weight is the
    variance the predictor shares with them. Non-negative, summing to R^2; a constant
    column gets 0."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    out = np.zeros(X.shape[1])
    sd = X.std(axis=0)
    ok = sd > 0
    if not ok.any() or y.std() == 0:
        return out
    Z = (X[:, ok] - X[:, ok].mean(axis=0)) / sd[ok]
    yz = (y - y.mean()) / y.std()
    n = len(y)
    rxx, rxy = Z.T @ Z / n, Z.T @ yz / n
    evals, evecs = np.linalg.eigh(rxx)
    lam = evecs @ np.diag(np.sqrt(np.clip(evals, 0.0, None))) @ evecs.T
    beta = np.linalg.pinv(lam) @ rxy
    out[ok] = (lam ** 2) @ (beta ** 2)
    return out


def key_drivers(frame: RespondentFrame, *, min_mentions: int = 30, with_negative: bool = True,
                n_boot: int = 50, seed: int = 0, exact_max: int = 10,
                max_topics: int = 25) -> KeyDrivers:
    """OLS + logistic key-driver models and Shapley R^2 importance with bootstrap CIs
    (``n_boot`` resamples; ``0``: no bootstrap, empty intervals). Bad options are a
    :class:`~cxtext.errors.ConfigError`."""
    import statsmodels.api as sm

    check_driver_option("n_boot", n_boot, spec="kda_boot")
    check_driver_option("seed", seed)
    check_driver_option("min_mentions", min_mentions)

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
    base = [base_code(c.removesuffix(OTHER_SUFFIX)) for c in cols]
    table = pd.DataFrame({"column": cols, "topic": base,
                          "mention": ["other" if c.endswith(OTHER_SUFFIX) else mention_kind(c)
                                      for c in cols],
                          "n_mentions": X.sum(axis=0).astype(int),
                          "ols_coef": ols.params[1:], "ols_ci_low": ci[1:, 0],
                          "ols_ci_high": ci[1:, 1], "ols_p": ols.pvalues[1:]})
    for c in ("odds_ratio", "or_ci_low", "or_ci_high", "logit_p"):
        table[c] = np.nan
    # the logistic model leaves out columns that (nearly) separate detractors - e.g. praise
    # of a topic, which detractors rarely give: their odds ratio is not estimable
    det_in = det @ X
    fit = (det_in >= _MIN_CELL) & (X.sum(axis=0) - det_in >= _MIN_CELL)
    if (~fit).any():
        notes.append("logistic model: fewer than 5 detractors (or non-detractors) mention "
                     f"{', '.join(np.array(cols)[~fit])}; left out of it (no odds ratio).")
    if not fit.any():
        notes.append("logistic model could not be fitted (no column has 5 detractors and 5 "
                     "non-detractors).")
    else:
        _fit_logit(table, det, X, fit, cols, notes)
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
    # importance of each model column (the rows of the impact table): Shapley R^2 and
    # Johnson's relative weights, with one bootstrap for both
    groups = [[j] for j in range(len(cols))]
    rng = np.random.default_rng(seed)
    phi = shapley_r2(X, y, groups, exact_max=exact_max, rng=rng)
    rw = relative_weights(X, y)
    boots = np.empty((n_boot, len(cols)))
    rw_boots = np.empty((n_boot, len(cols)))
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        boots[b] = shapley_r2(X[idx], y[idx], groups, exact_max=0, n_perm=10, rng=rng)
        rw_boots[b] = relative_weights(X[idx], y[idx])
    r2 = float(ols.rsquared)

    def ci(values: np.ndarray, q: float) -> np.ndarray:
        return np.quantile(values, q, axis=0) if n_boot else np.full(len(cols), np.nan)

    importance = pd.DataFrame({
        "column": cols, "topic": base, "mention": table["mention"].to_numpy(),
        "n_mentions": table["n_mentions"].to_numpy(),
        "direction": np.where(table["ols_coef"].to_numpy() < 0, -1, 1),
        "shapley_r2": phi, "share_of_r2": phi / phi.sum() if phi.sum() > 0 else np.nan,
        "ci_low": ci(boots, 0.025), "ci_high": ci(boots, 0.975),
        "relative_weight": rw, "rw_share": rw / rw.sum() if rw.sum() > 0 else np.nan,
        "rw_ci_low": ci(rw_boots, 0.025), "rw_ci_high": ci(rw_boots, 0.975),
    }).sort_values(["shapley_r2", "column"], ascending=[False, True]).reset_index(drop=True)
    for w in notes:
        logger.warning(w)
    return KeyDrivers(table.reset_index(drop=True), importance, r2, n, notes)


def _fit_logit(table: pd.DataFrame, det: np.ndarray, X: np.ndarray, fit: np.ndarray,
               cols: list[str], notes: list[str]) -> None:
    """Logistic regression of detractor status on the ``fit`` columns of ``X``: odds ratios,
    their CIs and p-values into ``table`` (those rows); problems go to ``notes``."""
    import statsmodels.api as sm

    try:
        with _warnings.catch_warnings(), np.errstate(over="ignore"):
            _warnings.simplefilter("ignore")
            logit = sm.Logit(det, sm.add_constant(X[:, fit], has_constant="add")).fit(
                disp=0, maxiter=200)
            lci = np.asarray(logit.conf_int())
            table.loc[fit, "odds_ratio"] = np.exp(logit.params[1:])
            table.loc[fit, "or_ci_low"] = np.exp(lci[1:, 0])
            table.loc[fit, "or_ci_high"] = np.exp(lci[1:, 1])
    except Exception as exc:  # singular matrix, perfect separation
        notes.append(f"logistic model could not be fitted ({type(exc).__name__}: {exc}).")
        return
    table.loc[fit, "logit_p"] = logit.pvalues[1:]
    big = np.abs(logit.params[1:]) > 10
    if big.any():
        notes.append("logistic model: near-perfect separation for "
                     f"{', '.join(np.array(cols)[fit][big])}; their odds ratios are unreliable.")


def _vif(X: np.ndarray) -> np.ndarray:
    if X.shape[1] < 2:
        return np.ones(X.shape[1])
    corr = np.corrcoef(X, rowvar=False)
    try:
        inv = np.linalg.inv(corr)
    except np.linalg.LinAlgError:
        return np.full(X.shape[1], np.inf)
    return np.diag(inv)
