"""Answer- and clause-level sentiment on top of a model: rules for non-answers, und, mixed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cxtext.sentiment.annotate import CLEAR, annotate
from cxtext.sentiment.base import SentimentModel, as_texts
from cxtext.sentiment.linear import LinearSentiment
from tests.conftest import SENTIMENT_CORPUS


class KeywordModel(SentimentModel):
    """A transparent stand-in: positive if 'super'/'great', negative if 'długo'/'rude'."""

    backend = "sentiment.keyword.test"

    def fit(self, X: Any, y: Any) -> KeywordModel:
        self.classes_ = np.array(["negative", "neutral", "positive", "mixed"], dtype=object)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        out = []
        for t in as_texts(X):
            low = t.lower()
            pos = any(w in low for w in ("super", "great"))
            neg = any(w in low for w in ("długo", "rude", "tydzień"))
            if pos and not neg:
                out.append([0.05, 0.1, 0.8, 0.05])
            elif neg and not pos:
                out.append([0.8, 0.1, 0.05, 0.05])
            elif pos and neg:
                out.append([0.2, 0.1, 0.6, 0.1])  # leans positive: the rule must fix it
            else:
                out.append([0.1, 0.8, 0.05, 0.05])
        return np.array(out)

    def explain(self, X: Any, *, top_k: int = 5) -> list[list[tuple[str, float]]]:
        return [[(w, 1.0) for w in ("super", "rude", "great") if w in t.lower()]
                for t in as_texts(X)]


@pytest.fixture
def model() -> KeywordModel:
    return KeywordModel().fit(None, None)


def test_contrastive_answer_becomes_mixed_with_clauses(model: KeywordModel) -> None:
    [r] = annotate(model, ["Produkt super, ale dostawa trwała tydzień"], ["pl"])
    assert r.label == "mixed" and r.source == "clauses"
    assert [c.label for c in r.clauses] == ["positive", "negative"]
    assert r.clauses[0].text.startswith("Produkt super")
    assert r.clauses[1].text.startswith("ale dostawa")
    assert sum(r.proba.values()) == pytest.approx(1.0, abs=1e-3)
    assert r.proba["mixed"] >= CLEAR


def test_single_polarity_answer_keeps_model_label(model: KeywordModel) -> None:
    [r] = annotate(model, ["Produkt super. Polecam"], ["pl"])
    assert r.label == "positive" and r.source == "model" and len(r.clauses) == 2


@pytest.mark.parametrize(
    ("text", "lang", "non_answer", "gibberish", "source"),
    [
        ("brak", "und", True, False, "non_answer"),
        ("", "und", False, False, "non_answer"),
        ("asdfgh", "und", False, True, "gibberish"),
        ("super", "und", False, False, "und"),
    ],
)
def test_rule_based_neutral_is_never_confident(model: KeywordModel, text: str, lang: str,
                                              non_answer: bool, gibberish: bool,
                                              source: str) -> None:
    [r] = annotate(model, [text], [lang], non_answer=[non_answer], gibberish=[gibberish])
    assert r.label == "neutral" and r.source == source and r.flag == source
    assert r.confidence < 0.5
    assert max(r.proba.values()) < 0.6


def test_und_keeps_the_models_lean_visible(model: KeywordModel) -> None:
    [r] = annotate(model, ["super"], ["und"])
    assert r.proba["positive"] > r.proba["negative"]


def test_evidence_has_offsets_into_the_text(model: KeywordModel) -> None:
    text = "Great price but the courier was rude"
    [r] = annotate(model, [text], ["en"])
    words = {e["word"] for e in r.evidence}
    assert words == {"Great", "rude"}
    for e in r.evidence:
        assert text[e["start"]: e["end"]] == e["word"]
    for c in r.clauses:
        for e in c.evidence:
            assert text[e["start"]: e["end"]] == e["word"]


def test_lemma_evidence_maps_to_surface_words() -> None:
    texts = [t for t, _ in SENTIMENT_CORPUS]
    m = LinearSentiment(C=100.0, min_df=1, calibration=None).fit(
        texts, [lb for _, lb in SENTIMENT_CORPUS])
    text = "Nie polecam. Kurier spóźnił się trzy dni"
    [r] = annotate(m, [text], ["pl"])
    assert r.label == "negative"
    assert any(e["feature"].startswith("NEG_") and e["word"] == "polecam" for e in r.evidence)
    for e in r.evidence:
        assert text[e["start"]: e["end"]] == e["word"]


def test_order_and_length_preserved(model: KeywordModel) -> None:
    texts = ["super", "brak", "rude staff", "", "great"]
    out = annotate(model, texts, ["und", "und", "en", "und", "en"],
                   non_answer=[False, True, False, True, False])
    assert [r.label for r in out] == ["neutral", "neutral", "negative", "neutral", "positive"]


class ContextModel(KeywordModel):
    """The keyword stand-in, declared as reading context (like the contextual model)."""

    reads_context = True


@pytest.mark.parametrize(("text", "lang", "label", "source"), [
    # a clearly positive and a clearly negative clause: the model's own label is kept
    ("Produkt super, ale dostawa trwała tydzień", "pl", "positive", "model"),
    # a one-word answer of unknown language: the model's label, not neutral by rule
    ("super", "und", "positive", "model"),
    # non-answers stay neutral by rule for every model
    ("brak", "pl", "neutral", "non_answer"),
])
def test_contextual_models_skip_bag_of_words_rules(text: str, lang: str, label: str,
                                                   source: str) -> None:
    model = ContextModel().fit(None, None)
    [r] = annotate(model, [text], [lang], non_answer=[text == "brak"])
    assert (r.label, r.source) == (label, source)
    plain = KeywordModel().fit(None, None)
    [p] = annotate(plain, [text], [lang], non_answer=[text == "brak"])
    if source == "model":  # the same answer under the bag-of-words rules
        assert p.source in ("clauses", "und") and p.label in ("mixed", "neutral")


def test_contextual_models_score_at_most_max_clauses() -> None:
    from cxtext.sentiment.annotate import MAX_CONTEXT_CLAUSES

    text = ", ale ".join(["super"] * (MAX_CONTEXT_CLAUSES + 10))
    [r] = annotate(ContextModel().fit(None, None), [text], ["pl"])
    assert len(r.clauses) == MAX_CONTEXT_CLAUSES
    [p] = annotate(KeywordModel().fit(None, None), [text], ["pl"])
    assert len(p.clauses) == MAX_CONTEXT_CLAUSES + 10  # bag-of-words clauses are cheap
