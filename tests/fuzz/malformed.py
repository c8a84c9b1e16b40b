"""Malformed survey files for the fuzz suite; every case knows its own records.

A case is a survey table drawn at random (ids, scores, answers, segments, dates, and
columns with reserved or repeated names), rendered to one format with faults a careless or
hostile user makes: CSV with ``;`` ``,`` tab or ``|``, in eight encodings or a mix of two,
NUL bytes, quotes that never close, stray quotes, embedded CR/LF/CRLF, CR-only line ends,
long fields, odd scores, blank rows, rows with the wrong number of fields; JSONL with
invalid, non-object, deeply nested and surrogate-escaped lines; XLSX with cells right of
the header and empty rows; Parquet with typed, boolean, list and repeated columns; a pandas
DataFrame; or any of these with random byte mutations.

The renderer writes each file itself (no ``csv`` module, no pandas writer) and records the
``source_row`` of every data record it wrote (the CSV line a record starts on, the JSONL
line, the sheet row, the Parquet position): :attr:`Case.rows` is the independent count the
reader's ``rows_read`` must equal. For byte-mutated files the renderer cannot know it;
:func:`reference_rows` counts them where a simple rule can (no quote in a CSV file; any
JSONL file), and the suite checks the rest with the invariants that need no count.

``python -m tests.fuzz.malformed OUT --cases N [--seed S]`` writes a corpus to look at.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["FAMILIES", "Case", "make_case", "reference_rows", "cases"]

FAMILIES: tuple[str, ...] = ("csv", "csv", "csv", "jsonl", "xlsx", "parquet", "frame",
                             "mutated")
ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "cp1250", "iso-8859-2", "cp1252",
                              "utf-16", "utf-16-le", "mixed")
DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
RESERVED: tuple[str, ...] = ("source_row", "reject_reason", "reject_column", "raw_line",
                             "extra_fields")
HEADER_LIMIT = 131_072  # the csv module's default field size limit

SCORE_NAMES = ("Ocena", "NPS", "Na ile prawdopodobne jest że polecisz nas znajomemu (0-10)",
               "score", "Wynik")
TEXT_NAMES = ("Komentarz", "Dlaczego wystawiłeś(-aś) taką ocenę?", "comment", "Uzasadnienie")
TEXT2_NAMES = ("Co poprawić?", "What could we improve")
ID_NAMES = ("ID", "ID odpowiedzi", "respondent_id")
SEGMENT_NAMES = ("Kanał", "Region", "channel")
DATE_NAMES = ("Data", "Data wypełnienia", "date")
OTHER_NAMES = ("Email", "Wiek", "Uwagi wewnętrzne")

ANSWERS = (
    "Szybka dostawa, polecam!", "Nie polecam. Kurier spóźnił się trzy dni 😡",
    "Produkt super; ale dostawa trwała tydzień", "brak", "-", "", "ok", "Zażółć gęślą jaźń",
    "Great price but the courier was rude", "no complaints 👍", "n/a",
    "Zwrot pieniędzy trwał miesiąc | reklamacja odrzucona", "tab\tinside", "ŁÓDŹ, Śląsk",
    "Obsługa bardzo miła i pomocna", "asdfgh", "Sehr gut, danke", "   spacje   ",
    "emoji 🙂🙂 i ｆｕｌｌ ｗｉｄｔｈ", "line\u2028separator", "ﬁ ligature", "x" * 300,
)
ODD_SCORES = ("9.0", " 8 ", "7,0", "7.5", "11", "-1", "abc", "", " ", "1e1", "10/10", "NaN",
              "１０", "٩", "+7", "010", "9 ", "0x9", "inf", "True", "９", "1_0", "½")
DATES = ("2025-03-05", "05.03.2025", "2025-03-05 14:22", "", "0202-03-01", "31.12.9999",
         "wczoraj", "2025-02-30", "2025-03-05T10:00:00+02:00", "2025-03-05T10:00:00-05:00",
         "1.1.0001", "2025-13-45", "03/05/2025")
SEGMENTS = ("online", "sklep", "app", "", "Śląsk", "Kraków")

_SURROGATE = re.compile("[\ud800-\udfff]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Case:
    """One generated input: a file (``data`` with ``suffix``) or a DataFrame (``frame``).

    ``rows`` is the ``source_row`` of every data record the renderer wrote, in order
    (``None`` when unknown: a byte-mutated file); ``options`` the analyze options to read
    it with; ``refusable`` whether a clear error refusing the whole input is right
    (UTF-16, a binary-looking file, a mutated file); ``questions`` the open-text columns.
    """

    name: str
    fmt: str
    suffix: str
    data: bytes = b""
    frame: pd.DataFrame | None = None
    rows: list[int] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)
    refusable: bool = False
    questions: int = 1
    base_fmt: str = ""

    def write(self, folder: Path) -> Path:
        path = folder / f"input{self.suffix}"
        path.write_bytes(self.data)
        return path


# --------------------------------------------------------------------------- the table


@dataclass
class _Column:
    name: str
    role: str  # id, score, text, text2, segment, date, other


@dataclass
class _Table:
    columns: list[_Column]
    rows: list[list[Any]]  # logical values: str, or None for missing
    options: dict[str, Any]
    faults: list[str]

    def index(self, role: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.role == role)

    def has(self, role: str) -> bool:
        return any(c.role == role for c in self.columns)


def _n_rows(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.04:
        return 0
    if r < 0.5:
        return rng.randint(1, 6)
    if r < 0.94:
        return rng.randint(7, 40)
    return rng.randint(60, 260)


def _answer(rng: random.Random, faults: list[str], *, long_ok: bool = True) -> str:
    text = rng.choice(ANSWERS)
    r = rng.random()
    if r < 0.08:
        text = f'{text} "cytat" {text}'
        faults.append("quote-in-text")
    elif r < 0.14:
        nl = rng.choice(["\n", "\r\n", "\r", "\n\n"])
        text = f"{text}{nl}druga linia{nl}trzecia"
        faults.append("embedded-newline")
    elif r < 0.16:
        text = text + "\x00" + text
        faults.append("nul")
    elif r < 0.18:
        text = text + "\x01\x1f\x7f"
        faults.append("control-chars")
    elif r < 0.19 and long_ok:
        n = rng.choice([HEADER_LIMIT + 1, 200_000, 1_048_576])
        text = ("Długa odpowiedź " * (n // 16 + 1))[:n]
        faults.append(f"long-field-{n}")
    return text


def _score(rng: random.Random, faults: list[str]) -> str:
    if rng.random() < 0.25:
        faults.append("odd-score")
        return rng.choice(ODD_SCORES)
    return str(rng.randint(0, 10))


def _table(rng: random.Random, *, long_ok: bool = True) -> _Table:
    faults: list[str] = []
    cols: list[_Column] = []
    if rng.random() < 0.75:
        cols.append(_Column(rng.choice(ID_NAMES), "id"))
    body = [_Column(rng.choice(SCORE_NAMES), "score"), _Column(rng.choice(TEXT_NAMES), "text")]
    if rng.random() < 0.15:
        body.append(_Column(rng.choice(TEXT2_NAMES), "text2"))
    if rng.random() < 0.5:
        body.append(_Column(rng.choice(SEGMENT_NAMES), "segment"))
    if rng.random() < 0.4:
        body.append(_Column(rng.choice(DATE_NAMES), "date"))
    if rng.random() < 0.3:
        body.append(_Column(rng.choice(OTHER_NAMES), "other"))
    if rng.random() < 0.2:
        body.append(_Column(rng.choice(RESERVED), "other"))
        faults.append("reserved-name")
    if rng.random() < 0.12:
        twin = rng.choice(body)
        body.append(_Column(twin.name, "other"))
        faults.append("duplicate-name")
    if rng.random() < 0.03 and long_ok:
        body.append(_Column("Pytanie " + "x" * HEADER_LIMIT, "other"))
        faults.append("long-header")
    rng.shuffle(body)
    cols += body
    ids_as_int = rng.random() < 0.3
    rows = []
    for i in range(_n_rows(rng)):
        row: list[Any] = []
        for c in cols:
            if c.role == "id":
                row.append(str(i + 1) if ids_as_int else f"R{i + 1}")
            elif c.role == "score":
                row.append(_score(rng, faults))
            elif c.role in ("text", "text2"):
                row.append(_answer(rng, faults, long_ok=long_ok))
            elif c.role == "segment":
                row.append(rng.choice(SEGMENTS))
            elif c.role == "date":
                d = rng.choice(DATES)
                if d in DATES[4:]:
                    faults.append("odd-date")
                row.append(d)
            else:
                row.append(rng.choice(["", "x", "jan@example.com", "42", "uwaga; ważne"]))
        rows.append(row)
    texts = [c.name for c in cols if c.role in ("text", "text2")]
    options: dict[str, Any] = {
        "score_col": next(c.name for c in cols if c.role == "score"),
        "text_cols": texts,
    }
    if rng.random() < 0.5 and any(c.role == "id" for c in cols):
        options["id_col"] = next(c.name for c in cols if c.role == "id")
    if not any(c.role == "segment" for c in cols) or rng.random() < 0.3:
        options["segment_cols"] = []
    if rng.random() < 0.5:  # chunk boundaries inside the file (small chunks: small files)
        options["chunksize"] = max(rng.choice([1, 2, 3, 7, 50]), len(rows) // 5)
    return _Table(cols, rows, options, faults)


# --------------------------------------------------------------------------- CSV


def _breaks(text: str) -> int:
    """Line breaks in ``text`` as a reader splitting on CRLF, CR and LF counts them."""
    return len(re.findall(r"\r\n|\r|\n", text))


def _csv_field(value: str, delim: str, quote_all: bool) -> str:
    if quote_all or any(ch in value for ch in (delim, '"', "\r", "\n")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def _plain(value: str, delim: str) -> str:
    """``value`` with nothing that needs quoting (for rows that must stay one line)."""
    return re.sub(r'["\r\n]', " ", value).replace(delim, " ")


def _render_csv(rng: random.Random, table: _Table, name: str) -> Case:
    faults = list(table.faults)
    delim = rng.choice(DELIMITERS)
    eol = rng.choice(["\n", "\r\n", "\r", "\n", "\r\n"])
    if eol == "\r":
        faults.append("cr-only")
    quote_all = rng.random() < 0.2
    width = len(table.columns)
    id_first = table.columns[0].role == "id"
    header = delim.join(_csv_field(c.name, delim, quote_all) for c in table.columns) + eol
    out = [header]
    line = 1 + _breaks(header)
    rows: list[int] = []
    n = len(table.rows)
    unclosed_next = False  # the row after an unclosed quote must look like a row
    for i, values in enumerate(table.rows):
        if rng.random() < 0.04:
            blank = rng.choice(["", " ", delim * (width - 1), "\t" if delim == "\t" else " "])
            out.append(blank + eol)
            line += 1
            faults.append("blank-row")
        cells = [v if v is not None else "" for v in values]
        r = rng.random()
        if unclosed_next:
            text = delim.join(_plain(v, delim) or "x" for v in cells)
            unclosed_next = False
        elif id_first and r < 0.06 and (i + 1 == n or rng.random() < 0.9):
            # a quote opened at the start of a field that never closes
            j = rng.randrange(1, width)
            cells = [_plain(v, delim) for v in cells]
            cells[j] = '"' + cells[j]
            text = delim.join(cells)
            unclosed_next = True
            faults.append("unclosed-quote")
        elif r < 0.10:
            # a quote in the middle of an unquoted field: taken literally
            cells = [_plain(v, delim) for v in cells]
            j = rng.randrange(width)
            cells[j] = (cells[j] or "a") + ' "cytat'
            text = delim.join(cells)
            faults.append("stray-quote")
        elif r < 0.15:
            cells = [_plain(v, delim) for v in cells]
            if rng.random() < 0.5 or width < 3:
                cells.insert(rng.randrange(width + 1), "nadmiar")
            else:
                del cells[rng.randrange(width)]
            text = delim.join(cells)
            faults.append("wrong-field-count")
        else:
            text = delim.join(_csv_field(v, delim, quote_all) for v in cells)
        record = text + (eol if (i + 1 < n or rng.random() < 0.8) else "")
        if i + 1 == n and not record.endswith(eol):
            faults.append("no-final-eol")
        out.append(record)
        rows.append(line)
        line += _breaks(record) if record.endswith(eol) else _breaks(record) + 1
    if unclosed_next:  # the last row's quote is left open: nothing follows it
        pass
    text = "".join(out)
    encoding = rng.choice(ENCODINGS)
    faults.append(f"enc-{encoding}")
    options = dict(table.options)
    if encoding == "cp1252":  # Polish letters it lacks are written as "?": so are the names
        options = {k: _as_written(v, encoding) for k, v in options.items()}
    refusable = False
    if encoding == "mixed":
        chunks = [out[0].encode("utf-8")]
        for piece in out[1:]:
            chunks.append(piece.encode(rng.choice(["utf-8", "cp1250"]), errors="replace"))
        data = b"".join(chunks)
    elif encoding in ("utf-16", "utf-16-le"):
        data = text.encode(encoding, errors="surrogatepass")
        refusable = True  # not a supported encoding: a clear error is right
    else:
        data = text.encode(encoding, errors="replace")
    head = data[:4096]
    if head.count(0) > 0.05 * len(head):
        refusable = True  # as many NULs as a binary file: refused, by the documented rule
    suffix = ".tsv" if delim == "\t" and rng.random() < 0.3 else rng.choice([".csv", ".txt"])
    if rng.random() < 0.5 and suffix != ".tsv":
        options["delimiter"] = delim
    return Case(name, "csv", suffix, data, rows=rows, options=options, faults=faults,
                refusable=refusable, questions=len(table.options["text_cols"]))


def _as_written(value: Any, encoding: str) -> Any:
    """An option naming columns as a file in ``encoding`` holds them."""
    if isinstance(value, str):
        return value.encode(encoding, errors="replace").decode(encoding)
    if isinstance(value, list):
        return [_as_written(v, encoding) for v in value]
    return value


# --------------------------------------------------------------------------- JSONL


def _render_jsonl(rng: random.Random, table: _Table, name: str) -> Case:
    faults = list(table.faults)
    eol = rng.choice(["\n", "\r\n", "\r", "\n"])
    ascii_only = rng.random() < 0.5
    lines: list[str] = []
    rows: list[int] = []
    names = [c.name for c in table.columns]
    for values in table.rows:
        if rng.random() < 0.04:
            lines.append(rng.choice(["", "   ", "\t"]))
            faults.append("blank-row")
        obj: dict[str, Any] = {}
        for c, v in zip(table.columns, values, strict=True):
            if rng.random() < 0.05:
                continue  # a key left out
            if c.role == "score" and rng.random() < 0.3:
                v = rng.choice([9, 10, 0, 7.0, 7.5, True, False, None, [9], {"v": 9},
                                float("nan"), 1e308, -3])
                faults.append("typed-score")
            obj[c.name] = v
        r = rng.random()
        if r < 0.04:
            line = json.dumps(obj, ensure_ascii=ascii_only)[:-1]  # cut: invalid JSON
            faults.append("invalid-json")
        elif r < 0.07:
            line = json.dumps(rng.choice([[1, 2], "tekst", 5, None, True]))
            faults.append("not-an-object")
        elif r < 0.08:
            depth = rng.choice([100, 100_000])
            line = '{"' + names[0] + '": ' + "[" * depth + "]" * depth + "}"
            faults.append(f"deep-{depth}")
        elif r < 0.09:
            line = '{"' + names[0] + '": ' + "9" * 5000 + "}"
            faults.append("huge-int")
        elif r < 0.12:
            obj[rng.choice(names)] = "przed \ud800 po"
            line = json.dumps(obj, ensure_ascii=True)
            faults.append("lone-surrogate")
        elif r < 0.14:
            line = json.dumps(obj, ensure_ascii=ascii_only) + " trailing"
            faults.append("trailing-garbage")
        else:
            line = json.dumps(obj, ensure_ascii=ascii_only)
        lines.append(line)
        rows.append(len(lines))
    if rng.random() < 0.3:
        lines.append("")
    text = eol.join(lines) + (eol if lines and rng.random() < 0.8 else "")
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp1250", "utf-16"])
    faults.append(f"enc-{encoding}")
    data = text.encode(encoding, errors="replace")
    if not data:
        data = b"\n"
    return Case(name, "jsonl", rng.choice([".jsonl", ".ndjson"]), data, rows=rows,
                options=dict(table.options), faults=faults, refusable=encoding == "utf-16",
                questions=len(table.options["text_cols"]))


# --------------------------------------------------------------------------- XLSX


def _xlsx_value(rng: random.Random, role: str, value: Any) -> Any:
    if value is None:
        return None
    if role == "score" and rng.random() < 0.4:
        return rng.choice([9, 10.0, 7.5, 0, True, None, 11, "9"])
    if role == "date" and rng.random() < 0.3:
        return datetime(rng.choice([1900, 2025, 9999]), 3, 5, 14, 22)
    text = _XML_ILLEGAL.sub("", _SURROGATE.sub("", str(value)))
    return text[:32_000]


def _render_xlsx(rng: random.Random, table: _Table, name: str) -> Case:
    from openpyxl import Workbook

    faults = list(table.faults)
    wb = Workbook()
    ws = wb.active
    options = dict(table.options)
    if rng.random() < 0.2:
        ws.title = "Info"
        ws.append(["to nie ten arkusz"])
        ws = wb.create_sheet("Dane")
        options["sheet"] = "Dane"
        faults.append("second-sheet")
    header: list[Any] = [c.name[:32_000] for c in table.columns]
    if rng.random() < 0.2:
        header += [None, None]  # trailing empty header cells
    ws.append(header)
    rows: list[int] = []
    sheet_row = 1
    for values in table.rows:
        if rng.random() < 0.05:
            ws.append([None, " ", None])
            sheet_row += 1
            faults.append("empty-row")
        cells = [_xlsx_value(rng, c.role, v) for c, v in zip(table.columns, values, strict=True)]
        if rng.random() < 0.08:
            cells += [None] * rng.randint(0, 2) + [rng.choice(["notatka", 5, "x"])]
            faults.append("cell-right-of-header")
        if not any(v is not None and not (isinstance(v, str) and not v.strip())
                   for v in cells):
            cells[0] = "R"  # the row must hold something to be a record
        ws.append(cells)
        sheet_row += 1
        rows.append(sheet_row)
    buf = io.BytesIO()
    wb.save(buf)
    return Case(name, "xlsx", ".xlsx", buf.getvalue(), rows=rows, options=options,
                faults=faults, questions=len(table.options["text_cols"]))


# --------------------------------------------------------------------------- Parquet


def _render_parquet(rng: random.Random, table: _Table, name: str) -> Case:
    import pyarrow as pa
    import pyarrow.parquet as pq

    faults = list(table.faults)
    n = len(table.rows)
    arrays = []
    for j, c in enumerate(table.columns):
        values = [_SURROGATE.sub("", r[j]) if isinstance(r[j], str) else r[j]
                  for r in table.rows]
        if c.role == "score":
            kind = rng.choice(["str", "int", "float", "bool", "list", "dict"])
            faults.append(f"score-{kind}")
            if kind == "int":
                arrays.append(pa.array([rng.randint(-2, 12) for _ in range(n)], pa.int64()))
            elif kind == "float":
                arrays.append(pa.array([rng.choice([9.0, 7.5, float("nan"), None, 10.0])
                                        for _ in range(n)], pa.float64()))
            elif kind == "bool":
                arrays.append(pa.array([rng.random() < 0.5 for _ in range(n)], pa.bool_()))
            elif kind == "list":
                arrays.append(pa.array([[rng.randint(0, 10)] for _ in range(n)]))
            elif kind == "dict":
                arrays.append(pa.array(values, pa.string()).dictionary_encode())
            else:
                arrays.append(pa.array(values, pa.string()))
        elif c.role == "date" and rng.random() < 0.5:
            days = [rng.choice([20_000, -640_000, 2_900_000, None]) for _ in range(n)]
            arrays.append(pa.array(days, pa.int32()).cast(pa.date32()))
            faults.append("date32")
        else:
            arrays.append(pa.array(values, rng.choice([pa.string(), pa.large_string()])))
    tab = pa.Table.from_arrays(arrays, names=[c.name for c in table.columns])
    buf = io.BytesIO()
    pq.write_table(tab, buf, row_group_size=max(1, rng.choice([1, 3, 64, 10_000])))
    return Case(name, "parquet", rng.choice([".parquet", ".pq"]), buf.getvalue(),
                rows=list(range(1, n + 1)), options=dict(table.options), faults=faults,
                questions=len(table.options["text_cols"]))


# --------------------------------------------------------------------------- DataFrame


def _render_frame(rng: random.Random, table: _Table, name: str) -> Case:
    faults = list(table.faults)
    names = [c.name for c in table.columns]
    if len(set(names)) != len(names):  # a DataFrame with repeated names is refused
        seen: dict[str, int] = {}
        for i, nm in enumerate(names):
            seen[nm] = seen.get(nm, 0) + 1
            if seen[nm] > 1:
                names[i] = f"{nm} ({seen[nm]})"
    rows = []
    for values in table.rows:
        row = list(values)
        if rng.random() < 0.1:
            j = rng.randrange(len(row))
            row[j] = f"zły znak \ud800 {row[j]}"
            faults.append("lone-surrogate")
        if rng.random() < 0.1:
            j = names.index(table.options["score_col"])
            row[j] = rng.choice([True, 9, 9.5, None, pd.NA, [9], "9"])
            faults.append("typed-score")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=names, dtype=object) if rows else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in names})
    return Case(name, "frame", "", frame=frame, rows=list(range(1, len(rows) + 1)),
                options=dict(table.options), faults=faults,
                questions=len(table.options["text_cols"]))


# --------------------------------------------------------------------------- mutations


def _mutate(rng: random.Random, data: bytes, faults: list[str]) -> bytes:
    buf = bytearray(data)
    specials = b'"\r\n;,\t|\x00\xff\xc5{}[]'
    for _ in range(rng.randint(1, 8)):
        if not buf:
            buf.extend(b"x")
        op = rng.choice(["flip", "insert", "delete", "dup", "special"])
        pos = rng.randrange(len(buf))
        if op == "flip":
            buf[pos] ^= 1 << rng.randrange(8)
        elif op == "insert":
            buf.insert(pos, rng.randrange(256))
        elif op == "delete":
            del buf[pos]
        elif op == "dup":
            end = min(len(buf), pos + rng.randint(1, 64))
            buf[pos:pos] = buf[pos:end]
        else:
            buf.insert(pos, specials[rng.randrange(len(specials))])
        faults.append(f"mutate-{op}")
    return bytes(buf) or b"\n"


# --------------------------------------------------------------------------- cases


def make_case(rng: random.Random, family: str | None = None, *, name: str = "case",
              long_ok: bool = True) -> Case:
    """One random case of ``family`` (one of :data:`FAMILIES`; drawn when None).
    ``long_ok=False`` leaves out the fields and names over 131,072 characters."""
    family = family or rng.choice(FAMILIES)
    table = _table(rng, long_ok=long_ok)
    if family == "mutated":
        base = rng.choice(["csv", "csv", "jsonl", "jsonl", "xlsx", "parquet"])
        case = _RENDER[base](rng, table, name)
        case.data = _mutate(rng, case.data, case.faults)
        case.rows = None
        case.refusable = True
        case.base_fmt, case.fmt = case.fmt, "mutated"
        return case
    case = _RENDER[family](rng, table, name)
    case.base_fmt = case.fmt
    return case


_RENDER = {"csv": _render_csv, "jsonl": _render_jsonl, "xlsx": _render_xlsx,
           "parquet": _render_parquet, "frame": _render_frame}


def cases(*, long_ok: bool = False) -> Any:
    """A hypothesis strategy of cases (randomness drawn by hypothesis, so it shrinks)."""
    from hypothesis import strategies as st

    return st.builds(lambda r, fam: make_case(r, fam, name=f"hypothesis-{fam}",
                                              long_ok=long_ok),
                     st.randoms(use_true_random=False), st.sampled_from(FAMILIES))


# --------------------------------------------------------------------------- reference


def reference_rows(path: Path, fmt: str, encoding: str | None,
                   delimiter: str | None) -> int | None:
    """Data records in a file by a rule simple enough to trust, or None where there is
    none: a CSV file without any quote has one record per line (after the header) that
    holds something besides delimiters and spaces; a JSONL file one per non-blank line;
    lines end at CRLF, CR or LF."""
    if fmt in ("csv", "jsonl"):
        if encoding is None:
            return None
        try:
            text = path.read_bytes().decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return None
        if encoding in ("utf-8-sig",):
            text = text.lstrip("\ufeff")
        lines = re.split(r"\r\n|\r|\n", text)
        if text.endswith(("\r", "\n")):
            lines = lines[:-1]
        if fmt == "jsonl":
            return sum(1 for ln in lines if ln.strip())
        if '"' in text or delimiter is None:
            return None
        return sum(1 for ln in lines[1:] if ln.replace(delimiter, "").strip())
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            return int(pq.ParquetFile(path).metadata.num_rows)
        except Exception:
            return None
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    index = []
    for i in range(args.cases):
        case = make_case(random.Random(args.seed + i), name=f"case{args.seed + i:05d}")
        if case.frame is not None:
            case.data = case.frame.to_json(orient="records", lines=True).encode(
                "utf-8", errors="replace")
            case.suffix = ".frame.jsonl"
        path = args.out / f"{case.name}{case.suffix}"
        path.write_bytes(case.data)
        index.append({"file": path.name, "format": case.fmt, "rows": case.rows,
                      "options": case.options, "faults": sorted(set(case.faults)),
                      "refusable": case.refusable})
    (args.out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1),
                                         encoding="utf-8")


if __name__ == "__main__":
    main()
