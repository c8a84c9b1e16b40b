"""Understand answers in one pass: :func:`understand` (the core every entry point uses),
:func:`classify` and :class:`Classifier` (per-answer records for downstream apps).

One pass: the distinct answers of a batch are prepared once (:func:`cxtext.features.
prepare_answers`: clean-up, PII, language, one spaCy doc each, clauses, features), then every
model consumes that batch - answer and clause sentiment with evidence, topics, aspects - and
the results are mapped back to the rows. Identical answers ("ok", "polecam", "brak") are
computed once.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np

from cxtext import aspects as aspects_module
from cxtext._version import __version__
from cxtext.aspects import Aspect, TopicResult, aspect_sentiment, read_topics
from cxtext.backends import profile_of
from cxtext.errors import InputError
from cxtext.features import Prepared, prepare_answers
from cxtext.lang import LANGS
from cxtext.pipeline.models import (
    DEFAULT_SENTIMENT,
    DEFAULT_TOPICS,
    SentimentSpec,
    TopicSpec,
    choose_sentiment,
    get_sentiment_model,
    get_topic_model,
    reads_topics,
    resolve_topics,
    spec_name,
)
from cxtext.sentiment import SentimentModel
from cxtext.sentiment.annotate import AnswerSentiment, annotate
from cxtext.text import text_items
from cxtext.topics import TopicModel

__all__ = ["SCHEMA_VERSION", "ClassifyResult", "Understood", "understand", "classify",
           "Classifier"]

#: Version of the :func:`classify` record schema; bumped on any incompatible change.
SCHEMA_VERSION = "1.2"


class ClassifyResult(TypedDict, total=False):
    """One record of :func:`classify` (schema version ``1.2``; 1.1 added ``topics`` and
    ``aspects``, 1.2 ``truncated``).

    Always present: ``schema_version``, ``text`` (normalised, PII redacted), ``pii``
    (kinds found), ``lang`` (``pl``/``en``/``other``/``und``), ``non_answer``,
    ``non_answer_reason`` (``empty``/``punctuation``/``non_answer`` or None),
    ``gibberish``, ``emoji_sentiment`` (None when no emoji), ``truncated`` (True when the
    answer was longer than :data:`cxtext.text.MAX_ANSWER_CHARS` and only its start was
    analysed).
    With ``tokens=True``: ``tokens``, ``lemmas``, ``negated`` (bool per token) and
    ``clauses`` (list of ``{"text", "start", "end"}`` offsets into ``text``).

    With a sentiment model (the default): ``sentiment`` (``negative``/``neutral``/
    ``positive``/``mixed``), ``sentiment_confidence`` (probability of that label),
    ``sentiment_proba`` (all four labels), ``sentiment_source`` (``model``; ``clauses`` when
    a clearly positive and a clearly negative clause make the answer mixed; ``non_answer``/
    ``gibberish``/``und`` when the answer is neutral by rule), ``sentiment_flag`` (the
    rule, or None), ``sentiment_evidence`` (``{"word", "start", "end", "feature",
    "weight"}`` per word that pushed the label, offsets into ``text``) and
    ``clause_sentiment`` (per clause of answers with two or more clauses: ``text``,
    ``start``, ``end``, ``label``, ``confidence``, ``proba``, ``evidence``).

    With a topic model (the default, ``topics.rules.v1`` over the ``cx_default`` taxonomy):
    ``topics``: one dict per topic (``code``, ``parent``, ``name`` ``{pl, en}``, ``sentiment``
    of the topic in this answer, ``score``, ``evidence``: ``{"text", "start", "end", "term",
    "negated", "clause"}`` spans into ``text``) and ``aspects``: one dict per topic x clause
    (``topic``, ``parent``, ``sentiment``, ``confidence``, ``clause``, ``clause_text``,
    ``start``, ``end``, ``evidence``): "produkt super, ale dostawa trwała tydzień" gives a
    positive product aspect and a negative delivery aspect.
    """

    schema_version: str
    text: str
    pii: list[str]
    lang: str
    non_answer: bool
    non_answer_reason: str | None
    gibberish: bool
    emoji_sentiment: float | None
    truncated: bool
    tokens: list[str]
    lemmas: list[str]
    negated: list[bool]
    clauses: list[dict[str, Any]]
    sentiment: str
    sentiment_confidence: float
    sentiment_proba: dict[str, float]
    sentiment_source: str
    sentiment_flag: str | None
    sentiment_evidence: list[dict[str, Any]]
    clause_sentiment: list[dict[str, Any]]
    topics: list[dict[str, Any]]
    aspects: list[dict[str, Any]]


@dataclass
class Understood:
    """What :func:`understand` found. ``batch`` holds the DISTINCT answers (prepared once);
    ``index[i]`` is the position in ``batch`` of input row ``i``; ``sentiment``, ``topics``
    and ``aspects`` are per distinct answer (None when that model was off)."""

    batch: Prepared
    index: np.ndarray
    sentiment: list[AnswerSentiment] | None = None
    topics: list[list[TopicResult]] | None = None
    aspects: list[list[Aspect]] | None = None

    def __len__(self) -> int:
        return len(self.index)


def _distinct(items: Sequence[object]) -> tuple[list[object], np.ndarray]:
    """Distinct answers (strings compared by value; other values kept one by one) and the
    position of each item among them."""
    seen: dict[str, int] = {}
    distinct: list[object] = []
    index = np.empty(len(items), dtype=np.int64)
    for i, item in enumerate(items):
        if isinstance(item, str):
            j = seen.get(item)
            if j is None:
                j = seen[item] = len(distinct)
                distinct.append(item)
        else:
            j = len(distinct)
            distinct.append(item)
        index[i] = j
    return distinct, index


_GC_LOCK = threading.Lock()
_GC_STATE = {"users": 0, "restore": False}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch is processed. A batch allocates
    hundreds of thousands of short-lived objects (spaCy tokens and spans, result dicts), and
    each collection they trigger walks the objects the loaded models and caches hold: that
    was about 3/4 of the time of classify(). Reference counting still frees everything; the
    collector is restored when the last concurrent batch ends (thread-safe)."""
    with _GC_LOCK:
        if _GC_STATE["users"] == 0:
            _GC_STATE["restore"] = gc.isenabled()
            gc.disable()
        _GC_STATE["users"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["users"] -= 1
            if _GC_STATE["users"] == 0 and _GC_STATE["restore"]:
                gc.enable()


def understand(
    answers: Sequence[object],
    *,
    lang: str | None = None,
    sentiment: SentimentModel | None = None,
    topics: TopicModel | None = None,
    evidence: bool = True,
) -> Understood:
    """Prepare the distinct answers once and run every model on that batch."""
    with collector_paused():
        return _understand(answers, lang=lang, sentiment=sentiment, topics=topics,
                           evidence=evidence)


def _understand(answers: Sequence[object], *, lang: str | None,
                sentiment: SentimentModel | None, topics: TopicModel | None,
                evidence: bool) -> Understood:
    distinct, index = _distinct(answers)
    lemmatizer = str(getattr(sentiment, "lemmatizer", None)
                     or getattr(topics, "lemmatizer", None) or "simplemma")
    batch = prepare_answers(distinct, lang=lang, lemmatizer=lemmatizer)
    result = Understood(batch, index)
    if sentiment is not None:
        result.sentiment = annotate(sentiment, batch, evidence=evidence)
    if topics is not None:
        assert batch.cleaned is not None
        todo = [i for i, c in enumerate(batch.cleaned) if not (c.non_answer or c.gibberish)]
        matches = topics.assign(batch.subset(todo)) if todo else []
        tax = getattr(topics, "taxonomy_", None)
        found: list[list[TopicResult]] = [[] for _ in range(len(batch))]
        aspects: list[list[Aspect]] = [[] for _ in range(len(batch))]
        sents = result.sentiment
        read: list[dict[str, tuple[str, float]]] = [{} for _ in todo]
        if sents is not None and aspects_module.PAIR_READING and \
                getattr(sentiment, "reads_aspects_", False):
            read = read_topics(sentiment, [batch.texts[i] for i in todo],
                               [batch.langs[i] for i in todo], matches, tax)
        for i, ms, own in zip(todo, matches, read, strict=True):
            found[i], aspects[i] = aspect_sentiment(batch.texts[i], ms,
                                                    sents[i] if sents else None, tax, own)
        result.topics, result.aspects = found, aspects
    return result


def _as_text_list(texts: Iterable[object]) -> list[object]:
    if isinstance(texts, (str, bytes)):
        raise InputError(
            "classify() takes a list (or pandas Series) of answers, got a single string. "
            "Fix: classify([text])."
        )
    if hasattr(texts, "columns") and hasattr(texts, "iloc"):  # a DataFrame
        raise InputError(
            "classify() takes a list or Series of answers, got a DataFrame. Fix: pass one "
            "column, e.g. classify(df['comment']), or use cxtext.analyze(df) for a survey."
        )
    return text_items(texts, what="classify()")


def _record(u: Understood, j: int, tokens: bool) -> ClassifyResult:
    b = u.batch
    assert b.cleaned is not None
    c = b.cleaned[j]
    rec = ClassifyResult(
        schema_version=SCHEMA_VERSION, text=c.text, pii=list(c.pii), lang=b.langs[j],
        non_answer=c.non_answer, non_answer_reason=c.non_answer_reason, gibberish=c.gibberish,
        emoji_sentiment=c.emoji_sentiment, truncated=c.truncated,
    )
    if u.sentiment is not None:
        s = u.sentiment[j]
        rec["sentiment"] = s.label
        rec["sentiment_confidence"] = s.confidence
        rec["sentiment_proba"] = s.proba
        rec["sentiment_source"] = s.source
        rec["sentiment_flag"] = s.flag
        rec["sentiment_evidence"] = s.evidence
        rec["clause_sentiment"] = [cl.as_dict() for cl in s.clauses]
    if u.topics is not None and u.aspects is not None:
        rec["topics"] = [t.as_dict() for t in u.topics[j]]
        rec["aspects"] = [a.as_dict() for a in u.aspects[j]]
    if tokens:
        doc = b.docs[j]
        rec["tokens"] = [t.text for t in doc]
        rec["lemmas"] = [t.lemma_ or t.lower_ for t in doc]
        rec["negated"] = [bool(t._.negated) for t in doc]
        rec["clauses"] = [{"text": s.text, "start": s.start_char, "end": s.end_char}
                          for s in b.clauses[j]]
    return rec


def classify(
    texts: Iterable[object],
    *,
    lang: str | None = None,
    tokens: bool = False,
    sentiment: SentimentSpec = DEFAULT_SENTIMENT,
    topics: TopicSpec = DEFAULT_TOPICS,
    evidence: bool = True,
    model: Classifier | None = None,
    profile: str | None = None,
) -> list[ClassifyResult]:
    """Understand each answer: redacted text, language, non-answer/gibberish flags, sentiment,
    topics and aspects.

    ``texts`` is a list/Series of strings; ``None``/NaN/numbers are accepted and treated
    as text (``None`` -> empty answer), so one odd value never breaks a batch.
    ``lang`` forces the language (``"pl"``/``"en"``) instead of detecting it.
    ``profile``: ``"accurate"`` (the default: the contextual model ``sentiment.e5.v1``,
    ~150-200 answers/s per process) or ``"fast"`` (``sentiment.linear.v1``, thousands of
    answers/s). ``sentiment``: instead of a profile, a backend name (its shipped model), a
    model folder, a fitted model, or None to skip sentiment; ``topics`` likewise (a taxonomy
    file runs the rules over it). ``evidence=False`` skips the evidence words (faster).
    ``model``: a :class:`Classifier` whose loaded models are used instead.
    Returns one :class:`ClassifyResult` dict per input, in input order (identical answers
    are computed once and get equal records).
    """
    if lang is not None and lang not in LANGS:
        raise InputError(f"lang must be one of {', '.join(LANGS)} or None, got {lang!r}.")
    if model is not None:
        smodel, tmodel, evidence = model.sentiment, model.topics, model.evidence
    else:
        chosen = choose_sentiment(sentiment, profile)
        smodel = get_sentiment_model(chosen)
        tmodel = get_topic_model(resolve_topics(topics, reader=reads_topics(chosen)))
    items = _as_text_list(texts)
    with collector_paused():
        u = understand(items, lang=lang, sentiment=smodel, topics=tmodel, evidence=evidence)
        records = [_record(u, j, tokens) for j in range(len(u.batch))]
        out: list[ClassifyResult] = []
        used: set[int] = set()
        for j in u.index.tolist():
            # a repeated answer gets its own dict (equal values): callers may mutate records
            out.append(records[j] if j not in used else ClassifyResult(**records[j]))
            used.add(j)
        # free the batch (docs, spans, token tables) by reference counting while the
        # collector is still paused: the collection that follows then scans only the results
        del u, records
    return out


class Classifier:
    """Models loaded once, for downstream apps: ``Classifier()(texts)`` == ``classify(texts)``.

    ``sentiment`` and ``topics`` as in :func:`classify` (names, folders, taxonomy files or
    fitted models); they are resolved when the object is created, so a bad name fails at
    start-up, not on the first request. Prediction is thread-safe: the models are read-only
    after loading and every call works on its own documents (shared caches are plain dicts,
    whose single operations are atomic in CPython). Batch results equal one-at-a-time results.
    """

    def __init__(self, *, sentiment: SentimentSpec = DEFAULT_SENTIMENT,
                 topics: TopicSpec = DEFAULT_TOPICS, evidence: bool = True,
                 profile: str | None = None) -> None:
        sentiment = choose_sentiment(sentiment, profile)
        self.sentiment = get_sentiment_model(sentiment)
        topics = resolve_topics(topics, reader=reads_topics(sentiment))
        self.topics = get_topic_model(topics)
        self.evidence = evidence
        self.sentiment_name = spec_name(sentiment, self.sentiment)
        self.profile = profile_of(self.sentiment_name)
        self.topics_name = spec_name(topics, self.topics)

    def __call__(self, texts: Iterable[object], *, lang: str | None = None,
                 tokens: bool = False) -> list[ClassifyResult]:
        return classify(texts, lang=lang, tokens=tokens, model=self)

    classify = __call__

    def info(self) -> dict[str, Any]:
        """Schema version and the models in use (for ``/v1/models`` and logs)."""
        return {"schema_version": SCHEMA_VERSION, "cxtext_version": __version__,
                "profile": self.profile,
                "sentiment": self.sentiment_name, "topics": self.topics_name,
                "labels": [str(c) for c in self.sentiment.classes_] if self.sentiment else [],
                "topic_codes": [str(c) for c in self.topics.classes_] if self.topics else []}
