"""Assemble the report from what the pipeline produced and write HTML + Excel."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from cxtext._version import __version__
from cxtext.report.excel import write_workbook
from cxtext.report.headline import headline
from cxtext.report.html import ReportData, render_html
from cxtext.report.mentions import mention_counts
from cxtext.report.quotes import pick_quotes

__all__ = ["write_report"]

logger = logging.getLogger(__name__)


def write_report(out_dir: str | Path, *, summary: dict[str, Any], nps: pd.DataFrame,
                 tables: dict[str, pd.DataFrame], mentions: pd.DataFrame,
                 candidates: pd.DataFrame, themes: list[dict[str, Any]] | None = None,
                 topic_names: dict[str, dict[str, str]] | None = None, lang: str = "en",
                 rejects: pd.DataFrame | None = None, responses: pd.DataFrame | None = None,
                 min_mentions: int = 30) -> dict[str, str]:
    """Write ``report.html`` and ``report.xlsx``; returns their paths.

    The key findings at the top of the HTML are ``summary["headline"][lang]`` when the
    pipeline stored them, else made here (:func:`cxtext.report.headline.headline`)."""
    out = Path(out_dir)
    impact = tables.get("impact", pd.DataFrame())
    top = [] if impact.empty else list(impact[~impact["negative_only"]].head(5)["topic"])
    mentions = mention_counts(mentions)
    data = ReportData(summary=summary, nps=nps, tables=tables, mentions=mentions,
                      quotes=pick_quotes(candidates, top), themes=themes or [],
                      topic_names=topic_names or {}, min_mentions=min_mentions,
                      version=__version__, headline=_headline(summary, tables, topic_names,
                                                              lang))
    html_path = out / "report.html"
    html_path.write_text(render_html(data, lang=lang), encoding="utf-8")
    sheets: dict[str, pd.DataFrame] = {"summary": _summary_sheet(summary)}
    for sheet, key in (("drivers", "impact"), ("drivers_parent", "impact_parent"),
                       ("key_drivers", "key_drivers"), ("importance", "importance"),
                       ("segments", "segment_nps"), ("segment_topics", "segment_topics"),
                       ("trends", "trend_nps"), ("trend_topics", "trend_topics"),
                       ("followup", "followup"), ("themes", "themes")):
        if key in tables:
            sheets[sheet] = tables[key]
    if len(mentions):
        sheets["topics"] = (mentions.assign(sentiment=mentions["sentiment"].replace("", "none"))
                            .pivot_table(index="topic", columns="sentiment", values="n",
                                         aggfunc="sum", fill_value=0)
                            .reset_index().rename_axis(columns=None))
    if responses is not None:
        sheets["responses"] = responses
    if rejects is not None:
        sheets["rejects"] = rejects
    xlsx_path = write_workbook(out / "report.xlsx", sheets)
    logger.info("report written: %s, %s", html_path, xlsx_path)
    return {"report_html": str(html_path), "report_xlsx": str(xlsx_path)}


def _headline(summary: dict[str, Any], tables: dict[str, pd.DataFrame],
              topic_names: dict[str, dict[str, str]] | None, lang: str) -> list[str]:
    stored = (summary.get("headline") or {}).get(lang)
    if stored is not None:
        return [str(s) for s in stored]
    return headline(summary, tables, topic_names or {}, lang)


def _summary_sheet(summary: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for k, v in summary.items():
        if k == "headline" and isinstance(v, dict):  # one row per language, as sentences
            rows.extend((f"{k}.{lang}", " ".join(map(str, lines))) for lang, lines in v.items())
        elif isinstance(v, dict):
            for k2, v2 in v.items():
                rows.append((f"{k}.{k2}", str(v2)))
        elif isinstance(v, list):
            rows.append((k, ", ".join(map(str, v))))
        else:
            rows.append((k, v))
    return pd.DataFrame(rows, columns=["key", "value"])
