from __future__ import annotations

import json

import pandas as pd
import pytest
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
    # the console names the columns used, the findings and the key files, not all 30+ files
    flat = " ".join(result.output.split())
    assert "columns used" in flat and "Kanał" in flat and "finding" in flat
    assert "report_html" in flat and "tables_dir" in flat and "rejects_csv" not in flat
    assert f"{len(summary['files'])} in" in flat
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


def test_analyze_config_file_and_cli_override(tmp_path, examples_dir):
    cfg = tmp_path / "analyze.toml"
    cfg.write_text('report_lang = "pl"\nsentiment = "none"\nout = "from-config"\n'
                   "[drivers]\nn_boot = 100\nkda_boot = 5\nsample_size = 100\n"
                   "followup_max = 5\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(examples_dir / "nps_survey.csv"), "--config",
                                 str(cfg), "--report-lang", "en"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "from-config"  # relative to the config file
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Customer feedback report" in html  # the command line wins over the file
    # driver options from the file: a capped follow-up list, a key-driver sample, both noted
    assert len(pd.read_csv(out / "drivers_followup.csv")) == 5
    notes = json.loads((out / "summary.json").read_text(encoding="utf-8"))["drivers"]["notes"]
    assert any("5 highest-priority" in n for n in notes), notes
    assert any("sample of 100 of" in n for n in notes), notes
    assert "Notes on the analysis" in html and "note" in result.output
    assert "sentiment" not in pd.read_csv(out / "responses.csv", nrows=1).columns


def test_analyze_config_errors(tmp_path, examples_dir):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('repot_lang = "pl"\n', encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(examples_dir / "nps_survey.csv"), "--config",
                                 str(cfg)])
    assert result.exit_code == 2 and "repot_lang" in result.output and "allowed" in result.output
    cfg.write_text('chunksize = "big"\n', encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(examples_dir / "nps_survey.csv"), "--config",
                                 str(cfg)])
    assert result.exit_code == 2 and "chunksize" in result.output
    result = runner.invoke(app, ["analyze", str(examples_dir / "nps_survey.csv"),
                                 "--report-lang", "de", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "'de'" in result.output


def test_serve_option_defaults_are_the_service_defaults():
    """The CLI states the service's limits itself (so `cxtext --help` imports no server code):
    they must stay equal to cxtext.serve's."""
    import inspect

    from cxtext import cli, serve

    params = inspect.signature(cli.serve).parameters
    expected = {"max_batch": serve.MAX_BATCH, "max_chars": serve.MAX_CHARS,
                "max_total_chars": serve.MAX_TOTAL_CHARS, "max_pending": serve.MAX_PENDING,
                "timeout": serve.TIMEOUT_S, "recycle_mb": serve.RECYCLE_MB,
                "max_body_bytes": None, "workers": None, "max_pending_chars": None}
    assert {k: params[k].default for k in expected} == expected


def test_serve_passes_the_limits_to_the_app(monkeypatch):
    import uvicorn

    from cxtext import serve

    seen = {}

    def fake_create_app(clf, **kw):
        seen.update(kw)
        return object()

    monkeypatch.setattr(serve, "create_app", fake_create_app)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    res = runner.invoke(app, ["serve", "--topics", "none", "--max-total-chars", "50000",
                              "--workers", "0", "--timeout", "5"])
    assert res.exit_code == 0, res.output
    assert seen["max_total_chars"] == 50000 and seen["workers"] == 0 and seen["timeout"] == 5


def test_analyze_prints_input_notes(tmp_path):
    """What the reader changed (renamed reserved columns...) is shown, not only written to
    summary.json."""
    path = tmp_path / "s.csv"
    path.write_text("ocena;komentarz;reject_reason\n9;Super;x\n3;Słabo;y\n", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(path), "--out", str(tmp_path / "o"),
                              "--no-report"])
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert summary["input_notes"]
    assert "input note" in res.output


def test_square_brackets_in_user_data_are_printed_as_written(tmp_path):
    """Column names and answers with "[...]" (BBCode, "[/i]") are not read as console markup:
    the run does not crash after writing its outputs, and an error quotes the name exactly."""
    path = tmp_path / "s.csv"
    path.write_text("ID;Ocena;[b]Komentarz[/b];Uwagi [/i]\n1;9;Super [/quote];ok\n"
                    "2;3;Słabo [b]bardzo[/b];[red]x\n", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(path), "--out", str(tmp_path / "o"),
                              "--no-report", "--text-col", "[b]Komentarz[/b]",
                              "--segment-col", "Uwagi [/i]", "--profile", "fast"])
    assert res.exit_code == 0, res.output
    assert res.exception is None
    bad = runner.invoke(app, ["analyze", str(path), "--out", str(tmp_path / "p"),
                              "--text-col", "nope[/x]"])
    assert bad.exit_code == 2
    flat = " ".join(bad.output.split())
    assert "nope[/x]" in flat and "'[b]Komentarz[/b]'" in flat


@pytest.mark.parametrize(("extra", "code", "message"), [
    (["--scale", "csat"], 0, "Warning: 3 of 4 rows (75%) were rejected (3 score is out of range)"),
    (["--date-col", "komentarz"], 2, "Error: no row could be used: all 4 rows were rejected"),
    ([], 0, None),
])
def test_analyze_says_loudly_when_most_rows_are_rejected(tmp_path, extra, code, message):
    path = tmp_path / "s.csv"
    path.write_text("ocena;komentarz\n9;Super\n10;Szybko\n3;Słabo\n8;Ok\n", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(path), "--out", str(tmp_path / "o"),
                              "--no-report", "--profile", "fast", *extra])
    assert res.exit_code == code, res.output
    flat = " ".join(res.output.split())
    if message:
        assert message in flat and "rejects.csv" in flat
    else:
        assert "Warning" not in flat and "Error" not in flat
    assert (tmp_path / "o" / "rejects.csv").exists()


@pytest.mark.parametrize(("port", "says"), [("99999", "less than or equal to 65535"),
                                           ("0", "greater than or equal to 1"),
                                           ("-1", "greater than or equal to 1")])
def test_serve_refuses_a_port_out_of_range(port, says):
    """Was an OverflowError traceback from the socket layer."""
    res = runner.invoke(app, ["serve", "--port", port])
    assert res.exit_code == 2
    assert "Invalid value for '--port'" in res.output and says in " ".join(res.output.split())
