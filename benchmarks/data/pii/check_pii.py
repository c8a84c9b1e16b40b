"""Validate the labelled PII benchmark files and print their counts.

    python benchmarks/data/pii/check_pii.py [--write-guidelines]

Checks every line of ``pii_dev.jsonl`` and ``pii_test.jsonl``: the fields and their types;
each labelled ``value`` occurs in ``text`` (as often as it is labelled); kinds and format ids
are known and agree; each value has the layout its format id promises and valid check digits
(PESEL with its birth date, Luhn, IBAN/NRB mod-97, ID card, passport); no text outside the
labelled spans looks like personal data (a second, independent look for e-mails, links,
PESELs, card, IBAN, ID-card and passport numbers); ids and texts are unique; no PII value is
in both files; the size targets hold. Prints the counts per kind, format, look-alike format,
language and position as Markdown; ``--write-guidelines`` puts them into GUIDELINES.md
between the ``counts`` markers. Exits 1 listing the problems when a check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pii_checksums import (  # noqa: E402
    digits,
    iban_ok,
    id_card_ok,
    luhn_ok,
    passport_ok,
    pesel_birth_date,
    pesel_ok,
)
from pii_values import FORMAT_KIND, KINDS, fold  # noqa: E402

SPLITS = ("dev", "test")
LOOKALIKE_FORMATS = {
    "order_9digit",
    "order_alnum",
    "amount_grouped",
    "price",
    "date",
    "time",
    "postal_code",
    "ean13",
    "tracking_dhl",
    "tracking_inpost",
    "tracking_ups",
    "tracking_poczta",
    "invoice_number",
    "version_number",
    "percentage",
    "flight_number",
    "numeric_range",
    "product_model",
    "company_nip",
    "company_regon",
    "bank_code",
    "card_masked",
    "brand_domain",
    "sentence_join",
    "abbreviation_dots",
    "file_name",
    "hashtag",
    "brand_mention",
    "service_number",
    "measurement",
    "score_fraction",
    "ticket_number",
}
TARGETS = {
    "pii_answers": 320,
    "pii_formats": 30,
    "per_format": 3,
    "lookalike_answers": 220,
    "lookalike_formats": 20,
}
MARK_START, MARK_END = "<!-- counts:start -->", "<!-- counts:end -->"

_PL_NAT = r"[5-8]\d{2}"  # Polish mobile numbers start 5xx/6xx/7xx/8xx
_EMAIL = r"[^\s@()\[\]{}]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"
_HOST_TLDS = (".fr", ".cz", ".eu", ".io", ".com.pl", ".de", ".ly")
_SHORTENERS = ("bit.ly", "t.co", "tinyurl.com", "goo.gl", "youtu.be")


def _host(url: str) -> str:
    return re.sub(r"^(https?://)?", "", url).split("/")[0].split("?")[0].lower()


LAYOUT: dict[str, Callable[[str], bool]] = {
    "phone_pl_mobile_space": lambda v: bool(re.fullmatch(_PL_NAT + r" \d{3} \d{3}", v)),
    "phone_pl_mobile_dash": lambda v: bool(re.fullmatch(_PL_NAT + r"-\d{3}-\d{3}", v)),
    "phone_pl_mobile_plain": lambda v: bool(re.fullmatch(_PL_NAT + r"\d{6}", v)),
    "phone_pl_intl_space": lambda v: bool(re.fullmatch(r"\+48 " + _PL_NAT + r" \d{3} \d{3}", v)),
    "phone_pl_intl_compact": lambda v: bool(re.fullmatch(r"\+48" + _PL_NAT + r"\d{6}", v)),
    "phone_pl_0048": lambda v: bool(re.fullmatch(r"0048 " + _PL_NAT + r" \d{3} \d{3}", v)),
    "phone_pl_48_noplus": lambda v: bool(re.fullmatch(r"48 " + _PL_NAT + r" \d{3} \d{3}", v)),
    "phone_pl_plus_gap": lambda v: bool(re.fullmatch(r"\+ 48 " + _PL_NAT + r" \d{3} \d{3}", v)),
    "phone_pl_paren_cc": lambda v: bool(re.fullmatch(r"\(\+48\) " + _PL_NAT + r" \d{3} \d{3}", v)),
    "phone_pl_mobile_3222": lambda v: bool(re.fullmatch(_PL_NAT + r" \d{2} \d{2} \d{2}", v)),
    "phone_pl_mobile_endash": lambda v: bool(re.fullmatch(_PL_NAT + r"\u2013\d{3}\u2013\d{3}", v)),
    "phone_pl_landline": lambda v: bool(re.fullmatch(r"[1-9]\d [2-8]\d{2} \d{2} \d{2}", v)),
    "phone_pl_landline_paren": lambda v: bool(
        re.fullmatch(r"\([1-9]\d\) [2-8]\d{2} \d{2} \d{2}", v)
    ),
    "phone_pl_landline_0": lambda v: bool(re.fullmatch(r"0 [1-9]\d [2-8]\d{2} \d{2} \d{2}", v)),
    "phone_pl_landline_intl": lambda v: bool(
        re.fullmatch(r"\+48 [1-9]\d [2-8]\d{2} \d{2} \d{2}", v)
    ),
    "phone_us_paren": lambda v: bool(re.fullmatch(r"\(\d{3}\) 555-01\d{2}", v)),
    "phone_us_dash": lambda v: bool(re.fullmatch(r"\d{3}-555-01\d{2}", v)),
    "phone_us_intl": lambda v: bool(re.fullmatch(r"\+1 \d{3} 555 01\d{2}", v)),
    "phone_us_dot": lambda v: bool(re.fullmatch(r"\d{3}\.555\.01\d{2}", v)),
    "phone_uk_london": lambda v: bool(re.fullmatch(r"020 7946 0\d{3}", v)),
    "phone_uk_london_intl": lambda v: bool(re.fullmatch(r"\+44 20 7946 0\d{3}", v)),
    "phone_uk_mobile": lambda v: bool(re.fullmatch(r"07700 900\d{3}", v)),
    "phone_uk_mobile_intl": lambda v: bool(re.fullmatch(r"\+44 7700 900\d{3}", v)),
    "phone_de_intl": lambda v: (
        bool(re.fullmatch(r"\+49 \d{2,3} \d{7,8}", v)) and len(digits(v)) == 12
    ),
    "email_plain": lambda v: bool(re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}", v)),
    "email_dots_plus_hyphen": lambda v: (
        bool(re.fullmatch(_EMAIL, v)) and bool(re.search(r"[+-]", v.split("@")[0]))
    ),
    "email_upper": lambda v: bool(re.fullmatch(_EMAIL, v, re.I)) and v != v.lower(),
    "email_pl_letters": lambda v: bool(re.fullmatch(_EMAIL, v)) and fold(v) != v,
    "email_subdomain": lambda v: bool(re.fullmatch(_EMAIL, v)) and v.split("@")[1].count(".") >= 2,
    "email_two_level_tld": lambda v: (
        bool(re.fullmatch(_EMAIL, v)) and v.endswith((".com.pl", ".co.uk"))
    ),
    "email_obf_brackets": lambda v: "@" not in v and bool(re.search(r"[\[{](at|małpa)[\]}]", v)),
    "email_obf_paren": lambda v: "@" not in v and "(at)" in v,
    "email_obf_words": lambda v: (
        "@" not in v and bool(re.fullmatch(r"\S+ (at|małpa) \S+( (kropka|dot) [a-z]{2,3})?", v))
    ),
    "pesel": lambda v: bool(re.fullmatch(r"\d{11}", v)) and 1900 <= _pesel_year(v) < 2000,
    "pesel_2000s": lambda v: bool(re.fullmatch(r"\d{11}", v)) and _pesel_year(v) >= 2000,
    "pesel_split": lambda v: bool(re.fullmatch(r"\d{6} \d{5}", v)),
    "card_space": lambda v: bool(re.fullmatch(r"(4\d{3}|5[1-5]\d{2})( \d{4}){3}", v)),
    "card_dash": lambda v: bool(re.fullmatch(r"(4\d{3}|5[1-5]\d{2})(-\d{4}){3}", v)),
    "card_plain": lambda v: bool(re.fullmatch(r"(4\d{3}|5[1-5]\d{2})\d{12}", v)),
    "card_mc_2series": lambda v: (
        bool(re.fullmatch(r"2\d{3}( \d{4}){3}", v)) and 2221 <= int(v[:4]) <= 2720
    ),
    "card_amex": lambda v: bool(re.fullmatch(r"3[47]\d{2} \d{6} \d{5}", v)),
    "card_amex_plain": lambda v: bool(re.fullmatch(r"3[47]\d{13}", v)),
    "card_expiry_cvv": lambda v: bool(re.fullmatch(r"(4\d{3}|5[1-5]\d{2})( \d{4}){3}", v)),
    "iban_pl_space": lambda v: bool(re.fullmatch(r"PL\d{2}( \d{4}){6}", v)),
    "iban_pl_compact": lambda v: bool(re.fullmatch(r"PL\d{26}", v)),
    "iban_pl_lower": lambda v: bool(re.fullmatch(r"pl\d{2}(( \d{4}){6}|\d{24})", v)),
    "nrb_space": lambda v: bool(re.fullmatch(r"\d{2}( \d{4}){6}", v)),
    "nrb_compact": lambda v: bool(re.fullmatch(r"\d{26}", v)),
    "iban_de": lambda v: bool(re.fullmatch(r"DE\d{2}( \d{4}){4} \d{2}", v)),
    "iban_gb": lambda v: bool(re.fullmatch(r"GB\d{2} [A-Z]{4}( \d{4}){3} \d{2}", v)),
    "iban_fr": lambda v: bool(re.fullmatch(r"FR\d{2}( [0-9A-Z]{4}){5} [0-9A-Z]{3}", v)),
    "url_https": lambda v: v.startswith("https://"),
    "url_http": lambda v: v.startswith("http://"),
    "url_www": lambda v: v.startswith("www."),
    "url_bare_path": lambda v: (
        bool(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+/\S+", v)) and not v.startswith("www.")
    ),
    "url_query": lambda v: bool(re.search(r"\?\w+=", v)),
    "url_short": lambda v: _host(v) in _SHORTENERS,
    "url_cctld": lambda v: _host(v).endswith(_HOST_TLDS),
    "id_card_space": lambda v: bool(re.fullmatch(r"[A-Z]{3} \d{6}", v)),
    "id_card_compact": lambda v: bool(re.fullmatch(r"[A-Z]{3}\d{6}", v)),
    "passport_compact": lambda v: bool(re.fullmatch(r"[A-Z]{2}\d{7}", v)),
    "passport_space": lambda v: bool(re.fullmatch(r"[A-Z]{2} \d{7}", v)),
}

CHECKSUM: dict[str, Callable[[str], bool]] = {
    "PESEL": pesel_ok,
    "CARD": lambda v: luhn_ok(digits(v)),
    "IBAN": iban_ok,
    "ID_CARD": id_card_ok,
    "PASSPORT": passport_ok,
}


def _pesel_year(value: str) -> int:
    born = pesel_birth_date(digits(value))
    return born.year if born else -1


def stray_pii(text: str) -> list[str]:
    """Personal-data-looking strings in ``text`` (labelled spans already blanked out)."""
    found = []
    if re.search(r"\S@[a-z0-9-]+\.[a-z]{2,}", text, re.I):
        found.append("e-mail")
    if re.search(r"https?://|\bwww\.", text, re.I):
        found.append("link")
    for m in re.finditer(r"(?<![\w.,])\d[\d \-]{9,30}\d(?![\w.,])", text):
        run = digits(m.group())
        if len(run) == 11 and pesel_ok(run):
            found.append(f"PESEL {m.group()}")
        if len(run) in (15, 16) and luhn_ok(run):
            found.append(f"card {m.group()}")
        if len(run) == 26 and iban_ok(run):
            found.append(f"NRB {m.group()}")
    for m in re.finditer(
        r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b", text, re.I
    ):
        if iban_ok(m.group()):
            found.append(f"IBAN {m.group()}")
    for m in re.finditer(r"\b[A-Z]{3} ?\d{6}\b", text):
        if id_card_ok(m.group()):
            found.append(f"ID card {m.group()}")
    for m in re.finditer(r"\b[A-Z]{2} ?\d{7}\b", text):
        if passport_ok(m.group()):
            found.append(f"passport {m.group()}")
    return found


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def spans(row: dict[str, Any]) -> list[tuple[int, int]]:
    """Where each labelled value sits: the n-th label of a value takes its n-th occurrence."""
    seen: Counter[str] = Counter()
    out = []
    for item in row["pii"]:
        value = item["value"]
        start = -1
        for _ in range(seen[value] + 1):
            start = row["text"].find(value, start + 1)
        seen[value] += 1
        out.append((start, start + len(value)))
    return out


def check_row(row: dict[str, Any], where: str) -> list[str]:
    errors = []
    if set(row) != {"id", "lang", "text", "pii", "lookalike"}:
        return [f"{where}: fields {sorted(row)}, expected id, lang, text, pii, lookalike"]
    if row["lang"] not in ("pl", "en"):
        errors.append(f"{where}: lang {row['lang']!r}, expected 'pl' or 'en'")
    text = row["text"]
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        errors.append(f"{where}: text must be a non-empty string without outer spaces")
        return errors
    if not row["pii"] and row["lookalike"] not in LOOKALIKE_FORMATS:
        errors.append(
            f"{where}: an answer without PII needs a look-alike format, got {row['lookalike']!r}"
        )
    if row["lookalike"] is not None and row["lookalike"] not in LOOKALIKE_FORMATS:
        errors.append(f"{where}: unknown look-alike format {row['lookalike']!r}")
    for item in row["pii"]:
        if set(item) != {"kind", "value", "format"}:
            errors.append(f"{where}: PII item fields {sorted(item)}, expected kind, value, format")
            continue
        kind, value, fmt = item["kind"], item["value"], item["format"]
        if kind not in KINDS:
            errors.append(f"{where}: unknown kind {kind!r}; known: {sorted(KINDS)}")
        if FORMAT_KIND.get(fmt) != kind:
            errors.append(f"{where}: format {fmt!r} is not a format of kind {kind!r}")
            continue
        if text.count(value) != sum(1 for i in row["pii"] if i["value"] == value):
            errors.append(
                f"{where}: value {value!r} is in the text {text.count(value)} times, "
                "labelled a different number of times"
            )
        if value != value.strip() or value[-1] in ".,;:!?)":
            errors.append(f"{where}: value {value!r} has surrounding spaces or punctuation")
        if not LAYOUT[fmt](value):
            errors.append(f"{where}: value {value!r} does not have the layout of {fmt}")
        if kind in CHECKSUM and not CHECKSUM[kind](value):
            errors.append(f"{where}: value {value!r} fails the {kind} check digits")
    if errors:
        return errors
    blanked = list(text)
    for s, e in spans(row):
        for i in range(s, e):
            blanked[i] = "\u2588"
    found = stray_pii("".join(blanked))
    if found:
        errors.append(f"{where}: unlabelled personal data in the text: {found}")
    return errors


def position(text: str, s: int, e: int) -> list[str]:
    tags = []
    before, after = text[:s], text[e:]
    if not before.strip(" \"'("):
        tags.append("at the start")
    elif not after.strip(" .,;:!?)\"'"):
        tags.append("at the end")
    else:
        tags.append("in the middle")
    if before.endswith("(") and after.startswith(")"):
        tags.append("in parentheses")
    if before.rstrip().endswith(":"):
        tags.append("after a colon")
    if after[:1] in tuple(".,;:!?"):
        tags.append("followed by punctuation")
    return tags


def style(row: dict[str, Any]) -> str | None:
    text = row["text"]
    if any(c.isalpha() for c in text) and text == text.upper():
        return "upper-case text"
    if text == text.lower():
        return "lower-case text"
    if row["lang"] == "pl" and fold(text) == text:
        return "Polish without diacritics"
    return None


def table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    header, body = list(header), [list(row) for row in rows]
    numeric = [all(isinstance(row[i], int) for row in body) for i in range(len(header))]
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---:" if num else "---" for num in numeric) + " |",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def report(data: dict[str, list[dict[str, Any]]]) -> str:
    parts = []
    summary = []
    for split in SPLITS:
        rows = data[split]
        pii = [r for r in rows if r["pii"]]
        look = [r for r in rows if not r["pii"]]
        summary.append(
            (
                split,
                len(rows),
                len(pii),
                sum(len(r["pii"]) for r in rows),
                sum(1 for r in pii if len(r["pii"]) >= 2),
                sum(1 for r in pii if r["lookalike"]),
                len({i["format"] for r in pii for i in r["pii"]}),
                len(look),
                len({r["lookalike"] for r in look}),
                sum(1 for r in rows if r["lang"] == "pl"),
                sum(1 for r in rows if r["lang"] == "en"),
            )
        )
    parts.append(
        table(
            (
                "file",
                "answers",
                "with PII",
                "PII items",
                "with 2+ PII items",
                "PII + unlabelled look-alike",
                "PII formats",
                "look-alike answers",
                "look-alike formats",
                "pl",
                "en",
            ),
            summary,
        )
    )
    kinds = {s: Counter(i["kind"] for r in data[s] for i in r["pii"]) for s in SPLITS}
    parts.append(
        table(
            ("kind", "dev items", "test items"),
            [(k, kinds["dev"][k], kinds["test"][k]) for k in KINDS],
        )
    )
    fmts = {s: Counter(i["format"] for r in data[s] for i in r["pii"]) for s in SPLITS}
    parts.append(
        table(
            ("kind", "format", "example (dev)", "dev", "test"),
            [
                (
                    FORMAT_KIND[f],
                    f"`{f}`",
                    "`" + _example(data["dev"], f) + "`",
                    fmts["dev"][f],
                    fmts["test"][f],
                )
                for f in FORMAT_KIND
            ],
        )
    )
    looks = {s: Counter(r["lookalike"] for r in data[s] if not r["pii"]) for s in SPLITS}
    parts.append(
        table(
            ("look-alike format", "dev", "test"),
            [(f"`{f}`", looks["dev"][f], looks["test"][f]) for f in sorted(LOOKALIKE_FORMATS)],
        )
    )
    pos: dict[str, Counter[str]] = {s: Counter() for s in SPLITS}
    for s in SPLITS:
        for r in data[s]:
            for a, b in spans(r):
                pos[s].update(position(r["text"], a, b))
            if r["pii"] and (st := style(r)):
                pos[s][st + " (answers)"] += 1
    keys = [
        "at the start",
        "in the middle",
        "at the end",
        "in parentheses",
        "after a colon",
        "followed by punctuation",
        "upper-case text (answers)",
        "lower-case text (answers)",
        "Polish without diacritics (answers)",
    ]
    parts.append(
        table(
            ("PII items / answers with PII", "dev", "test"),
            [(k, pos["dev"][k], pos["test"][k]) for k in keys],
        )
    )
    return "\n\n".join(parts) + "\n"


def _example(rows: list[dict[str, Any]], fmt: str) -> str:
    for r in rows:
        for i in r["pii"]:
            if i["format"] == fmt:
                return str(i["value"])
    return ""


def check(data: dict[str, list[dict[str, Any]]]) -> list[str]:
    errors = []
    texts: dict[str, str] = {}
    values: dict[str, str] = {}
    for split in SPLITS:
        rows = data[split]
        ids = Counter(r.get("id") for r in rows)
        errors += [f"{split}: id {i!r} used {n} times" for i, n in ids.items() if n > 1]
        for n, row in enumerate(rows, start=1):
            where = f"pii_{split}.jsonl line {n} ({row.get('id')})"
            errors += check_row(row, where)
            if row.get("text") in texts:
                errors.append(f"{where}: same text as {texts[row['text']]}")
            texts[row.get("text", "")] = where
            for item in row.get("pii", []):
                key = re.sub(r"\W", "", item.get("value", "")).lower()
                other = values.get(key)
                if other and not other.startswith(f"pii_{split}"):
                    errors.append(f"{where}: value {item['value']!r} is also in {other}")
                values.setdefault(key, where)
        pii = [r for r in rows if r.get("pii")]
        look = [r for r in rows if not r.get("pii")]
        fmts = Counter(i["format"] for r in pii for i in r["pii"])
        if len(pii) < TARGETS["pii_answers"]:
            errors.append(
                f"{split}: {len(pii)} answers with PII, target >= {TARGETS['pii_answers']}"
            )
        if len(fmts) < TARGETS["pii_formats"]:
            errors.append(f"{split}: {len(fmts)} PII formats, target >= {TARGETS['pii_formats']}")
        errors += [
            f"{split}: format {f} has {fmts[f]} items, target >= {TARGETS['per_format']}"
            for f in FORMAT_KIND
            if fmts[f] < TARGETS["per_format"]
        ]
        if len(look) < TARGETS["lookalike_answers"]:
            errors.append(
                f"{split}: {len(look)} look-alike answers, target >= {TARGETS['lookalike_answers']}"
            )
        n_look_fmts = len({r["lookalike"] for r in look})
        if n_look_fmts < TARGETS["lookalike_formats"]:
            target = TARGETS["lookalike_formats"]
            errors.append(f"{split}: {n_look_fmts} look-alike formats, target >= {target}")
        share_pl = sum(1 for r in rows if r.get("lang") == "pl") / max(len(rows), 1)
        if not 0.4 <= share_pl <= 0.6:
            errors.append(f"{split}: {share_pl:.0%} Polish answers, target 40-60 %")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=HERE)
    parser.add_argument(
        "--write-guidelines",
        action="store_true",
        help="replace the counts block of GUIDELINES.md with the counts printed",
    )
    args = parser.parse_args(argv)
    data = {s: load(args.dir / f"pii_{s}.jsonl") for s in SPLITS}
    errors = check(data)
    if errors:
        print(f"{len(errors)} problem(s):", *errors[:200], sep="\n", file=sys.stderr)
        return 1
    counts = report(data)
    print(counts)
    if args.write_guidelines:
        path = args.dir / "GUIDELINES.md"
        doc = path.read_text(encoding="utf-8")
        if MARK_START not in doc or MARK_END not in doc:
            print(
                f"{path}: no {MARK_START} ... {MARK_END} block to replace; add the two markers",
                file=sys.stderr,
            )
            return 1
        head, rest = doc.split(MARK_START, 1)
        tail = rest.split(MARK_END, 1)[1]
        path.write_text(f"{head}{MARK_START}\n{counts}{MARK_END}{tail}", encoding="utf-8")
        print(f"wrote the counts into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
