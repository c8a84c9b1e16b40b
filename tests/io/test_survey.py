"""cxtext.io.readers, survey half: every input row ends in responses or rejects, from every
format (SurveyReader, read_survey, iter_survey)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxtext import io as cxio
from cxtext.errors import ColumnMappingError, InputError
from cxtext.schema import NPS
from tests.conftest import N_INVALID, N_VALID, SURVEY_HEADER, write_csv

SCORE, TEXT, CHANNEL, DATE = SURVEY_HEADER


def _check_accounting(survey: cxio.Survey, n_input: int) -> None:
    assert survey.info.rows_read == n_input
    assert len(survey.responses) + len(survey.rejects) == n_input
    rows = set(survey.responses["source_row"]) | set(survey.rejects["source_row"])
    assert len(rows) == n_input


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("sep", "encoding"),
    [
        (";", "cp1250"),
        (",", "utf-8"),
        (";", "utf-8-sig"),
        ("\t", "utf-8"),
        ("|", "iso-8859-2"),
        (",", "cp1250"),
    ],
)
def test_csv_encodings_and_delimiters(tmp_path, survey_df, sep, encoding):
    path = write_csv(tmp_path / "s.csv", survey_df, sep=sep, encoding=encoding)
    survey = cxio.read_survey(path)
    assert survey.info.encoding == encoding
    assert survey.info.delimiter == sep
    _check_accounting(survey, len(survey_df))
    assert len(survey.responses) == N_VALID
    # Polish letters survive whichever legacy encoding was used
    assert "Kurier spóźnił się trzy dni" in " ".join(survey.responses["text_raw"])
    assert survey.mapping.score == SCORE
    assert survey.mapping.text == (TEXT,)
    assert survey.mapping.segments == (CHANNEL,)
    assert survey.mapping.date == DATE


def test_all_formats_give_the_same_result(tmp_path, survey_df):
    csv_path = write_csv(tmp_path / "s.csv", survey_df)
    xlsx_path = tmp_path / "s.xlsx"
    survey_df.to_excel(xlsx_path, index=False)
    pq_path = tmp_path / "s.parquet"
    survey_df.to_parquet(pq_path)
    jsonl_path = tmp_path / "s.jsonl"
    survey_df.to_json(jsonl_path, orient="records", lines=True, force_ascii=False)
    results = {
        "csv": cxio.read_survey(csv_path),
        "xlsx": cxio.read_survey(xlsx_path),
        "parquet": cxio.read_survey(pq_path),
        "jsonl": cxio.read_survey(jsonl_path),
        "df": cxio.read_survey(survey_df),
    }
    cols = ["score", "score_group", "date", "segment_kanal"]
    base = results["df"].responses[cols].reset_index(drop=True)
    for name, survey in results.items():
        _check_accounting(survey, len(survey_df))
        pd.testing.assert_frame_equal(
            survey.responses[cols].reset_index(drop=True), base, check_dtype=False, obj=name
        )
        # emoji are lost only in the cp1250 CSV (as in real exports)
        if name != "csv":
            assert "😡" in " ".join(survey.responses["text_raw"])


def test_source_rows_are_spreadsheet_rows(survey_csv_cp1250):
    survey = cxio.read_survey(survey_csv_cp1250)
    # header is line 1, so the first data row is 2; the "11" score is the 12th data row
    rejected = survey.rejects.set_index("source_row")
    assert 13 in rejected.index and "out of range" in rejected.loc[13, "reject_reason"]
    assert survey.responses["source_row"].iloc[0] == 2


def test_multiline_quoted_field_keeps_start_line(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text('score;comment\n9;"line one\nline two"\n11;bad\n', encoding="utf-8")
    survey = cxio.read_survey(path)
    assert survey.responses["text_raw"].tolist() == ["line one\nline two"]
    assert survey.rejects["source_row"].tolist() == [4]  # record starts on physical line 4


def test_wrong_field_count_is_rejected_not_lost(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "score;comment;channel\n9;ok;web\n8;a;b;c\n7;short\n10;fine;app;;\n", encoding="utf-8"
    )
    survey = cxio.read_survey(path, text_cols="comment", segment_cols="channel")
    _check_accounting(survey, 4)
    reasons = survey.rejects.set_index("source_row")["reject_reason"]
    assert "4 fields but the header has 3" in reasons[3]
    assert "2 fields" in reasons[4]
    assert json.loads(survey.rejects.set_index("source_row").loc[3, "extra_fields"]) == ["c"]
    assert sorted(survey.responses["score"].tolist()) == [9, 10]  # trailing ";;" tolerated


def test_jsonl_bad_lines_rejected(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"score": 9, "comment": "super"}\n{not json}\n[1, 2]\n\n'
        '{"score": "3", "comment": "zle"}\n',
        encoding="utf-8",
    )
    survey = cxio.read_survey(path)
    assert survey.responses["score"].tolist() == [9, 3]
    assert survey.rejects["source_row"].tolist() == [2, 3]
    assert survey.info.blank_lines_skipped == 1
    assert survey.info.rows_read == 4


def test_xlsx_sheet_selection_and_numeric_cells(tmp_path):
    path = tmp_path / "s.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"x": [1]}).to_excel(xw, sheet_name="Info", index=False)
        pd.DataFrame({"NPS": [9, 10.0, 4], "Komentarz": ["a", None, "c"]}).to_excel(
            xw, sheet_name="Dane", index=False
        )
    survey = cxio.read_survey(path, sheet="Dane")
    assert survey.responses["score"].tolist() == [9, 10, 4]
    assert survey.responses["text_raw"].tolist() == ["a", "", "c"]
    with pytest.raises(InputError, match="no sheet named 'Nope'.*Dane"):
        cxio.read_survey(path, sheet="Nope")


def test_examples_csv_and_xlsx_agree(examples_dir):
    csv_s = cxio.read_survey(examples_dir / "nps_survey.csv")
    xlsx_s = cxio.read_survey(examples_dir / "nps_survey.xlsx")
    assert csv_s.info.encoding == "cp1250" and csv_s.info.delimiter == ";"
    assert csv_s.info.rows_read == xlsx_s.info.rows_read >= 300
    assert len(csv_s.rejects) == len(xlsx_s.rejects) >= 1
    assert csv_s.responses["score"].tolist() == xlsx_s.responses["score"].tolist()
    assert csv_s.responses["response_id"].tolist() == xlsx_s.responses["response_id"].tolist()


# --------------------------------------------------------------------------- encodings










# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("content", "match"),
    [(b"", "empty"), (b"\n\n", "header row is empty")],
    ids=["zero-bytes", "blank-lines"],
)
def test_empty_files(tmp_path, content, match):
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=match):
        cxio.read_survey(path)


def test_header_only_file_gives_empty_tables(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("ocena;komentarz\n", encoding="utf-8")
    survey = cxio.read_survey(path)
    assert survey.info.rows_read == 0
    assert survey.responses.empty and survey.rejects.empty
    assert list(survey.responses.columns)[:4] == ["source_row", "response_id", "question", "score"]


def test_missing_file_and_unknown_suffix(tmp_path):
    with pytest.raises(InputError, match="not found"):
        cxio.read_survey(tmp_path / "nope.csv")
    odd = tmp_path / "s.doc"
    odd.write_text("x")
    with pytest.raises(InputError, match=r"unknown file type '\.doc'.*\.csv"):
        cxio.read_survey(odd)
    xls = tmp_path / "s.xls"
    xls.write_text("x")
    with pytest.raises(InputError, match="save it as .xlsx"):
        cxio.read_survey(xls)


def test_errors_are_builtin_subclasses(tmp_path):
    with pytest.raises(ValueError):
        cxio.read_survey(tmp_path / "nope.csv")


# --------------------------------------------------------------------------- mapping












def test_explicit_columns_override_and_are_validated(survey_df):
    survey = cxio.read_survey(
        survey_df, score_col="ocena (0-10)", text_cols=[TEXT], segment_cols=[], date_col=None
    )
    assert survey.mapping.score == SCORE  # case-insensitive match
    assert survey.mapping.segments == ()
    with pytest.raises(ColumnMappingError, match="'Nope' is not in the data.*'Kanał'"):
        cxio.read_survey(survey_df, score_col="Nope")


def test_multiple_text_questions_long_format(survey_df):
    df = survey_df.assign(**{"Co poprawić?": "szybszą dostawę"})
    survey = cxio.read_survey(df, text_cols=[TEXT, "Co poprawić?"])
    assert len(survey.responses) == 2 * N_VALID
    assert survey.responses["source_row"].nunique() + len(survey.rejects) == len(df)
    assert set(survey.responses["question"]) == {TEXT, "Co poprawić?"}


# --------------------------------------------------------------------------- scores








def test_score_groups_nps(survey_df):
    survey = cxio.read_survey(survey_df)
    groups = dict(zip(survey.responses["score"], survey.responses["score_group"], strict=False))
    assert groups[10] == groups[9] == "promoter"
    assert groups[8] == groups[7] == "passive"
    assert groups[6] == groups[0] == "detractor"
    assert len(survey.rejects) == N_INVALID
    assert NPS.group(9) == "promoter"


def test_rejects_keep_all_original_values(survey_df):
    survey = cxio.read_survey(survey_df)
    rej = survey.rejects.set_index("source_row")
    missing = rej[rej["reject_reason"].str.startswith("missing score")]
    assert missing[TEXT].iloc[0].startswith("Brak kontaktu z infolinią")
    assert set(survey_df.columns) <= set(rej.columns)
    assert (rej["reject_column"] == SCORE).all()


def test_invalid_date_is_rejected_empty_date_kept():
    df = pd.DataFrame(
        {
            "nps": ["9", "8", "7", "6"],
            "komentarz": ["a", "b", "c", "d"],
            "data": ["2025-03-05", "05.03.2025", "", "wczoraj"],
        }
    )
    survey = cxio.read_survey(df)
    assert survey.responses["date"].tolist()[:2] == [pd.Timestamp("2025-03-05")] * 2
    assert pd.isna(survey.responses["date"].iloc[2])
    assert "date 'wczoraj' cannot be parsed" in survey.rejects["reject_reason"].iloc[0]


def test_response_id_falls_back_to_source_row(survey_df):
    survey = cxio.read_survey(survey_df)
    assert survey.responses["response_id"].iloc[0] == "1"  # DataFrame: 1-based position


# --------------------------------------------------------------------------- chunks


def test_chunked_equals_whole(survey_csv_cp1250):
    whole = cxio.read_survey(survey_csv_cp1250)
    chunked = cxio.read_survey(survey_csv_cp1250, chunksize=3)
    pd.testing.assert_frame_equal(whole.responses, chunked.responses)
    pd.testing.assert_frame_equal(
        whole.rejects.reset_index(drop=True),
        chunked.rejects.reset_index(drop=True),
        check_dtype=False,
    )
    sizes = [c.rows_read for c in cxio.iter_survey(survey_csv_cp1250, chunksize=3)]
    assert max(sizes) <= 3 and sum(sizes) == 16


def test_bad_chunksize():
    with pytest.raises(InputError, match="chunksize"):
        cxio.SurveyReader(pd.DataFrame({"nps": [1], "comment": ["x"]}), chunksize=0)


@pytest.mark.slow
def test_100mb_file_streams_in_bounded_memory(tmp_path):
    """A ~100 MB cp1250 CSV is read chunk by chunk; peak RSS grows far less than its size
    (loading it whole as a DataFrame of strings would take several times its size)."""
    path = tmp_path / "big.csv"
    line = "{i};{s};Dostawa była szybka, ale obsługa klienta mogłaby odpowiadać szybciej. Żółć\n"
    with path.open("w", encoding="cp1250", newline="") as fh:
        fh.write("id;ocena;komentarz\n")
        block = "".join(line.format(i=i, s=i % 11) for i in range(10_000))
        while fh.tell() < 100 * 1024 * 1024:
            fh.write(block)
    size = path.stat().st_size
    script = textwrap.dedent(
        f"""
        import json, resource
        from cxtext.io import iter_survey
        reader = iter_survey({str(path)!r}, chunksize=10_000)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        n = biggest = 0
        for chunk in reader:
            n += chunk.rows_read
            biggest = max(biggest, chunk.rows_read)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({{"rows": n, "growth": peak - base, "biggest": biggest,
                          "enc": reader.info.encoding}}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    with path.open("rb") as fh:
        n_lines = sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - 1
    assert result["rows"] == n_lines
    assert result["biggest"] <= 10_000
    assert result["enc"] == "cp1250"
    assert result["growth"] < 0.6 * size, (
        f"RSS grew {result['growth'] / 1e6:.0f} MB reading a {size / 1e6:.0f} MB file"
    )


# --------------------------------------------------------------------------- properties


_score_values = st.one_of(
    st.integers(-5, 15).map(str),
    st.sampled_from(["", " ", "9.0", " 8 ", "7,0", "7.5", "abc", "1e1", "10/10", "NaN"]),
    st.text(max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(
    scores=st.lists(_score_values, min_size=1, max_size=30),
    texts=st.lists(st.text(max_size=30), min_size=30, max_size=30),
)
def test_every_row_is_accounted_for(scores, texts):
    df = pd.DataFrame({"nps": scores, "komentarz": texts[: len(scores)]})
    survey = cxio.read_survey(df, chunksize=7)
    _check_accounting(survey, len(df))
    assert survey.responses["score"].between(0, 10).all()
    assert (survey.rejects["reject_reason"].str.len() > 0).all()


# --------------------------------------------------------------------------- issue 14


def _frame_source(tmp_path: Path, df: pd.DataFrame, fmt: str) -> Path | pd.DataFrame:
    if fmt == "frame":
        return df
    path = tmp_path / f"s.{fmt}"
    if fmt == "csv":
        path.write_text(df.to_csv(sep=";", index=False), encoding="utf-8")
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    elif fmt == "xlsx":
        df.to_excel(path, index=False)
    else:
        df.to_parquet(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx", "parquet", "frame"])
def test_every_row_rejected_with_an_id_column(tmp_path, fmt):
    """``ID;Ocena;Komentarz`` + ``R1;abc;x``: ValueError 'assignment destination is read-only'."""
    df = pd.DataFrame({"ID": ["R1", "R2"], "Ocena": ["abc", "11"], "Komentarz": ["x", "y"]})
    survey = cxio.read_survey(_frame_source(tmp_path, df, fmt))
    _check_accounting(survey, 2)
    assert survey.responses.empty and survey.info.rows_accepted == 0
    assert survey.rejects["ID"].tolist() == ["R1", "R2"]


def test_reserved_column_names_are_renamed_with_a_note(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("source_row;reject_reason;reject_column;raw_line;ocena;komentarz\n"
                    "a;b;c;d;abc;x\ne;f;g;h;9;y\n", encoding="utf-8")
    survey = cxio.read_survey(path, text_cols="komentarz")
    _check_accounting(survey, 2)
    rej = survey.rejects.iloc[0]
    assert rej["source_row"] == 2 and "not a number" in rej["reject_reason"]
    assert rej["reject_column"] == "ocena"
    assert [rej[f"{c}_input"] for c in ("source_row", "reject_reason", "reject_column",
                                        "raw_line")] == ["a", "b", "c", "d"]
    assert sum("is written as" in n for n in survey.info.notes) == 4


def test_repeated_column_names_after_renaming(tmp_path):
    """``nps;nps;nps_2``: the second ``nps`` became ``nps_2``, a name already taken."""
    path = tmp_path / "d.csv"
    path.write_text("nps;nps;nps_2;komentarz\n9;1;2;x\n", encoding="utf-8")
    survey = cxio.read_survey(path, score_col="nps")
    assert survey.info.columns == ["nps", "nps_3", "nps_2", "komentarz"]
    assert survey.responses["score"].tolist() == [9]
    assert any("repeats the name 'nps'" in n for n in survey.info.notes)


def test_repeated_column_names_in_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "d.parquet"
    table = pa.Table.from_arrays([pa.array([9, 3]), pa.array(["a", "b"]), pa.array(["x", "y"])],
                                 names=["nps", "komentarz", "komentarz"])
    pq.write_table(table, path)
    survey = cxio.read_survey(path, text_cols="komentarz")
    assert survey.info.columns == ["nps", "komentarz", "komentarz_2"]
    assert survey.responses["text_raw"].tolist() == ["a", "b"]
    assert cxio.read_table(path, columns=["komentarz_2"])["komentarz_2"].tolist() == ["x", "y"]


def test_date_out_of_pandas_range_is_a_reject(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("ocena;komentarz;data\n9;x;0202-03-01\n8;y;2025-01-01\n", encoding="utf-8")
    survey = cxio.read_survey(path)
    _check_accounting(survey, 2)
    assert survey.rejects["reject_column"].tolist() == ["data"]
    assert "out of the supported range" in survey.rejects["reject_reason"].iloc[0]


@pytest.mark.parametrize(
    ("line", "reason"),
    [('{"nps": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
     ('{"nps": ' + "[" * 70 + "]" * 70 + "}", "nested more than 64 levels"),
     ('{"nps": ' + "9" * 5000 + "}", "invalid JSON value"),
     ("[1, 2]", "expected a JSON object")],
    ids=["recursion", "deep", "huge-int", "list"],
)
def test_jsonl_line_that_cannot_be_a_row_is_a_reject(tmp_path, line, reason):
    path = tmp_path / "s.jsonl"
    path.write_text('{"nps": 9, "komentarz": "a"}\n' + line + '\n{"nps": 1, "komentarz": "b"}\n',
                    encoding="utf-8")
    survey = cxio.read_survey(path)
    _check_accounting(survey, 3)
    assert survey.rejects["source_row"].tolist() == [2]
    assert reason in survey.rejects["reject_reason"].iloc[0]
    assert survey.rejects["raw_line"].iloc[0] == line


def test_lone_surrogate_is_replaced_with_a_note(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"nps": 9, "komentarz": "a\\ud800b"}\n{"nps": 1, "komentarz": "ok"}\n',
                    encoding="utf-8")
    survey = cxio.read_survey(path)
    assert survey.responses["text_raw"].tolist() == ["a\ufffdb", "ok"]
    assert any("lone UTF-16 surrogate" in n and "line 1" in n for n in survey.info.notes)
    df = pd.DataFrame({"nps": [9], "komentarz": ["x\udc80"]}, dtype=object)
    frame = cxio.read_survey(df)
    assert frame.responses["text_raw"].tolist() == ["x\ufffd"]
    assert frame.info.notes


def test_jsonl_keys_first_seen_in_a_later_chunk_stay_in_the_rejects(tmp_path):
    rows = [{"nps": 9, "komentarz": "ok"}] * 250 + [{"nps": 42, "komentarz": "x", "nowy": "v"}]
    path = tmp_path / "late.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    survey = cxio.read_survey(path, chunksize=100)
    assert survey.rejects["source_row"].tolist() == [251]
    assert json.loads(survey.rejects["extra_fields"].iloc[0]) == {"nowy": "v"}


def test_xlsx_cells_right_of_the_header_are_a_reject_not_dropped(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ocena", "komentarz"])
    ws.append([9, "a", None, "notatka"])
    ws.append([8, "b"])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    survey = cxio.read_survey(path)
    _check_accounting(survey, 2)
    rej = survey.rejects.iloc[0]
    assert rej["source_row"] == 2 and "right of the header's last column (B), in D2" in \
        rej["reject_reason"]
    assert json.loads(rej["extra_fields"]) == {"D2": "notatka"}
    assert rej["komentarz"] == "a"


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "xlsx"])
def test_boolean_score_column_is_rejected(tmp_path, fmt):
    df = pd.DataFrame({"nps": [True, False], "komentarz": ["a", "b"]})
    survey = cxio.read_survey(_frame_source(tmp_path, df, fmt), score_col="nps")
    _check_accounting(survey, 2)
    assert survey.responses.empty
    assert survey.rejects["reject_reason"].str.contains("boolean").all()


def test_answer_longer_than_the_limit_is_a_reject(tmp_path):
    df = pd.DataFrame({"nps": [9, 8], "komentarz": ["ok", "y" * (cxio.MAX_ANSWER_CHARS + 1)]})
    survey = cxio.read_survey(df)
    assert survey.responses["text_raw"].tolist() == ["ok"]
    assert survey.rejects["reject_column"].tolist() == ["komentarz"]
    assert survey.rejects["komentarz"].iloc[0] == df["komentarz"].iloc[1]


def test_segment_names_that_slug_alike_stay_apart(tmp_path):
    df = pd.DataFrame({"nps": [9], "komentarz": ["a"], "Kanał": ["web"], "kanal": ["sklep"]})
    survey = cxio.read_survey(df, segment_cols=["Kanał", "kanal"])
    assert survey.responses[["segment_kanal", "segment_kanal_2"]].iloc[0].tolist() == [
        "web", "sklep"]
    assert list(cxio.empty_responses(survey.mapping).columns).count("segment_kanal_2") == 1


def test_jsonl_keys_named_but_not_in_the_first_lines(tmp_path):
    """A JSONL file whose first lines lack a named key (or that has no object at all) is
    read: the key is empty where a line lacks it, with a note; nothing is refused."""
    path = tmp_path / "k.jsonl"
    lines = ['{"nps": 9}', "{oops", *['{"nps": 5}'] * 250, '{"nps": 3, "komentarz": "późno"}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    survey = cxio.read_survey(path, text_cols="komentarz", chunksize=100)
    _check_accounting(survey, len(lines))
    assert survey.responses["text_raw"].tolist() == [""] * 251 + ["późno"]
    assert survey.rejects["source_row"].tolist() == [2]
    assert any("key 'komentarz' is not in the first" in n for n in survey.info.notes)
    empty = tmp_path / "e.jsonl"
    empty.write_text("\n", encoding="utf-8")
    survey = cxio.read_survey(empty, score_col="nps", text_cols="komentarz")
    assert survey.info.rows_read == 0 and survey.responses.empty
