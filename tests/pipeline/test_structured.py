"""Results stay structured until a writer formats them: lists/structs in memory and in
Parquet, the readable text form only in CSV and Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cxtext
from cxtext.config import AnalyzeOptions
from cxtext.errors import ConfigError
from cxtext.schema import HUMAN_FORMAT, to_human


def test_parquet_keeps_lists_and_csv_shows_text(example_analysis: tuple[Path, dict]) -> None:
    out, _ = example_analysis
    pq = pd.read_parquet(out / "responses.parquet")
    csv = pd.read_csv(out / "responses.csv", dtype=str, keep_default_na=False)
    assert len(pq) == len(csv)
    row = pq[pq["topics"].map(len) >= 2].iloc[0]
    assert all(isinstance(c, str) for c in row["topics"])
    assert {d["topic"] for d in row["topic_sentiment"]} <= set(row["topics"])
    k = int(row.name)
    assert csv.loc[k, "topics"] == "; ".join(row["topics"])
    assert csv.loc[k, "topic_sentiment"] == "; ".join(
        f"{d['topic']}={d['sentiment']}" for d in row["topic_sentiment"])
    # a Parquet read-back formats exactly like the in-memory lists
    assert to_human(pq).loc[:, list(HUMAN_FORMAT)].equals(csv.loc[:, list(HUMAN_FORMAT)])


@pytest.mark.parametrize(("column", "cell", "text"), [
    ("topics", ["delivery.speed", "price"], "delivery.speed; price"),
    ("pii", ["EMAIL", "PHONE"], "EMAIL,PHONE"),
    ("topic_sentiment", [{"topic": "price", "sentiment": "negative"}], "price=negative"),
    ("topic_evidence", [{"topic": "price", "words": ["drogo", "cena"]}], "price: drogo, cena"),
    ("clause_sentiment", [], ""),
    ("aspects", [{"topic": "price", "sentiment": None, "clause": "drogo", "evidence": ["drogo"]}],
     '[{"topic": "price", "sentiment": null, "clause": "drogo", "evidence": ["drogo"]}]'),
    ("topics", None, ""),
])
def test_human_format(column: str, cell: Any, text: str) -> None:
    assert HUMAN_FORMAT[column](cell) == text


def test_analyze_options_are_one_object(tmp_path: Path, survey_df: pd.DataFrame) -> None:
    cfg = tmp_path / "a.toml"
    cfg.write_text('report = false\ntopics = "none"\nchunksize = 3\n', encoding="utf-8")
    opts = AnalyzeOptions.from_file(cfg).merge(report_lang="pl", jobs=None)
    assert (opts.report, opts.topics, opts.chunksize, opts.report_lang, opts.jobs) == \
        (False, "none", 3, "pl", 1)
    with pytest.raises(ConfigError, match="Unknown analyze option"):
        opts.merge(colour="red")
    src = tmp_path / "s.csv"
    survey_df.to_csv(src, index=False)
    summary = cxtext.analyze_file(src, tmp_path / "out", opts)
    assert "topics" not in summary or not summary["topics"]
    assert not (tmp_path / "out" / "report.html").exists()
    same = cxtext.analyze_file(src, tmp_path / "kw", report=False, topics=None, chunksize=3)
    assert same["answers"] == summary["answers"]


def test_taxonomy_route_is_one_place() -> None:
    from cxtext.pipeline import resolve_topics

    assert resolve_topics("topics.rules.v1", "my.yaml") == "my.yaml"
    assert resolve_topics("none", "my.yaml") is None
    with pytest.raises(ConfigError, match="applies to the rules"):
        resolve_topics("models/my-topic-model", "my.yaml")
