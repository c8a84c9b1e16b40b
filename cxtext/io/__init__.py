"""Read survey exports and other tables; write result tables.

* :mod:`cxtext.io.encoding` - text encodings and CSV delimiters (detected, or checked).
* :mod:`cxtext.io.csvlines` - CSV records, with a policy for quotes that never close.
* :mod:`cxtext.io.columns` - which column is the score, the answers, id, segments, date.
* :mod:`cxtext.io.validation` - scores, dates and answer text, cell by cell.
* :mod:`cxtext.io.readers` - one reader protocol (:class:`TableReader`, :func:`open_table`)
  for CSV/TSV, JSONL, XLSX, Parquet and DataFrames; :func:`iter_table_chunks` for plain
  tables and :class:`SurveyReader` / :func:`read_survey` for surveys (accepted responses
  and rejected rows, nothing lost).
* :mod:`cxtext.io.writers` - :class:`TableWriter`: CSV and Parquet, chunk by chunk, with
  list/struct columns.
"""

from __future__ import annotations

from cxtext.io.columns import ColumnMapping, detect_columns, segment_column_names, slugify
from cxtext.io.encoding import (
    SUPPORTED_ENCODINGS,
    detect_encoding,
    resolve_csv_dialect,
    sniff_delimiter,
)
from cxtext.io.readers import (
    DEFAULT_CHUNKSIZE,
    BadRow,
    RawChunk,
    Source,
    SourceInfo,
    Survey,
    SurveyChunk,
    SurveyReader,
    TableReader,
    empty_responses,
    iter_survey,
    iter_table_chunks,
    open_table,
    read_survey,
    read_table,
)
from cxtext.io.validation import MAX_ANSWER_CHARS, cell_text, parse_dates, parse_scores
from cxtext.io.writers import CellFormatter, TableWriter, format_cell
from cxtext.schema import REJECT_COLUMNS

__all__ = [
    "DEFAULT_CHUNKSIZE",
    "MAX_ANSWER_CHARS",
    "REJECT_COLUMNS",
    "SUPPORTED_ENCODINGS",
    "BadRow",
    "CellFormatter",
    "ColumnMapping",
    "RawChunk",
    "Source",
    "SourceInfo",
    "Survey",
    "SurveyChunk",
    "SurveyReader",
    "TableReader",
    "TableWriter",
    "cell_text",
    "detect_columns",
    "detect_encoding",
    "empty_responses",
    "format_cell",
    "iter_survey",
    "iter_table_chunks",
    "open_table",
    "parse_dates",
    "parse_scores",
    "read_survey",
    "read_table",
    "resolve_csv_dialect",
    "segment_column_names",
    "slugify",
    "sniff_delimiter",
]
