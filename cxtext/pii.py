"""Personal data in survey answers: found, typed and replaced by placeholders (GDPR / RODO).

Kinds (:data:`PII_KINDS`), each replaced by ``[KIND]``:

* ``EMAIL`` - addresses, also with Polish letters (``łukasz.żak@o2.pl``) and written out
  (``jan [at] wp [dot] pl``, ``jan(at)wp.pl``, ``jan at wp kropka pl``, ``jan małpa wp.pl``);
* ``URL`` - links with a scheme or ``www.``, and bare domains with a path
  (``allegro.pl/oferta/123``, ``bit.ly/x``): a path can lead to a person's profile, album or
  order; a bare shop name (``allegro.pl``, ``booking.com``) is kept;
* ``IBAN`` - Polish account numbers (``PL`` + 26 digits or the bare 26-digit NRB, with or
  without spaces, any case) and other IBANs with a valid mod-97 check;
* ``CARD`` - payment card numbers (Visa, Mastercard incl. 2-series, Amex, Discover, JCB,
  Maestro) with a valid Luhn check and issuer prefix; an expiry date or CVV after the number
  is not taken for more digits of it;
* ``PESEL`` - 11 digits (or ``YYMMDD NNNNN``) with a valid check digit and birth date;
* ``ID_CARD`` - Polish identity card numbers ``ABC 123456`` with a valid check digit;
* ``PASSPORT`` - Polish passport numbers ``EA 1234567`` with a valid check digit;
* ``PHONE`` - Polish mobile and landline numbers in every common layout (``601 234 567``,
  ``601-234-567``, ``601234567``, ``601 23 45 67``, ``(22) 123 45 67``, ``0 22 123 45 67``,
  ``+48 ...``, ``+ 48 ...``, ``(+48) ...``, ``0048 ...``, ``48 601 234 567``), US
  (``(415) 555-0132``, ``415-555-0132``, ``415.555.0132``) and UK national numbers
  (``020 7946 0958``, ``07700 900123``), and any number with an international prefix.

Numbers are told from look-alikes by their layout, check digits and valid prefixes, and by
the words around them: a 9-digit number next to "zamówienie", "order", "REGON", "NIP",
"faktura", "#"... is an order or company number, not a phone (unless a phone word such as
"tel.", "dzwonić", "call" is also there); a number followed by a currency or unit
(``250 000 000 zł``) is an amount. Numbers glued to letters (``1Z999AA10123456784``,
``CP496771976PL``, ``PL6774285381``) are codes, not PII.

Not detected: person names, street addresses, IP addresses, car plates, dates of birth on
their own. Measured on a labelled PL/EN set written by someone who never saw these patterns
(``benchmarks/pii.py``; figures in the README).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "PII_KINDS",
    "PIIMatch",
    "find_pii",
    "redact",
    "pesel_is_valid",
    "luhn_is_valid",
    "iban_is_valid",
    "id_card_is_valid",
    "passport_is_valid",
]

PII_KINDS: tuple[str, ...] = ("URL", "EMAIL", "IBAN", "CARD", "PESEL", "ID_CARD", "PASSPORT",
                              "PHONE")


@dataclass(frozen=True)
class PIIMatch:
    """One piece of personal data: its kind and character span in the text."""

    kind: str
    start: int
    end: int


# --------------------------------------------------------------------------- check digits


def pesel_is_valid(digits: str) -> bool:
    """PESEL checksum and birth-date check (month encodes the century)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 10) % 10
    if check != int(digits[10]):
        return False
    month = int(digits[2:4]) % 20
    day = int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def luhn_is_valid(digits: str) -> bool:
    """Luhn checksum of a payment card number (13-19 digits)."""
    if not (13 <= len(digits) <= 19) or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _card_issuer_ok(d: str) -> bool:
    """Issuer prefix and length of the card networks in use (not EAN-13 or other ids)."""
    n = len(d)
    if d[0] == "4":
        return n in (16, 19)  # Visa
    if "51" <= d[:2] <= "55" or "2221" <= d[:4] <= "2720":
        return n == 16  # Mastercard
    if d[:2] in ("34", "37"):
        return n == 15  # American Express
    if d.startswith(("6011", "65")) or "644" <= d[:3] <= "649" or "3528" <= d[:4] <= "3589":
        return 16 <= n <= 19  # Discover, JCB
    if d[:2] in ("50", "56", "57", "58", "63", "67", "62"):
        return 16 <= n <= 19  # Maestro, UnionPay
    return False


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN (spaces allowed)."""
    s = re.sub(r"\s+", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    rearranged = s[4:] + s[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def _weighted_ok(s: str, weights: tuple[int, ...]) -> bool:
    values = [int(c, 36) for c in re.sub(r"\s+", "", s).upper()]
    return len(values) == len(weights) and sum(v * w for v, w in zip(values, weights,
                                                                      strict=True)) % 10 == 0


def id_card_is_valid(s: str) -> bool:
    """Polish identity card ``ABC123456``: letters A=10..Z=35, weights 7-3-1-9-7-3-1-7-3
    over all nine characters (the first digit is the check digit) sum to a multiple of 10."""
    return _weighted_ok(s, (7, 3, 1, 9, 7, 3, 1, 7, 3))


def passport_is_valid(s: str) -> bool:
    """Polish passport ``EA1234567``: weights 7-3-9-1-7-3-1-7-3 (the first digit is the
    check digit) sum to a multiple of 10."""
    return _weighted_ok(s, (7, 3, 9, 1, 7, 3, 1, 7, 3))


# --------------------------------------------------------------------------- patterns

# a number or code may not touch a letter, a digit or these on either side
_B = r"(?<![\w@#/])"
_E = r"(?![\w@])"
_TLD = r"[a-z]{2,6}"
_URL_TRAILING = ".,;:!?"

_URL = re.compile(
    r"(?i)(?<![\w@.])(?:"
    r"(?:https?://|www\.)[^\s<>\"'\[\]{}]+"  # a scheme or www.: to the next space
    rf"|(?:[a-z0-9][a-z0-9-]*\.)+{_TLD}/[^\s<>\"'\[\]{{}}]*"  # a bare domain WITH a path
    r")"
)
_EMAIL = re.compile(r"(?i)(?<![\w.%+-])[\w.%+-]*\w@(?:[\w-]+\.)+[a-z]{2,}(?![\w-])")
_AT = (r"(?:\s*[\[\(\{<]\s*(?:at|ma[lł]pa)\s*[\]\)\}>]\s*"  # [at] (at) {at} (małpa)
       r"|\s+(?:at|ma[lł]pa)\s+|\s+@\s+)")  # at / małpa / @ between spaces
_DOT = (r"(?:\s*[\[\(\{<]\s*(?:dot|kropka)\s*[\]\)\}>]\s*"  # [dot] (dot) {kropka}
        r"|\s+(?:dot|kropka)\s+|\.)")
_EMAIL_SPELLED = re.compile(
    rf"(?i)(?<![\w.%+-])[\w.%+-]*\w{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}(?![\w-])")

_IBAN_PL = re.compile(r"(?i)(?<![\w])PL ?\d{2}(?:[ ]?\d{4}){6}(?![\w])")
_NRB = re.compile(r"(?<![\w])\d{2}(?:[ ]?\d{4}){6}(?![\w])")
_IBAN = re.compile(r"(?i)(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?"
                   r"(?![\w])")
# digits with single separators; the card is a prefix of it that ends at a group boundary
_CARD_RUN = re.compile(r"(?<![\w@#/-])(?<!\d[.,])\d(?:[ -]?\d){12,22}(?![\w])")
_PESEL = re.compile(rf"{_B}(?:\d{{11}}|\d{{6}} \d{{5}}){_E}(?![.,]\d)")
_ID_CARD = re.compile(r"(?<![\w#/-])[A-Z]{3} ?\d{6}(?![\w-])")
_PASSPORT = re.compile(r"(?<![\w#/-])[A-Z]{2} ?\d{7}(?![\w-])")

_SEP = r"[ \-\u2013.]"  # space, hyphen, en dash, dot
# a national number starts at no letter, digit, "+", "#", "/" or "-", nor after a decimal
# point ("tel.601..." is fine; nor is it the next group of a longer number:
# :func:`_continues_number`)
_NB = r"(?<![\w+#/-])(?<!\d[.,])"
_GROUP_BEFORE = re.compile(r"(?:^|[^\w])\d{1,4}[ \-\u2013.]$")
_PHONE_INTL = re.compile(
    # (+48) / +48 / + 48 / 0048, then the groups of the number
    r"(?<![\w+#/])(?:\(\+ ?\d{1,3}\)|\+ ?\d{1,3}|00\d{2,3})"
    rf"(?:{_SEP}?\(?\d{{1,5}}\)?){{2,6}}"
    rf"(?![\w])(?!{_SEP}\d)"
)
_PHONE_NATIONAL = [  # (layout, first digits checked against PL prefixes)
    # 48 601 234 567 (country code without +)
    (re.compile(_NB + r"48 \d{3} \d{3} \d{3}(?![\w])(?![ \-.]\d)"), "pl48"),
    # 601 234 567, 601-234-567, 601–234–567, 601.234.567, 601234567
    (re.compile(_NB + r"\d{3}([ \-\u2013.]?)\d{3}\1\d{3}(?![\w])(?![ \-\u2013.,]\d)"),
     "pl9"),
    # 601 23 45 67
    (re.compile(_NB + r"\d{3}([ \-])\d{2}\1\d{2}\1\d{2}(?![\w])(?![ \-.]\d)"), "pl9"),
    # 22 123 45 67, (22) 123 45 67, 0 22 123 45 67, 022 123 45 67
    (re.compile(_NB + r"(?:0 ?)?(?:\(\d{2}\)|\d{2})[ \-]?\d{3}[ \-]\d{2}[ \-]\d{2}"
                r"(?![\w])(?![ \-.]\d)"), "landline"),
    # US: (415) 555-0132, 415-555-0132, 415.555.0132, 415 555 0132
    (re.compile(_NB + r"(?:\(\d{3}\) ?\d{3}[\-. ]\d{4}|\d{3}([\-.])\d{3}\1\d{4}"
                r"|\d{3} \d{3} \d{4})(?![\w])(?![ \-.]\d)"), "us"),
    # UK: 020 7946 0958, 07700 900123, 0161 496 0000
    (re.compile(_NB + r"0\d{2,4} \d{3,6}(?: \d{3,4})?(?![\w])(?![ \-.]\d)"), "uk"),
]
_PL_MOBILE = frozenset("45 50 51 53 57 60 66 69 72 73 78 79 88".split())
_PL_AREA = frozenset(
    """12 13 14 15 16 17 18 22 23 24 25 29 32 33 34 41 42 43 44 46 48 52 54 55 56 58 59 61
    62 63 65 67 68 71 74 75 76 77 81 82 83 84 85 86 87 89 91 94 95""".split())

# words that make a nearby number an order, company, parcel or case number...
_NOT_PHONE = re.compile(
    r"(?i)(?:zam[oó]w|\bzam\.|\bnr zam|order|regon|\bnip\b|\bkrs\b|faktur|invoice|\bfv\b"
    r"|\bcase\b|ticket|zg[lł]osz|reklamac|sprawy|\bsprawa|paczk|przesy[lł]k|tracking|parcel"
    r"|waybill|list przewoz|\bean\b|barcode|kod kresk|\bsku\b|klienta|customer (?:no|number"
    r"|id)|\bid\b|ref(?:erence)?\b|rezerwac|booking|\bpnr\b|#)")
# ... after a number written in groups, only a company id says so ("601 234 567 przy
# zamówieniu" is a phone left with an order; "513 683 111 to REGON spółki" is not a phone)
_COMPANY_ID = re.compile(r"(?i)(?:regon|\bnip\b|\bkrs\b|vat id|tax id)")
# ... unless a phone word is there too
_PHONE_WORD = re.compile(
    r"(?i)(?:\btel\b|tel\.|telefon|phone|\bcall|dzwo[nń]|zadzwo|oddzwo|\bsms|text me|kom[oó]rk"
    r"|\bkom\.|mobile|\bcell|whatsapp|kontakt|contact|reach|numer do mnie|my number"
    r"|m[oó]j numer|\bnumer\b.{0,12}\bto\b|number is|port|przeni|infolini|hotline|signal)")
_AMOUNT_AFTER = re.compile(
    r"(?i)\s?(?:z[lł]\b|pln\b|eur|euro|€|usd|\$|£|gbp|chf|points|pts\b|punkt|pkt\b|os[oó]b"
    r"|sztuk|szt\b|km\b|kg\b|gb\b|mb\b|min\b|minut|dni\b|days\b|godzin|hours|%|tys|mln)")
_AMOUNT_BEFORE = re.compile(r"(?:[$€£]|\b(?:pln|eur|usd|gbp))\s?$", re.I)


def _near(pattern: re.Pattern[str], text: str, start: int, end: int, before: int,
          after: int) -> bool:
    return bool(pattern.search(text[max(0, start - before):start])
                or pattern.search(text[end:end + after]))


def _continues_number(text: str, start: int) -> bool:
    """True when a group of 1-4 digits and one separator come right before ``start``: the
    match is the tail of a longer grouped number ("5500-0000-0000-0005",
    "DE89 3704 0044 0532 0130 01"), not a number of its own."""
    return bool(_GROUP_BEFORE.search(text[max(0, start - 6):start]))


def _phone_context_ok(text: str, start: int, end: int, compact: bool) -> bool:
    """False when the words around a national number make it something else."""
    if _AMOUNT_AFTER.match(text, end) or _AMOUNT_BEFORE.search(text[max(0, start - 5):start]):
        return False
    lead = text[max(0, start - 15):start]
    keys = list(_NOT_PHONE.finditer(lead))
    if keys and not _PHONE_WORD.search(lead[keys[-1].end():]):
        return False  # "zamówienie nr 601234567", "order #601234567", "REGON 513683111"
    if compact:
        vetoed = _near(_NOT_PHONE, text, start, end, 40, 45)
    else:
        vetoed = (bool(_NOT_PHONE.search(text[max(0, start - 20):start]))
                  or bool(_COMPANY_ID.search(text[end:end + 30])))
    return not vetoed or _near(_PHONE_WORD, text, start, end, 40, 60)


def _national_phone_ok(kind: str, s: str, text: str, start: int, end: int) -> bool:
    d = re.sub(r"\D", "", s)
    compact = d == s
    if kind == "pl48":
        ok = d[2:4] in _PL_MOBILE or d[2:4] in _PL_AREA
    elif kind == "pl9":
        ok = len(d) == 9 and (d[:2] in _PL_MOBILE or d[:2] in _PL_AREA)
    elif kind == "landline":
        d9 = d[1:] if len(d) == 10 and d[0] == "0" else d
        ok = len(d9) == 9 and d9[:2] in _PL_AREA
    elif kind == "us":
        ok = len(d) == 10 and d[0] not in "01" and d[3] not in "01"
    else:  # uk
        ok = len(d) in (10, 11) and d[1] in "123789"
    return ok and _phone_context_ok(text, start, end, compact)


def _intl_phone_ok(s: str) -> bool:
    d = re.sub(r"\D", "", s)
    if s.startswith("00"):
        d = d[2:]
    return 8 <= len(d) <= 15


# --------------------------------------------------------------------------- finding


def _matches(pattern: re.Pattern[str], text: str, kind: str,
             check: Callable[[re.Match[str]], bool] | None = None,
             ) -> list[PIIMatch]:
    return [PIIMatch(kind, m.start(), m.end()) for m in pattern.finditer(text)
            if check is None or check(m)]


def _urls(text: str) -> list[PIIMatch]:
    out = []
    for m in _URL.finditer(text):
        body = m.group(0)
        end = m.end()
        while body and (body[-1] in _URL_TRAILING or (body[-1] == ")"
                                                      and body.count("(") < body.count(")"))):
            body, end = body[:-1], end - 1
        out.append(PIIMatch("URL", m.start(), end))
    return out


def _cards(text: str) -> list[PIIMatch]:
    """The longest prefix of each run of digits (single spaces/hyphens between) that is a
    card number and ends where a group of digits ends: "5514 0646 0327 9138 06/28 853"
    gives the 16 digits, not 18."""
    out = []
    for m in _CARD_RUN.finditer(text):
        run = m.group(0)
        ends = [i + 1 for i, c in enumerate(run) if c.isdigit()
                and (i + 1 == len(run) or not run[i + 1].isdigit())]  # end of a digit group
        for e in reversed(ends):
            d = re.sub(r"\D", "", run[:e])
            if len(d) > 19:
                continue
            if len(d) < 13:
                break
            if _card_issuer_ok(d) and luhn_is_valid(d):
                out.append(PIIMatch("CARD", m.start(), m.start() + e))
                break
    return out


def _phones(text: str) -> list[PIIMatch]:
    out = [PIIMatch("PHONE", m.start(), m.end()) for m in _PHONE_INTL.finditer(text)
           if _intl_phone_ok(m.group(0)) and not _continues_number(text, m.start())]
    for pattern, kind in _PHONE_NATIONAL:
        out += [PIIMatch("PHONE", m.start(), m.end()) for m in pattern.finditer(text)
                if not _continues_number(text, m.start())
                and _national_phone_ok(kind, m.group(0), text, m.start(), m.end())]
    return out


_SIX_DIGITS = re.compile(r"\d(?:\D{0,3}\d){5}")


def find_pii(text: str) -> list[PIIMatch]:
    """Every piece of personal data in ``text``, in text order, none overlapping (where two
    candidates overlap, the kind earlier in :data:`PII_KINDS`' order of precedence - URL,
    e-mail, account, card, PESEL, ID card, passport, phone - and then the longer wins)."""
    candidates: list[PIIMatch] = []
    low = text.lower()
    if "." in text or "/" in text:
        candidates += _urls(text)
    if "@" in text or " at " in low or "(at)" in low or "[at]" in low or "{at}" in low \
            or "małp" in low or "malp" in low:
        candidates += _matches(_EMAIL, text, "EMAIL")
        candidates += _matches(_EMAIL_SPELLED, text, "EMAIL")
    if _SIX_DIGITS.search(text):  # every numeric kind has 6+ digits, at most 3 apart
        candidates += _matches(_IBAN_PL, text, "IBAN")
        candidates += _matches(_NRB, text, "IBAN")
        candidates += _matches(_IBAN, text, "IBAN", lambda m: iban_is_valid(m.group(0)))
        candidates += _cards(text)
        candidates += _matches(_PESEL, text, "PESEL",
                               lambda m: pesel_is_valid(m.group(0).replace(" ", "")))
        candidates += _matches(_ID_CARD, text, "ID_CARD",
                               lambda m: id_card_is_valid(m.group(0)))
        candidates += _matches(_PASSPORT, text, "PASSPORT",
                               lambda m: passport_is_valid(m.group(0)))
        candidates += _phones(text)
    rank = {k: i for i, k in enumerate(PII_KINDS)}
    chosen: list[PIIMatch] = []
    for c in sorted(candidates, key=lambda c: (rank[c.kind], -(c.end - c.start), c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def redact(text: str) -> tuple[str, list[str]]:
    """Replace PII with typed placeholders; return the new text and the kinds found (each
    once, in order of appearance).

    >>> redact("pisz na jan.kowalski@wp.pl lub +48 601 234 567")
    ('pisz na [EMAIL] lub [PHONE]', ['EMAIL', 'PHONE'])
    """
    found = find_pii(text)
    if not found:
        return text, []
    parts: list[str] = []
    kinds: list[str] = []
    pos = 0
    for m in found:
        parts.append(text[pos:m.start])
        parts.append(f"[{m.kind}]")
        pos = m.end
        if m.kind not in kinds:
            kinds.append(m.kind)
    parts.append(text[pos:])
    return "".join(parts), kinds
