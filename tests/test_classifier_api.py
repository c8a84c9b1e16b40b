"""cxtext.Classifier: models loaded once, thread-safe, batch == one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import cxtext
from tests.conftest import SURVEY_ROWS

TEXTS = [r[1] for r in SURVEY_ROWS] + ["Great price but the courier was rude",
                                       "aplikacja nie działa, infolinia nie odbiera"]


def test_classifier_equals_classify_and_reports_models() -> None:
    clf = cxtext.Classifier()
    assert clf(TEXTS) == cxtext.classify(TEXTS)
    assert cxtext.classify(TEXTS, model=clf) == clf(TEXTS)
    info = clf.info()
    assert info["schema_version"] == cxtext.SCHEMA_VERSION
    assert info["sentiment"] == "sentiment.e5.v1" and info["topics"] == "topics.rules.v1"
    assert info["profile"] == "accurate"
    assert "delivery.speed" in info["topic_codes"] and "mixed" in info["labels"]


def test_batch_equals_single_calls() -> None:
    clf = cxtext.Classifier()
    assert clf(TEXTS) == [clf([t])[0] for t in TEXTS]


def test_thread_safe_prediction() -> None:
    clf = cxtext.Classifier()
    expected = clf(TEXTS)
    jobs = [TEXTS[i:] + TEXTS[:i] for i in range(len(TEXTS))]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(clf, jobs))
    for i, res in enumerate(results):
        k = i % len(TEXTS)
        assert res == expected[k:] + expected[:k]


def test_bad_model_name_fails_at_start() -> None:
    with pytest.raises(KeyError, match="sentiment.linear.v1"):
        cxtext.Classifier(sentiment="sentiment.nope.v1")
    clf = cxtext.Classifier(sentiment=None, topics=None)
    assert "sentiment" not in clf(["ok"])[0] and clf.info()["topics"] is None


def test_an_overlong_answer_does_not_break_the_batch() -> None:
    from cxtext.text import MAX_ANSWER_CHARS

    long = "Obsługa była miła. " * (MAX_ANSWER_CHARS // 15)
    out = cxtext.classify(["Szybka dostawa, polecam", long, "Nie polecam"])
    assert [r["truncated"] for r in out] == [False, True, False]
    assert len(out[1]["text"]) <= MAX_ANSWER_CHARS
    assert out[0]["sentiment"] == "positive" and out[2]["sentiment"] == "negative"
