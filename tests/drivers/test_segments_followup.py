"""Segments vs rest, trends with change flags, the follow-up list."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext.drivers import CULTURE_NOTE, followup_list, respondent_frame, segment_comparison
from cxtext.drivers import trends as trend_tables


def survey(n_per: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for month, base in (("2025-01-15", 9), ("2025-02-15", 9), ("2025-03-15", 4)):
        for i in range(n_per):
            score = int(np.clip(base + rng.integers(-1, 2), 0, 10))
            seg = "app" if i % 3 == 0 else "web"
            topic = "delivery.speed" if score <= 6 and i % 2 else ""
            rows.append((score, seg, month, topic))
    df = pd.DataFrame(rows, columns=["score", "segment_kanal", "date", "topics"])
    df["score"] = df["score"].astype("Int64")
    df["score_group"] = np.where(df["score"] >= 9, "promoter",
                                 np.where(df["score"] <= 6, "detractor", "passive"))
    df["date"] = pd.to_datetime(df["date"])
    df["source_row"] = range(2, len(df) + 2)
    df["response_id"] = df["source_row"].astype(str)
    df["topic_sentiment"] = [[{"topic": t, "sentiment": "negative"}] if t else []
                             for t in df["topics"]]
    df["topics"] = [[t] if t else [] for t in df["topics"]]
    return df


def test_segment_nps_vs_rest() -> None:
    df = survey()
    frame = respondent_frame(df)
    seg_nps, seg_topics = segment_comparison(frame, "kanal")
    assert set(seg_nps["value"]) == {"app", "web"}
    for _, r in seg_nps.iterrows():
        inside = df[df["segment_kanal"] == r["value"]]
        expected = 100 * ((inside["score"] >= 9).mean() - (inside["score"] <= 6).mean())
        assert r["nps"] == pytest.approx(expected)
        assert r["diff_ci_low"] <= r["diff_vs_rest"] <= r["diff_ci_high"]
        assert r["note"] == ""
    assert {"share", "share_rest", "p_adjusted", "significant"} <= set(seg_topics.columns)
    with pytest.raises(ValueError, match="Unknown segment"):
        segment_comparison(frame, "country")


def test_country_segments_carry_the_culture_caveat() -> None:
    df = survey().rename(columns={"segment_kanal": "segment_country"})
    seg_nps, _ = segment_comparison(respondent_frame(df), "country")
    assert (seg_nps["note"] == CULTURE_NOTE).all()


def test_trends_flag_the_march_drop() -> None:
    nps_t, topic_t = trend_tables(respondent_frame(survey()), freq="M")
    assert list(nps_t["period"]) == ["2025-01", "2025-02", "2025-03"]
    assert not nps_t.loc[1, "significant_change"]
    assert nps_t.loc[2, "significant_change"] and nps_t.loc[2, "change"] < -50
    speed = topic_t[topic_t["topic"] == "delivery.speed"].set_index("period")
    assert speed.loc["2025-03", "share"] > 0.3 and speed.loc["2025-03", "significant_change"]
    with pytest.raises(ValueError, match="freq"):
        trend_tables(respondent_frame(survey()), freq="D")
    with pytest.raises(ValueError, match="date"):
        trend_tables(respondent_frame(survey().drop(columns=["date"])))


FOLLOWUP_CASES = [
    # (score, sentiment, text, topic_sentiment, expected reasons substring, priority)
    (1, "negative", "Rezygnuję z waszych usług, odchodzę do konkurencji", "",
     "churn threat", "high"),
    (5, "negative", "Reklamacja nadal nierozpatrzona", "complaints.process=negative",
     "unresolved complaint", "high"),
    (4, "negative", "Dzwoniłem już kilka razy na infolinię", "", "repeated contact", "medium"),
    (6, "negative", "drogo", "", "", "low"),
    (5, "negative", "słabo", "complaints=negative", "unresolved complaint", "high"),
    (6, "negative", "słabo", "service.complaints_desk=negative", "", "low"),
    (8, "negative", "Never again, cancel my account", "", "churn threat", "high"),
]


@pytest.mark.parametrize("case", FOLLOWUP_CASES)
def test_followup_priorities(case: tuple[int, str, str, str, str, str]) -> None:
    score, sent, text, ts, reason, priority = case
    df = pd.DataFrame({"response_id": ["X"], "question": ["q"], "score": [score],
                       "score_group": ["detractor" if score <= 6 else "passive"],
                       "sentiment": [sent], "text": [text], "topics": [[]],
                       "topic_sentiment": [pairs(ts)], "non_answer": [False]})
    out = followup_list(df)
    assert len(out) == 1
    assert reason in out.loc[0, "reasons"]
    assert out.loc[0, "priority"] == priority


def test_followup_selection_and_order() -> None:
    df = pd.DataFrame({
        "response_id": ["a", "b", "c", "d", "e"], "question": "q",
        "score": [9, 8, 8, 6, 0], "score_group": ["promoter", "passive", "passive", "detractor",
                                                   "detractor"],
        "sentiment": ["negative", "positive", "mixed", "negative", "negative"],
        "text": ["x", "y", "Kurier znowu się spóźnił", "drogo", "nigdy więcej nie kupię"],
        "topics": [[]] * 5, "topic_sentiment": [[]] * 5, "non_answer": False,
        "clause_sentiment": [[], [], clauses(), [], []],
    })
    out = followup_list(df)
    assert list(out["response_id"]) == ["e", "d", "c"]  # promoters and happy passives left out
    assert out.loc[2, "evidence"] == "Kurier znowu się spóźnił"
    assert out.loc[0, "priority"] == "high"


def clauses() -> list[dict[str, object]]:
    return [{"text": "Kurier znowu się spóźnił", "label": "negative", "confidence": 0.9}]


def pairs(cell: str) -> list[dict[str, str]]:
    """"a=negative; b=positive" (the readable CSV form) as a ``topic_sentiment`` list."""
    return [dict(zip(("topic", "sentiment"), kv.split("="), strict=True))
            for kv in cell.split("; ") if kv]


def test_very_low_score_follows_the_scale() -> None:
    df = pd.DataFrame({"response_id": ["a", "b", "c"], "question": "q", "score": [1, 2, 3],
                       "score_group": ["dissatisfied", "dissatisfied", "neutral"],
                       "sentiment": "negative", "text": "słabo", "topics": [[]] * 3,
                       "topic_sentiment": [[]] * 3, "non_answer": False})
    out = followup_list(df, scale="csat").set_index("response_id")
    assert "very low score" in out.loc["a", "reasons"]
    assert "very low score" not in out.loc["b", "reasons"] + out.loc["c", "reasons"]
