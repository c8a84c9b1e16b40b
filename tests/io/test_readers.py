"""cxtext.io.readers, table half: one reader protocol for every format (open_table,
iter_table_chunks, read_table)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxtext import io as cxio
from cxtext.errors import ColumnMappingError, InputError
from tests.conftest import SURVEY_HEADER, write_csv

SCORE, TEXT, CHANNEL, DATE = SURVEY_HEADER
POLISH = ["Zażółć gęślą jaźń", "Kurier spóźnił się, źle", "ŁÓDŹ; Śląsk"]


def _write(df: pd.DataFrame, path: Path) -> Path:
    fmt = path.suffix
    if fmt in (".csv", ".tsv"):
        write_csv(path, df, sep="\t" if fmt == ".tsv" else ";", encoding="utf-8")
    elif fmt == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    elif fmt == ".parquet":
        df.to_parquet(path)
    else:
        df.to_excel(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet", ".xlsx", "frame"])
def test_every_format_gives_the_same_text_table(tmp_path, survey_df, suffix):
    source = survey_df if suffix == "frame" else _write(survey_df, tmp_path / f"s{suffix}")
    chunks = list(cxio.iter_table_chunks(source, chunksize=5))
    assert [len(c) for c in chunks] == [5, 5, 5, 1]
    assert all(list(c.index) == list(range(len(c))) for c in chunks)
    table = pd.concat(chunks, ignore_index=True)
    assert list(table.columns) == list(SURVEY_HEADER)
    assert all(isinstance(v, str) for v in table.to_numpy().ravel())
    assert table.to_numpy().tolist() == survey_df.to_numpy().tolist()


def test_cp1250_semicolon_csv_with_polish_letters(tmp_path):
    path = tmp_path / "pl.csv"
    path.write_bytes(
        ("id;komentarz\n" + "".join(f'{i};"{t}"\n' for i, t in enumerate(POLISH))).encode("cp1250")
    )
    reader = cxio.open_table(path)
    assert (reader.info.encoding, reader.info.delimiter) == ("cp1250", ";")
    table = cxio.read_table(path, columns=["komentarz"])
    assert list(table.columns) == ["komentarz"]
    assert table["komentarz"].tolist() == POLISH


def test_columns_are_checked_before_reading(tmp_path, survey_df):
    path = write_csv(tmp_path / "s.csv", survey_df)
    chunks = cxio.iter_table_chunks(path, columns=[CHANNEL, "nope"])
    with pytest.raises(ColumnMappingError, match=r"no column 'nope'; columns found: .*'Kanał'"):
        next(chunks)
    header_only = tmp_path / "h.csv"
    header_only.write_text("a;b\n", encoding="utf-8")
    with pytest.raises(ColumnMappingError, match="'nope'"):
        list(cxio.iter_table_chunks(header_only, columns=["nope"]))
    empty = cxio.read_table(header_only, columns=["b"])
    assert empty.empty and list(empty.columns) == ["b"]


def test_unparseable_rows_are_errors_short_rows_are_padded(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("a;b;c\n1;2;3\n4;5\n6;7;8;;\n", encoding="utf-8")
    assert cxio.read_table(path).to_numpy().tolist() == [
        ["1", "2", "3"], ["4", "5", ""], ["6", "7", "8"]
    ]
    path.write_text("a;b\n1;2\n3;4;5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3 cannot be read: row has 3 fields"):
        cxio.read_table(path)
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text('{"a": 1}\n{oops}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2 cannot be read: invalid JSON"):
        cxio.read_table(jsonl)


def test_raw_cells_keep_json_values(tmp_path):
    path = tmp_path / "t.jsonl"
    rows = [{"text": "dostawa", "labels": ["delivery", "price"], "n": 1},
            {"text": "cena", "labels": [], "extra": None}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    raw = cxio.read_table(path, cells="raw")
    assert list(raw.columns) == ["text", "labels", "n", "extra"]
    assert raw["labels"].tolist() == [["delivery", "price"], []]
    assert raw.at[0, "n"] == 1 and pd.isna(raw.at[1, "n"])
    text = cxio.read_table(path, columns=["n", "labels"])
    assert text.to_numpy().tolist() == [["1", "['delivery', 'price']"], ["", "[]"]]


def test_parquet_reads_only_the_columns_asked_for(tmp_path):
    path = tmp_path / "w.parquet"
    pd.DataFrame({"a": ["x", None], "b": [1.5, np.nan], "c": [[1], [2, 3]]}).to_parquet(path)
    chunk = next(cxio.open_table(path).chunks(10, columns=["b"]))
    assert list(chunk.frame.columns) == ["b"] and chunk.source_rows.tolist() == [1, 2]
    assert cxio.read_table(path, columns=["a", "b"]).to_numpy().tolist() == [
        ["x", "1.5"], ["", ""]
    ]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx", ".parquet", "frame"])
def test_reader_protocol(tmp_path, survey_df, suffix):
    source = survey_df if suffix == "frame" else _write(survey_df, tmp_path / f"s{suffix}")
    reader: cxio.TableReader = cxio.open_table(source)
    assert reader.info.format in (*cxio.readers.FORMATS, "dataframe")
    first = list(reader.chunks(4, sample=True))
    assert len(first) == 1 and first[0].rows_read == 4
    chunks = list(reader.chunks(4))
    assert sum(c.rows_read for c in chunks) == len(survey_df)
    assert reader.info.columns == list(SURVEY_HEADER)
    rows = np.concatenate([c.source_rows for c in chunks]).tolist()
    start = 2 if suffix in (".csv", ".xlsx") else 1  # header line / sheet row 1
    assert rows == list(range(start, start + len(survey_df)))
    again = list(reader.chunks(100))  # every call reads the source again
    assert sum(c.rows_read for c in again) == len(survey_df)


def test_blank_lines_counted_on_full_passes_only(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("a;b\n1;2\n\n3;4\n\n", encoding="utf-8")
    reader = cxio.open_table(path)
    list(reader.chunks(1, sample=True))
    assert reader.info.blank_lines_skipped == 0
    list(reader.chunks(10))
    list(reader.chunks(10))
    assert reader.info.blank_lines_skipped == 2


def test_jsonl_survey_longer_than_the_sample(tmp_path):
    """The column mapping is made from the first 200 lines; the keys seen there count."""
    path = tmp_path / "long.jsonl"
    lines = [{"nps": i % 11, "komentarz": f"odpowiedź {i}"} for i in range(450)]
    lines[300]["kanał"] = "sklep"  # a key that appears late
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    survey = cxio.read_survey(path, chunksize=100)
    assert len(survey.responses) == 450 and survey.rejects.empty
    assert survey.mapping.score == "nps" and survey.mapping.text == ("komentarz",)
    assert "kanał" in survey.info.columns


def test_open_table_errors(tmp_path):
    with pytest.raises(InputError, match="not found"):
        cxio.open_table(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="folder"):
        cxio.open_table(tmp_path)
    odd = tmp_path / "x.csv"
    odd.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="Unknown format 'docx'; allowed: csv"):
        cxio.open_table(odd, fmt="docx")
    with pytest.raises(InputError, match="cells must be 'text' or 'raw'"):
        cxio.iter_table_chunks(odd, cells="json")  # type: ignore[arg-type]
    with pytest.raises(ColumnMappingError, match="duplicate column names"):
        cxio.open_table(pd.DataFrame([[1, 2]], columns=["a", "a"]))
