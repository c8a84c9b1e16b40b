"""Write tables chunk by chunk: CSV for people (Excel opens it), Parquet for programs."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from cxtext.errors import InputError

__all__ = ["TableWriter"]

logger = logging.getLogger(__name__)


class TableWriter:
    """Append DataFrame chunks to ``<stem>.csv`` (UTF-8 with BOM, opens in Excel) and/or
    ``<stem>.parquet`` with a schema fixed by the first chunk. Use as a context manager."""

    def __init__(self, stem: str | Path, *, formats: Sequence[str] = ("csv", "parquet")) -> None:
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
            path = self.stem.with_suffix(".csv")
            if self._csv is None:
                self._csv = path.open("w", encoding="utf-8-sig", newline="")
                self.paths[f"{self.stem.name}_csv"] = str(path)
                df.to_csv(self._csv, index=False, lineterminator="\n")
            else:
                df.to_csv(self._csv, index=False, header=False, lineterminator="\n")
        if "parquet" in self.formats:
            import pyarrow as pa
            import pyarrow.parquet as pq

            if self._pq is None:
                table = pa.Table.from_pandas(_for_arrow(df), preserve_index=False)
                self._schema = table.schema
                path = self.stem.with_suffix(".parquet")
                self._pq = pq.ParquetWriter(path, self._schema)
                self.paths[f"{self.stem.name}_parquet"] = str(path)
            else:
                table = pa.Table.from_pandas(
                    _for_arrow(df), schema=self._schema, preserve_index=False
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


def _for_arrow(df: pd.DataFrame) -> pd.DataFrame:
    """Give object columns a string dtype so empty chunks keep a stable Arrow schema."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].astype("string")
    return out
