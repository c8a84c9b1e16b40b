"""cxtext.lang: language of short survey answers (pl / en / other / und).

The cases below are written for these tests; none is taken from the held-out evaluation set
``benchmarks/data/lang_short_answers.csv`` (checked by ``test_cases_are_not_from_heldout_set``).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import numpy as np
import pytest

from cxtext.lang import LANGS, LangResult, detect_language, detect_languages, fold

HELDOUT = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "lang_short_answers.csv"

# (text, expected language, id)
CASES: list[tuple[str, str, str]] = [
    # ---- Polish with diacritics
    ("Obsługa klienta była bardzo miła", "pl", "pl-obsluga-mila"),
    ("Kurier spóźnił się dwa dni", "pl", "pl-kurier-spoznil"),
    ("Zwrot pieniędzy trwał miesiąc", "pl", "pl-zwrot-miesiac"),
    ("Za długo czekałem na paczkę", "pl", "pl-za-dlugo-paczka"),
    ("Świetny produkt", "pl", "pl-swietny-produkt"),
    ("Aplikacja często się zawiesza", "pl", "pl-aplikacja-zawiesza"),
    ("Nie mam zastrzeżeń", "pl", "pl-nie-mam-zastrzezen"),
    ("Ceny wyższe niż u konkurencji", "pl", "pl-ceny-wyzsze"),
    ("Źle zapakowane", "pl", "pl-zle-zapakowane"),
    ("Kurier przyjechał o czasie", "pl", "pl-kurier-o-czasie"),
    ("Brak kontaktu z infolinią", "pl", "pl-brak-kontaktu-infolinia"),
    ("Bardzo dobrze, dziękuję", "pl", "pl-bardzo-dobrze-dziekuje"),
    # ---- Polish without diacritics
    ("kurier spoznil sie dwa dni", "pl", "pl-nodiac-kurier-spoznil"),
    ("zwrot pieniedzy trwal miesiac", "pl", "pl-nodiac-zwrot"),
    ("nie polecam tego sklepu", "pl", "pl-nodiac-nie-polecam-sklepu"),
    ("wszystko w porzadku", "pl", "pl-nodiac-w-porzadku"),
    ("drogo ale jakosc dobra", "pl", "pl-nodiac-drogo-ale-jakosc"),
    ("dlugo czekalem na odpowiedz", "pl", "pl-nodiac-czekalem"),
    ("reklamacja odrzucona bez powodu", "pl", "pl-nodiac-reklamacja"),
    ("nie dziala aplikacja", "pl", "pl-nodiac-nie-dziala"),
    ("dobra cena", "pl", "pl-nodiac-dobra-cena"),
    ("przesylka doszla na czas", "pl", "pl-nodiac-przesylka"),
    ("wygodna platnosc blikiem", "pl", "pl-nodiac-platnosc-blikiem"),
    ("dostawa trwala tydzien", "pl", "pl-nodiac-dostawa-tydzien"),
    ("fajna aplikacja", "pl", "pl-nodiac-fajna-aplikacja"),
    ("zbyt drogo", "pl", "pl-nodiac-zbyt-drogo"),
    # ---- Polish with a language-neutral word or emoji that must not hide it
    ("ok produkt", "pl", "pl-neutral-ok-produkt"),
    ("cena ok", "pl", "pl-neutral-cena-ok"),
    ("super produkt", "pl", "pl-neutral-super-produkt"),
    ("Polecam wszystkim 👍", "pl", "pl-emoji-polecam-wszystkim"),
    # ---- English
    ("Fast delivery, highly recommend", "en", "en-fast-delivery"),
    ("The courier was rude", "en", "en-courier-rude"),
    ("Great prices but slow shipping", "en", "en-great-prices-slow"),
    ("I can't log in to the app", "en", "en-cant-log-in"),
    ("Customer service never answered my emails", "en", "en-never-answered"),
    ("Everything arrived on time", "en", "en-arrived-on-time"),
    ("terrible experience", "en", "en-terrible-experience"),
    ("refund took forever", "en", "en-refund-forever"),
    ("would not recommend", "en", "en-would-not-recommend"),
    ("the package was damaged", "en", "en-package-damaged"),
    ("nothing works", "en", "en-nothing-works"),
    ("good price", "en", "en-good-price"),
    ("price too high", "en", "en-price-too-high"),
    ("quick and easy", "en", "en-quick-and-easy"),
    ("not bad", "en", "en-not-bad"),
    ("I love this shop", "en", "en-love-this-shop"),
    ("Shipping took two weeks", "en", "en-shipping-two-weeks"),
    ("works great 👍", "en", "en-emoji-works-great"),
    # ---- other languages: German, Czech, Slovak, Cyrillic, Greek, Romance, Dutch
    ("Sehr schnelle Lieferung, danke", "other", "de-schnelle-lieferung"),
    ("Alles gut, ich bin zufrieden", "other", "de-alles-gut-zufrieden"),
    ("Die Lieferung war zu spät", "other", "de-lieferung-zu-spaet"),
    ("Lieferung war schnell", "other", "de-no-umlaut"),
    ("Velmi rychlé dodání, děkuji", "other", "cs-rychle-dodani"),
    ("dodání bylo rychlé", "other", "cs-dodani-bylo"),
    ("Všetko bolo v poriadku", "other", "sk-vsetko-v-poriadku"),
    ("Доставка була дуже швидкою", "other", "uk-cyrillic"),
    ("Спасибо за быструю доставку", "other", "ru-cyrillic"),
    ("Καλή εξυπηρέτηση", "other", "el-greek"),
    ("Très bon service, merci", "other", "fr-tres-bon"),
    ("Merci pour tout", "other", "fr-merci-pour-tout"),
    ("Gracias por todo", "other", "es-gracias"),
    ("Heel snel geleverd, bedankt", "other", "nl-snel-geleverd"),
    # ---- undetermined: neutral words, numbers, emoji, punctuation, placeholders
    ("oki", "und", "und-oki"),
    ("TOP TOP", "und", "und-top-top"),
    ("Mega super!", "und", "und-mega-super"),
    ("super super", "und", "und-super-super"),
    ("Wow, super!", "und", "und-wow-super"),
    ("ok ok ok", "und", "und-ok-ok-ok"),
    ("hmm", "und", "und-hmm"),
    ("BLIK", "und", "und-brand-blik"),
    ("DHL", "und", "und-brand-dhl"),
    ("8", "und", "und-digit"),
    ("7/10", "und", "und-score"),
    ("2025", "und", "und-year"),
    ("👍👍👍", "und", "und-emoji-thumbs"),
    ("😊", "und", "und-emoji-smile"),
    ("?!", "und", "und-punct"),
    ("…", "und", "und-ellipsis"),
    ("", "und", "und-empty"),
    ("   ", "und", "und-spaces"),
    ("[EMAIL]", "und", "und-placeholder-email"),
    ("[URL]", "und", "und-placeholder-url"),
    ("[PHONE] [EMAIL]", "und", "und-two-placeholders"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for t, e, i in CASES])
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Twój kurier [PHONE] nie oddzwonił", "pl", id="pl-around-placeholder"),
        pytest.param(
            "Contact me at [EMAIL] please, the order never came", "en", id="en-around-placeholder"
        ),
    ],
)
def test_placeholders_do_not_change_the_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(None, id="none"),
        pytest.param(7, id="int"),
        pytest.param(7.5, id="float"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(np.nan, id="numpy-nan"),
        pytest.param(np.int64(10), id="numpy-int"),
    ],
)
def test_odd_input_is_und_without_raising(value: object) -> None:
    assert detect_language(value) == "und"
    result = detect_language(value, details=True)
    assert isinstance(result, LangResult)
    assert result.lang == "und"


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(t, e, id=i) for t, e, i in CASES[::4]],
)
def test_details_returns_lang_result(text: str, expected: str) -> None:
    result = detect_language(text, details=True)
    assert isinstance(result, LangResult)
    assert result.lang == expected == detect_language(text)
    assert result.lang in LANGS
    assert isinstance(result.confidence, float)
    assert not math.isnan(result.confidence)
    assert 0.0 <= result.confidence <= 1.0
    assert isinstance(result.method, str) and result.method


def test_detect_languages_keeps_order() -> None:
    texts = ["Świetny produkt", None, "terrible experience", "Die Lieferung war zu spät", "8"]
    assert detect_languages(texts) == ["pl", "und", "en", "other", "und"]
    assert detect_languages([]) == []


def test_very_long_answer_does_not_raise() -> None:
    text = "Kurier spóźnił się dwa dni, ale obsługa była bardzo miła. " * 500
    assert detect_language(text) == "pl"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Łódź", "lodz", id="l-stroke-and-acute"),
        pytest.param("ŻÓŁĆ", "zolc", id="uppercase"),
        pytest.param("zażółć gęślą jaźń", "zazolc gesla jazn", id="all-polish-letters"),
        pytest.param("Lieferung", "lieferung", id="plain-lowercased"),
        pytest.param("", "", id="empty"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def _keys(text: str) -> set[str]:
    """The answer as written (case/space-folded) and, when it has words, its words only."""
    exact = " ".join(text.casefold().split())
    words = re.sub(r"[^\w]+", " ", text.casefold()).strip()
    return {exact, words} - {""}


@pytest.mark.skipif(not HELDOUT.exists(), reason="held-out evaluation set not present")
def test_cases_are_not_from_heldout_set() -> None:
    """Keeps the evaluation set held out: no test case may repeat one of its answers."""
    with HELDOUT.open(encoding="utf-8", newline="") as fh:
        heldout = set().union(*(_keys(row["text"]) for row in csv.DictReader(fh)))
    overlap = {t for t, _, _ in CASES if _keys(t) & heldout}
    assert not overlap


# --------------------------------------------------------------------------- model cache

LANGID_TEXTS = ["dostawa szybka", "the app crashes", "Bonjour tout le monde", "das ist gut",
                "zamowienie przyszlo", "ok", "", "123", "żółć"]


def test_cached_language_id_model_scores_like_py3langid(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from cxtext import lang

    monkeypatch.setenv("CXTEXT_CACHE", str(tmp_path))
    reference = LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE,
                                                  norm_probs=True)
    reference.set_languages(list(lang._LANGID_SET))
    built = lang._load_langid()  # builds the cache
    files = list(tmp_path.glob("py3langid-*.npz"))
    assert len(files) == 1
    cached = lang._load_langid()  # reads it
    for text in LANGID_TEXTS:
        assert cached.rank(text) == built.rank(text) == reference.rank(text), text


def test_damaged_language_id_cache_is_rebuilt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    from cxtext import lang

    monkeypatch.setenv("CXTEXT_CACHE", str(tmp_path))
    path = lang._langid_cache()
    assert path is not None
    path.write_bytes(b"not a zip file")
    ident = lang._load_langid()
    assert "rebuilding" in caplog.text
    assert ident.rank("dostawa szybka")[0][0] == "pl"
    assert path.stat().st_size > 1000  # written again


def test_language_id_cache_off_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cxtext import lang

    monkeypatch.setenv("CXTEXT_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lang._langid_cache() is None
    assert lang._load_langid().rank("the app crashes")[0][0] == "en"
    assert not list(tmp_path.rglob("*.npz"))
