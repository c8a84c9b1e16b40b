"""Wave comparison: what changed between two ``cxtext analyze`` output folders.

A survey run every quarter gives one analyze folder per "wave". :func:`compare_waves` reads
two of them - only their files (``summary.json``, ``nps.csv``, ``drivers_impact.csv`` or else
``topic_mentions.csv``, ``themes.csv``, ``drivers_themes.csv``); no model is run - and
:meth:`Comparison.write` writes ``compare.json`` (everything, structured), ``compare.csv``
(one row per topic) and ``compare.html`` (one self-contained page: inline CSS, no JavaScript,
no external requests; English or Polish).

Methods (``confidence`` 95 % by default; "old" is the earlier wave, differences are new - old):

* **NPS change**, overall and per segment value present in both waves. The waves are
  independent samples. With ``n`` respondents and shares ``p_P`` of promoters and ``p_D`` of
  detractors (the counts of ``nps.csv``), a wave's NPS has variance
  ``(p_P + p_D - (p_P - p_D)^2) / n`` (x 100^2 in points, as in :mod:`cxtext.nps`). The
  difference has ``SE = sqrt(SE_old^2 + SE_new^2)``, the Wald interval ``diff +/- z SE`` and
  the p-value of the two-sided z-test of ``diff / SE``. Segment rows are Benjamini-Hochberg
  adjusted together; a group with fewer than 30 respondents in either wave is
  ``small_sample`` and never marked significant. The same arithmetic gives the net score of
  CSAT scales.
* **Topic shares**: the share of respondents mentioning a topic (``n_mentions / n`` of
  ``drivers_impact.csv``; distinct respondents of ``topic_mentions.csv`` when the drivers were
  skipped), compared with the two-proportion z-test (pooled SE); the interval of the
  difference (in percentage points) is Wald with the unpooled SE. p-values are
  Benjamini-Hochberg adjusted over the topics. As in the drivers' ``small_count`` rule, a
  topic mentioned by fewer than ``min_mentions`` (30) respondents in the two waves together,
  or with an expected count under 5 in the wave x mentioned table, is ``small_count`` and
  never marked significant. Topics only (the drivers' ``<code>:negative`` rows are left out).
* **NPS impact** (``nps_impact`` of ``drivers_impact.csv``, with its bootstrap CI): the
  difference new - old, and ``impact_changed`` when the two 95 % intervals do not overlap
  (and neither wave flags the topic ``small_count``). Non-overlap is a conservative rule: it
  implies a difference significant well below 5 %, but two impacts can differ significantly
  while their intervals overlap.
* **New and vanished**: topics mentioned in one wave only (same taxonomy), and discovered
  themes whose label (case-insensitive) is in one wave's ``themes.csv`` only.

Both waves must use the same score scale (else :class:`ScaleMismatchError`). When their
taxonomies differ, a :class:`TaxonomyMismatchWarning` is issued and only the topics found in
both waves are compared.
"""

from __future__ import annotations

import json
import logging
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from cxtext._version import __version__
from cxtext.backends import DEFAULT_TOPICS
from cxtext.drivers.impact import bh_adjust, topic_rows
from cxtext.errors import ConfigError, CxTextError, CxTextWarning
from cxtext.nps import MIN_N, NPSResult, nps
from cxtext.report.html import PAGE_HEAD

__all__ = [
    "COMPARE_COLUMNS",
    "Comparison",
    "NotAnalyzeOutputError",
    "ScaleMismatchError",
    "TaxonomyMismatchWarning",
    "Wave",
    "WaveCompareError",
    "compare_waves",
    "nps_difference",
    "read_wave",
    "two_proportion_test",
]

logger = logging.getLogger(__name__)

#: Columns of ``compare.csv`` (shares are fractions, differences percentage points).
COMPARE_COLUMNS: tuple[str, ...] = (
    "topic", "name", "status", "n_old", "n_new", "mentions_old", "mentions_new", "share_old",
    "share_new", "diff_points", "diff_ci_low", "diff_ci_high", "z", "p_value", "p_adjusted",
    "small_count", "significant", "impact_old", "impact_old_ci_low", "impact_old_ci_high",
    "impact_new", "impact_new_ci_low", "impact_new_ci_high", "impact_diff", "impact_changed",
)

REQUIRED_FILES: tuple[str, ...] = ("summary.json", "nps.csv")


class WaveCompareError(CxTextError, ValueError):
    """Two analyze output folders cannot be compared as given."""


class NotAnalyzeOutputError(WaveCompareError):
    """A folder is not (or not a complete) ``cxtext analyze`` output."""


class ScaleMismatchError(WaveCompareError):
    """The two waves use different score scales (e.g. NPS 0-10 and CSAT 1-5)."""


class TaxonomyMismatchWarning(CxTextWarning):
    """The two waves were classified with different taxonomies: only shared topics compared."""


# --------------------------------------------------------------------------- statistics


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ConfigError(f"confidence must be in (0, 1), got {confidence}.")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _p_two_sided(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2.0))


def nps_difference(old: NPSResult, new: NPSResult, *,
                   confidence: float = 0.95) -> dict[str, float]:
    """Difference ``new - old`` of two independent NPS (points) with a Wald CI and z-test.

    ``SE(diff) = sqrt(SE_old^2 + SE_new^2)`` where each ``SE`` is
    ``100 sqrt((p_P + p_D - (p_P - p_D)^2) / n)`` (:func:`cxtext.nps.nps`). Returns ``diff``,
    ``se``, ``ci_low``, ``ci_high``, ``z`` and ``p_value`` (NaN when a wave has no
    respondents; with ``SE = 0`` the Wald limits: p 1 for no difference, else 0).
    """
    z_crit = _z(confidence)
    if old.n == 0 or new.n == 0:
        nan = float("nan")
        return {"diff": nan, "se": nan, "ci_low": nan, "ci_high": nan, "z": nan, "p_value": nan}
    diff = new.nps - old.nps
    se = math.hypot(old.se, new.se)
    if se == 0:
        z = 0.0 if diff == 0 else math.copysign(math.inf, diff)
        p = 1.0 if diff == 0 else 0.0
    else:
        z = diff / se
        p = _p_two_sided(z)
    return {"diff": diff, "se": se, "ci_low": diff - z_crit * se,
            "ci_high": diff + z_crit * se, "z": z, "p_value": p}


def two_proportion_test(k_old: int, n_old: int, k_new: int, n_new: int, *,
                        confidence: float = 0.95) -> dict[str, float]:
    """Two-proportion z-test of ``k_new / n_new`` against ``k_old / n_old``.

    The test uses the pooled SE ``sqrt(p (1 - p) (1/n_old + 1/n_new))`` with
    ``p = (k_old + k_new) / (n_old + n_new)``; the Wald interval of the difference the
    unpooled SE. Returns ``diff_points``, ``ci_low``, ``ci_high`` (percentage points), ``z``
    and the two-sided ``p_value``.
    """
    z_crit = _z(confidence)
    if n_old <= 0 or n_new <= 0:
        nan = float("nan")
        return {"diff_points": nan, "ci_low": nan, "ci_high": nan, "z": nan, "p_value": nan}
    p1, p2 = k_old / n_old, k_new / n_new
    diff = p2 - p1
    pooled = (k_old + k_new) / (n_old + n_new)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n_old + 1 / n_new))
    if se0 == 0:  # nobody or everybody mentions it in both waves: no difference
        z, p = 0.0, 1.0
    else:
        z = diff / se0
        p = _p_two_sided(z)
    se1 = math.sqrt(p1 * (1 - p1) / n_old + p2 * (1 - p2) / n_new)
    return {"diff_points": 100 * diff, "ci_low": 100 * (diff - z_crit * se1),
            "ci_high": 100 * (diff + z_crit * se1), "z": z, "p_value": p}


def _small_count(k_old: int, n_old: int, k_new: int, n_new: int, min_mentions: int) -> bool:
    """The drivers' rule on the wave x mentioned table: too few mentions or an expected cell
    under 5."""
    total_k, total_n = k_old + k_new, n_old + n_new
    if total_k < min_mentions or total_n == 0:
        return True
    expected = [n * k / total_n for n in (n_old, n_new) for k in (total_k, total_n - total_k)]
    return min(expected) < 5


# --------------------------------------------------------------------------- reading a wave


@dataclass
class Wave:
    """What :func:`compare_waves` reads from one analyze output folder."""

    path: Path
    summary: dict[str, Any]
    nps: pd.DataFrame
    topics: pd.DataFrame | None  # topic, n, mentions, impact, impact_ci_low/high, impact_small
    n_topics_base: int
    themes: pd.DataFrame | None  # label, key, size, share, detractor_rate, nps_impact
    notes: list[str] = field(default_factory=list)

    @property
    def scale(self) -> str:
        return str(self.summary["scale"])

    @property
    def taxonomy(self) -> str | None:
        """The taxonomy (or topic model) that classified the answers, as summary.json names
        it (``topics.rules.v1`` is the default taxonomy ``cx_default``)."""
        models = self.summary.get("models") or {}
        name = models.get("topics")
        if name is None:
            return None
        return "cx_default" if name == DEFAULT_TOPICS else str(name)

    def info(self) -> dict[str, Any]:
        overall = self.nps.iloc[0]
        return {"folder": str(self.path), "source": self.summary.get("source"),
                "respondents": int(overall["n"]), "scale": self.scale,
                "taxonomy": self.taxonomy,
                "profile": (self.summary.get("models") or {}).get("profile")}


def _missing(path: Path, name: str, what: str) -> NotAnalyzeOutputError:
    return NotAnalyzeOutputError(
        f"{what} {path} is not a `cxtext analyze` output folder: {name} is missing. Pass the "
        f"--out folder of a finished `cxtext analyze` run (it writes {', '.join(REQUIRED_FILES)}"
        f"), or create it with: cxtext analyze survey.csv --out {path}")


def read_wave(path: str | Path, *, what: str = "Folder") -> Wave:
    """Read the files :func:`compare_waves` needs from one analyze output folder."""
    folder = Path(path)
    if not folder.is_dir():
        raise NotAnalyzeOutputError(
            f"{what} {folder} does not exist or is not a folder. Pass the --out folder of "
            f"`cxtext analyze` (e.g. cxtext analyze survey.csv --out {folder}).")
    for name in REQUIRED_FILES:
        if not (folder / name).is_file():
            raise _missing(folder, name, what)
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAnalyzeOutputError(f"{what} {folder}: summary.json cannot be read ({exc}). "
                                    "Re-run `cxtext analyze` into this folder.") from None
    if not isinstance(summary, dict) or "scale" not in summary:
        raise NotAnalyzeOutputError(f"{what} {folder}: summary.json has no 'scale': it is not "
                                    "the summary of `cxtext analyze`. Re-run cxtext analyze.")
    table = _read_nps(folder, what)
    notes: list[str] = []
    topics, base = _read_topics(folder, summary, table, what, notes)
    themes = _read_themes(folder)
    return Wave(folder, summary, table, topics, base, themes, notes)


def _read_nps(folder: Path, what: str) -> pd.DataFrame:
    """``nps.csv`` with the three group counts as ``high``/``middle``/``low`` (they follow
    ``n`` in the file, whatever the scale names its groups)."""
    try:
        raw = pd.read_csv(folder / "nps.csv", encoding="utf-8-sig", dtype=str,
                          keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise NotAnalyzeOutputError(f"{what} {folder}: nps.csv cannot be read ({exc}).") \
            from None
    cols = list(raw.columns)
    if cols[:3] != ["segment", "value", "n"] or len(cols) < 6 or raw.empty:
        raise NotAnalyzeOutputError(
            f"{what} {folder}: nps.csv does not look like the NPS table of `cxtext analyze` "
            f"(columns {cols[:6]}; expected segment, value, n and the three group counts). "
            "Re-run cxtext analyze into this folder.")
    out = pd.DataFrame({"segment": raw["segment"], "value": raw["value"]})
    for new, old in zip(("n", "high", "middle", "low"), cols[2:6], strict=True):
        out[new] = pd.to_numeric(raw[old], errors="coerce").fillna(0).astype(np.int64)
    if out.iloc[0]["segment"] != "all":
        raise NotAnalyzeOutputError(f"{what} {folder}: nps.csv has no overall row "
                                    "(segment 'all') first. Re-run cxtext analyze.")
    out.attrs["groups"] = tuple(cols[3:6])
    return out


def _bools(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.lower().isin(("true", "1", "yes"))


def _read_topics(folder: Path, summary: dict[str, Any], table: pd.DataFrame, what: str,
                 notes: list[str]) -> tuple[pd.DataFrame | None, int]:
    """Respondents mentioning each topic (and its NPS impact when the drivers ran), and the
    number of respondents the shares are of."""
    respondents = int(table.iloc[0]["n"])
    path = folder / "drivers_impact.csv"
    if path.is_file():
        df = pd.read_csv(path, encoding="utf-8-sig")
        need = {"topic", "negative_only", "n", "n_mentions", "nps_impact", "nps_impact_ci_low",
                "nps_impact_ci_high", "small_count"}
        if missing := sorted(need - set(df.columns)):
            raise NotAnalyzeOutputError(
                f"{what} {folder}: drivers_impact.csv lacks the columns {missing}. Re-run "
                "cxtext analyze into this folder (an older or edited table).")
        df = topic_rows(df)  # not the <code>:negative / <code>:positive rows
        base = int(df["n"].iloc[0]) if len(df) else respondents
        out = pd.DataFrame({
            "topic": df["topic"].astype(str), "mentions": df["n_mentions"].astype(np.int64),
            "impact": df["nps_impact"].astype(float),
            "impact_ci_low": df["nps_impact_ci_low"].astype(float),
            "impact_ci_high": df["nps_impact_ci_high"].astype(float),
            "impact_small": _bools(df["small_count"])})
        return out.reset_index(drop=True), base
    path = folder / "topic_mentions.csv"
    if path.is_file():
        df = pd.read_csv(path, encoding="utf-8-sig", usecols=lambda c: c in (
            "source_row", "response_id", "topic"), dtype=str, keep_default_na=False)
        key = "source_row" if "source_row" in df.columns else "response_id"
        if "topic" not in df.columns or key not in df.columns:
            raise NotAnalyzeOutputError(f"{what} {folder}: topic_mentions.csv has no topic / "
                                        "source_row columns. Re-run cxtext analyze.")
        counts = df[df["topic"] != ""].groupby("topic")[key].nunique()
        notes.append(f"{folder}: no drivers_impact.csv (analyze ran without the driver "
                     "stage): topic shares from topic_mentions.csv, no NPS impact.")
        nan = float("nan")
        out = pd.DataFrame({"topic": counts.index.astype(str),
                            "mentions": counts.to_numpy(dtype=np.int64), "impact": nan,
                            "impact_ci_low": nan, "impact_ci_high": nan,
                            "impact_small": False})
        return out, respondents
    if (summary.get("models") or {}).get("topics") is not None:
        notes.append(f"{folder}: neither drivers_impact.csv nor topic_mentions.csv: topics "
                     "not compared.")
    return None, respondents


def _read_themes(folder: Path) -> pd.DataFrame | None:
    path = folder / "themes.csv"
    if not path.is_file():
        return None
    df = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    if "label" not in df.columns:
        return None
    impact: dict[str, float] = {}
    drivers = folder / "drivers_themes.csv"
    if drivers.is_file():
        dt = pd.read_csv(drivers, encoding="utf-8-sig")
        if {"topic", "nps_impact"} <= set(dt.columns):
            impact = dict(zip(dt["topic"].astype(str), dt["nps_impact"].astype(float),
                              strict=True))
    out = pd.DataFrame({"label": df["label"].astype(str)})
    out["key"] = out["label"].str.strip().str.casefold()
    for col in ("size", "share", "detractor_rate"):
        out[col] = pd.to_numeric(df[col], errors="coerce") if col in df.columns else np.nan
    out["top_terms"] = df["top_terms"].fillna("").astype(str) if "top_terms" in df.columns \
        else ""
    codes = [f"theme_{t}" for t in df["theme"]] if "theme" in df.columns else [""] * len(df)
    out["nps_impact"] = [impact.get(c, float("nan")) for c in codes]
    return out


# --------------------------------------------------------------------------- the comparison


@dataclass
class Comparison:
    """Result of :func:`compare_waves`; :meth:`write` puts it into a folder."""

    old: dict[str, Any]
    new: dict[str, Any]
    scale: str
    metric: str
    confidence: float
    min_mentions: int
    nps: pd.DataFrame  # overall row first, then segment values in both waves
    topics: pd.DataFrame  # COMPARE_COLUMNS
    new_topics: list[str]
    vanished_topics: list[str]
    not_compared: dict[str, list[str]]  # topics of one taxonomy only (taxonomies differ)
    new_themes: list[dict[str, Any]]
    vanished_themes: list[dict[str, Any]]
    kept_themes: list[str]
    notes: list[str]
    lang: str = "en"
    topic_names: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def overall(self) -> dict[str, Any]:
        """The overall NPS change as a dict (first row of :attr:`nps`)."""
        return _clean(self.nps.iloc[0].to_dict())

    @property
    def segments(self) -> pd.DataFrame:
        return self.nps.iloc[1:].reset_index(drop=True)

    def significant_topics(self) -> pd.DataFrame:
        """Topics whose share of respondents changed significantly (BH-adjusted)."""
        return self.topics[self.topics["significant"]]

    def impact_changes(self) -> pd.DataFrame:
        """Topics whose NPS impact intervals do not overlap between the waves."""
        return self.topics[self.topics["impact_changed"]]

    def as_dict(self) -> dict[str, Any]:
        """Everything, JSON-friendly (NaN as null): what ``compare.json`` holds."""
        return {
            "cxtext_version": __version__,
            "old": self.old, "new": self.new, "scale": self.scale, "metric": self.metric,
            "confidence": self.confidence, "min_mentions": self.min_mentions,
            "method": METHOD,
            "nps": {"overall": self.overall, "segments": _records(self.segments)},
            "topics": _records(self.topics),
            "topics_share_changed": self.significant_topics()["topic"].tolist(),
            "topics_impact_changed": self.impact_changes()["topic"].tolist(),
            "new_topics": self.new_topics, "vanished_topics": self.vanished_topics,
            "topics_not_compared": self.not_compared,
            "themes": {"new": [_clean(t) for t in self.new_themes],
                       "vanished": [_clean(t) for t in self.vanished_themes],
                       "kept": self.kept_themes},
            "notes": self.notes,
        }

    def to_html(self, lang: str | None = None) -> str:
        """One self-contained page (inline CSS, no JavaScript, no external resources)."""
        return _render_html(self, lang or self.lang)

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """Write ``compare.json``, ``compare.csv`` and ``compare.html``; returns their paths."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"compare_json": out / "compare.json", "compare_csv": out / "compare.csv",
                 "compare_html": out / "compare.html"}
        paths["compare_json"].write_text(json.dumps(self.as_dict(), ensure_ascii=False,
                                                    indent=2), encoding="utf-8")
        self.topics.to_csv(paths["compare_csv"], index=False, encoding="utf-8-sig",
                           float_format="%.6g")
        paths["compare_html"].write_text(self.to_html(), encoding="utf-8")
        logger.info("Wrote %s", ", ".join(str(p) for p in paths.values()))
        return {k: str(v) for k, v in paths.items()}


METHOD: dict[str, str] = {
    "nps": "Difference new - old of two independent NPS. Variance of one wave's NPS = "
           "(p_promoters + p_detractors - (p_promoters - p_detractors)^2) / n (x 100^2 in "
           "points); SE(diff) = sqrt(SE_old^2 + SE_new^2); Wald CI diff +/- z SE; two-sided "
           "z-test. Segment values: Benjamini-Hochberg across segment rows; fewer than "
           f"{MIN_N} respondents in a wave = small_sample, never significant.",
    "topic_share": "Share of respondents mentioning the topic; two-proportion z-test (pooled "
                   "SE), Wald CI of the difference (unpooled SE), Benjamini-Hochberg across "
                   "topics; small_count (never significant) when fewer than min_mentions "
                   "respondents mention it in the two waves together or an expected count of "
                   "the wave x mentioned table is under 5.",
    "topic_impact": "nps_impact of drivers_impact.csv (NPS of all minus NPS of respondents not "
                    "mentioning the topic, bootstrap CI) in each wave; impact_changed when the "
                    "two CIs do not overlap and neither wave flags small_count. Conservative: "
                    "non-overlap implies significance well below 5 %, overlapping intervals do "
                    "not rule a significant difference out.",
    "new_vanished": "Topics mentioned in one wave only (same taxonomy); discovered themes "
                    "whose label (case-insensitive) is in one wave's themes.csv only.",
}


def compare_waves(old_dir: str | Path, new_dir: str | Path, *, lang: str = "en",
                  confidence: float = 0.95, min_mentions: int = 30) -> Comparison:
    """Compare two ``cxtext analyze`` output folders (``old_dir`` the earlier wave).

    Reads only their files. Returns a :class:`Comparison`: NPS change with CI and z-test
    overall and per segment value present in both waves, per-topic share changes
    (two-proportion z-test, Benjamini-Hochberg) and NPS impact changes, new and vanished
    topics and themes (see the module docstring for the methods). ``lang`` (``en``/``pl``)
    is the language of the HTML page and of the topic names.

    Raises :class:`NotAnalyzeOutputError` when a folder lacks ``summary.json`` or ``nps.csv``,
    :class:`ScaleMismatchError` when the waves use different score scales; warns
    :class:`TaxonomyMismatchWarning` (and compares only shared topics) when their taxonomies
    differ.
    """
    if lang not in _LABELS:
        raise ConfigError(f"Unknown report language {lang!r}; allowed: {', '.join(_LABELS)}.")
    _z(confidence)  # a bad confidence fails before any reading
    old = read_wave(old_dir, what="Old wave")
    new = read_wave(new_dir, what="New wave")
    if old.scale != new.scale:
        raise ScaleMismatchError(
            f"The waves use different score scales: {old.path} is {old.scale!r}, {new.path} "
            f"is {new.scale!r} (from their summary.json). NPS (0-10) and net CSAT (1-5) are "
            "not comparable: compare waves analysed on the same scale (cxtext analyze "
            "--scale nps|csat).")
    notes = [*old.notes, *new.notes]
    metric = "nps" if old.scale == "nps" else f"net_{old.scale}"
    table = _nps_changes(old, new, metric, confidence, notes)
    shared_only = False
    if old.taxonomy and new.taxonomy and old.taxonomy != new.taxonomy:
        shared_only = True
        msg = (f"The waves were classified with different taxonomies ({old.taxonomy!r} in "
               f"{old.path}, {new.taxonomy!r} in {new.path}): only topics found in both waves "
               "are compared; new and vanished topics are not reported.")
        warnings.warn(msg, TaxonomyMismatchWarning, stacklevel=2)
        logger.info(msg)
        notes.append(msg)
    topics, new_topics, vanished, not_compared = _topic_changes(
        old, new, shared_only=shared_only, confidence=confidence, min_mentions=min_mentions)
    names = _topic_names(new.taxonomy) or _topic_names(old.taxonomy)
    if len(topics):
        topics["name"] = [(names.get(c) or {}).get(lang, c) for c in topics["topic"]]
    new_themes, vanished_themes, kept = _theme_changes(old, new, notes)
    logger.info("compared %s with %s: %d topics, %d segment values", old.path, new.path,
                len(topics), len(table) - 1)
    return Comparison(old.info(), new.info(), old.scale, metric, confidence, min_mentions,
                      table, topics, new_topics, vanished, not_compared, new_themes,
                      vanished_themes, kept, notes, lang, names)


def _nps_changes(old: Wave, new: Wave, metric: str, confidence: float,
                 notes: list[str]) -> pd.DataFrame:
    def counts(wave: Wave) -> dict[tuple[str, str], tuple[int, int, int]]:
        return {(str(r["segment"]), str(r["value"])):
                (int(r["high"]), int(r["middle"]), int(r["low"]))
                for r in wave.nps.to_dict("records")}

    keys_old, keys_new = counts(old), counts(new)
    rows = []
    for key, ro in keys_old.items():  # old order: overall first, then segments by size
        rn = keys_new.get(key)
        if rn is None:
            continue
        a = nps(*ro, confidence=confidence)
        b = nps(*rn, confidence=confidence)
        d = nps_difference(a, b, confidence=confidence)
        rows.append({"segment": key[0], "value": key[1], "n_old": a.n, "n_new": b.n,
                     f"{metric}_old": a.nps, f"{metric}_new": b.nps, "se_old": a.se,
                     "se_new": b.se, "diff": d["diff"], "diff_ci_low": d["ci_low"],
                     "diff_ci_high": d["ci_high"], "z": d["z"], "p_value": d["p_value"],
                     "small_sample": a.n < MIN_N or b.n < MIN_N})
    out = pd.DataFrame(rows)
    seg = out["segment"] != "all"
    out["p_adjusted"] = out["p_value"]
    if seg.any():
        out.loc[seg, "p_adjusted"] = bh_adjust(out.loc[seg, "p_value"].to_numpy())
    out["significant"] = (out["p_adjusted"] < 1 - confidence) & ~out["small_sample"]
    only = sorted({s for s, _ in keys_old} ^ {s for s, _ in keys_new})
    if only:
        notes.append(f"Segments in one wave only (not compared): {', '.join(only)}.")
    cols = ["segment", "value", "n_old", "n_new", f"{metric}_old", f"{metric}_new", "se_old",
            "se_new", "diff", "diff_ci_low", "diff_ci_high", "z", "p_value", "p_adjusted",
            "small_sample", "significant"]
    return out[cols]


def _topic_changes(old: Wave, new: Wave, *, shared_only: bool, confidence: float,
                   min_mentions: int) -> tuple[pd.DataFrame, list[str], list[str],
                                               dict[str, list[str]]]:
    empty = _empty_topics()
    if old.topics is None or new.topics is None:
        return empty, [], [], {"old": [], "new": []}
    a = old.topics.set_index("topic")
    b = new.topics.set_index("topic")
    in_old, in_new = set(a.index), set(b.index)
    new_topics = sorted(in_new - in_old)
    vanished = sorted(in_old - in_new)
    not_compared: dict[str, list[str]] = {"old": [], "new": []}
    if shared_only:
        codes = [c for c in a.index if c in in_new]
        not_compared = {"old": vanished, "new": new_topics}
        new_topics, vanished = [], []
    else:
        codes = [*a.index, *(c for c in b.index if c not in in_old)]
    rows = []
    for code in codes:
        ra = a.loc[code] if code in in_old else None
        rb = b.loc[code] if code in in_new else None
        k_old = int(ra["mentions"]) if ra is not None else 0
        k_new = int(rb["mentions"]) if rb is not None else 0
        test = two_proportion_test(k_old, old.n_topics_base, k_new, new.n_topics_base,
                                   confidence=confidence)
        imp: dict[str, float] = {}
        for tag, r in (("old", ra), ("new", rb)):
            for col in ("", "_ci_low", "_ci_high"):
                imp[f"impact_{tag}{col}"] = float(r[f"impact{col}"]) if r is not None \
                    else float("nan")
        lows = (imp["impact_old_ci_low"], imp["impact_new_ci_low"])
        highs = (imp["impact_old_ci_high"], imp["impact_new_ci_high"])
        known = not any(math.isnan(v) for v in (*lows, *highs))
        small_impact = any(bool(r["impact_small"]) for r in (ra, rb) if r is not None)
        apart = known and (highs[0] < lows[1] or highs[1] < lows[0])
        rows.append({
            "topic": code, "name": code,
            "status": "both" if ra is not None and rb is not None
            else ("new" if ra is None else "vanished"),
            "n_old": old.n_topics_base, "n_new": new.n_topics_base,
            "mentions_old": k_old, "mentions_new": k_new,
            "share_old": k_old / old.n_topics_base if old.n_topics_base else float("nan"),
            "share_new": k_new / new.n_topics_base if new.n_topics_base else float("nan"),
            "diff_points": test["diff_points"], "diff_ci_low": test["ci_low"],
            "diff_ci_high": test["ci_high"], "z": test["z"], "p_value": test["p_value"],
            "small_count": _small_count(k_old, old.n_topics_base, k_new, new.n_topics_base,
                                        min_mentions),
            **imp,
            "impact_diff": imp["impact_new"] - imp["impact_old"],
            "impact_changed": bool(apart and not small_impact),
        })
    if not rows:
        return empty, new_topics, vanished, not_compared
    out = pd.DataFrame(rows)
    out["p_adjusted"] = bh_adjust(out["p_value"].to_numpy())
    out["significant"] = (out["p_adjusted"] < 1 - confidence) & ~out["small_count"]
    out["_abs"] = out["diff_points"].abs()
    out = out.sort_values(["significant", "_abs", "topic"], ascending=[False, False, True],
                          kind="stable")
    return (out[list(COMPARE_COLUMNS)].reset_index(drop=True), new_topics, vanished,
            not_compared)


def _empty_topics() -> pd.DataFrame:
    """The topic table with no rows (flags typed bool, so boolean indexing works)."""
    out = pd.DataFrame(columns=list(COMPARE_COLUMNS))
    return out.astype({c: bool for c in ("small_count", "significant", "impact_changed")})


def _theme_changes(old: Wave, new: Wave, notes: list[str]
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    if old.themes is None and new.themes is None:
        return [], [], []
    for wave in (old, new):
        if wave.themes is None:
            notes.append(f"{wave.path} has no themes.csv (no discovered themes, or analyze "
                         "ran with --no-themes): every theme of the other wave counts as "
                         "new / vanished.")
    a = old.themes if old.themes is not None else pd.DataFrame(columns=["key", "label"])
    b = new.themes if new.themes is not None else pd.DataFrame(columns=["key", "label"])
    keys_a, keys_b = set(a["key"]), set(b["key"])
    cols = ["label", "size", "share", "detractor_rate", "nps_impact", "top_terms"]

    def only_in(df: pd.DataFrame, other: set[str]) -> list[dict[str, Any]]:
        rows = df[~df["key"].isin(other)]
        return [{c: r.get(c) for c in cols} for r in rows.to_dict("records")]

    kept = [str(r["label"]) for r in b.to_dict("records") if r["key"] in keys_a]
    return only_in(b, keys_a), only_in(a, keys_b), kept


def _topic_names(taxonomy: str | None) -> dict[str, dict[str, str]]:
    """Topic names of the taxonomy that classified a wave, when it can be found (a packaged
    taxonomy or a file); else none (the codes are shown)."""
    if not taxonomy:
        return {}
    from cxtext.topics.taxonomy import load_taxonomy, packaged_taxonomies

    if taxonomy not in packaged_taxonomies() and not Path(taxonomy).is_file():
        return {}
    try:
        tax = load_taxonomy(taxonomy)
    except (CxTextError, OSError, ValueError) as exc:
        logger.info("no topic names from %s: %s", taxonomy, exc)
        return {}
    return {t.code: dict(t.name) for t in tax}


# --------------------------------------------------------------------------- JSON helpers


def _json(v: Any) -> Any:
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return None if math.isnan(f) or math.isinf(f) else round(f, 6)
    return v


def _clean(d: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): _json(v) for k, v in d.items()}


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [_clean(r) for r in df.to_dict("records")]


# --------------------------------------------------------------------------- HTML


_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Wave comparison",
        "generated": "Generated by cxtext {version}",
        "old": "Previous wave", "new": "Current wave", "folder": "Folder",
        "source": "Source", "respondents": "Respondents", "taxonomy": "Taxonomy",
        "headline": "{metric}: change between the waves",
        "change": "Change", "ci": "95% CI", "p": "p", "p_adj": "p (BH)",
        "significant": "significant", "not_significant": "not significant",
        "small_sample": "small sample", "small_count": "small count",
        "segments": "{metric} by segment (values present in both waves)",
        "segment": "Segment", "value": "Value",
        "topics": "Topic shares: share of respondents mentioning each topic",
        "topics_note": "Two-proportion z-test, Benjamini-Hochberg adjusted over topics; topics "
                       "mentioned by fewer than {min} respondents in the two waves together "
                       "are small counts and never significant. Differences in percentage "
                       "points.",
        "topic": "Topic", "share_old": "Share before", "share_new": "Share now",
        "diff_points": "Difference (pp)", "flag": "Note",
        "impact": "NPS impact per topic",
        "impact_note": "Impact = NPS of all minus NPS of those not mentioning the topic, with "
                       "its bootstrap 95% CI. Flagged when the two intervals do not overlap: a "
                       "conservative rule (overlapping intervals can still differ "
                       "significantly).",
        "impact_old": "Impact before", "impact_new": "Impact now",
        "impact_diff": "Change", "impact_changed": "changed",
        "new_topics": "New topics (mentioned only in the current wave)",
        "vanished_topics": "Vanished topics (mentioned only in the previous wave)",
        "new_themes": "New discovered themes",
        "vanished_themes": "Vanished discovered themes",
        "theme": "Theme", "size": "Answers", "detractors": "Detractors",
        "notes": "Notes", "method": "Method", "none": "None.",
        "status_new": "new", "status_vanished": "vanished",
        "up": "up", "down": "down", "no_change": "no significant change",
        "summary_line": "{metric} went from {old} to {new}: {diff} points (95% CI {lo} to {hi}; "
                        "p = {p}; {verdict}).",
    },
    "pl": {
        "title": "Porównanie fal badania",
        "generated": "Wygenerowano przez cxtext {version}",
        "old": "Poprzednia fala", "new": "Bieżąca fala", "folder": "Folder",
        "source": "Plik", "respondents": "Respondenci", "taxonomy": "Taksonomia",
        "headline": "{metric}: zmiana między falami",
        "change": "Zmiana", "ci": "95% przedział ufności", "p": "p", "p_adj": "p (BH)",
        "significant": "istotna", "not_significant": "nieistotna",
        "small_sample": "mała próba", "small_count": "mała liczebność",
        "segments": "{metric} w segmentach (wartości obecne w obu falach)",
        "segment": "Segment", "value": "Wartość",
        "topics": "Udział tematów: odsetek respondentów wspominających temat",
        "topics_note": "Test z dla dwóch proporcji, korekta Benjaminiego-Hochberga dla "
                       "wszystkich tematów; tematy wspomniane łącznie przez mniej niż {min} "
                       "respondentów w obu falach oznaczono jako małą liczebność (nigdy "
                       "istotne). Różnice w punktach procentowych.",
        "topic": "Temat", "share_old": "Udział wcześniej", "share_new": "Udział teraz",
        "diff_points": "Różnica (pp)", "flag": "Uwagi",
        "impact": "Wpływ tematów na NPS",
        "impact_note": "Wpływ = NPS wszystkich minus NPS tych, którzy nie wspominają tematu, z "
                       "95% przedziałem bootstrap. Oznaczono, gdy przedziały z obu fal się nie "
                       "pokrywają: reguła ostrożna (pokrywające się przedziały nie wykluczają "
                       "istotnej różnicy).",
        "impact_old": "Wpływ wcześniej", "impact_new": "Wpływ teraz",
        "impact_diff": "Zmiana", "impact_changed": "zmiana",
        "new_topics": "Nowe tematy (tylko w bieżącej fali)",
        "vanished_topics": "Tematy, które zniknęły (tylko w poprzedniej fali)",
        "new_themes": "Nowe odkryte wątki",
        "vanished_themes": "Odkryte wątki, które zniknęły",
        "theme": "Wątek", "size": "Odpowiedzi", "detractors": "Krytycy",
        "notes": "Uwagi", "method": "Metoda", "none": "Brak.",
        "status_new": "nowy", "status_vanished": "zniknął",
        "up": "wzrost", "down": "spadek", "no_change": "brak istotnej zmiany",
        "summary_line": "{metric}: z {old} na {new}, zmiana {diff} pkt (95% przedział {lo} do "
                        "{hi}; p = {p}; {verdict}).",
    },
}

_TEMPLATE = PAGE_HEAD + """.kpi .big{font-size:44px}
.sig{font-weight:700}.small{color:#999}.up{color:#15803d}.down{color:#b91c1c}
.bar{display:inline-block;height:10px;background:#94a3b8;vertical-align:middle}
.note{background:#fff7e6;border:1px solid #f5d9a8;padding:6px 10px;font-size:13px}
</style></head>
<body><main>
<h1>{{ L.title }}</h1>
<div class="muted">{{ generated }}</div>
<table><thead><tr><th></th><th>{{ L.folder }}</th><th>{{ L.source }}</th>
<th>{{ L.respondents }}</th><th>{{ L.taxonomy }}</th></tr></thead><tbody>
{% for w in waves %}<tr><td>{{ w.label }}</td><td>{{ w.folder }}</td><td>{{ w.source }}</td>
<td class="num">{{ w.respondents }}</td><td>{{ w.taxonomy }}</td></tr>{% endfor %}
</tbody></table>
{% if notes %}<div class="note"><b>{{ L.notes }}</b><ul>{% for n in notes %}<li>{{ n }}</li>
{% endfor %}</ul></div>{% endif %}

<section id="nps">
<h2>{{ headline }}</h2>
<div class="kpi"><div class="big">{{ overall.old }} → {{ overall.new }}</div>
<div class="{{ overall.cls }}">{{ L.change }}: <b>{{ overall.diff }}</b><br>
{{ L.ci }}: {{ overall.ci }}<br>p = {{ overall.p }} · {{ overall.flag }}</div></div>
<p>{{ summary_line }}</p>
<h3>{{ segments_title }}</h3>
{% if segments %}<table><thead><tr><th>{{ L.segment }}</th><th>{{ L.value }}</th>
<th>n</th><th>{{ L.old }}</th><th>{{ L.new }}</th><th>{{ L.change }}</th><th>{{ L.ci }}</th>
<th>{{ L.p_adj }}</th><th>{{ L.flag }}</th></tr></thead><tbody>
{% for r in segments %}<tr class="{{ r.cls }}"><td>{{ r.segment }}</td><td>{{ r.value }}</td>
<td class="num">{{ r.n }}</td><td class="num">{{ r.old }}</td><td class="num">{{ r.new }}</td>
<td class="num">{{ r.diff }}</td><td class="num">{{ r.ci }}</td><td class="num">{{ r.p }}</td>
<td>{{ r.flag }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p>{{ L.none }}</p>{% endif %}
</section>

<section id="topics">
<h2>{{ L.topics }}</h2>
<p class="muted">{{ topics_note }}</p>
{% if topics %}<table><thead><tr><th>{{ L.topic }}</th><th>{{ L.share_old }}</th>
<th>{{ L.share_new }}</th><th>{{ L.diff_points }}</th><th></th><th>{{ L.ci }}</th>
<th>{{ L.p_adj }}</th><th>{{ L.flag }}</th></tr></thead><tbody>
{% for r in topics %}<tr class="{{ r.cls }}"><td>{{ r.name }}</td>
<td class="num">{{ r.share_old }}</td><td class="num">{{ r.share_new }}</td>
<td class="num">{{ r.diff }}</td>
<td><span class="bar" style="width:{{ r.bar }}px;background:{{ r.color }}"></span></td>
<td class="num">{{ r.ci }}</td><td class="num">{{ r.p }}</td><td>{{ r.flag }}</td></tr>
{% endfor %}</tbody></table>{% else %}<p>{{ L.none }}</p>{% endif %}
</section>

<section id="impact">
<h2>{{ L.impact }}</h2>
<p class="muted">{{ L.impact_note }}</p>
{% if impacts %}<table><thead><tr><th>{{ L.topic }}</th><th>{{ L.impact_old }}</th>
<th>{{ L.impact_new }}</th><th>{{ L.impact_diff }}</th><th>{{ L.flag }}</th></tr></thead>
<tbody>{% for r in impacts %}<tr class="{{ r.cls }}"><td>{{ r.name }}</td>
<td class="num">{{ r.old }}</td><td class="num">{{ r.new }}</td><td class="num">{{ r.diff }}</td>
<td>{{ r.flag }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p>{{ L.none }}</p>{% endif %}
</section>

<section id="new-vanished">
<h2>{{ L.new_topics }}</h2>
{% if new_topics %}<ul>{% for t in new_topics %}<li>{{ t }}</li>{% endfor %}</ul>
{% else %}<p>{{ L.none }}</p>{% endif %}
<h2>{{ L.vanished_topics }}</h2>
{% if vanished_topics %}<ul>{% for t in vanished_topics %}<li>{{ t }}</li>{% endfor %}</ul>
{% else %}<p>{{ L.none }}</p>{% endif %}
{% for block in theme_blocks %}<h2>{{ block.title }}</h2>
{% if block.rows %}<table><thead><tr><th>{{ L.theme }}</th><th>{{ L.size }}</th>
<th>{{ L.detractors }}</th><th>NPS impact</th></tr></thead><tbody>
{% for t in block.rows %}<tr><td>{{ t.label }}<div class="muted">{{ t.terms }}</div></td>
<td class="num">{{ t.size }}</td><td class="num">{{ t.det }}</td>
<td class="num">{{ t.impact }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p>{{ L.none }}</p>{% endif %}{% endfor %}
</section>

<section id="method">
<h2>{{ L.method }}</h2>
<ul class="muted">{% for m in method %}<li>{{ m }}</li>{% endfor %}</ul>
</section>
</main></body></html>
"""


def _f(v: Any, spec: str = ".1f", signed: bool = False) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(f) or math.isinf(f):
        return "–"
    text = format(f, ("+" if signed else "") + spec)
    return text[1:] if text[0] in "+-" and not any(ch in "123456789" for ch in text) else text


def _p(v: Any) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(f):
        return "–"
    return "< 0.001" if f < 0.001 else f"{f:.3f}"


def _render_html(c: Comparison, lang: str) -> str:
    if lang not in _LABELS:
        raise ConfigError(f"Unknown report language {lang!r}; allowed: {', '.join(_LABELS)}.")
    L = _LABELS[lang]
    metric = c.metric.upper().replace("_", " ")

    def flag(sig: bool, small: bool) -> tuple[str, str]:
        if small:
            return L["small_sample"], "small"
        return (L["significant"], "sig") if sig else (L["not_significant"], "")

    o = c.nps.iloc[0]
    m_old, m_new = f"{c.metric}_old", f"{c.metric}_new"
    text, cls = flag(bool(o["significant"]), bool(o["small_sample"]))
    direction = "up" if o["diff"] > 0 else "down"
    overall = {"old": _f(o[m_old]), "new": _f(o[m_new]), "diff": _f(o["diff"], signed=True),
               "ci": f"{_f(o['diff_ci_low'], signed=True)} … {_f(o['diff_ci_high'], signed=True)}",
               "p": _p(o["p_value"]), "flag": text,
               "cls": f"{cls} {direction if o['significant'] else ''}".strip()}
    verdict = (f"{L['significant']} ({L[direction]})" if o["significant"] else L["no_change"])
    summary_line = L["summary_line"].format(
        metric=metric, old=overall["old"], new=overall["new"], diff=overall["diff"],
        lo=_f(o["diff_ci_low"], signed=True), hi=_f(o["diff_ci_high"], signed=True),
        p=overall["p"], verdict=verdict)
    segments = []
    for r in c.segments.to_dict("records"):
        text, cls = flag(bool(r["significant"]), bool(r["small_sample"]))
        segments.append({"segment": r["segment"], "value": r["value"],
                         "n": f"{r['n_old']} → {r['n_new']}", "old": _f(r[m_old]),
                         "new": _f(r[m_new]), "diff": _f(r["diff"], signed=True),
                         "ci": f"{_f(r['diff_ci_low'], signed=True)} … "
                               f"{_f(r['diff_ci_high'], signed=True)}",
                         "p": _p(r["p_adjusted"]), "flag": text, "cls": cls})
    topics, impacts = [], []
    for r in c.topics.to_dict("records"):
        text, cls = flag(bool(r["significant"]), False)
        if r["small_count"]:
            text, cls = L["small_count"], "small"
        extra = {"new": L["status_new"], "vanished": L["status_vanished"]}.get(r["status"])
        diff = float(r["diff_points"])
        topics.append({
            "name": r["name"], "share_old": _f(100 * r["share_old"]) + " %",
            "share_new": _f(100 * r["share_new"]) + " %", "diff": _f(diff, signed=True),
            "bar": 0 if math.isnan(diff) else min(int(abs(diff) * 4), 120),
            "color": "#2563eb" if diff > 0 else "#f59e0b",  # more / fewer mentions
            "ci": f"{_f(r['diff_ci_low'], signed=True)} … {_f(r['diff_ci_high'], signed=True)}",
            "p": _p(r["p_adjusted"]), "flag": text + (f", {extra}" if extra else ""),
            "cls": cls})
        if not (math.isnan(r["impact_old"]) and math.isnan(r["impact_new"])):
            impacts.append({
                "name": r["name"],
                "old": f"{_f(r['impact_old'], signed=True)} ({_f(r['impact_old_ci_low'])} … "
                       f"{_f(r['impact_old_ci_high'])})",
                "new": f"{_f(r['impact_new'], signed=True)} ({_f(r['impact_new_ci_low'])} … "
                       f"{_f(r['impact_new_ci_high'])})",
                "diff": _f(r["impact_diff"], signed=True),
                "flag": L["impact_changed"] if r["impact_changed"] else "",
                "cls": "sig" if r["impact_changed"] else "",
                "_key": (not r["impact_changed"], -abs(_nan0(r["impact_diff"])))})
    impacts.sort(key=lambda r: r["_key"])

    def named(codes: list[str]) -> list[str]:
        return [f"{(c.topic_names.get(code) or {}).get(lang, code)} ({code})"
                if code in c.topic_names else code for code in codes]

    def theme_rows(items: list[dict[str, Any]]) -> list[dict[str, str]]:
        return [{"label": str(t.get("label", "")), "terms": str(t.get("top_terms") or ""),
                 "size": _f(t.get("size"), ".0f"),
                 "det": _f(100 * _nan(t.get("detractor_rate")), ".0f") + " %",
                 "impact": _f(t.get("nps_impact"), signed=True)} for t in items]

    waves = [{"label": L["old"], **c.old}, {"label": L["new"], **c.new}]
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_TEMPLATE).render(
        lang=lang, L=L, generated=L["generated"].format(version=__version__), waves=waves,
        notes=c.notes, headline=L["headline"].format(metric=metric), overall=overall,
        summary_line=summary_line, segments_title=L["segments"].format(metric=metric),
        segments=segments, topics=topics,
        topics_note=L["topics_note"].format(min=c.min_mentions), impacts=impacts,
        new_topics=named(c.new_topics), vanished_topics=named(c.vanished_topics),
        theme_blocks=[{"title": L["new_themes"], "rows": theme_rows(c.new_themes)},
                      {"title": L["vanished_themes"], "rows": theme_rows(c.vanished_themes)}],
        method=list(METHOD.values()))


def _nan(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _nan0(v: Any) -> float:
    f = _nan(v)
    return 0.0 if math.isnan(f) else f
