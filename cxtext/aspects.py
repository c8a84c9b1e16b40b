"""Aspect sentiment: topics x clause sentiment.

"Produkt super, ale dostawa trwała tydzień" has two clauses; the topic found in each clause
takes that clause's sentiment, so the answer yields ``product.quality``/positive *and*
``delivery.speed``/negative. A topic found in a single-clause answer (or by a classifier
without word evidence) takes the answer's sentiment. A topic mentioned in several clauses
with opposite polarity is ``mixed`` at answer level; its per-clause aspects keep both.

Clauses are matched by character offsets, so topics and sentiment may come from different
tokenisations of the same cleaned text.

A sentiment model that reads (aspect, text) pairs (``reads_aspects_``: the accurate profile's
model, trained on aspect-sentiment data) can give each topic of an answer with two or more
topics its own reading instead (:data:`PAIR_READING`, off: no gain measured): "the
sentiment of *this topic's words* in the whole answer"
(:func:`read_topics`), so "the food itself was just ok, but the service was awful" makes the
food neutral and the service negative even where the clause split does not separate them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cxtext.sentiment.annotate import AnswerSentiment
from cxtext.topics.base import TopicMatch
from cxtext.topics.taxonomy import Taxonomy

__all__ = ["Aspect", "TopicResult", "aspect_sentiment", "combine_labels", "read_topics",
           "topic_query"]

#: Pair readings in the pipeline: off. Measured with the shipped accurate model on
#: SemEval-2014 restaurant category polarity (dev): clause sentiment 0.789, pair readings for
#: answers with 2+ topics 0.787 - no gain, at about half the speed of classify() (98 vs 183
#: answers/s on the CX dev answers). The model keeps the ability (``predict_aspect_proba``).
PAIR_READING = False
#: With pair reading on, answers with at least this many distinct topics get a reading per
#: topic (one answer with one topic: the topic takes its clause's or the answer's sentiment).
PAIR_MIN_TOPICS = 2
#: Trigger words of a topic put in its query (the first ones, in the answer's order).
QUERY_WORDS = 3


@dataclass
class Aspect:
    """One topic in one clause, with that clause's sentiment (``clause=-1``: whole answer)."""

    topic: str
    parent: str
    sentiment: str | None
    confidence: float | None
    clause: int
    clause_text: str
    start: int
    end: int
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "parent": self.parent, "sentiment": self.sentiment,
                "confidence": self.confidence, "clause": self.clause,
                "clause_text": self.clause_text, "start": self.start, "end": self.end,
                "evidence": list(self.evidence)}


@dataclass
class TopicResult:
    """One topic of one answer: code, names, answer-level sentiment, evidence spans."""

    code: str
    parent: str
    name: dict[str, str]
    sentiment: str | None
    score: float
    evidence: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "parent": self.parent, "name": dict(self.name),
                "sentiment": self.sentiment, "score": self.score,
                "evidence": [dict(e) for e in self.evidence]}


def combine_labels(labels: Sequence[str | None]) -> str | None:
    """Answer-level sentiment of a topic from its clauses: positive and negative -> mixed;
    otherwise the polar label if any, else neutral."""
    present = {lb for lb in labels if lb}
    if not present:
        return None
    if "mixed" in present or {"positive", "negative"} <= present:
        return "mixed"
    for lb in ("negative", "positive"):
        if lb in present:
            return lb
    return "neutral"


def topic_query(code: str, matches: Sequence[TopicMatch], taxonomy: Taxonomy | None,
                lang: str) -> str:
    """What a pair-reading model is asked about for one topic of an answer: the words that
    triggered it (``"pizza, waiter"``), or its name in the answer's language when a
    classifier found it without words."""
    words: list[str] = []
    for m in matches:
        if m.code == code and m.text and m.text.lower() not in (w.lower() for w in words):
            words.append(m.text)
    if words:
        return ", ".join(words[:QUERY_WORDS])
    if taxonomy is not None and code in taxonomy:
        name = taxonomy[code].name
        return str(name.get(lang) or name.get("en") or code)
    return code


def read_topics(
    model: Any,
    texts: Sequence[str],
    langs: Sequence[str],
    matches: Sequence[Sequence[TopicMatch]],
    taxonomy: Taxonomy | None = None,
    *,
    min_topics: int | None = None,
) -> list[dict[str, tuple[str, float]]]:
    """Per answer, ``{topic code: (label, confidence)}`` read by ``model`` as (topic query,
    answer) pairs, for answers with ``min_topics`` (default :data:`PAIR_MIN_TOPICS`) or more
    distinct topics (others: ``{}``).
    One batched call for the whole chunk."""
    least = PAIR_MIN_TOPICS if min_topics is None else min_topics
    jobs: list[tuple[int, str]] = []
    queries: list[str] = []
    for i, ms in enumerate(matches):
        codes = list(dict.fromkeys(m.code for m in ms))
        if len(codes) < least:
            continue
        for code in codes:
            jobs.append((i, code))
            queries.append(topic_query(code, ms, taxonomy, langs[i]))
    out: list[dict[str, tuple[str, float]]] = [{} for _ in matches]
    if not jobs:
        return out
    proba = model.predict_aspect_proba(queries, [texts[i] for i, _ in jobs])
    best = proba.argmax(axis=1)
    for (i, code), k, p in zip(jobs, best, proba, strict=True):
        out[i][code] = (str(model.classes_[k]), round(float(p[k]), 4))
    return out


def aspect_sentiment(
    text: str,
    matches: Sequence[TopicMatch],
    sentiment: AnswerSentiment | None,
    taxonomy: Taxonomy | None = None,
    read: Mapping[str, tuple[str, float]] | None = None,
) -> tuple[list[TopicResult], list[Aspect]]:
    """Topics (answer level) and aspects (topic x clause) of one answer. ``read``: topics'
    own readings (:func:`read_topics`), which replace the clause's sentiment for them."""
    clauses = sentiment.clauses if sentiment is not None else []
    aspects: dict[tuple[str, int], Aspect] = {}
    for m in matches:
        k = -1
        if m.end > m.start:
            k = next((j for j, c in enumerate(clauses) if c.start <= m.start < c.end), -1)
        label: str | None
        conf: float | None
        if read and m.code in read:
            label, conf = read[m.code]
            if k >= 0:
                c = clauses[k]
                ctext, cs, ce = c.text, c.start, c.end
            else:
                ctext, cs, ce = text, 0, len(text)
        elif k >= 0:
            c = clauses[k]
            label, conf, ctext, cs, ce = c.label, c.confidence, c.text, c.start, c.end
        else:
            label = sentiment.label if sentiment is not None else None
            conf = sentiment.confidence if sentiment is not None else None
            ctext, cs, ce = text, 0, len(text)
        a = aspects.get((m.code, k))
        if a is None:
            a = aspects[(m.code, k)] = Aspect(m.code, m.parent, label, conf, k, ctext, cs, ce)
        if m.text and m.text not in a.evidence:
            a.evidence.append(m.text)
    topics: dict[str, TopicResult] = {}
    for m in matches:
        t = topics.get(m.code)
        if t is None:
            name = dict(taxonomy[m.code].name) if taxonomy is not None and m.code in taxonomy \
                else {"pl": m.code, "en": m.code}
            labels = [a.sentiment for (code, _), a in aspects.items() if code == m.code]
            t = topics[m.code] = TopicResult(m.code, m.parent, name, combine_labels(labels),
                                             m.score, [])
        if m.text:
            t.evidence.append({"text": m.text, "start": m.start, "end": m.end, "term": m.term,
                               "negated": m.negated, "clause": m.clause})
        t.score = max(t.score, m.score)
    ordered = sorted(aspects.values(), key=lambda a: (a.clause if a.clause >= 0 else 1 << 30,
                                                      a.start, a.topic))
    return list(topics.values()), ordered
