"""The chunked driver stage: same tables as the whole table in memory, bounded state."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext.drivers import DriverAccumulator, SliceCounts, respondent_frame
from cxtext.drivers.counts import grouped_counts, slice_counts, topic_order
from cxtext.drivers.simulate import simulate_survey
from cxtext.drivers.stream import run_drivers
from cxtext.errors import ConfigError

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


@pytest.mark.parametrize("kw, msg", [
    ({"freq": "D"}, r"freq must be one of 'W' \(week\).*got 'D'"),
    ({"freq": None}, r"freq must be one of .*got None"),
    ({"sample_size": 0}, r"sample_size must be an integer >= 1.*got 0"),
    ({"sample_size": "abc"}, r"sample_size must be an integer >= 1.*got 'abc' \(a str\)"),
    ({"followup_max": -1}, r"followup_max must be an integer >= 0 \(or None"),
    ({"n_boot": -3}, r"n_boot must be an integer from 0 to 1,000,000.*got -3\. Set n_boot = 1000"),
    ({"n_boot": 2.5}, r"n_boot must be an integer.*got 2\.5 \(a float\)"),
    ({"n_boot": True}, r"n_boot must be an integer.*got True \(a bool\)"),
    ({"kda_boot": -1}, r"kda_boot must be an integer from 0 to 100,000"),
    ({"seed": "x"}, r"seed must be an integer >= 0.*got 'x' \(a str\)"),
    ({"seed": -1}, r"seed must be an integer >= 0"),
    ({"min_mentions": 0}, r"min_mentions must be an integer >= 1"),
])
def test_bad_options(kw: dict[str, object], msg: str) -> None:
    """Bad options are refused when the accumulator is made (the Python API of the
    ``[drivers]`` table), not deep inside numpy after the whole survey was read."""
    with pytest.raises(ConfigError, match=msg):
        DriverAccumulator(**kw)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=msg):
        run_drivers(simulate_survey(5), **kw)  # type: ignore[arg-type]


def test_numpy_integers_are_integers() -> None:
    acc = DriverAccumulator(n_boot=np.int64(10), seed=np.int32(3))
    assert acc.n_boot == 10 and acc.seed == 3


def test_no_bootstrap_is_clean(survey: pd.DataFrame, recwarn: pytest.WarningsRecorder) -> None:
    """``n_boot = kda_boot = 0`` switch the bootstraps off: empty intervals, no warnings."""
    res = run_drivers(survey, n_boot=0, kda_boot=0)
    impact = res.tables["impact"]
    cis = ["nps_impact_ci_low", "nps_impact_ci_high", "recoverable_ci_low",
           "recoverable_ci_high"]
    assert len(impact) and impact[cis].isna().all().all()
    assert impact["nps_impact"].notna().all()
    imp = res.tables["importance"]
    assert imp[["ci_low", "ci_high", "rw_ci_low", "rw_ci_high"]].isna().all().all()
    numpy_warnings = [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    assert not numpy_warnings, [str(w.message) for w in numpy_warnings]


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


@pytest.mark.parametrize(("n_values", "left_out"), [(3, False), (60, False), (400, True)])
def test_an_identifier_like_segment_is_left_out_with_a_note(n_values: int,
                                                            left_out: bool) -> None:
    """A column with a value per respondent (an id, free text) as a segment would make a table
    per value: it is left out with a note; 60 stores among 600 answers stay."""
    df = simulate_survey(600, seed=4)
    df["segment_region"] = np.random.default_rng(2).choice(["north", "south"], len(df))
    df["segment_client"] = [f"c{i % n_values}" for i in range(len(df))]
    res = run_drivers(df, n_boot=0, kda_boot=0)
    shown = set(res.tables["segment_nps"]["segment"])
    assert "region" in shown
    assert ("client" not in shown) is left_out
    notes = [n for n in res.notes if "'client'" in n]
    assert bool(notes) is left_out
    if left_out:
        assert f"{n_values:,} distinct values among 600 respondents" in notes[0]
