"""Driver tables from analyze() / analyze_file() / the CLI on real pipeline output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cxtext
from cxtext.drivers import DRIVER_COLUMNS, FOLLOWUP_COLUMNS


def test_analyze_attaches_driver_tables(survey_df: pd.DataFrame) -> None:
    result = cxtext.analyze(survey_df, drivers={"n_boot": 100, "min_mentions": 1,
                                                "kda_boot": 5})
    assert result.drivers is not None
    tables = result.drivers.tables
    assert list(tables["impact"].columns) == list(DRIVER_COLUMNS)
    assert "delivery.speed" in set(tables["impact"]["topic"])
    assert list(tables["followup"].columns) == list(FOLLOWUP_COLUMNS)
    # detractors with text are in the follow-up list, promoters are not
    ids = set(tables["followup"]["response_id"])
    assert set(result.responses.loc[result.responses["score"] <= 6, "response_id"]) - ids <= \
        set(result.responses.loc[result.responses["non_answer"], "response_id"])
    assert "segment_nps" in tables and "trend_nps" in tables
    assert cxtext.analyze(survey_df, drivers=False).drivers is None


def test_analyze_file_writes_driver_csvs_reproducibly(tmp_path: Path,
                                                      examples_dir: Path) -> None:
    src = examples_dir / "nps_survey.csv"
    a = cxtext.analyze_file(src, tmp_path / "a", drivers={"n_boot": 200, "kda_boot": 10},
                            profile="fast")
    b = cxtext.analyze_file(src, tmp_path / "b", chunksize=100, profile="fast",
                            drivers={"n_boot": 200, "kda_boot": 10})
    for name in ("impact", "impact_parent", "key_drivers", "importance", "segment_nps",
                 "segment_topics", "segment_impact", "trend_nps", "trend_topics", "followup"):
        key = f"drivers_{name}_csv"
        assert key in a["files"], (name, a.get("drivers"))
        left = pd.read_csv(a["files"][key])
        right = pd.read_csv(b["files"][key])
        pd.testing.assert_frame_equal(left, right)  # chunking does not change any result
    # nor the report (quotes pooled, mention counts summed chunk by chunk)
    report_a = Path(a["files"]["report_html"]).read_text(encoding="utf-8")
    assert report_a == Path(b["files"]["report_html"]).read_text(encoding="utf-8")
    assert report_a.count('class="quote"') >= 3, "detractor quotes in the report"
    impact = pd.read_csv(a["files"]["drivers_impact_csv"])
    pd.testing.assert_frame_equal(pd.read_parquet(a["files"]["drivers_impact_parquet"]), impact,
                                  check_dtype=False)
    assert (impact["nps_impact_ci_low"] <= impact["nps_impact"] + 1e-9).all()
    follow = pd.read_csv(a["files"]["drivers_followup_csv"])
    assert set(follow["score_group"]) <= {"detractor", "passive"}
    assert follow["priority_score"].is_monotonic_decreasing


def test_no_topics_means_no_driver_tables(tmp_path: Path, survey_csv_cp1250: Path) -> None:
    summary = cxtext.analyze_file(survey_csv_cp1250, tmp_path / "o", topics=None)
    assert not any(k.startswith("drivers_") for k in summary["files"])


def test_jobs_give_identical_results(tmp_path: Path, examples_dir: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import cxtext.pipeline.enrich as enrich

    monkeypatch.setattr(enrich, "PART_ANSWERS", 40)  # several parts per chunk, shared by workers
    src = examples_dir / "nps_survey.csv"
    one = cxtext.analyze_file(src, tmp_path / "one", chunksize=200, report=False,
                              drivers={"n_boot": 100, "kda_boot": 5})
    two = cxtext.analyze_file(src, tmp_path / "two", chunksize=200, report=False, jobs=2,
                              drivers={"n_boot": 100, "kda_boot": 5})
    for key in ("responses_csv", "topic_mentions_csv", "drivers_impact_csv", "nps_csv"):
        assert Path(one["files"][key]).read_bytes() == Path(two["files"][key]).read_bytes(), key
    with pytest.raises(ValueError, match="jobs"):
        cxtext.analyze_file(src, tmp_path / "bad", jobs=0)


def test_a_rerun_into_the_same_folder_leaves_no_stale_files(tmp_path: Path,
                                                             survey_csv_cp1250: Path) -> None:
    """The second run writes fewer files (no report, no themes): the first run's report,
    theme and segment tables are gone, the analyst's own files stay."""
    out = tmp_path / "o"
    first = cxtext.analyze_file(survey_csv_cp1250, out, profile="fast",
                                drivers={"n_boot": 100, "kda_boot": 5})
    (out / "my_notes.txt").write_text("mine", encoding="utf-8")
    (out / "tables" / "my_chart.png").write_bytes(b"png")
    assert "report_html" in first["files"]
    second = cxtext.analyze_file(survey_csv_cp1250, out, profile="fast", report=False,
                                 themes=False, topics=None)
    listed = {Path(p).name for p in second["files"].values()}
    left = {p.name for p in out.iterdir() if p.is_file()}
    assert left == listed | {"my_notes.txt"}
    assert (out / "tables" / "my_chart.png").exists()
    assert not list((out / "tables").glob("*.csv"))
