"""cxtext.io.writers: TableWriter with structured (list / struct) columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxtext import io as cxio
from cxtext.errors import InputError, OutputError

EVIDENCE = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
TOPIC = pa.struct(
    [("code", pa.string()), ("sentiment", pa.string()), ("evidence", pa.list_(EVIDENCE))]
)
KURIER = {
    "code": "delivery.speed",
    "sentiment": "negative",
    "evidence": [{"text": "kurier", "start": 0, "end": 6}],
}
CENA = {"code": "price.level", "sentiment": "positive", "evidence": []}


def _plain(value: Any) -> Any:
    """Parquet read back by pandas: lists come as numpy arrays; make them lists again."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _chunks() -> list[pd.DataFrame]:
    """Three chunks of an answers table; in the first every list is empty or missing."""
    return [
        pd.DataFrame({
            "row": [1, 2],
            "text": ["ok", "brak"],
            "topics": [[], []],
            "topic_results": [[], None],
            "scores": [None, None],
        }),
        pd.DataFrame({
            "row": [3, 4, 5],
            "text": ["kurier spóźniony", "tanio", "brak"],
            "topics": [["delivery.speed"], ["price.level"], []],
            "topic_results": [[KURIER], [CENA], []],
            "scores": [{"neg": 0.9, "pos": 0.1}, None, {"neg": 0.2, "pos": 0.8}],
        }),
        pd.DataFrame({
            "row": [6],
            "text": ["kurier i cena"],
            "topics": [["delivery.speed", "price.level"]],
            "topic_results": [[KURIER, CENA]],
            "scores": [{"neg": 0.5, "pos": 0.5}],
        }),
    ]


def _write(stem: Path, chunks: list[pd.DataFrame], **kwargs: Any) -> cxio.TableWriter:
    with cxio.TableWriter(stem, **kwargs) as w:
        for chunk in chunks:
            w.write(chunk)
    return w


@pytest.mark.parametrize("explicit", [False, True], ids=["inferred", "explicit-types"])
def test_parquet_keeps_lists_and_structs_across_chunks(tmp_path, explicit):
    chunks = _chunks()
    types = {"topics": pa.list_(pa.string()), "topic_results": pa.list_(TOPIC)}
    w = _write(tmp_path / "t", chunks, formats=("parquet",), schema=types if explicit else None)
    assert w.rows == 6 and set(w.paths) == {"t_parquet"}
    schema = pq.read_schema(tmp_path / "t.parquet")
    assert schema.field("topics").type == pa.list_(pa.string())  # not list<null>
    assert schema.field("topic_results").type == pa.list_(TOPIC)
    assert schema.field("scores").type == pa.struct([("neg", pa.float64()), ("pos", pa.float64())])
    assert pq.ParquetFile(tmp_path / "t.parquet").metadata.num_row_groups == 3
    back = pd.read_parquet(tmp_path / "t.parquet")
    expected = pd.concat(chunks, ignore_index=True)
    assert back["row"].tolist() == expected["row"].tolist()
    assert back["text"].tolist() == expected["text"].tolist()
    for col in ("topics", "topic_results", "scores"):
        assert [_plain(v) for v in back[col]] == expected[col].tolist(), col
    assert _plain(back.at[5, "topic_results"])[0]["evidence"][0] == {
        "text": "kurier", "start": 0, "end": 6
    }


def test_whole_schema_is_the_file_schema(tmp_path):
    schema = pa.schema([("row", pa.int32()), ("topics", pa.list_(pa.string()))])
    chunks = [pd.DataFrame({"topics": [[]], "row": [1]}),
              pd.DataFrame({"topics": [["a", "b"]], "row": [2]})]
    _write(tmp_path / "s", chunks, formats=("parquet",), schema=schema)
    table = pq.read_table(tmp_path / "s.parquet")
    assert table.schema.equals(schema)  # the given column order and types
    assert table.to_pylist() == [{"row": 1, "topics": []}, {"row": 2, "topics": ["a", "b"]}]
    with pytest.raises(OutputError, match=r"missing \['topics'\]"):
        _write(tmp_path / "x", [pd.DataFrame({"row": [1]})], formats=("parquet",),
               schema=schema)


def test_type_unknown_in_every_chunk_becomes_text(tmp_path):
    chunks = [pd.DataFrame({"topics": [[], []], "note": [None, None]})]
    _write(tmp_path / "e", chunks, formats=("parquet",))
    schema = pq.read_schema(tmp_path / "e.parquet")
    assert schema.field("topics").type == pa.list_(pa.string())
    assert schema.field("note").type == pa.large_string()
    assert [_plain(v) for v in pd.read_parquet(tmp_path / "e.parquet")["topics"]] == [[], []]


def test_rows_held_back_are_bounded(tmp_path):
    """Past ``infer_rows`` the unknown type is settled; a later struct is then an error
    that says to pass the type."""
    chunks = [pd.DataFrame({"topics": [[]] * 3}), pd.DataFrame({"topics": [[]] * 3}),
              pd.DataFrame({"topics": [[{"code": "a"}]]})]
    with pytest.raises(OutputError, match=r"'topics'.*schema=\{'topics'"):
        _write(tmp_path / "b", chunks, formats=("parquet",), infer_rows=5)


def test_a_struct_field_the_file_lacks_is_an_error_not_a_silent_drop(tmp_path):
    chunks = [pd.DataFrame({"t": [[{"code": "a", "sentiment": "negative"}]]}),
              pd.DataFrame({"t": [[{"code": "b", "sentiment": "neutral", "confidence": 0.7}]]})]
    with pytest.raises(OutputError, match=r"t\[\]\.confidence"):
        _write(tmp_path / "f", chunks, formats=("parquet",))
    # with the full type given, fields missing in a chunk are just null
    t = pa.list_(pa.struct([("code", pa.string()), ("sentiment", pa.string()),
                            ("confidence", pa.float64())]))
    _write(tmp_path / "g", chunks, formats=("parquet",), schema={"t": t})
    rows = pq.read_table(tmp_path / "g.parquet").column("t").to_pylist()
    assert rows == [[{"code": "a", "sentiment": "negative", "confidence": None}],
                    [{"code": "b", "sentiment": "neutral", "confidence": 0.7}]]


def test_mixed_values_in_a_column_are_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="one kind of value"):
        _write(tmp_path / "m", [pd.DataFrame({"t": [["a"], {"b": 1}]})], formats=("parquet",))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_default_formats(tmp_path):
    _write(tmp_path / "c", _chunks(), formats=("csv",))
    rows = _read_csv(tmp_path / "c.csv")
    assert [r["topics"] for r in rows] == ["", "", "delivery.speed", "price.level", "",
                                           "delivery.speed; price.level"]
    assert [r["topic_results"] for r in rows][:3] == ["", "", json.dumps([KURIER],
                                                                         ensure_ascii=False)]
    assert json.loads(rows[5]["topic_results"]) == [KURIER, CENA]
    assert json.loads(rows[2]["scores"]) == {"neg": 0.9, "pos": 0.1}
    assert rows[3]["scores"] == "" and rows[0]["text"] == "ok"
    assert rows[2]["text"] == "kurier spóźniony"


def test_csv_formatters_from_the_caller(tmp_path):
    def topic_sentiment(results: Any) -> str:
        return "; ".join(f"{r['code']}={r['sentiment']}" for r in results)

    seen: list[Any] = []

    def topics(codes: Any) -> str:
        seen.append(codes)
        return "|".join(codes)

    _write(tmp_path / "f", _chunks(), formats=("csv", "parquet"),
           csv_format={"topic_results": topic_sentiment, "topics": topics, "absent": str})
    rows = _read_csv(tmp_path / "f.csv")
    assert [r["topic_results"] for r in rows] == [
        "", "", "delivery.speed=negative", "price.level=positive", "",
        "delivery.speed=negative; price.level=positive",
    ]
    assert rows[5]["topics"] == "delivery.speed|price.level"
    assert None not in seen and len(seen) == 6  # missing cells are "" without a call
    # the Parquet file still has the structures
    back = pd.read_parquet(tmp_path / "f.parquet")
    assert _plain(back.at[5, "topic_results"]) == [KURIER, CENA]
    with pytest.raises(OutputError, match="callables"):
        cxio.TableWriter(tmp_path / "x", csv_format={"topics": "; "})  # type: ignore[dict-item]


def test_format_cell():
    assert cxio.format_cell(["a", "b"]) == "a; b"
    assert cxio.format_cell(np.array(["a", "b"], dtype=object)) == "a; b"
    assert cxio.format_cell([]) == "" and cxio.format_cell(None) == ""
    assert cxio.format_cell({"słowo": np.int64(3)}) == '{"słowo": 3}'
    assert cxio.format_cell([{"a": np.array([1, 2])}]) == '[{"a": [1, 2]}]'
    assert cxio.format_cell([["a"], ["b"]]) == '[["a"], ["b"]]'


def test_plain_tables_are_written_as_before(tmp_path):
    """No structured column: the first chunk fixes the schema, later chunks are reindexed
    to its columns, empty text columns stay strings."""
    chunks = [
        pd.DataFrame({"a": pd.Series(dtype=object), "n": pd.Series(dtype="Int64")}),
        pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "a": ["x", None], "z": [1, 2]}),
    ]
    w = _write(tmp_path / "p", chunks)
    assert w.rows == 2 and set(w.paths) == {"p_csv", "p_parquet"}
    back = pd.read_parquet(tmp_path / "p.parquet")
    assert list(back.columns) == ["a", "n"]
    assert str(back["n"].dtype) == "Int64" and back["a"].tolist()[0] == "x"
    assert pq.read_schema(tmp_path / "p.parquet").field("a").type == pa.large_string()
    assert (tmp_path / "p.csv").read_bytes().decode("utf-8-sig") == "a,n\r\nx,1\r\n,\r\n"
    with pytest.raises(InputError, match="allowed: csv, parquet"):
        cxio.TableWriter(tmp_path / "q", formats=("xlsx",))


def test_empty_list_column_reads_back_from_parquet(tmp_path: Path) -> None:
    """A file with no rows keeps its list column readable (pandas metadata "object")."""
    with cxio.TableWriter(tmp_path / "t", formats=("parquet",),
                     schema={"topics": pa.list_(pa.string())}) as w:
        w.write(pd.DataFrame({"topics": pd.Series([], dtype=object)}))
    back = pd.read_parquet(tmp_path / "t.parquet")
    assert back.empty and list(back.columns) == ["topics"]


@pytest.mark.parametrize("text", ["a\rb", "a\nb", "a\r\nb", "\r", "x\r\r\ny", 'q"\r"', "n\x00ul"],
                         ids=["cr", "lf", "crlf", "cr-only", "cr-crlf", "quote-cr", "nul"])
def test_line_breaks_in_cells_read_back_as_one_row(tmp_path: Path, text: str) -> None:
    """A bare CR in an answer went out unquoted (rows ended in LF alone) and read back as
    two rows; every cell with a line break is quoted now."""
    df = pd.DataFrame({"id": [1, 2, 3], "text": [text, "ok", text]})
    with cxio.TableWriter(tmp_path / "t", formats=("csv",)) as w:
        w.write(df.iloc[:2])
        w.write(df.iloc[2:])
    path = tmp_path / "t.csv"
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1:] == [["1", text], ["2", "ok"], ["3", text]]
    back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back["text"].tolist() == [text, "ok", text]


def test_text_utf8_cannot_hold_is_replaced_not_fatal(tmp_path: Path) -> None:
    with cxio.TableWriter(tmp_path / "s", formats=("csv",)) as w:
        w.write(pd.DataFrame({"text": ["a\ud800b", "ok"]}, dtype=object))
    back = pd.read_csv(tmp_path / "s.csv", dtype=str, encoding="utf-8-sig")
    assert back["text"].tolist() == ["a?b", "ok"]
