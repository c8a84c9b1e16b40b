"""Text encodings and CSV delimiters of survey exports.

Text files are decoded as utf-8, utf-8-sig, cp1250 or iso-8859-2 (detected over the whole
file), and the delimiter is sniffed among ``;``, ``,``, tab and ``|``. Every reader of a
text table (:mod:`cxtext.io.readers`) resolves both through :func:`resolve_csv_dialect`
and opens the file with :func:`open_text`.

A file that mixes UTF-8 with a legacy encoding (rows appended from two exports) is read
as ``utf-8+cp1250`` (or ``utf-8+iso-8859-2``, ``utf-8-sig+...``): valid UTF-8 as UTF-8,
every other byte in the legacy encoding - not the whole file as mojibake.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import IO, Any

import numpy as np

from cxtext.errors import EncodingDetectionError, InputError

__all__ = [
    "DELIMITERS",
    "SUPPORTED_ENCODINGS",
    "TITLE_MAX_LINES",
    "check_encoding",
    "detect_encoding",
    "open_text",
    "resolve_csv_dialect",
    "sniff_delimiter",
]

SUPPORTED_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "cp1250", "iso-8859-2",
                                        "utf-8+cp1250", "utf-8+iso-8859-2")
DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
_TAB_SUFFIXES = (".tsv", ".tab")
_SNIFF_CHARS = 64 * 1024
_SNIFF_MAX_CHARS = 1 << 24
#: Most lines above the header taken as a title (``Raport NPS marzec``) and skipped, by the
#: delimiter sniffer here and by the readers (:mod:`cxtext.io.readers`).
TITLE_MAX_LINES = 5
_TITLE_CONSISTENCY = 0.9  # share of the rows below that must have the header's width
_FIRST_LINE_CONSISTENCY = 0.5  # ... unless this share of rows fit a header on the first line

# UTF-8 of Latin letters with diacritics (U+00C0-U+017F: Polish, German, French...),
# of punctuation (U+2000-U+203F) and of emoji. In cp1250/iso-8859-2 text these byte pairs
# are a capital A-breve / A-umlaut / L-acute followed by another high byte: not Polish.
_UTF8_ANY = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UTF8_TEXT = re.compile(rb"[\xc3-\xc5][\x80-\xbf]|\xe2\x80[\x80-\xbf]|\xf0\x9f[\x80-\xbf]{2}")


def _has_utf8_text(block: bytes) -> bool:
    """Whether ``block`` holds UTF-8 letters (a fast byte search first: no lead byte, no
    regex)."""
    return any(lead in block for lead in (b"\xc3", b"\xc4", b"\xc5", b"\xe2\x80", b"\xf0\x9f")
               ) and _UTF8_TEXT.search(block) is not None


def _fallback_handler(legacy: str) -> Any:
    def handler(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        return exc.object[exc.start:exc.end].decode(legacy, errors="replace"), exc.end

    return handler


for _legacy in ("cp1250", "iso-8859-2"):
    codecs.register_error(f"cxtext-{_legacy}", _fallback_handler(_legacy))


def open_text(path: str | Path, encoding: str, *, newline: str | None = None,
              errors: str = "strict") -> IO[str]:
    """Open a text file for reading in ``encoding``, which may be a mixed one
    (``utf-8+cp1250``: UTF-8 where the bytes are UTF-8, cp1250 for any other byte)."""
    base, _, legacy = encoding.partition("+")
    if legacy:
        errors = f"cxtext-{legacy}"
    return open(path, encoding=base, newline=newline, errors=errors)  # noqa: SIM115


# Bytes that are Polish letters in one legacy encoding and rare symbols in the other.
_CP1250_PL = frozenset(b"\xb9\xa5\x9c\x8c\x9f\x8f")  # ą Ą ś Ś ź Ź in cp1250
_ISO_PL = frozenset(b"\xb1\xa1\xb6\xa6\xbc\xac")  # ą Ą ś Ś ź Ź in iso-8859-2


class _LegacyVotes:
    """Which of cp1250 / iso-8859-2 bytes read as (see :func:`detect_encoding`)."""

    def __init__(self) -> None:
        self.cp1250_ok = True
        self._cp1250 = codecs.getincrementaldecoder("cp1250")()
        self.cp1250_hits = self.iso_hits = self.c1_bytes = 0

    def update(self, block: bytes) -> None:
        if self.cp1250_ok:
            try:
                self._cp1250.decode(block)
            except UnicodeDecodeError:
                self.cp1250_ok = False
        arr = np.frombuffer(block, dtype=np.uint8)
        high = arr[arr >= 0x80]
        if high.size:
            counts = np.bincount(high, minlength=256)
            self.cp1250_hits += int(sum(counts[b] for b in _CP1250_PL))
            self.iso_hits += int(sum(counts[b] for b in _ISO_PL))
            self.c1_bytes += int(counts[0x80:0xA0].sum())

    def encoding(self) -> str:
        # C1 control bytes (0x80-0x9F) are never text in iso-8859-2 but letters in cp1250.
        good = self.cp1250_ok and (self.c1_bytes or self.cp1250_hits >= self.iso_hits)
        return "cp1250" if good else "iso-8859-2"


def detect_encoding(path: str | Path, *, block_size: int = 1 << 20) -> str:
    """Detect the encoding of a text file among :data:`SUPPORTED_ENCODINGS`.

    The whole file is scanned in blocks (fast, constant memory), so a file that is
    valid UTF-8 for 50 MB and then has one cp1250 byte is not mis-detected. A file that
    is not UTF-8 but holds UTF-8 letters (``ą`` as two bytes, emoji) is mixed: the
    legacy encoding is then chosen on the bytes outside its UTF-8 sequences.
    """
    path = Path(path)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    has_bom = False
    utf8_text = False
    whole, rest = _LegacyVotes(), _LegacyVotes()  # all bytes / bytes outside UTF-8 runs
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
                _check_not_binary(path, block[:4096])
                first = False
            if utf8_ok:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    utf8_ok = False
            has_text = _has_utf8_text(block)
            utf8_text = utf8_text or has_text
            if not utf8_ok:  # only needed to choose between the legacy 8-bit encodings
                whole.update(block)
                rest.update(_UTF8_ANY.sub(b"", block) if has_text else block)
        if utf8_ok:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    if utf8_ok:
        return "utf-8-sig" if has_bom else "utf-8"
    if utf8_text:  # UTF-8 letters next to bytes that are not UTF-8: a mixed file
        return f"{'utf-8-sig' if has_bom else 'utf-8'}+{rest.encoding()}"
    return whole.encoding()


#: Signatures of binary files people save with a text suffix by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook?): use the .xlsx extension"),
    (b"PAR1", "a Parquet file: use the .parquet extension"),
    (b"\xd0\xcf\x11\xe0", "a legacy Excel/Office file (.xls): save it as .xlsx or CSV"),
    (b"%PDF", "a PDF document"),
)
#: Share of NUL bytes (in the first 4 KiB) above which a file is binary, not text with a few
#: stray NULs (those are read as they are).
_NUL_SHARE = 0.05


def _check_not_binary(path: Path, head: bytes) -> None:
    """Raise :class:`EncodingDetectionError` for a binary file (or UTF-16 without a BOM);
    a text file with a few stray NUL bytes passes (the NULs stay in the cells)."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise EncodingDetectionError(
                f"{path}: this is {what}, not a text export. Supported text encodings: "
                f"{', '.join(SUPPORTED_ENCODINGS)}."
            )
    nuls = head.count(0)
    if not head or nuls / len(head) <= _NUL_SHARE:
        return
    aligned = max(head[0::2].count(0), head[1::2].count(0))  # UTF-16: every other byte
    if nuls > 4 and aligned / nuls > 0.9:
        raise EncodingDetectionError(
            f"{path}: the file looks like UTF-16 without a byte-order mark ({nuls} NUL bytes "
            f"in the first {len(head)}). Supported encodings: {', '.join(SUPPORTED_ENCODINGS)}. "
            "Fix: re-save it as UTF-8 (Excel: 'CSV UTF-8')."
        )
    raise EncodingDetectionError(
        f"{path}: the file contains {nuls} NUL bytes in its first {len(head)}; it looks binary, "
        "not a text export. For Excel files use the .xlsx extension; for text, supported "
        f"encodings are {', '.join(SUPPORTED_ENCODINGS)}."
    )


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter among ``; , tab |`` that splits the sample most consistently.

    A sample that no delimiter splits into two or more columns (a one-column file)
    gives ``","``. Up to 5 one-field lines above the header (a title) are passed over
    when nearly all the rows below have the header's width and no delimiter splits
    half the rows like the first line.
    """
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # last line may be cut in the middle
    text = "".join(lines[:200])
    best: tuple[float, int, str] | None = None
    limit = csv.field_size_limit()
    if limit < len(text) + 1:  # a long header cell must not fail every delimiter
        csv.field_size_limit(len(text) + 1)
    try:
        best = _best_delimiter(text)
    finally:
        csv.field_size_limit(limit)
    return best[2] if best else ","


def _best_delimiter(text: str) -> tuple[float, int, str] | None:
    best: tuple[float, int, str] | None = None  # the header on the first line
    titled: tuple[float, int, str] | None = None  # the header below title lines
    for delim in DELIMITERS:
        try:
            # newline="": a file with CR-only line ends splits into lines, as the readers
            # split it (a plain StringIO would make csv fail on every delimiter)
            rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)
                    if r]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        # the header is the first row split in two or more: title lines above it
        # ("Raport NPS marzec") are one field, and are skipped when the rows below agree
        start = next((i for i, w in enumerate(widths[:TITLE_MAX_LINES + 1]) if w >= 2), None)
        if start is None:
            continue
        header = widths[start]
        widths = widths[start:]
        consistency = sum(w == header for w in widths) / len(widths)
        key = (consistency, header, delim)
        if start:
            if consistency >= _TITLE_CONSISTENCY and len(widths) >= 2 and (
                    titled is None or key[:2] > titled[:2]):
                titled = key
        elif best is None or key[:2] > best[:2]:
            best = key
    # title lines only when no delimiter splits the file well from its first line
    if titled is not None and (best is None or best[0] < _FIRST_LINE_CONSISTENCY):
        return titled
    return best


def _sniff_sample(fh: IO[str]) -> str:
    """The first 64 KiB of a text file, or more (up to 16 Mi characters) until it holds
    two whole lines: a header cell of 100,000 characters must not hide the delimiter."""
    sample = fh.read(_SNIFF_CHARS)
    while len(sample) < _SNIFF_MAX_CHARS and len(sample.splitlines()) < 3:
        more = fh.read(len(sample))
        if not more:
            break
        sample += more
    return sample


def check_encoding(encoding: str) -> str:
    """Return ``encoding`` if Python knows it (or it is a mixed one, ``utf-8+cp1250``),
    else raise :class:`InputError`."""
    base, _, legacy = encoding.partition("+")
    try:
        codecs.lookup(base)
        if legacy and legacy not in ("cp1250", "iso-8859-2"):
            raise LookupError(legacy)
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
            with open_text(path, encoding, errors="replace", newline="") as fh:
                delimiter = sniff_delimiter(_sniff_sample(fh))
    elif len(delimiter) != 1:
        raise InputError(
            f"The delimiter must be one character, got {delimiter!r}; common ones: "
            f"{', '.join(repr(d) for d in DELIMITERS)}."
        )
    return encoding, delimiter
