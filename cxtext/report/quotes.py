"""Verbatims for the report: a few telling answers per driver topic, with evidence words.

:func:`quote_pool` keeps what :func:`pick_quotes` could choose from, a bounded number of rows
per topic, so a survey read in chunks is pooled chunk by chunk with the same result.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["pick_quotes", "quote_pool"]


def _items(cell: Any) -> list[Any]:
    return [] if cell is None or isinstance(cell, float) else list(cell)


def _evidence_words(cell: Any, code: str) -> list[str]:
    """Words of ``code`` in a ``topic_evidence`` cell (``[{"topic", "words"}]``)."""
    for d in _items(cell):
        if d["topic"] == code:
            return [str(w) for w in _items(d["words"]) if w]
    return []


def _quote_rows(candidates: pd.DataFrame) -> pd.DataFrame:
    if candidates.empty or "topics" not in candidates.columns:
        return candidates.iloc[0:0]
    return candidates[candidates["text"].astype(str).str.len().between(15, 300)]


def _ranked(df: pd.DataFrame, code: str) -> pd.DataFrame:
    """Answers mentioning ``code`` in quote order: negative mentions first, lowest scores,
    then answers nearest 90 characters, then response id (stable)."""
    mask = df["topics"].map(lambda ts: code in _items(ts))
    sub = df[mask.astype(bool)]
    if "topic_sentiment" in sub.columns:
        neg = sub["topic_sentiment"].map(lambda v: any(
            d["topic"] == code and d["sentiment"] in ("negative", "mixed") for d in _items(v)))
        neg = neg.astype(bool)
        sub = pd.concat([sub[neg], sub[~neg]])
    sub = sub.assign(_len=(sub["text"].astype(str).str.len() - 90).abs())
    return sub.sort_values(["score", "_len", "response_id"], kind="stable").drop(columns="_len")


def quote_pool(candidates: pd.DataFrame, *, per_topic: int = 100) -> pd.DataFrame:
    """The rows :func:`pick_quotes` can pick from, at most ``per_topic`` per topic code, in
    input order: pooling chunk by chunk (``quote_pool(pd.concat([pool, chunk]))``) gives the
    same quotes as the whole table while memory stays bounded."""
    df = _quote_rows(candidates).reset_index(drop=True)  # chunks repeat index labels
    if df.empty:
        return df
    codes = {c for ts in df["topics"] for c in _items(ts) if c}
    keep: set[Any] = set()
    for code in codes:
        keep.update(_ranked(df, code).index[:per_topic])
    return df.loc[sorted(keep)]


def pick_quotes(candidates: pd.DataFrame, codes: list[str], *, per_topic: int = 5,
                ) -> dict[str, list[dict[str, Any]]]:
    """Up to ``per_topic`` verbatims per topic from answers mentioning it negatively
    (deterministic: lowest scores first, then medium-length answers), with evidence words."""
    out: dict[str, list[dict[str, Any]]] = {}
    df = _quote_rows(candidates)
    if df.empty:
        return {c: [] for c in codes}
    for code in codes:
        quotes, seen = [], set()
        for r in _ranked(df, code).to_dict("records"):
            key = str(r["text"]).lower()
            if key in seen:
                continue
            seen.add(key)
            quotes.append({"text": str(r["text"]), "score": r["score"],
                           "response_id": r["response_id"],
                           "evidence": _evidence_words(r.get("topic_evidence", ""), code)})
            if len(quotes) >= per_topic:
                break
        out[code] = quotes
    return out
