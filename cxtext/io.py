"""Read survey exports: CSV/TSV, XLSX, Parquet, JSONL or a pandas DataFrame.

Every input row ends in exactly one of two tables:

* ``responses``: accepted rows (one per accepted row and open-text question),
  with the canonical columns of :mod:`cxtext.schema`;
* ``rejects``: rows that cannot be used, with their ``source_row``, a
  ``reject_reason`` that says what is wrong and what is allowed, and every
  original value, so nothing is lost.

Large files are read in chunks (:class:`SurveyReader`), so memory stays flat in the
size of the input. Text files are decoded as utf-8, utf-8-sig, cp1250 or
iso-8859-2 (detected over the whole file), and the delimiter is sniffed among
``;``, ``,``, tab and ``|``.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from cxtext.errors import ColumnMappingError, EncodingDetectionError, InputError
from cxtext.schema import REJECT_COLUMNS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = [
    "ColumnMapping",
    "SourceInfo",
    "Survey",
    "SurveyChunk",
    "SurveyReader",
    "SUPPORTED_ENCODINGS",
    "detect_columns",
    "detect_encoding",
    "sniff_delimiter",
    "parse_scores",
    "read_survey",
    "iter_survey",
    "slugify",
    "cell_text",
    "TableWriter",
]

logger = logging.getLogger(__name__)

SUPPORTED_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "cp1250", "iso-8859-2")
_DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
_TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
DEFAULT_CHUNKSIZE = 50_000

Source: TypeAlias = str | Path | pd.DataFrame


# --------------------------------------------------------------------------- helpers


def _fold(text: str) -> str:
    """Lowercase and strip diacritics (``Kanał`` -> ``kanal``) for header matching."""
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(name: str) -> str:
    """ASCII snake_case slug of a column name: ``"Kanał sprzedaży"`` -> ``"kanal_sprzedazy"``."""
    slug = re.sub(r"[^0-9a-z]+", "_", _fold(str(name))).strip("_")
    return slug or "column"


# --------------------------------------------------------------------------- encodings

# Bytes that are Polish letters in one legacy encoding and rare symbols in the other.
_CP1250_PL = frozenset(b"\xb9\xa5\x9c\x8c\x9f\x8f")  # ą Ą ś Ś ź Ź in cp1250
_ISO_PL = frozenset(b"\xb1\xa1\xb6\xa6\xbc\xac")  # ą Ą ś Ś ź Ź in iso-8859-2


def detect_encoding(path: str | Path, *, block_size: int = 1 << 20) -> str:
    """Detect the encoding of a text file among :data:`SUPPORTED_ENCODINGS`.

    The whole file is scanned in blocks (fast, constant memory), so a file that is
    valid UTF-8 for 50 MB and then has one cp1250 byte is not mis-detected.
    """
    path = Path(path)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    has_bom = False
    cp1250_hits = iso_hits = c1_bytes = 0
    cp1250_ok = True
    cp1250 = codecs.getincrementaldecoder("cp1250")()
    with path.open("rb") as fh:
        first = True
        while block := fh.read(block_size):
            if first:
                if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise EncodingDetectionError(
                        f"{path}: the file is UTF-16 encoded. Supported encodings: "
                        f"{', '.join(SUPPORTED_ENCODINGS)}. Fix: re-save it as UTF-8 "
                        "(Excel: 'CSV UTF-8') or pass a DataFrame."
                    )
                has_bom = block.startswith(codecs.BOM_UTF8)
                if b"\x00" in block[:4096]:
                    raise EncodingDetectionError(
                        f"{path}: the file contains NUL bytes; it looks binary, not a text "
                        "export. For Excel files use the .xlsx extension; for text, supported "
                        f"encodings are {', '.join(SUPPORTED_ENCODINGS)}."
                    )
                first = False
            if utf8_ok:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    utf8_ok = False
            if not utf8_ok:
                # only needed to choose between the legacy 8-bit encodings
                if cp1250_ok:
                    try:
                        cp1250.decode(block)
                    except UnicodeDecodeError:
                        cp1250_ok = False
                arr = np.frombuffer(block, dtype=np.uint8)
                high = arr[arr >= 0x80]
                if high.size:
                    counts = np.bincount(high, minlength=256)
                    cp1250_hits += int(sum(counts[b] for b in _CP1250_PL))
                    iso_hits += int(sum(counts[b] for b in _ISO_PL))
                    c1_bytes += int(counts[0x80:0xA0].sum())
        if utf8_ok:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    if utf8_ok:
        return "utf-8-sig" if has_bom else "utf-8"
    if not cp1250_ok:
        return "iso-8859-2"
    # C1 control bytes (0x80-0x9F) are never text in iso-8859-2 but are letters in cp1250.
    if c1_bytes or cp1250_hits >= iso_hits:
        return "cp1250"
    return "iso-8859-2"


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter among ``; , tab |`` that splits the sample most consistently."""
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # last line may be cut in the middle
    text = "".join(lines[:200])
    best: tuple[float, int, str] | None = None
    for delim in _DELIMITERS:
        try:
            rows = [r for r in csv.reader(_io.StringIO(text), delimiter=delim) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        header = widths[0]
        if header < 2:
            continue
        consistency = sum(w == header for w in widths) / len(widths)
        key = (consistency, header, delim)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else ","


# --------------------------------------------------------------------------- mapping

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


def _resolve(name: str, columns: Sequence[str], role: str) -> str:
    if name in columns:
        return name
    folded = {_fold(str(c)).strip(): c for c in columns}
    hit = folded.get(_fold(name).strip())
    if hit is not None:
        return hit
    raise ColumnMappingError(
        f"The {role} column {name!r} is not in the data. Columns found: "
        f"{_list_columns(columns)}. Fix: pass one of these names (e.g. --{role}-col)."
    )


def _list_columns(columns: Sequence[str]) -> str:
    return ", ".join(repr(str(c)) for c in columns)


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
    folded = {c: _fold(c) for c in columns}
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
            f"{_list_columns(columns)}. Fix: pass --text-col NAME (text_cols=... in Python)."
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
                f"{_list_columns(columns)}. Fix: pass --score-col NAME (score_col=... in Python)."
            )
        if len(candidates) > 1:
            raise ColumnMappingError(
                f"Ambiguous score column: {_list_columns(candidates)} all look like scores. "
                f"Columns found: {_list_columns(columns)}. Fix: pass --score-col NAME."
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
                _list_columns(cands),
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
        seg_cols = tuple(_resolve(s, columns, "segment") for s in names)
    else:
        seg_cols = tuple(
            c for c in columns if c not in taken and _has_stem(folded[c], _SEGMENT_STEMS)
        )
    overlap = set(seg_cols) & ({score_col, id_col, date_col} | set(text_cols))
    if overlap:
        raise ColumnMappingError(
            f"Column(s) {_list_columns(sorted(overlap))} mapped twice (segment and another role)."
        )
    return ColumnMapping(score_col, text_cols, id_col, seg_cols, date_col)


# --------------------------------------------------------------------------- validation

_SCORE_RE = re.compile(r"^[+-]?\d+(?:[.,]0*)?$")


def parse_scores(values: pd.Series, scale: str | ScoreScale = "nps") -> tuple[pd.Series, pd.Series]:
    """Validate raw score values.

    Accepts whole numbers as numbers or text (``9``, ``"9"``, ``"9.0"``, ``" 9 "``,
    ``"9,0"``) within the scale. Returns ``(scores, reasons)``: ``scores`` is ``Int64``
    with ``<NA>`` for invalid values, ``reasons`` holds the reject reason (empty
    string for valid scores).
    """
    scale = get_scale(scale)
    raw = values.astype(object)
    text = raw.map(_score_text).astype(object)
    stripped = text.str.strip()
    empty = stripped.eq("")
    wellformed = stripped.str.match(_SCORE_RE)
    numeric = pd.to_numeric(stripped.str.replace(",", ".", regex=False), errors="coerce")
    fractional = numeric.notna() & ~wellformed & ~empty
    in_range = numeric.between(scale.min, scale.max)
    valid = wellformed & in_range & ~empty
    allowed = f"allowed: whole numbers {scale.min}-{scale.max} ({scale.name} scale)"
    reasons = pd.Series("", index=values.index, dtype=object)
    reasons[empty] = f"missing score; {allowed}"
    bad = ~valid & ~empty
    shown = text.map(repr)
    reasons[bad & fractional] = (
        "score " + shown[bad & fractional] + " is not a whole number; " + allowed
    )
    out_of_range = bad & wellformed & ~in_range
    reasons[out_of_range] = "score " + shown[out_of_range] + " is out of range; " + allowed
    not_number = bad & numeric.isna()
    reasons[not_number] = "score " + shown[not_number] + " is not a number; " + allowed
    scores = numeric.where(valid).round().astype("Int64")
    return scores, reasons


def _score_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return repr(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, np.floating):
        return "" if np.isnan(value) else repr(float(value))
    if value is pd.NA:
        return ""
    return str(value)


def cell_text(value: Any) -> str:
    """One cell as answer text: missing values (None, NaN, pd.NA, NaT) are ""."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat(sep=" ")
    return str(value)


def _parse_dates(
    values: pd.Series, dayfirst: bool, date_format: str | None
) -> tuple[pd.Series, pd.Series]:
    text = values.map(cell_text).astype(object).str.strip()
    empty = text.eq("")
    if date_format:
        parsed = pd.to_datetime(text.where(~empty), format=date_format, errors="coerce")
    else:
        parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
        iso = text.str.match(r"^\d{4}-\d{2}-\d{2}")
        if iso.any():
            parsed[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce")
        rest = ~iso & ~empty
        if rest.any():
            parsed[rest] = pd.to_datetime(
                text[rest], format="mixed", dayfirst=dayfirst, errors="coerce"
            )
    parsed = pd.to_datetime(parsed).astype("datetime64[ns]")
    bad = parsed.isna() & ~empty
    reasons = pd.Series("", index=values.index, dtype=object)
    reasons[bad] = (
        "date " + text[bad].map(repr) + " cannot be parsed; allowed: dates like 2025-03-05, "
        "05.03.2025 or 2025-03-05 14:22 (pass --date-format for other layouts)"
    )
    return parsed, reasons


# --------------------------------------------------------------------------- records


@dataclass
class SourceInfo:
    """What was read and how."""

    source: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    blank_lines_skipped: int = 0


@dataclass
class SurveyChunk:
    """One chunk of validated input: accepted responses and rejected rows."""

    responses: pd.DataFrame
    rejects: pd.DataFrame
    rows_read: int


@dataclass
class Survey:
    """A whole survey: accepted responses, rejected rows, the column mapping and source info.

    Invariant: ``info.rows_read == responses.source_row.nunique() + len(rejects)``, and
    with one text question ``len(responses) + len(rejects) == info.rows_read``.
    """

    responses: pd.DataFrame
    rejects: pd.DataFrame
    mapping: ColumnMapping
    scale: ScoreScale
    info: SourceInfo


# --------------------------------------------------------------------------- raw readers

_RawChunk = tuple[pd.DataFrame, np.ndarray, list[tuple[int, str, dict[str, str]]]]
# (rows as DataFrame of raw values, their source_row numbers, pre-rejected rows)


def _detect_format(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt.lower()
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return "csv"
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _EXCEL_SUFFIXES:
        return "xlsx"
    if suffix in _PARQUET_SUFFIXES:
        return "parquet"
    if suffix == ".xls":
        raise InputError(
            f"{path}: legacy .xls files are not supported. Fix: save it as .xlsx or CSV."
        )
    if suffix == ".json":
        raise InputError(
            f"{path}: plain .json is not supported; use JSON Lines (.jsonl, one object per line) "
            "or pass a DataFrame (pandas.read_json)."
        )
    raise InputError(
        f"{path}: unknown file type {suffix!r}. Supported: .csv, .tsv, .txt, .xlsx, .parquet, "
        ".jsonl (or pass fmt='csv' / --format csv)."
    )


class SurveyReader:
    """Read a survey in chunks; the mapping is resolved on construction.

    >>> reader = SurveyReader("examples/nps_survey.csv", chunksize=10_000)  # doctest: +SKIP
    >>> for chunk in reader:  # doctest: +SKIP
    ...     process(chunk.responses); keep(chunk.rejects)

    Iterating twice reads the source twice.
    """

    def __init__(
        self,
        source: Source,
        *,
        score_col: str | None = None,
        text_cols: str | Sequence[str] | None = None,
        id_col: str | None = None,
        segment_cols: str | Sequence[str] | None = None,
        date_col: str | None = None,
        scale: str | ScoreScale = "nps",
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet: str | int | None = None,
        fmt: str | None = None,
        dayfirst: bool = True,
        date_format: str | None = None,
        chunksize: int = DEFAULT_CHUNKSIZE,
    ) -> None:
        if chunksize < 1:
            raise InputError(f"chunksize must be a positive integer, got {chunksize!r}.")
        self.scale = get_scale(scale)
        self.chunksize = int(chunksize)
        self.dayfirst = dayfirst
        self.date_format = date_format
        self._source = source
        self._sheet = sheet
        if isinstance(source, pd.DataFrame):
            self.info = SourceInfo("<DataFrame>", "dataframe")
            columns = [str(c) for c in source.columns]
            if len(set(columns)) != len(columns):
                raise ColumnMappingError(
                    f"The DataFrame has duplicate column names: {_list_columns(columns)}. "
                    "Fix: rename them so each is unique."
                )
        else:
            path = Path(source)
            if not path.exists():
                raise InputError(f"Input file not found: {path}")
            if path.is_dir():
                raise InputError(f"Input path is a folder, not a file: {path}")
            if path.stat().st_size == 0:
                raise InputError(f"{path}: the file is empty (0 bytes); expected a survey export.")
            self.info = SourceInfo(str(path), _detect_format(path, fmt))
            if self.info.format == "csv":
                self._prepare_csv(path, encoding, delimiter)
            elif self.info.format not in ("jsonl", "xlsx", "parquet"):
                raise InputError(f"Unknown format {fmt!r}; allowed: csv, jsonl, xlsx, parquet.")
        first_raw = next(self._raw_chunks(limit=200), None)
        columns = self.info.columns
        sample = first_raw[0] if first_raw is not None else pd.DataFrame(columns=columns)
        self.mapping = detect_columns(
            columns,
            sample=sample,
            score=score_col,
            text=text_cols,
            id=id_col,
            segments=segment_cols,
            date=date_col,
            scale=self.scale,
        )
        logger.info("Column mapping: %s", self.mapping.as_dict())

    # -- CSV -----------------------------------------------------------------
    def _prepare_csv(self, path: Path, encoding: str | None, delimiter: str | None) -> None:
        if encoding is None:
            encoding = detect_encoding(path)
        else:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise InputError(
                    f"Unknown encoding {encoding!r}. Supported: {', '.join(SUPPORTED_ENCODINGS)}."
                ) from None
        self.info.encoding = encoding
        if delimiter is None:
            if path.suffix.lower() in (".tsv", ".tab"):
                delimiter = "\t"
            else:
                with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
                    delimiter = sniff_delimiter(fh.read(64 * 1024))
        elif len(delimiter) != 1:
            raise InputError(f"The delimiter must be one character, got {delimiter!r}.")
        self.info.delimiter = delimiter
        with path.open("r", encoding=encoding, newline="") as fh:
            try:
                header = next(csv.reader(fh, delimiter=delimiter))
            except StopIteration:
                raise InputError(f"{path}: the file has no header row.") from None
            except UnicodeDecodeError as exc:
                raise EncodingDetectionError(
                    f"{path}: cannot be decoded as {encoding} ({exc}). Supported encodings: "
                    f"{', '.join(SUPPORTED_ENCODINGS)}; omit --encoding to detect it."
                ) from None
        header = [h.strip().lstrip("\ufeff") for h in header]
        if not any(header):
            raise InputError(f"{path}: the header row is empty; expected column names.")
        self.info.columns = _dedupe(header)

    def _csv_chunks(self, limit: int | None) -> Iterator[_RawChunk]:
        path = Path(str(self._source))
        cols = self.info.columns
        width = len(cols)
        size = limit or self.chunksize
        with path.open("r", encoding=self.info.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.info.delimiter or ",")
            try:
                next(reader)
                rows: list[list[str]] = []
                numbers: list[int] = []
                bad: list[tuple[int, str, dict[str, str]]] = []
                prev_line = reader.line_num
                for record in reader:
                    start = prev_line + 1
                    prev_line = reader.line_num
                    if not record:
                        self.info.blank_lines_skipped += limit is None
                        continue
                    if len(record) != width:
                        if len(record) > width and not any(x.strip() for x in record[width:]):
                            record = record[:width]  # trailing empty fields (";;" at end)
                        else:
                            values = {c: v for c, v in zip(cols, record, strict=False)}
                            if len(record) > width:
                                values["extra_fields"] = json.dumps(
                                    record[width:], ensure_ascii=False
                                )
                            bad.append(
                                (
                                    start,
                                    f"row has {len(record)} fields but the header has {width}; "
                                    "check quoting of the text (a delimiter or quote inside an "
                                    "unquoted answer) in the source file",
                                    values,
                                )
                            )
                            if len(rows) + len(bad) >= size:
                                yield (
                                    self._frame(rows, cols),
                                    np.asarray(numbers, dtype=np.int64),
                                    bad,
                                )
                                rows, numbers, bad = [], [], []
                                if limit:
                                    return
                            continue
                    rows.append(record)
                    numbers.append(start)
                    if len(rows) + len(bad) >= size:
                        yield self._frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad
                        rows, numbers, bad = [], [], []
                        if limit:
                            return
            except UnicodeDecodeError as exc:
                raise EncodingDetectionError(
                    f"{path}: cannot be decoded as {self.info.encoding} near line {prev_line + 1} "
                    f"({exc.reason}). Supported encodings: {', '.join(SUPPORTED_ENCODINGS)}."
                ) from None
            except csv.Error as exc:
                raise InputError(
                    f"{path}: malformed CSV near line {reader.line_num}: {exc}. "
                    "Check for an unclosed quote in that row."
                ) from None
            if rows or bad:
                yield self._frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad

    @staticmethod
    def _frame(rows: list[list[str]], cols: list[str]) -> pd.DataFrame:
        return (
            pd.DataFrame(rows, columns=cols, dtype=object)
            if rows
            else pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        )

    # -- JSONL ---------------------------------------------------------------
    def _jsonl_chunks(self, limit: int | None) -> Iterator[_RawChunk]:
        path = Path(str(self._source))
        size = limit or self.chunksize
        rows: list[dict[str, Any]] = []
        numbers: list[int] = []
        bad: list[tuple[int, str, dict[str, str]]] = []
        cols: dict[str, None] = dict.fromkeys(self.info.columns)
        encoding = self.info.encoding or detect_encoding(path)
        self.info.encoding = encoding
        with path.open("r", encoding=encoding) as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    self.info.blank_lines_skipped += limit is None
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    bad.append(
                        (
                            lineno,
                            f"invalid JSON ({exc.msg} at column {exc.colno})",
                            {"raw_line": line.rstrip("\n")},
                        )
                    )
                else:
                    if isinstance(obj, dict):
                        rows.append(obj)
                        numbers.append(lineno)
                        cols.update(dict.fromkeys(str(k) for k in obj))
                    else:
                        bad.append(
                            (
                                lineno,
                                f"expected a JSON object per line, got {type(obj).__name__}",
                                {"raw_line": line.rstrip("\n")},
                            )
                        )
                if len(rows) + len(bad) >= size:
                    yield (
                        pd.DataFrame(rows, columns=list(cols), dtype=object),
                        np.asarray(numbers),
                        bad,
                    )
                    rows, numbers, bad = [], [], []
                    if limit:
                        break
        if not self.info.columns:
            self.info.columns = list(cols)
        if rows or bad:
            yield pd.DataFrame(rows, columns=list(cols), dtype=object), np.asarray(numbers), bad

    # -- XLSX ----------------------------------------------------------------
    def _xlsx_chunks(self, limit: int | None) -> Iterator[_RawChunk]:
        from openpyxl import load_workbook

        path = Path(str(self._source))
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for corrupt files
            raise InputError(f"{path}: cannot be opened as an Excel workbook: {exc}") from None
        try:
            if self._sheet is None:
                ws = wb.worksheets[0]
            elif isinstance(self._sheet, int):
                try:
                    ws = wb.worksheets[self._sheet]
                except IndexError:
                    raise InputError(
                        f"{path}: no sheet number {self._sheet}; sheets: {wb.sheetnames}"
                    ) from None
            else:
                if self._sheet not in wb.sheetnames:
                    raise InputError(
                        f"{path}: no sheet named {self._sheet!r}; sheets: {wb.sheetnames}"
                    )
                ws = wb[self._sheet]
            self.info.sheet = ws.title
            it = ws.iter_rows(values_only=True)
            header_row = next(it, None)
            if header_row is None or not any(v is not None for v in header_row):
                raise InputError(f"{path}: sheet {ws.title!r} is empty or has no header row.")
            header = [("" if v is None else str(v)).strip() for v in header_row]
            while header and not header[-1]:
                header.pop()
            cols = _dedupe(header)
            self.info.columns = cols
            width = len(cols)
            size = limit or self.chunksize
            rows: list[list[Any]] = []
            numbers: list[int] = []
            for rowno, values in enumerate(it, start=2):
                vals = list(values[:width]) + [None] * (width - len(values))
                extra = [v for v in values[width:] if v is not None]
                if (
                    all(v is None or (isinstance(v, str) and not v.strip()) for v in vals)
                    and not extra
                ):
                    self.info.blank_lines_skipped += limit is None
                    continue
                rows.append(vals)
                numbers.append(rowno)
                if len(rows) >= size:
                    yield pd.DataFrame(rows, columns=cols, dtype=object), np.asarray(numbers), []
                    rows, numbers = [], []
                    if limit:
                        return
            if rows:
                yield pd.DataFrame(rows, columns=cols, dtype=object), np.asarray(numbers), []
        finally:
            wb.close()

    # -- Parquet ---------------------------------------------------------------
    def _parquet_chunks(self, limit: int | None) -> Iterator[_RawChunk]:
        import pyarrow.parquet as pq

        path = Path(str(self._source))
        try:
            pf = pq.ParquetFile(path)
        except Exception as exc:
            raise InputError(f"{path}: cannot be read as Parquet: {exc}") from None
        self.info.columns = [str(c) for c in pf.schema_arrow.names]
        offset = 0
        for batch in pf.iter_batches(batch_size=limit or self.chunksize):
            frame = batch.to_pandas().astype(object)
            frame.columns = self.info.columns
            numbers = np.arange(offset + 1, offset + len(frame) + 1)
            offset += len(frame)
            yield frame, numbers, []
            if limit:
                return

    # -- DataFrame -------------------------------------------------------------
    def _frame_chunks(self, limit: int | None) -> Iterator[_RawChunk]:
        df = self._source
        assert isinstance(df, pd.DataFrame)
        self.info.columns = [str(c) for c in df.columns]
        size = limit or self.chunksize
        for start in range(0, len(df), size):
            part = df.iloc[start : start + size].astype(object)
            part.columns = self.info.columns
            part = part.reset_index(drop=True)
            yield part, np.arange(start + 1, start + len(part) + 1), []
            if limit:
                return

    def _raw_chunks(self, limit: int | None = None) -> Iterator[_RawChunk]:
        fmt = self.info.format
        if fmt == "csv":
            return self._csv_chunks(limit)
        if fmt == "jsonl":
            return self._jsonl_chunks(limit)
        if fmt == "xlsx":
            return self._xlsx_chunks(limit)
        if fmt == "parquet":
            return self._parquet_chunks(limit)
        return self._frame_chunks(limit)

    # -- validation ------------------------------------------------------------
    def __iter__(self) -> Iterator[SurveyChunk]:
        self.info.rows_read = 0
        self.info.blank_lines_skipped = 0
        for raw, numbers, bad in self._raw_chunks():
            chunk = self._validate(raw, numbers, bad)
            self.info.rows_read += chunk.rows_read
            yield chunk

    def _validate(
        self, raw: pd.DataFrame, numbers: np.ndarray, bad: list[tuple[int, str, dict[str, str]]]
    ) -> SurveyChunk:
        m = self.mapping
        scale = self.scale
        for col in (m.score, *m.text, m.id, m.date, *m.segments):
            if col is not None and col not in raw.columns:
                raw[col] = None  # JSONL objects may lack a key: treated as empty
        scores, reasons = parse_scores(raw[m.score], scale)
        reject_col = pd.Series(np.where(reasons.ne(""), m.score, ""), index=raw.index, dtype=object)
        if m.date is not None:
            dates, date_reasons = _parse_dates(raw[m.date], self.dayfirst, self.date_format)
            new = reasons.eq("") & date_reasons.ne("")
            reasons[new] = date_reasons[new]
            reject_col[new] = m.date
        else:
            dates = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        ok = reasons.eq("").to_numpy()

        # rejects: every original value as text, so nothing is lost
        rej_frames = []
        if (~ok).any():
            orig = raw.loc[~ok].map(cell_text)
            orig.insert(0, "reject_column", reject_col[~ok].to_numpy())
            orig.insert(0, "reject_reason", reasons[~ok].to_numpy())
            orig.insert(0, "source_row", numbers[~ok])
            rej_frames.append(orig)
        if bad:
            rej_frames.append(
                pd.DataFrame(
                    [
                        {"source_row": n, "reject_reason": r, "reject_column": "", **v}
                        for n, r, v in bad
                    ]
                )
            )
        rejects = (
            pd.concat(rej_frames, ignore_index=True)
            if rej_frames
            else pd.DataFrame(columns=[*REJECT_COLUMNS, *self.info.columns])
        )
        rejects["source_row"] = rejects["source_row"].astype("int64")

        acc = raw.loc[ok]
        n = int(ok.sum())
        src = numbers[ok]
        if m.id is not None:
            ids = acc[m.id].map(cell_text).str.strip().to_numpy(dtype=object)
            missing = ids == ""
            ids[missing] = src[missing].astype(str)
        else:
            ids = src.astype(str)
        base = {
            "source_row": src.astype("int64"),
            "response_id": ids,
            "score": scores[ok].to_numpy(),
        }
        score_arr = scores[ok].astype("int64").to_numpy() if n else np.empty(0, dtype=np.int64)
        groups = np.where(
            score_arr >= scale.high_min,
            scale.high,
            np.where(score_arr <= scale.low_max, scale.low, scale.middle),
        )
        base["score_group"] = groups.astype(object)
        base["date"] = dates[ok].to_numpy()
        seg_values = {
            SEGMENT_PREFIX + slugify(c): acc[c].map(cell_text).str.strip().to_numpy(dtype=object)
            for c in m.segments
        }
        parts = []
        for q in m.text:
            part = pd.DataFrame(
                {
                    "source_row": base["source_row"],
                    "response_id": base["response_id"],
                    "question": np.full(n, q, dtype=object),
                    "score": pd.array(base["score"], dtype="Int64"),
                    "score_group": base["score_group"],
                    "date": pd.to_datetime(base["date"]).astype("datetime64[ns]"),
                    **seg_values,
                    "text_raw": acc[q].map(cell_text).to_numpy(dtype=object),
                }
            )
            parts.append(part)
        responses = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if len(parts) > 1:
            responses = responses.sort_values(["source_row"], kind="stable", ignore_index=True)
        return SurveyChunk(responses, rejects, rows_read=len(raw) + len(bad))


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        name = name or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            new = f"{name}_{seen[name]}"
            logger.warning("Duplicate column name %r renamed to %r", name, new)
            name = new
        else:
            seen[name] = 1
        out.append(name)
    return out


def iter_survey(source: Source, **kwargs: Any) -> SurveyReader:
    """Open a survey for chunked reading; see :class:`SurveyReader` for the options."""
    return SurveyReader(source, **kwargs)


def read_survey(source: Source, **kwargs: Any) -> Survey:
    """Read a whole survey into memory (for files larger than memory use :func:`iter_survey`).

    Options: ``score_col``, ``text_cols``, ``id_col``, ``segment_cols``, ``date_col``,
    ``scale`` ("nps" or "csat"), ``encoding``, ``delimiter``, ``sheet``, ``fmt``,
    ``dayfirst``, ``date_format``, ``chunksize``.
    """
    reader = SurveyReader(source, **kwargs)
    chunks = list(reader)
    if chunks:
        responses = pd.concat([c.responses for c in chunks], ignore_index=True)
        rejects = pd.concat(
            [c.rejects for c in chunks if len(c.rejects)] or [chunks[0].rejects], ignore_index=True
        )
    else:
        logger.warning("%s has a header but no data rows.", reader.info.source)
        responses = empty_responses(reader.mapping)
        rejects = pd.DataFrame(columns=[*REJECT_COLUMNS, *reader.info.columns])
    return Survey(responses, rejects, reader.mapping, reader.scale, reader.info)


def empty_responses(mapping: ColumnMapping) -> pd.DataFrame:
    cols: dict[str, pd.Series] = {
        "source_row": pd.Series(dtype="int64"),
        "response_id": pd.Series(dtype=object),
        "question": pd.Series(dtype=object),
        "score": pd.Series(dtype="Int64"),
        "score_group": pd.Series(dtype=object),
        "date": pd.Series(dtype="datetime64[ns]"),
    }
    for c in mapping.segments:
        cols[SEGMENT_PREFIX + slugify(c)] = pd.Series(dtype=object)
    cols["text_raw"] = pd.Series(dtype=object)
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------- writing


class TableWriter:
    """Append DataFrame chunks to ``<stem>.csv`` (UTF-8 with BOM, opens in Excel) and/or
    ``<stem>.parquet`` with a schema fixed by the first chunk. Use as a context manager."""

    def __init__(self, stem: str | Path, *, formats: Sequence[str] = ("csv", "parquet"),
                 csv_format: Any = None, schema: Any = None) -> None:
        self.csv_format = csv_format or {}
        self.arrow_types = schema or {}
        unknown = set(formats) - {"csv", "parquet"}
        if unknown:
            raise InputError(f"Unknown output format(s) {sorted(unknown)}; allowed: csv, parquet.")
        self.stem = Path(stem)
        self.formats = tuple(formats)
        self.rows = 0
        self.paths: dict[str, str] = {}
        self._csv: Any = None
        self._pq: Any = None
        self._schema: Any = None
        self._columns: list[str] | None = None

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, df: pd.DataFrame) -> None:
        if self._columns is None:
            self._columns = list(df.columns)
        else:
            extra = [c for c in df.columns if c not in self._columns]
            if extra:  # JSONL chunks may bring new keys: keep them as text in the CSV only
                logger.debug("Columns %s appeared after the first chunk", extra)
            df = df.reindex(columns=self._columns)
        if "csv" in self.formats:
            cdf = df.copy()
            for c in cdf.columns:
                if c in self.csv_format:
                    cdf[c] = [self.csv_format[c](v) for v in cdf[c]]
            path = self.stem.with_suffix(".csv")
            if self._csv is None:
                self._csv = path.open("w", encoding="utf-8-sig", newline="")
                self.paths[f"{self.stem.name}_csv"] = str(path)
                cdf.to_csv(self._csv, index=False, lineterminator="\n")
            else:
                cdf.to_csv(self._csv, index=False, header=False, lineterminator="\n")
        if "parquet" in self.formats:
            import pyarrow as pa
            import pyarrow.parquet as pq

            if self._pq is None:
                table = pa.Table.from_pandas(_for_arrow(df, self.arrow_types), preserve_index=False)
                sch = table.schema
                for c, t in self.arrow_types.items():
                    if c in sch.names:
                        sch = sch.set(sch.get_field_index(c), pa.field(c, t))
                self._schema = sch
                table = table.cast(sch)
                path = self.stem.with_suffix(".parquet")
                self._pq = pq.ParquetWriter(path, self._schema)
                self.paths[f"{self.stem.name}_parquet"] = str(path)
            else:
                table = pa.Table.from_pandas(
                    _for_arrow(df, self.arrow_types), schema=self._schema, preserve_index=False
                )
            self._pq.write_table(table)
        self.rows += len(df)

    def close(self) -> None:
        if self._csv is not None:
            self._csv.close()
            self._csv = None
        if self._pq is not None:
            self._pq.close()
            self._pq = None


def _for_arrow(df: pd.DataFrame, skip: Any = ()) -> pd.DataFrame:
    """Give object columns a string dtype so empty chunks keep a stable Arrow schema."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object and c not in skip:
            out[c] = out[c].astype("string")
    return out


def iter_table_chunks(path: Any, *, chunksize: int) -> Any:
    from cxtext.pipeline_shim import _text_chunks
    return _text_chunks(Path(path), chunksize)
