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

import csv
import json
import logging
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol, TypeAlias

import numpy as np
import pandas as pd

from cxtext.errors import ColumnMappingError, EncodingDetectionError, InputError
from cxtext.io.columns import ColumnMapping, detect_columns, quote_columns, slugify
from cxtext.io.encoding import (
    SUPPORTED_ENCODINGS,
    check_encoding,
    detect_encoding,
    resolve_csv_dialect,
)
from cxtext.io.validation import cell_text, parse_dates, parse_scores
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
    """What was read and how."""

    source: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    blank_lines_skipped: int = 0


class BadRow(NamedTuple):
    """A source row that could not be parsed into the table's columns."""

    source_row: int
    reason: str
    values: dict[str, str]  # what could be read, by column (``raw_line`` for JSONL)


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


def _object_frame(rows: list[Any], cols: list[str]) -> pd.DataFrame:
    if rows:
        return pd.DataFrame(rows, columns=cols, dtype=object)
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})


# --------------------------------------------------------------------------- CSV


class CsvReader:
    """CSV/TSV: encoding and delimiter detected unless given; cells are ``str``.

    A row with more fields than the header (unless the extra ones are empty, as in a
    trailing ``;;``) is a :class:`BadRow`; so is a shorter row, unless ``pad_short_rows``,
    which fills the missing cells with ``""``. Blank lines are skipped.
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
        with self.path.open("r", encoding=encoding, newline="") as fh:
            try:
                header = next(csv.reader(fh, delimiter=delimiter))
            except StopIteration:
                raise InputError(f"{self.path}: the file has no header row.") from None
            except UnicodeDecodeError as exc:
                raise EncodingDetectionError(
                    f"{self.path}: cannot be decoded as {encoding} ({exc}). Supported "
                    f"encodings: {', '.join(SUPPORTED_ENCODINGS)}; omit --encoding to detect it."
                ) from None
        header = [h.strip().lstrip("\ufeff") for h in header]
        if not any(header):
            raise InputError(f"{self.path}: the header row is empty; expected column names.")
        self.info.columns = _dedupe(header)

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        path, info = self.path, self.info
        cols = info.columns
        width = len(cols)
        if not sample:
            info.blank_lines_skipped = 0
        with path.open("r", encoding=info.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=info.delimiter or ",")
            rows: list[list[str]] = []
            numbers: list[int] = []
            bad: list[BadRow] = []
            prev_line = 0
            try:
                next(reader)
                prev_line = reader.line_num
                for record in reader:
                    start = prev_line + 1
                    prev_line = reader.line_num
                    if not record:
                        info.blank_lines_skipped += not sample
                        continue
                    if len(record) != width:
                        if len(record) > width and not any(x.strip() for x in record[width:]):
                            record = record[:width]  # trailing empty fields (";;" at end)
                        elif len(record) < width and self.pad_short_rows:
                            record = record + [""] * (width - len(record))
                        else:
                            bad.append(self._bad_row(start, record, cols))
                    if len(record) == width:
                        rows.append(record)
                        numbers.append(start)
                    if len(rows) + len(bad) >= chunksize:
                        yield RawChunk(
                            _object_frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad
                        )
                        rows, numbers, bad = [], [], []
                        if sample:
                            return
            except UnicodeDecodeError as exc:
                raise _undecodable(path, info.encoding, prev_line + 1, exc) from None
            except csv.Error as exc:
                raise InputError(
                    f"{path}: malformed CSV near line {reader.line_num}: {exc}. "
                    "Check for an unclosed quote in that row."
                ) from None
            if rows or bad:
                yield RawChunk(_object_frame(rows, cols), np.asarray(numbers, dtype=np.int64), bad)

    @staticmethod
    def _bad_row(start: int, record: list[str], cols: list[str]) -> BadRow:
        width = len(cols)
        values = {c: v for c, v in zip(cols, record, strict=False)}
        if len(record) > width:
            values["extra_fields"] = json.dumps(record[width:], ensure_ascii=False)
        return BadRow(
            start,
            f"row has {len(record)} fields but the header has {width}; check quoting of the "
            "text (a delimiter or quote inside an unquoted answer) in the source file",
            values,
        )


# --------------------------------------------------------------------------- JSONL


class JsonlReader:
    """JSON Lines: one JSON object per line; cells are JSON values (a missing key is NaN).

    A line that is not valid JSON or not an object is a :class:`BadRow`; blank lines are
    skipped. ``info.columns`` is the union of the keys seen so far, in order of appearance.
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

        def chunk() -> RawChunk:
            info.columns = list(cols)
            frame = pd.DataFrame(rows, columns=list(cols), dtype=object)
            return RawChunk(frame, np.asarray(numbers, dtype=np.int64), bad)

        with path.open("r", encoding=info.encoding) as fh:
            lineno = 0
            try:
                for lineno, line in enumerate(fh, start=1):
                    if not line.strip():
                        info.blank_lines_skipped += not sample
                        continue
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as exc:
                        bad.append(
                            BadRow(
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
                                BadRow(
                                    lineno,
                                    "expected a JSON object per line, got "
                                    f"{type(obj).__name__}",
                                    {"raw_line": line.rstrip("\n")},
                                )
                            )
                    if len(rows) + len(bad) >= chunksize:
                        yield chunk()
                        rows, numbers, bad = [], [], []
                        if sample:
                            return
            except UnicodeDecodeError as exc:
                raise _undecodable(path, info.encoding, lineno + 1, exc) from None
        info.columns = list(cols)
        if rows or bad:
            yield chunk()


# --------------------------------------------------------------------------- XLSX


class XlsxReader:
    """Excel workbooks (``.xlsx``/``.xlsm``): one sheet (the first unless ``sheet`` names
    or numbers one), first row the header; cells are Excel values (numbers, dates, text,
    ``None`` for empty). Empty rows are skipped; ``source_row`` is the sheet row."""

    def __init__(self, path: str | Path, *, sheet: str | int | None = None) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.info = SourceInfo(str(self.path), "xlsx")
        wb = self._open()
        try:
            ws = self._worksheet(wb)
            header_row = next(ws.iter_rows(max_row=1, values_only=True), None)
            if header_row is None or not any(v is not None for v in header_row):
                raise InputError(
                    f"{self.path}: sheet {ws.title!r} is empty or has no header row."
                )
            header = [("" if v is None else str(v)).strip() for v in header_row]
            while header and not header[-1]:
                header.pop()
            self.info.sheet = ws.title
            self.info.columns = _dedupe(header)
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
        try:
            it = self._worksheet(wb).iter_rows(values_only=True)
            next(it, None)  # header
            rows: list[list[Any]] = []
            numbers: list[int] = []
            for rowno, values in enumerate(it, start=2):
                vals = list(values[:width]) + [None] * (width - len(values))
                extra = [v for v in values[width:] if v is not None]
                if (
                    all(v is None or (isinstance(v, str) and not v.strip()) for v in vals)
                    and not extra
                ):
                    info.blank_lines_skipped += not sample
                    continue
                rows.append(vals)
                numbers.append(rowno)
                if len(rows) >= chunksize:
                    yield RawChunk(_object_frame(rows, cols), np.asarray(numbers, dtype=np.int64))
                    rows, numbers = [], []
                    if sample:
                        return
            if rows:
                yield RawChunk(_object_frame(rows, cols), np.asarray(numbers, dtype=np.int64))
        finally:
            wb.close()


# --------------------------------------------------------------------------- Parquet


class ParquetReader:
    """Parquet: record batches converted by pandas (lists come back as numpy arrays,
    structs as dicts); ``source_row`` is the 1-based position."""

    def __init__(self, path: str | Path) -> None:
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.info = SourceInfo(str(self.path), "parquet")
        try:
            schema = pq.read_schema(self.path)
        except Exception as exc:
            raise InputError(f"{self.path}: cannot be read as Parquet: {exc}") from None
        self.info.columns = [str(c) for c in schema.names]

    def chunks(
        self, chunksize: int, *, sample: bool = False, columns: Sequence[str] | None = None
    ) -> Iterator[RawChunk]:
        import pyarrow.parquet as pq

        names = self.info.columns
        if columns is not None:
            wanted = set(columns)
            names = [c for c in names if c in wanted]
        pf = pq.ParquetFile(self.path)
        offset = 0
        try:
            for batch in pf.iter_batches(batch_size=chunksize, columns=names):
                frame = batch.to_pandas().astype(object)
                frame.columns = names
                numbers = np.arange(offset + 1, offset + len(frame) + 1, dtype=np.int64)
                offset += len(frame)
                yield RawChunk(frame, numbers)
                if sample:
                    return
        finally:
            pf.close()


# --------------------------------------------------------------------------- DataFrame


class FrameReader:
    """A pandas DataFrame read in slices (object dtype, 0-based index per chunk);
    ``source_row`` is the 1-based position."""

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
            yield RawChunk(part, np.arange(start + 1, start + len(part) + 1, dtype=np.int64))
            if sample:
                return


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
        columns = self.info.columns
        sample = first_raw.frame if first_raw is not None else pd.DataFrame(columns=columns)
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

    def __iter__(self) -> Iterator[SurveyChunk]:
        self.info.rows_read = 0
        for raw in self.table.chunks(self.chunksize):
            chunk = self._validate(raw)
            self.info.rows_read += chunk.rows_read
            yield chunk

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
                raw[m.date], dayfirst=self.dayfirst, date_format=self.date_format
            )
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
        return SurveyChunk(responses, rejects, rows_read=chunk.rows_read)


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
    """A responses table with no rows and the columns (and dtypes) ``mapping`` gives."""
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


def _undecodable(path: Any, encoding: str | None, line: int,
                 exc: UnicodeDecodeError) -> EncodingDetectionError:
    return EncodingDetectionError(
        f"{path}: cannot be decoded as {encoding} near line {line} ({exc.reason}). "
        f"Supported encodings: {', '.join(SUPPORTED_ENCODINGS)}.")
