"""cxtext.io.encoding: encodings detected over the whole file, delimiters sniffed."""

from __future__ import annotations

import pytest

from cxtext import io as cxio
from cxtext.errors import EncodingDetectionError, InputError
from cxtext.io.encoding import check_encoding, resolve_csv_dialect, sniff_delimiter
from tests.conftest import write_csv


def test_detect_encoding_scans_whole_file(tmp_path):
    path = tmp_path / "late.csv"
    body = "score;comment\n" + "9;ok\n" * 300_000 + "3;źle\n"
    path.write_bytes(body.encode("cp1250"))
    assert path.stat().st_size > 1 << 20
    assert cxio.detect_encoding(path) == "cp1250"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("Zażółć gęślą jaźń", "utf-8", "utf-8"),
        ("Zażółć gęślą jaźń", "utf-8-sig", "utf-8-sig"),
        ("Zażółć gęślą jaźń, ślimak ąę", "cp1250", "cp1250"),
        ("Zażółć gęślą jaźń, ślimak ąę", "iso-8859-2", "iso-8859-2"),
        ("plain ascii", "ascii", "utf-8"),
    ],
)
def test_detect_encoding(tmp_path, text, encoding, expected):
    path = tmp_path / "t.csv"
    path.write_bytes(("a;b\n1;" + text + "\n").encode(encoding))
    assert cxio.detect_encoding(path) == expected


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("a;b\n1;x\n".encode("utf-16"), "UTF-16.*utf-8"),
        ("ocena;komentarz\n9;dobrze\n".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"PK\x03\x04\x00\x00binary", "ZIP archive.*xlsx"),
        (b"PAR1\x00\x01", "Parquet file"),
        (b"\x00\x01\x02\x00" * 300, "NUL bytes in its first"),
    ],
    ids=["utf16-bom", "utf16-no-bom", "zip", "parquet", "binary"],
)
def test_utf16_and_binary_files_are_clear_errors(tmp_path, content, match):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(EncodingDetectionError, match=match):
        cxio.read_survey(path)


def test_stray_nul_bytes_are_read_as_text(tmp_path):
    path = tmp_path / "n.csv"
    path.write_bytes(b"ocena;komentarz\n9;dob\x00rze\n" + b"8;ok\n" * 20)
    survey = cxio.read_survey(path)
    assert survey.info.rows_read == 21
    assert survey.responses["text_raw"].iloc[0] == "dob\x00rze"


def test_mixed_utf8_and_cp1250_file_is_read_line_by_line(tmp_path):
    """Rows appended from two exports: UTF-8 stays UTF-8, the rest is cp1250 (before, the
    whole file was read as cp1250, so every UTF-8 letter came out as mojibake)."""
    path = tmp_path / "mixed.csv"
    path.write_bytes("ID;Kanał;Komentarz;Ocena\n".encode()
                     + "R1;sklep;Zażółć gęślą jaźń;9\n".encode("cp1250")
                     + "R2;Kraków;Świetnie 😀;8\n".encode())
    assert cxio.detect_encoding(path) == "utf-8+cp1250"
    survey = cxio.read_survey(path)
    assert survey.mapping.segments == ("Kanał",)
    assert survey.responses["text_raw"].tolist() == ["Zażółć gęślą jaźń", "Świetnie 😀"]
    assert survey.responses["segment_kanal"].tolist() == ["sklep", "Kraków"]
    assert cxio.read_survey(path, encoding="utf-8+cp1250").info.rows_read == 2
    with pytest.raises(InputError, match="Unknown encoding 'utf-8\\+latin-9'"):
        check_encoding("utf-8+latin-9")


def test_wrong_explicit_encoding_is_clear_error(tmp_path, survey_df):
    path = write_csv(tmp_path / "s.csv", survey_df, encoding="cp1250")
    with pytest.raises(EncodingDetectionError, match="cannot be decoded as utf-8"):
        cxio.read_survey(path, encoding="utf-8")
    with pytest.raises(InputError, match="Unknown encoding 'latin-99'"):
        cxio.read_survey(path, encoding="latin-99")


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("a;b;c\n1;2;3\n4;5;6\n", ";"),
        ("a,b\n1,2\n", ","),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ('ocena;komentarz\n9;"super, polecam"\n3;"źle, wolno"\n', ";"),  # commas in text
        ("komentarz\nsuper\n", ","),  # one column: nothing to split on
        ("a;b;c\r1;2;3\r4;5;6\r", ";"),  # CR-only line ends (old Mac, some exporters)
        ("a\tb\r1\t2\r", "\t"),
        ("a|b\r1|2\r", "|"),
        ("a,b\r1,2\r", ","),
        # a title line above the header, split by no delimiter (or by another one)
        ("Raport NPS marzec\nID;Ocena;Komentarz\n1;9;Super\n2;3;Źle\n", ";"),
        ("Raport NPS, marzec\n\nEksport 31.03\nID|Ocena\n1|9\n2|3\n", "|"),
        ("komentarz\nsuper; polecam\nszybko\nok\n", ","),  # rows below disagree: one column
    ],
)
def test_sniff_delimiter(sample, expected):
    assert sniff_delimiter(sample) == expected


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_cr_only_files_are_read_with_their_delimiter(tmp_path, delimiter):
    path = tmp_path / "cr.csv"
    path.write_bytes(delimiter.join(["ocena", "komentarz", "kanał"]).encode()
                     + b"\r" + delimiter.join(["9", "a b", "web"]).encode() + b"\r"
                     + delimiter.join(["3", "źle", "app"]).encode("utf-8") + b"\r")
    survey = cxio.read_survey(path)
    assert survey.info.delimiter == delimiter
    assert survey.responses["score"].tolist() == [9, 3]
    assert survey.responses["segment_kanal"].tolist() == ["web", "app"]


def test_resolve_csv_dialect(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("ocena;komentarz\n9;Źle, że tak długo\n".encode("cp1250"))
    assert resolve_csv_dialect(path) == ("cp1250", ";")
    assert resolve_csv_dialect(path, encoding="utf-8", delimiter=",") == ("utf-8", ",")
    tsv = tmp_path / "s.tsv"
    tsv.write_text("a;b\tc\n1;2\t3\n", encoding="utf-8")
    assert resolve_csv_dialect(tsv) == ("utf-8", "\t")  # the suffix decides
    with pytest.raises(InputError, match="one character, got ';;'"):
        resolve_csv_dialect(path, delimiter=";;")
    with pytest.raises(InputError, match="Unknown encoding 'latin-99'"):
        check_encoding("latin-99")
