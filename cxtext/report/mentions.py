"""Topic x sentiment mention counts: the report's heat map and "topics" sheet.

The counts of a survey read in chunks add up (:func:`add_mention_counts`), so the report
never needs the full one-row-per-mention table in memory.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["add_mention_counts", "mention_counts"]


def mention_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """``topic``, ``sentiment`` (empty when none), ``n`` from a topic-mention table (one row
    per response x topic, :func:`cxtext.topic_mentions`); counts of several chunks add up
    with :func:`add_mention_counts`."""
    if mentions.empty or "topic" not in mentions.columns:
        return pd.DataFrame({"topic": pd.Series(dtype=str), "sentiment": pd.Series(dtype=str),
                             "n": pd.Series(dtype="int64")})
    if "n" in mentions.columns:
        return mentions[["topic", "sentiment", "n"]]
    sent = mentions["sentiment"] if "sentiment" in mentions.columns \
        else pd.Series("", index=mentions.index)
    df = pd.DataFrame({"topic": mentions["topic"].astype(str),
                       "sentiment": sent.fillna("").astype(str)})
    return df.groupby(["topic", "sentiment"], sort=True).size().rename("n").reset_index()


def add_mention_counts(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The sum of two :func:`mention_counts` tables."""
    both = pd.concat([mention_counts(a), mention_counts(b)], ignore_index=True)
    return both.groupby(["topic", "sentiment"], sort=True)["n"].sum().reset_index()
