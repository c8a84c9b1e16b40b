"""PII is replaced in every output by default (issue 14, point 5); ``keep_raw`` opts out.

Reproducer: raw PII stayed in ``text_raw`` (responses CSV/Parquet), in ``rejects.csv`` and in
the workbook's rejects sheet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import cxtext
from cxtext.cli import app
from cxtext.pipeline.enrich import redact_rejects

runner = CliRunner()

# (raw value, a fragment of it that must never appear in an output)
SECRETS = {
    "email": "jan.kowalski@wp.pl",
    "phone": "601 234 567",
    "pesel": "44051401458",
    "phone_nbsp": "602\u00a0345\u00a0678",  # found only after normalisation
}
LEAK = re.compile(r"jan\.kowalski|601.234.567|44051401458|602.345.678")

SURVEY = (
    "ID;Ocena;Komentarz\n"
    f"R1;9;Pisz na {SECRETS['email']} albo dzwoń {SECRETS['phone']}\n"
    f"R2;abc;Mój PESEL {SECRETS['pesel']}, oddzwońcie\n"  # rejected: bad score
    f"R3;3;Tel.{SECRETS['phone_nbsp']} - nikt nie oddzwonił\n"
    "R4;8;Wszystko ok, szybka dostawa\n"
)


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    path = tmp_path / "pii.csv"
    path.write_text(SURVEY, encoding="utf-8")
    return path


def output_texts(out: Path) -> dict[str, str]:
    """Every output as text: CSV/JSON/HTML files, Parquet and workbook sheets."""
    texts: dict[str, str] = {}
    for f in sorted([*out.iterdir(), *(out / "tables").glob("*")]):
        if f.suffix in (".csv", ".json", ".html"):
            texts[str(f.relative_to(out))] = f.read_text(encoding="utf-8-sig")
        elif f.suffix == ".parquet":
            texts[f.name] = pd.read_parquet(f).to_csv()
        elif f.suffix == ".xlsx":
            for sheet, df in pd.read_excel(f, sheet_name=None).items():
                texts[f"{f.name}:{sheet}"] = df.to_csv()
    return texts


def test_no_output_of_analyze_file_holds_pii(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = cxtext.analyze_file(survey, out)
    assert summary["rows_rejected"] == 1
    texts = output_texts(out)
    assert {"responses.csv", "responses.parquet", "rejects.csv"} <= set(texts)
    assert any(k.startswith("report.xlsx:Rejected rows") for k in texts)
    assert {"tables/rejects.csv", "tables/responses.csv"} <= set(texts)
    leaks = [name for name, text in texts.items() if LEAK.search(text)]
    assert leaks == []
    responses = pd.read_parquet(out / "responses.parquet")
    raw = dict(zip(responses["response_id"], responses["text_raw"], strict=True))
    assert raw["R1"] == "Pisz na [EMAIL] albo dzwoń [PHONE]"  # as read, PII replaced
    assert "[PHONE]" in raw["R3"]
    assert raw["R4"] == "Wszystko ok, szybka dostawa"  # no PII: exactly as read
    rejects = pd.read_csv(out / "rejects.csv", dtype=str)
    assert rejects.loc[0, "Komentarz"] == "Mój PESEL [PESEL], oddzwońcie"
    assert rejects.loc[0, "ID"] == "R2"


def test_keep_raw_writes_answers_as_read(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cxtext.analyze_file(survey, out, keep_raw=True, report=False)
    texts = output_texts(out)
    assert SECRETS["email"] in texts["responses.csv"]
    assert SECRETS["pesel"] in texts["rejects.csv"]
    assert "[EMAIL]" in pd.read_parquet(out / "responses.parquet")["text"].iloc[0]


def test_cli_keep_raw_flag(survey: Path, tmp_path: Path) -> None:
    default = runner.invoke(app, ["analyze", str(survey), "--out", str(tmp_path / "a"),
                                  "--no-report"])
    assert default.exit_code == 0, default.output
    assert not LEAK.search((tmp_path / "a" / "responses.csv").read_text(encoding="utf-8-sig"))
    kept = runner.invoke(app, ["analyze", str(survey), "--out", str(tmp_path / "b"),
                               "--no-report", "--keep-raw"])
    assert kept.exit_code == 0, kept.output
    assert SECRETS["email"] in (tmp_path / "b" / "responses.csv").read_text(encoding="utf-8-sig")


def test_in_memory_analysis_is_redacted(survey: Path) -> None:
    res = cxtext.analyze(survey, drivers=False)
    assert not LEAK.search(res.responses.to_csv())
    assert not LEAK.search(res.rejects.to_csv())
    kept = cxtext.analyze(survey, drivers=False, keep_raw=True)
    assert SECRETS["email"] in kept.responses.to_csv()


def test_classify_file_redacts_text_raw(survey: Path, tmp_path: Path) -> None:
    df = pd.read_csv(survey, sep=";", dtype=str)
    src = tmp_path / "answers.csv"
    df.to_csv(src, index=False)
    cxtext.classify_file(src, tmp_path / "out.csv", text_col="Komentarz", topics=None)
    assert not LEAK.search((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))
    cxtext.classify_file(src, tmp_path / "raw.csv", text_col="Komentarz", topics=None,
                         keep_raw=True)
    assert SECRETS["pesel"] in (tmp_path / "raw.csv").read_text(encoding="utf-8-sig")


def test_redact_rejects_keeps_positions_and_reasons() -> None:
    rejects = pd.DataFrame({"source_row": [2, 5], "reject_reason": [
        "score 'tel 601 234 567' is not a number", "empty answer"],
        "reject_column": ["Ocena", "Komentarz"], "Ocena": ["tel 601 234 567", "7"],
        "Komentarz": [None, ""]})
    out = redact_rejects(rejects)
    assert out["source_row"].tolist() == [2, 5]
    assert out["reject_column"].tolist() == ["Ocena", "Komentarz"]
    assert out["Ocena"].tolist() == ["tel [PHONE]", "7"]
    assert out["reject_reason"].iloc[0] == "score 'tel [PHONE]' is not a number"
    assert pd.isna(out["Komentarz"].iloc[0]) and out["Komentarz"].iloc[1] == ""
    assert rejects["Ocena"].iloc[0] == "tel 601 234 567"  # the input is not changed


def test_cli_prints_drivers_without_ci(tmp_path: Path) -> None:
    """Reproducer: a driver whose CI is None (two answers) crashed the CLI summary."""
    path = tmp_path / "two.csv"
    path.write_text("ocena;komentarz\n9;Dostawa trwała tydzień\n5;Dostawa szybka\n",
                    encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(path), "--out", str(tmp_path / "o"),
                              "--no-report"])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert "driver:" in res.output and "no CI" in res.output
