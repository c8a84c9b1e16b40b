"""Load labelled text datasets for training and evaluation (CSV/TSV/JSONL/Parquet/XLSX).

Public datasets come in many shapes; a :class:`DatasetSpec` says which column holds the
text and the label, how to map labels to ours, and which clean-up the text needs
(PolEmo is pre-tokenised: "myślał em , że" -> "myślałem, że"; tweets carry @mentions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cxtext.errors import ConfigError, InputError
from cxtext.io import read_table

__all__ = ["ASPECT_SEP", "DatasetSpec", "aspect_text", "load_dataset", "detokenize_polemo",
           "split_aspect", "strip_mentions"]

#: Separates an aspect from its text in one input string (a control character: clean-up
#: removes it from real answers, so an answer is never read as a pair by accident).
ASPECT_SEP = "\x1f"


def aspect_text(aspect: str, text: str) -> str:
    """One input for "the sentiment of ``aspect`` in ``text``" (models that read pairs)."""
    return f"{aspect}{ASPECT_SEP}{text}"


def split_aspect(value: str) -> tuple[str | None, str]:
    """``(aspect, text)`` of an :func:`aspect_text` string; ``(None, value)`` otherwise."""
    aspect, sep, text = value.partition(ASPECT_SEP)
    return (aspect, text) if sep else (None, value)

_PUNCT_SPACE = re.compile(r"\s+([.,;:!?)\]}…%])")
_OPEN_SPACE = re.compile(r"([(\[{„])\s+")
# PolEmo splits agglutinated person endings off past-tense verbs and "by": "by m", "był em"
_AGGLUTINATE = re.compile(r"(\w)\s+(em|eś|es|śmy|smy|ście|scie|m|ś)\b(?!\w)")
_MENTION = re.compile(r"(?<!\w)@\w+")


def detokenize_polemo(text: str) -> str:
    """Undo PolEmo's tokenisation: no space before punctuation, agglutinates re-attached."""
    text = _AGGLUTINATE.sub(r"\1\2", text)
    text = _PUNCT_SPACE.sub(r"\1", text)
    text = _OPEN_SPACE.sub(r"\1", text)
    return text.strip()


def strip_mentions(text: str) -> str:
    """Remove @mentions (tweets address the brand; the handle carries no sentiment)."""
    return re.sub(r"\s{2,}", " ", _MENTION.sub("", text)).strip()


_CLEANERS = {"polemo": detokenize_polemo, "mentions": strip_mentions}
_DATASET_SUFFIXES = (".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".parquet", ".pq", ".xlsx",
                     ".xlsm")


@dataclass
class DatasetSpec:
    """Where a labelled dataset is and how to read it."""

    path: str
    text_col: str = "text"
    label_col: str | None = "label"  # None: unlabelled texts (label "?")
    label_map: Mapping[str, str] = field(default_factory=dict)
    lang: str | None = None
    clean: tuple[str, ...] = ()
    name: str | None = None
    max_rows: int | None = None
    #: keep only rows whose column has this value (or one of these values): a split stored in
    #: a column, e.g. ``{"split": "dev"}``
    where: Mapping[str, Any] = field(default_factory=dict)
    #: a column of per-row languages (instead of one ``lang`` for the whole file)
    lang_col: str | None = None
    #: a column of aspects (``battery life``, ``obsługa``): each row becomes the pair
    #: ``aspect_text(aspect, text)``: the sentiment *of that aspect* in the text
    aspect_col: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DatasetSpec:
        known = set(cls.__dataclass_fields__)
        unknown = set(d) - known
        if unknown:
            raise ConfigError(
                f"Unknown dataset option(s) {sorted(unknown)}; allowed: {sorted(known)}."
            )
        if "path" not in d:
            raise ConfigError(f"A dataset entry needs a 'path'; got {dict(d)}.")
        d = dict(d)
        if isinstance(d.get("clean"), str):
            d["clean"] = (d["clean"],)
        d["clean"] = tuple(d.get("clean", ()))
        for c in d["clean"]:
            if c not in _CLEANERS:
                raise ConfigError(f"Unknown clean step {c!r}; allowed: {sorted(_CLEANERS)}.")
        return cls(**d)

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        p = Path(self.path)
        return f"{p.parent.name}/{p.stem}" if p.parent.name else p.stem


def _read_any(path: Path) -> pd.DataFrame:
    """A dataset file as one DataFrame, read as surveys are (:func:`cxtext.io.read_table`:
    encoding and delimiter detected, so a cp1250 ``;`` export works); cells as the format
    holds them (CSV text, JSON values such as label lists, Parquet arrays)."""
    if path.suffix.lower() not in _DATASET_SUFFIXES:
        raise InputError(f"{path}: unsupported dataset format {path.suffix.lower()!r}; use "
                         "csv, tsv, jsonl, parquet or xlsx.")
    return read_table(path, cells="raw")


def load_dataset(spec: DatasetSpec | Mapping[str, Any], *, root: str | Path | None = None,
                 ) -> pd.DataFrame:
    """Read a labelled dataset into columns ``text``, ``label`` (mapped) and ``lang``.

    Rows whose label maps to ``None``/"" (e.g. ``{"conflict": ""}``) are dropped and
    counted in ``df.attrs["dropped"]``; texts that are empty after clean-up likewise.
    """
    if not isinstance(spec, DatasetSpec):
        spec = DatasetSpec.from_dict(spec)
    path = Path(spec.path)
    if root is not None and not path.is_absolute():
        path = Path(root) / path
    if not path.exists():
        hint = ("Check the path given with --data, or the --data-dir the config's paths are "
                "relative to (e.g. ../shared/data)." if root is not None and
                not Path(spec.path).is_absolute() else "Check the path (--data, or the "
                "dataset's path in the training config).")
        raise InputError(f"Dataset file not found: {path}. {hint}")
    raw = _read_any(path)
    if spec.label_col is None:  # unlabelled texts (e.g. for a teacher model to label)
        raw = raw.assign(**{"\x00label": "?"})
        spec = DatasetSpec(**{**spec.__dict__, "label_col": "\x00label"})
    for col in (spec.text_col, spec.label_col, *spec.where,
                *filter(None, [spec.lang_col, spec.aspect_col])):
        if col not in raw.columns:
            raise InputError(f"{path}: no column {col!r}; columns: {list(raw.columns)}.")
    for col, allowed in spec.where.items():
        values = [allowed] if isinstance(allowed, str | int | float) else list(allowed)
        raw = raw[raw[col].isin(values)].reset_index(drop=True)
    text = raw[spec.text_col].astype(str)
    for step in spec.clean:
        text = text.map(_CLEANERS[step])
    if spec.aspect_col:
        aspect = raw[spec.aspect_col].fillna("").astype(str).str.strip()
        text = pd.Series([aspect_text(a, t) if a else t for a, t in zip(aspect, text,
                                                                       strict=True)])
    label = raw[spec.label_col].astype(str).str.strip()
    if spec.label_map:
        label = label.map(lambda v: spec.label_map.get(v, v))
    df = pd.DataFrame({"text": text, "label": label,
                       "lang": raw[spec.lang_col].astype(str) if spec.lang_col else spec.lang})
    keep = df["label"].astype(bool) & df["text"].str.strip().astype(bool)
    dropped = int((~keep).sum())
    df = df[keep].reset_index(drop=True)
    if spec.max_rows is not None and len(df) > spec.max_rows:
        df = df.sample(n=spec.max_rows, random_state=0).reset_index(drop=True)
    df.attrs["dropped"] = dropped
    df.attrs["name"] = spec.display_name
    return df
