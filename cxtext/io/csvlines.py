"""Split a delimited text file into records, with a policy for quotes that never close.

The ``csv`` module reads a quoted field until its closing quote, however many lines that
takes: one unbalanced quote (``R1;9;"Kurier...`` with no closing ``"``) swallows every
following row into one answer. :class:`CsvLines` still lets ``csv`` parse (fast, and a
quoted field with embedded newlines that does close stays one field), but feeds it one
physical line at a time and ends a quoted field that is still open at the end of its line
when

* the next line starts like a row of this file: it has as many fields as the header and,
  once rows have been read, its first field has the shape of their first fields (``R12``
  and ``R13`` have the same shape, ``a9``; ``Kurier`` does not), or
* the field has spanned :data:`QUOTE_MAX_LINES` lines or :data:`QUOTE_MAX_CHARS`
  characters, or the file ends, or
* it closes on a later line but the row it makes has the wrong number of fields.

The line the quote opened on is then a bad record (its reason says so and its text is kept
whole) and the lines after it are read again as records. Field sizes are limited to
:data:`FIELD_LIMIT` characters instead of the ``csv`` default (131,072) that aborts a whole
file on one long answer; a longer field makes its record a bad one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from typing import IO, NamedTuple

from cxtext.errors import InputError

__all__ = [
    "FIELD_LIMIT",
    "QUOTE_MAX_CHARS",
    "QUOTE_MAX_LINES",
    "CsvLines",
    "LineRecord",
    "QuoteNotClosed",
    "split_plain",
]

#: Most characters in one field (the ``csv`` module's default is 131,072).
FIELD_LIMIT = 1 << 24
#: Most lines one quoted field may span before its quote is taken as never closed.
QUOTE_MAX_LINES = 1_000
#: Most characters one quoted field spanning lines may hold before the same.
QUOTE_MAX_CHARS = 1 << 22
_HEADER_MAX_LINES = 20
_SHAPE_ROWS = 10_000  # rows whose first field teaches the row shape
_MAX_SHAPES = 8  # more distinct first-field shapes: the first column is free text
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


class LineRecord(NamedTuple):
    """One record: the physical line it starts on, its fields, and for a bad record the
    reason (``""`` for a good one) and its text as read."""

    line: int
    fields: list[str]
    reason: str = ""
    raw: str = ""


class QuoteNotClosed(Exception):  # noqa: N818 - a signal inside the reader, never raised out
    """Raised through ``csv.reader`` by :class:`CsvLines` to end a record whose quoted
    field does not close (``kind``: ``next``, ``limit`` or ``eof``) before ``line``."""

    def __init__(self, kind: str, line: int) -> None:
        super().__init__(kind, line)
        self.kind = kind
        self.line = line


def split_plain(line: str, delimiter: str) -> list[str]:
    """``line`` (terminator removed) split on ``delimiter`` with quotes taken literally."""
    text = line.rstrip("\r\n")
    try:
        return next(csv.reader([text], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
    except csv.Error:
        return text.split(delimiter)


#: The rest of a quoted field up to its closing quote (a lone ``"``, not a doubled one).
_CLOSING = re.compile(r'(?:[^"]|"")*"(?!")')


def _parse_alone(text: str, delimiter: str) -> list[str]:
    """The fields of ``text`` parsed as a record on its own (an open quote runs to its end)."""
    try:
        return next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        return [text]


def _shape(field: str) -> str:
    """``"R12"`` -> ``"a9"``, ``"2025-01-05"`` -> ``"9-9-9"``: letters and digits folded."""
    return _DIGITS.sub("9", _LETTERS.sub("a", field.strip()[:40]))


class _Feed:
    """Physical lines for ``csv.reader`` (numbered), that can end a record whose quoted
    field stays open and take lines back to read them again."""

    def __init__(self, fh: IO[str]) -> None:
        self._readline = fh.readline
        self.pending: list[tuple[int, str]] = []  # lines taken back; the last is next
        self.last = 0  # number of the last line read from the file
        self.start = 0  # number of the first line of the current record
        self.lines: list[str] = []  # the lines of the current record
        self.chars = 0
        self.max_lines = _HEADER_MAX_LINES
        self.max_chars = QUOTE_MAX_CHARS
        self.check: Callable[[str], bool] | None = None
        self.reread = 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self.pending:
            no, line = self.pending.pop()
        else:
            line = self._readline()
            if not line:
                if self.lines:
                    raise QuoteNotClosed("eof", self.last + 1)
                raise StopIteration
            self.last += 1
            no = self.last
        if self.lines:  # csv asks for more: a quoted field is open at the end of a line
            self.chars += len(line)
            kind = ""
            if len(self.lines) >= self.max_lines or self.chars > self.max_chars:
                kind = "limit"
            elif self.check is not None and self.check(line):
                kind = "next"
            if kind:
                self.pending.append((no, line))
                raise QuoteNotClosed(kind, no)
        else:
            self.start = no
            self.chars = len(line)
        self.lines.append(line)
        return line

    def take_back(self) -> str:
        """End the current record at its first line (returned); read the others again."""
        first, rest = self.lines[0], self.lines[1:]
        self.pending.extend((self.start + 1 + i, rest[i]) for i in reversed(range(len(rest))))
        self.reread += len(rest)
        self.lines = []
        return first


class CsvLines:
    """The records of an open text file (opened with ``newline=""``): :meth:`header`
    first, then :meth:`records`. ``blank_lines`` counts the blank lines skipped."""

    def __init__(self, fh: IO[str], delimiter: str, *, pad_short_rows: bool = False,
                 source: str = "") -> None:
        if csv.field_size_limit() < FIELD_LIMIT:
            csv.field_size_limit(FIELD_LIMIT)
        self.delimiter = delimiter
        self.pad_short_rows = pad_short_rows
        self.source = source
        self.feed = _Feed(fh)
        self.reader = csv.reader(self.feed, delimiter=delimiter)
        self.blank_lines = 0
        self.width = 0
        self._shapes: set[str] = set()
        self._free = False  # the first column is not id-like: compare field counts only
        self._learnt = 0

    @property
    def line(self) -> int:
        """The number of the last physical line read."""
        return self.feed.last

    # -- header ----------------------------------------------------------------
    def header(self) -> tuple[list[str], str]:
        """The header's fields and a note (``""`` unless its quote had to be ended).

        Raises StopIteration for a file without any line."""
        feed = self.feed
        feed.check = lambda line: self._same_count(line, len(split_plain(feed.lines[0],
                                                                          self.delimiter)))
        feed.max_lines = _HEADER_MAX_LINES
        try:
            fields = next(self.reader)
        except QuoteNotClosed:
            start = feed.start
            first = feed.take_back()
            fields = [f.strip().strip('"') for f in split_plain(first, self.delimiter)]
            note = (f"the header (line {start}) has a quote that is not closed; it was read "
                    f"as {len(fields)} names split on {self.delimiter!r} at the end of line "
                    f"{start}")
            return fields, note
        except csv.Error as exc:
            raise InputError(f"{self.source}: the header row cannot be read: {exc}.") from None
        finally:
            feed.lines = []
            feed.check = None
        return fields, ""

    def _same_count(self, line: str, width: int) -> bool:
        return width >= 2 and self._fits(_parse_alone(line, self.delimiter), width)

    def _starts_row(self, line: str) -> bool:
        """Whether ``line``, met while a quoted field is open, starts a new row: it looks
        like a row of this file (see the module doc), and the open quote does not close
        in it naturally (a quote followed by the delimiter or the line end) into a row of
        the right width - ``"first line`` + ``second line";9`` is one row of two fields.
        """
        width, delim = self.width, self.delimiter
        alone = _parse_alone(line, delim)
        if width < 2 or not self._fits(alone, width):
            return False
        if self._shapes and not self._free and _shape(alone[0]) not in self._shapes:
            return False
        close = _CLOSING.match(line)
        if close is not None and line[close.end():close.end() + 1] in (delim, "\r", "\n", ""):
            so_far = _parse_alone("".join(self.feed.lines), delim)
            rest = _parse_alone(line[close.end():], delim)
            if self._fits(so_far + rest[1:], width):
                return False  # the quote closes here and completes the row
        return True

    @staticmethod
    def _fits(fields: list[str], width: int) -> bool:
        n = len(fields)
        if n > width and not any(f.strip() for f in fields[width:]):
            n = width
        return n == width

    def _learn(self, first: str) -> None:
        self._learnt += 1
        if self._free:
            return
        shape = _shape(first)
        self._shapes.add(shape)
        # more shapes than an id column has, or one without digits (text, a category):
        # the first field says nothing about where rows start
        if len(self._shapes) > _MAX_SHAPES or "9" not in shape:
            self._free = True

    # -- records ---------------------------------------------------------------
    def records(self, width: int) -> Iterator[LineRecord]:
        """Every record after the header: fields fitted to ``width`` (trailing empty
        fields dropped; short rows padded if ``pad_short_rows``), or a bad record."""
        self.width = width
        feed, reader, delim = self.feed, self.reader, self.delimiter
        feed.check = self._starts_row
        feed.max_lines = QUOTE_MAX_LINES
        pad = self.pad_short_rows
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except QuoteNotClosed as exc:
                start = feed.start
                n_lines = len(feed.lines)
                first = feed.take_back()
                yield self._unclosed(start, first, exc.kind, n_lines)
                self._check_rereads()
                continue
            except csv.Error as exc:
                start, text = feed.start, "".join(feed.lines)
                feed.lines = []
                yield LineRecord(start, split_plain(text, delim)[:width],
                                 f"the row cannot be parsed: {exc} (a field may hold at most "
                                 f"{FIELD_LIMIT:,} characters); its text is kept in raw_line",
                                 text.rstrip("\r\n"))
                continue
            n_lines = len(feed.lines)
            start = feed.start
            # blank, or only delimiters and spaces (the first field decides most rows)
            if not (record and record[0].strip()) and not any(x.strip() for x in record):
                feed.lines = []
                self.blank_lines += 1
                continue
            n = len(record)
            if n != width:
                if n > width and not any(x.strip() for x in record[width:]):
                    record = record[:width]  # trailing empty fields (";;" at the end)
                elif n < width and pad:
                    record = record + [""] * (width - n)
                elif n_lines > 1:  # a quote that closed lines later, on another row
                    end = start + n_lines - 1
                    first = feed.take_back()
                    yield self._unclosed(start, first, f"width:{n}:{end}", n_lines)
                    self._check_rereads()
                    continue
                else:
                    feed.lines = []
                    yield LineRecord(
                        start, record,
                        f"row has {n} fields but the header has {width}; check quoting of "
                        "the text (a delimiter or quote inside an unquoted answer) in the "
                        "source file")
                    continue
            feed.lines = []
            if self._learnt < _SHAPE_ROWS:
                self._learn(record[0])
            yield LineRecord(start, record)

    def _unclosed(self, start: int, first: str, kind: str, n_lines: int) -> LineRecord:
        """The bad record of a line whose quote does not close (see the module doc)."""
        fix = ("Fix: close the quote, or double every quote inside a quoted answer (\"\"), "
               "in the source file")
        if kind == "next":
            why = (f"line {start + 1} starts like a new row, so this row ends at the end of "
                   f"line {start}")
        elif kind == "eof":
            why = "the file ends first; the row ends at the end of its line"
        elif kind == "limit":
            why = (f"it is still open after {n_lines:,} lines (allowed: a quoted answer of at "
                   f"most {QUOTE_MAX_LINES:,} lines and {QUOTE_MAX_CHARS:,} characters); the "
                   "row ends at the end of its line")
        else:  # "width:<fields>:<end line>"
            _, fields, end = kind.split(":")
            why = (f"it closes on line {end}, but the row then has {fields} fields, not "
                   f"{self.width}; the row ends at the end of its line")
        return LineRecord(start, split_plain(first, self.delimiter),
                          f"a quote opened in this row is not closed: {why}. {fix}",
                          first.rstrip("\r\n"))

    def _check_rereads(self) -> None:
        if self.feed.reread > 100_000 + 2 * self.feed.last:
            raise InputError(
                f"{self.source}: too many quotes that do not close (lines up to "
                f"{self.feed.last:,} were read again {self.feed.reread:,} times). Fix the "
                "quoting of the file (double every quote inside a quoted answer) or pass "
                "another delimiter."
            )
