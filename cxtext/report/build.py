"""Assemble the report from what the pipeline produced and write HTML + Excel."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from cxtext.report.excel import write_workbook
from cxtext.report.html import ReportData, render_html

__all__ = ["pick_quotes", "write_report"]

logger = logging.getLogger(__name__)


def _evidence_words(cell: str, code: str) -> list[str]:
    """Words of ``code`` in a ``topic_evidence`` cell ("code: w1, w2; other: w3")."""
    for part in str(cell or "").split("; "):
        name, _, words = part.partition(": ")
        if name == code:
            return [w for w in words.split(", ") if w]
    return []


def pick_quotes(candidates: pd.DataFrame, codes: list[str], *, per_topic: int = 5,
                ) -> dict[str, list[dict[str, Any]]]:
    """Up to ``per_topic`` verbatims per topic from answers mentioning it negatively
    (deterministic: lowest scores first, then medium-length answers), with evidence words."""
    out: dict[str, list[dict[str, Any]]] = {}
    if candidates.empty or "topics" not in candidates.columns:
        return {c: [] for c in codes}
    df = candidates[candidates["text"].astype(str).str.len().between(15, 300)]
    for code in codes:
        mask = df["topics"].astype(str).str.split("; ").map(lambda ts, c=code: c in ts)
        sub = df[mask]
        if "topic_sentiment" in sub.columns:
            neg = sub["topic_sentiment"].astype(str).str.contains(
                f"{code}=(?:negative|mixed)", regex=True)
            sub = pd.concat([sub[neg], sub[~neg]])
        sub = sub.assign(_len=(sub["text"].astype(str).str.len() - 90).abs())
        sub = sub.sort_values(["score", "_len", "response_id"], kind="stable")
        quotes, seen = [], set()
        for r in sub.to_dict("records"):
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


def write_report(out_dir: str | Path, *, summary: dict[str, Any], nps: pd.DataFrame,
                 tables: dict[str, pd.DataFrame], mentions: pd.DataFrame,
                 candidates: pd.DataFrame, themes: list[dict[str, Any]] | None = None,
                 topic_names: dict[str, dict[str, str]] | None = None, lang: str = "en",
                 rejects: pd.DataFrame | None = None, responses: pd.DataFrame | None = None,
                 min_mentions: int = 30) -> dict[str, str]:
    """Write ``report.html`` and ``report.xlsx``; returns their paths."""
    from cxtext import __version__

    out = Path(out_dir)
    impact = tables.get("impact", pd.DataFrame())
    top = [] if impact.empty else list(impact[~impact["negative_only"]].head(5)["topic"])
    data = ReportData(summary=summary, nps=nps, tables=tables, mentions=mentions,
                      quotes=pick_quotes(candidates, top), themes=themes or [],
                      topic_names=topic_names or {}, min_mentions=min_mentions,
                      version=__version__)
    html_path = out / "report.html"
    html_path.write_text(render_html(data, lang=lang), encoding="utf-8")
    sheets: dict[str, pd.DataFrame] = {"summary": _summary_sheet(summary)}
    for sheet, key in (("drivers", "impact"), ("drivers_parent", "impact_parent"),
                       ("key_drivers", "key_drivers"), ("importance", "importance"),
                       ("segments", "segment_nps"), ("segment_topics", "segment_topics"),
                       ("trends", "trend_nps"), ("trend_topics", "trend_topics"),
                       ("followup", "followup")):
        if key in tables:
            sheets[sheet] = tables[key]
    if len(mentions) and "sentiment" in mentions.columns:
        sheets["topics"] = (pd.crosstab(mentions["topic"], mentions["sentiment"].fillna("none"))
                            .reset_index())
    if responses is not None:
        sheets["responses"] = responses
    if rejects is not None:
        sheets["rejects"] = rejects
    xlsx_path = write_workbook(out / "report.xlsx", sheets)
    logger.info("report written: %s, %s", html_path, xlsx_path)
    return {"report_html": str(html_path), "report_xlsx": str(xlsx_path)}


def _summary_sheet(summary: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for k, v in summary.items():
        if isinstance(v, dict):
            for k2, v2 in v.items():
                rows.append((f"{k}.{k2}", str(v2)))
        elif isinstance(v, list):
            rows.append((k, ", ".join(map(str, v))))
        else:
            rows.append((k, v))
    return pd.DataFrame(rows, columns=["key", "value"])
