"""What the chunk loop of :func:`cxtext.analyze_file` feeds: one sink per output.

Each sink takes every enriched chunk (``update``) and keeps only what its output needs -
bounded in memory whatever the survey's size - so nothing is read back from disk: the
response and reject files, topic mentions, NPS, summary figures, driver counts, report
quotes, the uncovered answers for themes and the rows the workbook shows.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxtext import io as cxio
from cxtext.drivers.stream import DriverAccumulator
from cxtext.lang import LANGS
from cxtext.nps import NPSAccumulator
from cxtext.pipeline.enrich import segment_columns, topic_mentions
from cxtext.report.mentions import add_mention_counts, mention_counts
from cxtext.report.quotes import quote_pool
from cxtext.schema import HUMAN_FORMAT, ScoreScale, arrow_types
from cxtext.sentiment import LABELS

__all__ = ["Chunk", "ResponsesSink", "RejectsSink", "MentionsSink", "NPSSink",
           "DriversSink", "QuotesSink", "ThemesSink", "Stats", "reason_counts", "segment_names"]

#: Columns of the workbook's responses sheet (the sheet an analyst filters).
_SHEET_COLUMNS = ("response_id", "question", "score", "score_group", "date", "text", "lang",
                  "non_answer", "sentiment", "topics", "topic_sentiment", "topic_evidence")


class Chunk:
    """One enriched chunk: its responses and rejects, and how many rows it read."""

    __slots__ = ("responses", "rejects", "rows_read", "extras")

    def __init__(self, responses: pd.DataFrame, rejects: pd.DataFrame, rows_read: int,
                 extras: pd.DataFrame | None = None) -> None:
        self.responses = responses
        self.rejects = rejects
        self.rows_read = rows_read
        self.extras = extras


class ResponsesSink:
    """``responses.csv`` (list columns as text) / ``responses.parquet`` (lists and structs),
    and at most ``max_rows`` rows for the workbook and the report's drill-down: every row
    while there are no more, then a seeded uniform sample of ``max_rows`` (bottom-k of one
    random key per row drawn in input order, so it does not depend on the chunk size); kept
    in input order."""

    def __init__(self, out: Path, formats: tuple[str, ...], max_rows: int, *,
                 seed: int = 0) -> None:
        self.writer = cxio.TableWriter(out / "responses", formats=formats,
                                       csv_format=HUMAN_FORMAT, schema=arrow_types())
        self.max_rows = max_rows
        self.rows = 0
        self._rng = np.random.default_rng(seed)
        self._kept: pd.DataFrame | None = None  # the sheet's columns + _key

    def update(self, chunk: Chunk) -> None:
        df = chunk.responses
        self.writer.write(df)
        part = self._columns(df).assign(_key=self._rng.random(len(df)))
        kept = part if self._kept is None else pd.concat([self._kept, part],
                                                         ignore_index=True)
        if len(kept) > self.max_rows:
            keep = np.argpartition(kept["_key"].to_numpy(), self.max_rows - 1)[: self.max_rows]
            kept = kept.iloc[np.sort(keep)].reset_index(drop=True)  # still in input order
        self._kept = kept
        self.rows += len(df)

    def sheet(self) -> pd.DataFrame | None:
        """The workbook's responses sheet, or None when there are more than ``max_rows``."""
        if self.rows > self.max_rows or self._kept is None:
            return None
        return self._kept.drop(columns="_key")

    def drilldown(self) -> tuple[pd.DataFrame | None, bool]:
        """The answers for the report's drill-down and whether they are a sample: every
        answer up to ``max_rows``, else the seeded uniform sample (in input order)."""
        if self._kept is None:
            return None, False
        return self._kept.drop(columns="_key"), self.rows > self.max_rows

    @staticmethod
    def _columns(df: pd.DataFrame) -> pd.DataFrame:
        keep = [c for c in _SHEET_COLUMNS if c in df.columns]
        return df[keep[:5] + segment_columns(df) + keep[5:]]


class RejectsSink:
    """``rejects.csv``, counts per reason and the first ``max_rows`` rejects."""

    def __init__(self, out: Path, max_rows: int) -> None:
        self.writer = cxio.TableWriter(out / "rejects", formats=("csv",))
        self.max_rows = max_rows
        self.n = 0
        self.reasons: dict[str, int] = {}
        self.head: list[pd.DataFrame] = []

    def update(self, chunk: Chunk) -> None:
        rej = chunk.rejects
        if not len(rej):
            return
        self.writer.write(rej)
        if self.n < self.max_rows:
            self.head.append(rej.iloc[: self.max_rows - self.n].astype(str))
        self.n += len(rej)
        for k, v in reason_counts(rej).items():
            self.reasons[k] = self.reasons.get(k, 0) + v

    def table(self) -> pd.DataFrame:
        return pd.concat(self.head, ignore_index=True) if self.head else pd.DataFrame()


class MentionsSink:
    """``topic_mentions.csv`` and the topic x sentiment counts of the report."""

    def __init__(self, out: Path) -> None:
        self.writer = cxio.TableWriter(out / "topic_mentions", formats=("csv",))
        self.counts = mention_counts(pd.DataFrame())

    def update(self, chunk: Chunk) -> None:
        mentions = topic_mentions(chunk.responses)
        self.writer.write(mentions)
        self.counts = add_mention_counts(self.counts, mentions)


class NPSSink:
    def __init__(self, scale: ScoreScale, segments: list[str]) -> None:
        self.acc = NPSAccumulator(scale=scale, segments=segments)

    def update(self, chunk: Chunk) -> None:
        self.acc.update(chunk.responses)


class DriversSink:
    def __init__(self, scale: ScoreScale, options: dict[str, Any]) -> None:
        self.acc = DriverAccumulator(scale=scale, **options)

    def update(self, chunk: Chunk) -> None:
        self.acc.update(chunk.responses)


_QUOTE_COLUMNS = ("response_id", "score", "text", "topics", "topic_sentiment", "topic_evidence")


class QuotesSink:
    """The answers the report quotes from (detractors, negative/mixed passives), pooled."""

    def __init__(self, scale: ScoreScale) -> None:
        self.scale = scale
        self.pool = pd.DataFrame()

    def update(self, chunk: Chunk) -> None:
        df = chunk.responses
        cand = df["score_group"].eq(self.scale.low)
        if "sentiment" in df.columns:
            cand |= df["score_group"].eq(self.scale.middle) & df["sentiment"].isin(
                ["negative", "mixed"])
        rows = df.loc[cand, [c for c in _QUOTE_COLUMNS if c in df.columns]]
        self.pool = quote_pool(pd.concat([self.pool, rows]))


class ThemesSink:
    """A seeded uniform sample of at most ``size`` answers no topic matched, with their
    prepared features (discovery does not prepare them again), respondent key and score
    (discovered themes enter the driver tables)."""

    def __init__(self, size: int = 20_000, seed: int = 0) -> None:
        self.size = size
        self.rng = np.random.default_rng(seed)
        self.seen = 0
        self.rows: list[tuple[str, str, str, list[str], list[tuple[str, str]], str, float]] = []

    def update(self, chunk: Chunk) -> None:
        df = chunk.responses
        if "topics" not in df.columns or chunk.extras is None:
            return
        keep = (df["topics"].map(len).eq(0) & ~df["non_answer"] & ~df["gibberish"]).to_numpy()
        ex = chunk.extras
        key = "source_row" if "source_row" in df.columns else "response_id"
        cols = ["text", "lang", "score_group", key, "score"]
        cols = [c if c in df.columns else "text" for c in cols]  # no score: no driver rows
        for rec, feats, surface in zip(df.loc[keep, cols].itertuples(index=False),
                                       ex["features"].to_numpy()[keep],
                                       ex["surface"].to_numpy()[keep], strict=True):
            score = float(rec[4]) if cols[4] == "score" and pd.notna(rec[4]) else float("nan")
            row = (str(rec[0]), str(rec[1]), str(rec[2]), feats, surface, str(rec[3]), score)
            self.seen += 1
            if len(self.rows) < self.size:
                self.rows.append(row)
            else:
                j = int(self.rng.integers(0, self.seen))
                if j < self.size:
                    self.rows[j] = row

    @property
    def weight(self) -> float:
        """Answers each sampled answer stands for (1.0 unless the pool overflowed)."""
        return self.seen / len(self.rows) if self.rows else 1.0


class Stats:
    """Summary figures: answers, non-answers, languages, sentiment and topic counts."""

    def __init__(self) -> None:
        self.answers = 0
        self.non_answers = 0
        self.gibberish = 0
        self.with_pii = 0
        self.langs: dict[str, int] = dict.fromkeys(LANGS, 0)
        self.sentiment: dict[str, int] = {}
        self.with_topic = 0
        self.topics: Counter[str] = Counter()
        self.answered = 0  # neither a non-answer nor gibberish: answers a topic could cover
        self.low = 0  # detractors / dissatisfied among them
        self.low_with_topic = 0

    def update(self, chunk: Chunk | pd.DataFrame) -> Stats:
        df = chunk.responses if isinstance(chunk, Chunk) else chunk
        self.answers += len(df)
        if not len(df):
            return self
        self.non_answers += int(df["non_answer"].sum())
        self.gibberish += int(df["gibberish"].sum())
        self.with_pii += int(df["pii"].map(len).gt(0).sum())
        for k, v in df["lang"].value_counts().items():
            self.langs[str(k)] = self.langs.get(str(k), 0) + int(v)
        if "sentiment" in df:
            for k, v in df["sentiment"].value_counts().items():
                self.sentiment[str(k)] = self.sentiment.get(str(k), 0) + int(v)
        if "topics" in df:
            n = df["topics"].map(len)
            self.with_topic += int(n.gt(0).sum())
            for codes in df["topics"]:
                self.topics.update(codes)
            answered = ~(df["non_answer"].astype(bool) | df["gibberish"].astype(bool))
            self.answered += int(answered.sum())
            if "score_group" in df:
                low = answered & df["score_group"].isin(("detractor", "dissatisfied"))
                self.low += int(low.sum())
                self.low_with_topic += int((low & n.gt(0)).sum())
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
            "topic_coverage": {
                "answers": round(self.with_topic / self.answered, 4) if self.answered else None,
                "detractors": round(self.low_with_topic / self.low, 4) if self.low else None,
            },
        }


def reason_counts(rejects: pd.DataFrame | None) -> dict[str, int]:
    """Rejects per kind of reason (the offending values left out)."""
    if rejects is None or rejects.empty:
        return {}
    kinds = rejects["reject_reason"].astype(str).str.replace(r" '.*?'", "", regex=True)
    kinds = kinds.str.split(";").str[0]
    return {str(k): int(v) for k, v in kinds.value_counts().items()}


def segment_names(mapping: Any) -> list[str]:
    """The ``segment_*`` columns a column mapping produces."""
    return cxio.segment_column_names(mapping.segments)
