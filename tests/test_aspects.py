"""cxtext.aspects: topics take their clause's sentiment, or their own reading by a model that
reads (aspect, answer) pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from cxtext.aspects import aspect_sentiment, combine_labels, read_topics, topic_query
from cxtext.sentiment.annotate import AnswerSentiment, ClauseSentiment
from cxtext.topics.base import TopicMatch
from cxtext.topics.taxonomy import load_taxonomy

TEXT = "Jedzenie pyszne, ale kelner był niemiły i czekaliśmy godzinę"


def _match(code: str, word: str, clause: int = 0) -> TopicMatch:
    start = TEXT.index(word)
    return TopicMatch(code, code.split(".")[0], word, start, start + len(word), word.lower(),
                      clause=clause)


class PairReader:
    """A stand-in for a model that reads (aspect, text) pairs: the label is looked up from
    the aspect's words, so the test checks the plumbing, not a model."""

    classes_ = np.array(["negative", "neutral", "positive", "mixed"], dtype=object)
    reads_aspects_ = True

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.calls: list[tuple[list[str], list[str]]] = []

    def predict_aspect_proba(self, aspects: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        self.calls.append((list(aspects), list(texts)))
        out = np.full((len(aspects), 4), 0.1)
        for i, a in enumerate(aspects):
            out[i, list(self.classes_).index(self.labels.get(a, "neutral"))] = 0.7
        return out


@pytest.mark.parametrize(("labels", "expected"), [
    (["positive"], "positive"),
    (["positive", "negative"], "mixed"),
    (["neutral", "negative"], "negative"),
    (["neutral", None], "neutral"),
    ([None], None),
    (["mixed", "positive"], "mixed"),
])
def test_combine_labels(labels: list[str | None], expected: str | None) -> None:
    assert combine_labels(labels) == expected


def test_query_is_the_trigger_words_or_the_topic_name() -> None:
    tax = load_taxonomy("cx_default")
    again = TopicMatch("service.staff", "service", "Kelner", 0, 6, "kelner")
    ms = [_match("service.staff", "kelner"), again, _match("product", "Jedzenie")]
    assert topic_query("service.staff", ms, tax, "pl") == "kelner"  # case-folded repeats
    no_words = [TopicMatch("delivery.speed", "delivery", "", 0, 0, "", score=0.8)]
    assert topic_query("delivery.speed", no_words, tax, "pl") == \
        tax["delivery.speed"].name["pl"]
    assert topic_query("delivery.speed", no_words, tax, "en") == \
        tax["delivery.speed"].name["en"]


def test_each_topic_of_a_multi_topic_answer_gets_its_own_reading() -> None:
    model = PairReader({"Jedzenie": "positive", "kelner": "negative"})
    single = [_match("product", "Jedzenie")]
    double = [_match("product", "Jedzenie"), _match("service.staff", "kelner", clause=1)]
    read = read_topics(model, [TEXT, TEXT], ["pl", "pl"], [single, double])
    assert read[0] == {}  # one topic: it keeps its clause's (or the answer's) sentiment
    assert {k: v[0] for k, v in read[1].items()} == {"product": "positive",
                                                     "service.staff": "negative"}
    assert len(model.calls) == 1  # one batched call for the chunk
    assert model.calls[0] == (["Jedzenie", "kelner"], [TEXT, TEXT])


def test_a_reading_replaces_the_clause_sentiment() -> None:
    """The clause split put both topics in one clause (a neutral one): their own readings
    decide, and the aspect keeps its clause's text and span."""
    clause = ClauseSentiment(TEXT, 0, len(TEXT), "neutral", 0.6, {"neutral": 0.6})
    sent = AnswerSentiment("mixed", 0.8, {"mixed": 0.8}, "model", clauses=[clause])
    ms = [_match("product", "Jedzenie"), _match("service.staff", "kelner")]
    plain, _ = aspect_sentiment(TEXT, ms, sent)
    assert [t.sentiment for t in plain] == ["neutral", "neutral"]
    own = {"product": ("positive", 0.9), "service.staff": ("negative", 0.8)}
    topics, aspects = aspect_sentiment(TEXT, ms, sent, None, own)
    assert [(t.code, t.sentiment) for t in topics] == [("product", "positive"),
                                                       ("service.staff", "negative")]
    assert [(a.topic, a.sentiment, a.confidence, a.clause_text) for a in aspects] == [
        ("product", "positive", 0.9, TEXT), ("service.staff", "negative", 0.8, TEXT)]


def test_pipeline_reads_topics_only_with_a_pair_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """classify() with the fast (linear) model: no pair readings; with a model that reads
    pairs (and pair reading switched on), topics of multi-topic answers are read as pairs."""
    import cxtext.aspects
    from cxtext.pipeline.classify import understand
    from cxtext.sentiment import load_model
    from cxtext.topics import load_topic_model

    linear = load_model("sentiment.linear.v1")
    topics = load_topic_model("cx_default")
    texts = ["Kurier spóźniony, ale obsługa w sklepie bardzo miła", "Szybka dostawa"]
    base = understand(texts, sentiment=linear, topics=topics)

    class Reading(type(linear)):  # the linear model, told it reads pairs
        reads_aspects_ = True

        def predict_aspect_proba(self, aspects: Sequence[str], X: Sequence[str]) -> np.ndarray:
            out = np.zeros((len(aspects), len(self.classes_)))
            out[:, list(self.classes_).index("mixed")] = 1.0
            return out

    reading = Reading(**linear.get_params())
    reading.__dict__.update({k: v for k, v in linear.__dict__.items() if k.endswith("_")})
    off = understand(texts, sentiment=reading, topics=topics)  # PAIR_READING is off
    assert off.topics is not None and [t.sentiment for t in off.topics[0]] == \
        [t.sentiment for t in base.topics[0]]  # type: ignore[index]
    monkeypatch.setattr(cxtext.aspects, "PAIR_READING", True)
    got = understand(texts, sentiment=reading, topics=topics)
    assert got.topics is not None and base.topics is not None
    multi = got.topics[0]
    assert len(multi) >= 2 and {t.sentiment for t in multi} == {"mixed"}
    assert [t.sentiment for t in got.topics[1]] == [t.sentiment for t in base.topics[1]]
