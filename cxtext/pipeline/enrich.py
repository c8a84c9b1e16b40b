"""A response table in, the same table with the understanding columns out.

:func:`enrich` adds the text, sentiment and topic columns of :mod:`cxtext.schema` (list
columns stay Python lists: the writers format them for people); :func:`topic_mentions`
makes the long (response x topic) table; :class:`Enricher` spreads chunks over forked
worker processes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxtext.pipeline.classify import Understood, collector_paused, understand
from cxtext.pipeline.models import (
    DEFAULT_SENTIMENT,
    DEFAULT_TOPICS,
    SentimentSpec,
    TopicSpec,
    get_sentiment_model,
    get_topic_model,
)
from cxtext.schema import RESPONSE_COLUMNS, SEGMENT_PREFIX
from cxtext.sentiment import LABELS, SentimentModel
from cxtext.text import MAX_ANSWER_CHARS, redact_raw
from cxtext.topics import TopicModel
from cxtext.topics.discover import surface_pairs
from cxtext.workers import ForkPool

__all__ = ["enrich", "enrich_with_features", "topic_mentions", "segment_columns", "Enricher"]

logger = logging.getLogger(__name__)


def _objects(values: Sequence[Any], index: np.ndarray) -> np.ndarray:
    """An object array of ``values`` (one per distinct answer) taken at ``index`` (per row);
    values may be lists, which numpy must not turn into a second dimension."""
    arr = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        arr[i] = v
    return arr[index]


def enrich(responses: pd.DataFrame, *, sentiment: SentimentSpec = DEFAULT_SENTIMENT,
           topics: TopicSpec = DEFAULT_TOPICS, keep_raw: bool = False) -> pd.DataFrame:
    """Add the text-understanding, sentiment and topic columns of :mod:`cxtext.schema`.
    ``text_raw`` keeps the answer as read, with its PII replaced (:func:`cxtext.text.
    redact_raw`) unless ``keep_raw``."""
    return enrich_with_features(responses, sentiment=sentiment, topics=topics,
                                keep_raw=keep_raw)[0]


def enrich_with_features(responses: pd.DataFrame, *, sentiment: SentimentSpec = DEFAULT_SENTIMENT,
                         topics: TopicSpec = DEFAULT_TOPICS, keep_raw: bool = False,
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`enrich`, plus per row the prepared ``features`` and ``surface`` (lemma, word)
    pairs of answers no topic matched (None elsewhere), so theme discovery can reuse them."""
    raw = responses["text_raw"].tolist() if len(responses) else []
    with collector_paused():
        u = understand(raw, sentiment=get_sentiment_model(sentiment),
                       topics=get_topic_model(topics))
        out = responses.copy()
        _add_text(out, u)
        if not keep_raw:
            _redact_raw_column(out, raw, u)
        if u.sentiment is not None:
            _add_sentiment(out, u)
        if u.topics is not None:
            _add_topics(out, u)
        extras = _uncovered_features(u, out.index)
        del u  # freed by reference counting while the collector is paused (see classify)
        return _order_columns(out), extras


def _uncovered_features(u: Understood, index: pd.Index) -> pd.DataFrame:
    b = u.batch
    feats: list[Any] = [None] * len(b)
    surface: list[Any] = [None] * len(b)
    if u.topics is not None and b.cleaned is not None:
        for j, (ts, c) in enumerate(zip(u.topics, b.cleaned, strict=True)):
            if ts or c.non_answer or c.gibberish:
                continue
            feats[j] = b.features[j]
            surface[j] = surface_pairs(b.docs[j])
    return pd.DataFrame({"features": _objects(feats, u.index),
                         "surface": _objects(surface, u.index)}, index=index)


def _add_text(out: pd.DataFrame, u: Understood) -> None:
    cleaned, ix = u.batch.cleaned, u.index
    assert cleaned is not None
    out["text"] = _objects([c.text for c in cleaned], ix)
    out["pii"] = _objects([list(c.pii) for c in cleaned], ix)
    out["non_answer"] = np.array([c.non_answer for c in cleaned], dtype=bool)[ix]
    out["gibberish"] = np.array([c.gibberish for c in cleaned], dtype=bool)[ix]
    truncated = np.array([c.truncated for c in cleaned], dtype=bool)
    if truncated.any():
        logger.warning("%d answer(s) longer than %d characters: only their start is analysed "
                       "(column 'truncated')", int(truncated.sum()), MAX_ANSWER_CHARS)
    out["truncated"] = truncated[ix]
    out["emoji_sentiment"] = np.array(
        [np.nan if c.emoji_sentiment is None else c.emoji_sentiment for c in cleaned],
        dtype=np.float64)[ix]
    out["lang"] = _objects(u.batch.langs, ix)


def _redact_raw_column(out: pd.DataFrame, raw: list[Any], u: Understood) -> None:
    """``text_raw`` with PII replaced, in the rows where the answer had PII (the others have
    none to replace: the same detector ran on their normalised text)."""
    cleaned = u.batch.cleaned
    assert cleaned is not None
    has_pii = [bool(c.pii) for c in cleaned]
    rows = [i for i, j in enumerate(u.index.tolist()) if has_pii[j]]
    if not rows:
        return
    col = out.columns.get_loc("text_raw")
    done: dict[str, str] = {}
    for i in rows:
        value = raw[i]
        key = str(value)
        if key not in done:
            done[key] = redact_raw(value)
        out.iat[i, col] = done[key]


def redact_rejects(rejects: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows with the PII in every text cell replaced (:func:`cxtext.text.
    redact_raw`; ``reject_reason`` too, as it may quote the offending value);
    ``source_row`` and ``reject_column`` are kept."""
    if rejects is None or rejects.empty:
        return rejects
    out = rejects.copy()
    for k, name in enumerate(out.columns):
        if name in ("source_row", "reject_column"):
            continue
        values = out.iloc[:, k].tolist()
        if not any(isinstance(v, str) and v for v in values):
            continue
        out.iloc[:, k] = [redact_raw(v) if isinstance(v, str) and v else v for v in values]
    return out


def _add_sentiment(out: pd.DataFrame, u: Understood) -> None:
    sents, ix = u.sentiment, u.index
    assert sents is not None
    out["sentiment"] = _objects([r.label for r in sents], ix)
    out["sentiment_confidence"] = np.array([r.confidence for r in sents], dtype=np.float64)[ix]
    for lb in LABELS:
        out[f"p_{lb}"] = np.array([r.proba[lb] for r in sents], dtype=np.float64)[ix]
    out["sentiment_source"] = _objects([r.source for r in sents], ix)
    out["sentiment_evidence"] = _objects(
        [list(dict.fromkeys(e["word"] for e in r.evidence)) for r in sents], ix)
    out["clause_sentiment"] = _objects(
        [[{"text": c.text, "label": c.label, "confidence": c.confidence} for c in r.clauses]
         for r in sents], ix)


def _add_topics(out: pd.DataFrame, u: Understood) -> None:
    found, aspects, ix = u.topics, u.aspects, u.index
    assert found is not None and aspects is not None
    out["topics"] = _objects([[t.code for t in ts] for ts in found], ix)
    out["topic_parents"] = _objects(
        [list(dict.fromkeys(t.parent for t in ts)) for ts in found], ix)
    out["topic_sentiment"] = _objects(
        [[{"topic": t.code, "sentiment": t.sentiment} for t in ts if t.sentiment]
         for ts in found], ix)
    out["topic_evidence"] = _objects(
        [[{"topic": t.code, "words": list(dict.fromkeys(e["text"] for e in t.evidence))}
          for t in ts if t.evidence] for ts in found], ix)
    out["aspects"] = _objects(
        [[{"topic": a.topic, "sentiment": a.sentiment, "clause": a.clause_text,
           "evidence": list(a.evidence)} for a in asp] for asp in aspects], ix)


def _order_columns(df: pd.DataFrame) -> pd.DataFrame:
    segs = segment_columns(df)
    fixed = [c for c in RESPONSE_COLUMNS if c in df.columns]
    head = fixed[: fixed.index("date") + 1] if "date" in fixed else fixed
    tail = [c for c in fixed if c not in head]
    rest = [c for c in df.columns if c not in fixed and c not in segs]
    return df[head + segs + tail + rest]


def segment_columns(df: pd.DataFrame) -> list[str]:
    """The ``segment_*`` columns of a response table."""
    return [c for c in df.columns if c.startswith(SEGMENT_PREFIX)]


def topic_mentions(responses: pd.DataFrame) -> pd.DataFrame:
    """Long table: one row per (response row, topic) with the row's keys, score, segments,
    date, the topic's level-1 code and its sentiment in that answer (for driver analysis)."""
    cols = [c for c in ("source_row", "response_id", "question", "score", "score_group", "date")
            if c in responses.columns] + segment_columns(responses)
    if "topics" not in responses.columns or responses.empty:
        return pd.DataFrame(columns=[*cols, "topic", "parent", "sentiment"])
    counts = responses["topics"].map(len).to_numpy()
    sub = responses[counts > 0].reset_index(drop=True)
    long = sub[cols].assign(topic=sub["topics"]).explode("topic")
    topic = long["topic"].astype(object)
    long["parent"] = topic.str.split(".").str[0]
    if "topic_sentiment" in sub.columns:
        maps = [{d["topic"]: d["sentiment"] for d in v} for v in sub["topic_sentiment"]]
        pos = np.repeat(np.arange(len(sub)), counts[counts > 0])
        long["sentiment"] = [maps[p].get(t) for p, t in zip(pos, topic, strict=True)]
    else:
        long["sentiment"] = None
    return long.reset_index(drop=True)[[*cols, "topic", "parent", "sentiment"]]


def _enrich_part(models: tuple[Any, Any, bool], part: pd.DataFrame,
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    return enrich_with_features(part, sentiment=models[0], topics=models[1],
                                keep_raw=models[2])


#: distinct answers per model call: a chunk is enriched in parts of at most this many distinct
#: answers (every repeat of an answer in the same part, so it is computed once), in this
#: process or spread over the workers. The parts depend only on the chunk, not on ``jobs``,
#: so neither do the results (a model's floating-point sums depend on which answers share
#: its batches).
PART_ANSWERS = 2_000


class Enricher:
    """:func:`enrich_with_features` in this process, or split over ``jobs`` forked workers
    (:class:`cxtext.workers.ForkPool`) that inherit the loaded models; results keep the input
    order and are the same for any ``jobs`` (the chunk is cut into the same parts of at most
    :data:`PART_ANSWERS` distinct answers either way)."""

    def __init__(self, model: SentimentModel | None, topics: TopicModel | None,
                 jobs: int, *, keep_raw: bool = False) -> None:
        self.model, self.topics, self.keep_raw = model, topics, keep_raw
        self.pool = ForkPool(jobs, (model, topics, keep_raw))
        self.jobs = self.pool.jobs

    def __enter__(self) -> Enricher:
        self.pool.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.__exit__(*exc)

    def __call__(self, df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The enriched chunk and its theme features (see :func:`enrich_with_features`)."""
        key = df["text_raw"] if "text_raw" in df.columns else pd.Series(range(len(df)))
        codes = pd.factorize(key.astype(str), sort=False)[0]  # first-seen order
        n_parts = -(-(int(codes.max()) + 1) // PART_ANSWERS) if len(df) else 1
        if n_parts <= 1:
            return enrich_with_features(df, sentiment=self.model, topics=self.topics,
                                        keep_raw=self.keep_raw)
        rows = [np.flatnonzero(codes // PART_ANSWERS == k) for k in range(n_parts)]
        parts = [df.iloc[ix] for ix in rows]
        if self.pool.parallel:
            done = self.pool.map(_enrich_part, parts)
        else:
            done = [enrich_with_features(p, sentiment=self.model, topics=self.topics,
                                         keep_raw=self.keep_raw) for p in parts]
        back = np.argsort(np.concatenate(rows), kind="stable")  # the input's row order
        return (pd.concat([d for d, _ in done]).iloc[back],
                pd.concat([e for _, e in done]).iloc[back])
