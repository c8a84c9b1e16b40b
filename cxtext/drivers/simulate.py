"""Surveys with planted topic effects, to check that the driver analysis finds them.

:func:`simulate_survey` draws respondents whose topic mentions co-occur realistically (a
Gaussian copula: one shared "bad experience" factor plus noise, so costly topics tend to
come together and null topics ride along with them), then a 0-10 score

    score = clip(round(base + sum_t effect_t * mention_t + noise), 0, 10)

Null topics have effect 0. A mention is negative with probability ``p_negative`` for a costly
topic (effect < 0) and 0.3 otherwise. The result has the columns of an enriched response
table (``source_row``, ``response_id``, ``score``, ``score_group``, ``topics``,
``topic_sentiment``), so every driver function runs on it unchanged.

:func:`population_truth` evaluates the same generator on a very large population to get the
"true" NPS impact of each topic and the population OLS coefficients, against which CI
coverage is measured (the rounding and clipping of scores make those differ from ``effect``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["SimSpec", "simulate_survey", "population_truth", "DEFAULT_SPEC"]


@dataclass
class SimSpec:
    """Planted effects (score points, negative = costly) and prevalences per topic."""

    effects: dict[str, float]
    prevalence: dict[str, float]
    base: float = 8.6
    noise_sd: float = 1.6
    correlation: float = 0.35
    p_negative: float = 0.85
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def topics(self) -> list[str]:
        return list(self.effects)


DEFAULT_SPEC = SimSpec(
    effects={"delivery.speed": -2.5, "service.hotline": -2.0, "complaints.process": -1.5,
             "price.level": -1.0, "product.quality": -0.5, "digital.app": 0.0,
             "store.look": 0.0, "communication.marketing": 0.0, "delivery.cost": 0.0},
    prevalence={"delivery.speed": 0.18, "service.hotline": 0.10, "complaints.process": 0.08,
                "price.level": 0.20, "product.quality": 0.22, "digital.app": 0.12,
                "store.look": 0.06, "communication.marketing": 0.05, "delivery.cost": 0.09},
)


def _draw(n: int, spec: SimSpec, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray,
                                                                       np.ndarray]:
    k = len(spec.topics)
    a = np.sqrt(spec.correlation)
    z = rng.standard_normal((n, 1))
    e = rng.standard_normal((n, k))
    latent = a * z + np.sqrt(1 - spec.correlation) * e
    thresholds = stats.norm.ppf([spec.prevalence[t] for t in spec.topics])
    X = (latent < thresholds).astype(np.int8)
    beta = np.array([spec.effects[t] for t in spec.topics])
    raw = spec.base + X @ beta + spec.noise_sd * rng.standard_normal(n)
    score = np.clip(np.rint(raw), 0, 10).astype(int)
    p_neg = np.where(beta < 0, spec.p_negative, 0.3)
    neg = (rng.random((n, k)) < p_neg) & (X == 1)
    return X, score, neg


def simulate_survey(n: int, spec: SimSpec = DEFAULT_SPEC, *, seed: int = 0) -> pd.DataFrame:
    """A simulated enriched response table of ``n`` respondents."""
    rng = np.random.default_rng(seed)
    X, score, neg = _draw(n, spec, rng)
    topics = np.array(spec.topics, dtype=object)
    codes = [list(topics[row.astype(bool)]) for row in X]
    sents = [[{"topic": t, "sentiment": "negative" if ng else "positive"}
              for t, on, ng in zip(topics, row, nrow, strict=True) if on]
             for row, nrow in zip(X, neg, strict=True)]
    group = np.where(score >= 9, "promoter", np.where(score <= 6, "detractor", "passive"))
    return pd.DataFrame({
        "source_row": np.arange(2, n + 2), "response_id": [f"S{i:07d}" for i in range(n)],
        "score": pd.array(score, dtype="Int64"), "score_group": group,
        "topics": codes, "topic_sentiment": sents,
    })


def population_truth(spec: SimSpec = DEFAULT_SPEC, *, n: int = 1_000_000, seed: int = 12345,
                     ) -> pd.DataFrame:
    """Per topic: planted ``effect``, population ``nps_impact`` (NPS all - NPS without the
    topic) and ``ols_coef`` (population OLS of score on all mentions), from ``n`` draws."""
    rng = np.random.default_rng(seed)
    X, score, _ = _draw(n, spec, rng)
    val = np.where(score >= 9, 1.0, np.where(score <= 6, -1.0, 0.0))
    nps_all = 100 * val.mean()
    A = np.column_stack([np.ones(n), X.astype(float)])
    coef = np.linalg.lstsq(A, score.astype(float), rcond=None)[0][1:]
    rows = []
    for j, t in enumerate(spec.topics):
        without = X[:, j] == 0
        rows.append({"topic": t, "effect": spec.effects[t], "prevalence": X[:, j].mean(),
                     "nps_impact": nps_all - 100 * val[without].mean(), "ols_coef": coef[j]})
    return pd.DataFrame(rows)
