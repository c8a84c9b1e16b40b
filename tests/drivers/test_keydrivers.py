"""Key-driver models, Shapley R^2, and the simulation: planted effects are recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext.drivers import driver_table, key_drivers, respondent_frame, shapley_r2
from cxtext.drivers.simulate import DEFAULT_SPEC, population_truth, simulate_survey


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


def test_key_drivers_recover_planted_ranking_and_nulls() -> None:
    frame = respondent_frame(simulate_survey(4000, seed=3))
    kd = key_drivers(frame, n_boot=30)
    costly = [t for t, e in sorted(DEFAULT_SPEC.effects.items(), key=lambda kv: kv[1]) if e < 0]
    assert list(kd.importance["topic"][: len(costly)]) == costly
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
        table = driver_table(frame, n_boot=300, seed=rep, include_negative=False)
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
