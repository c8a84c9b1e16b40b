"""Profiles: ``accurate`` (the contextual model, the default) and ``fast`` (the linear one),
chosen by name in the API, the config file and the CLI; the summary and report say which ran."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxtext.backends import DEFAULT_PROFILE, DEFAULT_SENTIMENT, PROFILES, profile_of
from cxtext.errors import ConfigError
from cxtext.pipeline.models import choose_sentiment, spec_name


def test_default_profile_is_accurate() -> None:
    assert DEFAULT_PROFILE == "accurate"
    assert DEFAULT_SENTIMENT == PROFILES["accurate"] == "sentiment.e5.v1"
    assert PROFILES["fast"] == "sentiment.linear.v1"


@pytest.mark.parametrize(("sentiment", "profile", "expected"), [
    (DEFAULT_SENTIMENT, None, DEFAULT_SENTIMENT),
    (DEFAULT_SENTIMENT, "fast", "sentiment.linear.v1"),
    (DEFAULT_SENTIMENT, "accurate", "sentiment.e5.v1"),
    ("sentiment.linear.v1", "fast", "sentiment.linear.v1"),
    ("fast", "fast", "sentiment.linear.v1"),
    ("sentiment.lexicon.v1", None, "sentiment.lexicon.v1"),
    (None, None, None),
])
def test_choose_sentiment(sentiment: str | None, profile: str | None,
                          expected: str | None) -> None:
    assert choose_sentiment(sentiment, profile) == expected


@pytest.mark.parametrize(("sentiment", "profile", "match"), [
    (DEFAULT_SENTIMENT, "quick", "known: accurate, fast"),
    ("sentiment.lexicon.v1", "fast", "pass one of them"),
    ("models/my-model", "accurate", "pass one of them"),
])
def test_bad_profile_choices(sentiment: str, profile: str, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        choose_sentiment(sentiment, profile)
    assert issubclass(ConfigError, ValueError)


@pytest.mark.parametrize(("name", "profile"), [
    ("sentiment.e5.v1", "accurate"), ("sentiment.linear.v1", "fast"),
    ("sentiment.lexicon.v1", "custom"), ("models/x", "custom"), (None, "none"),
])
def test_profile_of(name: str | None, profile: str) -> None:
    assert profile_of(name) == profile


def test_profile_names_resolve_to_backends() -> None:
    assert spec_name("fast", object()) == "sentiment.linear.v1"
    assert spec_name("accurate", object()) == "sentiment.e5.v1"


def test_classifier_fast_profile() -> None:
    from cxtext import Classifier

    clf = Classifier(profile="fast", topics=None)
    assert clf.info()["profile"] == "fast"
    assert clf.info()["sentiment"] == "sentiment.linear.v1"
    [rec] = clf(["Nie polecam, kurier spóźniony"])
    assert rec["sentiment"] == "negative"


def test_config_file_profile(tmp_path: Path) -> None:
    from cxtext.config import AnalyzeOptions

    cfg = tmp_path / "cx.toml"
    cfg.write_text('profile = "fast"\n', encoding="utf-8")
    assert AnalyzeOptions.from_file(cfg).profile == "fast"
    cfg.write_text("profile = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="profile"):
        AnalyzeOptions.from_file(cfg)


def test_analyze_states_the_profile(tmp_path: Path, examples_dir: Path) -> None:
    import json

    from cxtext import analyze_file

    summary = analyze_file(examples_dir / "nps_survey.csv", tmp_path / "out", profile="fast",
                           drivers=False, themes=False)
    assert summary["models"] == {"profile": "fast", "sentiment": "sentiment.linear.v1",
                                 "topics": "topics.rules.v1"}
    saved = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert saved["models"]["profile"] == "fast"
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "fast profile: sentiment sentiment.linear.v1" in html


def test_cli_profile_option(tmp_path: Path, examples_dir: Path) -> None:
    from typer.testing import CliRunner

    from cxtext.cli import app

    res = CliRunner().invoke(app, ["analyze", str(examples_dir / "nps_survey.csv"), "--out",
                                   str(tmp_path / "o"), "--profile", "fast", "--no-report"])
    assert res.exit_code == 0, res.output
    assert "fast profile" in res.output
    res = CliRunner().invoke(app, ["analyze", str(examples_dir / "nps_survey.csv"), "--out",
                                   str(tmp_path / "o2"), "--profile", "quick"])
    assert res.exit_code == 2 and "known: accurate, fast" in res.output


def test_topic_coverage_in_summary_cli_and_report(tmp_path: Path) -> None:
    """Coverage (answers and detractors with a topic) is in summary.json and the report;
    under 80 % the CLI and the report warn and point to themes and packs."""
    import pandas as pd
    from typer.testing import CliRunner

    from cxtext.cli import app

    texts = ["Brak zasięgu w domu", "Internet się rozłącza", "Technik nie przyszedł",
             "Szybka dostawa", "ok"]
    df = pd.DataFrame({"id": range(10), "score": [0, 1, 2, 3, 10] * 2, "comment": texts * 2})
    src = tmp_path / "s.csv"
    df.to_csv(src, index=False)
    res = CliRunner().invoke(app, ["analyze", str(src), "--out", str(tmp_path / "o"),
                                   "--profile", "fast", "--taxonomy", "cx_default"])
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    cov = summary["topic_coverage"]
    assert 0 < cov["answers"] < 0.8 and cov["detractors"] is not None
    assert "topic coverage" in res.output and "--taxonomy auto" in res.output
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert "of the detractors" in html and "under 80" in html
