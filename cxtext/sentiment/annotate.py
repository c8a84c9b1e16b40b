"""Apply a sentiment model to survey answers: answer level, clause level, evidence, flags.

This is what :func:`cxtext.classify` and ``cxtext analyze`` use. On top of the model:

* **non-answers** ("brak", "-", empty) and **gibberish** get ``neutral`` with a flag and
  uniform probabilities: the model is never asked, so no confident label is invented;
* answers whose language is **und** ("ok", "super", "10", emoji only) get ``neutral`` with
  the flag ``und``; their probabilities are the model's shrunk halfway to uniform, so a lean
  ("super" -> positive) stays visible without becoming a confident label - unless the model
  reads context (``reads_context``: the contextual model, trained on such answers);
* answers of two or more **clauses** are also scored clause by clause (as negative/neutral/
  positive: a clause carries one polarity; its leading connective is not scored); when one clause is
  clearly positive and another clearly negative ("produkt super, ale dostawa trwała
  tydzień") the answer is ``mixed`` even if the model, trained mostly on single-polarity
  sentences, leaned one way (``source = "clauses"``) - again unless the model reads context:
  a contextual model predicts ``mixed`` itself, and the clause rule would turn sarcasm
  ("Oh great, another update that breaks the app") and stories that end well into ``mixed``
  (on the CX dev answers the rule cost the contextual model 4.8 points of accuracy);
* **evidence**: the words that pushed the prediction, with character offsets into the
  answer for highlighting (lemma features are mapped back to the surface tokens).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cxtext.features import Prepared, evidence_tokens, prepare, span_text
from cxtext.sentiment.base import LABELS, SentimentModel

__all__ = ["AnswerSentiment", "ClauseSentiment", "annotate", "CLEAR"]

#: A clause counts as clearly positive/negative at this probability (mixed-answer rule).
CLEAR = 0.6
#: A contextual model scores at most this many clauses of one answer (a pasted 100,000-
#: character answer has thousands; each costs a transformer pass).
MAX_CONTEXT_CLAUSES = 50
_UNIFORM = {lb: 0.25 for lb in LABELS}


@dataclass
class ClauseSentiment:
    text: str
    start: int
    end: int
    label: str
    confidence: float
    proba: dict[str, float]
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "label": self.label,
                "confidence": self.confidence, "proba": self.proba, "evidence": self.evidence}


@dataclass
class AnswerSentiment:
    """Sentiment of one answer. ``source``: ``model`` (the model's arg-max), ``clauses``
    (mixed by the clause rule), ``non_answer``/``gibberish``/``und`` (neutral by rule)."""

    label: str
    confidence: float
    proba: dict[str, float]
    source: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    clauses: list[ClauseSentiment] = field(default_factory=list)

    @property
    def flag(self) -> str | None:
        return self.source if self.source in ("non_answer", "gibberish", "und") else None


def _proba_dict(row: Sequence[float], classes: Sequence[str]) -> dict[str, float]:
    """Probabilities of one row (Python floats) by label, rounded to 4 decimals."""
    d = dict.fromkeys(LABELS, 0.0)
    for c, p in zip(classes, row, strict=True):
        d[c] = round(p, 4)
    return d


def _evidence(doc: Any, feats: list[tuple[str, float]],
              cache: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """Evidence words of a prediction: :func:`cxtext.features.evidence_tokens` as dicts with
    offsets into the answer (lexicon/VADER features are surface words: matched too)."""
    return [{"word": text, "start": idx, "end": idx + len(text), "feature": feat,
             "weight": round(float(weight), 4)}
            for _, text, idx, feat, weight in evidence_tokens(doc, feats, cache=cache)]


def _predict(model: SentimentModel, batch: Prepared, *, explain: bool,
             ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
    if not len(batch):
        return np.zeros((0, len(model.classes_))), []
    if explain and hasattr(model, "predict_explain"):
        return model.predict_explain(batch)
    proba = model.predict_proba(batch)
    feats = model.explain(batch) if explain else [[] for _ in range(len(batch))]
    return proba, feats


def annotate(
    model: SentimentModel,
    answers: Prepared | Sequence[str],
    langs: Sequence[str] | None = None,
    *,
    non_answer: Sequence[bool] | None = None,
    gibberish: Sequence[bool] | None = None,
    clauses: bool = True,
    evidence: bool = True,
) -> list[AnswerSentiment]:
    """Sentiment of prepared answers (a :class:`~cxtext.features.Prepared` batch from
    :func:`cxtext.features.prepare_answers`: nothing is tokenised again; its non-answer and
    gibberish flags are used unless given), or of cleaned texts in ``langs``."""
    if isinstance(answers, Prepared):
        batch = answers
    else:
        texts = list(answers)
        lang_list = list(langs) if langs is not None else [None] * len(texts)
        batch = prepare(texts, langs=lang_list,
                        lemmatizer=getattr(model, "lemmatizer", "simplemma"))
    n = len(batch)
    if batch.cleaned is not None:
        non_answer = non_answer if non_answer is not None else [c.non_answer for c in batch.cleaned]
        gibberish = gibberish if gibberish is not None else [c.gibberish for c in batch.cleaned]
    non_answer = non_answer if non_answer is not None else [False] * n
    gibberish = gibberish if gibberish is not None else [False] * n
    classes = [str(c) for c in model.classes_]
    contextual = bool(getattr(model, "reads_context", False))
    results: list[AnswerSentiment | None] = [None] * n
    todo: list[int] = []
    for i in range(n):
        if non_answer[i] or not batch.texts[i].strip():
            results[i] = AnswerSentiment("neutral", 0.25, dict(_UNIFORM), "non_answer")
        elif gibberish[i]:
            results[i] = AnswerSentiment("neutral", 0.25, dict(_UNIFORM), "gibberish")
        else:
            todo.append(i)
    if not todo:
        return [r for r in results if r is not None]
    sub = batch.subset(todo)
    proba, feats = _predict(model, sub, explain=evidence)

    # clause level, for answers with two or more clauses (spans of the answer's doc)
    per_answer: dict[int, list[ClauseSentiment]] = {}
    rows = sub.token_tables()  # token tables per doc: shared by an answer and its clauses
    if clauses:
        cbatch, owners = sub.clause_batch(
            min_clauses=2, max_clauses=MAX_CONTEXT_CLAUSES if contextual else None)
        c_proba, c_feats = _predict(model, cbatch, explain=evidence)
        if "mixed" in classes and len(c_proba):
            # a clause is the unit of one polarity: clause labels are negative/neutral/positive
            c_proba = c_proba.copy()
            c_proba[:, classes.index("mixed")] = 0.0
            c_proba /= np.clip(c_proba.sum(axis=1, keepdims=True), 1e-12, None)
        c_rows = c_proba.tolist()
        c_best = c_proba.argmax(axis=1).tolist() if len(c_rows) else []
        for j, (k, span) in enumerate(owners):
            row = c_rows[j]
            per_answer.setdefault(k, []).append(ClauseSentiment(
                text=span_text(span, sub.texts[k]), start=span.start_char, end=span.end_char,
                label=classes[c_best[j]], confidence=round(row[c_best[j]], 4),
                proba=_proba_dict(row, classes),
                evidence=_evidence(span, c_feats[j], rows) if evidence else [],
            ))

    rows_p = proba.tolist()
    for k, i in enumerate(todo):
        p = _proba_dict(rows_p[k], classes)
        label = max(p, key=lambda lb: p[lb])
        source = "model"
        cls = per_answer.get(k, [])
        pos = max((c.proba["positive"] for c in cls), default=0.0)
        neg = max((c.proba["negative"] for c in cls), default=0.0)
        if cls and pos >= CLEAR and neg >= CLEAR and label != "mixed" and not contextual:
            mixed = max(p["mixed"], min(pos, neg))
            rest = 1.0 - p["mixed"]
            scale = (1.0 - mixed) / rest if rest > 0 else 0.0
            p = {lb: round(mixed if lb == "mixed" else v * scale, 4) for lb, v in p.items()}
            label, source = "mixed", "clauses"
        if batch.langs[i] == "und" and not contextual:
            p = {lb: round(0.5 * v + 0.5 * _UNIFORM[lb], 4) for lb, v in p.items()}
            label, source = "neutral", "und"
        results[i] = AnswerSentiment(
            label=label, confidence=round(p[label], 4), proba=p, source=source,
            evidence=_evidence(sub.docs[k], feats[k], rows) if evidence else [], clauses=cls,
        )
    return [r for r in results if r is not None]
