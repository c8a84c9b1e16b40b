"""Value generators of the PII benchmark: one function per format id, ``fn(rng) -> Value``.

Every PII value is realistic (valid check digits, real-looking layouts) and fictitious
(random digits, made-up people; US and UK phone numbers come from the ranges set aside for
fiction: US 555-01xx, UK Ofcom 020 7946 0xxx and 07700 900xxx). Look-alike generators make
the non-personal numbers and codes that resemble them (order numbers, tracking numbers,
company tax ids...). Written without looking at the detector.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from pii_checksums import (
    bank_sort_check_digit,
    ean13_check_digit,
    iban_check_digits,
    id_card_check_digit,
    id_card_ok,
    luhn_check_digit,
    nip_check_digit,
    passport_check_digit,
    pesel_check_digit,
    regon9_check_digit,
    s10_check_digit,
    ups_check_digit,
)


@dataclass(frozen=True)
class Value:
    """A generated value; ``tail`` is unlabelled text written right after it (card expiry)."""

    text: str
    tail: str = ""


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _pick(rng: random.Random, items: tuple[str, ...]) -> str:
    return items[rng.randrange(len(items))]


# ----------------------------------------------------------------------------- phones

PL_MOBILE_PREFIXES = tuple(
    f"{p}{d}"
    for p in ("50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88")
    for d in "0123456789"
)
PL_AREA_CODES = tuple(
    "12 14 15 17 18 22 23 24 29 32 33 34 41 42 43 44 46 52 54 55 56 58 59 61 62 63 65 67 68 71 "
    "74 75 76 77 81 82 83 84 85 86 87 89 91 94 95".split()
)
US_AREA_CODES = tuple("415 212 312 617 206 303 512 646 718 773 202".split())
DE_AREA_CODES = ("30", "89", "40", "69", "221", "211")


def _pl_mobile(rng: random.Random) -> str:
    return _pick(rng, PL_MOBILE_PREFIXES) + _d(rng, 6)


def _grp(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(number[i : i + size])
        i += size
    assert i == len(number), (number, sizes)
    return sep.join(parts)


def _pl_landline(rng: random.Random) -> tuple[str, str]:
    return _pick(rng, PL_AREA_CODES), rng.choice("2345678") + _d(rng, 6)


def _landline_local(sub: str) -> str:
    return _grp(sub, (3, 2, 2))


def _us(rng: random.Random) -> tuple[str, str]:
    return _pick(rng, US_AREA_CODES), "01" + _d(rng, 2)


def _uk_london(rng: random.Random) -> str:
    return "0" + _d(rng, 3)


def _uk_mobile(rng: random.Random) -> str:
    return "900" + _d(rng, 3)


PHONES: dict[str, Callable[[random.Random], Value]] = {
    "phone_pl_mobile_space": lambda r: Value(_grp(_pl_mobile(r), (3, 3, 3))),
    "phone_pl_mobile_dash": lambda r: Value(_grp(_pl_mobile(r), (3, 3, 3), "-")),
    "phone_pl_mobile_plain": lambda r: Value(_pl_mobile(r)),
    "phone_pl_intl_space": lambda r: Value("+48 " + _grp(_pl_mobile(r), (3, 3, 3))),
    "phone_pl_intl_compact": lambda r: Value("+48" + _pl_mobile(r)),
    "phone_pl_0048": lambda r: Value("0048 " + _grp(_pl_mobile(r), (3, 3, 3))),
    "phone_pl_48_noplus": lambda r: Value("48 " + _grp(_pl_mobile(r), (3, 3, 3))),
    "phone_pl_plus_gap": lambda r: Value("+ 48 " + _grp(_pl_mobile(r), (3, 3, 3))),
    "phone_pl_paren_cc": lambda r: Value("(+48) " + _grp(_pl_mobile(r), (3, 3, 3))),
    "phone_pl_mobile_3222": lambda r: Value(_grp(_pl_mobile(r), (3, 2, 2, 2))),
    "phone_pl_mobile_endash": lambda r: Value(_grp(_pl_mobile(r), (3, 3, 3), "\u2013")),
    "phone_pl_landline": lambda r: Value("{} {}".format(*_map_landline(r))),
    "phone_pl_landline_paren": lambda r: Value("({}) {}".format(*_map_landline(r))),
    "phone_pl_landline_0": lambda r: Value("0 {} {}".format(*_map_landline(r))),
    "phone_pl_landline_intl": lambda r: Value("+48 {} {}".format(*_map_landline(r))),
    "phone_us_paren": lambda r: Value("({}) 555-{}".format(*_us(r))),
    "phone_us_dash": lambda r: Value("{}-555-{}".format(*_us(r))),
    "phone_us_intl": lambda r: Value("+1 {} 555 {}".format(*_us(r))),
    "phone_us_dot": lambda r: Value("{}.555.{}".format(*_us(r))),
    "phone_uk_london": lambda r: Value("020 7946 " + _uk_london(r)),
    "phone_uk_london_intl": lambda r: Value("+44 20 7946 " + _uk_london(r)),
    "phone_uk_mobile": lambda r: Value("07700 " + _uk_mobile(r)),
    "phone_uk_mobile_intl": lambda r: Value("+44 7700 " + _uk_mobile(r)),
    "phone_de_intl": lambda r: Value(_de(r)),
}


def _map_landline(rng: random.Random) -> tuple[str, str]:
    area, sub = _pl_landline(rng)
    return area, _landline_local(sub)


def _de(rng: random.Random) -> str:
    area = _pick(rng, DE_AREA_CODES)
    return f"+49 {area} " + rng.choice("23456789") + _d(rng, 10 - len(area) - 1)


# ----------------------------------------------------------------------------- e-mails

PL_PEOPLE = tuple(
    (name[:-2], name[-1])
    for name in (
        "jan/m anna/f piotr/m katarzyna/f tomasz/m magdalena/f marcin/m agnieszka/f paweł/m ewa/f "
        "michał/m joanna/f krzysztof/m monika/f grzegorz/m aleksandra/f łukasz/m małgorzata/f "
        "wojciech/m zofia/f jakub/m beata/f rafał/m dorota/f sławomir/m bożena/f jędrzej/m "
        "urszula/f zbigniew/m żaneta/f mateusz/m karolina/f bartłomiej/m jolanta/f kamil/m"
    ).split()
)
PL_SURNAMES = tuple(
    "kowalski nowak wiśniewski wójcik kowalczyk kamiński lewandowski zieliński szymański woźniak "
    "dąbrowski kozłowski jankowski mazur kwiatkowski krawczyk piotrowski grabowski pawłowski "
    "michalski król wieczorek jabłoński wróbel zając żak górski sikora baran gołębiowski "
    "ślusarczyk łuczak błaszczyk żurawski sędziak".split()
)
EN_FIRST = tuple(
    "john sarah david emma james olivia michael sophie daniel charlotte chris laura tom rachel "
    "mark hannah ben amy liam grace ryan chloe matt jessica".split()
)
EN_SURNAMES = tuple(
    "smith jones taylor brown williams wilson johnson davies robinson wright thompson evans "
    "walker white roberts green hall wood clarke patel harris lewis murphy kelly".split()
)
PL_DOMAINS = tuple(
    "wp.pl o2.pl onet.pl interia.pl gmail.com op.pl poczta.fm tlen.pl gazeta.pl outlook.com "
    "interia.eu vp.pl onet.eu".split()
)
EN_DOMAINS = tuple(
    "gmail.com outlook.com hotmail.com yahoo.com icloud.com proton.me aol.com live.com "
    "me.com".split()
)
SUBDOMAIN_DOMAINS = tuple(
    "poczta.onet.pl student.agh.edu.pl stud.prz.edu.pl biuro.kancelaria-nowak.pl "
    "mail.budimex-serwis.pl post.harbourview-dental.co.uk mail.greenleaf-design.com "
    "students.leeds-beckett.ac.uk eu.northwind-traders.com pl.kontrax-logistics.eu".split()
)
TWO_LEVEL_DOMAINS = tuple(
    "yahoo.co.uk hotmail.co.uk btinternet.co.uk meble-kowalski.com.pl transbud.com.pl "
    "greenleaf-design.co.uk autoserwis-mazur.com.pl sky-lettings.co.uk drukarnia-ok.com.pl "
    "fenwick-and-daughters.co.uk".split()
)

_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def fold(text: str) -> str:
    """Polish letters to ASCII (same length)."""
    return text.translate(_FOLD)


def _pl_person(rng: random.Random) -> tuple[str, str]:
    first, sex = PL_PEOPLE[rng.randrange(len(PL_PEOPLE))]
    last = _pick(rng, PL_SURNAMES)
    if sex == "f" and last.endswith("ski"):
        last = last[:-1] + "a"
    return first, last


def _local(rng: random.Random, first: str, last: str) -> str:
    style = rng.randrange(6)
    if style == 0:
        return f"{first}.{last}"
    if style == 1:
        return f"{first[0]}{last}"
    if style == 2:
        return f"{first}{last[:3]}{rng.randrange(70, 100)}"
    if style == 3:
        return f"{first}_{last}"
    if style == 4:
        return f"{first[0]}.{last}{rng.randrange(1, 30)}"
    return f"{last}.{first}"


def _person(rng: random.Random) -> tuple[str, str, str]:
    """(first, last, domain), folded to ASCII."""
    if rng.random() < 0.55:
        first, last = _pl_person(rng)
        return fold(first), fold(last), _pick(rng, PL_DOMAINS)
    return _pick(rng, EN_FIRST), _pick(rng, EN_SURNAMES), _pick(rng, EN_DOMAINS)


def _email_plain(rng: random.Random) -> Value:
    first, last, domain = _person(rng)
    return Value(f"{_local(rng, first, last)}@{domain}")


def _email_dots_plus_hyphen(rng: random.Random) -> Value:
    first, last, domain = _person(rng)
    tag = _pick(rng, ("sklep", "allegro", "bank", "zakupy", "travel", "shop", "ryanair", "news"))
    other = fold(_pl_person(rng)[1]) if rng.random() < 0.5 else _pick(rng, EN_SURNAMES)
    style = rng.randrange(4)
    local = (
        f"{first}.{last}+{tag}"
        if style == 0
        else f"{first}-{last}"
        if style == 1
        else f"{first[0]}.{last}-{other}"
        if style == 2
        else f"{first}.{last[0]}.{rng.randrange(80, 100)}+{tag}"
    )
    return Value(f"{local}@{domain}")


def _email_upper(rng: random.Random) -> Value:
    address = _email_plain(rng).text
    if rng.random() < 0.6:
        return Value(address.upper())
    local, domain = address.split("@")
    return Value(".".join(p.capitalize() for p in local.split(".")) + "@" + domain.capitalize())


def _email_pl_letters(rng: random.Random) -> Value:
    for _ in range(100):
        first, last = _pl_person(rng)
        local = f"{first}.{last}" if rng.random() < 0.7 else f"{first[0]}{last}"
        if fold(local) != local:
            domain = _pick(rng, ("o2.pl", "wp.pl", "onet.pl", "interia.pl", "gmail.com", "op.pl"))
            return Value(f"{local}@{domain}")
    raise AssertionError("no Polish letter drawn")


def _email_subdomain(rng: random.Random) -> Value:
    first, last, _ = _person(rng)
    return Value(f"{_local(rng, first, last)}@{_pick(rng, SUBDOMAIN_DOMAINS)}")


def _email_two_level(rng: random.Random) -> Value:
    first, last, _ = _person(rng)
    local = (
        _local(rng, first, last)
        if rng.random() < 0.6
        else _pick(rng, ("biuro", "kontakt", "info", "office", "sales", "zamowienia")) + "." + last
    )
    return Value(f"{local}@{_pick(rng, TWO_LEVEL_DOMAINS)}")


def _obf_parts(rng: random.Random) -> tuple[str, str, str]:
    first, last, domain = _person(rng)
    name, tld = domain.rsplit(".", 1)
    return _local(rng, first, last), name, tld


def _email_obf_brackets(rng: random.Random) -> Value:
    local, name, tld = _obf_parts(rng)
    at, dot = (
        _pick(rng, ("[at]", "[at]", "[małpa]", "{at}")),
        "[dot]" if rng.random() < 0.6 else "[kropka]",
    )
    if at == "{at}":
        dot = "{dot}"
    if rng.random() < 0.3:
        return Value(f"{local} {at} {name}.{tld}")
    return Value(f"{local} {at} {name} {dot} {tld}")


def _email_obf_paren(rng: random.Random) -> Value:
    local, name, tld = _obf_parts(rng)
    style = rng.randrange(3)
    if style == 0:
        return Value(f"{local}(at){name}.{tld}")
    if style == 1:
        return Value(f"{local} (at) {name}.{tld}")
    return Value(f"{local}(at){name}(dot){tld}")


def _email_obf_words(rng: random.Random) -> Value:
    local, name, tld = _obf_parts(rng)
    style = rng.randrange(4)
    if style == 0:
        return Value(f"{local} at {name} kropka {tld}")
    if style == 1:
        return Value(f"{local} at {name} dot {tld}")
    if style == 2:
        return Value(f"{local} małpa {name}.{tld}")
    return Value(f"{local} małpa {name} kropka {tld}")


EMAILS: dict[str, Callable[[random.Random], Value]] = {
    "email_plain": _email_plain,
    "email_dots_plus_hyphen": _email_dots_plus_hyphen,
    "email_upper": _email_upper,
    "email_pl_letters": _email_pl_letters,
    "email_subdomain": _email_subdomain,
    "email_two_level_tld": _email_two_level,
    "email_obf_brackets": _email_obf_brackets,
    "email_obf_paren": _email_obf_paren,
    "email_obf_words": _email_obf_words,
}

# ----------------------------------------------------------------------------- PESEL


def make_pesel(rng: random.Random, start: int, end: int) -> str:
    day = dt.date(start, 1, 1) + dt.timedelta(
        days=rng.randrange((dt.date(end, 12, 31) - dt.date(start, 1, 1)).days)
    )
    month = day.month + (20 if day.year >= 2000 else 0)
    first10 = f"{day.year % 100:02d}{month:02d}{day.day:02d}" + _d(rng, 4)
    return first10 + pesel_check_digit(first10)


PESELS: dict[str, Callable[[random.Random], Value]] = {
    "pesel": lambda r: Value(make_pesel(r, 1940, 1999)),
    "pesel_2000s": lambda r: Value(make_pesel(r, 2000, 2007)),
    "pesel_split": lambda r: Value(_grp(make_pesel(r, 1950, 1999), (6, 5))),
}

# ----------------------------------------------------------------------------- cards


def _card(rng: random.Random, prefix: str, length: int) -> str:
    partial = prefix + _d(rng, length - len(prefix) - 1)
    return partial + luhn_check_digit(partial)


def _visa_or_mc(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _card(rng, "4", 16)
    return _card(rng, str(rng.randrange(51, 56)), 16)


EXPIRY_TAILS = {
    "pl": (
        " {m:02d}/{y} {cvv}",
        ", ważna do {m:02d}/{y}, CVV {cvv}",
        " ({m:02d}/{y}, CVC {cvv})",
        " {m:02d}/{y}, kod {cvv}",
        " - {m:02d}/{y} - {cvv}",
        ", data ważności {m:02d}/{y}, cvc {cvv}",
    ),
    "en": (
        " {m:02d}/{y} {cvv}",
        " exp {m:02d}/{y} cvv {cvv}",
        " ({m:02d}/{y}, CVC {cvv})",
        " expiry {m:02d}/{y} CVV {cvv}",
        " - {m:02d}/{y} - {cvv}",
        ", valid thru {m:02d}/{y}, security code {cvv}",
    ),
}


def expiry_tail(rng: random.Random, lang: str) -> str:
    """Unlabelled expiry date and CVV written after a card number (not part of its span)."""
    return _pick(rng, EXPIRY_TAILS[lang]).format(
        m=rng.randrange(1, 13), y=rng.randrange(25, 31), cvv=_d(rng, 3)
    )


def _card_expiry(rng: random.Random) -> Value:
    """The card of ``card_expiry_cvv``; make_pii appends an ``expiry_tail`` in the answer's
    language."""
    return Value(_grp(_visa_or_mc(rng), (4, 4, 4, 4)), tail="<expiry>")


CARDS: dict[str, Callable[[random.Random], Value]] = {
    "card_space": lambda r: Value(_grp(_visa_or_mc(r), (4, 4, 4, 4))),
    "card_dash": lambda r: Value(_grp(_visa_or_mc(r), (4, 4, 4, 4), "-")),
    "card_plain": lambda r: Value(_visa_or_mc(r)),
    "card_mc_2series": lambda r: Value(
        _grp(_card(r, str(r.randrange(2221, 2721)), 16), (4, 4, 4, 4))
    ),
    "card_amex": lambda r: Value(_grp(_card(r, r.choice(("34", "37")), 15), (4, 6, 5))),
    "card_amex_plain": lambda r: Value(_card(r, r.choice(("34", "37")), 15)),
    "card_expiry_cvv": _card_expiry,
}

# ----------------------------------------------------------------------------- IBAN / NRB

PL_BANKS = ("102", "105", "109", "114", "116", "124", "132", "160", "175", "187", "193", "249")
DE_BLZ = ("37040044", "10010010", "20050550", "50010517", "70020270", "12030000", "76050101")
GB_BANKS = ("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA")
FR_BANKS = ("20041", "30004", "30002", "10278", "30066", "18206")


def _nrb(rng: random.Random) -> str:
    first7 = _pick(rng, PL_BANKS) + _d(rng, 4)
    bban = first7 + bank_sort_check_digit(first7) + _d(rng, 16)
    return iban_check_digits("PL", bban) + bban


def _fr_bban(rng: random.Random) -> str:
    bank, branch, account = _pick(rng, FR_BANKS), _d(rng, 5), _d(rng, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{bank}{branch}{account}{key:02d}"


def _foreign(country: str, bban: str) -> str:
    iban = country + iban_check_digits(country, bban) + bban
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


IBANS: dict[str, Callable[[random.Random], Value]] = {
    "iban_pl_space": lambda r: Value("PL" + _grp(_nrb(r), (2, 4, 4, 4, 4, 4, 4))),
    "iban_pl_compact": lambda r: Value("PL" + _nrb(r)),
    "iban_pl_lower": lambda r: Value(
        "pl" + (_grp(_nrb(r), (2, 4, 4, 4, 4, 4, 4)) if r.random() < 0.7 else _nrb(r))
    ),
    "nrb_space": lambda r: Value(_grp(_nrb(r), (2, 4, 4, 4, 4, 4, 4))),
    "nrb_compact": lambda r: Value(_nrb(r)),
    "iban_de": lambda r: Value(_foreign("DE", _pick(r, DE_BLZ) + _d(r, 10))),
    "iban_gb": lambda r: Value(_foreign("GB", _pick(r, GB_BANKS) + _d(r, 14))),
    "iban_fr": lambda r: Value(_foreign("FR", _fr_bban(r))),
}

# ----------------------------------------------------------------------------- URLs

_B62 = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _slug(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_B62) for _ in range(n))


# Link patterns: {d8} 8 digits, {s7} 7 mixed-case letters/digits, {l6} the same in lower case,
# {U8} in upper case, {a|b|c} one of the words, {first}/{last} a made-up Polish person (ASCII).
URL_PATTERNS: dict[str, tuple[str, ...]] = {
    "url_https": (
        "https://allegro.pl/oferta/{ekspres-cisnieniowy-delonghi|buty-trekkingowe-39|etui-iphone-15}"
        "-{d11}",
        "https://imgur.com/a/{s7}",
        "https://drive.google.com/file/d/1{s20}/view",
        "https://www.facebook.com/{first}.{last}.{d3}",
        "https://www.olx.pl/d/oferta/rower-{gorski|miejski|dzieciecy}-CID767-ID{s6}.html",
        "https://photos.app.goo.gl/{s12}",
    ),
    "url_http": (
        "http://sklep-{rowerowy|wedkarski|zoologiczny}.pl/reklamacje/{d5}",
        "http://www.{myblog|travelnotes|garagefinds}.net/posts/{d4}/complaint",
        "http://forum.{telefony|samochody|kredyty}.info/watek/{d6}",
        "http://tinypic.host/{s8}.jpg",
    ),
    "url_www": (
        "www.empik.com/{ksiazka|gra-planszowa|sluchawki},p{d10},ksiazka-p",
        "www.reddit.com/r/{poland|CasualUK|Banking|ryanair}/comments/{l6}/",
        "www.youtube.com/watch?v={s11}",
        "www.mediaexpert.pl/agd/pralki/pralka-{d6}",
        "www.trustpilot.com/reviews/{d8}{l4}",
    ),
    "url_bare_path": (
        "allegro.pl/oferta/{d11}",
        "olx.pl/d/oferta/{kanapa|wozek|iphone-13}-CID{d3}",
        "amazon.co.uk/dp/B0{U8}",
        "github.com/{last}{d2}/{bank-export|notes}",
        "instagram.com/{first}_{last}",
    ),
    "url_query": (
        "https://www.ceneo.pl/{d8}?utm_source=newsletter&utm_medium=email&se={s6}",
        "https://www.booking.com/hotel/pl/{centrum-wwa|sea-view-gdansk}.html?aid={d6}&group_adults=2",
        "https://moje.{orange|play|plus}.pl/faktury?id={d9}&token={s10}",
        "http://shop.example-outdoor.com/order/status?order={d7}&email_hash={s12}",
    ),
    "url_short": (
        "bit.ly/{s7}",
        "https://t.co/{s10}",
        "tinyurl.com/{l8}",
        "https://goo.gl/maps/{s11}",
        "https://youtu.be/{s11}",
    ),
    "url_cctld": (
        "https://www.fnac.fr/a{d8}/commande",
        "https://www.alza.cz/reklamace/{d7}",
        "https://europa.eu/youreurope/citizens/travel/passenger-rights/air/index_{en|pl}.htm",
        "https://status.{paywise|runly|notecraft}.io/incidents/{l10}",
        "https://www.sklep-{rowerowy|ogrodniczy|meblowy}.com.pl/zamowienie/{d6}",
        "https://www.otto.de/p/{kaffeemaschine|sofa|fahrrad}-{d9}/",
        "https://ow.ly/{s5}{d5}",
    ),
}


def _fill(rng: random.Random, pattern: str) -> str:
    first, last = (fold(name) for name in _pl_person(rng))

    def one(m: re.Match[str]) -> str:
        slot = m.group(1)
        if "|" in slot:
            return _pick(rng, tuple(slot.split("|")))
        if slot in ("first", "last"):
            return first if slot == "first" else last
        n = int(slot[1:])
        kind = slot[0]
        if kind == "d":
            return _d(rng, n)
        text = _slug(rng, n)
        return text.lower() if kind == "l" else text.upper() if kind == "U" else text

    return re.sub(r"\{([^{}]+)\}", one, pattern)


def _url(patterns: tuple[str, ...]) -> Callable[[random.Random], Value]:
    def draw(rng: random.Random) -> Value:
        return Value(_fill(rng, _pick(rng, patterns)))

    return draw


URLS: dict[str, Callable[[random.Random], Value]] = {
    fmt: _url(patterns) for fmt, patterns in URL_PATTERNS.items()
}

# ----------------------------------------------------------------------------- ID card, passport

_ID_LETTERS = "ABCDEFGHIJKLMNPRSTUVWXYZ"


def _id_card(rng: random.Random) -> str:
    letters = rng.choice("ABCD") + rng.choice(_ID_LETTERS) + rng.choice(_ID_LETTERS)
    last5 = _d(rng, 5)
    return letters + id_card_check_digit(letters, last5) + last5


def _passport(rng: random.Random) -> str:
    letters = rng.choice("EEEEAZ") + rng.choice(_ID_LETTERS)
    last6 = _d(rng, 6)
    return letters + passport_check_digit(letters, last6) + last6


IDS: dict[str, Callable[[random.Random], Value]] = {
    "id_card_space": lambda r: Value(_grp(_id_card(r), (3, 6))),
    "id_card_compact": lambda r: Value(_id_card(r)),
}
PASSPORTS: dict[str, Callable[[random.Random], Value]] = {
    "passport_compact": lambda r: Value(_passport(r)),
    "passport_space": lambda r: Value(_grp(_passport(r), (2, 7))),
}

KINDS: dict[str, dict[str, Callable[[random.Random], Value]]] = {
    "PHONE": PHONES,
    "EMAIL": EMAILS,
    "PESEL": PESELS,
    "CARD": CARDS,
    "IBAN": IBANS,
    "URL": URLS,
    "ID_CARD": IDS,
    "PASSPORT": PASSPORTS,
}
FORMAT_KIND = {fmt: kind for kind, fmts in KINDS.items() for fmt in fmts}

# ----------------------------------------------------------------------------- look-alikes


def _order9(rng: random.Random) -> str:
    # starts like a Polish mobile number half of the time: only the meaning tells them apart
    return (
        _pick(rng, PL_MOBILE_PREFIXES)
        if rng.random() < 0.5
        else rng.choice("123456789") + _d(rng, 2)
    ) + _d(rng, 6)


def _nip(rng: random.Random) -> str:
    while True:
        first9 = _pick(rng, ("526", "527", "521", "677", "779", "951", "113", "894", "118")) + _d(
            rng, 6
        )
        check = nip_check_digit(first9)
        if check is not None:
            return first9 + check


def _nip_formatted(rng: random.Random) -> str:
    nip = _nip(rng)
    return _pick(rng, (nip, _grp(nip, (3, 3, 2, 2), "-"), _grp(nip, (3, 2, 2, 3), "-"), "PL" + nip))


def _regon(rng: random.Random) -> str:
    first8 = _d(rng, 8)
    return first8 + regon9_check_digit(first8)


def _ean13(rng: random.Random) -> str:
    first12 = _pick(rng, ("590", "500", "400", "590", "501")) + _d(rng, 9)
    return first12 + ean13_check_digit(first12)


def _ups(rng: random.Random) -> str:
    body = _d(rng, 3) + rng.choice("ABEFRSVWXY") + rng.choice("ABEFRSVWXY") + _d(rng, 10)
    return "1Z" + body + ups_check_digit(body)


def _s10(rng: random.Random) -> str:
    serial = _d(rng, 8)
    return _pick(rng, ("RR", "RX", "CP", "LX", "EE")) + serial + s10_check_digit(serial) + "PL"


def _model_code(rng: random.Random) -> str:
    """A product code shaped like an ID card number whose check digit does not hold."""
    while True:
        code = rng.choice("KMXTRV") + rng.choice("DHLPQ") + rng.choice("XZRW") + " " + _d(rng, 6)
        if not id_card_ok(code):
            return code


def _amount(rng: random.Random) -> str:
    n = rng.choice((250_000_000, 1_500_000, 12_000, 3_250, 125_000, 2_400_000, 999_000_000, 45_000))
    n = n + rng.randrange(0, 10) * (n // 100 if n > 10000 else 1)
    return f"{n:,}".replace(",", " ")


LOOKALIKES: dict[str, Callable[[random.Random], str]] = {
    "order_9digit": _order9,
    "order_alnum": lambda r: (
        _pick(r, ("ORD-", "PL-", "#", "A", "ZAM/")) + f"{r.randrange(2023, 2025)}-{_d(r, 6)}"
    ),
    "amount_grouped": _amount,
    "price": lambda r: _pick(
        r, ("{a},99 zł", "{a} zł", "£{a}.50", "${a}.99", "{a},00 PLN", "€{a}")
    ).format(a=r.randrange(9, 2999)),
    "date": lambda r: _pick(
        r, ("{d:02d}.{m:02d}.2024", "2024-{m:02d}-{d:02d}", "{d}/{m}/2023", "{d:02d}.{m:02d}.23")
    ).format(d=r.randrange(1, 29), m=r.randrange(1, 13)),
    "time": lambda r: _pick(r, ("{h}:{mm:02d}", "{h}.{mm:02d}")).format(
        h=r.randrange(6, 22), mm=r.choice((0, 15, 30, 45, 10, 50))
    ),
    "postal_code": lambda r: f"{_d(r, 2)}-{_d(r, 3)}",
    "ean13": _ean13,
    "tracking_dhl": lambda r: _d(r, 10) if r.random() < 0.5 else "JJD" + _d(r, 18),
    "tracking_inpost": lambda r: "6" + _d(r, 23),
    "tracking_ups": _ups,
    "tracking_poczta": _s10,
    "invoice_number": lambda r: _pick(
        r, ("FV/{y}/{m:02d}/{n}", "FV {n}/{m:02d}/{y}", "INV-{y}-{n:05d}", "F/{n}/{y}")
    ).format(y=r.randrange(2023, 2025), m=r.randrange(1, 13), n=r.randrange(100, 9999)),
    "version_number": lambda r: _pick(
        r, ("{a}.{b}.{c}", "v{a}.{b}.{c}", "{a}.{b}", "{a}.{b}.{c}.{n}")
    ).format(
        a=r.randrange(1, 18), b=r.randrange(0, 20), c=r.randrange(0, 10), n=r.randrange(1000, 9999)
    ),
    "company_nip": _nip_formatted,
    "company_regon": _regon,
    "product_model": _model_code,
    "flight_number": lambda r: (
        _pick(r, ("LO", "FR", "W6", "BA", "LH", "U2", "EK", "KL"))
        + r.choice(("", " "))
        + str(r.randrange(100, 9999))
    ),
}
