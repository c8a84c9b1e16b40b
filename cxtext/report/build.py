"""Assemble the report from what the pipeline produced and write HTML + Excel."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from cxtext._version import __version__
from cxtext.drivers.followup import with_topic_names
from cxtext.drivers.impact import topic_rows
from cxtext.report.excel import write_workbook
from cxtext.report.explore import explore_section
from cxtext.report.headline import headline
from cxtext.report.html import ReportData, render_html
from cxtext.report.labels import labels, segment_labels
from cxtext.report.mentions import mention_counts
from cxtext.report.quotes import pick_quotes
from cxtext.report.tables import (
    SHEET_NAMES,
    analyst_tables,
    column_guide,
    summary_table,
    topic_name,
)

__all__ = ["write_report"]

logger = logging.getLogger(__name__)


def write_report(out_dir: str | Path, *, summary: dict[str, Any], nps: pd.DataFrame,
                 tables: dict[str, pd.DataFrame], mentions: pd.DataFrame,
                 candidates: pd.DataFrame, themes: list[dict[str, Any]] | None = None,
                 topic_names: dict[str, dict[str, str]] | None = None, lang: str = "en",
                 rejects: pd.DataFrame | None = None, responses: pd.DataFrame | None = None,
                 drilldown: tuple[pd.DataFrame | None, bool] | None = None,
                 min_mentions: int = 30) -> dict[str, str]:
    """Write ``report.html`` and ``report.xlsx``; returns their paths.

    ``responses``: the enriched response table (list columns as lists), shown in the
    drill-down section and as the ``responses`` sheet; ``None`` when the survey has more
    rows than the workbook keeps. ``drilldown``: the answers of the drill-down section and
    whether they are a sample of a larger survey (default: ``responses``, not a sample). The
    workbook's sheets are the analyst tables of
    :mod:`cxtext.report.tables` (headers and sheet names in ``lang``), also written as
    ``tables/<sheet>.csv``.

    The key findings at the top of the HTML are ``summary["headline"][lang]`` when the
    pipeline stored them, else made here (:func:`cxtext.report.headline.headline`)."""
    out = Path(out_dir)
    impact = tables.get("impact", pd.DataFrame())
    top = [] if impact.empty else list(topic_rows(impact).head(5)["topic"])
    mentions = mention_counts(mentions)
    drill, sampled = drilldown if drilldown is not None else (responses, False)
    data = ReportData(summary=summary, nps=nps, tables=tables, mentions=mentions,
                      quotes=pick_quotes(candidates, top), themes=themes or [],
                      topic_names=topic_names or {}, min_mentions=min_mentions,
                      version=__version__, headline=_headline(summary, tables, topic_names,
                                                              lang),
                      explore=explore_section(
                          drill, topic_names=topic_names or {},
                          segment_names=segment_labels(summary), lang=lang,
                          total=summary.get("answers"), sample=sampled))
    html_path = out / "report.html"
    html_path.write_text(render_html(data, lang=lang), encoding="utf-8")
    sheets = _sheets(summary, tables, mentions, topic_names or {}, lang, responses, rejects)
    table_dir = out / "tables"
    table_dir.mkdir(exist_ok=True)
    for key, df in sheets.items():
        df.to_csv(table_dir / f"{key}.csv", index=False, encoding="utf-8-sig")
    xlsx_path = write_workbook(out / "report.xlsx", sheets,
                               titles={k: v[lang] for k, v in SHEET_NAMES.items()})
    logger.info("report written: %s, %s, %s", html_path, xlsx_path, table_dir)
    return {"report_html": str(html_path), "report_xlsx": str(xlsx_path),
            "tables_dir": str(table_dir)}


def _sheets(summary: dict[str, Any], tables: dict[str, pd.DataFrame], mentions: pd.DataFrame,
            names: dict[str, dict[str, str]], lang: str, responses: pd.DataFrame | None,
            rejects: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The analyst tables of the workbook (and of ``tables/*.csv``), by sheet key."""
    scale = str(summary.get("scale") or "nps")
    L = labels(lang, scale)
    given = dict(tables)
    if "followup" in given:
        given["followup"] = with_topic_names(given["followup"], names, names_lang=lang)
    if responses is not None:
        given["responses"] = responses
    if rejects is not None:
        given["rejects"] = rejects
    groups = tuple(g.lower() for g in L["groups"].split("|"))
    body = analyst_tables(given, lang=lang, topic_names=names,
                          segment_names=segment_labels(summary),
                          groups=(groups[0], groups[1], groups[2]), scale=scale)
    sheets = {"summary": summary_table(summary, lang)}
    if len(mentions):
        sentiments = ["negative", "neutral", "positive", "mixed", "none"]
        pivot = (mentions.assign(sentiment=mentions["sentiment"].replace("", "none"))
                 .pivot_table(index="topic", columns="sentiment", values="n", aggfunc="sum",
                              fill_value=0)
                 .reindex(columns=sentiments, fill_value=0))
        pivot = pivot.loc[pivot.sum(axis=1).sort_values(ascending=False).index]
        sheets["topics"] = pd.DataFrame(
            {L["topic"]: [topic_name(str(c), names, lang) for c in pivot.index],
             L["mentions"]: pivot.sum(axis=1).astype(int).to_numpy(),
             **{L[s] if s != "none" else L["no_sentiment"]: pivot[s].astype(int).to_numpy()
                for s in sentiments}})
    order = ["drivers", "drivers_parent", "key_drivers", "importance", "segments",
             "segment_topics", "trends", "trend_topics", "followup", "themes", "responses",
             "rejects"]
    sheets.update({k: body[k] for k in order if k in body})
    sheets["columns"] = column_guide(lang, groups=(groups[0], groups[1], groups[2]),
                                     scale=scale)
    return sheets


def _headline(summary: dict[str, Any], tables: dict[str, pd.DataFrame],
              topic_names: dict[str, dict[str, str]] | None, lang: str) -> list[str]:
    stored = (summary.get("headline") or {}).get(lang)
    if stored is not None:
        return [str(s) for s in stored]
    return headline(summary, tables, topic_names or {}, lang)


