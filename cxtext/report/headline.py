"""Headline findings: a few sentences at the top of the report and in ``summary.json``.

:func:`headline_facts` picks, from the summary and the analysis tables, what an analyst would
otherwise read off the charts: the score with its CI, the respondents and the survey period;
the topics that cost the most points (``impact`` rows with a negative ``nps_impact``,
significant ones first; otherwise non-significant or small-count rows, said to be indicative);
the topics that add the most; the segment that differs most from the rest (``segment_nps``);
the change between the first and the last period (``trend_nps``); the input columns used and
the topic coverage. Each fact is a JSON-friendly dict of numbers, codes and topic names.

:func:`headline` renders the facts as sentences in Polish or English (topic names, never
codes; one decimal, a decimal comma in Polish); :func:`headlines` gives both languages. A fact
whose table is missing or empty is left out, never written as "nan": at most six sentences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from cxtext.nps import MIN_N
from cxtext.report.labels import labels, segment_labels

__all__ = ["headline", "headline_facts", "headlines"]

_Z95 = 1.959963984540054
_NEG = ":negative"
_POS = ":positive"
_MAX_SIGNIFICANT = 3  # topics named per driver sentence when significant
_MAX_INDICATIVE = 2  # ... when only indicative
_MAX_COLUMN = 70  # longer column names (whole questions) are shortened

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    # genitive ("od stycznia") and locative ("w styczniu")
    "pl_gen": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
               "sierpnia", "września", "października", "listopada", "grudnia"),
    "pl_loc": ("styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu",
               "sierpniu", "wrześniu", "październiku", "listopadzie", "grudniu"),
}
_ROMAN = ("I", "II", "III", "IV")
_MISSING = {"", "nan", "none", "<na>", "nat"}  # a missing segment value, as text


# ---------------------------------------------------------------------------------- facts


def headline_facts(summary: Mapping[str, Any], tables: Mapping[str, pd.DataFrame],
                   topic_names: Mapping[str, Mapping[str, str]] | None = None,
                   ) -> list[dict[str, Any]]:
    """The headline facts, in the order they are told (``kind``: ``overview``,
    ``detractors``, ``promoters``, ``segment`` or ``segments_similar``, ``trend``, ``data``).

    ``summary`` is the dict of ``summary.json`` (``scale``, the score and its CI,
    ``respondents``, ``mapping``, ``topic_coverage``); ``tables`` the driver tables by name
    (``impact``, ``segment_nps``, ``trend_nps``); ``topic_names`` maps a topic code to its
    names by language."""
    names = topic_names or {}
    metric = _metric_key(summary)
    trend = _table(tables, "trend_nps")
    facts = [
        _overview(summary, metric, trend),
        _drivers(_table(tables, "impact"), names, direction=-1),
        _drivers(_table(tables, "impact"), names, direction=1),
        _segment(_table(tables, "segment_nps"), summary),
        _trend(trend),
        _data(summary),
    ]
    return [f for f in facts if f is not None]


def _metric_key(summary: Mapping[str, Any]) -> str:
    scale = str(summary.get("scale") or "nps")
    return "nps" if scale == "nps" else f"net_{scale}"


def _table(tables: Mapping[str, pd.DataFrame], key: str) -> pd.DataFrame:
    table = tables.get(key)
    return table if isinstance(table, pd.DataFrame) else pd.DataFrame()


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in table.to_dict("records")]


def _finite(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _flag(row: Mapping[str, Any], key: str) -> bool:
    v = row.get(key)
    return bool(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) else False


def _overview(summary: Mapping[str, Any], metric: str,
              trend: pd.DataFrame) -> dict[str, Any] | None:
    value = _finite(summary.get(metric))
    n = int(summary.get("respondents") or 0)
    if value is None or n <= 0:
        return None
    ci = list(summary.get(f"{metric}_ci") or [None, None]) + [None, None]
    periods = [str(p) for p in trend["period"]] if "period" in trend.columns else []
    return {"kind": "overview", "metric": metric, "value": value,
            "ci": [_finite(ci[0]), _finite(ci[1])], "respondents": n,
            "period": [periods[0], periods[-1]] if periods else None}


def _drivers(impact: pd.DataFrame, names: Mapping[str, Mapping[str, str]], *,
             direction: int) -> dict[str, Any] | None:
    """The topics that move the score most in ``direction`` (-1: cost, +1: add): up to three
    significant ones whose CI is clear of zero (``clear``), else up to two indicative ones
    (``basis``: ``not_significant``, then ``small_count``). Read from the signed rows - the
    topics mentioned negatively (cost) or positively (add), as the report's driver chart
    shows them (``signed``: True) - or from the topic rows, in a table without signed rows or
    when only the topic rows hold a significant finding."""
    if impact.empty or not {"topic", "nps_impact"} <= set(impact.columns):
        return None
    want = _NEG if direction < 0 else _POS
    records = _records(impact)
    fact = None
    if any(str(r["topic"]).endswith(want) for r in records):
        fact = _driver_fact(records, names, direction, want)
        if fact is not None and fact["basis"] == "significant":
            return fact
    plain = _driver_fact(records, names, direction, "")
    if plain is not None and (fact is None or plain["basis"] == "significant"):
        return plain
    return fact


def _driver_fact(records: list[dict[str, Any]], names: Mapping[str, Mapping[str, str]],
                 direction: int, want: str) -> dict[str, Any] | None:
    """:func:`_drivers` from the rows whose code ends with ``want`` (``""``: topic rows)."""
    signed = bool(want)
    rows: list[dict[str, Any]] = []
    for r in records:
        code = str(r["topic"])
        value = _finite(r["nps_impact"])
        if (not code.endswith(want) if signed else ":" in code or _flag(r, "negative_only")):
            continue
        if value is None or direction * value < 0.05:
            continue
        code = code.removesuffix(want)
        low, high = _finite(r.get("nps_impact_ci_low")), _finite(r.get("nps_impact_ci_high"))
        clear = low is None or high is None or (high < 0 if direction < 0 else low > 0)
        rows.append({"topic": code, "name": _topic_name(code, names), "impact": value,
                     "ci": [low, high], "mentions": _count(r.get("n_mentions")),
                     "significant": _flag(r, "significant"),
                     "small_count": _flag(r, "small_count"), "clear": clear})
    rows.sort(key=lambda t: -direction * t["impact"])
    basis = "significant"
    top = [t for t in rows if t["significant"] and t["clear"]][:_MAX_SIGNIFICANT]
    if not top:  # a significant row whose CI crosses zero is too ambiguous to tell
        basis = "not_significant"
        top = [t for t in rows if not t["small_count"] and not t["significant"]
               ][:_MAX_INDICATIVE]
    if not top:
        basis = "small_count"
        top = [t for t in rows if t["small_count"]][:_MAX_INDICATIVE]
    if not top:
        return None
    return {"kind": "detractors" if direction < 0 else "promoters", "basis": basis,
            "signed": signed, "topics": top}


def _count(v: Any) -> int | None:
    f = _finite(v)
    return None if f is None else int(f)


def _topic_name(code: str, names: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The topic's name in each report language (a readable form of the code if unnamed)."""
    given = names.get(code) or {}
    fallback = given.get("en") or given.get("pl") or \
        code.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return {lang: given.get(lang) or fallback for lang in ("en", "pl")}


def _segment(seg: pd.DataFrame, summary: Mapping[str, Any]) -> dict[str, Any] | None:
    """The significant segment value farthest from the rest, or that none differs."""
    need = {"segment", "value", "diff_vs_rest", "significant"}
    if seg.empty or not need <= set(seg.columns):
        return None
    display = segment_labels(summary)
    rows = [r for r in _records(seg) if _finite(r["diff_vs_rest"]) is not None
            and str(r["value"]).strip().lower() not in _MISSING]  # no "Kanał = nan"
    if not rows:
        return None
    columns = list(dict.fromkeys(display.get(str(r["segment"]), str(r["segment"]))
                                 for r in rows))
    significant = [r for r in rows if _flag(r, "significant")]
    if not significant:
        return {"kind": "segments_similar", "segments": columns}
    best = max(significant, key=lambda r: abs(float(r["diff_vs_rest"])))
    return {"kind": "segment",
            "segment": display.get(str(best["segment"]), str(best["segment"])),
            "value": str(best["value"]), "nps": _finite(best.get("nps")),
            "diff": float(best["diff_vs_rest"]),
            "ci": [_finite(best.get("diff_ci_low")), _finite(best.get("diff_ci_high"))],
            "n": _count(best.get("n"))}


def _trend(trend: pd.DataFrame) -> dict[str, Any] | None:
    """First versus last period: the change, its 95% CI and a z-test (standard errors from
    the periods' CIs; with two periods, the table's own ``significant_change``)."""
    if trend.empty or not {"period", "nps"} <= set(trend.columns):
        return None
    rows = [r for r in _records(trend) if _finite(r["nps"]) is not None]
    if len(rows) < 2:
        return None
    first, last = rows[0], rows[-1]
    change = float(last["nps"]) - float(first["nps"])
    se = [_se(r) for r in (first, last)]
    low = high = None
    significant: bool | None = None
    if se[0] is not None and se[1] is not None:
        s = math.hypot(se[0], se[1])
        low, high = change - _Z95 * s, change + _Z95 * s
        ns = [_count(r.get("n")) for r in (first, last)]
        big = all(n is None or n >= MIN_N for n in ns)
        significant = bool(s > 0 and abs(change) / s > _Z95 and big)
    if len(rows) == len(trend) == 2 and "significant_change" in trend.columns:
        significant = _flag(last, "significant_change")
    return {"kind": "trend",
            "first": {"period": str(first["period"]), "nps": float(first["nps"])},
            "last": {"period": str(last["period"]), "nps": float(last["nps"])},
            "change": change, "ci": [low, high], "significant": significant}


def _se(row: Mapping[str, Any]) -> float | None:
    """Standard error of a period's NPS from its 95% CI (the wider half: CIs are clipped at
    +-100)."""
    value, low, high = (_finite(row.get(k)) for k in ("nps", "nps_ci_low", "nps_ci_high"))
    if value is None or low is None or high is None:
        return None
    return max(value - low, high - value) / _Z95


def _data(summary: Mapping[str, Any]) -> dict[str, Any] | None:
    mapping = summary.get("mapping") or {}
    columns = {"score": [mapping["score"]] if mapping.get("score") else [],
               "text": [str(c) for c in mapping.get("text") or []],
               "segments": [str(c) for c in mapping.get("segments") or []],
               "date": [mapping["date"]] if mapping.get("date") else []}
    cov = summary.get("topic_coverage") or {}
    coverage = {"answers": _finite(cov.get("answers")), "low": _finite(cov.get("detractors"))}
    if not any(columns.values()) and coverage["answers"] is None:
        return None
    return {"kind": "data", "scale": str(summary.get("scale") or "nps"),
            "columns": {k: [str(c) for c in v] for k, v in columns.items() if v},
            "coverage": coverage if coverage["answers"] is not None else None}


# ------------------------------------------------------------------------------ sentences


def headline(summary: Mapping[str, Any], tables: Mapping[str, pd.DataFrame],
             topic_names: Mapping[str, Mapping[str, str]] | None = None,
             lang: str = "en") -> list[str]:
    """Three to six sentences (fewer when tables are missing) in ``lang`` (``pl``/``en``)."""
    labels(lang)  # an unknown language fails like the report does
    scale = str(summary.get("scale") or "nps")
    return [_sentence(f, lang, scale) for f in headline_facts(summary, tables, topic_names)]


def headlines(summary: Mapping[str, Any], tables: Mapping[str, pd.DataFrame],
              topic_names: Mapping[str, Mapping[str, str]] | None = None,
              ) -> dict[str, list[str]]:
    """:func:`headline` in both report languages: ``{"en": [...], "pl": [...]}``."""
    return {lang: headline(summary, tables, topic_names, lang) for lang in ("en", "pl")}


def _sentence(fact: dict[str, Any], lang: str, scale: str) -> str:
    text = _RENDER[fact["kind"]](fact, _Words(lang, scale))
    return text[0].upper() + text[1:]  # "net CSAT is ..." starts a sentence


class _Words:
    """Numbers and small phrases of one language."""

    def __init__(self, lang: str, scale: str) -> None:
        self.lang, self.pl = lang, lang == "pl"
        self.nps_scale = scale == "nps"
        if self.nps_scale:
            self.metric = "NPS"
        else:
            self.metric = f"{scale.upper()} netto" if self.pl else f"net {scale.upper()}"

    def num(self, v: float, sign: bool = False) -> str:
        v = round(v, 1) + 0.0  # no "-0.0"
        s = format(v, "+.1f" if sign and v != 0 else ".1f")
        return s.replace(".", ",") if self.pl else s

    def count(self, n: int) -> str:
        if self.pl:
            return f"{n:,}".replace(",", "\u00a0") if n >= 10_000 else str(n)
        return f"{n:,}"

    def pct(self, share: float) -> str:
        return f"{100 * share:.0f}%"

    def ci(self, ci: list[float | None], flip: bool = False) -> str:
        """"95% CI 3.1 to 9.8" ("" when unknown); ``flip`` negates (costs as positives)."""
        low, high = ci
        if low is None or high is None:
            return ""
        if flip:
            low, high = -high, -low
        if self.pl:
            return f"95% przedział ufności: od {self.num(low)} do {self.num(high)}"
        return f"95% CI {self.num(low)} to {self.num(high)}"

    def quote(self, text: str) -> str:
        return f"„{text}”" if self.pl else f"“{text}”"

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {'i' if self.pl else 'and'} {items[-1]}"

    def mentions(self, n: int) -> str:
        if self.pl:
            return f"{self.count(n)} {_pl_plural(n, 'wzmianka', 'wzmianki', 'wzmianek')}"
        return f"{self.count(n)} {'mention' if n == 1 else 'mentions'}"


def _pl_plural(n: int, one: str, few: str, many: str) -> str:
    """Polish noun form after an integer: 1 wzmianka, 2-4 wzmianki, 5+ wzmianek."""
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def _end(text: str) -> str:
    """Close a sentence with one full stop ("2025 r." already has it)."""
    return text if text.endswith(".") else text + "."


def _paren(*parts: str) -> str:
    inner = "; ".join(p for p in parts if p)
    return f" ({inner})" if inner else ""


def _overview_text(f: dict[str, Any], w: _Words) -> str:
    value, ci, n = w.num(f["value"]), w.ci(f["ci"]), f["respondents"]
    when = _period_range(f["period"], w) if f["period"] else ""
    if w.pl:
        who = f"{w.count(n)} {'respondenta' if n == 1 else 'respondentów'}"
        return _end(f"{w.metric} wynosi {value}{_paren(ci)} wśród {who}"
                    + (f" {when}" if when else ""))
    who = f"{w.count(n)} {'respondent' if n == 1 else 'respondents'}"
    return _end(f"{w.metric} is {value}{_paren(ci)} among {who}"
                + (f", surveyed {when}" if when else ""))


def _drivers_text(f: dict[str, Any], w: _Words) -> str:
    cost = f["kind"] == "detractors"
    items = []
    for i, t in enumerate(f["topics"]):
        size = w.num(abs(t["impact"]))
        ci = w.ci(t["ci"], flip=cost)
        n = w.mentions(t["mentions"]) if t["mentions"] is not None else ""
        name = w.quote(t["name"][w.lang])
        if w.pl:
            items.append(f"{name}{_paren(f'o {size} punktu', ci, n)}")
        elif i == 0:
            verb = "costs" if cost else "adds"
            items.append(f"{name} {verb} {size} {w.metric} points{_paren(ci, n)}")
        else:
            items.append(f"{name} {size} points{_paren(ci, n)}")
    basis = f["basis"]
    if w.pl:
        many = len(items) > 1
        verb = ("obniżają" if many else "obniża") if cost else \
            ("podnoszą" if many else "podnosi")
        body = f"najbardziej {verb} {w.metric} {'tematy' if many else 'temat'} {w.join(items)}."
        signs = ("wzmianki negatywne" if cost else "wzmianki pozytywne") if f.get("signed") \
            else ""
        if basis == "significant":
            body = f"{signs}: {body}" if signs else body
            return body[0].upper() + body[1:]
        why = "bez istotności statystycznej" if basis == "not_significant" \
            else "mała liczba wzmianek"
        return f"Orientacyjnie ({why}{'; ' + signs if signs else ''}): {body}"
    if w.nps_scale:
        lead = "detractor drivers" if cost else "promoter drivers"
    else:
        lead = "drivers of dissatisfaction" if cost else "drivers of satisfaction"
    signs = ("topics mentioned negatively" if cost else "topics mentioned positively") \
        if f.get("signed") else ""
    if basis == "significant":
        return f"Biggest {lead}{_paren(signs)}: {w.join(items)}."
    why = "not statistically significant" if basis == "not_significant" else "small counts"
    return f"Indicative {lead}{_paren(signs, why)}: {w.join(items)}."


def _segment_text(f: dict[str, Any], w: _Words) -> str:
    which = f"{f['segment']} = {f['value']}"
    gap, below = w.num(abs(f["diff"])), f["diff"] < 0
    level = f" {w.num(f['nps'])}" if f["nps"] is not None else ""
    n = f"n = {w.count(f['n'])}" if f["n"] is not None else ""
    ci = w.ci(f["ci"], flip=below)
    if w.pl:
        side = "niższy" if below else "wyższy"
        return (f"Najbardziej wyróżnia się segment {which}: {w.metric}{level}, o {gap} punktu "
                f"{side} niż u pozostałych respondentów{_paren(ci, n)}.")
    side = "below" if below else "above"
    return (f"The segment that differs most is {which}: {w.metric}{level}, {gap} points {side} "
            f"the rest{_paren(ci, n)}.")


def _similar_text(f: dict[str, Any], w: _Words) -> str:
    segs = ", ".join(f["segments"])
    if w.pl:
        return f"Żaden segment ({segs}) nie różni się istotnie od reszty pod względem {w.metric}."
    return f"No segment ({segs}) differs significantly from the rest in {w.metric}."


def _trend_text(f: dict[str, Any], w: _Words) -> str:
    a, b = w.num(f["first"]["nps"]), w.num(f["last"]["nps"])
    p1, p2 = (_period_at(f[k]["period"], w) for k in ("first", "last"))
    change = round(f["change"], 1)
    ci = w.ci(f["ci"])
    sig = f["significant"]
    if w.pl:
        what = f"zmiana: {w.num(change, sign=True)} punktu"
        tested = "" if sig is None else \
            ("istotna statystycznie" if sig else "nieistotna statystycznie")
        verb = "wzrósł" if change > 0 else "spadł"
        if change == 0:
            return f"{w.metric} wyniósł {a} {p1} i {b} {p2}{_paren(what, ci, tested)}."
        return f"{w.metric} {verb} z {a} {p1} do {b} {p2}{_paren(what, ci, tested)}."
    what = f"change {w.num(change, sign=True)} points"
    tested = "" if sig is None else \
        ("statistically significant" if sig else "not statistically significant")
    if change == 0:
        return f"{w.metric} was {a} {p1} and {b} {p2}{_paren(what, ci, tested)}."
    verb = "rose" if change > 0 else "fell"
    return f"{w.metric} {verb} from {a} {p1} to {b} {p2}{_paren(what, ci, tested)}."


def _data_text(f: dict[str, Any], w: _Words) -> str:
    cols = f["columns"]

    def named(key: str, one: str, many: str) -> str:
        values = cols.get(key) or []
        quoted = [w.quote(_short(c)) for c in values]
        return f"{one if len(values) == 1 else many} {w.join(quoted)}" if values else ""

    if w.pl:
        parts = [named("score", "ocena", "ocena"), named("text", "tekst", "teksty"),
                 named("segments", "segment", "segmenty"), named("date", "data", "data")]
        used = f"Użyte kolumny: {', '.join(p for p in parts if p)}" if any(parts) else ""
    else:
        parts = [named("score", "score", "score"), named("text", "text", "texts"),
                 named("segments", "segment", "segments"), named("date", "date", "date")]
        used = f"Columns used: {', '.join(p for p in parts if p)}" if any(parts) else ""
    cov = f["coverage"]
    covered = ""
    if cov is not None:
        low = ""
        if cov["low"] is not None:
            if w.pl:
                group = "krytyków" if f["scale"] == "nps" else "niezadowolonych"
            else:
                group = "of the detractors" if f["scale"] == "nps" else "of the dissatisfied"
            low = f" {'i' if w.pl else 'and'} {w.pct(cov['low'])} {group}"
        if w.pl:
            covered = f"tematy obejmują {w.pct(cov['answers'])} odpowiedzi{low}"
        else:
            covered = f"topics cover {w.pct(cov['answers'])} of the answers{low}"
    text = "; ".join(p for p in (used, covered) if p)
    return _end(text[0].upper() + text[1:])


def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= _MAX_COLUMN else name[:_MAX_COLUMN - 1].rstrip() + "…"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")  # weekly periods


def _period_at(period: str, w: _Words) -> str:
    """"in January 2025" / "w styczniu 2025 r." (a trend point)."""
    if m := _MONTH.match(period):
        year, month = m.group(1), int(m.group(2)) - 1
        if w.pl:
            return f"w {_MONTHS['pl_loc'][month]} {year} r."
        return f"in {_MONTHS['en'][month]} {year}"
    if m := _QUARTER.match(period):
        year, q = m.group(1), int(m.group(2))
        return f"w {_ROMAN[q - 1]} kwartale {year} r." if w.pl else f"in Q{q} {year}"
    if m := _RANGE.match(period):
        return f"w tygodniu od {m.group(1)}" if w.pl else f"in the week of {m.group(1)}"
    return f"w okresie {period}" if w.pl else f"in {period}"


def _period_range(periods: list[str], w: _Words) -> str:
    """"from January to June 2025" / "w okresie od stycznia do czerwca 2025 r."."""
    first, last = periods
    if first == last:
        return _period_at(first, w)
    m1, m2 = _MONTH.match(first), _MONTH.match(last)
    if m1 and m2:
        (y1, i1), (y2, i2) = ((m.group(1), int(m.group(2)) - 1) for m in (m1, m2))
        if w.pl:
            a, b = _MONTHS["pl_gen"][i1], _MONTHS["pl_gen"][i2]
            start = a if y1 == y2 else f"{a} {y1} r."
            return f"w okresie od {start} do {b} {y2} r."
        a, b = _MONTHS["en"][i1], _MONTHS["en"][i2]
        return f"from {a if y1 == y2 else f'{a} {y1}'} to {b} {y2}"
    q1, q2 = _QUARTER.match(first), _QUARTER.match(last)
    if q1 and q2:
        (y1, k1), (y2, k2) = ((q.group(1), int(q.group(2))) for q in (q1, q2))
        if w.pl:
            start = _ROMAN[k1 - 1] if y1 == y2 else f"{_ROMAN[k1 - 1]} kwartału {y1} r."
            return f"w okresie od {start} do {_ROMAN[k2 - 1]} kwartału {y2} r."
        return f"from Q{k1}{'' if y1 == y2 else f' {y1}'} to Q{k2} {y2}"
    r1, r2 = _RANGE.match(first), _RANGE.match(last)
    start = r1.group(1) if r1 else first
    end = r2.group(2) if r2 else last
    return f"w okresie od {start} do {end}" if w.pl else f"from {start} to {end}"


_RENDER = {"overview": _overview_text, "detractors": _drivers_text,
           "promoters": _drivers_text, "segment": _segment_text,
           "segments_similar": _similar_text, "trend": _trend_text, "data": _data_text}
