"""Self-contained HTML report: inline CSS and SVG, no JavaScript, no external resources.

:func:`render_html` turns a :class:`ReportData` into one HTML string that opens offline in any
browser and can be e-mailed as a single file. Every value coming from survey text is
HTML-escaped (Jinja2 autoescaping); evidence words are wrapped in ``<mark>`` after escaping.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from cxtext.drivers.impact import quadrant_threshold, topic_rows
from cxtext.report import charts
from cxtext.report.labels import labels, note_text, segment_labels
from cxtext.report.mentions import mention_counts
from cxtext.report.tables import localise, reject_reason, relabel_segments

__all__ = ["ReportData", "render_html", "highlight"]


@dataclass
class ReportData:
    """Everything the report shows (tables as produced by the pipeline and drivers)."""

    summary: dict[str, Any]
    nps: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    mentions: pd.DataFrame
    quotes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    themes: list[dict[str, Any]] = field(default_factory=list)
    topic_names: dict[str, dict[str, str]] = field(default_factory=dict)
    min_mentions: int = 30
    version: str = ""
    headline: list[str] = field(default_factory=list)  # key findings, report language
    #: the drill-down section (:func:`cxtext.report.explore.explore_section`), HTML
    explore: str = ""


def highlight(text: str, words: list[str]) -> Markup:
    """Escape ``text`` and wrap each evidence word/phrase in ``<mark>``."""
    out = escape(text)
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        pattern = re.compile(re.escape(escape(w)), re.I)
        out = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", out)
    return Markup(out)


def _fmt(v: Any, spec: str = ".1f") -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return "–" if math.isnan(f) else format(f, spec)


#: The head of every cxtext HTML page (report, wave comparison): doctype, title and the
#: shared style rules; a page adds its own rules and closes ``<style>``.
PAGE_HEAD = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ L.title }}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#222;
background:#fafafa}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:2px solid #eee;padding-bottom:4px}
.muted{color:#666;font-size:13px}
.kpi{display:flex;gap:32px;align-items:baseline;margin:16px 0}
.kpi .big{font-weight:700}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border-bottom:1px solid #e5e5e5;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}
td,th,li,p,.quote{overflow-wrap:anywhere}
@media (max-width:700px){main{padding:12px}table{table-layout:fixed}
th,td{padding:3px 4px;font-size:11px}th:first-child{width:30%}.kpi{flex-wrap:wrap;gap:12px}}
"""

_TEMPLATE = PAGE_HEAD + """.kpi .big{font-size:54px}
.sig{font-weight:700}.small{color:#999}
mark{background:#fde68a;padding:0 1px}
.quote{border-left:3px solid #ccc;padding:2px 10px;margin:6px 0;font-size:14px}
.chart{max-width:100%;height:auto;display:block;margin:8px 0}
.heat td.cell{text-align:right}
.note{background:#fff7e6;border:1px solid #f5d9a8;padding:6px 10px;font-size:13px}
.findings{background:#eef5fc;border:1px solid #bcd4ec;padding:2px 16px 8px;margin-top:16px}
.findings h2{margin-top:12px;border-bottom:0}.findings li{margin:4px 0;font-size:15px}
</style></head>
<body><main>
<h1>{{ L.title }}</h1>
<div class="muted">{{ generated }}</div>

{% if findings %}<section id="findings" class="findings">
<h2>{{ L.findings }}</h2>
<ul>{% for f in findings %}<li>{{ f }}</li>{% endfor %}</ul>
</section>{% endif %}

<section id="headline">
<h2>{{ L.headline }}</h2>
<div class="kpi"><div class="big">{{ nps_value }}</div>
<div>{{ L.ci }}: {{ nps_ci }}<br>{{ respondents }} {{ L.respondents }}</div></div>
<div class="muted">{{ L.split }}</div>
{{ split_chart }}
</section>

<section id="drivers">
<h2>{{ L.drivers }}</h2>
<p class="muted">{{ drivers_note }}</p>
{% if driver_chart %}{{ driver_chart }}
<table><thead><tr><th>{{ L.topic }}</th><th>{{ L.mentions }}</th><th>{{ L.impact }}</th>
<th>{{ L.ci_short }}</th><th>{{ L.recoverable }}</th><th>{{ L.p_adj }}</th><th>{{ L.flag }}</th>
</tr></thead>
<tbody>{% for r in driver_rows %}<tr class="{{ r.cls }}" data-topic="{{ r.code }}">
<td>{{ r.name }}</td>
<td class="num">{{ r.n }}</td><td class="num">{{ r.impact }}</td><td class="num">{{ r.ci }}</td>
<td class="num">{{ r.recoverable }}</td><td class="num">{{ r.p }}</td><td>{{ r.flag }}</td></tr>
{% endfor %}</tbody></table>{% else %}<p>{{ L.none }}</p>{% endif %}
{% if quadrant_chart %}<h3 id="quadrant">{{ L.quadrant }}</h3>
<p class="muted">{{ quadrant_note }}</p>
{{ quadrant_chart }}{% endif %}
{% if theme_driver_rows %}<h3 id="discovered">{{ L.discovered }}</h3>
<p class="muted">{{ L.discovered_note }}</p>
<table class="discovered"><thead><tr><th>{{ L.theme }}</th><th>{{ L.mentions }}</th>
<th>{{ L.impact }}</th><th>{{ L.ci_short }}</th><th>{{ L.recoverable }}</th><th>{{ L.p_adj }}</th>
<th>{{ L.flag }}</th></tr></thead>
<tbody>{% for r in theme_driver_rows %}<tr class="{{ r.cls }}"><td>{{ r.name }}</td>
<td class="num">{{ r.n }}</td><td class="num">{{ r.impact }}</td><td class="num">{{ r.ci }}</td>
<td class="num">{{ r.recoverable }}</td><td class="num">{{ r.p }}</td><td>{{ r.flag }}</td></tr>
{% endfor %}</tbody></table>{% endif %}
{% if importance_chart %}<h3 id="key-drivers">{{ L.key_drivers }}</h3>
<p class="muted">{{ L.importance }}{% if r2 %} · R² = {{ r2 }}{% endif %}</p>
<p class="muted">{{ L.kda_note }}</p>
{{ importance_chart }}
<table class="importance"><thead><tr><th>{{ L.topic }}</th><th>{{ L.shapley }}</th>
<th>{{ L.ci_short }}</th><th>{{ L.relative_weight }}</th><th>{{ L.ci_short }}</th>
</tr></thead><tbody>
{% for r in importance_rows %}<tr><td>{{ r.name }}</td><td class="num">{{ r.shapley }}</td>
<td class="num">{{ r.shapley_ci }}</td><td class="num">{{ r.rw }}</td>
<td class="num">{{ r.rw_ci }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% if driver_notes %}<h3>{{ L.analysis_notes }}</h3>
<ul class="muted">{% for n in driver_notes %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}
</section>
{{ explore }}

<section id="heatmap">
<h2>{{ L.heatmap }}</h2>
{% if heat_rows %}<table class="heat"><thead><tr><th>{{ L.topic }}</th><th>{{ L.mentions }}</th>
{% for s in sentiments %}<th>{{ L[s] }}</th>{% endfor %}</tr></thead><tbody>
{% for r in heat_rows %}<tr data-topic="{{ r.code }}"><td>{{ r.name }}</td>
<td class="num">{{ r.n }}</td>
{% for c in r.cells %}<td class="cell" style="background:{{ c.bg }}">{{ c.text }}</td>{% endfor %}
</tr>{% endfor %}</tbody></table>{% else %}<p>{{ L.none }}</p>{% endif %}
</section>

<section id="shares">
<h2>{{ L.shares }}</h2>
{{ share_chart if share_chart else L.none }}
</section>

<section id="trends">
<h2>{{ L.trends }}</h2>
{% if trend_chart %}{{ trend_chart }}<p class="muted">{{ L.trend_note }}</p>
{% else %}<p>{{ L.none }}</p>{% endif %}
</section>

<section id="segments">
<h2>{{ L.segments }}</h2>
{% if segment_rows %}{% if culture %}<p class="note">{{ L.culture }}</p>{% endif %}
<table><thead><tr><th>{{ L.segment }}</th><th>{{ L.value }}</th><th>n</th><th>{{ L.metric }}</th>
<th>{{ L.ci_short }}</th><th>{{ L.diff }}</th><th>p (BH)</th></tr></thead><tbody>
{% for r in segment_rows %}<tr class="{{ r.cls }}"><td>{{ r.segment }}</td><td>{{ r.value }}</td>
<td class="num">{{ r.n }}</td><td class="num">{{ r.nps }}</td><td class="num">{{ r.ci }}</td>
<td class="num">{{ r.diff }}</td><td class="num">{{ r.p }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p>{{ L.none }}</p>{% endif %}
</section>

<section id="quotes">
<h2>{{ L.quotes }}</h2>
{% for block in quote_blocks %}<h3 data-topic="{{ block.code }}">{{ block.name }}</h3>
{% for q in block.quotes %}<div class="quote">{{ q.html }}
<span class="muted">({{ L.score }} {{ q.score }})</span></div>{% endfor %}
{% else %}<p>{{ L.none }}</p>{% endfor %}
</section>

<section id="themes">
<h2>{{ L.themes }}</h2>
{% for t in themes %}<h3>{{ t.label }}</h3><p class="muted">{{ t.size }} {{ L.theme_size }}
{% if t.detractor_rate is not none %} · {{ t.det }} {{ L.detractor_rate }}{% endif %}
{% if t.impact %} · {{ L.impact }} {{ t.impact }}{% endif %} ·
{{ t.terms }}</p>{% for q in t.quotes %}<div class="quote">{{ q }}</div>{% endfor %}
{% else %}<p>{{ L.none }}</p>{% endfor %}
</section>

<section id="followup">
<h2>{{ L.followup }}</h2>
{% if followup_rows %}<table><thead><tr><th>{{ L.priority }}</th><th>ID</th><th>{{ L.score }}</th>
<th>{{ L.reason }}</th><th>{{ L.followup_topics }}</th>
{% if followup_segments %}<th>{{ L.segment }}</th>{% endif %}
{% if followup_dates %}<th>{{ L.followup_date }}</th>{% endif %}
<th>{{ L.evidence }}</th></tr></thead><tbody>
{% for r in followup_rows %}<tr><td>{{ r.priority }}</td><td>{{ r.response_id }}</td>
<td class="num">{{ r.score }}</td><td>{{ r.reason }}</td><td>{{ r.topics }}</td>
{% if followup_segments %}<td>{{ r.segments }}</td>{% endif %}
{% if followup_dates %}<td>{{ r.date }}</td>{% endif %}
<td class="verbatim">{{ r.evidence }}</td></tr>{% endfor %}</tbody></table>
<p class="muted">{{ followup_shown }}</p>
{% else %}<p>{{ L.none }}</p>{% endif %}
</section>

<section id="quality">
<h2>{{ L.quality }}</h2>
<table><tbody>
<tr><td>{{ L.rows_read }}</td><td class="num">{{ q.rows_read }}</td></tr>
<tr><td>{{ L.rows_rejected }}</td><td class="num">{{ q.rows_rejected }}</td></tr>
{% for reason, n in q.reasons %}<tr><td>&nbsp;&nbsp;{{ reason }}</td>
<td class="num">{{ n }}</td></tr>{% endfor %}
<tr><td>{{ L.non_answers }}</td><td class="num">{{ q.non_answers }}</td></tr>
<tr><td>{{ L.with_pii }}</td><td class="num">{{ q.with_pii }}</td></tr>
<tr><td>{{ L.languages }}</td><td>{{ q.languages }}</td></tr>
{% if q.models %}<tr><td>{{ L.models }}</td><td>{{ q.models }}</td></tr>{% endif %}
{% if q.coverage %}<tr><td>{{ L.coverage }}</td><td>{{ q.coverage }}</td></tr>{% endif %}
</tbody></table>
</section>
</main></body></html>
"""


_HEAT = {"negative": "192,57,43", "positive": "30,132,73", "neutral": "120,120,120",
         "mixed": "183,149,11"}


def render_html(data: ReportData, *, lang: str = "en") -> str:
    L = labels(lang, str(data.summary.get("scale") or "nps"))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    names = data.topic_names

    def name(code: str) -> str:
        base, _, suffix = code.partition(":")
        label = names.get(base, {}).get(lang) or base
        return f"{label} ({L['mention_' + suffix]})" if suffix else label

    s = data.summary
    seg_names = segment_labels(s)
    overall = data.nps.iloc[0] if len(data.nps) else None
    groups = L["groups"].split("|")
    split_chart = ""
    nps_value, nps_ci, respondents = "–", "–", 0
    if overall is not None and overall.get("n", 0):
        n = float(overall["n"])
        low, mid, high = (float(overall.get(c, 0)) / n for c in _group_count_cols(data.nps))
        split_chart = charts.nps_split_bar(high, mid, low, labels=groups)
        metric = "nps" if "nps" in data.nps.columns else data.nps.columns[
            [c.startswith("net_") for c in data.nps.columns].index(True)]
        nps_value = _fmt(overall[metric])
        nps_ci = f"{_fmt(overall[f'{metric}_ci_low'])} .. {_fmt(overall[f'{metric}_ci_high'])}"
        respondents = int(n)

    impact = data.tables.get("impact", pd.DataFrame())
    driver_rows, bars = [], []

    def driver_row(r: dict[str, Any], label: str) -> dict[str, Any]:
        strong = bool(r["significant"])
        small = bool(r["small_count"])
        flag = L["small"] if small else (L["significant"] if strong else L["not_significant"])
        praise = str(r["topic"]).endswith(":positive")
        return {
            "code": str(r["topic"]).partition(":")[0], "name": label, "n": int(r["n_mentions"]),
            "impact": _fmt(r["nps_impact"], "+.1f"),
            "ci": f"{_fmt(r['nps_impact_ci_low'], '+.1f')} .. "
                  f"{_fmt(r['nps_impact_ci_high'], '+.1f')}",
            "recoverable": "–" if praise else _fmt(r["recoverable"]),
            # the one rule: a small count's test is not shown (footnote in drivers_note)
            "p": "–" if small else _fmt(r["p_adjusted"], ".3g"),
            "flag": flag, "cls": "sig" if strong else ("small" if small else ""),
        }

    shown = _driver_rows(impact)
    for r in shown.to_dict("records"):
        driver_rows.append(driver_row(r, name(r["topic"])))
        bars.append((name(r["topic"]), r["nps_impact"], r["nps_impact_ci_low"],
                     r["nps_impact_ci_high"], bool(r["significant"])))
    quadrant = _quadrant(impact, name, L)
    theme_table = data.tables.get("themes", pd.DataFrame())
    theme_driver_rows = [driver_row(r, str(r["label"]))
                         for r in theme_table.head(15).to_dict("records")]
    importance_chart, importance_rows = _importance(data.tables.get("importance"), name, L)

    sentiments = ["negative", "neutral", "positive", "mixed"]
    heat_rows = []
    counts = mention_counts(data.mentions)
    if len(counts):
        ct = counts.assign(sentiment=counts["sentiment"].replace("", "neutral")).pivot_table(
            index="topic", columns="sentiment", values="n", aggfunc="sum", fill_value=0)
        ct = ct.reindex(columns=sentiments, fill_value=0)
        ct = ct.loc[ct.sum(axis=1).sort_values(ascending=False).index].head(20)
        for code, row in ct.iterrows():
            total = int(row.sum())
            cells = []
            for sname in sentiments:
                share = row[sname] / total if total else 0.0
                color = _HEAT[sname]
                cells.append({"text": f"{share:.0%}",
                              "bg": f"rgba({color},{0.08 + 0.7 * share:.2f})"})
            heat_rows.append({"name": name(str(code)), "code": str(code), "n": total,
                              "cells": cells})

    share_chart = ""
    if len(impact):
        rows = [(name(r["topic"]), [_nan0(r["share_low"]), _nan0(r["share_middle"]),
                                    _nan0(r["share_high"])])
                for r in topic_rows(impact).sort_values(
                    "n_mentions", ascending=False).head(12).to_dict("records")]
        share_chart = charts.share_bars(rows, series=groups, title=L["shares"])

    trend = data.tables.get("trend_nps")
    trend_chart = ""
    if trend is not None and len(trend) >= 2:
        trend_chart = charts.trend_line(
            [(str(r["period"]), r["nps"], r["nps_ci_low"], r["nps_ci_high"],
              bool(r["significant_change"])) for r in trend.to_dict("records")],
            title=L["trends"], legend=L["significant"], ci_label=L["ci_short"],
            metric=L["metric"],
            n=[int(k) for k in trend["n"]] if "n" in trend.columns else None)

    seg = data.tables.get("segment_nps")
    segment_rows, culture = [], False
    if seg is not None and len(seg):
        culture = bool(seg["note"].astype(str).str.len().gt(0).any())
        for r in seg.to_dict("records"):
            segment_rows.append({
                "segment": seg_names.get(str(r["segment"]), r["segment"]),
                "value": r["value"], "n": int(r["n"]),
                "nps": _fmt(r["nps"]), "ci": f"{_fmt(r['nps_ci_low'])} .. {_fmt(r['nps_ci_high'])}",
                "diff": _fmt(r["diff_vs_rest"], "+.1f"), "p": _fmt(r["p_adjusted"], ".3g"),
                "cls": "sig" if r["significant"] else ("small" if r["small_sample"] else ""),
            })

    quote_blocks = [{"name": name(code), "code": code,
                     "quotes": [{"html": highlight(q["text"], q["evidence"]), "score": q["score"]}
                                for q in qs]}
                    for code, qs in data.quotes.items() if qs]
    themes = [{"label": t["label"], "size": t["size"], "detractor_rate": t["detractor_rate"],
               "impact": _fmt(t["nps_impact"], "+.1f") if t.get("nps_impact") is not None
               else "",
               "det": f"{t['detractor_rate']:.0%}" if t["detractor_rate"] is not None else "",
               "terms": ", ".join(t["top_terms"][:6]), "quotes": t["quotes"][:5]}
              for t in data.themes]
    followup = _followup_section(data.tables.get("followup"), names, lang, L, seg_names)
    reasons = sorted(((reject_reason(str(k), lang), v)
                      for k, v in (s.get("reject_reasons") or {}).items()),
                     key=lambda kv: -kv[1])
    langs = ", ".join(f"{localise(k, lang, 'language')} {v}"
                      for k, v in (s.get("languages") or {}).items() if v)
    template = env.from_string(_TEMPLATE)
    return template.render(
        lang=lang, L=L, findings=[str(f) for f in data.headline],
        generated=L["generated"].format(version=data.version, source=s.get("source", "")),
        nps_value=nps_value, nps_ci=nps_ci, respondents=respondents,
        split_chart=Markup(split_chart),
        drivers_note=L["drivers_note"].format(min=data.min_mentions),
        driver_chart=Markup(charts.impact_bars(
            bars, title=L["drivers"], legend=(L["significant"], L["not_significant"]),
            unit=L["pts"], ci_label=L["ci_short"]))
        if bars else "",
        driver_rows=driver_rows, importance_chart=Markup(importance_chart),
        importance_rows=importance_rows, quadrant_chart=Markup(quadrant[0]),
        quadrant_note=quadrant[1],
        driver_notes=[note_text(str(n), lang, names)
                      for n in s.get("drivers", {}).get("notes", [])],
        r2=_fmt(s.get("drivers", {}).get("r2"), ".2f") if s.get("drivers", {}).get("r2") else "",
        sentiments=sentiments, heat_rows=heat_rows, share_chart=Markup(share_chart),
        trend_chart=Markup(trend_chart), segment_rows=segment_rows, culture=culture,
        quote_blocks=quote_blocks, themes=themes, theme_driver_rows=theme_driver_rows,
        explore=Markup(data.explore),
        **followup,
        q={"rows_read": s.get("rows_read", 0), "rows_rejected": s.get("rows_rejected", 0),
           "reasons": reasons, "non_answers": s.get("non_answers", 0),
           "with_pii": s.get("answers_with_pii", 0), "languages": langs,
           "models": _models_line(s.get("models"), L),
           "coverage": _coverage_line(s.get("topic_coverage"), L)},
    )


def _driver_rows(impact: pd.DataFrame, k: int = 8) -> pd.DataFrame:
    """The rows the driver chart and table show: the ``k`` topics mentioned negatively that
    cost the most and the ``k`` mentioned positively that add the most, on one signed scale;
    a table without signed rows (no sentiment) shows its 15 most costly topics."""
    if not len(impact):
        return impact
    if "mention" not in impact.columns or not (impact["mention"] != "any").any():
        return topic_rows(impact).head(15)
    neg = impact[(impact["mention"] == "negative") & (impact["nps_impact"] < 0)]
    pos = impact[(impact["mention"] == "positive") & (impact["nps_impact"] > 0)]
    return pd.concat([neg.sort_values("nps_impact").head(k),
                      pos.sort_values("nps_impact", ascending=False).head(k).iloc[::-1]])


def _quadrant(impact: pd.DataFrame, name: Any, L: dict[str, str],
              k: int = 12) -> tuple[str, str]:
    """The impact-versus-mentions chart of the signed rows (the ``k`` largest effects) and
    its note; the threshold is the one of the table's ``quadrant`` column."""
    if not len(impact) or "mention" not in impact.columns:
        return "", ""
    signed = impact[impact["mention"] != "any"]
    if not len(signed):
        return "", ""
    threshold = quadrant_threshold(impact)
    top = signed.loc[signed["nps_impact"].abs().sort_values(ascending=False).index].head(k)
    chart = charts.quadrant_chart(
        [(name(r["topic"]), r["share_all"], r["nps_impact"], bool(r["significant"]))
         for r in top.to_dict("records")], threshold=threshold, title=L["quadrant"],
        quadrants=(L["fix_first"], L["watch"], L["keep"], L["minor"]),
        x_label=L["share_mentioning"], y_label=L["impact_pts"], unit=L["pts"])
    return chart, L["quadrant_note"].format(threshold=f"{threshold:.1%}")


def _importance(importance: pd.DataFrame | None, name: Any, L: dict[str, str],
                k: int = 12) -> tuple[str, list[dict[str, str]]]:
    """The key-driver chart (Shapley R^2 as % of the variance, signed by the direction of
    the effect, like the impact chart) and its table with Johnson's relative weights."""
    if importance is None or not len(importance):
        return "", []
    top = importance.head(k).to_dict("records")
    label = "column" if "column" in importance.columns else "topic"

    def signed(r: dict[str, Any], col: str) -> float:
        return float(r.get("direction", 1)) * 100 * _nan0(r[col])

    bars = []
    for r in top:
        lo, hi = sorted((signed(r, "ci_low"), signed(r, "ci_high")))
        bars.append((name(r[label]), signed(r, "shapley_r2"), lo, hi, True))
    rows = []
    for r in top:
        row = {"name": name(r[label]), "shapley": _fmt(signed(r, "shapley_r2"), "+.1f"),
               "shapley_ci": _pct_ci(r, "ci_low", "ci_high"), "rw": "–", "rw_ci": ""}
        if "relative_weight" in r:
            row["rw"] = _fmt(signed(r, "relative_weight"), "+.1f")
            row["rw_ci"] = _pct_ci(r, "rw_ci_low", "rw_ci_high")
        rows.append(row)
    chart = charts.impact_bars(bars, title=L["importance"], unit=L["pct_r2"], signed=True,
                               ci_label=L["ci_short"])
    return chart, rows


def _pct_ci(r: dict[str, Any], low: str, high: str) -> str:
    return f"{_fmt(100 * _nan0(r[low]))} .. {_fmt(100 * _nan0(r[high]))}"


def _followup_section(follow: pd.DataFrame | None, names: dict[str, dict[str, str]], lang: str,
                      L: dict[str, str], seg_names: dict[str, str],
                      top: int = 50) -> dict[str, Any]:
    """The top rows of the follow-up list (newest first among equals) in the report language:
    priority, score, reason, topic names, segment values, date and evidence."""
    from cxtext.drivers.followup import sort_followup, with_topic_names

    if follow is None or not len(follow):
        return {"followup_rows": [], "followup_segments": False, "followup_dates": False,
                "followup_shown": ""}
    table = sort_followup(with_topic_names(follow, names, names_lang=lang))
    head = table.head(top)
    reason_col = "reason_pl" if lang == "pl" and "reason_pl" in head.columns else "reason"
    if reason_col not in head.columns:
        reason_col = "reasons"
    rows = []
    for r in head.to_dict("records"):
        date = pd.to_datetime(r.get("date"), errors="coerce")
        topics = r.get("topic_names") if r.get("topic_names") else r.get("topics", "")
        rows.append({
            "priority": L.get(f"priority_{r.get('priority')}", r.get("priority", "")),
            "response_id": r.get("response_id", ""), "score": _fmt(r.get("score"), ".0f"),
            "reason": r.get(reason_col, ""), "topics": topics or "",
            "segments": relabel_segments(str(r.get("segments") or ""), seg_names),
            "date": "" if pd.isna(date) else date.strftime("%Y-%m-%d"),
            "evidence": r.get("evidence", ""),
        })
    return {"followup_rows": rows,
            "followup_segments": any(r["segments"] for r in rows),
            "followup_dates": any(r["date"] for r in rows),
            "followup_shown": L["followup_shown"].format(shown=len(rows), total=len(table))}


def _coverage_line(cov: dict[str, Any] | None, L: dict[str, str]) -> str:
    """"88 % of the answers, 91 % of the detractors" (+ a warning under 80 %)."""
    if not cov or cov.get("answers") is None:
        return ""
    line = L["coverage_value"].format(answers=cov["answers"],
                                      detractors=cov.get("detractors") or 0.0)
    return line + (L["coverage_low"] if cov["answers"] < 0.8 else "")


def _models_line(models: dict[str, Any] | None, L: dict[str, str]) -> str:
    """"accurate profile: sentiment sentiment.e5.v1, topics topics.rules.v1"."""
    if not models:
        return ""
    parts = [f"{L[label]} {models[k]}" for k, label in (("sentiment", "sentiment_model"),
                                                          ("topics", "topic_model"))
             if models.get(k)]
    line = L["profile"].format(profile=models.get("profile", "custom")) + ": " + ", ".join(parts)
    choice = models.get("taxonomy_choice")
    return line + (f" (--taxonomy auto: {choice['reason']})" if choice else "")


def _nan0(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(f) else f


def _group_count_cols(nps: pd.DataFrame) -> tuple[str, str, str]:
    """Count columns (low, middle, high) of an NPS/CSAT table."""
    for cols in (("detractors", "passives", "promoters"),
                 ("dissatisfied", "neutral", "satisfied")):
        if all(c in nps.columns for c in cols):
            return cols
    raise KeyError(f"no group count columns in {list(nps.columns)}")
