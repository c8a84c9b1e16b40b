from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxtext.nps import NPSAccumulator, nps, nps_from_scores, nps_table
from cxtext.schema import CSAT5


@pytest.mark.parametrize(
    ("counts", "expected_nps", "expected_se"),
    [
        # hand-computed: NPS = 100 (pP - pD); SE = 100 sqrt((pP + pD - (pP - pD)^2) / n)
        ((50, 30, 20), 30.0, 100 * math.sqrt((0.5 + 0.2 - 0.09) / 100)),  # 7.8102
        ((3, 1, 0), 75.0, 100 * math.sqrt((0.75 - 0.5625) / 4)),  # 21.6506
        ((0, 0, 10), -100.0, 0.0),
        ((10, 0, 10), 0.0, 100.0 * math.sqrt(1.0 / 20)),
        ((1, 1, 1), 0.0, 100 * math.sqrt(2 / 3 / 3)),
    ],
)
def test_nps_hand_computed(counts, expected_nps, expected_se):
    r = nps(*counts)
    assert r.nps == pytest.approx(expected_nps)
    assert r.se == pytest.approx(expected_se)
    assert r.n == sum(counts)


def test_nps_ci_95_and_other_levels():
    r = nps(50, 30, 20)
    assert r.se == pytest.approx(7.8102, abs=1e-4)
    # adjusted Wald (Rocks 2016): shares (50.75/103, 20.75/103), centre 29.126
    centre, se_adj = 100 * 30 / 103, 100 * math.sqrt((71.5 / 103 - (30 / 103) ** 2) / 103)
    assert (r.ci_low, r.ci_high) == pytest.approx((14.051, 44.201), abs=1e-3)
    assert (r.ci_low, r.ci_high) == pytest.approx(
        (centre - 1.959964 * se_adj, centre + 1.959964 * se_adj), abs=1e-3)
    r90 = nps(50, 30, 20, confidence=0.90)
    assert r90.ci_high - r90.ci_low < r.ci_high - r.ci_low
    assert (r90.ci_low, r90.ci_high) == pytest.approx(
        (centre - 1.644854 * se_adj, centre + 1.644854 * se_adj), abs=1e-3
    )


@pytest.mark.parametrize(("counts", "low", "high"), [
    ((3, 0, 0), -6.579, 100.0),     # all promoters: not the Wald interval's 100 to 100
    ((0, 0, 3), -100.0, 6.579),
    ((0, 5, 0), -30.0, 30.0),       # all passives: not 0 to 0
])
def test_small_groups_in_one_score_group_keep_a_real_interval(counts, low, high):
    r = nps(*counts)
    assert r.se == 0.0
    assert (r.ci_low, r.ci_high) == pytest.approx((low, high), abs=0.1)


def test_ci_clipped_and_empty():
    r = nps(9, 0, 1)
    assert r.ci_high <= 100.0
    empty = nps(0, 0, 0)
    assert empty.n == 0 and math.isnan(empty.nps)
    with pytest.raises(ValueError, match="promoters must be >= 0"):
        nps(-1, 0, 0)
    with pytest.raises(ValueError, match="confidence"):
        nps(1, 1, 1, confidence=1.5)


def test_nps_from_scores_groups():
    # 9-10 promoters, 7-8 passives, 0-6 detractors
    r = nps_from_scores([10, 9, 8, 7, 6, 0, None])
    assert (r.promoters, r.passives, r.detractors) == (2, 2, 2)
    assert r.nps == 0.0


def test_ci_covers_true_nps_at_nominal_rate():
    rng = np.random.default_rng(7)
    p = np.array([0.45, 0.25, 0.30])  # true NPS = 15
    hits = 0
    reps = 2000
    for _ in range(reps):
        c = rng.multinomial(400, p)
        r = nps(int(c[0]), int(c[1]), int(c[2]))
        hits += r.ci_low <= 15.0 <= r.ci_high
    assert 0.93 <= hits / reps <= 0.97


def _responses():
    return pd.DataFrame(
        {
            "source_row": [2, 3, 4, 5, 6, 7, 7],
            "score": pd.array([10, 9, 3, 8, 0, 10, 10], dtype="Int64"),
            "segment_kanal": ["web", "web", "web", "app", "app", None, None],
        }
    )


def test_table_per_segment_counts_respondents_once():
    t = nps_table(_responses())
    overall = t.iloc[0]
    assert (overall["segment"], overall["value"], overall["n"]) == ("all", "all", 6)
    assert overall["nps"] == pytest.approx(100 * (3 - 2) / 6)
    web = t[(t.segment == "kanal") & (t.value == "web")].iloc[0]
    assert (web["promoters"], web["passives"], web["detractors"]) == (2, 0, 1)
    assert web["nps"] == pytest.approx(100 / 3)
    assert web["small_sample"]
    missing = t[(t.segment == "kanal") & (t.value == "(missing)")].iloc[0]
    assert missing["n"] == 1
    assert t["mean_score"].iloc[0] == pytest.approx((10 + 9 + 3 + 8 + 0 + 10) / 6)


def test_accumulator_streaming_equals_batch():
    df = _responses()
    batch = nps_table(df)
    acc = NPSAccumulator(segments=["segment_kanal"])
    acc.update(df.iloc[:3]).update(df.iloc[3:])
    pd.testing.assert_frame_equal(acc.table(), batch)


def test_csat_table_columns():
    df = pd.DataFrame({"source_row": [1, 2, 3], "score": pd.array([5, 3, 1], dtype="Int64")})
    t = nps_table(df, scale=CSAT5)
    assert {"satisfied", "neutral", "dissatisfied", "net_csat"} <= set(t.columns)
    assert t["net_csat"].iloc[0] == pytest.approx(0.0)
