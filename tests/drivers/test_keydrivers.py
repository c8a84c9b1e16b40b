"""Key-driver models, Shapley R^2, and the simulation: planted effects are recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext.drivers import driver_table, key_drivers, respondent_frame, shapley_r2
from cxtext.drivers.keydrivers import relative_weights
from cxtext.drivers.simulate import DEFAULT_SPEC, population_truth, simulate_survey
from cxtext.errors import ConfigError


def test_shapley_exact_equals_sampled_and_sums_to_r2() -> None:
    rng = np.random.default_rng(0)
    X = rng.integers(0, 2, (500, 4)).astype(float)
    y = X @ np.array([3.0, 1.0, 0.0, 0.5]) + rng.standard_normal(500)
    groups = [[0], [1], [2], [3]]
    exact = shapley_r2(X, y, groups)
    sampled = shapley_r2(X, y, groups, exact_max=0, n_perm=400, rng=rng)
    A = np.column_stack([np.ones(500), X])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    r2 = 1 - np.sum((y - A @ beta) ** 2) / np.sum((y - y.mean()) ** 2)
    assert exact.sum() == pytest.approx(r2)
    np.testing.assert_allclose(sampled, exact, atol=0.01)
    assert list(np.argsort(-exact)) == [0, 1, 3, 2]


def test_relative_weights_sum_to_r2_and_match_known_cases() -> None:
    rng = np.random.default_rng(1)
    X = rng.standard_normal((2000, 3))
    X[:, 2] = 0.8 * X[:, 0] + 0.6 * rng.standard_normal(2000)  # correlated with column 0
    y = X @ np.array([1.0, 0.5, 0.0]) + rng.standard_normal(2000)
    w = relative_weights(X, y)
    A = np.column_stack([np.ones(len(y)), X])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    r2 = 1 - np.sum((y - A @ beta) ** 2) / np.sum((y - y.mean()) ** 2)
    assert w.sum() == pytest.approx(r2) and (w >= 0).all()
    assert w[0] > w[2] > 0  # a correlate of a driver gets a share of it, less than the driver
    # uncorrelated predictors: the weights are the squared correlations with y
    Q = np.linalg.qr(rng.standard_normal((500, 2)) - 0.0)[0] * np.sqrt(500)
    Q -= Q.mean(axis=0)
    y2 = Q @ np.array([0.7, 0.2]) + rng.standard_normal(500)
    r = [np.corrcoef(Q[:, j], y2)[0, 1] ** 2 for j in range(2)]
    np.testing.assert_allclose(relative_weights(Q, y2), r, rtol=0.05)
    # a constant column gets 0 and does not break the rest
    w3 = relative_weights(np.column_stack([X[:, 0], np.ones(len(y))]), y)
    assert w3[1] == 0 and w3[0] > 0


def test_key_drivers_recover_planted_ranking_and_nulls() -> None:
    frame = respondent_frame(simulate_survey(4000, seed=3))
    kd = key_drivers(frame, n_boot=30)
    costly = [t for t, e in sorted(DEFAULT_SPEC.effects.items(), key=lambda kv: kv[1]) if e < 0]
    per_topic = kd.importance.groupby("topic")["shapley_r2"].sum().sort_values(ascending=False)
    assert list(per_topic.index[: len(costly)]) == costly
    # signed like the impact table: the columns of costly topics pull the score down
    imp = kd.importance.set_index("column")
    for t in costly:
        own = imp[imp["topic"] == t]
        assert own.loc[own["shapley_r2"].idxmax(), "direction"] == -1
    for col in ("shapley_r2", "relative_weight"):
        assert kd.importance[col].sum() == pytest.approx(kd.r2, rel=1e-6)
    assert ((kd.importance["rw_ci_low"] <= kd.importance["relative_weight"] + 1e-9)
            & (kd.importance["relative_weight"] <= kd.importance["rw_ci_high"] + 1e-9)).all()
    from cxtext.drivers import bh_adjust

    tab = kd.table.assign(p_adj=bh_adjust(kd.table["ols_p"].to_numpy()))
    nulls = [t for t, e in DEFAULT_SPEC.effects.items() if e == 0]
    assert (tab[tab["topic"].isin(nulls)]["p_adj"] > 0.05).all()
    assert (tab[tab["topic"].isin(costly)]["p_adj"] < 0.05).all()
    assert ((kd.importance["ci_low"] <= kd.importance["shapley_r2"])
            & (kd.importance["shapley_r2"] <= kd.importance["ci_high"] + 1e-9)).all()
    assert 0 < kd.r2 < 1 and kd.n == 4000


def test_collinearity_and_too_few_mentions_are_reported() -> None:
    df = simulate_survey(600, seed=0)
    # make two topics identical: perfect collinearity must be warned about, not crash
    df["topics"] = [[*t, "store.cleanliness"] if "delivery.speed" in t else t
                    for t in df["topics"]]
    kd = key_drivers(respondent_frame(df), n_boot=5, with_negative=False, min_mentions=10)
    assert any("collinearity" in w for w in kd.warnings)
    with pytest.raises(ValueError, match="at least"):
        key_drivers(respondent_frame(df), min_mentions=100_000)


@pytest.mark.slow
def test_ci_coverage_over_repeated_simulations() -> None:
    truth = population_truth(n=400_000).set_index("topic")
    hits_imp, hits_ols, total = 0, 0, 0
    for rep in range(30):
        frame = respondent_frame(simulate_survey(1500, seed=100 + rep))
        table = driver_table(frame, n_boot=300, seed=rep, signed=False)
        table = table.set_index("topic")
        kd = key_drivers(frame, n_boot=0, with_negative=False, min_mentions=1)
        ols = kd.table.set_index("topic")
        for t in truth.index:
            total += 1
            r = table.loc[t]
            hits_imp += r["nps_impact_ci_low"] <= truth.loc[t, "nps_impact"] <= \
                r["nps_impact_ci_high"]
            o = ols.loc[t]
            hits_ols += o["ols_ci_low"] <= truth.loc[t, "ols_coef"] <= o["ols_ci_high"]
    assert 0.88 <= hits_imp / total <= 0.995
    assert 0.88 <= hits_ols / total <= 0.995


def test_simulated_table_has_response_columns() -> None:
    df = simulate_survey(50, seed=1)
    assert list(df.columns) == ["source_row", "response_id", "score", "score_group", "topics",
                                "topic_sentiment"]
    assert df["score"].between(0, 10).all()
    again = simulate_survey(50, seed=1)
    pd.testing.assert_frame_equal(df, again)


@pytest.mark.parametrize("kw, msg", [
    ({"n_boot": -1}, r"n_boot must be an integer from 0 to 100,000.*got -1"),
    ({"n_boot": 2.5}, r"n_boot must be an integer.*\(a float\)"),
    ({"n_boot": True}, r"n_boot must be an integer.*\(a bool\)"),
    ({"seed": "x"}, r"seed must be an integer >= 0.*'x'"),
    ({"min_mentions": 0}, r"min_mentions must be an integer >= 1"),
])
def test_bad_options_are_a_config_error(kw: dict[str, object], msg: str) -> None:
    with pytest.raises(ConfigError, match=msg):
        key_drivers(respondent_frame(simulate_survey(200, seed=1)), **kw)  # type: ignore
