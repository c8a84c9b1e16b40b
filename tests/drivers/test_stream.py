"""The chunked driver stage: same tables as the whole table in memory, bounded state."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext.drivers import DriverAccumulator, SliceCounts, respondent_frame
from cxtext.drivers.counts import grouped_counts, slice_counts, topic_order
from cxtext.drivers.simulate import simulate_survey
from cxtext.drivers.stream import run_drivers

OPTS = {"n_boot": 100, "kda_boot": 5}


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    df = simulate_survey(1500, seed=3)
    rng = np.random.default_rng(1)
    df["segment_region"] = rng.choice(["north", "south", "wschód"], len(df))
    df["date"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(
        rng.integers(0, 120, len(df)), unit="D")
    df.loc[::50, "date"] = pd.NaT  # some answers without a date
    df["text"] = rng.choice(["never again, the courier was late", "ok",
                             "still not resolved, third time I call"], len(df))
    df["sentiment"] = rng.choice(["negative", "neutral", "positive", "mixed"], len(df))
    df["question"] = "why"
    df.loc[::97, "score"] = pd.NA  # answers without a valid score
    return df


def feed(df: pd.DataFrame, size: int, **kw: object) -> DriverAccumulator:
    acc = DriverAccumulator(**{**OPTS, **kw})  # type: ignore[arg-type]
    for start in range(0, len(df), size):
        acc.update(df.iloc[start:start + size])
    return acc


@pytest.mark.parametrize("size", [29, 400, 10_000])
def test_chunked_tables_equal_whole_table(survey: pd.DataFrame, size: int) -> None:
    whole = run_drivers(survey, **OPTS)  # type: ignore[arg-type]
    chunked = feed(survey, size).result()
    assert set(whole.tables) == set(chunked.tables) == {
        "impact", "impact_parent", "key_drivers", "importance", "segment_nps", "segment_topics",
        "segment_impact", "trend_nps", "trend_topics", "followup"}
    for name, table in whole.tables.items():
        pd.testing.assert_frame_equal(table, chunked.tables[name], rtol=1e-9, atol=1e-9,
                                      obj=name)
    assert whole.r2 == pytest.approx(chunked.r2)


def test_key_driver_sample_is_bounded_and_chunk_independent(survey: pd.DataFrame) -> None:
    a = feed(survey, 100, sample_size=600).result()
    b = feed(survey, 999, sample_size=600).result()
    pd.testing.assert_frame_equal(a.tables["key_drivers"], b.tables["key_drivers"])
    assert any("sample of 600 of" in note for note in a.notes)
    # counts-based tables still use every respondent
    whole = run_drivers(survey, **OPTS)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(a.tables["impact"], whole.tables["impact"])
    assert not a.tables["key_drivers"].equals(whole.tables["key_drivers"])


def test_followup_keeps_the_top_rows(survey: pd.DataFrame) -> None:
    full = run_drivers(survey, followup_max=None, **OPTS).tables["followup"]  # type: ignore
    top = feed(survey, 113, followup_max=25).result()
    pd.testing.assert_frame_equal(top.tables["followup"], full.head(25))
    assert any(f"25 highest-priority of {len(full):,}" in n for n in top.notes)


def test_without_topics_or_scores_nothing_crashes() -> None:
    no_topics = DriverAccumulator().update(pd.DataFrame({"score": [1], "text": ["x"]}))
    assert no_topics.result().skipped == {"all": "no topic columns (topics were switched off)"}
    empty = simulate_survey(5).assign(score=pd.array([pd.NA] * 5, dtype="Int64"))
    res = DriverAccumulator().update(empty).result()
    assert "impact" in res.skipped and not res.tables
    no_score = DriverAccumulator().update(simulate_survey(5).drop(columns="score")).result()
    assert "no score column" in no_score.skipped["impact"] and not no_score.tables


@pytest.mark.parametrize("kw, msg", [({"freq": "D"}, "freq"), ({"sample_size": 0}, "sample_size"),
                                     ({"followup_max": -1}, "followup_max")])
def test_bad_options(kw: dict[str, object], msg: str) -> None:
    with pytest.raises(ValueError, match=msg):
        DriverAccumulator(**kw)  # type: ignore[arg-type]


def test_slice_counts_add_up(survey: pd.DataFrame) -> None:
    frame = respondent_frame(survey)
    total = slice_counts(frame)
    parts = grouped_counts(frame, frame.data["segment_region"].to_numpy())
    summed = SliceCounts.empty()
    for counts in parts.values():
        summed = summed + counts
    cols = topic_order(total.topics.index)
    np.testing.assert_array_equal(summed.groups, total.groups)
    np.testing.assert_allclose(summed.ordered(cols).topics, total.ordered(cols).topics)
    rest = total - parts["north"]
    assert rest.n == total.n - parts["north"].n
    code = cols[0]
    assert rest.mentions(code) == total.mentions(code) - parts["north"].mentions(code)
    assert total.mentions(code) == int(frame.topics[code].sum())
    assert total.mentions("no.such_topic") == 0
    y = frame.data["score"].to_numpy()
    np.testing.assert_allclose(total.score, [y.sum(), (y * y).sum()])
