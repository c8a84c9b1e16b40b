"""Sentiment in classify()/analyze() with the shipped default model (models/ in the repo).

These are behaviour checks of the trained model users get by default; each can fail if a
retrained model regresses on them.
"""

from __future__ import annotations

import pandas as pd
import pytest

import cxtext
from cxtext.errors import ModelLoadError, UnknownBackendError
from cxtext.schema import RESPONSE_COLUMNS
from cxtext.sentiment import LABELS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nie polecam", "negative"),
        ("Nie polecam tego sklepu", "negative"),
        ("polecam", "positive"),
        ("nie mam zastrzeżeń", "positive"),
        ("no complaints", "positive"),
        ("Obsługa klienta tragiczna, czekałem 40 minut na infolinii", "negative"),
        ("Szybka dostawa i miła obsługa", "positive"),
        ("The app keeps crashing and nobody answers the phone", "negative"),
        ("Produkt super, ale dostawa trwała tydzień", "mixed"),
        ("Great prices but the courier was rude", "mixed"),
    ],
)
def test_default_model_behaviour(text: str, expected: str) -> None:
    [rec] = cxtext.classify([text])
    assert rec["sentiment"] == expected, rec


def test_mixed_answer_splits_into_clauses() -> None:
    [rec] = cxtext.classify(["Produkt super, ale dostawa trwała tydzień"])
    clauses = rec["clause_sentiment"]
    assert [c["text"] for c in clauses] == ["Produkt super", "ale dostawa trwała tydzień"]
    assert [c["label"] for c in clauses] == ["positive", "negative"]


@pytest.mark.parametrize("text", ["brak", "-", "", "nie wiem", "asdfgh", "ok", "10"])
def test_non_answers_and_und_are_flagged_neutral(text: str) -> None:
    [rec] = cxtext.classify([text], profile="fast")
    assert rec["sentiment"] == "neutral"
    assert rec["sentiment_flag"] in ("non_answer", "gibberish", "und")
    assert rec["sentiment_confidence"] <= 0.625  # at most halfway between 1 and uniform


@pytest.mark.parametrize(("text", "flag"), [
    ("brak", "non_answer"), ("-", "non_answer"), ("", "non_answer"),
    ("nie wiem", "non_answer"), ("asdfgh", "gibberish"),
    ("ok", None), ("10", None),  # und answers: the contextual model reads them itself
])
def test_accurate_profile_non_answers(text: str, flag: str | None) -> None:
    [rec] = cxtext.classify([text])
    assert rec["sentiment"] == "neutral"
    assert rec["sentiment_flag"] == flag


def test_sentiment_fields_and_probabilities() -> None:
    recs = cxtext.classify(["Świetny sklep 👍", "Terrible service"])
    for rec in recs:
        assert set(rec["sentiment_proba"]) == set(LABELS)
        assert sum(rec["sentiment_proba"].values()) == pytest.approx(1.0, abs=1e-3)
        assert rec["sentiment_confidence"] == rec["sentiment_proba"][rec["sentiment"]]
        assert rec["sentiment_evidence"], rec
        for e in rec["sentiment_evidence"]:
            assert rec["text"][e["start"]: e["end"]] == e["word"]


def test_sentiment_can_be_switched_off_and_models_chosen() -> None:
    [rec] = cxtext.classify(["polecam"], sentiment=None)
    assert "sentiment" not in rec
    with pytest.raises(UnknownBackendError, match="sentiment.linear.v1"):
        cxtext.classify(["polecam"], sentiment="sentiment.nope.v1")
    with pytest.raises(ModelLoadError, match="config.json"):
        cxtext.classify(["polecam"], sentiment="/nonexistent/model")


def test_batch_equals_one_at_a_time_with_sentiment() -> None:
    texts = ["nie polecam", "Produkt super, ale dostawa trwała tydzień", "brak", "ok", "Great!"]
    batch = cxtext.classify(texts)
    single = [cxtext.classify([t])[0] for t in texts]
    assert batch == single


def test_analyze_adds_sentiment_columns(survey_df: pd.DataFrame) -> None:
    result = cxtext.analyze(survey_df)
    df = result.responses
    for col in ("sentiment", "sentiment_confidence", "p_negative", "p_neutral", "p_positive",
                "p_mixed", "sentiment_source", "sentiment_evidence", "clause_sentiment"):
        assert col in df.columns
    assert [c for c in RESPONSE_COLUMNS if c in df.columns][-9:] == list(RESPONSE_COLUMNS[-9:])
    assert set(df["sentiment"]) <= set(LABELS)
    assert (df.loc[df["non_answer"], "sentiment"] == "neutral").all()
    mixed = df[df["text"] == "Produkt super, ale dostawa trwała tydzień"].iloc[0]
    assert [c["label"] for c in mixed["clause_sentiment"]] == ["positive", "negative"]
    summary = result.summary()
    assert sum(summary["sentiment"].values()) == len(df)


def test_analyze_file_without_sentiment(tmp_path, survey_csv_cp1250) -> None:
    summary = cxtext.analyze_file(survey_csv_cp1250, tmp_path / "out", sentiment=None)
    df = pd.read_csv(summary["files"]["responses_csv"])
    assert "sentiment" not in df.columns
