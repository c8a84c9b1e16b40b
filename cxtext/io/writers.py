"""Write tables chunk by chunk: CSV for people (Excel opens it), Parquet for programs.

Columns may hold structured values - lists, dicts, lists of dicts - one Python object per
cell. Parquet keeps them as Arrow list/struct columns with one schema for the whole file;
CSV writes each such cell as text through a formatter (see :class:`TableWriter`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd

from cxtext.errors import InputError, OutputError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ArrowTypes", "CellFormatter", "TableWriter", "format_cell"]

logger = logging.getLogger(__name__)

CellFormatter: TypeAlias = Callable[[Any], str]
#: A whole Parquet schema, or Arrow types for some columns (the rest are inferred).
ArrowTypes: TypeAlias = "pa.Schema | Mapping[str, pa.DataType]"

_NESTED = (list, tuple, dict, np.ndarray)
FORMATS: tuple[str, ...] = ("csv", "parquet")


# --------------------------------------------------------------------------- CSV cells


def _is_missing(value: Any) -> bool:
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )


def _first_value(values: pd.Series) -> Any:
    """The first non-missing cell, or None when every cell is missing."""
    present = values.notna().to_numpy()
    return values.iat[int(present.argmax())] if present.any() else None


def _json_default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def format_cell(value: Any) -> str:
    """The default CSV text of a structured cell.

    A list of scalars is ``"; "``-joined (``["delivery.speed", "price"]`` ->
    ``"delivery.speed; price"``); a dict, or a list holding dicts or lists, is one-line
    JSON with non-ASCII letters kept (``[{"code": "delivery", "evidence": ["kurier"]}]``);
    an empty list and a missing value are ``""``; anything else is ``str(value)``.
    """
    if _is_missing(value):
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(value)
        if not items:
            return ""
        if any(isinstance(v, _NESTED) for v in items):
            return json.dumps(items, ensure_ascii=False, default=_json_default)
        return "; ".join(map(str, items))
    return str(value)


# --------------------------------------------------------------------------- Arrow types


def _map_type(t: pa.DataType, leaf: Callable[[pa.DataType], pa.DataType]) -> pa.DataType:
    """Rebuild ``t`` with ``leaf`` applied to every non-nested type inside it."""
    import pyarrow as pa

    if pa.types.is_struct(t):
        return pa.struct([t.field(i).with_type(_map_type(t.field(i).type, leaf))
                          for i in range(t.num_fields)])
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_map_type(t.value_type, leaf)))
    if pa.types.is_large_list(t):
        return pa.large_list(t.value_field.with_type(_map_type(t.value_type, leaf)))
    return leaf(t)


def _has_null(t: pa.DataType) -> bool:
    import pyarrow as pa

    found = False

    def leaf(x: pa.DataType) -> pa.DataType:
        nonlocal found
        found = found or pa.types.is_null(x)
        return x

    _map_type(t, leaf)
    return found


def _null_to_string(t: pa.DataType) -> pa.DataType:
    import pyarrow as pa

    if pa.types.is_null(t):
        return pa.large_string()  # what a column of missing text always was
    return _map_type(t, lambda x: pa.string() if pa.types.is_null(x) else x)


def _extra_fields(actual: pa.DataType, target: pa.DataType, path: str) -> list[str]:
    """Struct fields in ``actual`` that ``target`` lacks (a cast would drop them silently)."""
    import pyarrow as pa

    if pa.types.is_struct(actual) and pa.types.is_struct(target):
        names = {target.field(i).name for i in range(target.num_fields)}
        out = []
        for i in range(actual.num_fields):
            f = actual.field(i)
            if f.name not in names:
                out.append(f"{path}.{f.name}")
            else:
                out += _extra_fields(f.type, target.field(f.name).type, f"{path}.{f.name}")
        return out
    list_like = (pa.types.is_list, pa.types.is_large_list)
    if any(p(actual) for p in list_like) and any(p(target) for p in list_like):
        return _extra_fields(actual.value_type, target.value_type, f"{path}[]")
    return []


def _unify(name: str, a: pa.DataType, b: pa.DataType) -> pa.DataType:
    import pyarrow as pa

    if a.equals(b):
        return a
    try:
        merged = pa.unify_schemas(
            [pa.schema([pa.field(name, a)]), pa.schema([pa.field(name, b)])],
            promote_options="permissive",
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        raise OutputError(
            f"Column {name!r} holds {a} in one chunk and {b} in another; one Parquet file "
            f"needs one type per column. Fix: make the values agree, or pass the type "
            f"(TableWriter(..., schema={{{name!r}: pyarrow type}}))."
        ) from None
    return merged.field(name).type


# --------------------------------------------------------------------------- the writer


class TableWriter:
    """Append DataFrame chunks to ``<stem>.csv`` (UTF-8 with BOM and CRLF row ends, opens in
    Excel; a cell holding a CR or LF is quoted, so the file reads back with the same rows)
    and/or ``<stem>.parquet``. Use as a context manager; ``paths`` names the files written.

    The first chunk fixes the columns (later chunks are reindexed to them; with a whole
    ``pyarrow.Schema`` they must have exactly its columns).

    **Structured cells** (lists, dicts, lists of dicts, numpy arrays) in object columns:

    * Parquet stores them as Arrow list/struct columns with one schema for the whole
      file. ``schema`` fixes types: a ``pyarrow.Schema`` (the whole file) or a mapping of
      column name to Arrow type (those columns; the rest inferred). Every chunk is cast to
      it. Without a type, a column's type is inferred from the chunks, and a chunk in which
      it is unknown - all missing, only empty lists, a struct field always ``None`` -
      does not fix it: such chunks are held back (at most ``infer_rows`` rows) until a
      chunk shows the type, and the unknown parts become strings if none does. A chunk
      whose values do not fit the file's type (another type, a struct field the type
      lacks) raises :class:`OutputError` instead of being cast with loss.
    * CSV writes them through ``csv_format[column]`` (a callable from cell to text,
      called for every non-missing cell; missing cells are ``""``) or, for object
      columns without one, through :func:`format_cell`: ``"; "``-joined scalars, one-line
      JSON for dicts and lists of dicts.

    Reading the Parquet file back with pandas gives lists (as numpy arrays, as for every
    Arrow list) and dicts again.
    """

    def __init__(
        self,
        stem: str | Path,
        *,
        formats: Sequence[str] = FORMATS,
        schema: ArrowTypes | None = None,
        csv_format: Mapping[str, CellFormatter] | None = None,
        infer_rows: int = 100_000,
    ) -> None:
        unknown = set(formats) - set(FORMATS)
        if unknown:
            raise InputError(f"Unknown output format(s) {sorted(unknown)}; allowed: csv, parquet.")
        bad = [name for name, f in (csv_format or {}).items() if not callable(f)]
        if bad:
            raise OutputError(
                f"csv_format values must be callables from a cell to text; not for {bad}."
            )
        self.stem = Path(stem)
        self.formats = tuple(formats)
        self.rows = 0
        self.paths: dict[str, str] = {}
        self.csv_format: dict[str, CellFormatter] = dict(csv_format or {})
        self.infer_rows = int(infer_rows)
        self._schema_arg = schema
        self._csv: Any = None
        self._pq: Any = None
        self._schema: pa.Schema | None = None
        self._columns: list[str] | None = None
        self._object_cols: set[str] = set()
        self._pending: list[pa.Table] = []
        self._pending_rows = 0

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- columns -------------------------------------------------------------
    def _full_schema(self) -> pa.Schema | None:
        import pyarrow as pa

        return self._schema_arg if isinstance(self._schema_arg, pa.Schema) else None

    def _align(self, df: pd.DataFrame) -> pd.DataFrame:
        full = self._full_schema() if "parquet" in self.formats else None
        if full is not None:
            missing = [c for c in full.names if c not in df.columns]
            extra = [c for c in df.columns if c not in full.names]
            if missing or extra:
                raise OutputError(
                    f"{self.stem.name}: the chunk's columns do not match the schema: missing "
                    f"{missing}, not in the schema {extra}. Fix: add them to the schema or the "
                    "frame (or pass a mapping of types for some columns instead)."
                )
            self._columns = list(full.names)
        elif self._columns is None:
            self._columns = [str(c) for c in df.columns]
        else:
            extra = [c for c in df.columns if c not in self._columns]
            if extra:  # JSONL chunks may bring new keys: the first chunk's columns win
                logger.debug("Columns %s appeared after the first chunk", extra)
        if list(df.columns) != self._columns:
            df = df.reindex(columns=self._columns)
        return df

    # -- writing -------------------------------------------------------------
    def write(self, df: pd.DataFrame) -> None:
        """Append one chunk to every format."""
        df = self._align(df)
        if "csv" in self.formats:
            self._write_csv(df)
        if "parquet" in self.formats:
            self._write_parquet(df)
        self.rows += len(df)

    def _write_csv(self, df: pd.DataFrame) -> None:
        # Rows end in CRLF (RFC 4180, as Excel writes them). With QUOTE_MINIMAL the csv
        # module quotes a cell only for the delimiter, the quote and the characters of the
        # line terminator: with "\n" alone a bare CR inside an answer went out unquoted and
        # read back as a row break. A character UTF-8 cannot hold (a lone surrogate, which
        # the readers already replace) is written as "?" rather than failing the file.
        text = self._csv_text(df)
        if self._csv is None:
            path = self.stem.with_suffix(".csv")
            self._csv = path.open("w", encoding="utf-8-sig", newline="", errors="replace")
            self.paths[f"{self.stem.name}_csv"] = str(path)
            text.to_csv(self._csv, index=False, lineterminator="\r\n")
        else:
            text.to_csv(self._csv, index=False, header=False, lineterminator="\r\n")

    def _csv_text(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` with structured cells turned into text (a copy only if one is)."""
        out = df
        for col in df.columns:
            fmt = self.csv_format.get(col)
            if fmt is None:
                if df[col].dtype != object:
                    continue
                if not isinstance(_first_value(df[col]), _NESTED):
                    continue
                fmt = format_cell
            values = df[col].to_numpy(dtype=object)
            text = ["" if _is_missing(v) else fmt(v) for v in values]
            if out is df:
                out = df.copy()
            out[col] = pd.Series(text, index=df.index, dtype=object)
        return out

    def _arrow(self, df: pd.DataFrame) -> pa.Table:
        """One chunk as Arrow, types inferred; object columns of text stay strings."""
        import pyarrow as pa

        prepared = df.copy(deep=False)
        given = self._schema_arg if self._schema_arg is not None else {}
        for col in df.columns:
            if df[col].dtype != object:
                continue
            self._object_cols.add(col)
            typed = col in (given.names if isinstance(given, pa.Schema) else given)
            if (typed and pa.types.is_nested(given.field(col).type if isinstance(given, pa.Schema)
                                             else given[col])):
                continue  # a list/struct column: its pandas metadata must stay "object"
            if not isinstance(_first_value(df[col]), _NESTED):
                # text (or nothing yet): a string column, as pandas' "string" dtype gives
                prepared[col] = df[col].astype("string")
        try:
            return pa.Table.from_pandas(prepared, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise OutputError(
                f"{self.stem.name}: a chunk cannot be converted to Arrow: {exc}. Fix: give each "
                "column one kind of value (text, numbers, lists or dicts), or format it first."
            ) from None

    def _write_parquet(self, df: pd.DataFrame) -> None:
        table = self._arrow(df)
        if self._pq is not None:
            assert self._schema is not None
            self._pq.write_table(self._conform(table, self._schema))
            return
        self._pending.append(table)
        self._pending_rows += len(table)
        schema = self._resolve(final=self._pending_rows >= self.infer_rows)
        if schema is not None:
            self._open_parquet(schema)

    def _column_types(self, name: str) -> tuple[pa.DataType | None, int]:
        """The type the pending chunks show for ``name`` (None if none shows one) and the
        index of the chunk whose pandas metadata describes it."""
        known: pa.DataType | None = None
        source = 0
        for i, table in enumerate(self._pending):
            column = table.column(name)
            if name in self._object_cols and (len(column) == 0 or column.null_count == len(column)):
                continue  # all missing: says nothing about the type
            if known is None:
                known, source = column.type, i
            else:
                known = _unify(name, known, column.type)
            if name not in self._object_cols:
                break  # a pandas dtype fixes the type
        return known, source

    def _resolve(self, *, final: bool) -> pa.Schema | None:
        """The file schema if every column's type is known (or ``final``), else None."""
        import pyarrow as pa

        full = self._full_schema()
        explicit: Mapping[str, pa.DataType] = (
            {} if full is not None else dict(self._schema_arg or {})
        )
        first = self._pending[0]
        fields = []
        sources: dict[str, int] = {}
        for f in first.schema:
            if full is not None:
                fields.append(full.field(f.name))
                continue
            if f.name in explicit:
                fields.append(pa.field(f.name, explicit[f.name]))
                continue
            t, sources[f.name] = self._column_types(f.name)
            if t is None or _has_null(t):
                if not final:
                    return None
                t = _null_to_string(t if t is not None else f.type)
            fields.append(pa.field(f.name, t))
        if full is not None and full.metadata:
            return pa.schema(fields, metadata=full.metadata)
        return pa.schema(fields, metadata=self._pandas_metadata(sources))

    def _pandas_metadata(self, sources: Mapping[str, int]) -> dict[bytes, bytes] | None:
        """pandas metadata of the first chunk, each column described by the chunk its type
        came from (so a column empty in the first chunk reads back as what it is)."""
        metas = [t.schema.metadata or {} for t in self._pending]
        if b"pandas" not in metas[0]:
            return metas[0] or None
        meta = json.loads(metas[0][b"pandas"])
        entries = {}
        for i, m in enumerate(metas):
            if b"pandas" in m:
                entries[i] = {c["name"]: c for c in json.loads(m[b"pandas"])["columns"]}
        meta["columns"] = [
            entries.get(sources.get(c["name"], 0), {}).get(c["name"], c) for c in meta["columns"]
        ]
        return {**metas[0], b"pandas": json.dumps(meta).encode()}

    @staticmethod
    def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
        """Cast a chunk to the file schema; refuse what a cast would lose."""
        import pyarrow as pa

        arrays = []
        for f in schema:
            column = table.column(f.name)
            if column.type.equals(f.type):
                arrays.append(column)
                continue
            if column.null_count == len(column):
                arrays.append(pa.nulls(len(column), f.type))
                continue
            extra = _extra_fields(column.type, f.type, f.name)
            if extra:
                raise OutputError(
                    f"Column {f.name!r}: a chunk has struct field(s) {extra} that the file's "
                    f"type {f.type} lacks (fixed by the schema given or the first chunks). "
                    f"Fix: pass the full type, TableWriter(..., schema={{{f.name!r}: ...}})."
                )
            try:
                arrays.append(column.cast(f.type))
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
                raise OutputError(
                    f"Column {f.name!r}: a chunk of type {column.type} cannot be stored as the "
                    f"file's type {f.type} ({exc}). Fix: pass the type, "
                    f"TableWriter(..., schema={{{f.name!r}: ...}}), or make the values agree."
                ) from None
        return pa.Table.from_arrays(arrays, schema=schema)

    def _open_parquet(self, schema: pa.Schema) -> None:
        import pyarrow.parquet as pq

        path = self.stem.with_suffix(".parquet")
        self._schema = schema
        self._pq = pq.ParquetWriter(path, schema)
        self.paths[f"{self.stem.name}_parquet"] = str(path)
        pending, self._pending, self._pending_rows = self._pending, [], 0
        for table in pending:
            self._pq.write_table(self._conform(table, schema))

    def close(self) -> None:
        """Write what is held back and close the files (called by ``with``)."""
        try:
            if self._pending:
                schema = self._resolve(final=True)
                assert schema is not None
                self._open_parquet(schema)
        finally:
            self._pending, self._pending_rows = [], 0
            if self._csv is not None:
                self._csv.close()
                self._csv = None
            if self._pq is not None:
                self._pq.close()
                self._pq = None
