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


def test_utf16_and_binary_files_are_clear_errors(tmp_path):
    p16 = tmp_path / "u16.csv"
    p16.write_bytes("a;b\n1;x\n".encode("utf-16"))
    with pytest.raises(EncodingDetectionError, match="UTF-16.*utf-8"):
        cxio.read_survey(p16)
    pbin = tmp_path / "bin.csv"
    pbin.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(EncodingDetectionError, match="NUL bytes"):
        cxio.read_survey(pbin)


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
    ],
)
def test_sniff_delimiter(sample, expected):
    assert sniff_delimiter(sample) == expected


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
