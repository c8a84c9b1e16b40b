"""classify_file / cxtext classify-file: any size, chunked, same results with processes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import cxtext
from cxtext.cli import app
from tests.conftest import SURVEY_ROWS

TEXTS = [r[1] for r in SURVEY_ROWS] * 4


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_formats_chunks_and_ids(tmp_path: Path, fmt: str) -> None:
    df = pd.DataFrame({"id": [f"a{i}" for i in range(len(TEXTS))], "answer": TEXTS})
    src = tmp_path / f"in.{fmt}"
    if fmt == "csv":
        df.to_csv(src, index=False, encoding="cp1250", errors="replace")
    elif fmt == "jsonl":
        df.to_json(src, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(src)
    res = cxtext.classify_file(src, tmp_path / "out.parquet", text_col="answer", id_col="id",
                               chunksize=7)
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert res["rows"] == len(df) == len(out)
    assert list(out["id"]) == list(df["id"]) and list(out["row"]) == list(range(1, len(df) + 1))
    assert {"lang", "sentiment", "topics", "topic_sentiment"} <= set(out.columns)
    single = cxtext.classify(TEXTS[:3])
    assert list(out["sentiment"][:3]) == [r["sentiment"] for r in single]


def test_jobs_and_cli(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"answer": TEXTS}).to_csv(src, index=False)
    runner = CliRunner()
    res = runner.invoke(app, ["classify-file", str(src), "--text-col", "answer", "--out",
                              str(tmp_path / "one.csv"), "--chunksize", "10"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["classify-file", str(src), "--text-col", "answer", "--out",
                              str(tmp_path / "two.csv"), "--chunksize", "10", "--jobs", "2"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    res = runner.invoke(app, ["classify-file", str(src), "--text-col", "nope", "--out",
                              str(tmp_path / "x.csv")])
    assert res.exit_code == 2 and "nope" in res.output
    res = runner.invoke(app, ["classify-file", str(src), "--text-col", "answer", "--out",
                              str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2 and ".csv or .parquet" in res.output


def test_missing_values_are_empty_answers(tmp_path: Path) -> None:
    df = pd.DataFrame({"answer": pd.array(["dostawa na czas", pd.NA, None], dtype="string")})
    df.to_parquet(tmp_path / "in.parquet")
    cxtext.classify_file(tmp_path / "in.parquet", tmp_path / "out.parquet", text_col="answer")
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert list(out["text_raw"]) == ["dostawa na czas", "", ""]  # never the string "<NA>"
    assert list(out["non_answer"]) == [False, True, True]


def test_cp1250_semicolon_csv_with_polish_letters(tmp_path: Path) -> None:
    """Read by the same reader as surveys: cp1250 and ';' detected, Polish letters intact,
    short rows padded, an unknown column named with the columns found."""
    texts = ["Zażółć gęślą jaźń", "Kurier spóźnił się; źle", "Łódź, Śląsk, ŻÓŁW"]
    src = tmp_path / "pl.csv"
    body = "nr;odpowiedź\n" + "".join(f'{i};"{t}"\n' for i, t in enumerate(texts, 1)) + "4\n"
    src.write_bytes(body.encode("cp1250"))
    res = cxtext.classify_file(src, tmp_path / "out.csv", text_col="odpowiedź", id_col="nr",
                               sentiment=None, topics=None, chunksize=2)
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", dtype=str,
                      keep_default_na=False)
    assert res["rows"] == 4 and list(out["row"]) == ["1", "2", "3", "4"]
    assert list(out["id"]) == ["1", "2", "3", "4"]
    assert list(out["text_raw"]) == [*texts, ""]
    with pytest.raises(cxtext.InputError, match=r"no column 'komentarz'.*'odpowiedź'"):
        cxtext.classify_file(src, tmp_path / "x.csv", text_col="komentarz", sentiment=None,
                             topics=None)
