"""Respondent x topic indicator frame: the common input of every driver analysis.

The enriched response table has one row per (respondent x open question); drivers work per
respondent. :func:`respondent_frame` folds the answers of one respondent together: a topic
is mentioned when any of their answers mentions it, mentioned *negatively* when any
mention has a negative or mixed sentiment, and mentioned *positively* when any mention is
positive (a respondent can be both, in two answers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxtext.errors import InputError
from cxtext.schema import NPS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = ["RespondentFrame", "respondent_frame", "NEG_SUFFIX", "POS_SUFFIX", "SIGNED_SUFFIXES",
           "base_code", "mention_kind"]

NEG_SUFFIX = ":negative"
POS_SUFFIX = ":positive"
#: the suffixes of the signed indicator columns (mentioned negatively / positively)
SIGNED_SUFFIXES: tuple[str, ...] = (NEG_SUFFIX, POS_SUFFIX)


def mention_kind(column: str) -> str:
    """``"negative"``, ``"positive"`` or ``"any"``: which mentions an indicator column
    counts (``delivery:negative``, ``delivery:positive``, ``delivery``)."""
    for suffix in SIGNED_SUFFIXES:
        if column.endswith(suffix):
            return suffix[1:]
    return "any"


def base_code(column: str) -> str:
    """The topic code of an indicator column (``delivery:negative`` -> ``delivery``)."""
    kind = mention_kind(column)
    return column if kind == "any" else column[: -len(kind) - 1]

_GROUP_VALUE = {0: -1, 1: 0, 2: 1}  # low / middle / high group -> NPS contribution


@dataclass
class RespondentFrame:
    """``data``: one row per respondent with ``response_id``, ``score``, ``score_group``,
    ``nps_value`` (+1 promoter, 0 passive, -1 detractor), ``date``, ``segment_*``;
    ``topics``: 0/1 indicators, one column per topic code (and ``<code>:negative``,
    ``<code>:positive``);
    ``scale``: the score scale (its groups name promoters/passives/detractors)."""

    data: pd.DataFrame
    topics: pd.DataFrame
    scale: ScoreScale

    @property
    def codes(self) -> list[str]:
        return [c for c in self.topics.columns if mention_kind(c) == "any"]

    def __len__(self) -> int:
        return len(self.data)


def respondent_frame(responses: pd.DataFrame, *, level: str = "leaf",
                     scale: str | ScoreScale = NPS) -> RespondentFrame:
    """Build the respondent frame from an enriched response table (``Analysis.responses``).

    ``level``: ``"leaf"`` (topic codes as assigned: level 2, or level 1 when no child
    applies), ``"parent"`` (level-1 codes) or ``"both"``.
    """
    if level not in ("leaf", "parent", "both"):
        raise InputError(f"level must be 'leaf', 'parent' or 'both', got {level!r}.")
    missing = [c for c in ("score", "topics") if c not in responses.columns]
    if missing:
        raise InputError(f"The response table has no {', '.join(missing)} column(s); run "
                         "cxtext.analyze() with a topic model (the default) first.")
    sc = get_scale(scale)
    key = "source_row" if "source_row" in responses.columns else "response_id"
    df = responses[responses["score"].notna()].copy()
    if df.empty:
        raise InputError("No respondent with a valid score: nothing to explain.")
    first = df.groupby(key, sort=False).first()
    rid = pd.Index(first.index)
    # (respondent, code, negative?) for every topic mention, vectorised
    # (respondent, code, negative?) for every topic mention: topics and topic_sentiment are
    # list columns (cxtext.schema)
    pairs = df[[key]].assign(code=df["topics"]).explode("code")
    pairs = pairs[pairs["code"].notna() & pairs["code"].astype(str).str.len().gt(0)]
    sent = pd.DataFrame()
    if "topic_sentiment" in df.columns:
        sent = df[[key]].assign(kv=df["topic_sentiment"]).explode("kv")
        sent = sent[sent["kv"].notna()]
    if len(sent):
        kv = sent["kv"].tolist()
        signs = pd.DataFrame({key: sent[key].to_numpy(), "code": [d["topic"] for d in kv],
                              "neg": [d["sentiment"] in ("negative", "mixed") for d in kv],
                              "pos": [d["sentiment"] == "positive" for d in kv]})
        signs = signs.groupby([key, "code"], sort=False)[["neg", "pos"]].max().reset_index()
        pairs = pairs.merge(signs, on=[key, "code"], how="left")
    else:
        pairs = pairs.assign(neg=False, pos=False)
    for c in ("neg", "pos"):
        pairs[c] = pairs[c].astype("boolean").fillna(False).astype(bool)
    parent = pairs["code"].astype(str).str.split(".").str[0]
    if level == "parent":
        pairs = pairs.assign(code=parent)
    elif level == "both":
        pairs = pd.concat([pairs, pairs.assign(code=parent)], ignore_index=True)
    pairs = pairs.groupby([key, "code"], sort=False)[["neg", "pos"]].max().reset_index()
    all_codes = sorted(pairs["code"].astype(str).unique())
    m = len(all_codes)
    ind = np.zeros((len(rid), 3 * m), dtype=np.int8)
    if len(pairs):
        rows = rid.get_indexer(pairs[key])
        cols = pd.Index(all_codes).get_indexer(pairs["code"])
        ind[rows, cols] = 1
        for block, flag in ((1, "neg"), (2, "pos")):
            hit = pairs[flag].to_numpy()
            ind[rows[hit], block * m + cols[hit]] = 1
    indicators = pd.DataFrame(ind, columns=all_codes + [c + NEG_SUFFIX for c in all_codes]
                              + [c + POS_SUFFIX for c in all_codes])
    score = first["score"].astype(float).to_numpy()
    group_idx = np.where(score >= sc.high_min, 2, np.where(score <= sc.low_max, 0, 1))
    data = pd.DataFrame({
        "response_id": first["response_id"].astype(str).to_numpy()
        if "response_id" in first.columns else first.index.astype(str),
        "score": score,
        "score_group": np.array(sc.groups, dtype=object)[group_idx],
        "nps_value": np.vectorize(_GROUP_VALUE.get)(group_idx).astype(float),
    })
    if "date" in first.columns:
        data["date"] = pd.to_datetime(first["date"]).to_numpy()
    for col in (c for c in first.columns if c.startswith(SEGMENT_PREFIX)):
        data[col] = first[col].astype(str).to_numpy()
    return RespondentFrame(data, indicators, sc)
