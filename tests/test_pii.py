"""cxtext.pii: the formats issue 14 found missed or over-redacted, as table-driven cases.

Written for these tests (not taken from ``benchmarks/data/pii``, which measures the detector).
"""

from __future__ import annotations

import pytest

from cxtext.pii import (
    PII_KINDS,
    find_pii,
    id_card_is_valid,
    passport_is_valid,
    redact,
)

# (text, expected redacted text)
FOUND = [
    # phones the old patterns missed
    ("dzwońcie: 604 12 33 98", "dzwońcie: [PHONE]"),
    ("tel. 0 22 617 45 90 (biuro)", "tel. [PHONE] (biuro)"),
    ("mój numer 48 512 908 776, proszę", "mój numer [PHONE], proszę"),
    ("SMS na + 48 728 110 442", "SMS na [PHONE]"),
    ("oddzwońcie 691–404–217", "oddzwońcie [PHONE]"),
    ("numer 605.118.349", "numer [PHONE]"),
    ("call me at (646) 555-0147 after 5", "call me at [PHONE] after 5"),
    ("text 503-555-0118 please", "text [PHONE] please"),
    ("my cell 917.555.0163", "my cell [PHONE]"),
    ("ring 020 7946 0311 or 07700 900552", "ring [PHONE] or [PHONE]"),
    ("(+48) 661 902 335 wieczorem", "[PHONE] wieczorem"),
    ("0048 798 114 226", "[PHONE]"),
    ("+49 30 90182734", "[PHONE]"),
    ("Zamówienie 601 234 567 przyszło, ale proszę dzwonić 601 234 568", None),
    # e-mails
    ("pisz: łukasz.żak@o2.pl", "pisz: [EMAIL]"),
    ("adres: ZOFIA.WĘGRZYN@INTERIA.PL.", "adres: [EMAIL]."),
    ("tomek.b [at] wp [dot] pl", "[EMAIL]"),
    ("ania(at)onet.pl", "[EMAIL]"),
    ("kasia at gazeta kropka pl", "[EMAIL]"),
    ("ola.nowak małpa gmail.com", "[EMAIL]"),
    ("j.smith {at} outlook {dot} com", "[EMAIL]"),
    # cards followed by expiry and CVV: only the number
    ("karta 4532 7153 3790 1245 ważna 09/27 cvv 318", "karta [CARD] ważna 09/27 cvv 318"),
    ("5425 2334 3010 9903 11/26 707", "[CARD] 11/26 707"),
    ("Amex 3714 496353 98431 exp 04/28", "Amex [CARD] exp 04/28"),
    # URLs under other TLDs, short links
    ("zdjęcia: https://www.leboncoin.fr/ad/123", "zdjęcia: [URL]"),
    ("recenze na heureka.cz/recenze/4411.", "recenze na [URL]."),
    ("see bit.ly/3xY7kQ", "see [URL]"),
    # identity documents
    ("dowód ABA 300000 zastrzeżony", "dowód [ID_CARD] zastrzeżony"),
    ("paszport EA1234567", "paszport [PASSPORT]"),
    # PESEL written in two groups
    ("PESEL 440514 01458", "PESEL [PESEL]"),
]

# look-alikes that must stay as they are
KEPT = [
    "zamówienie nr 601234567 nie doszło",
    "Order #512345678 arrived damaged",
    "REGON 513683111 na fakturze jest błędny",
    "513683111 to REGON spółki",
    "dopłata 250 000 000 zł?! żart",
    "mam 500 000 000 punktów",
    "kod EAN 5901234123457 nie pasuje",
    "DHL 1234567890 zaginęła",
    "paczka 620000012345678901234567 w paczkomacie",
    "UPS 1Z999AA10123456784",
    "list CP496771976PL",
    "Wszystko OK.De facto najlepszy sklep",
    "kupuję na allegro.pl od lat",
    "NIP 526-025-02-74",
    "VAT PL5260250274",
    "karta **** **** **** 4821",
    "model KDX 204518",  # ID-card layout, wrong check digit
    "lot LO 3921 odwołany",
    "wersja 8.1.0.2231",
    "kod pocztowy 00-950",
    "19 115 nie odbiera",
    "5500-0000-0000-0005",  # a card number with a wrong check digit: not half redacted
    "DE89 3704 0044 0532 0130 01",  # an IBAN with a wrong check digit
]


@pytest.mark.parametrize(("text", "want"), FOUND)
def test_found(text: str, want: str | None) -> None:
    out, kinds = redact(text)
    if want is None:  # the order number stays, the phone goes
        assert out == "Zamówienie 601 234 567 przyszło, ale proszę dzwonić [PHONE]"
        return
    assert out == want
    assert kinds and set(kinds) <= set(PII_KINDS)


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_are_kept(text: str) -> None:
    assert redact(text) == (text, [])


def test_matches_do_not_overlap_and_are_in_order() -> None:
    text = ("https://sklep.pl/konto?mail=jan@wp.pl tel 601 234 567, PESEL 44051401458, "
            "konto PL61 1090 1014 0000 0712 1981 2874")
    found = find_pii(text)
    assert [m.kind for m in found] == ["URL", "PHONE", "PESEL", "IBAN"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert redact(text)[0] == "[URL] tel [PHONE], PESEL [PESEL], konto [IBAN]"


@pytest.mark.parametrize(("value", "ok"), [
    ("ABA300000", True), ("ABA 300000", True), ("ABA300001", False), ("KDX204518", False)])
def test_id_card_check_digit(value: str, ok: bool) -> None:
    assert id_card_is_valid(value) is ok


@pytest.mark.parametrize(("value", "ok"), [
    ("EA1234567", True), ("EA 1234567", True), ("EA1234568", False)])
def test_passport_check_digit(value: str, ok: bool) -> None:
    assert passport_is_valid(value) is ok


def test_redaction_is_idempotent_and_linear() -> None:
    import time

    text = "kontakt 601 234 567, jan@wp.pl " * 2000
    t0 = time.perf_counter()
    once, _ = redact(text)
    assert time.perf_counter() - t0 < 2.0
    assert redact(once) == (once, [])
    assert "601" not in once and "@" not in once


@pytest.mark.parametrize(("text", "want"), [
    ("Tel.602 345 678 wieczorem", "Tel.[PHONE] wieczorem"),
    ("tel:601234567", "tel:[PHONE]"),
    ("kom.605-118-349", "kom.[PHONE]"),
    ("cena 3.601 234 567 zł", "cena 3.601 234 567 zł"),  # after a decimal point: no phone
])
def test_phone_after_an_abbreviation_point(text: str, want: str) -> None:
    assert redact(text)[0] == want
