"""Per-topic driver table against hand-computed values; BH; bootstrap reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext.drivers import bh_adjust, driver_table, respondent_frame
from cxtext.drivers.impact import quadrant_threshold
from cxtext.errors import ConfigError


def survey(rows: list[tuple[int, str, str]]) -> pd.DataFrame:
    """(score, topics, topic_sentiment) per respondent."""
    return pd.DataFrame({
        "source_row": range(2, len(rows) + 2),
        "response_id": [f"R{i}" for i in range(len(rows))],
        "score": pd.array([r[0] for r in rows], dtype="Int64"),
        "score_group": ["promoter" if r[0] >= 9 else "detractor" if r[0] <= 6 else "passive"
                        for r in rows],
        "topics": [codes(r[1]) for r in rows], "topic_sentiment": [pairs(r[2]) for r in rows],
    })


def codes(cell: str) -> list[str]:
    """Test data in the readable CSV form ("a; b") as the list column it stands for."""
    return [c for c in cell.split("; ") if c]


def pairs(cell: str) -> list[dict[str, str]]:
    """"a=negative; b=positive" as a ``topic_sentiment`` list."""
    return [dict(zip(("topic", "sentiment"), kv.split("="), strict=True))
            for kv in cell.split("; ") if kv]


# 10 respondents: 4 promoters, 2 passives, 4 detractors -> NPS 0
ROWS = [
    (10, "", ""), (9, "", ""), (10, "price.level", "price.level=positive"), (9, "", ""),
    (8, "", ""), (7, "delivery.speed", "delivery.speed=negative"),
    (3, "delivery.speed", "delivery.speed=negative"),
    (2, "delivery.speed; price.level", "delivery.speed=negative; price.level=negative"),
    (5, "delivery.speed", "delivery.speed=mixed"), (6, "", ""),
]


def test_hand_computed_values() -> None:
    frame = respondent_frame(survey(ROWS))
    t = driver_table(frame, n_boot=200, min_mentions=1).set_index("topic")
    d = t.loc["delivery.speed"]
    # mentioned by 4: 1 passive, 3 detractors; not mentioned: 4 promoters, 1 passive, 1 det.
    assert d["n_mentions"] == 4 and d["share_all"] == pytest.approx(0.4)
    assert d["share_low"] == pytest.approx(3 / 4)
    assert d["share_middle"] == pytest.approx(1 / 2)
    assert d["share_high"] == pytest.approx(0.0)
    assert d["nps_all"] == pytest.approx(0.0)
    assert d["nps_with"] == pytest.approx(-75.0)
    assert d["nps_without"] == pytest.approx(100 * (4 - 1) / 6)
    assert d["nps_impact"] == pytest.approx(0.0 - 50.0)
    assert d["recoverable"] == pytest.approx(30.0)  # 3 detractors of 10 become passives
    assert d["mean_with"] == pytest.approx((7 + 3 + 2 + 5) / 4)
    assert d["mean_without"] == pytest.approx((10 + 9 + 10 + 9 + 8 + 6) / 6)
    assert d["lift"] == pytest.approx((3 / 4) / (4 / 10))
    # small expected cells: Fisher's exact test, valid for them - not a "small count"
    assert d["test"] == "fisher" and not d["small_count"]
    assert d["status"] == "not significant" and not d["significant"]
    assert d["nps_impact_ci_low"] <= d["nps_impact"] <= d["nps_impact_ci_high"]
    neg = t.loc["delivery.speed:negative"]  # "mixed" counts as negative
    assert neg["n_mentions"] == 4 and bool(neg["negative_only"]) and neg["mention"] == "negative"
    assert t.loc["price.level:negative", "n_mentions"] == 1
    pos = t.loc["price.level:positive"]  # the promoter who praised the price
    assert pos["n_mentions"] == 1 and pos["mention"] == "positive"
    assert pos["nps_impact"] == pytest.approx(0.0 - 100 * (3 - 4) / 9)
    assert "delivery.speed:positive" not in t.index  # nobody praised it: no row


@pytest.mark.parametrize(("min_mentions", "status"), [
    (1, "not significant"), (4, "not significant"), (5, "small count"), (30, "small count"),
])
def test_one_status_rule(min_mentions: int, status: str) -> None:
    t = driver_table(respondent_frame(survey(ROWS)), n_boot=50,
                     min_mentions=min_mentions).set_index("topic")
    d = t.loc["delivery.speed"]  # 4 mentions
    assert d["status"] == status and d["small_count"] == (status == "small count")
    assert set(t["status"]) <= {"significant", "not significant", "small count"}
    assert not t.loc[t["small_count"], "significant"].any()  # small counts never significant


def test_quadrants_split_signed_rows_by_sign_and_share() -> None:
    t = driver_table(respondent_frame(survey(ROWS)), n_boot=50, min_mentions=1)
    signed = t[t["mention"] != "any"]
    assert t.loc[t["mention"] == "any", "quadrant"].isna().all()
    often = signed["share_all"] >= quadrant_threshold(t)
    assert quadrant_threshold(t) == signed["share_all"].median()  # all have < 10 mentions
    costs = signed["nps_impact"] < 0
    expect = [("fix first" if c and o else "watch" if c else "keep" if o else "minor")
              for c, o in zip(costs, often, strict=True)]
    assert signed["quadrant"].tolist() == expect
    assert t.set_index("topic").loc["delivery.speed:negative", "quadrant"] == "fix first"
    assert t.set_index("topic").loc["price.level:positive", "quadrant"] == "keep"  # at the median


def test_bootstrap_is_seeded() -> None:
    frame = respondent_frame(survey(ROWS * 5))
    a = driver_table(frame, n_boot=300, seed=1, min_mentions=1)
    b = driver_table(frame, n_boot=300, seed=1, min_mentions=1)
    c = driver_table(frame, n_boot=300, seed=2, min_mentions=1)
    pd.testing.assert_frame_equal(a, b)
    assert not a["nps_impact_ci_low"].equals(c["nps_impact_ci_low"])


def test_large_effect_is_significant_with_chi2() -> None:
    rows = [(2, "delivery.speed", "delivery.speed=negative")] * 60 + \
        [(10, "", "")] * 140 + [(8, "price.level", "price.level=positive")] * 40 + \
        [(7, "delivery.speed", "delivery.speed=negative")] * 10
    t = driver_table(respondent_frame(survey(rows)), n_boot=200).set_index("topic")
    d = t.loc["delivery.speed"]
    assert d["test"] == "chi2" and d["p_adjusted"] < 1e-6 and d["significant"]
    assert d["nps_impact"] < 0 and d["nps_impact_ci_high"] < 0
    assert d["odds_ratio"] > 10 and d["cramers_v"] > 0.5
    assert list(t.index)[0] in ("delivery.speed", "delivery.speed:negative")  # most costly first


@pytest.mark.parametrize(("p", "expected"), [
    ([0.01, 0.04, 0.03, 0.2], [0.04, 0.16 / 3, 0.16 / 3, 0.2]),
    ([0.5], [0.5]),
    ([0.001, np.nan, 0.9], [0.002, np.nan, 0.9]),
])
def test_bh_adjust(p: list[float], expected: list[float]) -> None:
    np.testing.assert_allclose(bh_adjust(np.array(p)), expected, equal_nan=True)


def test_bh_matches_statsmodels() -> None:
    from statsmodels.stats.multitest import multipletests

    p = np.random.default_rng(0).random(40) ** 3
    np.testing.assert_allclose(bh_adjust(p), multipletests(p, method="fdr_bh")[1])


def test_frame_folds_questions_and_levels() -> None:
    df = survey(ROWS[:2])
    two = pd.concat([df, df.assign(topics=[["service.hotline"], []],
                                   topic_sentiment=[pairs("service.hotline=negative"), []])])
    frame = respondent_frame(two)
    assert len(frame) == 2
    assert frame.topics.loc[0, "service.hotline"] == 1
    parent = respondent_frame(two, level="parent")
    assert "service" in parent.codes
    with pytest.raises(ValueError, match="level"):
        respondent_frame(two, level="grand")
    with pytest.raises(ValueError, match="topics"):
        respondent_frame(two.drop(columns=["topics"]))


def test_frame_without_any_topic_sentiment() -> None:
    df = survey(ROWS).assign(topic_sentiment=[[] for _ in ROWS])
    frame = respondent_frame(df)
    assert frame.topics["delivery.speed"].sum() == 4
    assert frame.topics["delivery.speed:negative"].sum() == 0
    assert len(respondent_frame(df.drop(columns=["topic_sentiment"]))) == len(df)


@pytest.mark.parametrize("kw, msg", [
    ({"n_boot": -3}, r"n_boot must be an integer from 0 to 1,000,000.*got -3"),
    ({"n_boot": 2.5}, r"n_boot must be an integer.*\(a float\)"),
    ({"n_boot": True}, r"n_boot must be an integer.*\(a bool\)"),
    ({"seed": "x"}, r"seed must be an integer >= 0.*'x'"),
    ({"min_mentions": -1}, r"min_mentions must be an integer >= 1"),
    ({"confidence": 1.5}, r"confidence must be a number between 0 and 1.*1\.5"),
    ({"confidence": "95%"}, r"confidence must be a number between 0 and 1.*'95%'"),
])
def test_bad_options_are_a_config_error(kw: dict[str, object], msg: str) -> None:
    with pytest.raises(ConfigError, match=msg):
        driver_table(respondent_frame(survey(ROWS)), **kw)  # type: ignore[arg-type]


def test_no_bootstrap_leaves_the_intervals_empty_without_warnings(
        recwarn: pytest.WarningsRecorder) -> None:
    frame = respondent_frame(survey(ROWS))
    t = driver_table(frame, n_boot=0, min_mentions=1).set_index("topic")
    with_boot = driver_table(frame, n_boot=50, min_mentions=1).set_index("topic")
    cis = ["nps_impact_ci_low", "nps_impact_ci_high", "recoverable_ci_low",
           "recoverable_ci_high"]
    assert t[cis].isna().all().all() and with_boot[cis].notna().any().any()
    rest = [c for c in t.columns if c not in cis]
    pd.testing.assert_frame_equal(t[rest], with_boot[rest])  # only the intervals change
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
