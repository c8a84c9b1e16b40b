"""Check digits of the identifiers in the PII benchmark (written from the public definitions).

Shared by ``make_pii.py`` (to compute check digits) and ``check_pii.py`` (to verify the
labelled values). Independent of cxtext: written without looking at the detector.
"""

from __future__ import annotations

import datetime as dt
import re

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
ID_CARD_WEIGHTS = (7, 3, 1, 9, 7, 3, 1, 7, 3)  # the 4th character is the check digit
PASSPORT_WEIGHTS = (7, 3, 9, 1, 7, 3, 1, 7, 3)  # the 3rd character is the check digit
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
BANK_SORT_WEIGHTS = (3, 9, 7, 1, 3, 9, 7)  # Polish 8-digit bank routing number
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)  # UPU S10 postal item identifiers


def digits(text: str) -> str:
    """The digits of ``text`` (separators dropped)."""
    return re.sub(r"\D", "", text)


def letter_value(char: str) -> int:
    """A=10 ... Z=35, digits as themselves (ICAO / Polish ID documents, IBAN)."""
    return int(char) if char.isdigit() else ord(char.upper()) - ord("A") + 10


def luhn_check_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return len(number) > 1 and number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def pesel_check_digit(first10: str) -> str:
    return str(
        (10 - sum(w * int(c) for w, c in zip(PESEL_WEIGHTS, first10, strict=True)) % 10) % 10
    )


def pesel_birth_date(pesel: str) -> dt.date | None:
    year, month, day = int(pesel[0:2]), int(pesel[2:4]), int(pesel[4:6])
    for offset, century in ((80, 1800), (0, 1900), (20, 2000), (40, 2100), (60, 2200)):
        if offset < month <= offset + 12:
            try:
                return dt.date(century + year, month - offset, day)
            except ValueError:
                return None
    return None


def pesel_ok(value: str) -> bool:
    pesel = digits(value)
    return (
        len(pesel) == 11
        and pesel_check_digit(pesel[:10]) == pesel[10]
        and pesel_birth_date(pesel) is not None
    )


def iban_check_digits(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(letter_value(c)) for c in rearranged))
    return f"{98 - number % 97:02d}"


def iban_ok(value: str) -> bool:
    """mod-97 of an IBAN; a bare 26-digit number is read as a Polish NRB (country PL)."""
    compact = re.sub(r"[\s-]", "", value).upper()
    if compact.isdigit() and len(compact) == 26:
        compact = "PL" + compact
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(letter_value(c)) for c in rearranged)) % 97 == 1


def bank_sort_check_digit(first7: str) -> str:
    total = sum(w * int(c) for w, c in zip(BANK_SORT_WEIGHTS, first7, strict=True))
    return str((10 - total % 10) % 10)


def id_card_check_digit(letters: str, last5: str) -> str:
    """Check digit (4th character) of a Polish identity card number ``LLL C DDDDD``."""
    chars = letters + "0" + last5
    total = sum(w * letter_value(c) for w, c in zip(ID_CARD_WEIGHTS, chars, strict=True))
    return str(total % 10)  # weight 9 == -1 (mod 10): the check digit equals the rest's sum


def id_card_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{3}\d{6}", compact):
        return False
    return sum(w * letter_value(c) for w, c in zip(ID_CARD_WEIGHTS, compact, strict=True)) % 10 == 0


def passport_check_digit(letters: str, last6: str) -> str:
    """Check digit (3rd character) of a Polish passport number ``LL C DDDDDD``."""
    chars = letters + "0" + last6
    total = sum(w * letter_value(c) for w, c in zip(PASSPORT_WEIGHTS, chars, strict=True))
    return str(total % 10)  # weight 9 == -1 (mod 10)


def passport_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{7}", compact):
        return False
    return (
        sum(w * letter_value(c) for w, c in zip(PASSPORT_WEIGHTS, compact, strict=True)) % 10 == 0
    )


def nip_check_digit(first9: str) -> str | None:
    rest = sum(w * int(c) for w, c in zip(NIP_WEIGHTS, first9, strict=True)) % 11
    return None if rest == 10 else str(rest)


def nip_ok(value: str) -> bool:
    nip = digits(value)
    return len(nip) == 10 and nip_check_digit(nip[:9]) == nip[9]


def regon9_check_digit(first8: str) -> str:
    return str(sum(w * int(c) for w, c in zip(REGON9_WEIGHTS, first8, strict=True)) % 11 % 10)


def ean13_check_digit(first12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def s10_check_digit(serial8: str) -> str:
    rest = 11 - sum(w * int(c) for w, c in zip(S10_WEIGHTS, serial8, strict=True)) % 11
    return {10: "0", 11: "5"}.get(rest, str(rest))


def ups_check_digit(body15: str) -> str:
    """Check digit of a ``1Z`` UPS tracking number from the 15 characters after ``1Z``."""
    total = 0
    for i, ch in enumerate(body15):
        d = int(ch) if ch.isdigit() else (ord(ch) - 63) % 10
        total += d * (2 if i % 2 else 1)
    return str((10 - total % 10) % 10)
