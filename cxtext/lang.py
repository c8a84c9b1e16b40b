"""Language of each answer: ``pl``, ``en``, ``other`` or ``und``.

General-purpose detectors are trained on long text and fail on survey answers
("ok", "cena", "szybka dostawa polecam" without Polish letters). We therefore
combine, in order:

1. script: no letters -> ``und``; mostly non-Latin letters (Cyrillic, Greek...) -> ``other``;
2. language-neutral words ("ok", "super", "top", "wow", numbers, emoji) are removed;
   nothing left -> ``und``;
3. orthography: Polish-only letters (ą ę ł ś ź ż ć ń) vote for Polish; Czech/Slovak
   (ě ř ů č š ž) and German (ä ö ü ß) letters vote for ``other``;
4. small hand-made lexicons of frequent Polish (diacritics folded), English and
   other-language words, and Polish/English spelling cues ("rz", "szcz", "-osc"; "th",
   "-ing", "-tion");
5. when the votes do not decide, py3langid restricted to European languages.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

__all__ = ["LANGS", "Language", "LangResult", "detect_language", "detect_languages", "fold"]

logger = logging.getLogger(__name__)

Language = Literal["pl", "en", "other", "und"]
LANGS: tuple[str, ...] = ("pl", "en", "other", "und")

_LANGID_SET = (
    "pl",
    "en",
    "de",
    "cs",
    "sk",
    "uk",
    "ru",
    "fr",
    "es",
    "it",
    "nl",
    "pt",
    "hu",
    "lt",
    "sv",
    "ro",
    "tr",
    "da",
    "no",
    "fi",
)


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase and strip diacritics ("Łódź" -> "lodz"). Cached."""
    if text.isascii():
        return text.lower()
    text = text.replace("ł", "l").replace("Ł", "L")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Language-neutral in PL/EN survey answers: removed before voting.
_NEUTRAL = _words(
    """ok okay okey oki ok. super top mega wow hit problem internet xd lol hmm hm eh ah oh
    spox kk k plus minus vip pro max mini online offline app? iphone samsung apple xiaomi
    huawei android ios allegro blik visa mastercard paypal dhl dpd ups inpost gls fedex
    no a i to on o mms sms pin ok! vs et"""
)
_PL = _words(
    """w z ze we do od po za przez przy dla pod nad bez u jak ale bo czy tak bardzo juz jeszcze
    tylko tez takze oraz lub albo nie jest sa byl byla bylo byly bede bedzie sie mi mnie nam
    nas was wam ich jego jej moj moja moje nasz nasza wasz wasza ktory ktora ktore co gdy kiedy
    mam mamy macie ma moze mozna trzeba jestem bylem bylam zawsze nigdy wszystko wszystkie
    wszystkich nic nikt zadnych zadnego troche duzo malo bardziej najlepszy najlepsza
    dostawa dostawy dostawe dostawie dostawa kurier kuriera kurierem kurierzy paczka paczki
    paczke paczce przesylka przesylki cena ceny cene cenie cenowo tanio drogo drogi droga
    tani tania tanie obsluga obslugi obsluge obsluge jakosc jakosci produkt produktu produkty
    produktow sklep sklepu sklepie zamowienie zamowienia zamowieniu reklamacja reklamacji
    reklamacje zwrot zwrotu zwroty polecam polecamy poleca swietnie swietna swietny dobrze
    dobra dobry dobre zle zly zla slabo slaba slaby szybko szybka szybki szybkie wolno dlugo
    dlugi czekalem czekalam czekac czekanie czekania infolinia infolinii aplikacja aplikacji
    aplikacje strona strony stronie platnosc platnosci konsultant konsultantka konsultanta
    pani pan panie dziekuje dzieki pozdrawiam spoko fajnie fajny fajna fajne tragedia
    tragicznie tragiczna tragiczny beznadziejnie beznadziejna beznadziejny masakra porazka
    rewelacja rewelacyjnie rewelacyjna git czas czasu termin terminie towar towaru towary
    zadowolony zadowolona zadowoleni ocena brak klient klienta klientow klientem wszystkiego
    drozej taniej wybor asortyment promocja promocje promocji rabat kontakt kontaktu
    pracownik pracownicy pracownikow personel mily mila mili milo uprzejmy uprzejma pomocny
    pomocna niestety ogolnie naprawde calkiem raczej chyba prosze prosto latwo latwa wygodnie
    wygodna bezproblemowo profesjonalnie profesjonalna profesjonalny opoznienie opoznienia
    kolejka kolejki kasa kasie kasy czysto brudno sprzedawca sprzedawcy sprzedawczyni
    zepsuty zepsuta uszkodzony uszkodzona uszkodzone wada wadliwy gwarancja gwarancji
    serwis serwisu odpowiedz odpowiedzi dni dzien tydzien tygodnie miesiac godzin godziny
    minut razy raz dalej znowu ciagle nadal nawet"""
)
_EN = _words(
    """the an and or is are was were be been being it's its this that these those you we they
    my your our their of in for with at by from very so too not never good great bad poor fast
    slow quick quickly delivery delivered shipping shipped price prices pricing service
    customer customers staff support product products quality order ordered orders app
    website site store shop love loved like recommend recommended easy nice excellent
    amazing awesome terrible awful horrible thanks thank always everything nothing rude
    helpful friendly late cheap expensive waiting wait waited time refund return returned
    complaint courier package parcel just really all more would could can will had have has
    do does did don't didn't doesn't isn't wasn't won't can't get got still again hours days
    week weeks month never ever what when why how which who there here some any much many
    item items arrived arrive received fine well best worst better worse happy unhappy
    satisfied disappointed disappointing experience value money staff agent call phone
    people person help helped problem? issue issues broken damaged fee fees charge charged
    overpriced selection range ok? smooth simple convenient reliable professional keep up
    guys u r ur pls plz thx gr8 lots lot bit little"""
)
_OTHER = _words(
    """und der die das ist nicht sehr gut ich war mit zu auf lieferung schnell danke alles
    ein eine kein keine wir sie es aber auch nur
    je v jsem byl bylo bylo velmi vse vsechno vsetko dekuji dakujem spokojeny spokojena
    rychle rychla dodani neni nie? som sme ste bolo velmi pekne dobry? poradku poriadku
    muy bueno buena el los las es que y pero gracias todo rapido servicio
    tres le les est et c'est mais merci bien livraison pas tout
    molto il bene grazie tutto consegna sono della
    heel goed het een niet snel bedankt levering alles? zeer
    muito obrigado bom entrega"""
)
_NEUTRAL = frozenset(w.rstrip("?!.") for w in _NEUTRAL)
_EN = frozenset(w for w in _EN if not w.endswith("?"))
_OTHER = frozenset(w for w in _OTHER if not w.endswith("?"))
_PL = _PL - _NEUTRAL

_PL_LETTERS = set("ąćęłńśźżĄĆĘŁŃŚŹŻ")
_OTHER_LETTERS = set("ěřůčšžťďňľĺŕäöüßàâçèêëîïôûùÿñãõìíúýáéåøæ") - set("óÓ")
_PL_CUES = re.compile(
    r"(?:szcz|rz|sz|cz|dz|ch|ow[aey]|osc|anie|enie|ego$|ych$|ami$|ymi$|ow$|cie$|sci|wsz|^prz|^w[^aeiouy]|iek|iej$|aj$)"
)
_EN_CUES = re.compile(r"(?:th|ing$|tion$|ee|oo|ou|ea|^wh|ly$|'s$|n't$|ck$|ght|ay$|[^aeiou]y$)")
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")


@dataclass(frozen=True)
class LangResult:
    """A language decision: the label, a confidence in [0, 1] and which rule decided it."""

    lang: Language
    confidence: float
    method: str


class _LangId:
    """Lazily loaded, thread-safe py3langid restricted to European languages.

    py3langid decompresses its whole model (142 languages, LZMA) in every process: ~0.8 s.
    The model restricted to :data:`_LANGID_SET` is kept in cxtext's cache folder
    (:mod:`cxtext.cache`) as a plain ``.npz`` (no pickles) and later processes load that in
    milliseconds; the arrays are the ones ``set_languages`` makes, so the scores are the same.
    """

    def __init__(self) -> None:
        self._ident: Any = None
        self._lock = threading.Lock()

    def rank(self, text: str) -> dict[str, float]:
        if self._ident is None:
            with self._lock:
                if self._ident is None:
                    self._ident = _load_langid()
        return {lang: float(p) for lang, p in self._ident.rank(text)}


def _langid_cache() -> Path | None:
    from cxtext.cache import package_cache

    return package_cache("py3langid", suffix=f"-{'-'.join(_LANGID_SET)}.npz")


def _load_langid() -> Any:
    """py3langid's identifier over :data:`_LANGID_SET` (from the cache when there is one)."""
    import array

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    path = _langid_cache()
    if path is not None and path.exists():
        try:
            with np.load(path, allow_pickle=False) as z:
                return LanguageIdentifier(
                    z["ptc"], z["pc"], z["classes"].tolist(),
                    array.array(str(z["nextmove_code"]), z["nextmove"].tobytes()),
                    z["output"].tolist(), norm_probs=True,
                    tk_row=array.array(str(z["row_code"]), z["row"].tobytes()))
        except Exception as exc:  # a damaged or foreign file is rebuilt
            logger.warning("language-ID model cache %s unusable (%s); rebuilding it", path, exc)
    ident = LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)
    ident.set_languages(list(_LANGID_SET))
    if path is not None:
        try:
            from cxtext.cache import write_atomic

            arrays = {
                "ptc": np.asarray(ident.nb_ptc), "pc": np.asarray(ident.nb_pc),
                "classes": np.array(ident.nb_classes),
                "nextmove": np.frombuffer(ident.tk_nextmove, dtype=ident.tk_nextmove.typecode),
                "nextmove_code": np.array(ident.tk_nextmove.typecode),
                "row": np.frombuffer(ident.tk_row, dtype=ident.tk_row.typecode),
                "row_code": np.array(ident.tk_row.typecode),
                "output": np.asarray(ident.tk_output, dtype=np.int64),
            }

            def write(tmp: Path) -> None:
                with tmp.open("wb") as fh:
                    np.savez(fh, **arrays)

            write_atomic(path, write)
            logger.info("cached the language-ID model in %s", path)
        except Exception as exc:  # unwritable folder, full disk, another py3langid layout
            logger.info("language-ID model not cached (%s)", exc)
    return ident


_LANGID = _LangId()


def _script_other(letters: str) -> bool:
    if letters.isascii():
        return False
    non_latin = len(_NON_LATIN.findall(letters))
    return non_latin > len(letters) / 2


@lru_cache(maxsize=200_000)
def _token_vote(tok: str) -> tuple[str, float, float, float] | None:
    """One lower-cased word's votes ``(word, pl, en, other)``; None for a language-neutral
    word (not counted). Cached: words repeat across answers."""
    f = fold(tok)
    if f in _NEUTRAL or (len(tok) <= 1 and tok not in ("w", "z", "v")):
        return None
    chars = set(tok)
    if chars & _PL_LETTERS:
        return tok, 2.0, 0.0, 0.0
    if chars & _OTHER_LETTERS:
        return tok, 0.0, 0.0, 2.0
    pl = 1.0 if f in _PL else 0.0
    en = 1.0 if f in _EN else 0.0
    other = 1.0 if f in _OTHER else 0.0
    if not (pl or en or other) and len(f) >= 3:
        pl_cue = bool(_PL_CUES.search(f))
        en_cue = bool(_EN_CUES.search(f))
        if pl_cue and not en_cue:
            pl = 0.5
        elif en_cue and not pl_cue:
            en = 0.5
    return tok, pl, en, other


@lru_cache(maxsize=65_536)
def _detect(text: str) -> LangResult:
    text = _PLACEHOLDER.sub(" ", text)
    tokens = _TOKEN.findall(text)
    if not tokens:
        return LangResult("und", 1.0, "no-letters")
    letters = "".join(tokens)
    if _script_other(letters):
        return LangResult("other", 0.95, "script")
    content: list[str] = []
    pl = en = oth = 0.0
    for tok in tokens:
        vote = _token_vote(tok.lower())
        if vote is not None:
            content.append(vote[0])
            pl += vote[1]
            en += vote[2]
            oth += vote[3]
    if not content:
        return LangResult("und", 0.9, "neutral-words")
    votes = {"pl": pl, "en": en, "other": oth}
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    (top, top_v), (_, second_v) = ranked[0], ranked[1]
    total = sum(votes.values())
    if top_v >= 1.0 and top_v >= 2 * second_v and (top != "other" or top_v >= 2.0):
        return LangResult(top, round(top_v / total, 3), "lexicon")  # type: ignore[arg-type]

    probs = _LANGID.rank(" ".join(content))
    p_pl, p_en = probs.get("pl", 0.0), probs.get("en", 0.0)
    p_other = 1.0 - p_pl - p_en
    # blend: votes act as a prior over the detector's posterior
    score = {
        "pl": p_pl + 0.25 * votes["pl"],
        "en": p_en + 0.25 * votes["en"],
        "other": p_other + 0.25 * votes["other"],
    }
    best = max(score, key=lambda k: score[k])
    if best == "other" and len(content) < 3 and votes["other"] == 0:
        # two unknown words are too little to call a third language: pick pl/en or und
        if max(p_pl, p_en) < 0.2:
            return LangResult("und", round(p_other, 3), "langid-short")
        best = "pl" if p_pl >= p_en else "en"
    conf = {"pl": p_pl, "en": p_en, "other": p_other}[best]
    return LangResult(best, round(conf, 3), "langid")  # type: ignore[arg-type]


def detect_language(text: object, *, details: bool = False) -> Any:
    """Language of one answer: ``"pl"``, ``"en"``, ``"other"`` or ``"und"``.

    With ``details=True`` returns a :class:`LangResult` (label, confidence, method).
    Never raises on odd input: ``None``/numbers give ``"und"``.
    """
    if not isinstance(text, str):
        text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    result = _detect(text.strip()[:2000])
    return result if details else result.lang


def detect_languages(texts: Iterable[object]) -> list[str]:
    """:func:`detect_language` over a batch."""
    return [detect_language(t) for t in texts]
