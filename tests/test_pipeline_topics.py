"""Topics and aspect sentiment in classify(), analyze(), analyze_file(), discover() and the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import cxtext
from cxtext.cli import app
from cxtext.schema import RESPONSE_COLUMNS
from cxtext.topics import RuleTopics, load_taxonomy

runner = CliRunner()


def test_classify_topics_and_aspects() -> None:
    text = "Produkt super, ale dostawa trwała tydzień"
    (rec,) = cxtext.classify([text])
    assert rec["schema_version"] == cxtext.SCHEMA_VERSION
    codes = {t["code"]: t for t in rec["topics"]}
    assert {"product", "delivery.speed"} <= set(codes)
    assert codes["product"]["sentiment"] == "positive"
    assert codes["delivery.speed"]["sentiment"] == "negative"
    assert codes["delivery.speed"]["name"] == {"pl": "Czas dostawy", "en": "Delivery speed"}
    for t in rec["topics"]:
        for ev in t["evidence"]:
            assert rec["text"][ev["start"]:ev["end"]] == ev["text"]
    by_topic = {a["topic"]: a for a in rec["aspects"]}
    assert by_topic["product"]["clause_text"] == "Produkt super"
    assert by_topic["delivery.speed"]["sentiment"] == "negative"
    assert by_topic["delivery.speed"]["clause"] == 1


def test_topic_mentioned_in_opposite_clauses_is_mixed() -> None:
    (rec,) = cxtext.classify(["Kurier był bardzo miły. Ale drugi kurier rzucił paczką i był "
                              "okropnie niemiły"])
    courier = next(t for t in rec["topics"] if t["code"] == "delivery.courier")
    assert courier["sentiment"] == "mixed"
    assert [a["sentiment"] for a in rec["aspects"] if a["topic"] == "delivery.courier"] == \
        ["positive", "negative"]


def test_non_answers_get_no_topics_and_topics_can_be_skipped() -> None:
    recs = cxtext.classify(["brak", "-", "asdfghjkl", "kurier ok"])
    assert [r["topics"] for r in recs[:3]] == [[], [], []]
    assert cxtext.classify(["kurier ok"], topics=None)[0].get("topics") is None


def test_classify_without_sentiment_still_gives_topics() -> None:
    (rec,) = cxtext.classify(["kurier był niemiły"], sentiment=None)
    assert rec["topics"][0]["code"] == "delivery.courier"
    assert rec["topics"][0]["sentiment"] is None


def test_custom_taxonomy_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("format: 1\nextends: cx_default\ntopics:\n  - code: delivery.drones\n"
                    "    name: {pl: Drony, en: Drones}\n"
                    "    terms: {pl: [dron], en: [drone]}\n", encoding="utf-8")
    (rec,) = cxtext.classify(["dronem przyleciało szybciej"], topics=path)
    assert "delivery.drones" in [t["code"] for t in rec["topics"]]
    model = RuleTopics(taxonomy=load_taxonomy(path)).fit()
    (rec,) = cxtext.classify(["drony są fajne"], topics=model)
    assert rec["topics"][0]["code"] == "delivery.drones"


def test_batch_equals_one_at_a_time() -> None:
    texts = ["Szybka dostawa, ale kurier niemiły", "too expensive", "aplikacja nie działa"]
    batch = cxtext.classify(texts)
    single = [cxtext.classify([t])[0] for t in texts]
    assert [r["topics"] for r in batch] == [r["topics"] for r in single]


def test_analyze_has_topic_columns_and_mentions(survey_df: pd.DataFrame) -> None:
    result = cxtext.analyze(survey_df)
    df = result.responses
    for col in ("topics", "topic_parents", "topic_sentiment", "topic_evidence", "aspects"):
        assert col in df.columns and col in RESPONSE_COLUMNS
    row = df[df["text_raw"] == "Produkt super, ale dostawa trwała tydzień"].iloc[0]
    assert {"topic": "delivery.speed", "sentiment": "negative"} in row["topic_sentiment"]
    assert {"topic": "product", "sentiment": "positive"} in row["topic_sentiment"]
    assert row["aspects"][0]["topic"] == "product"
    assert row["topics"] == ["product", "delivery.speed"]
    men = result.mentions
    assert set(men.columns) >= {"response_id", "score", "score_group", "topic", "parent",
                                "sentiment", "segment_kanal"}
    assert len(men) == sum(len(t) for t in df["topics"])
    assert result.summary()["answers_with_topic"] == int(df["topics"].map(len).gt(0).sum())


def test_analyze_file_writes_topic_mentions(tmp_path: Path, survey_csv_cp1250: Path) -> None:
    summary = cxtext.analyze_file(survey_csv_cp1250, tmp_path / "out", chunksize=4)
    men = pd.read_csv(summary["files"]["topic_mentions_csv"])
    resp = pd.read_csv(summary["files"]["responses_csv"], keep_default_na=False)
    assert len(men) == sum(len(t.split("; ")) for t in resp["topics"] if t)
    assert summary["topics"] and summary["answers_with_topic"] > 0


def test_cli_analyze_with_taxonomy_and_no_topics(tmp_path: Path,
                                                 survey_csv_cp1250: Path) -> None:
    tax = tmp_path / "t.yaml"
    tax.write_text("format: 1\nname: t\ntopics:\n  - code: courier\n"
                   "    name: {pl: Kurier, en: Courier}\n"
                   "    terms: {pl: [kurier], en: [courier]}\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(survey_csv_cp1250), "--out", str(tmp_path / "a"),
                              "--taxonomy", str(tax), "--sentiment", "none"])
    assert res.exit_code == 0, res.output
    resp = pd.read_csv(tmp_path / "a" / "responses.csv", keep_default_na=False)
    assert set(resp["topics"]) == {"", "courier"}
    res = runner.invoke(app, ["analyze", str(survey_csv_cp1250), "--out", str(tmp_path / "b"),
                              "--topics", "none", "--sentiment", "none"])
    assert res.exit_code == 0
    assert "topics" not in pd.read_csv(tmp_path / "b" / "responses.csv").columns


def test_cli_taxonomy_validates(tmp_path: Path) -> None:
    res = runner.invoke(app, ["taxonomy"])
    assert res.exit_code == 0 and "delivery.speed" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nextends: cx_default\ndisable: [nope]\n", encoding="utf-8")
    res = runner.invoke(app, ["taxonomy", str(bad)])
    assert res.exit_code == 2
    assert "nope" in res.output and "does not exist" in res.output


@pytest.mark.slow
def test_discover_on_the_example_is_stable(tmp_path: Path, examples_dir: Path) -> None:
    example = examples_dir / "nps_survey.csv"
    a = cxtext.discover(example, n_themes=6, random_state=0)
    b = cxtext.discover(example, n_themes=6, random_state=0)
    assert a.themes and [t.as_dict() for t in a.themes] == [t.as_dict() for t in b.themes]
    for t in a.themes:
        assert t.label and t.top_terms and t.size >= 3
        assert 1 <= len(t.quotes) <= 5
        assert t.detractor_rate is not None and 0 <= t.detractor_rate <= 1
    snippet = a.taxonomy_snippet()
    path = tmp_path / "snippet.yaml"
    path.write_text(snippet, encoding="utf-8")
    tax = load_taxonomy(path)  # the snippet is a valid override file
    assert any(c.startswith("new_") for c in tax.codes)
    res = runner.invoke(app, ["discover", str(example), "--out", str(tmp_path / "themes"),
                              "--n-themes", "6"])
    assert res.exit_code == 0, res.output
    assert {p.name for p in (tmp_path / "themes").iterdir()} == {
        "themes.csv", "themes.json", "taxonomy_snippet.yaml"}
