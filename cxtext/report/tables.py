"""Analyst-facing tables: what the workbook and ``tables/*.csv`` show, in the report language.

``cxtext analyze`` writes two kinds of tables. The *machine tables* (``drivers_*.csv`` /
``.parquet``, ``responses.*``, ``rejects.csv``) keep stable snake_case columns and full
precision for programs (and for ``cxtext compare``). The *analyst tables* made here are the
same rows with:

* readable headers in Polish or English (:data:`COLUMNS` maps every analyst column to its
  machine column and says what it means - the ``columns`` sheet of ``report.xlsx`` lists it);
* topic names instead of codes, segment names as the survey's headers (``Kanał``, not
  ``kanal``), localised values (statuses, quadrants, sentiments, yes/no);
* rounded numbers stored as numbers: NPS points and impacts to 1 decimal, shares as
  percentages to 1 decimal (``Share of detractors (%)``), p-values to 3 significant digits,
  ratios and mean scores to 2 decimals; no Python reprs;
* the one significance rule of the report: a row with a small count (or a small sample) shows
  its effect but not its p-value, and its status says ``small count``.

:func:`analyst_table` makes one table; :func:`analyst_tables` every table of a run (sheet
name -> DataFrame, in the workbook order); :func:`summary_table` the summary sheet;
:func:`column_guide` the documentation sheet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxtext.errors import ConfigError
from cxtext.schema import ScoreScale, get_scale

__all__ = ["COLUMNS", "CSAT_GROUPS", "SHEET_NAMES", "Column", "analyst_table", "analyst_tables",
           "column_guide", "for_scale", "localise", "relabel_segments", "reject_reason",
           "scale_words", "summary_table", "topic_name"]

#: The score groups of the CSAT scale in each language (low, middle, high); another scale's
#: groups are its own (English) names.
CSAT_GROUPS: dict[str, tuple[str, str, str]] = {
    "en": ("dissatisfied", "neutral", "satisfied"),
    "pl": ("niezadowoleni", "neutralni", "zadowoleni"),
}


def scale_words(scale: str | ScoreScale, lang: str) -> tuple[str, tuple[str, str, str]] | None:
    """The metric's name ("CSAT") and the group words (low, middle, high) of a score scale
    other than NPS (None for NPS); a custom scale known only by its name (``summary.json``)
    gets generic group words."""
    try:
        sc = get_scale(scale)
    except ValueError:
        return str(scale).upper(), ("low scores", "middle scores", "high scores")
    if sc.name == "nps":
        return None
    return sc.name.upper(), CSAT_GROUPS[lang] if sc.name == "csat" else sc.groups


def for_scale(text: str, lang: str, scale: str | ScoreScale = "nps") -> str:
    """``text`` (a label written for NPS) reworded for ``scale``: the metric is "net CSAT"
    ("CSAT netto") instead of "NPS", and detractors, passives and promoters are the scale's
    own groups (:func:`scale_words`). NPS text is returned as it is."""
    words_of = scale_words(scale, lang)
    if words_of is None:
        return text
    name, (low, mid, high) = words_of
    csat = name == "CSAT"
    if lang == "pl":
        krytyk: Any = low if not csat else (
            lambda m: "niezadowolon" + {"ów": "ych", "a": "ego", "iem": "ym"}[m.group(1)])
        words: list[tuple[str, Any]] = [
            (r"\bNet Promoter Score\b", f"{name} netto"), (r"\bNPS\b", f"{name} netto"),
            (r"\bkrytyk(ów|a|iem)\b", krytyk),
            (r"\bKrytycy\b", low.capitalize()), (r"\bkrytycy\b", low),
            (r"\bpasywni\b", mid), (r"\bpromotorzy\b", high)]
    else:
        words = [(r"\bNet Promoter Score\b", f"Net {name}"), (r"^NPS\b", f"Net {name}"),
                 (r"\bNPS\b", f"net {name}"), (r"\bDetractors?\b", low.capitalize()),
                 (r"\bdetractors?\b", low), (r"\bpassives?\b", mid),
                 (r"\bpromoters?\b", high)]
    parts = re.split(r"(\{[^{}]*\})", text)  # format fields ("{detractors:.0%}") stay
    for k in range(0, len(parts), 2):
        for pattern, repl in words:
            parts[k] = re.sub(pattern, repl, parts[k])
    return "".join(parts)


@dataclass(frozen=True)
class Column:
    """One analyst column: its machine column, its header in each language, how its values
    are shown (``kind``) and what it means (en, pl)."""

    machine: str
    en: str
    pl: str
    kind: str
    meaning_en: str = ""
    meaning_pl: str = ""


def _c(machine: str, en: str, pl: str, kind: str = "text", meaning_en: str = "",
       meaning_pl: str = "") -> Column:
    return Column(machine, en, pl, kind, meaning_en, meaning_pl)


_IMPACT = (
    _c("topic", "Topic", "Temat", "topic", "topic name (code in the machine table)",
       "nazwa tematu (kod w tabeli maszynowej)"),
    _c("mention", "Mentioned", "Wzmianki", "mention",
       "which mentions count: all, negative (or mixed) ones, positive ones",
       "które wzmianki się liczą: wszystkie, negatywne (lub mieszane), pozytywne"),
    _c("n_mentions", "Respondents mentioning", "Respondenci wspominający", "int"),
    _c("share_all", "Share of respondents (%)", "Udział respondentów (%)", "share"),
    _c("share_low", "Share of {low} (%)", "Udział: {low} (%)", "share",
       "share of that score group who mention it", "udział tej grupy, który o tym wspomina"),
    _c("share_middle", "Share of {middle} (%)", "Udział: {middle} (%)", "share"),
    _c("share_high", "Share of {high} (%)", "Udział: {high} (%)", "share"),
    _c("nps_impact", "NPS impact (points)", "Wpływ na NPS (punkty)", "pts",
       "NPS of all minus NPS of those who do not mention it (that way); negative = costs "
       "points", "NPS wszystkich minus NPS niewspominających (w ten sposób); ujemny = "
       "odbiera punkty"),
    _c("nps_impact_ci_low", "NPS impact: 95% CI from", "Wpływ na NPS: 95% PU od", "pts",
       "bootstrap 95% confidence interval", "95% przedział ufności (bootstrap)"),
    _c("nps_impact_ci_high", "NPS impact: 95% CI to", "Wpływ na NPS: 95% PU do", "pts"),
    _c("recoverable", "Recoverable points", "Punkty do odzyskania", "pts",
       "NPS points gained if its detractors became passives",
       "punkty NPS do zyskania, gdyby jego krytycy stali się pasywni"),
    _c("mean_with", "Mean score, mentioning", "Średnia ocena: wspominający", "dec2"),
    _c("mean_without", "Mean score, not mentioning", "Średnia ocena: pozostali", "dec2"),
    _c("lift", "Detractor lift", "Wskaźnik krytyków (lift)", "dec2",
       "share of detractors among those mentioning it / among everyone",
       "udział krytyków wśród wspominających / wśród wszystkich"),
    _c("odds_ratio", "Detractor odds ratio", "Iloraz szans krytyka", "dec2"),
    _c("p_adjusted", "p (BH)", "p (BH)", "p",
       "p-value after Benjamini-Hochberg correction; empty for small counts",
       "wartość p po korekcie Benjaminiego-Hochberga; pusta przy małej liczebności"),
    _c("status", "Status", "Status", "status",
       "significant (p < 0.05 and enough mentions), not significant, or small count",
       "istotne (p < 0,05 i dość wzmianek), nieistotne albo mała liczebność"),
    _c("quadrant", "Quadrant", "Ćwiartka", "quadrant",
       "fix first / watch (costs points, mentioned often / less), keep / minor (adds points)",
       "napraw najpierw / obserwuj (odbiera punkty, często / rzadziej), utrzymaj / "
       "drugorzędne (dodaje punkty)"),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "impact": _IMPACT,
    "impact_parent": _IMPACT,
    "themes": (
        _c("label", "Discovered theme", "Odkryty temat", "text",
           "label made from the theme's typical phrases", "nazwa z typowych fraz tematu"),
        *(c for c in _IMPACT if c.machine not in ("topic", "mention", "quadrant")),
    ),
    "key_drivers": (
        _c("column", "Topic", "Temat", "topic"),
        _c("mention", "Mentioned", "Wzmianki", "mention"),
        _c("n_mentions", "Respondents mentioning", "Respondenci wspominający", "int"),
        _c("ols_coef", "Effect on the score (0-10 points)", "Wpływ na ocenę (punkty 0-10)",
           "dec2", "OLS coefficient, all topics together",
           "współczynnik regresji OLS, wszystkie tematy razem"),
        _c("ols_ci_low", "Effect: 95% CI from", "Wpływ: 95% PU od", "dec2"),
        _c("ols_ci_high", "Effect: 95% CI to", "Wpływ: 95% PU do", "dec2"),
        _c("ols_p", "p (effect)", "p (wpływ)", "p"),
        _c("odds_ratio", "Detractor odds ratio", "Iloraz szans krytyka", "dec2",
           "logistic regression of being a detractor", "regresja logistyczna bycia krytykiem"),
        _c("or_ci_low", "Odds ratio: 95% CI from", "Iloraz szans: 95% PU od", "dec2"),
        _c("or_ci_high", "Odds ratio: 95% CI to", "Iloraz szans: 95% PU do", "dec2"),
        _c("vif", "VIF", "VIF", "dec2", "variance inflation factor; above 5: collinear",
           "współczynnik inflacji wariancji; powyżej 5: współliniowość"),
    ),
    "importance": (
        _c("column", "Topic", "Temat", "topic"),
        _c("direction", "Direction", "Kierunek", "direction",
           "whether mentioning it raises or lowers the score",
           "czy wzmianka podnosi, czy obniża ocenę"),
        _c("shapley_r2", "Shapley R² (% of variance)", "Shapley R² (% wariancji)", "share",
           "its share of the explained variance (LMG)", "jego udział w wyjaśnionej wariancji"),
        _c("ci_low", "Shapley R²: 95% CI from", "Shapley R²: 95% PU od", "share"),
        _c("ci_high", "Shapley R²: 95% CI to", "Shapley R²: 95% PU do", "share"),
        _c("relative_weight", "Relative weight, Johnson (% of variance)",
           "Waga względna, Johnson (% wariancji)", "share"),
        _c("rw_ci_low", "Relative weight: 95% CI from", "Waga względna: 95% PU od", "share"),
        _c("rw_ci_high", "Relative weight: 95% CI to", "Waga względna: 95% PU do", "share"),
        _c("share_of_r2", "Share of R² (%)", "Udział w R² (%)", "share"),
    ),
    "segment_nps": (
        _c("segment", "Segment", "Segment", "segment"),
        _c("value", "Value", "Wartość", "text"),
        _c("n", "Respondents", "Respondenci", "int"),
        _c("nps", "NPS", "NPS", "pts"),
        _c("nps_ci_low", "NPS: 95% CI from", "NPS: 95% PU od", "pts"),
        _c("nps_ci_high", "NPS: 95% CI to", "NPS: 95% PU do", "pts"),
        _c("diff_vs_rest", "Difference vs the rest (points)", "Różnica do reszty (punkty)",
           "pts"),
        _c("diff_ci_low", "Difference: 95% CI from", "Różnica: 95% PU od", "pts"),
        _c("diff_ci_high", "Difference: 95% CI to", "Różnica: 95% PU do", "pts"),
        _c("p_adjusted", "p (BH)", "p (BH)", "p"),
        _c("status", "Status", "Status", "status"),
    ),
    "segment_topics": (
        _c("segment", "Segment", "Segment", "segment"),
        _c("value", "Value", "Wartość", "text"),
        _c("topic", "Topic", "Temat", "topic"),
        _c("mention", "Mentioned", "Wzmianki", "mention"),
        _c("n", "Respondents", "Respondenci", "int"),
        _c("mentions", "Respondents mentioning", "Respondenci wspominający", "int"),
        _c("share", "Share in the segment (%)", "Udział w segmencie (%)", "share"),
        _c("share_rest", "Share in the rest (%)", "Udział w reszcie (%)", "share"),
        _c("share_diff", "Difference (percentage points)", "Różnica (punkty procentowe)",
           "share"),
        _c("p_adjusted", "p (BH)", "p (BH)", "p"),
        _c("status", "Status", "Status", "status"),
    ),
    "trend_nps": (
        _c("period", "Period", "Okres", "text"),
        _c("n", "Respondents", "Respondenci", "int"),
        _c("nps", "NPS", "NPS", "pts"),
        _c("nps_ci_low", "NPS: 95% CI from", "NPS: 95% PU od", "pts"),
        _c("nps_ci_high", "NPS: 95% CI to", "NPS: 95% PU do", "pts"),
        _c("change", "Change vs the previous period (points)",
           "Zmiana względem poprzedniego okresu (punkty)", "pts"),
        _c("change_ci_low", "Change: 95% CI from", "Zmiana: 95% PU od", "pts"),
        _c("change_ci_high", "Change: 95% CI to", "Zmiana: 95% PU do", "pts"),
        _c("p_value", "p", "p", "p"),
        _c("status", "Status", "Status", "status"),
    ),
    "trend_topics": (
        _c("period", "Period", "Okres", "text"),
        _c("topic", "Topic", "Temat", "topic"),
        _c("n", "Respondents", "Respondenci", "int"),
        _c("mentions", "Respondents mentioning", "Respondenci wspominający", "int"),
        _c("share", "Share (%)", "Udział (%)", "share"),
        _c("share_ci_low", "Share: 95% CI from", "Udział: 95% PU od", "share"),
        _c("share_ci_high", "Share: 95% CI to", "Udział: 95% PU do", "share"),
        _c("change", "Change (percentage points)", "Zmiana (punkty procentowe)", "share"),
        _c("p_adjusted", "p (BH)", "p (BH)", "p"),
        _c("status", "Status", "Status", "status"),
    ),
    "followup": (
        _c("priority", "Priority", "Priorytet", "priority"),
        _c("reason", "Reason", "Powód", "reason"),
        _c("response_id", "Response ID", "ID odpowiedzi", "text"),
        _c("score", "Score", "Ocena", "int"),
        _c("sentiment", "Sentiment", "Wydźwięk", "sentiment"),
        _c("topic_names", "Topics", "Tematy", "text"),
        _c("segments", "Segments", "Segmenty", "segments"),
        _c("date", "Date", "Data", "date"),
        _c("evidence", "Evidence", "Cytat", "text"),
        _c("text", "Answer", "Odpowiedź", "text"),
        _c("signals", "Trigger words", "Słowa-sygnały", "text"),
        _c("priority_score", "Priority score", "Punkty priorytetu", "int"),
    ),
    "responses": (
        _c("response_id", "Response ID", "ID odpowiedzi", "text"),
        _c("question", "Question", "Pytanie", "text"),
        _c("score", "Score", "Ocena", "int"),
        _c("score_group", "Score group", "Grupa", "group"),
        _c("date", "Date", "Data", "datetime"),
        _c("segment_*", "{segment}", "{segment}", "text",
           "one column per segment, named as in the survey",
           "po jednej kolumnie na segment, nazwanej jak w ankiecie"),
        _c("text", "Answer (personal data redacted)", "Odpowiedź (dane osobowe usunięte)",
           "text"),
        _c("lang", "Language", "Język", "language"),
        _c("non_answer", "Non-answer", "Brak odpowiedzi", "bool"),
        _c("sentiment", "Sentiment", "Wydźwięk", "sentiment"),
        _c("topics", "Topics", "Tematy", "topics"),
        _c("topic_sentiment", "Topic sentiment", "Wydźwięk tematów", "topic_sentiment"),
        _c("topic_evidence", "Evidence", "Słowa-dowody", "topic_evidence"),
    ),
    "rejects": (
        _c("source_row", "Row in the file", "Wiersz w pliku", "int"),
        _c("reject_reason", "Reason", "Powód", "reject"),
        _c("reject_column", "Column", "Kolumna", "text"),
        _c("*", "{column}", "{column}", "text", "the row's cells as read",
           "komórki wiersza, jak je odczytano"),
    ),
}

#: sheet key -> sheet title in each language (at most 31 characters: Excel's limit)
SHEET_NAMES: dict[str, dict[str, str]] = {
    "summary": {"en": "Summary", "pl": "Podsumowanie"},
    "drivers": {"en": "Drivers", "pl": "Czynniki"},
    "drivers_parent": {"en": "Drivers (level 1)", "pl": "Czynniki (poziom 1)"},
    "key_drivers": {"en": "Key drivers", "pl": "Kluczowe czynniki"},
    "importance": {"en": "Importance", "pl": "Ważność"},
    "topics": {"en": "Topics", "pl": "Tematy"},
    "segments": {"en": "Segments", "pl": "Segmenty"},
    "segment_topics": {"en": "Segment topics", "pl": "Tematy w segmentach"},
    "trends": {"en": "Trends", "pl": "Trendy"},
    "trend_topics": {"en": "Trend topics", "pl": "Tematy w czasie"},
    "followup": {"en": "Follow-up", "pl": "Kontakty"},
    "themes": {"en": "Discovered themes", "pl": "Odkryte tematy"},
    "responses": {"en": "Responses", "pl": "Odpowiedzi"},
    "rejects": {"en": "Rejected rows", "pl": "Odrzucone wiersze"},
    "columns": {"en": "Column guide", "pl": "Opis kolumn"},
}

#: sheet key -> the machine table it shows (``drivers_<name>``)
_SHEET_TABLE = {"drivers": "impact", "drivers_parent": "impact_parent",
                "key_drivers": "key_drivers", "importance": "importance",
                "segments": "segment_nps", "segment_topics": "segment_topics",
                "trends": "trend_nps", "trend_topics": "trend_topics", "followup": "followup",
                "themes": "themes"}

#: the guide's names of the columns that stand for several (``segment_*``, the rejected
#: row's own cells)
_PATTERN_HEADERS = {"en": {"segment": "(each segment, by its header)",
                           "column": "(each column of the file)"},
                    "pl": {"segment": "(każdy segment, pod swoim nagłówkiem)",
                           "column": "(każda kolumna pliku)"}}

_NPS_GROUPS: dict[str, tuple[str, str, str]] = {
    "en": ("detractors", "passives", "promoters"), "pl": ("krytycy", "pasywni", "promotorzy")}

_WORDS: dict[str, dict[str, str]] = {
    "en": {"any": "all", "negative": "negatively", "positive": "positively",
           "other": "other mentions", "significant": "significant",
           "not significant": "not significant", "small count": "small count",
           "small sample": "small sample", "fix first": "fix first", "watch": "watch",
           "keep": "keep", "minor": "minor", "raises": "raises the score",
           "lowers": "lowers the score", "yes": "yes", "no": "no",
           "high": "high", "medium": "medium", "low": "low",
           "s_negative": "negative", "s_neutral": "neutral", "s_positive": "positive",
           "s_mixed": "mixed", "detractor": "detractor", "passive": "passive",
           "promoter": "promoter", "l_pl": "Polish", "l_en": "English", "l_other": "other",
           "l_und": "undetermined", "metric": "Metric", "value": "Value",
           "other_reason": "other"},
    "pl": {"any": "wszystkie", "negative": "negatywnie", "positive": "pozytywnie",
           "other": "pozostałe wzmianki", "significant": "istotne",
           "not significant": "nieistotne", "small count": "mała liczebność",
           "small sample": "mała próba", "fix first": "napraw najpierw", "watch": "obserwuj",
           "keep": "utrzymaj", "minor": "drugorzędne", "raises": "podnosi ocenę",
           "lowers": "obniża ocenę", "yes": "tak", "no": "nie",
           "high": "wysoki", "medium": "średni", "low": "niski",
           "s_negative": "negatywny", "s_neutral": "neutralny", "s_positive": "pozytywny",
           "s_mixed": "mieszany", "detractor": "krytyk", "passive": "pasywny",
           "promoter": "promotor", "l_pl": "polski", "l_en": "angielski", "l_other": "inny",
           "l_und": "nieokreślony", "metric": "Miara", "value": "Wartość",
           "other_reason": "inny powód"},
}

#: reject reasons (the kind, before ";") in Polish; an unknown kind keeps its text
_REJECT_PL: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), t) for p, t in (
        (r"^missing score", "brak oceny"),
        (r"^score .*is out of range", "ocena spoza skali"),
        (r"^score .*is not a whole number", "ocena nie jest liczbą całkowitą"),
        (r"^score .*is not a number", "ocena nie jest liczbą"),
        (r"^score .*yes/no", "wartość tak/nie zamiast oceny"),
        (r"^date .*out of the supported range", "data spoza obsługiwanego zakresu"),
        (r"^date .*cannot be parsed", "nieczytelna data"),
        (r"^the answer in .* characters", "za długa odpowiedź"),
    ))


_ALLOWED_PL = re.compile(r"allowed: whole numbers (-?\d+)-(-?\d+) \((\w+) scale\)")


def reject_reason(reason: str, lang: str) -> str:
    """A reject reason (or its kind, as counted in ``summary.json``) in the report language:
    in Polish, a known kind with its offending value (``ocena '11' spoza skali``) and the
    allowed values; an unknown kind keeps its English text after ``inny powód:``."""
    if lang != "pl":
        return reason
    kind, _, detail = reason.partition(";")
    for pattern, text in _REJECT_PL:
        if pattern.search(kind):
            value = re.search(r"'[^']*'", kind)
            out = f"{text}: {value.group(0)}" if value else text
            allowed = _ALLOWED_PL.search(detail)
            if allowed:
                lo, hi, scale = allowed.groups()
                out += f"; dozwolone: liczby całkowite {lo}-{hi} (skala {scale})"
            return out
    return f"{_WORDS['pl']['other_reason']}: {reason}"


def localise(value: Any, lang: str, kind: str = "") -> str:
    """A value word in the report language: ``kind`` ``"sentiment"`` (``negative``),
    ``"language"`` (``pl``, ``und``) or ``""`` (statuses, quadrants, mentions, priorities,
    score groups); an unknown value is returned as it is."""
    prefix = {"sentiment": "s_", "language": "l_"}.get(kind, "")
    return _WORDS.get(lang, _WORDS["en"]).get(prefix + str(value), str(value))


def relabel_segments(text: str, segment_names: Mapping[str, str]) -> str:
    """``"kanal: app; region: x"`` with the survey's headers: ``"Kanał: app; Region: x"``."""
    if not text or not segment_names:
        return text
    parts = []
    for part in str(text).split("; "):
        key, sep, value = part.partition(": ")
        parts.append(f"{segment_names.get(key, key)}{sep}{value}" if sep else part)
    return "; ".join(parts)


def _finite(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def _round(v: Any, digits: int) -> float | None:
    f = _finite(v)
    return None if f is None else round(f, digits)


def _p(v: Any) -> float | None:
    f = _finite(v)
    return None if f is None else float(f"{f:.3g}")


def _items(v: Any) -> list[Any]:
    if v is None or isinstance(v, float) and math.isnan(v):
        return []
    if isinstance(v, str):
        return [v] if v else []
    return list(v)


def topic_name(code: str, names: Mapping[str, Mapping[str, str]], lang: str) -> str:
    """The name of topic ``code`` in ``lang`` (the code when unnamed); a signed code
    (``delivery:negative``) gets the mention in brackets."""
    return _Formatter(lang, names, {}).topic(code)


class _Formatter:
    """Value formatting of one language, topic-name and segment-name lookup."""

    def __init__(self, lang: str, topic_names: Mapping[str, Mapping[str, str]],
                 segment_names: Mapping[str, str]) -> None:
        if lang not in _WORDS:
            raise ConfigError(f"Unknown report language {lang!r}; allowed: "
                              f"{', '.join(_WORDS)}.")
        self.lang, self.words = lang, _WORDS[lang]
        self.names, self.segments = topic_names, segment_names

    def topic(self, code: Any) -> str:
        base, _, suffix = str(code).partition(":")
        name = (self.names.get(base) or {}).get(self.lang) or base
        return f"{name} ({self.words.get(suffix, suffix)})" if suffix else name

    def word(self, v: Any, prefix: str = "") -> Any:
        if v is None or isinstance(v, float) and math.isnan(v):
            return None
        return self.words.get(prefix + str(v), str(v))

    def kinds(self) -> dict[str, Callable[[Any], Any]]:
        return {
            "text": lambda v: None if v is None or v is pd.NA or isinstance(v, float)
            and math.isnan(v) else str(v),
            "int": lambda v: None if _finite(v) is None else int(round(float(v))),
            "pts": lambda v: _round(v, 1),
            "dec2": lambda v: _round(v, 2),
            "share": lambda v: None if _finite(v) is None else round(100 * float(v), 1),
            "p": _p,
            "topic": self.topic,
            "segment": lambda v: self.segments.get(str(v), str(v)),
            "segments": lambda v: relabel_segments("" if v is None else str(v),
                                                   self.segments),
            "mention": self.word,
            "status": self.word,
            "quadrant": lambda v: self.word(v) if v else None,
            "priority": self.word,
            "reason": lambda v: None if v is None else str(v),
            "sentiment": lambda v: self.word(v, "s_") if v else None,
            "group": self.word,
            "language": lambda v: self.word(v, "l_"),
            "bool": lambda v: None if v is None else self.words["yes" if bool(v) else "no"],
            "direction": lambda v: None if _finite(v) is None else
            self.words["lowers" if float(v) < 0 else "raises"],
            "date": lambda v: None if pd.isna(v) else pd.Timestamp(v).date(),
            "datetime": lambda v: None if pd.isna(v) else pd.Timestamp(v).to_pydatetime(),
            "topics": lambda v: "; ".join(self.topic(c) for c in _items(v)),
            "topic_sentiment": lambda v: "; ".join(
                f"{self.topic(d['topic'])}: {self.word(d['sentiment'], 's_')}"
                for d in _items(v)),
            "topic_evidence": lambda v: "; ".join(
                f"{self.topic(d['topic'])}: {', '.join(map(str, _items(d['words'])))}"
                for d in _items(v)),
            "reject": lambda v: reject_reason(str(v), self.lang),
        }


def _status(df: pd.DataFrame) -> pd.Series:
    """The ``status`` column of a table that has only flags (segments, trends)."""
    if "status" in df.columns:
        return df["status"]
    small = df.get("small_count", df.get("small_sample", pd.Series(False, index=df.index)))
    small = small.astype("boolean").fillna(False).astype(bool)
    sig = df.get("significant", df.get("significant_change", pd.Series(False, index=df.index)))
    sig = sig.astype("boolean").fillna(False).astype(bool)
    word = "small count" if "small_count" in df.columns else "small sample"
    return pd.Series(np.where(small, word, np.where(sig, "significant", "not significant")),
                     index=df.index)


def analyst_table(name: str, df: pd.DataFrame, *, lang: str = "en",
                  topic_names: Mapping[str, Mapping[str, str]] | None = None,
                  segment_names: Mapping[str, str] | None = None,
                  groups: tuple[str, str, str] = ("detractors", "passives", "promoters"),
                  scale: str | ScoreScale = "nps") -> pd.DataFrame:
    """The analyst form of machine table ``name`` (a key of :data:`COLUMNS`): readable
    headers in ``lang``, names for codes, rounded numbers kept as numbers, and the p-values
    of small counts left empty. ``groups`` names the score groups (low, middle, high) in the
    share headers; ``scale`` words the metric (:func:`for_scale`). Columns the table lacks
    are left out."""
    if name not in COLUMNS:
        raise ConfigError(f"Unknown table {name!r}; known: {', '.join(COLUMNS)}.")
    fmt = _Formatter(lang, topic_names or {}, segment_names or {})
    kinds = fmt.kinds()
    src = df.copy()
    if any(c.machine == "status" for c in COLUMNS[name]) and len(src):
        src["status"] = _status(src)
    small = src["status"].isin(("small count", "small sample")) if "status" in src.columns \
        else pd.Series(False, index=src.index)
    if name == "followup" and lang == "pl" and "reason_pl" in src.columns:
        src["reason"] = src["reason_pl"]
    out: dict[str, pd.Series] = {}
    group_words = dict(zip(("low", "middle", "high"), groups, strict=True))
    for col in COLUMNS[name]:
        header = for_scale(getattr(col, lang), lang, scale).format(
            **group_words, segment="{segment}", column="{column}")
        machines = _expand(col.machine, src, COLUMNS[name])
        for machine in machines:
            values = src[machine]
            if col.kind == "p":
                values = values.where(~small)
            shown = [kinds[col.kind](v) for v in values]
            head = header
            if machine != col.machine:  # segment_* / the rejected row's own columns
                label = fmt.segments.get(machine.removeprefix("segment_"), machine) \
                    if col.machine == "segment_*" else machine
                head = label
            out[head] = pd.Series(shown, index=src.index, dtype=object)
    table = pd.DataFrame(out, index=src.index).reset_index(drop=True)
    return table.infer_objects()


def _expand(machine: str, df: pd.DataFrame, spec: tuple[Column, ...]) -> list[str]:
    """The machine columns an analyst column stands for (patterns ``segment_*`` and ``*``:
    every column no other entry names)."""
    if machine == "segment_*":
        return [c for c in df.columns if str(c).startswith("segment_")]
    if machine == "*":
        named = {c.machine for c in spec}
        return [c for c in df.columns if c not in named and not str(c).startswith("segment_")]
    return [machine] if machine in df.columns else []


def column_guide(lang: str = "en", *, groups: tuple[str, str, str] | None = None,
                 scale: str | ScoreScale = "nps") -> pd.DataFrame:
    """The documentation sheet: for every analyst column its sheet, header (share headers
    name the score ``groups``; default the NPS groups), machine table and column, and
    meaning."""
    words = dict(zip(("low", "middle", "high"), groups or _NPS_GROUPS[lang], strict=True))
    rows = []
    by_table = {v: k for k, v in _SHEET_TABLE.items()}
    for table, cols in COLUMNS.items():
        sheet = by_table.get(table, table)
        title = SHEET_NAMES.get(sheet, {}).get(lang, sheet)
        machine_file = f"drivers_{table}" if table in _SHEET_TABLE.values() else table
        for col in cols:
            header = for_scale(getattr(col, lang), lang, scale).format(
                **words, **_PATTERN_HEADERS[lang])
            meaning = col.meaning_pl if lang == "pl" else col.meaning_en
            rows.append({"sheet": title, "header": header,
                         "file": machine_file, "machine": col.machine,
                         "meaning": for_scale(meaning, lang, scale)})
    heads = {"en": ("Sheet", "Column", "Machine table", "Machine column", "Meaning"),
             "pl": ("Arkusz", "Kolumna", "Tabela maszynowa", "Kolumna maszynowa", "Znaczenie")}
    return pd.DataFrame(rows).set_axis(list(heads[lang]), axis=1)


def analyst_tables(tables: Mapping[str, pd.DataFrame], *, lang: str = "en",
                   topic_names: Mapping[str, Mapping[str, str]] | None = None,
                   segment_names: Mapping[str, str] | None = None,
                   groups: tuple[str, str, str] = ("detractors", "passives", "promoters"),
                   scale: str | ScoreScale = "nps") -> dict[str, pd.DataFrame]:
    """Sheet key -> analyst table for every driver table present (``tables`` by machine
    name, as in :class:`cxtext.drivers.DriverResults`), plus ``responses`` and
    ``rejects`` when given under those names."""
    out: dict[str, pd.DataFrame] = {}
    for sheet, key in [*_SHEET_TABLE.items(), ("responses", "responses"),
                       ("rejects", "rejects")]:
        if key in tables and tables[key] is not None:
            out[sheet] = analyst_table(key, tables[key], lang=lang, topic_names=topic_names,
                                       segment_names=segment_names, groups=groups,
                                       scale=scale)
    return out


_SUMMARY_LABELS: dict[str, dict[str, str]] = {
    "en": {"source": "Source file", "format": "Format", "encoding": "Encoding",
           "delimiter": "Delimiter", "rows_read": "Rows read", "rows_accepted": "Rows accepted",
           "rows_rejected": "Rows rejected", "rejected": "Rejected: {reason}",
           "blank_lines_skipped": "Blank lines skipped", "input_note": "Note on the input",
           "scale": "Score scale", "respondents": "Respondents", "answers": "Answers",
           "metric": "{metric}", "ci_low": "{metric}: 95% CI from",
           "ci_high": "{metric}: 95% CI to", "non_answers": "Non-answers",
           "gibberish": "Gibberish answers",
           "answers_with_pii": "Answers with redacted personal data",
           "language": "Language: {value}", "sentiment": "Sentiment: {value}",
           "answers_with_topic": "Answers with a topic",
           "coverage_answers": "Answers with a topic (%)",
           "coverage_detractors": "Detractors with a topic (%)",
           "profile": "Profile", "sentiment_model": "Sentiment model",
           "topic_model": "Topic model", "taxonomy": "Taxonomy chosen (--taxonomy auto)",
           "score_col": "Score column", "text_col": "Text column", "id_col": "ID column",
           "segment_col": "Segment column", "date_col": "Date column",
           "r2": "Key-driver model R²", "driver_note": "Note on the analysis",
           "finding": "Key finding {k}"},
    "pl": {"source": "Plik źródłowy", "format": "Format", "encoding": "Kodowanie",
           "delimiter": "Separator", "rows_read": "Wczytane wiersze",
           "rows_accepted": "Przyjęte wiersze", "rows_rejected": "Odrzucone wiersze",
           "rejected": "Odrzucone: {reason}", "blank_lines_skipped": "Pominięte puste linie",
           "input_note": "Uwaga o danych wejściowych", "scale": "Skala ocen",
           "respondents": "Respondenci", "answers": "Odpowiedzi", "metric": "{metric}",
           "ci_low": "{metric}: 95% PU od", "ci_high": "{metric}: 95% PU do",
           "non_answers": "Brak odpowiedzi", "gibberish": "Odpowiedzi bez treści",
           "answers_with_pii": "Odpowiedzi z usuniętymi danymi osobowymi",
           "language": "Język: {value}", "sentiment": "Wydźwięk: {value}",
           "answers_with_topic": "Odpowiedzi z tematem",
           "coverage_answers": "Odpowiedzi z tematem (%)",
           "coverage_detractors": "Krytycy z tematem (%)",
           "profile": "Profil", "sentiment_model": "Model wydźwięku",
           "topic_model": "Model tematów", "taxonomy": "Wybrana taksonomia (--taxonomy auto)",
           "score_col": "Kolumna oceny", "text_col": "Kolumna tekstu", "id_col": "Kolumna ID",
           "segment_col": "Kolumna segmentu", "date_col": "Kolumna daty",
           "r2": "R² modelu kluczowych czynników", "driver_note": "Uwaga do analizy",
           "finding": "Wniosek {k}"},
}


def summary_table(summary: Mapping[str, Any], lang: str = "en") -> pd.DataFrame:
    """The ``summary`` sheet: one labelled row per fact of ``summary.json`` in the report
    language - counts as numbers, one row per language, sentiment, reject reason, input
    column and key finding; no nested structures and no file paths."""
    fmt = _Formatter(lang, {}, {})
    S = _SUMMARY_LABELS[lang]
    scale = str(summary.get("scale") or "nps")
    rows: list[tuple[str, Any]] = []

    def add(key: str, fact: Any, **kw: Any) -> None:
        if fact is None or (isinstance(fact, (list, dict, str)) and not fact):
            return
        rows.append((for_scale(S[key], lang, scale).format(**kw), fact))

    for key in ("source", "format", "encoding", "delimiter", "rows_read", "rows_accepted",
                "rows_rejected"):
        add(key, summary.get(key))
    for reason, n in (summary.get("reject_reasons") or {}).items():
        add("rejected", int(n), reason=reject_reason(str(reason), lang))
    add("blank_lines_skipped", summary.get("blank_lines_skipped") or None)
    for note in summary.get("input_notes") or []:
        add("input_note", str(note))
    scale = str(summary.get("scale") or "nps")
    metric = "NPS" if scale == "nps" else f"Net {scale.upper()}"
    key = "nps" if scale == "nps" else f"net_{scale}"
    add("scale", scale.upper())
    for k in ("respondents", "answers"):
        add(k, summary.get(k))
    add("metric", _round(summary.get(key), 1), metric=metric)
    ci = list(summary.get(f"{key}_ci") or []) + [None, None]
    add("ci_low", _round(ci[0], 1), metric=metric)
    add("ci_high", _round(ci[1], 1), metric=metric)
    for k in ("non_answers", "gibberish", "answers_with_pii", "answers_with_topic"):
        add(k, summary.get(k))
    cov = summary.get("topic_coverage") or {}
    add("coverage_answers", None if _finite(cov.get("answers")) is None
        else round(100 * float(cov["answers"]), 1))
    add("coverage_detractors", None if _finite(cov.get("detractors")) is None
        else round(100 * float(cov["detractors"]), 1))
    for code, n in (summary.get("languages") or {}).items():
        add("language", int(n), value=fmt.word(code, "l_"))
    for label, n in (summary.get("sentiment") or {}).items():
        add("sentiment", int(n), value=fmt.word(label, "s_"))
    models = summary.get("models") or {}
    add("profile", models.get("profile"))
    add("sentiment_model", models.get("sentiment"))
    add("topic_model", models.get("topics"))
    choice = models.get("taxonomy_choice")
    if isinstance(choice, Mapping):
        add("taxonomy", " - ".join(str(choice[k]) for k in ("pack", "reason") if choice.get(k)))
    mapping = summary.get("mapping") or {}
    add("score_col", mapping.get("score"))
    for col in _items(mapping.get("text")):
        add("text_col", str(col))
    add("id_col", mapping.get("id"))
    for col in _items(mapping.get("segments")):
        add("segment_col", str(col))
    add("date_col", mapping.get("date"))
    drivers = summary.get("drivers") or {}
    add("r2", _round(drivers.get("r2"), 3))
    for note in drivers.get("notes") or []:
        add("driver_note", str(note))
    for k, line in enumerate((summary.get("headline") or {}).get(lang) or [], start=1):
        add("finding", str(line), k=k)
    words = _WORDS[lang]
    return pd.DataFrame(rows, columns=[words["metric"], words["value"]])
