"""Which source column holds the score, the open-text answers, the id, segments and date.

Roles are detected from header names in Polish and English (diacritics and case folded,
so ``Kanał`` matches the stem ``kanal``); explicit names always win.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cxtext.errors import ColumnMappingError
from cxtext.io.validation import parse_scores
from cxtext.schema import REJECT_COLUMNS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = [
    "EXTRA_COLUMNS",
    "ColumnMapping",
    "detect_columns",
    "fold_name",
    "quote_columns",
    "reserved_names",
    "segment_column_names",
    "slugify",
]

logger = logging.getLogger(__name__)


def fold_name(text: str) -> str:
    """Lowercase and strip diacritics (``Kanał`` -> ``kanal``) for header matching."""
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(name: str) -> str:
    """ASCII snake_case slug of a column name: ``"Kanał sprzedaży"`` -> ``"kanal_sprzedazy"``."""
    slug = re.sub(r"[^0-9a-z]+", "_", fold_name(str(name))).strip("_")
    return slug or "column"


def quote_columns(columns: Iterable[Any]) -> str:
    """Column names for an error message: ``'a', 'b'``."""
    return ", ".join(repr(str(c)) for c in columns)


#: Columns a rejects table may add after the original ones: values that fit no column
#: (JSON) and the row's text as read.
EXTRA_COLUMNS: tuple[str, ...] = ("extra_fields", "raw_line")


def reserved_names(columns: Sequence[str]) -> dict[str, str]:
    """Input columns whose names cxtext's rejects table uses itself (``source_row``,
    ``reject_reason``, ``reject_column``, ``extra_fields``, ``raw_line``), mapped to the
    names they are written under there: ``<name>_input`` (``_input_2``... if taken)."""
    reserved = (*REJECT_COLUMNS, *EXTRA_COLUMNS)
    taken = set(columns) | set(reserved)
    out: dict[str, str] = {}
    for name in columns:
        if name in reserved:
            new, k = f"{name}_input", 1
            while new in taken:
                k += 1
                new = f"{name}_input_{k}"
            taken.add(new)
            out[name] = new
    return out


def segment_column_names(columns: Sequence[str]) -> list[str]:
    """The ``segment_<slug>`` response columns of segment ``columns``, unique (``Kanał``
    and ``kanal`` both slug to ``kanal``: the second is ``segment_kanal_2``)."""
    out: list[str] = []
    for name in columns:
        base = new = SEGMENT_PREFIX + slugify(name)
        k = 1
        while new in out:
            k += 1
            new = f"{base}_{k}"
        out.append(new)
    return out


# Stems matched against diacritics-folded, lower-cased headers.
_TEXT_STEMS = (
    "dlaczego",
    "why",
    "komentarz",
    "comment",
    "uzasadn",
    "powod",
    "reason",
    "opini",
    "feedback",
    "verbatim",
    "uwag",
    "sugest",
    "suggest",
    "tekst",
    "text",
    "odpowiedz otwarta",
    "open answer",
    "open-ended",
    "popraw",
    "improve",
    "co moglibysmy",
    "what could",
    "tell us",
    "napisz",
    "explain",
    "remarks",
)
_SCORE_STEMS = (
    "ocen",
    "wynik",
    "nps",
    "score",
    "rating",
    "recommend",
    "polec",
    "rekomend",
    "prawdopodob",
    "likely",
    "csat",
    "satisfaction",
    "zadowol",
    "0-10",
    "0 - 10",
    "1-5",
)
_ID_STEMS = ("id", "identyfikator", "respondent", "response id", "record", "nr ", "numer", "uuid")
_DATE_STEMS = (
    "data",
    "date",
    "czas",
    "time",
    "timestamp",
    "submitted",
    "wypelnien",
    "created",
    "dzien",
)
_SEGMENT_STEMS = (
    "kanal",
    "channel",
    "segment",
    "region",
    "kraj",
    "country",
    "sklep",
    "store",
    "produkt",
    "product",
    "market",
    "rynek",
    "brand",
    "marka",
    "miasto",
    "city",
    "wojewodztwo",
    "oddzial",
    "branch",
    "kategoria",
    "category",
    "typ klienta",
    "customer type",
    "plan",
)


def _has_stem(folded: str, stems: Iterable[str]) -> bool:
    words = re.findall(r"[0-9a-z]+", folded)
    joined = " ".join(words)
    for stem in stems:
        if stem in ("id", "nr "):
            if stem.strip() in words:
                return True
        elif stem in folded or stem in joined:
            return True
    return False


@dataclass(frozen=True)
class ColumnMapping:
    """Which source columns hold the score, the open-text answers, id, segments and date."""

    score: str
    text: tuple[str, ...]
    id: str | None = None
    segments: tuple[str, ...] = ()
    date: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "text": list(self.text),
            "id": self.id,
            "segments": list(self.segments),
            "date": self.date,
        }


def _resolve(name: str | int, columns: Sequence[str], role: str) -> str:
    if isinstance(name, int) and not isinstance(name, bool):
        name = str(name)  # a DataFrame read with header=None: its columns are read as "0", "1"
    if not isinstance(name, str):
        raise ColumnMappingError(
            f"The {role} column must be given by its name, got {name!r} "
            f"({type(name).__name__}). Columns found: {quote_columns(columns)}.")
    if name in columns:
        return name
    folded = {fold_name(str(c)).strip(): c for c in columns}
    hit = folded.get(fold_name(name).strip())
    if hit is not None:
        return hit
    raise ColumnMappingError(
        f"The {role} column {name!r} is not in the data. Columns found: "
        f"{quote_columns(columns)}. Fix: pass one of these names (e.g. --{role}-col)."
    )


def _score_like_share(values: pd.Series, scale: ScoreScale) -> float:
    parsed, _ = parse_scores(values, scale)
    non_empty = values.astype(str).str.strip().ne("").sum()
    return float(parsed.notna().sum() / non_empty) if non_empty else 0.0


def detect_columns(
    columns: Sequence[str],
    *,
    sample: pd.DataFrame | None = None,
    score: str | None = None,
    text: str | Sequence[str] | None = None,
    id: str | None = None,  # noqa: A002 - mirrors the CLI option
    segments: str | Sequence[str] | None = None,
    date: str | None = None,
    scale: str | ScoreScale = "nps",
) -> ColumnMapping:
    """Map source columns to roles from header names (Polish and English).

    Explicit arguments win; the rest is detected from header names. ``sample``
    (the first rows) breaks ties between several score-like headers by checking
    which one actually holds valid scores. Raises :class:`ColumnMappingError`
    with the list of columns when a required role is missing or ambiguous.
    """
    columns = [str(c) for c in columns]
    if not columns:
        raise ColumnMappingError("The data has no columns (empty header).")
    scale = get_scale(scale)
    folded = {c: fold_name(c) for c in columns}
    taken: set[str] = set()

    # text first: "Dlaczego wystawiłeś taką ocenę?" is a text question although it says "ocena"
    if text is not None:
        names = [text] if isinstance(text, str) else list(text)
        text_cols = tuple(_resolve(t, columns, "text") for t in names)
    else:
        text_cols = tuple(c for c in columns if _has_stem(folded[c], _TEXT_STEMS))
    if not text_cols:
        raise ColumnMappingError(
            "Could not find the open-text answer column: no header looks like a comment "
            f"('komentarz', 'dlaczego', 'uzasadnienie', 'why', 'comment', ...). Columns found: "
            f"{quote_columns(columns)}. Fix: pass --text-col NAME (text_cols=... in Python)."
        )
    taken.update(text_cols)

    if score is not None:
        score_col = _resolve(score, columns, "score")
    else:
        candidates = [c for c in columns if c not in taken and _has_stem(folded[c], _SCORE_STEMS)]
        if len(candidates) > 1 and sample is not None:
            shares = {c: _score_like_share(sample[c], scale) for c in candidates}
            good = [c for c in candidates if shares[c] >= 0.9]
            if len(good) == 1:
                candidates = good
        if not candidates:
            raise ColumnMappingError(
                "Could not find the score column: no header looks like a rating "
                f"('ocena', 'wynik', 'nps', 'score', 'likely to recommend', ...). Columns found: "
                f"{quote_columns(columns)}. Fix: pass --score-col NAME (score_col=... in Python)."
            )
        if len(candidates) > 1:
            raise ColumnMappingError(
                f"Ambiguous score column: {quote_columns(candidates)} all look like scores. "
                f"Columns found: {quote_columns(columns)}. Fix: pass --score-col NAME."
            )
        score_col = candidates[0]
    if score_col in text_cols:
        raise ColumnMappingError(
            f"Column {score_col!r} is mapped both as score and as text. Fix: pass --score-col "
            "and --text-col explicitly."
        )
    taken.add(score_col)

    def pick_one(explicit: str | None, stems: Sequence[str], role: str) -> str | None:
        if explicit is not None:
            return _resolve(explicit, columns, role)
        cands = [c for c in columns if c not in taken and _has_stem(folded[c], stems)]
        if len(cands) > 1:
            exact = [c for c in cands if folded[c].strip() in stems]
            cands = exact if len(exact) == 1 else cands
        if len(cands) > 1:
            logger.warning(
                "Several columns look like the %s column (%s); using none. Pass --%s-col.",
                role,
                quote_columns(cands),
                role,
            )
            return None
        return cands[0] if cands else None

    id_col = pick_one(id, _ID_STEMS, "id")
    if id_col:
        taken.add(id_col)
    date_col = pick_one(date, _DATE_STEMS, "date")
    if date_col:
        taken.add(date_col)
    if segments is not None:
        names = [segments] if isinstance(segments, str) else list(segments)
        # a column named twice ("Region", "region") is one segment, not a second copy
        seg_cols = tuple(dict.fromkeys(_resolve(s, columns, "segment") for s in names))
    else:
        seg_cols = tuple(
            c for c in columns if c not in taken and _has_stem(folded[c], _SEGMENT_STEMS)
        )
    overlap = set(seg_cols) & ({score_col, id_col, date_col} | set(text_cols))
    if overlap:
        raise ColumnMappingError(
            f"Column(s) {quote_columns(sorted(overlap))} mapped twice (segment and another role)."
        )
    return ColumnMapping(score_col, text_cols, id_col, seg_cols, date_col)
