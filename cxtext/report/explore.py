"""Drill-down section of the HTML report: filter the answers and read every verbatim of a topic.

:func:`explore_section` returns one ``<section id="explore">`` for ``report.html``. It embeds the
enriched answers (at most ``max_answers``) as compact JSON in a ``<script
type="application/json">`` block and adds one small inline script (vanilla JavaScript, no
library, no request) that builds the interactive part in the browser:

* filters: one drop-down per segment column, a period drop-down (months of the answer dates)
  and one check box per score group;
* a summary line of the filtered respondents (their number and, on the NPS scale, their NPS);
* a topic table of the filtered answers (mentions, share of the answers, share negative, NPS
  of the respondents mentioning the topic), each row a button;
* the verbatims of the chosen topic, 50 at a time, with the topic's evidence words in
  ``<mark>``; clicking an element with ``data-topic`` anywhere else in the page (driver rows,
  heatmap rows, quote headings) opens that topic here.

The page keeps working without JavaScript: the interactive part is ``hidden`` until the script
shows it, and the section then only says that every answer is in ``responses.csv`` and in the
"Responses" sheet of ``report.xlsx``. Survey text never goes through ``innerHTML``: the
script builds the DOM with ``createElement``/``textContent``, and the JSON escapes ``<``,
``>``, ``&``, U+2028 and U+2029 so that no answer can end the script block.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

import pandas as pd

from cxtext.errors import ConfigError

__all__ = ["explore_section", "EXPLORE_LABELS"]

#: UI strings of the drill-down section, per report language (the same keys in each).
EXPLORE_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "heading": "Explore the answers",
        "nojs": "The drill-down needs JavaScript, which is off in this browser. Every answer "
                "is in responses.csv and in the 'Responses' sheet of report.xlsx.",
        "intro": "Filter the answers, then pick a topic to read all its answers. Clicking a "
                 "topic anywhere in this report opens it here.",
        "not_embedded": "The drill-down is not embedded: {total} answers are too many for one "
                        "file. Every answer is in responses.parquet and responses.csv.",
        "no_answers": "The drill-down is not embedded: there are no answers to show. The "
                      "answers, if any, are in responses.parquet and responses.csv.",
        "capped": "Showing the first {shown} of {total} answers; every answer is in "
                  "responses.parquet and responses.csv.",
        "sampled": "A random sample of {shown} of {total} answers (the same in every run): "
                   "the counts, shares and NPS in this section are of the sample. Every "
                   "answer is in responses.parquet and responses.csv.",
        "filters": "Filters",
        "all": "all",
        "period": "Period",
        "groups": "Score group",
        "detractor": "Detractors", "passive": "Passives", "promoter": "Promoters",
        "no_group": "no score",
        "blank": "(empty)",
        "respondents": "Respondents",
        "answers": "Answers",
        "topic": "Topic",
        "share": "Mentions (share)",
        "share_negative": "Negative",
        "topic_nps": "NPS",
        "table_note": "Mentions: filtered answers on the topic (share of the filtered answers); "
                      "negative: share of its mentions that are negative or mixed; NPS: of the "
                      "respondents mentioning it.",
        "no_topics": "No topic in the filtered answers.",
        "pick": "Pick a topic in the table to read its answers.",
        "count_one": "{n} answer",
        "count_many": "{n} answers",
        "show_more": "Show more ({n} left)",
        "close": "Close",
        "score": "Score",
        "sentiment": "Topic sentiment",
        "negative": "negative", "neutral": "neutral", "positive": "positive", "mixed": "mixed",
        "question": "Question",
        "id": "ID",
        "open_hint": "Show all answers on this topic",
    },
    "pl": {
        "heading": "Przeglądanie odpowiedzi",
        "nojs": "Przeglądanie odpowiedzi wymaga JavaScriptu, który jest wyłączony w tej "
                "przeglądarce. Wszystkie odpowiedzi są w pliku responses.csv i w arkuszu "
                "'Odpowiedzi' pliku report.xlsx.",
        "intro": "Przefiltruj odpowiedzi, a potem wybierz temat, aby przeczytać wszystkie jego "
                 "odpowiedzi. Kliknięcie tematu w dowolnym miejscu raportu otwiera go tutaj.",
        "not_embedded": "Przeglądanie odpowiedzi nie zostało osadzone w raporcie: {total} "
                        "odpowiedzi to za dużo na jeden plik. Wszystkie odpowiedzi są w plikach "
                        "responses.parquet i responses.csv.",
        "no_answers": "Przeglądanie odpowiedzi nie zostało osadzone w raporcie: brak odpowiedzi "
                      "do pokazania. Odpowiedzi, jeśli są, znajdują się w plikach "
                      "responses.parquet i responses.csv.",
        "capped": "Pokazano pierwsze {shown} z {total} odpowiedzi; wszystkie odpowiedzi są w "
                  "plikach responses.parquet i responses.csv.",
        "sampled": "Losowa próba {shown} z {total} odpowiedzi (ta sama przy każdym "
                   "uruchomieniu): liczby, udziały i NPS w tej sekcji dotyczą próby. Wszystkie "
                   "odpowiedzi są w plikach responses.parquet i responses.csv.",
        "filters": "Filtry",
        "all": "wszystkie",
        "period": "Okres",
        "groups": "Grupa ocen",
        "detractor": "Krytycy", "passive": "Pasywni", "promoter": "Promotorzy",
        "no_group": "bez oceny",
        "blank": "(brak)",
        "respondents": "Respondenci",
        "answers": "Odpowiedzi",
        "topic": "Temat",
        "share": "Wzmianki (udział)",
        "share_negative": "Negatywne",
        "topic_nps": "NPS",
        "table_note": "Wzmianki: wybrane odpowiedzi na ten temat (udział w wybranych "
                      "odpowiedziach); negatywne: odsetek wzmianek negatywnych lub mieszanych; "
                      "NPS: respondentów wspominających temat.",
        "no_topics": "Żaden temat nie występuje w wybranych odpowiedziach.",
        "pick": "Wybierz temat w tabeli, aby przeczytać jego odpowiedzi.",
        "count_one": "{n} odpowiedź",
        "count_many": "{n} odpowiedzi",
        "show_more": "Pokaż więcej (pozostało: {n})",
        "close": "Zamknij",
        "score": "Ocena",
        "sentiment": "Wydźwięk tematu",
        "negative": "negatywny", "neutral": "neutralny", "positive": "pozytywny",
        "mixed": "mieszany",
        "question": "Pytanie",
        "id": "ID",
        "open_hint": "Pokaż wszystkie odpowiedzi na ten temat",
    },
}

_SENTIMENTS = ("negative", "neutral", "positive", "mixed")  # index 4: no sentiment
_NPS_GROUPS = ("detractor", "passive", "promoter")
_GROUP_ORDERS = (_NPS_GROUPS, ("dissatisfied", "neutral", "satisfied"))

_STYLE = """<style>
#explore [hidden]{display:none!important}
html.cx-ex-on [data-topic]{cursor:pointer}
html.cx-ex-on tr[data-topic]:hover,html.cx-ex-on h3[data-topic]:hover{background:#eef5fc}
html.cx-ex-on [data-topic]:focus-visible{outline:2px solid #1a5fb4;outline-offset:1px}
#explore{overflow-wrap:anywhere}#explore th{overflow-wrap:normal}
#explore th.num{text-align:right}#explore td.num{white-space:nowrap;overflow-wrap:normal}
#explore td.cx-ex-m{white-space:normal}
#explore .cx-ex-filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;
margin:8px 0}
#explore .cx-ex-filters label{display:flex;flex-direction:column;font-size:13px;max-width:100%}
#explore select{max-width:100%;font:inherit;font-size:13px}
#explore fieldset{border:1px solid #ddd;padding:2px 8px 4px;margin:0;min-width:0;
max-width:100%;font-size:13px}
#explore .cx-ex-filters fieldset label{display:inline-block;margin-right:10px;
white-space:nowrap}
#explore .cx-ex-sum{font-size:15px;margin:8px 0}
#explore .cx-ex-tw{max-height:26em;overflow-y:auto;border:1px solid #eee}
#explore .cx-ex-tw table{margin:0}
#explore .cx-ex-tw th{position:sticky;top:0;z-index:1}
#explore tr.cx-ex-sel td{background:#eef5fc}
#explore tbody tr{cursor:pointer}
#explore td button{background:none;border:0;padding:0;font:inherit;color:#1a5fb4;
text-align:left;cursor:pointer;text-decoration:underline;overflow-wrap:anywhere}
#explore .cx-ex-panel{border:1px solid #bcd4ec;background:#fff;padding:4px 12px 10px;
margin-top:14px}
#explore .cx-ex-head{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline}
#explore .cx-ex-head h3{margin:8px 0 4px;flex:1 1 12em}
#explore .cx-ex-list{list-style:none;padding:0;margin:4px 0}
#explore .cx-ex-list li{border-left:3px solid #ccc;padding:2px 10px;margin:8px 0}
#explore .cx-ex-list p{margin:0;font-size:14px}
#explore .cx-ex-meta{color:#666;font-size:12px}
</style>"""

# The client: builds the filters, the summary, the topic table and the verbatim list from the
# JSON block with createElement/textContent only. Must not contain "</" or "<!--".
_SCRIPT = r"""(function () {
"use strict";
var D = JSON.parse(document.getElementById("cx-explore-data").textContent);
var L = D.L, SENT = ["negative", "neutral", "positive", "mixed"], PAGE = 50;
var root = document.getElementById("explore");
function $(id) { return document.getElementById(id); }
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}
function fmt(s, o) {
  return s.replace(/\{(\w+)\}/g, function (m, k) { return k in o ? String(o[k]) : m; });
}
function dec(x) { var s = x.toFixed(1); return D.lang === "pl" ? s.replace(".", ",") : s; }
function num(x) { var s = String(x); return D.lang === "pl" ? s.replace(".", ",") : s; }
function pct(x) { return Math.round(100 * x) + "%"; }
var coll = null;
try { coll = new Intl.Collator(D.lang); } catch (e) { coll = null; }
function cmp(a, b) { return coll ? coll.compare(a, b) : (a < b ? -1 : (a > b ? 1 : 0)); }
var day0 = 0;
if (D.d0) day0 = Date.UTC(+D.d0.slice(0, 4), +D.d0.slice(5, 7) - 1, +D.d0.slice(8, 10));
var rows = D.r.map(function (r, i) {
  var d = (r[2] === null || r[2] === undefined) ? "" :
    new Date(day0 + r[2] * 864e5).toISOString().slice(0, 10);
  var tm = {};
  r[4].forEach(function (e) { tm[e[0]] = e; });
  return {id: D.ri ? D.ri[i] : i, sc: r[0], g: r[1], d: d, m: d.slice(0, 7), t: r[3],
          tp: r[4], tm: tm, s: r.slice(5), q: D.qi ? D.qi[i] : -1};
});
var segSel = D.s.map(function () { return -1; });
var month = "", groupOn = D.g.map(function () { return true; });
var topic = null, shown = PAGE, current = [];

function valueLabel(v) { return v === "" ? L.blank : v; }
function topicName(code) {
  var i = D.t.indexOf(code);
  return i >= 0 ? D.tn[i] : code;
}
function passes(r) {
  if (!groupOn[r.g]) return false;
  if (month && r.m !== month) return false;
  for (var i = 0; i < segSel.length; i++) {
    if (segSel[i] >= 0 && r.s[i] !== segSel[i]) return false;
  }
  return true;
}
function stats(list) {
  var seen = {}, resp = 0, n = 0, pro = 0, det = 0;
  list.forEach(function (r) {
    if (seen[r.id]) return;
    seen[r.id] = true;
    resp++;
    var g = D.g[r.g];
    if (g === "promoter") { pro++; n++; } else if (g === "detractor") { det++; n++; }
    else if (g === "passive") { n++; }
  });
  return {resp: resp, nps: n ? 100 * (pro - det) / n : null};
}

function buildFilters() {
  var box = $("cx-ex-filters");
  function select(label, values, texts, onchange) {
    var lab = el("label", null, label), sel = el("select");
    var all = el("option", null, L.all);
    all.value = "";
    sel.appendChild(all);
    values.forEach(function (v, i) {
      var o = el("option", null, texts[i]);
      o.value = v;
      sel.appendChild(o);
    });
    sel.addEventListener("change", function () { onchange(sel.value); shown = PAGE; update(); });
    lab.appendChild(sel);
    box.appendChild(lab);
    return sel;
  }
  D.s.forEach(function (seg, si) {
    var order = seg[1].map(function (v, i) { return i; });
    order.sort(function (a, b) { return cmp(seg[1][a], seg[1][b]); });
    var sel = select(seg[0], order.map(String),
                     order.map(function (i) { return valueLabel(seg[1][i]); }),
                     function (v) { segSel[si] = v === "" ? -1 : +v; });
    sel.setAttribute("data-segment", seg[0]);
    sel.id = "cx-ex-seg-" + si;
  });
  if (D.m.length) {
    select(L.period, D.m, D.m, function (v) { month = v; }).id = "cx-ex-period";
  }
  if (D.g.length) {
    var fs = el("fieldset");
    fs.appendChild(el("legend", null, L.groups));
    D.g.forEach(function (g, gi) {
      var lab = el("label"), cb = el("input");
      cb.type = "checkbox";
      cb.checked = true;
      cb.value = g;
      cb.addEventListener("change", function () {
        groupOn[gi] = cb.checked;
        shown = PAGE;
        update();
      });
      lab.appendChild(cb);
      lab.appendChild(document.createTextNode(" " + D.gl[gi]));
      fs.appendChild(lab);
    });
    box.appendChild(fs);
  }
}

function summary(list) {
  var st = stats(list), box = $("cx-ex-sum");
  box.textContent = "";
  function part(label, value, id) {
    if (box.firstChild) box.appendChild(document.createTextNode(" · "));
    box.appendChild(document.createTextNode(label + ":\u00a0"));
    var b = el("b", null, value);
    b.id = id;
    box.appendChild(b);
  }
  part(L.respondents, String(st.resp), "cx-ex-n");
  part(L.answers, String(list.length), "cx-ex-a");
  if (D.nps) part("NPS", st.nps === null ? "–" : dec(st.nps), "cx-ex-nps");
}

function table(list) {
  var per = {};
  list.forEach(function (r) {
    r.tp.forEach(function (e) {
      var c = per[e[0]] || (per[e[0]] = {ti: e[0], rows: [], neg: 0});
      c.rows.push(r);
      if (e[1] === 0 || e[1] === 3) c.neg++;
    });
  });
  var items = Object.keys(per).map(function (k) { return per[k]; });
  items.sort(function (a, b) {
    return b.rows.length - a.rows.length || cmp(D.tn[a.ti], D.tn[b.ti]);
  });
  var body = $("cx-ex-tbody");
  body.textContent = "";
  $("cx-ex-none").hidden = items.length > 0;
  items.forEach(function (c) {
    var code = D.t[c.ti], tr = el("tr"), td = el("td"), btn = el("button", null, D.tn[c.ti]);
    btn.type = "button";
    btn.setAttribute("aria-pressed", code === topic ? "true" : "false");
    tr.setAttribute("data-code", code);
    if (code === topic) tr.className = "cx-ex-sel";
    td.appendChild(btn);
    tr.appendChild(td);
    var st = stats(c.rows), n = c.rows.length;
    var td2 = el("td", "num cx-ex-m", String(n) + " ");
    td2.appendChild(el("span", "muted", "(" + pct(n / list.length) + ")"));
    tr.appendChild(td2);
    tr.appendChild(el("td", "num", pct(c.neg / n)));
    if (D.nps) tr.appendChild(el("td", "num", st.nps === null ? "–" : dec(st.nps)));
    tr.addEventListener("click", function () { open(code, false); });
    body.appendChild(tr);
  });
}

function highlight(p, text, spans) {
  var pos = 0;
  for (var k = 0; k + 1 < spans.length; k += 2) {
    var a = Math.max(spans[k], pos), b = Math.min(spans[k] + spans[k + 1], text.length);
    if (b <= a) continue;
    if (a > pos) p.appendChild(document.createTextNode(text.slice(pos, a)));
    p.appendChild(el("mark", null, text.slice(a, b)));
    pos = b;
  }
  if (pos < text.length) p.appendChild(document.createTextNode(text.slice(pos)));
}

function item(r) {
  var e = r.tm[D.t.indexOf(topic)], li = el("li"), p = el("p");
  li.setAttribute("data-id", D.ids[r.id]);
  highlight(p, r.t, e.slice(2));
  li.appendChild(p);
  var meta = [];
  if (r.sc !== null) meta.push(L.score + "\u00a0" + num(r.sc));
  if (r.d) meta.push(r.d);
  D.s.forEach(function (seg, i) { meta.push(seg[0] + ": " + valueLabel(seg[1][r.s[i]])); });
  if (e[1] < 4) meta.push(L.sentiment + ": " + L[SENT[e[1]]]);
  if (D.q && r.q >= 0) meta.push(L.question + ": " + D.q[r.q]);
  meta.push(L.id + "\u00a0" + D.ids[r.id]);
  li.appendChild(el("div", "cx-ex-meta", meta.join(" · ")));
  return li;
}

function more() {
  var list = $("cx-ex-list"), from = list.children.length, to = Math.min(shown, current.length);
  for (var i = from; i < to; i++) list.appendChild(item(current[i]));
  var left = current.length - to, btn = $("cx-ex-more");
  btn.hidden = left <= 0;
  btn.textContent = fmt(L.show_more, {n: left});
}

function verbatims(list) {
  var panel = $("cx-ex-panel");
  $("cx-ex-pick").hidden = topic !== null;
  panel.hidden = topic === null;
  $("cx-ex-list").textContent = "";
  if (topic === null) { current = []; return; }
  var ti = D.t.indexOf(topic);
  current = ti < 0 ? [] : list.filter(function (r) { return r.tm[ti] !== undefined; });
  $("cx-ex-title").textContent = topicName(topic);
  var count = $("cx-ex-count");
  count.setAttribute("data-n", String(current.length));
  count.textContent = fmt(current.length === 1 ? L.count_one : L.count_many, {n: current.length});
  more();
}

function update() {
  var list = rows.filter(passes);
  summary(list);
  table(list);
  verbatims(list);
}

function open(code, scroll) {
  topic = code;
  shown = PAGE;
  update();
  if (scroll) $("cx-ex-panel").scrollIntoView({block: "start"});
}

buildFilters();
$("cx-ex-more").addEventListener("click", function () { shown += PAGE; more(); });
$("cx-ex-close").addEventListener("click", function () { topic = null; update(); });
document.addEventListener("click", function (ev) {
  var t = ev.target && ev.target.closest ? ev.target.closest("[data-topic]") : null;
  if (t && !root.contains(t)) open(t.getAttribute("data-topic"), true);
});
document.addEventListener("keydown", function (ev) {
  if (ev.key !== "Enter" && ev.key !== " ") return;
  var t = ev.target;
  if (t && t.hasAttribute && t.hasAttribute("data-topic") && !root.contains(t)) {
    ev.preventDefault();
    open(t.getAttribute("data-topic"), true);
  }
});
Array.prototype.forEach.call(document.querySelectorAll("[data-topic]"), function (e) {
  if (root.contains(e)) return;
  e.tabIndex = 0;
  e.title = L.open_hint;
});
update();
document.documentElement.classList.add("cx-ex-on");
$("cx-ex-nojs").hidden = true;
$("cx-ex-ui").hidden = false;
})();"""


#: the script as embedded: without indentation (it has no multi-line strings)
_SCRIPT_MIN = "\n".join(line.strip() for line in _SCRIPT.splitlines() if line.strip())
#: the labels the script reads (the others are written into the HTML here)
_CLIENT_LABELS = sorted(set(re.findall(r"\bL\.(\w+)", _SCRIPT)) | set(_SENTIMENTS))


def _labels(lang: str) -> dict[str, str]:
    if lang not in EXPLORE_LABELS:
        raise ConfigError(f"Unknown report language {lang!r} for the drill-down section; "
                          f"allowed: {', '.join(EXPLORE_LABELS)}.")
    return EXPLORE_LABELS[lang]


def _int(n: int, lang: str) -> str:
    """``10,000`` (en) / ``10 000`` (pl, a no-break space)."""
    return f"{n:,}".replace(",", "\u00a0" if lang == "pl" else ",")


def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):  # arrays and other containers are not missing
        return False


def _seq(v: Any) -> list[Any]:
    """A list from a list column value: list, tuple, numpy array, None or NaN."""
    if isinstance(v, str):
        return [v] if v else []
    if isinstance(v, Mapping):
        return [v]
    if isinstance(v, Iterable):
        return list(v)
    return []


def _str(v: Any) -> str:
    return "" if _missing(v) else str(v)


def _score(v: Any) -> int | float | None:
    if _missing(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() else round(f, 4)


def _safe_json(obj: Any) -> str:
    """Compact JSON that can sit inside ``<script>``: ``<``, ``>``, ``&``, U+2028 and U+2029
    written as ``\\uXXXX`` escapes (they only occur inside JSON strings)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


def _topic_entries(topics: Any, sentiments: Any, evidence: Any) -> dict[str, list[Any]]:
    """topic code -> [sentiment or None, *evidence words] of one answer, in the order of
    ``topics`` (then of the sentiment and evidence lists)."""
    out: dict[str, list[Any]] = {}
    for code in _seq(topics):
        if not _missing(code) and str(code):
            out.setdefault(str(code), [None])
    for d in _seq(sentiments):
        if isinstance(d, Mapping) and not _missing(d.get("topic")):
            out.setdefault(str(d["topic"]), [None])[0] = _str(d.get("sentiment"))
    for d in _seq(evidence):
        if isinstance(d, Mapping) and not _missing(d.get("topic")):
            entry = out.setdefault(str(d["topic"]), [None])
            for w in _seq(d.get("words")):
                if not _missing(w) and str(w) and str(w) not in entry[1:]:
                    entry.append(str(w))
    return out


def _groups(values: list[str]) -> list[str]:
    present = set(values)
    groups: list[str] = []
    for order in _GROUP_ORDERS:
        if present - {""} and present - {""} <= set(order):
            groups = [g for g in order if g in present]
            break
    if not groups:
        groups = sorted(present - {""})
    return groups + ([""] if "" in present else [])


def _spans(text: str, words: list[str]) -> list[int]:
    """Where the evidence words occur in ``text`` (case-insensitive, longest word first, no
    overlaps): flat ``[start, length, ...]`` in UTF-16 code units, as JavaScript counts."""
    taken: list[tuple[int, int]] = []
    for w in sorted(set(words), key=len, reverse=True):
        for m in re.finditer(re.escape(w), text, re.I):
            s, e = m.span()
            if e > s and all(e <= a or s >= b for a, b in taken):
                taken.append((s, e))
    taken.sort()
    if taken and any(ord(ch) > 0xFFFF for ch in text):  # astral characters count twice in JS
        units = [0]
        for ch in text:
            units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
        taken = [(units[s], units[e]) for s, e in taken]
    return [x for s, e in taken for x in (s, e - s)]


def _payload(df: pd.DataFrame, *, topic_names: Mapping[str, Mapping[str, str]],
             segment_names: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The JSON data of the client. Rows: ``[score, group, day, text, topics, *segments]``;
    ``topics``: ``[[topic index, sentiment index, start, length, ...], ...]`` (sentiment 4:
    none; start/length: evidence in UTF-16 units); ``ri``/``qi``: respondent/question index
    per row (``None`` when each row is its own respondent / there is one question)."""
    L = _labels(lang)
    n = len(df)

    def col(name: str) -> list[Any]:
        return list(df[name]) if name in df.columns else [None] * n

    entries = [_topic_entries(t, s, e) for t, s, e in
               zip(col("topics"), col("topic_sentiment"), col("topic_evidence"), strict=True)]
    counts = Counter(code for e in entries for code in e)
    codes = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    index = {c: i for i, c in enumerate(codes)}

    def name(code: str) -> str:
        return str((topic_names.get(code) or {}).get(lang) or code)

    sent_index = {s: i for i, s in enumerate(_SENTIMENTS)}
    ids_raw = [_str(v) or f"#{i + 1}" for i, v in enumerate(col("response_id"))]
    id_index: dict[str, int] = {}
    for v in ids_raw:
        id_index.setdefault(v, len(id_index))
    group_values = [_str(v) for v in col("score_group")]
    groups = _groups(group_values)
    g_index = {g: i for i, g in enumerate(groups)}
    group_labels = [L["no_group"] if g == "" else L[g] if g in _NPS_GROUPS else g
                    for g in groups]

    segments, seg_rows = [], []
    for c in (c for c in df.columns if str(c).startswith("segment_")):
        slug = str(c).removeprefix("segment_")
        values = [_str(v) for v in df[c]]
        uniq = sorted(set(values), key=lambda v: (v.casefold(), v))
        pos = {v: i for i, v in enumerate(uniq)}
        segments.append([str(segment_names.get(slug) or slug), uniq])
        seg_rows.append([pos[v] for v in values])

    days: list[int | None] = [None] * n
    d0: str | None = None
    months: list[str] = []
    if "date" in df.columns:
        try:
            dates = pd.to_datetime(df["date"], errors="coerce")
        except (TypeError, ValueError):  # e.g. mixed time zones
            dates = pd.to_datetime(df["date"], errors="coerce", utc=True)
        dates = pd.Series(dates).reset_index(drop=True)
        if dates.notna().any():
            floor = dates.dt.floor("D")
            first = floor.min()
            d0 = first.strftime("%Y-%m-%d")
            days = [None if pd.isna(d) else int((d - first).days) for d in floor]
            months = sorted({d.strftime("%Y-%m") for d in floor if not pd.isna(d)})

    questions = [_str(v) for v in col("question")]
    q_list = sorted(set(questions))
    q_index = {q: i for i, q in enumerate(q_list)}

    rows = []
    for i, (score, group, text, entry) in enumerate(zip(
            col("score"), group_values, col("text"), entries, strict=True)):
        text = _str(text)
        tops = [[index[code], sent_index.get(e[0] or "", 4), *_spans(text, e[1:])]
                for code, e in entry.items()]
        rows.append([_score(score), g_index[group], days[i], text, tops,
                     *(s[i] for s in seg_rows)])
    real = set(groups) - {""}
    return {"lang": lang, "L": {k: L[k] for k in _CLIENT_LABELS}, "t": codes,
            "tn": [name(c) for c in codes], "g": groups,
            "gl": group_labels, "nps": bool(real) and real <= set(_NPS_GROUPS),
            "s": segments, "d0": d0, "m": months,
            "q": q_list if len(q_list) > 1 else None,
            "qi": [q_index[q] for q in questions] if len(q_list) > 1 else None,
            "ids": list(id_index),
            "ri": None if len(id_index) == n else [id_index[v] for v in ids_raw],
            "r": rows}


def explore_section(responses: pd.DataFrame | None, *,
                    topic_names: Mapping[str, Mapping[str, str]],
                    segment_names: Mapping[str, str], lang: str = "en",
                    total: int | None = None, max_answers: int = 10_000,
                    sample: bool = False) -> str:
    """The drill-down ``<section id="explore">`` of the HTML report (see the module docstring).

    ``responses``: the enriched response table, one row per answer (``None`` when the survey
    is too large to embed); ``topic_names``: code -> ``{"en": name, "pl": name}``;
    ``segment_names``: segment slug (``kanal``) -> input header (``Kanał``); ``total``: the
    number of answers in the survey, for the notes; at most ``max_answers`` answers (the first
    ones) are embedded. ``sample``: ``responses`` is a random sample of the survey's answers
    (the note says so)."""
    L = _labels(lang)
    if max_answers < 1:
        raise ConfigError(f"max_answers must be at least 1, got {max_answers!r}.")
    head = f'<section id="explore">\n{_STYLE}\n<h2>{escape(L["heading"])}</h2>\n'
    if responses is None or len(responses) == 0:
        note = (L["not_embedded"].format(total=_int(int(total), lang)) if total
                else L["no_answers"])
        return head + f'<p class="note">{escape(note)}</p>\n</section>'
    n_all = max(int(total or 0), len(responses))
    df = responses.iloc[:max_answers]
    capped = ""
    if len(df) < n_all:
        note = L["sampled" if sample else "capped"]
        capped = '<p class="note" id="cx-ex-capped">{}</p>\n'.format(escape(note.format(
            shown=_int(len(df), lang), total=_int(n_all, lang))))
    data = _payload(df, topic_names=topic_names, segment_names=segment_names, lang=lang)
    nps_th = f'<th class="num">{escape(L["topic_nps"])}</th>' if data["nps"] else ""
    note_no_nps = L["table_note"].rpartition(";")[0] + "."
    ui = (
        f'<div id="cx-ex-ui" hidden>\n<p class="muted">{escape(L["intro"])}</p>\n{capped}'
        f'<div class="cx-ex-filters" id="cx-ex-filters" role="group" '
        f'aria-label="{escape(L["filters"])}"></div>\n'
        '<p class="cx-ex-sum" id="cx-ex-sum" aria-live="polite"></p>\n'
        '<div class="cx-ex-tw"><table id="cx-ex-table"><thead><tr>'
        f'<th>{escape(L["topic"])}</th><th class="num">{escape(L["share"])}</th>'
        f'<th class="num">{escape(L["share_negative"])}</th>{nps_th}'
        '</tr></thead><tbody id="cx-ex-tbody"></tbody></table></div>\n'
        f'<p class="muted">{escape(L["table_note"] if data["nps"] else note_no_nps)}</p>\n'
        f'<p class="muted" id="cx-ex-none" hidden>{escape(L["no_topics"])}</p>\n'
        f'<p class="muted" id="cx-ex-pick">{escape(L["pick"])}</p>\n'
        '<div class="cx-ex-panel" id="cx-ex-panel" hidden>\n<div class="cx-ex-head">'
        '<h3 id="cx-ex-title"></h3><span class="muted" id="cx-ex-count" aria-live="polite">'
        f'</span><button type="button" id="cx-ex-close">{escape(L["close"])}</button></div>\n'
        '<ol class="cx-ex-list" id="cx-ex-list"></ol>\n'
        '<button type="button" id="cx-ex-more" hidden></button>\n</div>\n</div>\n'
    )
    return (head + f'<p class="muted" id="cx-ex-nojs">{escape(L["nojs"])}</p>\n' + ui
            + '<script type="application/json" id="cx-explore-data">'
            + f"{_safe_json(data)}</script>\n<script>{_SCRIPT_MIN}</script>\n</section>")
