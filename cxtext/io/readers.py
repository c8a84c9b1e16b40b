"""Read tables in chunks behind one reader protocol, and surveys on top of it.

Every file cxtext reads - a survey for ``analyze``, a text column for ``classify-file``,
a labelled dataset for training - goes through one :class:`TableReader` per format
(CSV/TSV, JSONL, XLSX, Parquet, or a pandas DataFrame), opened by :func:`open_table`.
A reader yields :class:`RawChunk` objects: the cells as read, the ``source_row`` of each
row, and the rows that could not be parsed (a CSV row with the wrong number of fields,
a JSONL line that is not a JSON object). Text files are decoded and split the same way
everywhere (:func:`cxtext.io.encoding.resolve_csv_dialect`).

Two consumers:

* :func:`iter_table_chunks` - plain DataFrame chunks (text cells by default) for code
  that wants a table, not a survey; an unparseable row is an error there.
* :class:`SurveyReader` / :func:`read_survey` - every input row ends in exactly one of two
  tables: ``responses`` (one row per accepted row and open-text question, with the
  canonical columns of :mod:`cxtext.schema`) or ``rejects`` (rows that cannot be used,
  with their ``source_row``, a ``reject_reason`` that says what is wrong and what is
  allowed, and every original value, so nothing is lost).

Large files are read in chunks, so memory stays flat in the size of the input.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol, TypeAlias

import numpy as np
import pandas as pd

from cxtext.errors import ColumnMappingError, EncodingDetectionError, InputError
from cxtext.io.columns import (
    EXTRA_COLUMNS,
    ColumnMapping,
    detect_columns,
    fold_name,
    quote_columns,
    reserved_names,
    segment_column_names,
    slugify,
)
from cxtext.io.csvlines import CsvLines, LineRecord
from cxtext.io.encoding import (
    SUPPORTED_ENCODINGS,
    TITLE_MAX_LINES,
    check_encoding,
    detect_encoding,
    open_text,
    resolve_csv_dialect,
)
from cxtext.io.validation import (
    MAX_ANSWER_CHARS,
    cell_text,
    parse_dates,
    parse_scores,
    slash_dates,
)
from cxtext.schema import REJECT_COLUMNS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = [
    "DEFAULT_CHUNKSIZE",
    "FORMATS",
    "BadRow",
    "CsvReader",
    "FrameReader",
    "JsonlReader",
    "ParquetReader",
    "RawChunk",
    "Source",
    "SourceInfo",
    "Survey",
    "SurveyChunk",
    "SurveyReader",
    "TableReader",
    "XlsxReader",
    "detect_format",
    "empty_responses",
    "iter_survey",
    "iter_table_chunks",
    "open_table",
    "read_survey",
    "read_table",
]

logger = logging.getLogger(__name__)

DEFAULT_CHUNKSIZE = 50_000
#: Formats :func:`open_table` reads (``fmt=``); ``dataframe`` is chosen for a DataFrame.
FORMATS: tuple[str, ...] = ("csv", "jsonl", "xlsx", "parquet")
_TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_SAMPLE_ROWS = 200  # rows SurveyReader looks at to map columns

Source: TypeAlias = str | Path | pd.DataFrame


# --------------------------------------------------------------------------- records


@dataclass
class SourceInfo:
    """What was read and how.

    ``rows_read`` counts the data records of the source (parsed or not; blank lines and
    title lines above the header are not records); ``header_row`` is the line (CSV) or
    sheet row (XLSX) of the header, 1 unless title lines were skipped;
    :class:`SurveyReader` also counts ``rows_accepted`` and ``rows_rejected`` on their own.
    ``notes`` says what was changed to read the source (a reserved or duplicate column
    name renamed, a character replaced, a header quote ended, title lines skipped, a
    slash-date layout decided, ids repeated), so that nothing changes silently.
    """

    source: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    blank_lines_skipped: int = 0
    header_row: int = 1
    rows_accepted: int = 0
    rows_rejected: int = 0
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        """Add a note (once) and log it."""
        if text not in self.notes:
            self.notes.append(text)
            logger.warning("%s: %s", self.source, text)


class BadRow(NamedTuple):
    """A source row that could not be parsed into the table's columns.

    ``values`` holds what could be read, by column; ``extra`` (JSON text) the values that
    do not fit the columns (fields past the header, keys or cells without a column);
    ``raw_line`` the row's text as read where that is what shows it best (an invalid JSON
    line, a CSV row whose quote does not close).
    """

    source_row: int
    reason: str
    values: dict[str, str]
    extra: str = ""
    raw_line: str = ""


@dataclass
class RawChunk:
    """One chunk as read, before any validation.

    ``frame`` holds the cells as the format gives them (``str`` for CSV; JSON values;
    Excel numbers, dates and text; Arrow values converted by pandas), with object dtype
    and the reader's columns. ``source_rows`` is the ``source_row`` of each frame row
    (see :mod:`cxtext.schema`); ``bad`` the rows that could not be parsed.
    """

    frame: pd.DataFrame
    source_rows: np.ndarray
    bad: list[BadRow] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.bad)


@dataclass
class SurveyChunk:
    """One chunk of validated input: accepted responses and rejected rows.

    ``rows_read`` is the chunk's records as the reader counted them; ``rows_accepted``
    the rows that made responses (counted apart from ``rejects``)."""

    responses: pd.DataFrame
    rejects: pd.DataFrame
    rows_read: int
    rows_accepted: int = 0


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


# --------------------------------------------------------------------------- the protocol


class TableReader(Protocol):
    """A table read in chunks of raw cells; one implementation per format.

    ``info.columns`` is known once the reader is constructed, except for JSONL, where it
    is the keys seen so far (it grows while the file is read). ``chunks`` may be called
    several times; each call reads the source again.
    """

    info: SourceInfo

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        """Yield chunks of at most ``chunksize`` rows (parsed plus bad).

        ``sample=True`` yields only the first chunk and leaves ``info.blank_lines_skipped``
        alone (a look at the data, not a pass over it). ``columns`` is a hint: a reader may
        read only those (Parquet does); frames then hold at least them.
        """
        ...


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """The format of ``path`` (one of :data:`FORMATS`): ``fmt`` if given, else the suffix."""
    path = Path(path)
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise InputError(f"Unknown format {fmt!r}; allowed: {', '.join(FORMATS)}.")
        return fmt
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


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"Input file not found: {path}")
    if path.is_dir():
        raise InputError(f"Input path is a folder, not a file: {path}")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); expected a table with a header.")


def _dedupe(names: Sequence[str], notes: list[str] | None = None) -> list[str]:
    """Unique column names: an empty one becomes ``column_<n>``, a repeated one gets
    ``_2``, ``_3``... (never a name already taken); each rename is noted."""
    taken = set(names)
    seen: set[str] = set()
    out = []
    for i, name in enumerate(names):
        new = name or f"column_{i + 1}"
        k = 1
        while new in seen or (new != name and new in taken):
            k += 1
            new = f"{name or f'column_{i + 1}'}_{k}"
        if new != name:
            text = (f"column {i + 1} has an empty name; it is called {new!r}" if not name else
                    f"column {i + 1} repeats the name {name!r}; it is called {new!r}")
            if notes is not None:
                notes.append(text)
            logger.warning("%s", text)
        seen.add(new)
        out.append(new)
    return out


def _object_frame(rows: list[Any], cols: list[str]) -> pd.DataFrame:
    if rows:
        return pd.DataFrame(rows, columns=cols, dtype=object)
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})


_NUMBER_LIKE = re.compile(r"^[\d\s.,:/+%-]*$")  # a number or a date: a cell, not a name


def _filled(cells: Sequence[str]) -> list[str]:
    return [c for c in cells if c]


def _title_lines(rows: Sequence[Sequence[str]], *, same_width: bool = False) -> int:
    """How many of the first ``rows`` (cells as stripped text) are titles above the header.

    A title row has at most one non-empty cell, or at most half as many as the header.
    The header below it has two or more non-empty, distinct names, none a number or date,
    and the row after it (if any) is no wider: data (``same_width``: a row must follow,
    with as many fields as the header - CSV). Anything else is 0 (the first row is the
    header, as without titles)."""
    for k in range(1, min(TITLE_MAX_LINES, len(rows) - 1) + 1):
        header = rows[k]
        names = _filled(header)
        above = [len(_filled(r)) for r in rows[:k]]
        if not all(n <= 1 or 2 * n <= len(names) for n in above):
            return 0
        if (len(names) < 2 or len(set(names)) != len(names)
                or any(_NUMBER_LIKE.match(n) for n in names)):
            continue  # not names: another title line (checked against the header below)
        width = max(i for i, c in enumerate(header) if c) + 1
        data = rows[k + 1] if k + 1 < len(rows) else None
        if same_width and (data is None or len(data) != len(header)):
            return 0
        if data is not None and any(data[width:]):
            return 0
        return k
    return 0


def _title_note(titles: Sequence[Sequence[str]], header_row: int, where: str) -> str:
    texts = ", ".join(repr(" ".join(_filled(r))) for r in titles if _filled(r))
    n = header_row - 1
    return (f"skipped {n} {where}{'s' if n != 1 else ''} above the header ({where} "
            f"{header_row}) as a title: {texts}")


# --------------------------------------------------------------------------- CSV


class CsvReader:
    """CSV/TSV: encoding and delimiter detected unless given; cells are ``str``.

    Records are split by :class:`cxtext.io.csvlines.CsvLines`: a quote that never closes
    ends at the end of its line (that row is a :class:`BadRow`, the rows after it are read
    normally) and one field may hold up to 16 Mi characters. A row with more fields than
    the header (unless the extra ones are empty, as in a trailing ``;;``) is a
    :class:`BadRow`; so is a shorter row, unless ``pad_short_rows``, which fills the
    missing cells with ``""``. Blank lines (and lines of only delimiters and spaces) are
    skipped and counted in ``info.blank_lines_skipped``. Title lines above the header
    (``Raport NPS marzec``; see :func:`_title_lines`) are skipped with a note;
    ``info.header_row`` is the header's line.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        encoding: str | None = None,
        delimiter: str | None = None,
        pad_short_rows: bool = False,
    ) -> None:
        self.path = Path(path)
        self.pad_short_rows = pad_short_rows
        encoding, delimiter = resolve_csv_dialect(
            self.path, encoding=encoding, delimiter=delimiter
        )
        self.info = SourceInfo(str(self.path), "csv", encoding=encoding, delimiter=delimiter)
        with open_text(self.path, encoding, newline="") as fh:
            lines = CsvLines(fh, delimiter, source=str(self.path))
            try:
                header, note = lines.header()
            except StopIteration:
                raise InputError(f"{self.path}: the file has no header row.") from None
            except UnicodeDecodeError as exc:
                raise EncodingDetectionError(
                    f"{self.path}: cannot be decoded as {encoding} ({exc}). Supported "
                    f"encodings: {', '.join(SUPPORTED_ENCODINGS)}; omit --encoding to detect it."
                ) from None
            # title lines above the header ("Raport NPS marzec"): read a few more records
            records = [(header, note, 1)]
            try:
                while len(records) < TITLE_MAX_LINES + 2:
                    fields, more = lines.header()
                    records.append((fields, more, lines.feed.start))
            except (StopIteration, UnicodeDecodeError, InputError):
                pass
        skip = _title_lines([[f.strip() for f in r[0]] for r in records], same_width=True)
        self._skip = skip
        if skip:
            header, note, self.info.header_row = records[skip]
            self.info.note(_title_note([r[0] for r in records[:skip]],
                                       self.info.header_row, "line"))
        if note:
            self.info.note(note)
        header = [h.strip().lstrip("\ufeff") for h in header]
        if not any(header):
            raise InputError(f"{self.path}: the header row is empty; expected column names.")
        self.info.columns = _dedupe(header, self.info.notes)

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        path, info = self.path, self.info
        cols = info.columns
        width = len(cols)
        with open_text(path, info.encoding or "utf-8", newline="") as fh:
            lines = CsvLines(fh, info.delimiter or ",", pad_short_rows=self.pad_short_rows,
                             source=str(path))
            rows: list[list[str]] = []
            numbers: list[int] = []
            bad: list[BadRow] = []
            try:
                for _ in range(self._skip + 1):  # title lines, then the header
                    lines.header()
                for rec in lines.records(width):
                    if rec.reason:
                        bad.append(self._bad_row(rec, cols))
                    else:
                        rows.append(rec.fields)
                        numbers.append(rec.line)
                    if len(rows) + len(bad) >= chunksize:
                        yield RawChunk(
                            _object_frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad
                        )
                        rows, numbers, bad = [], [], []
                        if sample:
                            return
            except UnicodeDecodeError as exc:
                raise _undecodable(path, info.encoding, lines.line + 1, exc) from None
            finally:
                if not sample:
                    info.blank_lines_skipped = lines.blank_lines
            if rows or bad:
                yield RawChunk(_object_frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad)

    @staticmethod
    def _bad_row(rec: LineRecord, cols: list[str]) -> BadRow:
        width = len(cols)
        fields = rec.fields
        values = {c: v for c, v in zip(cols, fields, strict=False)}
        extra = json.dumps(fields[width:], ensure_ascii=False) if len(fields) > width else ""
        return BadRow(rec.line, rec.reason, values, extra, rec.raw)


# --------------------------------------------------------------------------- JSONL


class JsonlReader:
    """JSON Lines: one JSON object per line; cells are JSON values (a missing key is NaN).

    A line that is not valid JSON, not an object, or nested deeper than
    :data:`MAX_JSON_DEPTH` levels is a :class:`BadRow`; blank lines are skipped. A lone
    UTF-16 surrogate escape (``"\\ud800"``, not text in any encoding) is replaced by
    U+FFFD, with a note. ``info.columns`` is the union of the keys seen so far, in order
    of appearance.
    """

    def __init__(self, path: str | Path, *, encoding: str | None = None) -> None:
        self.path = Path(path)
        encoding = detect_encoding(self.path) if encoding is None else check_encoding(encoding)
        self.info = SourceInfo(str(self.path), "jsonl", encoding=encoding)

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        path, info = self.path, self.info
        if not sample:
            info.blank_lines_skipped = 0
        rows: list[dict[str, Any]] = []
        numbers: list[int] = []
        bad: list[BadRow] = []
        cols: dict[str, None] = dict.fromkeys(info.columns)
        replaced: list[int] = []  # lines whose lone surrogates were replaced

        def chunk() -> RawChunk:
            info.columns = list(cols)
            frame = pd.DataFrame(rows, columns=list(cols), dtype=object)
            return RawChunk(frame, np.asarray(numbers, dtype=np.int64), bad)

        with open_text(path, info.encoding or "utf-8") as fh:
            lineno = 0
            try:
                for lineno, line in enumerate(fh, start=1):
                    if not line.strip():
                        info.blank_lines_skipped += not sample
                        continue
                    obj, problem = _json_object(line)
                    if problem:
                        bad.append(BadRow(lineno, problem, {}, raw_line=_safe_text(line)))
                    else:
                        if "\\u" in line and _SURROGATE_ESCAPE.search(line):
                            obj, changed = _replace_surrogates(obj)
                            if changed:
                                replaced.append(lineno)
                        rows.append(obj)
                        numbers.append(lineno)
                        cols.update(dict.fromkeys(obj))
                    if len(rows) + len(bad) >= chunksize:
                        yield chunk()
                        rows, numbers, bad = [], [], []
                        if sample:
                            return
            except UnicodeDecodeError as exc:
                raise _undecodable(path, info.encoding, lineno + 1, exc) from None
        info.columns = list(cols)
        if replaced and not sample:
            info.note(
                f"{len(replaced)} line(s) hold a lone UTF-16 surrogate escape (\\ud800-\\udfff "
                f"without its pair, not a character), first on line {replaced[0]}; each was "
                "replaced by U+FFFD (\ufffd)"
            )
        if rows or bad:
            yield chunk()


#: JSON values nested deeper than this make their line a :class:`BadRow`.
MAX_JSON_DEPTH = 64
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_object(line: str) -> tuple[dict[str, Any], str]:
    """The object on a JSONL line and ``""``, or ``{}`` and why the line is bad."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return {}, f"invalid JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return {}, (f"JSON nested too deeply to read; allowed: values nested at most "
                    f"{MAX_JSON_DEPTH} levels")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return {}, f"invalid JSON value ({exc})"
    if not isinstance(obj, dict):
        return {}, f"expected a JSON object per line, got {type(obj).__name__}"
    if line.count("[") + line.count("{") > MAX_JSON_DEPTH and _depth(obj) > MAX_JSON_DEPTH:
        return {}, (f"JSON values nested more than {MAX_JSON_DEPTH} levels deep; allowed: "
                    f"at most {MAX_JSON_DEPTH} (a survey cell is a text, a number or a list)")
    return obj, ""


def _depth(obj: Any) -> int:
    """How deep lists and objects nest in ``obj`` (without recursion)."""
    deepest = 0
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            items: Any = value.values()
        elif isinstance(value, list):
            items = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((v, depth + 1) for v in items)
    return deepest


def _replace_surrogates(obj: Any) -> tuple[Any, bool]:
    """``obj`` with lone surrogates in its strings (keys too) replaced by U+FFFD."""
    if isinstance(obj, str):
        new = _SURROGATE.sub("\ufffd", obj)
        return new, new != obj
    if isinstance(obj, list):
        pairs = [_replace_surrogates(v) for v in obj]
        return [v for v, _ in pairs], any(c for _, c in pairs)
    if isinstance(obj, dict):
        out, changed = {}, False
        for k, v in obj.items():
            k2, c1 = _replace_surrogates(k)
            v2, c2 = _replace_surrogates(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return out, changed
    return obj, False


def _safe_text(line: str) -> str:
    """A line as it can be written out (terminator removed, lone surrogates replaced)."""
    return _SURROGATE.sub("\ufffd", line.rstrip("\r\n"))


# --------------------------------------------------------------------------- XLSX


class XlsxReader:
    """Excel workbooks (``.xlsx``/``.xlsm``): one sheet (the first unless ``sheet`` names
    or numbers one), first row the header - after title rows above it, if any (see
    :func:`_title_lines`; skipped with a note, ``info.header_row`` says where the header
    is); cells are Excel values (numbers, dates, text, ``None`` for empty). Empty rows are
    skipped; ``source_row`` is the sheet row."""

    def __init__(self, path: str | Path, *, sheet: str | int | None = None) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.info = SourceInfo(str(self.path), "xlsx")
        wb = self._open()
        try:
            ws = self._worksheet(wb)
            top = [[cell_text(v).strip() for v in row]
                   for row in ws.iter_rows(max_row=TITLE_MAX_LINES + 2, values_only=True)]
            if not top or not any(top[0]):
                raise InputError(
                    f"{self.path}: sheet {ws.title!r} is empty or has no header row."
                )
            skip = _title_lines(top)
            header = top[skip]
            while header and not header[-1]:
                header.pop()
            self.info.sheet = ws.title
            if skip:
                self.info.header_row = skip + 1
                self.info.note(_title_note(top[:skip], skip + 1, "row"))
            self.info.columns = _dedupe(header, self.info.notes)
        except InputError:
            raise
        except Exception as exc:  # a damaged sheet: openpyxl raises many kinds
            raise InputError(f"{self.path}: the header row cannot be read: {exc}") from None
        finally:
            wb.close()

    def _open(self) -> Any:
        from openpyxl import load_workbook

        try:
            return load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for corrupt files
            raise InputError(
                f"{self.path}: cannot be opened as an Excel workbook: {exc}"
            ) from None

    def _worksheet(self, wb: Any) -> Any:
        if self.sheet is None:
            return wb.worksheets[0]
        if isinstance(self.sheet, int):
            try:
                return wb.worksheets[self.sheet]
            except IndexError:
                raise InputError(
                    f"{self.path}: no sheet number {self.sheet}; sheets: {wb.sheetnames}"
                ) from None
        if self.sheet not in wb.sheetnames:
            raise InputError(f"{self.path}: no sheet named {self.sheet!r}; sheets: {wb.sheetnames}")
        return wb[self.sheet]

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        info = self.info
        cols = info.columns
        width = len(cols)
        if not sample:
            info.blank_lines_skipped = 0
        wb = self._open()
        rowno = 1
        try:
            it = self._worksheet(wb).iter_rows(values_only=True)
            for _ in range(info.header_row):  # title rows, then the header
                next(it, None)
            rows: list[list[Any]] = []
            numbers: list[int] = []
            bad: list[BadRow] = []
            for rowno, values in enumerate(it, start=info.header_row + 1):
                vals = list(values[:width]) + [None] * (width - len(values))
                extra = {
                    _excel_column(width + i): v
                    for i, v in enumerate(values[width:])
                    if v is not None and not (isinstance(v, str) and not v.strip())
                }
                if not extra and all(
                    v is None or (isinstance(v, str) and not v.strip()) for v in vals
                ):
                    info.blank_lines_skipped += not sample
                    continue
                if extra:
                    bad.append(self._bad_row(rowno, vals, extra, cols, info.header_row))
                else:
                    rows.append(vals)
                    numbers.append(rowno)
                if len(rows) + len(bad) >= chunksize:
                    yield RawChunk(
                        _object_frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad
                    )
                    rows, numbers, bad = [], [], []
                    if sample:
                        return
            if rows or bad:
                yield RawChunk(_object_frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad)
        except (InputError, GeneratorExit):
            raise
        except Exception as exc:  # a damaged sheet: openpyxl raises many kinds
            raise InputError(
                f"{self.path}: sheet {info.sheet!r} cannot be read after row {rowno}: {exc}"
            ) from None
        finally:
            wb.close()

    @staticmethod
    def _bad_row(rowno: int, vals: list[Any], extra: dict[str, Any], cols: list[str],
                 header_row: int = 1) -> BadRow:
        where = ", ".join(f"{k}{rowno}" for k in extra)
        return BadRow(
            rowno,
            f"row has {len(extra)} value(s) right of the header's last column "
            f"({_excel_column(len(cols) - 1)}), in {where}; give that column a header in "
            f"row {header_row} or move the value(s) into the table",
            {c: cell_text(v) for c, v in zip(cols, vals, strict=True)},
            json.dumps({f"{k}{rowno}": cell_text(v) for k, v in extra.items()},
                       ensure_ascii=False),
        )


def _excel_column(index: int) -> str:
    """The Excel letters of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --------------------------------------------------------------------------- Parquet


class ParquetReader:
    """Parquet: record batches converted by pandas (lists come back as numpy arrays,
    structs as dicts); ``source_row`` is the 1-based position. Repeated column names are
    made unique (``_2``...), with a note; a file that cannot be read is an
    :class:`InputError`."""

    def __init__(self, path: str | Path) -> None:
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.info = SourceInfo(str(self.path), "parquet")
        try:
            schema = pq.read_schema(self.path)
        except Exception as exc:
            raise InputError(f"{self.path}: cannot be read as Parquet: {exc}") from None
        self._names = [str(c) for c in schema.names]
        self.info.columns = _dedupe(self._names, self.info.notes)

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        import pyarrow.parquet as pq

        names = self.info.columns
        read: list[str] | None = None  # None: every column (always so for repeated names)
        if columns is not None and len(set(self._names)) == len(self._names):
            wanted = set(columns)
            names = [c for c in names if c in wanted]
            read = names
        offset = 0
        try:
            pf = pq.ParquetFile(self.path)
        except Exception as exc:
            raise InputError(f"{self.path}: cannot be read as Parquet: {exc}") from None
        try:
            batches = pf.iter_batches(batch_size=chunksize, columns=read)
            while True:
                try:
                    batch = next(batches, None)
                    if batch is None:
                        break
                    frame = _arrow_frame(batch.rename_columns(names))
                except Exception as exc:  # a damaged file: pyarrow raises many kinds
                    raise InputError(
                        f"{self.path}: cannot be read as Parquet after row {offset}: {exc}"
                    ) from None
                numbers = np.arange(offset + 1, offset + len(frame) + 1, dtype=np.int64)
                offset += len(frame)
                yield RawChunk(frame, numbers)
                if sample:
                    return
        finally:
            pf.close()


def _arrow_frame(batch: Any) -> pd.DataFrame:
    """An Arrow batch as an object frame; timestamps pandas cannot hold as datetimes
    (out of its range) come as Python objects instead of failing the file."""
    try:
        frame = batch.to_pandas()
    except (ValueError, OverflowError, ArithmeticError):
        frame = batch.to_pandas(timestamp_as_object=True, date_as_object=True)
    return frame.astype(object)


# --------------------------------------------------------------------------- DataFrame


class FrameReader:
    """A pandas DataFrame read in slices (object dtype, 0-based index per chunk);
    ``source_row`` is the 1-based position. Lone UTF-16 surrogates in text cells (not
    text in any encoding: no file could hold them) are replaced by U+FFFD, with a note."""

    def __init__(self, frame: pd.DataFrame) -> None:
        columns = [str(c) for c in frame.columns]
        if len(set(columns)) != len(columns):
            raise ColumnMappingError(
                f"The DataFrame has duplicate column names: {quote_columns(columns)}. "
                "Fix: rename them so each is unique."
            )
        self.frame = frame
        self.info = SourceInfo("<DataFrame>", "dataframe", columns=columns)

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        df = self.frame
        for start in range(0, len(df), chunksize):
            part = df.iloc[start : start + chunksize].astype(object)
            part.columns = self.info.columns
            part = part.reset_index(drop=True)
            for col in part.columns:
                bad = part[col].map(_has_surrogate).to_numpy(dtype=bool)
                if bad.any():
                    part.loc[bad, col] = [_SURROGATE.sub("\ufffd", v) for v in part.loc[bad, col]]
                    self.info.note(
                        f"column {col!r} holds lone UTF-16 surrogates (not characters), "
                        f"first in row {start + int(bad.argmax()) + 1}; they were replaced "
                        "by U+FFFD (\ufffd)"
                    )
            yield RawChunk(part, np.arange(start + 1, start + len(part) + 1, dtype=np.int64))
            if sample:
                return


def _has_surrogate(value: Any) -> bool:
    return isinstance(value, str) and not value.isascii() and _SURROGATE.search(value) is not None


def open_table(
    source: Source,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    pad_short_rows: bool = False,
) -> TableReader:
    """The :class:`TableReader` for a file (format from ``fmt`` or the suffix) or DataFrame.

    ``encoding`` and ``delimiter`` apply to CSV (``encoding`` also to JSONL), ``sheet`` to
    XLSX, ``pad_short_rows`` to CSV (see :class:`CsvReader`). Raises :class:`InputError`
    for a missing, empty or unreadable file.
    """
    if isinstance(source, pd.DataFrame):
        return FrameReader(source)
    if not isinstance(source, (str, Path)):
        raise InputError(
            f"A survey is a file path or a pandas DataFrame, got a {type(source).__name__}. "
            "Fix: pass pd.DataFrame(records) for a list of records, or the path of the export.")
    path = Path(source)
    _check_file(path)
    kind = detect_format(path, fmt)
    if kind == "csv":
        return CsvReader(
            path, encoding=encoding, delimiter=delimiter, pad_short_rows=pad_short_rows
        )
    if kind == "jsonl":
        return JsonlReader(path, encoding=encoding)
    if kind == "xlsx":
        return XlsxReader(path, sheet=sheet)
    return ParquetReader(path)


def iter_table_chunks(
    source: Source,
    *,
    chunksize: int = DEFAULT_CHUNKSIZE,
    columns: Sequence[str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    fmt: str | None = None,
    cells: Literal["text", "raw"] = "text",
) -> Iterator[pd.DataFrame]:
    """Read a table (CSV/TSV, JSONL, Parquet, XLSX or a DataFrame) in DataFrame chunks.

    The file is opened by :func:`open_table`, so encoding and delimiter are detected as
    for surveys. ``cells="text"`` gives ``str`` cells, missing values as ``""``
    (:func:`cxtext.io.validation.cell_text`); ``cells="raw"`` the values as the format
    holds them (JSON lists, Parquet arrays, Excel numbers). ``columns`` keeps only those
    columns, in that order; one that the table lacks is a :class:`ColumnMappingError`
    (for JSONL, a key missing from some lines is an empty cell). A short CSV row gets
    empty cells; a row that cannot be parsed (too many fields, invalid JSON) is an
    :class:`InputError` naming its line. Each frame has a 0-based index.
    """
    _check_table_options(chunksize, cells)
    reader = open_table(
        source, fmt=fmt, encoding=encoding, delimiter=delimiter, sheet=sheet, pad_short_rows=True
    )
    return _table_frames(reader, chunksize, columns, cells)


def read_table(
    source: Source,
    *,
    columns: Sequence[str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    fmt: str | None = None,
    cells: Literal["text", "raw"] = "text",
) -> pd.DataFrame:
    """A whole table in one DataFrame (for tables that fit in memory: training data,
    taxonomies of labels); options as for :func:`iter_table_chunks`."""
    _check_table_options(DEFAULT_CHUNKSIZE, cells)
    reader = open_table(
        source, fmt=fmt, encoding=encoding, delimiter=delimiter, sheet=sheet, pad_short_rows=True
    )
    frames = list(_table_frames(reader, DEFAULT_CHUNKSIZE, columns, cells))
    if frames:
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    names = list(columns) if columns is not None else reader.info.columns
    return pd.DataFrame({c: pd.Series(dtype=object) for c in names})


def _check_table_options(chunksize: int, cells: str) -> None:
    if chunksize < 1:
        raise InputError(f"chunksize must be a positive integer, got {chunksize!r}.")
    if cells not in ("text", "raw"):
        raise InputError(f"cells must be 'text' or 'raw', got {cells!r}.")


def _table_frames(
    reader: TableReader, chunksize: int, columns: Sequence[str] | None, cells: str
) -> Iterator[pd.DataFrame]:
    info = reader.info
    wanted = list(columns) if columns is not None else None
    checked = False

    def check_columns() -> None:
        missing = [c for c in wanted or () if c not in info.columns]
        if missing:
            raise ColumnMappingError(
                f"{info.source}: no column {quote_columns(missing)}; columns found: "
                f"{quote_columns(info.columns) or 'none'}. Fix: pass one of these names."
            )

    if wanted is not None and info.format != "jsonl":
        check_columns()  # known from the header: fail before reading anything
        checked = True
    for raw in reader.chunks(chunksize, columns=wanted):
        if raw.bad:
            first = raw.bad[0]
            raise InputError(
                f"{info.source}: row at line {first.source_row} cannot be read: {first.reason}."
            )
        if not checked:
            check_columns()
            checked = True
        frame = raw.frame
        if wanted is not None:
            frame = frame.reindex(columns=wanted)
        elif list(frame.columns) != info.columns:  # JSONL: keys that appeared later
            frame = frame.reindex(columns=info.columns)
        if cells == "text" and info.format != "csv":  # CSV cells are text already
            frame = frame.map(cell_text)
        yield frame
    if not checked:
        check_columns()


# --------------------------------------------------------------------------- surveys


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
        self.table: TableReader = open_table(
            source, fmt=fmt, encoding=encoding, delimiter=delimiter, sheet=sheet
        )
        self.info = self.table.info
        first = self.table.chunks(_SAMPLE_ROWS, sample=True)
        try:
            first_raw = next(first, None)
        finally:
            if isinstance(first, Generator):
                first.close()  # release the file now, not when collected
        if self.info.format == "jsonl":  # keys are open-ended: one named may come later
            named = [score_col, id_col, date_col,
                     *([text_cols] if isinstance(text_cols, str) else text_cols or ()),
                     *([segment_cols] if isinstance(segment_cols, str) else segment_cols or ())]
            folded = {fold_name(c).strip() for c in self.info.columns}
            for name in named:
                if name is not None and fold_name(name).strip() not in folded:
                    folded.add(fold_name(name).strip())
                    self.info.columns.append(name)
                    self.info.note(f"key {name!r} is not in the first {_SAMPLE_ROWS} lines; "
                                   "it is read as empty where a line lacks it")
        columns = self.info.columns
        sample = first_raw.frame if first_raw is not None else pd.DataFrame(columns=columns)
        self._sample_dates: tuple[pd.Series, np.ndarray] | None = None
        # set for each pass by __iter__: the date column's slash layout, repeated ids
        self._slash: _SlashLayout | None = None
        self._ids: _RepeatedIds | None = None
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
        if first_raw is not None and self.mapping.date in sample.columns:
            self._sample_dates = (sample[self.mapping.date], first_raw.source_rows)
        self.segment_columns = segment_column_names(self.mapping.segments)
        for col, name in zip(self.mapping.segments, self.segment_columns, strict=True):
            if name != SEGMENT_PREFIX + slugify(col):
                self.info.note(f"segment column {col!r} is written as {name!r} (another "
                               "segment column has the same name once slugified)")
        # the rejects table: fixed columns, so every chunk (and the file) has the same ones
        self._renamed = reserved_names(columns)
        for col, name in self._renamed.items():
            self.info.note(f"input column {col!r} is written as {name!r} in the rejects (the "
                           "name is reserved for a column cxtext adds)")
        self._known = list(columns)
        self.reject_columns: list[str] = [
            *REJECT_COLUMNS, *(self._renamed.get(c, c) for c in columns), *EXTRA_COLUMNS
        ]

    def empty_rejects(self) -> pd.DataFrame:
        """A rejects table with no rows and the columns every rejects chunk has."""
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in self.reject_columns})
        out["source_row"] = out["source_row"].astype("int64")
        return out

    def __iter__(self) -> Iterator[SurveyChunk]:
        info = self.info
        info.rows_read = info.rows_accepted = info.rows_rejected = 0
        m = self.mapping
        where = "line" if info.format in ("csv", "jsonl") else "row"
        self._slash = (_SlashLayout(m.date, self.dayfirst, where)
                       if m.date is not None and not self.date_format else None)
        if self._slash is not None and self._sample_dates is not None:
            self._slash.seed(*self._sample_dates)
        self._ids = _RepeatedIds(m.id, where) if m.id is not None else None
        for raw in self.table.chunks(self.chunksize):
            chunk = self._validate(raw)
            info.rows_read += chunk.rows_read
            info.rows_accepted += chunk.rows_accepted
            info.rows_rejected += len(chunk.rejects)
            yield chunk
        if self._slash is not None:
            self._slash.finish(info)
        if self._ids is not None:
            self._ids.finish(info)

    def _validate(self, chunk: RawChunk) -> SurveyChunk:
        raw, numbers, bad = chunk.frame, chunk.source_rows, chunk.bad
        m = self.mapping
        scale = self.scale
        for col in (m.score, *m.text, m.id, m.date, *m.segments):
            if col is not None and col not in raw.columns:
                raw[col] = None  # JSONL objects may lack a key: treated as empty
        scores, reasons = parse_scores(raw[m.score], scale)
        reject_col = pd.Series(np.where(reasons.ne(""), m.score, ""), index=raw.index, dtype=object)
        if m.date is not None:
            dates, date_reasons = parse_dates(
                raw[m.date], dayfirst=self.dayfirst, date_format=self.date_format,
                slash_dayfirst=None if self._slash is None else self._slash.layout(
                    raw[m.date], numbers, self.info),
            )
            new = reasons.eq("") & date_reasons.ne("")
            reasons[new] = date_reasons[new]
            reject_col[new] = m.date
        else:
            dates = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        texts = {q: raw[q].map(cell_text).astype(object) for q in m.text}
        for q, text in texts.items():
            lengths = text.str.len()
            long = reasons.eq("") & lengths.gt(MAX_ANSWER_CHARS)
            if long.any():
                reasons[long] = (
                    f"the answer in {q!r} has " + lengths[long].map("{:,}".format)
                    + f" characters; allowed: at most {MAX_ANSWER_CHARS:,} (MAX_ANSWER_CHARS). "
                    "Fix: shorten it in the source, or keep it out of the survey"
                )
                reject_col[long] = q
        ok = reasons.eq("").to_numpy()
        rejects = self._rejects(raw.loc[~ok], numbers[~ok], reasons[~ok], reject_col[~ok], bad)

        acc = raw.loc[ok]
        n = int(ok.sum())
        src = numbers[ok]
        if m.id is not None:
            ids = np.array(acc[m.id].map(cell_text).str.strip().tolist(), dtype=object)
            missing = ids == ""
            if self._ids is not None:
                self._ids.add(ids[~missing], src[~missing])
            ids[missing] = src[missing].astype(str)
        else:
            ids = src.astype(str).astype(object)
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
            name: np.array(acc[c].map(cell_text).str.strip().tolist(), dtype=object)
            for c, name in zip(m.segments, self.segment_columns, strict=True)
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
                    "text_raw": texts[q][ok].to_numpy(dtype=object),
                }
            )
            parts.append(part)
        responses = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if len(parts) > 1:
            responses = responses.sort_values(["source_row"], kind="stable", ignore_index=True)
        return SurveyChunk(responses, rejects, rows_read=chunk.rows_read, rows_accepted=n)

    def _rejects(self, frame: pd.DataFrame, numbers: np.ndarray, reasons: pd.Series,
                 columns: pd.Series, bad: list[BadRow]) -> pd.DataFrame:
        """Rejected rows with every original value as text, in :attr:`reject_columns`."""
        if not len(frame) and not bad:
            return self.empty_rejects()
        known = set(self._known)
        parts: list[pd.DataFrame] = []
        if len(frame):
            cells = frame.map(cell_text)
            out = cells[[c for c in self._known if c in cells.columns]].rename(
                columns=self._renamed)
            late = [c for c in cells.columns if c not in known]  # JSONL keys seen later
            if late:
                out["extra_fields"] = [
                    json.dumps({k: v for k, v in zip(late, vals, strict=True) if v != ""},
                               ensure_ascii=False) if any(v != "" for v in vals) else ""
                    for vals in cells[late].itertuples(index=False, name=None)
                ]
            out.insert(0, "reject_column", columns.to_numpy())
            out.insert(0, "reject_reason", reasons.to_numpy())
            out.insert(0, "source_row", numbers)
            parts.append(out.reset_index(drop=True))
        if bad:
            records: list[dict[str, Any]] = []
            for b in bad:
                rec = {"source_row": b.source_row, "reject_reason": b.reason, "reject_column": ""}
                late_values = {}
                for c, v in b.values.items():
                    if c in known:
                        rec[self._renamed.get(c, c)] = v
                    else:
                        late_values[c] = v
                extra = b.extra
                if late_values:
                    prior = json.loads(extra) if extra else {}
                    merged = {**prior, **late_values} if isinstance(prior, dict) else {
                        "fields": prior, **late_values}
                    extra = json.dumps(merged, ensure_ascii=False)
                rec["extra_fields"] = extra
                rec["raw_line"] = b.raw_line
                records.append(rec)
            parts.append(pd.DataFrame.from_records(records))
        rejects = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        rejects = rejects.reindex(columns=self.reject_columns)
        text_cols = self.reject_columns[1:]
        rejects[text_cols] = rejects[text_cols].astype(object).fillna("")
        rejects["source_row"] = rejects["source_row"].astype("int64")
        return rejects


_EXAMPLES = 3  # examples a note shows


def _layout_name(dayfirst: bool) -> str:
    return "DD/MM/YYYY (day first)" if dayfirst else "MM/DD/YYYY (month first)"


class _SlashLayout:
    """The layout of the slash dates (``03/04/2025``) of the date column: one for the whole
    column, decided by the dates only one layout can read (``12/31/2025``: month first;
    ``31/12/2025``: day first) in the rows :class:`SurveyReader` samples to map columns
    (:meth:`seed`) or else in the first chunk that has one, and kept for every later
    chunk. Dates that fit both are read with the reader's ``dayfirst`` until a date
    decides (noted, if any were). A column with dates of both layouts keeps the layout it
    had and is noted, with examples of each."""

    def __init__(self, column: str, default: bool, where: str) -> None:
        self.column, self.default, self.where = column, default, where
        self.dayfirst: bool | None = None  # the layout the column proved
        self.examples: dict[bool, list[tuple[str, int]]] = {True: [], False: []}
        self.undecided = 0  # ambiguous dates read with the default before a proof
        self.first_undecided: tuple[str, int] | None = None
        self.mixed = False  # dates of both layouts seen
        self._noted_mixed = False

    def _look(self, values: pd.Series, lines: np.ndarray) -> Any:
        found = slash_dates(values)
        for flag, mask in ((True, found.day_first), (False, found.month_first)):
            known = {n for _, n in self.examples[flag]}
            for i in np.flatnonzero(mask):
                if len(self.examples[flag]) >= _EXAMPLES:
                    break
                if int(lines[i]) not in known:
                    self.examples[flag].append(
                        (cell_text(values.iloc[i]).strip(), int(lines[i])))
        day, month = bool(found.day_first.any()), bool(found.month_first.any())
        decided = False
        if self.dayfirst is None and not self.mixed and day != month:
            self.dayfirst, decided = day, True
        self.mixed = bool(self.examples[True] and self.examples[False])
        return found, decided

    def seed(self, values: pd.Series, lines: np.ndarray) -> None:
        """Decide from the first rows of the source, before any chunk is read."""
        self._look(values, lines)

    def layout(self, values: pd.Series, lines: np.ndarray, info: SourceInfo) -> bool:
        """The ``dayfirst`` to read this chunk's slash dates with (notes what it finds)."""
        found, decided = self._look(values, lines)
        where = self.where
        if decided and self.undecided and self.dayfirst != self.default:
            value, line = self.examples[bool(self.dayfirst)][0]
            first, first_line = self.first_undecided or ("", 0)
            info.note(
                f"column {self.column!r}: {self.undecided:,} slash date(s) that fit both "
                f"DD/MM and MM/DD (first {first!r}, {where} {first_line}) were read as "
                f"{_layout_name(self.default)} before {value!r} ({where} {line}) showed the "
                f"column is {_layout_name(bool(self.dayfirst))}; read the file in one chunk "
                "(--chunksize) or pass --date-format to read them alike")
        elif self.dayfirst is None and not self.mixed and found.ambiguous.any():
            if self.first_undecided is None:
                i = int(np.flatnonzero(found.ambiguous)[0])
                self.first_undecided = (cell_text(values.iloc[i]).strip(), int(lines[i]))
            self.undecided += int(found.ambiguous.sum())
        used = self.default if self.dayfirst is None else self.dayfirst
        if self.mixed and not self._noted_mixed:
            self._noted_mixed = True
            day_ex = ", ".join(f"{v!r} ({where} {n})" for v, n in self.examples[True])
            month_ex = ", ".join(f"{v!r} ({where} {n})" for v, n in self.examples[False])
            info.note(
                f"column {self.column!r} mixes slash date layouts: {day_ex} can only be "
                f"DD/MM, {month_ex} only MM/DD; each such date was read the only way it can "
                f"be, and dates that fit both (03/04) as {_layout_name(used)}. Fix: check "
                "the export, or pass --date-format to read all dates with one layout (dates "
                "that do not fit it are then rejected)")
        return used

    def finish(self, info: SourceInfo) -> None:
        """Note the layout the column was read with, where it is not the default or a guess."""
        col, where = self.column, self.where
        if self.mixed:
            return
        if self.dayfirst is not None and self.dayfirst != self.default:
            value, line = self.examples[self.dayfirst][0]
            info.note(f"column {col!r}: slash dates are read as {_layout_name(self.dayfirst)}, "
                      f"as {value!r} ({where} {line}) can only be read that way")
        elif self.dayfirst is None and self.first_undecided is not None:
            value, line = self.first_undecided
            other = "%m/%d/%Y" if self.default else "%d/%m/%Y"
            info.note(
                f"column {col!r}: {self.undecided:,} slash date(s) such as {value!r} "
                f"({where} {line}) fit both DD/MM and MM/DD and no date in the column "
                f"decides; they were read as {_layout_name(self.default)}. If the export "
                f"writes them the other way, pass --date-format {other}")


class _RepeatedIds:
    """Ids of accepted rows seen so far, to note ids that occur on more than one row (the
    rows are all kept: a repeat may be a second answer or an export error)."""

    def __init__(self, column: str, where: str) -> None:
        self.column, self.where = column, where
        self.first: dict[str, int] = {}  # id -> the first source_row with it
        self.repeated: set[str] = set()
        self.rows = 0  # rows whose id was seen on an earlier row
        self.examples: list[tuple[str, int, int]] = []

    def add(self, ids: np.ndarray, lines: np.ndarray) -> None:
        first, repeated, examples = self.first, self.repeated, self.examples
        for rid, line in zip(ids.tolist(), lines.tolist(), strict=True):
            prev = first.setdefault(rid, line)
            if prev != line:
                self.rows += 1
                if rid not in repeated:
                    repeated.add(rid)
                    if len(examples) < _EXAMPLES:
                        examples.append((rid, prev, line))

    def finish(self, info: SourceInfo) -> None:
        if not self.rows:
            return
        shown = ", ".join(f"{rid!r} ({self.where}s {a} and {b})" for rid, a, b in self.examples)
        n = len(self.repeated)
        info.note(
            f"column {self.column!r}: {n:,} id(s) occur on more than one accepted row "
            f"({self.rows:,} repeated row(s)), e.g. {shown}; every row is kept and counted "
            "on its own (NPS included). If a respondent answered twice, remove the repeats "
            "in the source")


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
        rejects = reader.empty_rejects()
    return Survey(responses, rejects, reader.mapping, reader.scale, reader.info)


def empty_responses(mapping: ColumnMapping) -> pd.DataFrame:
    """A responses table with no rows and the columns (and dtypes) ``mapping`` gives."""
    cols: dict[str, pd.Series] = {
        "source_row": pd.Series(dtype="int64"),
        "response_id": pd.Series(dtype=object),
        "question": pd.Series(dtype=object),
        "score": pd.Series(dtype="Int64"),
        "score_group": pd.Series(dtype=object),
        "date": pd.Series(dtype="datetime64[ns]"),
    }
    for name in segment_column_names(mapping.segments):
        cols[name] = pd.Series(dtype=object)
    cols["text_raw"] = pd.Series(dtype=object)
    return pd.DataFrame(cols)


def _undecodable(path: Any, encoding: str | None, line: int,
                 exc: UnicodeDecodeError) -> EncodingDetectionError:
    return EncodingDetectionError(
        f"{path}: cannot be decoded as {encoding} near line {line} ({exc.reason}). "
        f"Supported encodings: {', '.join(SUPPORTED_ENCODINGS)}.")
