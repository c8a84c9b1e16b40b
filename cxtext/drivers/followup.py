"""The inner loop: who to call back first.

:func:`followup_list` selects detractors, and passives whose answer is negative or mixed, and
ranks them by a transparent priority: base 2 for a detractor (1 for a passive), +3 for a
churn threat ("rezygnuję", "odchodzę do konkurencji", "never again", "cancel my account"),
+2 for an unresolved complaint (a complaints topic mentioned negatively, or "nadal",
"wciąż nie", "still not", "unresolved"), +1 for repeated contact ("kolejny raz", "trzeci raz",
"again", "several times"), +1 for a very low score (the bottom third of the low group: 0-2 on
the NPS scale, 1 on a 1-5 CSAT scale). ``priority``: high from 4 points (a
detractor with any of these signals), medium at 3, low otherwise. ``reasons`` lists what
fired; the evidence is the most negative clause (else the answer), PII already redacted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxtext.schema import NPS, ScoreScale, get_scale

__all__ = ["followup_list", "FOLLOWUP_COLUMNS"]

FOLLOWUP_COLUMNS: tuple[str, ...] = (
    "priority", "priority_score", "reasons", "response_id", "question", "score", "score_group",
    "sentiment", "topics", "evidence", "text",
)

_CHURN = re.compile(
    r"rezygn|odchodz|odejd|odejść|odejsc|zmieni[ęea]m? (?:sklep|operatora|bank|dostawc)|"
    r"konkurencj|nigdy więcej|nigdy wiecej|ostatni raz|więcej nie kupi|wiecej nie kupi|"
    r"nie kupi[ęe] (?:już|juz|więcej|wiecej)|zamykam konto|usun[ęe] konto|wypowiad|"
    r"never again|cancel(?:l?ing)? (?:my|the) (?:account|subscription|contract)|switch(?:ing)? to|"
    r"taking my business|last time|won'?t (?:buy|shop|order|come back)|go(?:ing)? elsewhere|"
    r"close my account|leaving", re.I)
_UNRESOLVED = re.compile(
    r"nadal|wciąż|wciaz|dalej nie|do tej pory|do dziś|do dzis|bez odpowiedzi|"
    r"nierozwiązan|nierozwiazan|nikt nie odpisa|nikt nie oddzwoni|"
    r"still (?:not|no|haven'?t|waiting)|unresolved|no (?:reply|response|answer) yet|"
    r"never (?:got|received|heard)", re.I)
_REPEATED = re.compile(
    r"kolejny raz|po raz kolejny|znowu|znów|znow|ponownie|drugi raz|trzeci raz|"
    r"kilka razy|wielokrotnie|dzwoni(?:łem|łam|lem|lam) (?:już )?(?:kilka|parę|pare|\d)|"
    r"again|second time|third time|several times|multiple times|many times|repeatedly", re.I)


def _evidence(row: Mapping[Any, Any]) -> str:
    clauses = row.get("clause_sentiment")
    if clauses is not None and not isinstance(clauses, (str, float)):
        neg = [c for c in clauses if c.get("label") == "negative"]
        if neg:
            return str(max(neg, key=lambda c: c.get("confidence", 0))["text"])
    return str(row.get("text", ""))


def _items(cell: Any) -> list[Any]:
    return [] if cell is None or isinstance(cell, (str, float)) else list(cell)


def _negative_complaint(cell: Any) -> bool:
    """A ``complaints`` topic (level 1 or 2) mentioned negatively (``topic_sentiment``)."""
    return any(str(d["topic"]).split(".")[0] == "complaints"
               and d["sentiment"] in ("negative", "mixed") for d in _items(cell))


def _joined(cell: Any) -> str:
    return "; ".join(str(c) for c in _items(cell))


def followup_list(responses: pd.DataFrame, *, scale: str | ScoreScale = NPS,
                  include_passives: bool = True) -> pd.DataFrame:
    """Detractors (and negative passives) to contact, highest priority first."""
    sc = get_scale(scale)
    df = responses[responses["score"].notna()].copy()
    if "non_answer" in df.columns:
        has_text = ~df["non_answer"].astype(bool)
    else:
        has_text = df["text"].astype(str).str.strip().ne("")
    sentiment = df["sentiment"] if "sentiment" in df.columns else pd.Series("", index=df.index)
    is_low = df["score_group"] == sc.low
    is_mid_neg = (df["score_group"] == sc.middle) & sentiment.isin(["negative", "mixed"])
    pick = is_low | (is_mid_neg if include_passives else False)
    df = df[pick & (has_text | is_low)]
    if df.empty:
        return pd.DataFrame(columns=list(FOLLOWUP_COLUMNS))
    text = df["text"].astype(str)
    complaint = df["topic_sentiment"].map(_negative_complaint).astype(bool) \
        if "topic_sentiment" in df.columns else pd.Series(False, index=df.index)
    churn = text.str.contains(_CHURN)
    unresolved = text.str.contains(_UNRESOLVED) | complaint
    repeated = text.str.contains(_REPEATED)
    very_low = df["score"].astype(float) <= sc.min + (sc.low_max - sc.min) // 3
    base = np.where(df["score_group"] == sc.low, 2, 1)
    score = base + 3 * churn + 2 * unresolved + 1 * repeated + 1 * very_low
    reasons = [
        ", ".join(r for r, on in (("churn threat", c), ("unresolved complaint", u),
                                  ("repeated contact", p), ("very low score", v)) if on)
        for c, u, p, v in zip(churn, unresolved, repeated, very_low, strict=True)
    ]
    out = pd.DataFrame({
        "priority": pd.cut(score, bins=[-1, 2, 3, 100], labels=["low", "medium", "high"])
        .astype(str),
        "priority_score": score.astype(int),
        "reasons": reasons,
        "response_id": df["response_id"].astype(str),
        "question": df["question"] if "question" in df.columns else "",
        "score": df["score"],
        "score_group": df["score_group"],
        "sentiment": sentiment.loc[df.index],
        "topics": df["topics"].map(_joined) if "topics" in df.columns else "",
        "evidence": [_evidence(r) for r in df.to_dict("records")],
        "text": text,
    })
    return out.sort_values(["priority_score", "score", "response_id"],
                           ascending=[False, True, True]).reset_index(drop=True)
