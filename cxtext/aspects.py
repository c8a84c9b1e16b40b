"""Aspect sentiment: topics x clause sentiment.

"Produkt super, ale dostawa trwała tydzień" has two clauses; the topic found in each clause
takes that clause's sentiment, so the answer yields ``product.quality``/positive *and*
``delivery.speed``/negative. A topic found in a single-clause answer (or by a classifier
without word evidence) takes the answer's sentiment. A topic mentioned in several clauses
with opposite polarity is ``mixed`` at answer level; its per-clause aspects keep both.

Clauses are matched by character offsets, so topics and sentiment may come from different
tokenisations of the same cleaned text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cxtext.sentiment.annotate import AnswerSentiment
from cxtext.topics.base import TopicMatch
from cxtext.topics.taxonomy import Taxonomy

__all__ = ["Aspect", "TopicResult", "aspect_sentiment", "combine_labels"]


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


def aspect_sentiment(
    text: str,
    matches: Sequence[TopicMatch],
    sentiment: AnswerSentiment | None,
    taxonomy: Taxonomy | None = None,
) -> tuple[list[TopicResult], list[Aspect]]:
    """Topics (answer level) and aspects (topic x clause) of one answer."""
    clauses = sentiment.clauses if sentiment is not None else []
    aspects: dict[tuple[str, int], Aspect] = {}
    for m in matches:
        k = -1
        if m.end > m.start:
            k = next((j for j, c in enumerate(clauses) if c.start <= m.start < c.end), -1)
        label: str | None
        conf: float | None
        if k >= 0:
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
