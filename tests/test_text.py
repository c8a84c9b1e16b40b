"""cxtext.text: normalisation, PII redaction, non-answers, gibberish and emoji hints.

Expected values are what a survey analyst relies on. Use ``_case(..., xfail="why")`` to pin a
known misbehaviour (strict: the test fails once the code is fixed, so the mark gets removed).
"""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pandas as pd
import pytest

from cxtext.text import (
    PII_KINDS,
    CleanText,
    clean,
    clean_many,
    emoji_sentiment,
    iban_is_valid,
    is_gibberish,
    luhn_is_valid,
    non_answer_reason,
    normalize,
    pesel_is_valid,
    redact,
)


def _case(*values, id: str, xfail: str | None = None):  # noqa: A002 - pytest's own word
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(*values, id=id, marks=marks)


# =========================================================================== normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Unicode NFC: decomposed Polish letters become the precomposed ones
        _case("z\u0301le", "źle", id="nfc-z-acute"),
        _case("dzie\u0328kuje\u0328", "dziękuję", id="nfc-e-ogonek"),
        _case("Lo\u0301dz\u0301", "Lódź", id="nfc-o-acute-and-z-acute"),
        _case("Z\u0307ABKA", "ŻABKA", id="nfc-capital-z-dot"),
        _case("Świetnie", "Świetnie", id="already-nfc-unchanged"),
        # zero-width and soft-hyphen characters vanish without leaving a gap
        _case("po\u200blecam", "polecam", id="zero-width-space"),
        _case("\ufeffok", "ok", id="bom-at-start"),
        _case("ko\u00adszyk", "koszyk", id="soft-hyphen"),
        _case("su\u200dper", "super", id="zero-width-joiner"),
        _case("su\u200cper", "super", id="zero-width-non-joiner"),
        _case("do\u2060stawa", "dostawa", id="word-joiner"),
        # control characters become a separator, never glue words or survive
        _case("a\x00b", "a b", id="control-nul"),
        _case("a\x07b", "a b", id="control-bell"),
        _case("a\x1bb", "a b", id="control-escape"),
        _case("a\x7fb", "a b", id="control-delete"),
        _case("a\x0bb", "a b", id="control-vertical-tab"),
        _case("a\x0cb", "a b", id="control-form-feed"),
        # whitespace runs collapse to one ASCII space and the ends are trimmed
        _case("  szybka   dostawa  ", "szybka dostawa", id="spaces-collapse-and-trim"),
        _case("szybka\tdostawa", "szybka dostawa", id="tab"),
        _case("szybka\u00a0dostawa", "szybka dostawa", id="nbsp"),
        _case("1\u202f299 zł", "1 299 zł", id="narrow-nbsp-in-price"),
        _case("szybka\u2009dostawa", "szybka dostawa", id="thin-space"),
        _case("szybka\u3000dostawa", "szybka dostawa", id="ideographic-space"),
        # line breaks: a sentence boundary when the line has no final punctuation
        _case("Szybka dostawa\nPolecam", "Szybka dostawa. Polecam", id="lf-without-punct"),
        _case("Szybka dostawa\r\nPolecam", "Szybka dostawa. Polecam", id="crlf-without-punct"),
        _case("Szybka dostawa\rPolecam", "Szybka dostawa. Polecam", id="cr-without-punct"),
        _case("Szybka dostawa!\nPolecam", "Szybka dostawa! Polecam", id="lf-after-exclamation"),
        _case("Drogo,\nale warto", "Drogo, ale warto", id="lf-after-comma"),
        _case("Dobrze.\r\n\r\n\r\nPolecam", "Dobrze. Polecam", id="blank-lines-collapse"),
        _case("linia 1  \n   linia 2", "linia 1. linia 2", id="spaces-around-lf"),
        _case("\n\nok\n\n", "ok", id="leading-trailing-newlines"),
        _case(" \n \t ", "", id="whitespace-only"),
        _case("", "", id="empty"),
        # C1 controls (NEL, from cp1252/cp1250 mis-decodes) and Unicode line separators
        _case(
            "a\x85b",
            "a. b",
            id="c1-next-line",
        ),
        _case(
            "a\x9cb",
            "a b",
            id="c1-control-0x9c",
        ),
        _case(
            "Szybka dostawa\u2028Polecam",
            "Szybka dostawa. Polecam",
            id="unicode-line-sep",
        ),
        _case(
            "Szybka dostawa\u2029Polecam",
            "Szybka dostawa. Polecam",
            id="unicode-para-sep",
        ),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    out = normalize(raw)
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)
    assert "\n" not in out and "\r" not in out


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        _case(None, "", id="none"),
        _case(float("nan"), "", id="float-nan"),
        _case(np.nan, "", id="numpy-nan"),
        _case(np.float64("nan"), "", id="numpy-float64-nan"),
        _case(7, "7", id="int"),
        _case(7.5, "7.5", id="float"),
        _case(np.int64(9), "9", id="numpy-int"),
        _case(
            pd.NA,
            "",
            id="pandas-NA",
        ),
        _case(pd.NaT, "", id="pandas-NaT"),
    ],
)
def test_normalize_odd_input(value: object, expected: str) -> None:
    assert normalize(value) == expected


# =========================================================================== redact


def _whole(text: str, kind: str):
    """The whole input is one PII item of ``kind``."""
    return text, f"[{kind}]", [kind]


@pytest.mark.parametrize(
    ("text", "expected_text", "expected_kinds"),
    [
        # ---- e-mail
        _case(*_whole("jan.kowalski@wp.pl", "EMAIL"), id="email-plain"),
        _case(*_whole("JAN@WP.PL", "EMAIL"), id="email-uppercase"),
        _case(*_whole("kontakt@sklep.pl", "EMAIL"), id="email-shop-domain"),
        _case(*_whole("a.b+faktury@firma.com.pl", "EMAIL"), id="email-plus-and-subdomain"),
        _case(*_whole("jan [at] wp.pl", "EMAIL"), id="email-obfuscated-bracket-at"),
        _case(*_whole("JAN [AT] WP.PL", "EMAIL"), id="email-obfuscated-uppercase"),
        _case(*_whole("jan.kowalski(at)firma.com.pl", "EMAIL"), id="email-obfuscated-paren-at"),
        _case(*_whole("jan [małpa] onet.pl", "EMAIL"), id="email-obfuscated-malpa"),
        _case(*_whole("jan @ wp.pl", "EMAIL"), id="email-spaced-at"),
        _case("pisz: jan.kowalski@wp.pl.", "pisz: [EMAIL].", ["EMAIL"], id="email-sentence-end"),
        # ---- Polish phones, all common layouts
        _case(*_whole("+48 601 234 567", "PHONE"), id="phone-plus48-spaced"),
        _case(*_whole("+48601234567", "PHONE"), id="phone-plus48-compact"),
        _case(*_whole("0048 601 234 567", "PHONE"), id="phone-0048"),
        _case(*_whole("+48 601-234-567", "PHONE"), id="phone-plus48-dashes"),
        _case(*_whole("601-234-567", "PHONE"), id="phone-mobile-dashes"),
        _case(*_whole("601 234 567", "PHONE"), id="phone-mobile-spaces"),
        _case(*_whole("601234567", "PHONE"), id="phone-mobile-compact"),
        _case(*_whole("(22) 123 45 67", "PHONE"), id="phone-landline-paren"),
        _case(*_whole("22 123-45-67", "PHONE"), id="phone-landline-dashes"),
        _case(*_whole("+48 22 123 45 67", "PHONE"), id="phone-landline-plus48"),
        _case("tel:+48601234567", "tel:[PHONE]", ["PHONE"], id="phone-after-tel-colon"),
        _case(
            "dzwońcie pod 601-234-567 po 17",
            "dzwońcie pod [PHONE] po 17",
            ["PHONE"],
            id="phone-in-sentence-keeps-hour",
        ),
        _case(
            "tel 601234567 lub 602 345 678",
            "tel [PHONE] lub [PHONE]",
            ["PHONE"],
            id="phone-two-numbers-one-kind",
        ),
        # ---- foreign phones
        _case(*_whole("+44 20 7946 0958", "PHONE"), id="phone-uk"),
        _case(*_whole("+49 30 1234567", "PHONE"), id="phone-germany"),
        _case(*_whole("+420 601 234 567", "PHONE"), id="phone-czech"),
        # ---- PESEL with a valid checksum and birth date
        _case(*_whole("44051401458", "PESEL"), id="pesel-1944"),
        _case(*_whole("02070803628", "PESEL"), id="pesel-1902"),
        _case(*_whole("05213004560", "PESEL"), id="pesel-2005-month-plus-20"),
        _case(
            "mój PESEL to 85031509874.", "mój PESEL to [PESEL].", ["PESEL"], id="pesel-in-sentence"
        ),
        # ---- payment cards passing Luhn
        _case(*_whole("4111 1111 1111 1111", "CARD"), id="card-visa-spaced"),
        _case(*_whole("4111111111111111", "CARD"), id="card-visa-compact"),
        _case(*_whole("5500-0000-0000-0004", "CARD"), id="card-mastercard-dashes"),
        _case(*_whole("3782 822463 10005", "CARD"), id="card-amex-4-6-5"),
        _case(
            "numer karty: 4111111111111111, PIN 1234",
            "numer karty: [CARD], PIN 1234",
            ["CARD"],
            id="card-in-sentence-short-pin-kept",
        ),
        # ---- IBAN / NRB
        _case(*_whole("PL61 1090 1014 0000 0712 1981 2874", "IBAN"), id="iban-pl-spaced"),
        _case(*_whole("PL61109010140000071219812874", "IBAN"), id="iban-pl-compact"),
        _case(*_whole("61 1090 1014 0000 0712 1981 2874", "IBAN"), id="nrb-spaced"),
        _case(*_whole("61109010140000071219812874", "IBAN"), id="nrb-compact"),
        _case(
            *_whole("PL61 1090 1014 0000 0712 1981 2875", "IBAN"),
            id="iban-pl-checksum-typo-still-redacted",
        ),
        _case(*_whole("DE89370400440532013000", "IBAN"), id="iban-de-compact"),
        _case(*_whole("DE89 3704 0044 0532 0130 00", "IBAN"), id="iban-de-spaced"),
        _case(*_whole("GB82 WEST 1234 5698 7654 32", "IBAN"), id="iban-gb-letters"),
        _case(*_whole("NL91ABNA0417164300", "IBAN"), id="iban-nl"),
        _case(
            "Proszę o zwrot na konto PL61 1090 1014 0000 0712 1981 2874, dzięki",
            "Proszę o zwrot na konto [IBAN], dzięki",
            ["IBAN"],
            id="iban-in-sentence",
        ),
        # ---- URLs
        _case(*_whole("https://sklep.pl/koszyk?id=1", "URL"), id="url-https-query"),
        _case(*_whole("http://example.com", "URL"), id="url-http"),
        _case(*_whole("www.sklep.pl/koszyk", "URL"), id="url-www-path"),
        # a bare shop/site name is not personal data (look-alike "brand_domain" of the PII
        # set); a path can lead to a person's profile, album or order: redacted
        _case("sklep.pl", "sklep.pl", [], id="url-bare-domain-kept"),
        _case(*_whole("allegro.pl/oferta/123", "URL"), id="url-bare-domain-path"),
        _case("amazon.co.uk", "amazon.co.uk", [], id="url-co-uk-kept"),
        _case(*_whole("amazon.co.uk/gp/your-account/order-details", "URL"), id="url-co-uk-path"),
        _case(*_whole("bit.ly/8UP2ca6", "URL"), id="url-short-link"),
        _case("Wszystko OK.De facto super", "Wszystko OK.De facto super", [],
              id="sentence-join-is-no-url"),
        _case(
            "Zamawiam zawsze na sklep.pl, polecam",
            "Zamawiam zawsze na sklep.pl, polecam",
            [],
            id="url-bare-in-sentence-kept",
        ),
        _case(
            "Wejdźcie na www.sklep.pl/koszyk, nie działa",
            "Wejdźcie na [URL], nie działa",
            ["URL"],
            id="url-keeps-following-comma",
        ),
        _case(
            "Strona https://sklep.pl/koszyk. Nie działa",
            "Strona [URL]. Nie działa",
            ["URL"],
            id="url-keeps-sentence-period",
        ),
        _case(
            "(www.sklep.pl)",
            "([URL])",
            ["URL"],
            id="url-in-parentheses",
        ),
        _case(*_whole("sklep.com.pl/konto/zamowienia", "URL"), id="url-com-pl-path"),
        _case(*_whole("www.podatki.gov.pl", "URL"), id="url-www-gov-pl"),
        # ---- several kinds in one answer, kinds in order of discovery, each once
        _case(
            "pisz na jan.kowalski@wp.pl lub +48 601 234 567",
            "pisz na [EMAIL] lub [PHONE]",
            ["EMAIL", "PHONE"],
            id="email-and-phone",
        ),
        _case(
            "e-mail: jan@wp.pl, tel. 601 234 567, konto PL61109010140000071219812874",
            "e-mail: [EMAIL], tel. [PHONE], konto [IBAN]",
            ["EMAIL", "IBAN", "PHONE"],
            id="email-phone-iban",
        ),
    ],
)
def test_redact_pii(text: str, expected_text: str, expected_kinds: list[str]) -> None:
    out, kinds = redact(text)
    assert out == expected_text
    assert sorted(kinds) == sorted(expected_kinds)
    assert len(kinds) == len(set(kinds))
    assert set(kinds) <= set(PII_KINDS)


@pytest.mark.parametrize(
    "text",
    [
        # prices
        _case("1299 zł", id="price-plain"),
        _case("49,99 zł", id="price-decimal-comma"),
        _case("cena 1 299,00 zł", id="price-thousands-space"),
        _case("2 499,99 zł", id="price-thousands-decimal"),
        _case("100 000 zł", id="price-hundred-thousand"),
        # dates and times
        _case("2025-01-03", id="date-iso"),
        _case("03.01.2025", id="date-dotted"),
        _case("3.01.2025", id="date-dotted-short-day"),
        _case("03/01/2025", id="date-slashed"),
        _case("2025.01.03", id="date-dotted-year-first"),
        _case("12.03.2025 r. o 12:30", id="date-and-time"),
        _case("od 10:00 do 18:00", id="opening-hours"),
        _case("2019-2025", id="year-range"),
        # short numbers
        _case("3 dni", id="short-3-days"),
        _case("po 14 dniach", id="short-14-days"),
        _case("2-3 dni robocze", id="short-range"),
        _case("czekałem 120 minut", id="short-minutes"),
        _case("10/10", id="score-slash"),
        _case("Windows 11", id="product-version"),
        _case("kod 00-950 Warszawa", id="postal-code-starting-00"),
        _case("1234567890", id="ten-digit-number"),
        _case("12345678", id="eight-digit-number"),
        # order numbers
        _case("2025/01/44581", id="order-number"),
        _case("zamówienie nr 2025/01/44581", id="order-number-in-sentence"),
        # percentages
        _case("50%", id="percent"),
        _case("rabat 15 %", id="percent-spaced"),
        _case("99,9%", id="percent-decimal"),
        # a long everyday answer mixing all of the above
        _case(
            "Zamówienie 2025/01/44581 z 03.01.2025 za 1299 zł dotarło po 14 dniach",
            id="mixed-everyday-numbers",
        ),
        # no PII at all
        _case("Szybka dostawa, polecam!", id="plain-text"),
        _case("", id="empty"),
    ],
)
def test_redact_leaves_non_pii_untouched(text: str) -> None:
    assert redact(text) == (text, [])


@pytest.mark.parametrize(
    "text",
    [
        _case("44051401459", id="pesel-wrong-check-digit"),
        _case("12345678901", id="pesel-sequential"),
        _case("44131401459", id="pesel-valid-checksum-month-13"),
        _case("90000001231", id="pesel-valid-checksum-month-00"),
        _case("nr klienta 44051401459", id="pesel-invalid-in-sentence"),
    ],
)
def test_redact_keeps_11_digit_numbers_failing_pesel_check(text: str) -> None:
    assert redact(text) == (text, [])


@pytest.mark.parametrize(
    "text",
    [
        _case("4111 1111 1111 1112", id="visa-last-digit-off"),
        _case("1234 5678 9012 3456", id="sequential-16"),
        _case("5500-0000-0000-0005", id="mastercard-last-digit-off"),
        _case("0000 0000 0000 0000", id="all-zeros"),
    ],
)
def test_redact_does_not_call_luhn_failures_a_card(text: str) -> None:
    out, kinds = redact(text)
    assert "CARD" not in kinds
    assert "[CARD]" not in out


@pytest.mark.parametrize(
    "text",
    [
        _case("DE88370400440532013000", id="de-compact-bad-check"),
        _case("GB82WEST12345698765433", id="gb-compact-bad-check"),
        _case("NL91ABNA0417164301", id="nl-compact-bad-check"),
    ],
)
def test_redact_leaves_mod97_invalid_foreign_iban(text: str) -> None:
    assert redact(text) == (text, [])


@pytest.mark.parametrize(
    "text",
    [
        _case("5500000000000005", id="card-typo-compact"),
        _case("DE88370400440532013000", id="iban-typo-compact"),
        # a digit group starting with "00" inside a longer number is read as an
        # international "00.." phone prefix, so the tail of the number becomes [PHONE]
        _case(
            "5500-0000-0000-0005",
            id="card-typo-dashes",
        ),
        _case(
            "DE89 3704 0044 0532 0130 01",
            id="iban-typo-spaced",
        ),
        _case(
            "faktura FV 2025 0001 0002",
            id="invoice-number-groups",
        ),
    ],
)
def test_redact_does_not_half_redact_long_numbers_as_phone(text: str) -> None:
    assert redact(text) == (text, [])


def test_redact_placeholders_are_all_typed() -> None:
    text = (
        "jan@wp.pl https://sklep.pl PL61109010140000071219812874 "
        "4111 1111 1111 1111 44051401458 ABA 300000 EA 1234567 601 234 567"
    )
    out, kinds = redact(text)
    assert out == "[EMAIL] [URL] [IBAN] [CARD] [PESEL] [ID_CARD] [PASSPORT] [PHONE]"
    assert sorted(kinds) == sorted(PII_KINDS)


# --------------------------------------------------------------------------- checksums


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        _case("44051401458", True, id="valid-1944"),
        _case("02070803628", True, id="valid-1902"),
        _case("90122412342", True, id="valid-1990"),
        _case("05213004560", True, id="valid-2005"),
        _case("44051401459", False, id="bad-check-digit"),
        _case("44151401458", False, id="edited-digit"),
        _case("44131401459", False, id="checksum-ok-month-13"),
        _case("90023201234", False, id="checksum-ok-day-32"),
        _case("4405140145", False, id="too-short"),
        _case("440514014580", False, id="too-long"),
        _case("4405140145a", False, id="non-digit"),
        _case("", False, id="empty"),
    ],
)
def test_pesel_is_valid(digits: str, valid: bool) -> None:
    assert pesel_is_valid(digits) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        _case("4111111111111111", True, id="visa-16"),
        _case("5500000000000004", True, id="mastercard-16"),
        _case("378282246310005", True, id="amex-15"),
        _case("4222222222222", True, id="visa-13"),
        _case("4111111111111112", False, id="visa-last-digit-off"),
        _case("1234567890123456", False, id="sequential"),
        _case("0000000000000000", False, id="all-same-digit"),
        _case("79927398713", False, id="luhn-ok-but-11-digits"),
        _case("41111111111111111111", False, id="20-digits"),
        _case("4111-1111-1111-1111", False, id="separators-not-digits"),
    ],
)
def test_luhn_is_valid(digits: str, valid: bool) -> None:
    assert luhn_is_valid(digits) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        _case("PL61109010140000071219812874", True, id="pl-compact"),
        _case("PL61 1090 1014 0000 0712 1981 2874", True, id="pl-spaced"),
        _case("pl61 1090 1014 0000 0712 1981 2874", True, id="pl-lowercase"),
        _case("DE89370400440532013000", True, id="de"),
        _case("GB82 WEST 1234 5698 7654 32", True, id="gb-with-letters"),
        _case("FR1420041010050500013M02606", True, id="fr-letter-in-bban"),
        _case("PL61109010140000071219812875", False, id="pl-typo"),
        _case("DE88370400440532013000", False, id="de-bad-check"),
        _case("61109010140000071219812874", False, id="nrb-without-country"),
        _case("PL61", False, id="too-short"),
        _case("", False, id="empty"),
    ],
)
def test_iban_is_valid(iban: str, valid: bool) -> None:
    assert iban_is_valid(iban) is valid


# =========================================================================== non-answers


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        _case("", "empty", id="empty"),
        _case("   ", "empty", id="spaces"),
        _case("\t \u00a0", "empty", id="tab-nbsp"),
        _case("-", "punctuation", id="dash"),
        _case(".", "punctuation", id="dot"),
        _case("...", "punctuation", id="ellipsis-dots"),
        _case("…", "punctuation", id="ellipsis-char"),
        _case("?", "punctuation", id="question-mark"),
        _case("!!!", "punctuation", id="exclamations"),
        _case("---", "punctuation", id="dashes"),
        _case("/", "punctuation", id="slash"),
        # Polish
        _case("brak", "non_answer", id="pl-brak"),
        _case("Brak.", "non_answer", id="pl-Brak-dot"),
        _case("BRAK", "non_answer", id="pl-BRAK"),
        _case("nie wiem", "non_answer", id="pl-nie-wiem"),
        _case("NIE WIEM!", "non_answer", id="pl-NIE-WIEM-bang"),
        _case("nic", "non_answer", id="pl-nic"),
        _case("bez uwag", "non_answer", id="pl-bez-uwag"),
        _case("Bez uwag!!!", "non_answer", id="pl-Bez-uwag-bangs"),
        _case("brak zdania", "non_answer", id="pl-brak-zdania"),
        _case("Nie mam zdania", "non_answer", id="pl-nie-mam-zdania"),
        _case("trudno powiedzieć", "non_answer", id="pl-trudno-powiedziec"),
        _case("nie dotyczy", "non_answer", id="pl-nie-dotyczy"),
        _case("b/d", "non_answer", id="pl-b-d"),
        _case("nd.", "non_answer", id="pl-nd"),
        _case("Brak uwag :)", "non_answer", id="pl-brak-uwag-smiley"),
        # English
        _case("n/a", "non_answer", id="en-n/a"),
        _case("N/A", "non_answer", id="en-N/A"),
        _case("N.A.", "non_answer", id="en-N.A."),
        _case("no comment", "non_answer", id="en-no-comment"),
        _case("No comments", "non_answer", id="en-No-comments"),
        _case("nothing", "non_answer", id="en-nothing"),
        _case("NONE", "non_answer", id="en-NONE"),
        _case("nothing to add.", "non_answer", id="en-nothing-to-add"),
        _case("I don't know", "non_answer", id="en-i-dont-know"),
        _case("Don't know.", "non_answer", id="en-dont-know-apostrophe"),
        _case("idk", "non_answer", id="en-idk"),
        # nothing but redacted PII
        _case("[EMAIL]", "non_answer", id="only-email-placeholder"),
        _case("[EMAIL] [PHONE]", "non_answer", id="only-placeholders"),
    ],
)
def test_non_answer_flagged(text: str, reason: str) -> None:
    assert non_answer_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        _case("brak kontaktu z kurierem", id="pl-brak-with-content"),
        _case("nic nie działa", id="pl-nic-with-content"),
        _case("nie polecam", id="pl-nie-polecam"),
        _case("nie wiem, kurier był miły", id="pl-nie-wiem-then-content"),
        _case("Bez uwag do produktu, ale kurier spóźniony", id="pl-bez-uwag-then-content"),
        _case("nothing works", id="en-nothing-works"),
        _case("no comment from support for 2 weeks", id="en-no-comment-with-content"),
        # "ok" is a (weakly positive) answer, deliberately not in the non-answer list
        _case("ok", id="ok"),
        _case("OK", id="OK"),
        _case("Ok.", id="Ok-dot"),
        _case("super", id="super"),
        # emoji carry sentiment: not non-answers
        _case("👍", id="emoji-thumbs-up"),
        _case("😡", id="emoji-angry"),
        _case("❤️", id="emoji-heart-vs16"),
        _case("👍👍👍", id="emoji-repeated"),
        _case(":D", id="emoticon-big-grin"),
        _case("<3", id="emoticon-heart"),
        _case("xD", id="emoticon-xD"),
        _case(
            ":)",
            id="emoticon-smile",
        ),
        _case(
            ":(",
            id="emoticon-frown",
        ),
        _case(";)", id="emoticon-wink"),
        _case("[EMAIL] nie odpowiada", id="placeholder-with-content"),
    ],
)
def test_content_answer_not_flagged(text: str) -> None:
    assert non_answer_reason(text) is None


@pytest.mark.parametrize(
    ("value", "non_answer", "reason"),
    [
        _case(None, True, "empty", id="none"),
        _case(float("nan"), True, "empty", id="nan"),
        _case("   \n  ", True, "empty", id="whitespace-lines"),
        _case("\u200b", True, "empty", id="zero-width-only"),
        _case("Brak.", True, "non_answer", id="brak"),
        _case("jan.kowalski@wp.pl", True, "non_answer", id="only-pii"),
        _case("-", True, "punctuation", id="dash"),
        _case("nic nie działa", False, None, id="content"),
        _case("👍", False, None, id="emoji"),
        _case("ok", False, None, id="ok"),
    ],
)
def test_clean_non_answer(value: object, non_answer: bool, reason: str | None) -> None:
    result = clean(value)
    assert isinstance(result, CleanText)
    assert result.non_answer is non_answer
    assert result.non_answer_reason == reason


# =========================================================================== clean()


def test_clean_normalises_then_redacts() -> None:
    result = clean("  Terrible app,\u200b I can't log in.\nCall me +48 601 234 567 ")
    assert result.text == "Terrible app, I can't log in. Call me [PHONE]"
    assert result.pii == ("PHONE",)
    assert result.non_answer is False
    assert result.gibberish is False


@pytest.mark.parametrize(
    ("value", "text", "gibberish", "non_answer"),
    [
        _case("xxxxx", "xxxxx", True, False, id="mashing-is-gibberish"),
        _case("xxx", "xxx", False, True, id="non-answer-wins-over-gibberish"),
        _case("asdasd", "asdasd", True, False, id="asdasd"),
        _case("Szybka dostawa 👍", "Szybka dostawa 👍", False, False, id="content"),
    ],
)
def test_clean_gibberish_flag(value: str, text: str, gibberish: bool, non_answer: bool) -> None:
    result = clean(value)
    assert (result.text, result.gibberish, result.non_answer) == (text, gibberish, non_answer)
    assert not (result.gibberish and result.non_answer)


@pytest.mark.parametrize(
    ("value", "sentiment"),
    [
        _case("Super 👍", 1.0, id="positive"),
        _case("Kurier spóźniony 😡", -1.0, id="negative"),
        _case("Brak kontaktu", None, id="none"),
    ],
)
def test_clean_emoji_sentiment(value: str, sentiment: float | None) -> None:
    assert clean(value).emoji_sentiment == sentiment


def test_clean_many_matches_clean_in_order() -> None:
    batch = ["brak", None, "Szybka dostawa", "brak", 7, "jan@wp.pl", "Szybka dostawa"]
    results = clean_many(batch)
    assert results == [clean(v) for v in batch]
    assert [r.text for r in results] == [
        "brak",
        "",
        "Szybka dostawa",
        "brak",
        "7",
        "[EMAIL]",
        "Szybka dostawa",
    ]


# =========================================================================== gibberish


@pytest.mark.parametrize(
    "text",
    [
        _case("asdasd", id="asdasd"),
        _case("ASDASD", id="ASDASD"),
        _case("sdfsdf", id="sdfsdf"),
        _case("qwerty", id="qwerty"),
        _case("qwertyuiop", id="qwertyuiop"),
        _case("zxcvbnm", id="zxcvbnm"),
        _case("aaaaaa", id="aaaaaa"),
        _case("aaaa", id="aaaa"),
        _case("xxxxx", id="xxxxx"),
        _case("Xxxxx", id="Xxxxx"),
        _case("fghjkl", id="fghjkl"),
        _case("lkjhg", id="lkjhg"),
        _case("fgfhjfghj", id="fgfhjfghj"),
        _case("jkjkjk", id="jkjkjk"),
        _case("asdasd asdasd", id="repeated-mashing"),
        _case("qwerty!!!", id="mashing-with-punct"),
    ],
)
def test_is_gibberish_flags_mashing(text: str) -> None:
    assert is_gibberish(text) is True


@pytest.mark.parametrize(
    "text",
    [
        # short words and abbreviations
        _case("ok", id="ok"),
        _case("OK", id="OK"),
        _case("BLIK", id="BLIK"),
        _case("DHL", id="DHL"),
        _case("NFZ", id="NFZ"),
        _case("PKO BP", id="PKO-BP"),
        _case("sms", id="sms"),
        _case("wow", id="wow"),
        _case("hmm", id="hmm"),
        _case("xd", id="xd"),
        _case("asdf", id="four-letters-too-short-to-judge"),
        # real words, including consonant-heavy Polish ones
        _case("super", id="super"),
        _case("tragedia", id="tragedia"),
        _case("szybko", id="szybko"),
        _case("polecam", id="polecam"),
        _case("wszystko", id="wszystko"),
        _case("chrząszcz", id="chrzaszcz"),
        _case("Brzęczyszczykiewicz", id="brzeczyszczykiewicz"),
        _case("źdźbło", id="zdzblo"),
        _case("pstrąg", id="pstrag"),
        _case("rhythm", id="rhythm"),
        _case("awesome", id="awesome"),
        # numbers are never gibberish
        _case("1234567", id="digits"),
        _case("10/10", id="score"),
        _case("", id="empty"),
        # a little mashing inside a real answer does not make the answer gibberish
        _case("asdasd ale kurier był miły", id="mashing-plus-content"),
        _case("dostawa ok asdfgh", id="content-plus-mashing"),
        # real words that contain a keyboard-row run or an expressive letter repeat
        _case(
            "oferty",
            id="oferty-contains-erty",
        ),
        _case(
            "brak oferty",
            id="brak-oferty",
        ),
        _case("certyfikat", id="certyfikat"),
        _case("koncerty", id="koncerty"),
        _case("property", id="property"),
        _case(
            "suuuuper",
            id="elongated-super",
        ),
        _case("Polecaaaam", id="elongated-polecam"),
        _case("dziękuuuuję", id="elongated-dziekuje"),
    ],
)
def test_is_gibberish_spares_real_text(text: str) -> None:
    assert is_gibberish(text) is False


# =========================================================================== emoji


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positive
        _case("👍", 1.0, id="thumbs-up"),
        _case("super 👍👍", 1.0, id="text-and-two-thumbs"),
        _case("❤️", 1.0, id="heart-with-vs16"),
        _case("⭐⭐⭐⭐⭐", 1.0, id="stars"),
        _case("👍🏻", 1.0, id="thumbs-up-skin-tone"),
        _case(":)", 1.0, id="emoticon-smile"),
        _case(":-)", 1.0, id="emoticon-smile-nose"),
        _case(":D", 1.0, id="emoticon-grin"),
        _case("Jest ok ;)", 1.0, id="emoticon-wink-after-space"),
        _case("<3", 1.0, id="emoticon-heart"),
        # negative
        _case("😡", -1.0, id="angry"),
        _case("👎👎", -1.0, id="thumbs-down"),
        _case("💩", -1.0, id="poo"),
        _case(":(", -1.0, id="emoticon-frown"),
        _case(":-(", -1.0, id="emoticon-frown-nose"),
        _case("Kurier się spóźnił :/", -0.5, id="emoticon-skeptical"),
        # neutral and mixed
        _case("🤔", 0.0, id="thinking-neutral"),
        _case("👍😡", 0.0, id="mixed-cancels"),
        _case("👍👍😡", 0.3333, id="mixed-mostly-positive"),
        _case("😀 :(", 0.0, id="mixed-emoji-and-emoticon"),
        # nothing to score
        _case("Szybka dostawa", None, id="no-emoji"),
        _case("", None, id="empty"),
        _case("godz. 12:30", None, id="clock-time-is-not-emoticon"),
        _case("http://sklep.pl", None, id="url-colon-slash-is-not-emoticon"),
        _case("[URL]", None, id="placeholder"),
        # emoticons written straight after a word, very common in Polish
        _case(
            "Polecam:)",
            1.0,
            id="emoticon-glued-to-word",
        ),
        _case(
            "Dzięki:(",
            -1.0,
            id="frown-glued-to-word",
        ),
    ],
)
def test_emoji_sentiment(text: str, expected: float | None) -> None:
    got = emoji_sentiment(text)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert -1.0 <= got <= 1.0
        assert math.isclose(got, expected, abs_tol=1e-4)


# --------------------------------------------------------------------------- long answers

@pytest.mark.parametrize(("text", "limit", "want", "cut"), [
    ("krótko", 100, "krótko", False),
    ("jedno dwa trzy", 8, "jedno", True),  # cut at the last space before the limit
    ("abcdefghij", 4, "abcd", True),  # no space: cut at the limit
    ("a " * 10, 20, "a " * 10, False),
])
def test_truncate(text: str, limit: int, want: str, cut: bool) -> None:
    from cxtext.text import truncate

    assert truncate(text, limit) == (want, cut)


def test_overlong_answer_is_cut_after_redaction() -> None:
    """Reproducer (issue 14): an answer over 1,000,000 characters crashed the batch (spaCy
    E088). Now only its start is analysed, flagged ``truncated``; PII straddling the cut is
    replaced first, so no part of the number survives."""
    from cxtext.text import MAX_ANSWER_CHARS, clean

    text = "x" * (MAX_ANSWER_CHARS - 5) + " 601 234 567 dalej"
    c = clean(text)
    assert c.truncated and len(c.text) <= MAX_ANSWER_CHARS
    assert "601" not in c.text and c.pii == ("PHONE",)
    assert not clean("krótka odpowiedź").truncated
