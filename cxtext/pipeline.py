"""The orchestrator: the only module that joins io, text, lang, nlp and nps.

Public entry points (re-exported from :mod:`cxtext`):

* :func:`classify` - per-answer results for downstream apps (list of dicts);
* :func:`analyze` - a whole survey in memory (DataFrame or file) -> :class:`Analysis`;
* :func:`analyze_file` - a survey of any size, streamed chunk by chunk to an output folder.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from cxtext import io as cxio
from cxtext.aspects import Aspect, TopicResult, aspect_sentiment
from cxtext.backends import DEFAULT_SENTIMENT
from cxtext.drivers.results import DriverResults
from cxtext.drivers.stream import DriverAccumulator, run_drivers
from cxtext.errors import CxTextError, InputError
from cxtext.lang import LANGS, detect_language
from cxtext.nlp import pipe
from cxtext.nps import NPSAccumulator
from cxtext.schema import RESPONSE_COLUMNS, SEGMENT_PREFIX, ScoreScale
from cxtext.sentiment import LABELS, SentimentModel, load_model
from cxtext.sentiment.annotate import annotate
from cxtext.text import clean_many
from cxtext.topics import DEFAULT_TOPICS, TopicModel, load_topic_model

__all__ = [
    "SCHEMA_VERSION",
    "ClassifyResult",
    "Analysis",
    "classify",
    "enrich",
    "get_sentiment_model",
    "get_topic_model",
    "DEFAULT_SENTIMENT",
    "DEFAULT_TOPICS",
    "analyze",
    "analyze_file",
    "topic_mentions",
    "discover",
    "Classifier",
    "classify_file",
]

logger = logging.getLogger(__name__)

#: Version of the :func:`classify` record schema; bumped on any incompatible change.
SCHEMA_VERSION = "1.1"


class ClassifyResult(TypedDict, total=False):
    """One record of :func:`classify` (schema version ``1.1``; 1.1 added ``topics`` and
    ``aspects``).

    Always present: ``schema_version``, ``text`` (normalised, PII redacted), ``pii``
    (kinds found), ``lang`` (``pl``/``en``/``other``/``und``), ``non_answer``,
    ``non_answer_reason`` (``empty``/``punctuation``/``non_answer`` or None),
    ``gibberish``, ``emoji_sentiment`` (None when no emoji).
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


SentimentSpec = str | Path | SentimentModel | None
_MODEL_CACHE: dict[str, SentimentModel] = {}
_MODEL_LOCK = threading.Lock()


def get_sentiment_model(spec: SentimentSpec) -> SentimentModel | None:
    """A loaded sentiment model from a backend name, a folder or a model (cached by name)."""
    if spec is None or isinstance(spec, SentimentModel):
        return spec
    key = str(spec)
    with _MODEL_LOCK:
        if key not in _MODEL_CACHE:
            _MODEL_CACHE[key] = load_model(key)
        return _MODEL_CACHE[key]


TopicSpec = str | Path | TopicModel | None
_TOPIC_CACHE: dict[str, TopicModel] = {}


def get_topic_model(spec: TopicSpec) -> TopicModel | None:
    """:func:`cxtext.topics.load_topic_model`, cached by name/path."""
    if spec is None or isinstance(spec, TopicModel):
        return spec
    key = str(spec)
    with _MODEL_LOCK:
        if key not in _TOPIC_CACHE:
            _TOPIC_CACHE[key] = load_topic_model(spec)
        return _TOPIC_CACHE[key]


def _topics_for(model: TopicModel, texts: list[str], langs: list[str], skip: list[bool],
                sents: list[Any] | None) -> list[tuple[list[TopicResult], list[Aspect]]]:
    todo = [i for i in range(len(texts)) if not skip[i]]
    matches = model.assign([texts[i] for i in todo], langs=[langs[i] for i in todo])
    tax = getattr(model, "taxonomy_", None)
    out: list[tuple[list[TopicResult], list[Aspect]]] = [([], []) for _ in texts]
    for i, ms in zip(todo, matches, strict=True):
        out[i] = aspect_sentiment(texts[i], ms, sents[i] if sents else None, tax)
    return out


def _as_text_list(texts: Iterable[object]) -> list[object]:
    if isinstance(texts, (str, bytes)):
        raise InputError(
            "classify() takes a list (or pandas Series) of answers, got a single string. "
            "Fix: classify([text])."
        )
    if isinstance(texts, pd.DataFrame):
        raise InputError(
            "classify() takes a list or Series of answers, got a DataFrame. Fix: pass one "
            "column, e.g. classify(df['comment']), or use cxtext.analyze(df) for a survey."
        )
    try:
        return list(texts)
    except TypeError:
        raise InputError(
            f"classify() takes a list or Series of strings, got {type(texts).__name__}."
        ) from None


def classify(
    texts: Iterable[object],
    *,
    lang: str | None = None,
    tokens: bool = False,
    sentiment: SentimentSpec = DEFAULT_SENTIMENT,
    topics: TopicSpec = DEFAULT_TOPICS,
    evidence: bool = True,
    batch_size: int = 256,
    model: Classifier | None = None,
) -> list[ClassifyResult]:
    """Understand each answer: redacted text, language, non-answer/gibberish flags, sentiment.

    ``texts`` is a list/Series of strings; ``None``/NaN/numbers are accepted and treated
    as text (``None`` -> empty answer), so one odd value never breaks a batch.
    ``lang`` forces the language (``"pl"``/``"en"``) instead of detecting it.
    ``sentiment``: a backend name (its shipped model, default ``sentiment.linear.v1``), a
    model folder, a fitted model, or None to skip sentiment. ``evidence=False`` skips the
    evidence words (faster).
    Returns one :class:`ClassifyResult` dict per input, in input order.
    """
    if lang is not None and lang not in LANGS:
        raise InputError(f"lang must be one of {', '.join(LANGS)} or None, got {lang!r}.")
    if model is not None:
        sentiment, topics, evidence = model.sentiment, model.topics, model.evidence
    items = _as_text_list(texts)
    cleaned = clean_many(items)
    langs = ["und" if c.non_answer else (lang or detect_language(c.text)) for c in cleaned]
    out: list[ClassifyResult] = []
    for c, lg in zip(cleaned, langs, strict=True):
        out.append(
            ClassifyResult(
                schema_version=SCHEMA_VERSION,
                text=c.text,
                pii=list(c.pii),
                lang=lg,
                non_answer=c.non_answer,
                non_answer_reason=c.non_answer_reason,
                gibberish=c.gibberish,
                emoji_sentiment=c.emoji_sentiment,
            )
        )
    model = get_sentiment_model(sentiment)
    sents = None
    if model is not None:
        sents = annotate(
            model, [c.text for c in cleaned], langs,
            non_answer=[c.non_answer for c in cleaned],
            gibberish=[c.gibberish for c in cleaned], evidence=evidence,
        )
        for rec, sres in zip(out, sents, strict=True):
            rec["sentiment"] = sres.label
            rec["sentiment_confidence"] = sres.confidence
            rec["sentiment_proba"] = sres.proba
            rec["sentiment_source"] = sres.source
            rec["sentiment_flag"] = sres.flag
            rec["sentiment_evidence"] = sres.evidence
            rec["clause_sentiment"] = [c.as_dict() for c in sres.clauses]
    topic_model = get_topic_model(topics)
    if topic_model is not None:
        found = _topics_for(topic_model, [c.text for c in cleaned], langs,
                            [c.non_answer or c.gibberish for c in cleaned], sents)
        for rec, (tres, aspects) in zip(out, found, strict=True):
            rec["topics"] = [t.as_dict() for t in tres]
            rec["aspects"] = [a.as_dict() for a in aspects]
    if tokens:
        docs = pipe([c.text for c in cleaned], langs, batch_size=batch_size)
        for rec, doc in zip(out, docs, strict=True):
            rec["tokens"] = [t.text for t in doc]
            rec["lemmas"] = [t.lemma_ or t.lower_ for t in doc]
            rec["negated"] = [bool(t._.negated) for t in doc]
            rec["clauses"] = [
                {"text": s.text, "start": s.start_char, "end": s.end_char} for s in doc._.clauses
            ]
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
                 topics: TopicSpec = DEFAULT_TOPICS, evidence: bool = True) -> None:
        self.sentiment = get_sentiment_model(sentiment)
        self.topics = get_topic_model(topics)
        self.evidence = evidence
        self.sentiment_name = _spec_name(sentiment, self.sentiment)
        self.topics_name = _spec_name(topics, self.topics)

    def __call__(self, texts: Iterable[object], *, lang: str | None = None,
                 tokens: bool = False) -> list[ClassifyResult]:
        return classify(texts, lang=lang, tokens=tokens, sentiment=self.sentiment,
                        topics=self.topics, evidence=self.evidence)

    classify = __call__

    def info(self) -> dict[str, Any]:
        """Schema version and the models in use (for ``/v1/models`` and logs)."""
        from cxtext._version import __version__

        return {"schema_version": SCHEMA_VERSION, "cxtext_version": __version__,
                "sentiment": self.sentiment_name, "topics": self.topics_name,
                "labels": [str(c) for c in self.sentiment.classes_] if self.sentiment else [],
                "topic_codes": [str(c) for c in self.topics.classes_] if self.topics else []}


def _spec_name(spec: Any, model: Any) -> str | None:
    if model is None:
        return None
    if isinstance(spec, (str, Path)):
        return str(spec)
    return str(getattr(model, "backend", type(model).__name__))


def enrich(responses: pd.DataFrame, *, sentiment: SentimentSpec = DEFAULT_SENTIMENT,
           topics: TopicSpec = DEFAULT_TOPICS) -> pd.DataFrame:
    """Add the text-understanding, sentiment and topic columns of :mod:`cxtext.schema`."""
    raw = responses["text_raw"].tolist() if len(responses) else []
    cleaned = clean_many(raw)
    out = responses.copy()
    out["text"] = np.array([c.text for c in cleaned], dtype=object)
    out["pii"] = np.array([",".join(c.pii) for c in cleaned], dtype=object)
    out["non_answer"] = np.array([c.non_answer for c in cleaned], dtype=bool)
    out["gibberish"] = np.array([c.gibberish for c in cleaned], dtype=bool)
    out["emoji_sentiment"] = np.array(
        [np.nan if c.emoji_sentiment is None else c.emoji_sentiment for c in cleaned],
        dtype=np.float64,
    )
    out["lang"] = np.array(
        ["und" if c.non_answer else detect_language(c.text) for c in cleaned], dtype=object
    )
    model = get_sentiment_model(sentiment)
    sents = _add_sentiment(out, model) if model is not None else None
    topic_model = get_topic_model(topics)
    if topic_model is not None:
        _add_topics(out, topic_model, sents)
    return _order_columns(out)


def _add_topics(out: pd.DataFrame, model: TopicModel, sents: list[Any] | None) -> None:
    skip = (out["non_answer"] | out["gibberish"]).tolist()
    found = _topics_for(model, out["text"].tolist(), out["lang"].tolist(), skip, sents)
    out["topics"] = np.array(["; ".join(t.code for t in ts) for ts, _ in found], dtype=object)
    out["topic_parents"] = np.array(
        ["; ".join(dict.fromkeys(t.parent for t in ts)) for ts, _ in found], dtype=object)
    out["topic_sentiment"] = np.array(
        ["; ".join(f"{t.code}={t.sentiment}" for t in ts if t.sentiment) for ts, _ in found],
        dtype=object)
    out["topic_evidence"] = np.array(
        ["; ".join(f"{t.code}: " + ", ".join(dict.fromkeys(e["text"] for e in t.evidence))
                   for t in ts if t.evidence) for ts, _ in found], dtype=object)
    out["aspects"] = np.array(
        [json.dumps([{"topic": a.topic, "sentiment": a.sentiment, "clause": a.clause_text,
                      "evidence": a.evidence} for a in asp], ensure_ascii=False) if asp else ""
         for _, asp in found], dtype=object)


def topic_mentions(responses: pd.DataFrame) -> pd.DataFrame:
    """Long table: one row per (response row, topic) with the row's keys, score, segments,
    date, the topic's level-1 code and its sentiment in that answer (for driver analysis)."""
    cols = [c for c in ("source_row", "response_id", "question", "score", "score_group", "date")
            if c in responses.columns] + _segment_columns(responses)
    if "topics" not in responses.columns or responses.empty:
        return pd.DataFrame(columns=[*cols, "topic", "parent", "sentiment"])
    sub = responses[responses["topics"].astype(str) != ""].reset_index(drop=True)
    long = sub[cols].assign(topic=sub["topics"].astype(str).str.split("; ")).explode("topic")
    long["parent"] = long["topic"].str.split(".").str[0]
    long["_row"] = long.index
    sentiment = pd.Series([None] * len(long), index=long.index, dtype=object)
    if "topic_sentiment" in sub.columns:
        pairs = sub["topic_sentiment"].fillna("").astype(str).str.split("; ").explode()
        pairs = pairs[pairs.str.contains("=", regex=False)]
        kv = pairs.str.split("=", n=1, expand=True)
        if len(kv):
            found = pd.DataFrame({"_row": pairs.index, "topic": kv[0].to_numpy(),
                                  "sentiment": kv[1].to_numpy()}).drop_duplicates(
                ["_row", "topic"], keep="last")
            merged = long[["_row", "topic"]].merge(found, on=["_row", "topic"], how="left")
            sentiment = pd.Series(merged["sentiment"].to_numpy(dtype=object), index=long.index)
            sentiment = sentiment.where(sentiment.notna(), None)
    long["sentiment"] = sentiment
    return long.drop(columns="_row").reset_index(drop=True)[[*cols, "topic", "parent",
                                                             "sentiment"]]


def _add_sentiment(out: pd.DataFrame, model: SentimentModel) -> list[Any]:
    sents = annotate(
        model, out["text"].tolist(), out["lang"].tolist(),
        non_answer=out["non_answer"].tolist(), gibberish=out["gibberish"].tolist(),
    )
    out["sentiment"] = np.array([r.label for r in sents], dtype=object)
    out["sentiment_confidence"] = np.array([r.confidence for r in sents], dtype=np.float64)
    for lb in LABELS:
        out[f"p_{lb}"] = np.array([r.proba[lb] for r in sents], dtype=np.float64)
    out["sentiment_source"] = np.array([r.source for r in sents], dtype=object)
    out["sentiment_evidence"] = np.array(
        ["; ".join(dict.fromkeys(e["word"] for e in r.evidence)) for r in sents], dtype=object
    )
    out["clause_sentiment"] = np.array(
        [json.dumps([{"text": c.text, "label": c.label, "confidence": c.confidence}
                     for c in r.clauses], ensure_ascii=False) if r.clauses else ""
         for r in sents],
        dtype=object,
    )
    return sents


def _order_columns(df: pd.DataFrame) -> pd.DataFrame:
    segs = [c for c in df.columns if c.startswith(SEGMENT_PREFIX)]
    fixed = [c for c in RESPONSE_COLUMNS if c in df.columns]
    head = fixed[: fixed.index("date") + 1] if "date" in fixed else fixed
    tail = [c for c in fixed if c not in head]
    rest = [c for c in df.columns if c not in fixed and c not in segs]
    return df[head + segs + tail + rest]


@dataclass
class Analysis:
    """Result of :func:`analyze`: enriched responses, rejects, NPS table, mapping, source."""

    responses: pd.DataFrame
    rejects: pd.DataFrame
    nps: pd.DataFrame
    mapping: cxio.ColumnMapping
    scale: ScoreScale
    info: cxio.SourceInfo
    timings: dict[str, float] = field(default_factory=dict)
    drivers: DriverResults | None = None

    def summary(self) -> dict[str, Any]:
        """Key figures as a JSON-friendly dict."""
        return _summary(
            self.info,
            self.mapping,
            self.scale,
            self.nps,
            self.responses_stats(),
            len(self.rejects),
            self.rejects,
        )

    def responses_stats(self) -> dict[str, Any]:
        return _Stats().update(self.responses).as_dict()

    @property
    def mentions(self) -> pd.DataFrame:
        """One row per (response, topic): see :func:`topic_mentions`."""
        return topic_mentions(self.responses)


def analyze(source: cxio.Source, **options: Any) -> Analysis:
    """Read, validate and enrich a whole survey in memory; compute NPS overall and by segment.

    ``source`` is a path or a DataFrame; ``options`` are those of
    :func:`cxtext.io.read_survey` (``score_col``, ``text_cols``, ``id_col``,
    ``segment_cols``, ``date_col``, ``scale``, ``encoding``, ``delimiter``, ``sheet``...),
    plus ``sentiment`` and ``topics`` (model name/folder/object or taxonomy file, None to
    skip; see :func:`classify`), ``drivers`` (default True: driver tables of
    :func:`cxtext.drivers.run_drivers` in ``Analysis.drivers``; a dict passes options to it).
    """
    sentiment = options.pop("sentiment", DEFAULT_SENTIMENT)
    topics = options.pop("topics", DEFAULT_TOPICS)
    drivers_opt = options.pop("drivers", True)
    t0 = time.perf_counter()
    survey = cxio.read_survey(source, **options)
    t1 = time.perf_counter()
    responses = enrich(survey.responses, sentiment=sentiment, topics=topics)
    t2 = time.perf_counter()
    acc = NPSAccumulator(scale=survey.scale, segments=_segment_columns(responses))
    table = acc.update(responses).table()
    t3 = time.perf_counter()
    drivers = None
    if drivers_opt and topics is not None:
        kw = drivers_opt if isinstance(drivers_opt, dict) else {}
        drivers = run_drivers(responses, scale=survey.scale, **kw)
    return Analysis(
        responses,
        survey.rejects,
        table,
        survey.mapping,
        survey.scale,
        survey.info,
        {"read_s": t1 - t0, "text_s": t2 - t1, "nps_s": t3 - t2,
         "drivers_s": time.perf_counter() - t3},
        drivers,
    )


_QUOTE_COLUMNS = ("response_id", "score", "text", "topics", "topic_sentiment", "topic_evidence")


def _quote_candidates(df: pd.DataFrame, scale: ScoreScale) -> pd.DataFrame:
    """The answers the report quotes from: detractors and negative/mixed passives."""
    cand = df["score_group"].eq(scale.low)
    if "sentiment" in df.columns:
        cand |= df["score_group"].eq(scale.middle) & df["sentiment"].isin(["negative", "mixed"])
    return df.loc[cand, [c for c in _QUOTE_COLUMNS if c in df.columns]]


_WORKER_MODELS: tuple[Any, Any] | None = None


def _enrich_part(part: pd.DataFrame) -> pd.DataFrame:
    assert _WORKER_MODELS is not None
    return enrich(part, sentiment=_WORKER_MODELS[0], topics=_WORKER_MODELS[1])


class _Enricher:
    """``enrich`` in this process, or split over ``jobs`` forked workers that inherit the
    loaded models (nothing is pickled but the DataFrames); results keep the input order."""

    def __init__(self, model: SentimentModel | None, topics: TopicModel | None,
                 jobs: int) -> None:
        import multiprocessing as mp
        import os

        if jobs < 1:
            raise InputError(f"jobs must be a positive integer, got {jobs}.")
        self.model, self.topics = model, topics
        self.jobs = min(jobs, os.cpu_count() or 1) if jobs > 1 else 1
        if self.jobs > 1 and "fork" not in mp.get_all_start_methods():
            logger.warning("jobs=%d needs the 'fork' start method (POSIX); using 1", jobs)
            self.jobs = 1
        self.pool: Any = None

    def __enter__(self) -> _Enricher:
        global _WORKER_MODELS
        if self.jobs > 1:
            import multiprocessing as mp

            _WORKER_MODELS = (self.model, self.topics)
            self.pool = mp.get_context("fork").Pool(self.jobs)
        return self

    def __exit__(self, *exc: object) -> None:
        global _WORKER_MODELS
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None
        _WORKER_MODELS = None

    def __call__(self, df: pd.DataFrame) -> pd.DataFrame:
        if self.pool is None or len(df) < 2 * self.jobs:
            return enrich(df, sentiment=self.model, topics=self.topics)
        bounds = np.linspace(0, len(df), 2 * self.jobs + 1).astype(int)
        parts = [df.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]
        return pd.concat(self.pool.map(_enrich_part, parts))


class _Reservoir:
    """A seeded uniform sample of at most ``size`` answers no topic matched (for themes)."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.rng = np.random.default_rng(seed)
        self.seen = 0
        self.rows: list[tuple[str, str, str]] = []

    def add(self, df: pd.DataFrame) -> None:
        if "topics" not in df.columns:
            return
        keep = df["topics"].astype(str).eq("") & ~df["non_answer"] & ~df["gibberish"]
        for rec in df.loc[keep, ["text", "lang", "score_group"]].itertuples(index=False):
            self.seen += 1
            if len(self.rows) < self.size:
                self.rows.append((str(rec[0]), str(rec[1]), str(rec[2])))
            else:
                j = int(self.rng.integers(0, self.seen))
                if j < self.size:
                    self.rows[j] = (str(rec[0]), str(rec[1]), str(rec[2]))


def _write_report(out: Path, summary: dict[str, Any], table: pd.DataFrame,
                  results: DriverResults | None, quotes: pd.DataFrame, mentions: pd.DataFrame,
                  uncovered: _Reservoir, topic_model: TopicModel | None, lang: str,
                  files: dict[str, str], scale: ScoreScale, *, themes: bool,
                  max_rows: int) -> dict[str, str]:
    from cxtext.report import write_report
    from cxtext.topics.discover import discover_themes

    theme_list: list[dict[str, Any]] = []
    if themes and len(uncovered.rows) >= 10:
        texts, langs, groups = (list(x) for x in zip(*uncovered.rows, strict=True))
        found = discover_themes(texts, langs=langs, groups=groups, detractor=scale.low)
        theme_list = [t.as_dict() for t in found.themes]
        summary["themes"] = [{"label": t["label"], "size": t["size"],
                              "detractor_rate": t["detractor_rate"]} for t in theme_list]
    responses = None
    if summary.get("answers", 0) <= max_rows and "responses_parquet" in files:
        responses = pd.read_parquet(files["responses_parquet"])
    elif summary.get("answers", 0) <= max_rows and "responses_csv" in files:
        responses = pd.read_csv(files["responses_csv"], keep_default_na=False)
    if responses is not None:  # the sheet an analyst filters: keys, score, text, labels
        keep = [c for c in ("response_id", "question", "score", "score_group", "date", "text",
                            "lang", "non_answer", "sentiment", "topics", "topic_sentiment",
                            "topic_evidence") if c in responses.columns]
        segs = [c for c in responses.columns if c.startswith(SEGMENT_PREFIX)]
        responses = responses[keep[:5] + segs + keep[5:]]
    rejects = pd.read_csv(files["rejects_csv"], dtype=str, keep_default_na=False,
                          nrows=max_rows) if "rejects_csv" in files else None
    tax = getattr(topic_model, "taxonomy_", None)
    names = {t.code: dict(t.name) for t in tax} if tax is not None else {}
    return write_report(
        out, summary=summary, nps=table, tables=results.tables if results else {},
        mentions=mentions, candidates=quotes,
        themes=theme_list, topic_names=names, lang=lang, rejects=rejects,
        responses=responses)


def _top_drivers(results: DriverResults, k: int = 5) -> list[dict[str, Any]]:
    impact = results.tables.get("impact")
    if impact is None or impact.empty:
        return []
    rows = impact[~impact["negative_only"]].head(k)
    return [{"topic": r["topic"], "n_mentions": int(r["n_mentions"]),
             "nps_impact": _num(r["nps_impact"]),
             "ci": [_num(r["nps_impact_ci_low"]), _num(r["nps_impact_ci_high"])],
             "p_adjusted": _num(r["p_adjusted"]), "significant": bool(r["significant"]),
             "small_count": bool(r["small_count"])} for r in rows.to_dict("records")]


def _segment_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c.startswith(SEGMENT_PREFIX)]


class _Stats:
    def __init__(self) -> None:
        self.answers = 0
        self.non_answers = 0
        self.gibberish = 0
        self.with_pii = 0
        self.langs: dict[str, int] = dict.fromkeys(LANGS, 0)
        self.sentiment: dict[str, int] = {}
        self.with_topic = 0
        self.topics: dict[str, int] = {}

    def update(self, df: pd.DataFrame) -> _Stats:
        self.answers += len(df)
        if len(df):
            self.non_answers += int(df["non_answer"].sum())
            self.gibberish += int(df["gibberish"].sum())
            self.with_pii += int(df["pii"].ne("").sum())
            for k, v in df["lang"].value_counts().items():
                self.langs[str(k)] = self.langs.get(str(k), 0) + int(v)
            if "sentiment" in df:
                for k, v in df["sentiment"].value_counts().items():
                    self.sentiment[str(k)] = self.sentiment.get(str(k), 0) + int(v)
            if "topics" in df:
                codes = df["topics"].astype(str)
                self.with_topic += int(codes.ne("").sum())
                for k, v in codes[codes.ne("")].str.split("; ").explode().value_counts().items():
                    self.topics[str(k)] = self.topics.get(str(k), 0) + int(v)
        return self

    def as_dict(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "non_answers": self.non_answers,
            "gibberish": self.gibberish,
            "answers_with_pii": self.with_pii,
            "languages": self.langs,
            "sentiment": {lb: self.sentiment.get(lb, 0) for lb in LABELS} if self.sentiment else {},
            "answers_with_topic": self.with_topic,
            "topics": dict(sorted(self.topics.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


def _summary(
    info: cxio.SourceInfo,
    mapping: cxio.ColumnMapping,
    scale: ScoreScale,
    table: pd.DataFrame,
    stats: dict[str, Any],
    n_rejects: int,
    rejects: pd.DataFrame | None = None,
    reasons: dict[str, int] | None = None,
) -> dict[str, Any]:
    overall = table.iloc[0].to_dict() if len(table) else {}
    metric = "nps" if scale.name == "nps" else f"net_{scale.name}"
    if reasons is None:
        reasons = _reason_counts(rejects) if rejects is not None else {}
    return {
        "source": info.source,
        "format": info.format,
        "encoding": info.encoding,
        "delimiter": info.delimiter,
        "rows_read": info.rows_read,
        "rows_accepted": info.rows_read - n_rejects,
        "rows_rejected": n_rejects,
        "reject_reasons": reasons,
        "blank_lines_skipped": info.blank_lines_skipped,
        "mapping": mapping.as_dict(),
        "scale": scale.name,
        metric: _num(overall.get(metric)),
        f"{metric}_ci": [
            _num(overall.get(f"{metric}_ci_low")),
            _num(overall.get(f"{metric}_ci_high")),
        ],
        "respondents": int(overall.get("n", 0) or 0),
        **stats,
    }


def _reason_counts(rejects: pd.DataFrame) -> dict[str, int]:
    if rejects is None or rejects.empty:
        return {}
    kinds = rejects["reject_reason"].astype(str).str.replace(r" '.*?'", "", regex=True)
    kinds = kinds.str.split(";").str[0]
    return {str(k): int(v) for k, v in kinds.value_counts().items()}


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else round(f, 4)


def analyze_file(
    source: cxio.Source,
    out_dir: str | Path,
    *,
    chunksize: int = cxio.DEFAULT_CHUNKSIZE,
    progress: Callable[[int], None] | None = None,
    formats: Sequence[str] = ("csv", "parquet"),
    sentiment: SentimentSpec = DEFAULT_SENTIMENT,
    topics: TopicSpec = DEFAULT_TOPICS,
    drivers: bool | dict[str, Any] = True,
    report: bool = True,
    report_lang: str = "en",
    themes: bool = True,
    stage: Callable[[str], None] | None = None,
    jobs: int = 1,
    **options: Any,
) -> dict[str, Any]:
    """Stream a survey of any size through the pipeline into ``out_dir``.

    Writes ``responses.csv`` / ``responses.parquet`` (enriched table), ``rejects.csv``,
    ``topic_mentions.csv`` (one row per response x topic), ``nps.csv`` (overall and per
    segment), the driver tables ``drivers_*.csv`` (:func:`cxtext.drivers.run_drivers`;
    ``drivers=False`` skips them, a dict passes options), ``report.html`` + ``report.xlsx``
    (``report=False`` skips them; ``report_lang`` ``en``/``pl``; ``themes`` adds discovered
    themes of the answers no topic matched) and ``summary.json``. Peak memory does not grow
    with the input: chunks of ``chunksize`` rows are enriched, written and summarised
    (:class:`cxtext.drivers.DriverAccumulator`: exact counts for the impact, segment and
    trend tables, a uniform sample of at most ``sample_size`` respondents for the key-driver
    models, the top ``followup_max`` follow-up rows; bounded pools of quotes and of unmatched
    answers for themes; the report's responses and rejects sheets hold at most 10,000 rows,
    the files hold all). ``progress(n_rows)`` is called after
    each chunk and ``stage(name)`` when a later stage starts. Returns the summary dict (also
    in ``summary.json``) with the written paths under ``"files"``. ``jobs > 1`` enriches
    each chunk in that many forked worker processes (POSIX; same results, in order).
    """
    from cxtext.report.labels import labels as _check_lang
    from cxtext.report.mentions import add_mention_counts, mention_counts
    from cxtext.report.quotes import quote_pool

    if report:
        _check_lang(report_lang)  # fail before hours of work, not after
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = get_sentiment_model(sentiment)  # load once, before reading anything
    topic_model = get_topic_model(topics)
    reader = cxio.SurveyReader(source, chunksize=chunksize, **options)
    seg_cols = [SEGMENT_PREFIX + cxio.slugify(c) for c in reader.mapping.segments]
    acc = NPSAccumulator(scale=reader.scale, segments=seg_cols)
    stats = _Stats()
    reasons: dict[str, int] = {}
    n_rejects = 0
    files: dict[str, str] = {}
    kw = drivers if isinstance(drivers, dict) else {}
    driver_acc = DriverAccumulator(scale=reader.scale, **kw) \
        if drivers and topic_model is not None else None
    quotes = pd.DataFrame()
    mentions = mention_counts(pd.DataFrame())
    uncovered = _Reservoir(20_000, seed=0)
    enricher = _Enricher(model, topic_model, jobs)
    with (
        enricher,
        cxio.TableWriter(out / "responses", formats=formats) as resp_w,
        cxio.TableWriter(out / "rejects", formats=("csv",)) as rej_w,
        cxio.TableWriter(out / "topic_mentions", formats=("csv",)) as men_w,
    ):
        for chunk in reader:
            enriched = enricher(chunk.responses)
            resp_w.write(enriched)
            if topic_model is not None:
                chunk_mentions = topic_mentions(enriched)
                men_w.write(chunk_mentions)
                if driver_acc is not None:
                    driver_acc.update(enriched)
                if report:
                    mentions = add_mention_counts(mentions, chunk_mentions)
                    quotes = quote_pool(pd.concat(
                        [quotes, _quote_candidates(enriched, reader.scale)]))
                    if themes:
                        uncovered.add(enriched)
            acc.update(enriched)
            stats.update(enriched)
            if len(chunk.rejects):
                rej_w.write(chunk.rejects)
                n_rejects += len(chunk.rejects)
                for k, v in _reason_counts(chunk.rejects).items():
                    reasons[k] = reasons.get(k, 0) + v
            if progress is not None:
                progress(chunk.rows_read)
        if resp_w.rows == 0:
            resp_w.write(enrich(cxio._empty_responses(reader.mapping), sentiment=model,
                                topics=topic_model))
        if rej_w.rows == 0:
            rej_w.write(pd.DataFrame(columns=[*cxio.REJECT_COLUMNS, *reader.info.columns]))
        files.update(resp_w.paths)
        files.update(rej_w.paths)
        files.update(men_w.paths)
    table = acc.table()
    results: DriverResults | None = None
    if driver_acc is not None:
        if stage is not None:
            stage("driver analysis")
        results = driver_acc.result()
        files.update(results.write(out, formats=tuple(formats)))
        driver_notes = {"skipped": results.skipped, "notes": results.notes, "r2": results.r2,
                        "top": _top_drivers(results)}
    else:
        driver_notes = {}
    nps_path = out / "nps.csv"
    table.to_csv(nps_path, index=False, encoding="utf-8-sig", float_format="%.4f")
    files["nps_csv"] = str(nps_path)
    summary = _summary(
        reader.info,
        reader.mapping,
        reader.scale,
        table,
        stats.as_dict(),
        n_rejects,
        reasons=reasons,
    )
    if driver_notes:
        summary["drivers"] = driver_notes
    if report:
        if stage is not None:
            stage("report")
        files.update(_write_report(out, summary, table, results, quotes, mentions, uncovered,
                                   topic_model, report_lang, files, reader.scale,
                                   themes=themes, max_rows=10_000))
    summary["files"] = {k: str(v) for k, v in files.items()}
    summary_path = out / "summary.json"
    summary["files"]["summary_json"] = str(summary_path)
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    logger.info("Wrote %s", ", ".join(summary["files"].values()))
    return summary


def discover(
    source: cxio.Source,
    *,
    topics: TopicSpec = DEFAULT_TOPICS,
    include_covered: bool = False,
    n_themes: int | None = None,
    method: str = "nmf",
    random_state: int = 0,
    **options: Any,
) -> Any:
    """Themes in a survey's answers that the taxonomy does not cover (all answers with
    ``include_covered=True``): a :class:`cxtext.topics.discover.Discovery`. ``options`` are
    those of :func:`cxtext.io.read_survey`; ``topics`` as in :func:`classify`."""
    from cxtext.topics.discover import discover_themes

    result = analyze(source, sentiment=None, topics=None if include_covered else topics,
                     drivers=False, **options)
    df = result.responses
    keep = ~(df["non_answer"] | df["gibberish"])
    if not include_covered:
        keep &= df["topics"].astype(str).eq("")
    sub = df[keep]
    logger.info("discovering themes in %d of %d answers", len(sub), len(df))
    return discover_themes(sub["text"].tolist(), langs=sub["lang"].tolist(),
                           groups=sub["score_group"].astype(str).tolist(), n_themes=n_themes,
                           method=method, random_state=random_state,
                           detractor=result.scale.low)


def _text_chunks(path: Path, text_col: str, chunksize: int) -> Iterable[pd.DataFrame]:
    """Chunks of a CSV/TSV, JSONL or Parquet file, read lazily (nothing is loaded whole)."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        if text_col not in pf.schema_arrow.names:
            raise InputError(f"{path}: no column {text_col!r}; columns: "
                             f"{pf.schema_arrow.names}. Pass --text-col.")
        for batch in pf.iter_batches(batch_size=chunksize):
            yield batch.to_pandas()
    elif suffix in (".jsonl", ".ndjson"):
        yield from pd.read_json(path, lines=True, chunksize=chunksize, dtype=False)
    elif suffix in (".csv", ".tsv", ".txt"):
        enc = cxio.detect_encoding(path)
        sep = "\t"
        if suffix != ".tsv":
            with path.open(encoding=enc, errors="replace", newline="") as fh:
                sample = fh.read(64_000)
            try:
                sep = cxio.sniff_delimiter(sample)
            except CxTextError:  # one column: no delimiter to find
                sep = ","
        yield from pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                               chunksize=chunksize, encoding=enc)
    else:
        raise InputError(f"{path}: classify-file reads .csv, .tsv, .jsonl or .parquet, got "
                         f"{suffix!r}.")


def classify_file(
    source: str | Path,
    out: str | Path,
    *,
    text_col: str,
    id_col: str | None = None,
    chunksize: int = 20_000,
    jobs: int = 1,
    sentiment: SentimentSpec = DEFAULT_SENTIMENT,
    topics: TopicSpec = DEFAULT_TOPICS,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Classify one text column of a file of any size, chunk by chunk (memory flat in the
    file size), into ``out`` (``.csv`` or ``.parquet``): ``row`` (1-based position), the id
    column if given, and the text-understanding, sentiment and topic columns of
    :mod:`cxtext.schema`. ``jobs > 1`` uses forked worker processes. Returns counts."""
    path, target = Path(source), Path(out)
    if not path.exists():
        raise InputError(f"Input file not found: {path}.")
    if target.suffix.lower() not in (".csv", ".parquet"):
        raise InputError(f"--out must end in .csv or .parquet, got {target.name!r}.")
    model, topic_model = get_sentiment_model(sentiment), get_topic_model(topics)
    rows = 0
    with _Enricher(model, topic_model, jobs) as enricher, \
            cxio.TableWriter(target.with_suffix(""), formats=(target.suffix[1:].lower(),)) as w:
        for chunk in _text_chunks(path, text_col, chunksize):
            if text_col not in chunk.columns:
                raise InputError(f"{path}: no column {text_col!r}; columns: "
                                 f"{list(chunk.columns)}. Pass --text-col.")
            if id_col is not None and id_col not in chunk.columns:
                raise InputError(f"{path}: no id column {id_col!r}; columns: "
                                 f"{list(chunk.columns)}.")
            frame = pd.DataFrame({"row": np.arange(rows + 1, rows + len(chunk) + 1)})
            if id_col is not None:
                frame["id"] = chunk[id_col].astype(str).to_numpy()
            frame["text_raw"] = [cxio.cell_text(v) for v in chunk[text_col]]
            w.write(enricher(frame))
            rows += len(chunk)
            if progress is not None:
                progress(len(chunk))
        if w.rows == 0:
            w.write(enrich(pd.DataFrame({"row": [], "text_raw": []}), sentiment=model,
                           topics=topic_model))
    return {"rows": rows, "out": str(target)}
