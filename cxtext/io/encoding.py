"""Text encodings and CSV delimiters of survey exports.

Text files are decoded as utf-8, utf-8-sig, cp1250 or iso-8859-2 (detected over the whole
file), and the delimiter is sniffed among ``;``, ``,``, tab and ``|``. Every reader of a
text table (:mod:`cxtext.io.readers`) resolves both through :func:`resolve_csv_dialect`.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np

from cxtext.errors import EncodingDetectionError, InputError

__all__ = [
    "DELIMITERS",
    "SUPPORTED_ENCODINGS",
    "check_encoding",
    "detect_encoding",
    "resolve_csv_dialect",
    "sniff_delimiter",
]

SUPPORTED_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "cp1250", "iso-8859-2")
DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
_TAB_SUFFIXES = (".tsv", ".tab")
_SNIFF_CHARS = 64 * 1024

# Bytes that are Polish letters in one legacy encoding and rare symbols in the other.
_CP1250_PL = frozenset(b"\xb9\xa5\x9c\x8c\x9f\x8f")  # ą Ą ś Ś ź Ź in cp1250
_ISO_PL = frozenset(b"\xb1\xa1\xb6\xa6\xbc\xac")  # ą Ą ś Ś ź Ź in iso-8859-2


def detect_encoding(path: str | Path, *, block_size: int = 1 << 20) -> str:
    """Detect the encoding of a text file among :data:`SUPPORTED_ENCODINGS`.

    The whole file is scanned in blocks (fast, constant memory), so a file that is
    valid UTF-8 for 50 MB and then has one cp1250 byte is not mis-detected.
    """
    path = Path(path)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    has_bom = False
    cp1250_hits = iso_hits = c1_bytes = 0
    cp1250_ok = True
    cp1250 = codecs.getincrementaldecoder("cp1250")()
    with path.open("rb") as fh:
        first = True
        while block := fh.read(block_size):
            if first:
                if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise EncodingDetectionError(
                        f"{path}: the file is UTF-16 encoded. Supported encodings: "
                        f"{', '.join(SUPPORTED_ENCODINGS)}. Fix: re-save it as UTF-8 "
                        "(Excel: 'CSV UTF-8') or pass a DataFrame."
                    )
                has_bom = block.startswith(codecs.BOM_UTF8)
                if b"\x00" in block[:4096]:
                    raise EncodingDetectionError(
                        f"{path}: the file contains NUL bytes; it looks binary, not a text "
                        "export. For Excel files use the .xlsx extension; for text, supported "
                        f"encodings are {', '.join(SUPPORTED_ENCODINGS)}."
                    )
                first = False
            if utf8_ok:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    utf8_ok = False
            if not utf8_ok:
                # only needed to choose between the legacy 8-bit encodings
                if cp1250_ok:
                    try:
                        cp1250.decode(block)
                    except UnicodeDecodeError:
                        cp1250_ok = False
                arr = np.frombuffer(block, dtype=np.uint8)
                high = arr[arr >= 0x80]
                if high.size:
                    counts = np.bincount(high, minlength=256)
                    cp1250_hits += int(sum(counts[b] for b in _CP1250_PL))
                    iso_hits += int(sum(counts[b] for b in _ISO_PL))
                    c1_bytes += int(counts[0x80:0xA0].sum())
        if utf8_ok:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    if utf8_ok:
        return "utf-8-sig" if has_bom else "utf-8"
    if not cp1250_ok:
        return "iso-8859-2"
    # C1 control bytes (0x80-0x9F) are never text in iso-8859-2 but are letters in cp1250.
    if c1_bytes or cp1250_hits >= iso_hits:
        return "cp1250"
    return "iso-8859-2"


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter among ``; , tab |`` that splits the sample most consistently.

    A sample that no delimiter splits into two or more columns (a one-column file)
    gives ``","``.
    """
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # last line may be cut in the middle
    text = "".join(lines[:200])
    best: tuple[float, int, str] | None = None
    for delim in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(text), delimiter=delim) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        header = widths[0]
        if header < 2:
            continue
        consistency = sum(w == header for w in widths) / len(widths)
        key = (consistency, header, delim)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else ","


def check_encoding(encoding: str) -> str:
    """Return ``encoding`` if Python knows it, else raise :class:`InputError`."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"Unknown encoding {encoding!r}. Supported: {', '.join(SUPPORTED_ENCODINGS)}; "
            "omit the encoding to detect it."
        ) from None
    return encoding


def resolve_csv_dialect(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> tuple[str, str]:
    """The ``(encoding, delimiter)`` to read a text table with.

    Given values are checked; missing ones are detected: the encoding with
    :func:`detect_encoding`, the delimiter as tab for ``.tsv``/``.tab`` files and
    with :func:`sniff_delimiter` on the first 64 KiB otherwise.
    """
    path = Path(path)
    encoding = detect_encoding(path) if encoding is None else check_encoding(encoding)
    if delimiter is None:
        if path.suffix.lower() in _TAB_SUFFIXES:
            delimiter = "\t"
        else:
            with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
                delimiter = sniff_delimiter(fh.read(_SNIFF_CHARS))
    elif len(delimiter) != 1:
        raise InputError(
            f"The delimiter must be one character, got {delimiter!r}; common ones: "
            f"{', '.join(repr(d) for d in DELIMITERS)}."
        )
    return encoding, delimiter
