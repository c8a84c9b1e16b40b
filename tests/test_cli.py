from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

import cxtext
from cxtext.cli import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert cxtext.__version__ in result.output


def test_help_lists_analyze():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "analyze" in result.output
    result = runner.invoke(app, ["analyze", "--help"])
    assert "--text-col" in result.output and "--segment-col" in result.output


def test_analyze_example(tmp_path, examples_dir):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["analyze", str(examples_dir / "nps_survey.csv"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    for name in ("responses.csv", "responses.parquet", "rejects.csv", "nps.csv", "summary.json"):
        assert (out / name).exists(), name
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows_read"] == summary["rows_accepted"] + summary["rows_rejected"]
    assert summary["rows_rejected"] >= 1
    assert "NPS" in result.output
    responses = pd.read_parquet(out / "responses.parquet")
    assert set(responses["lang"]) <= {"pl", "en", "other", "und"}


def test_analyze_explicit_columns(tmp_path, survey_csv_cp1250):
    result = runner.invoke(
        app,
        [
            "analyze",
            str(survey_csv_cp1250),
            "--out",
            str(tmp_path / "o"),
            "--score-col",
            "Ocena (0-10)",
            "--text-col",
            "Dlaczego wystawiłeś taką ocenę?",
            "--segment-col",
            "Kanał",
            "--date-col",
            "Data",
        ],
    )
    assert result.exit_code == 0, result.output


def test_analyze_bad_column_is_clear_error(tmp_path, survey_csv_cp1250):
    result = runner.invoke(
        app,
        ["analyze", str(survey_csv_cp1250), "--score-col", "nope", "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 2
    assert "nope" in result.output and "Columns found" in result.output


def test_analyze_missing_file(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2
    assert "not found" in result.output
