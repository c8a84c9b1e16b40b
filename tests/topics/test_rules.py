"""topics.rules.v1: lemma matching (Polish inflection), stems, gaps, negation, exclusions,
multi-label answers, evidence offsets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cxtext.errors import UnknownBackendError
from cxtext.topics import RuleTopics, backends, load_taxonomy, load_topic_model
from cxtext.topics.rules import light_stem, match_key
from tests.conftest import TOPIC_CASES

TINY = {
    "format": 1,
    "name": "tiny",
    "topics": [
        {"code": "delivery", "name": {"pl": "Dostawa", "en": "Delivery"},
         "terms": {"pl": ["dostawa", "przesyłka"], "en": ["delivery"]},
         "children": [
             {"code": "delivery.speed", "name": {"pl": "Czas dostawy", "en": "Speed"},
              "terms": {"pl": ["szybka dostawa", "czekać ... paczka", "opóźni*"],
                        "en": ["fast delivery", "late"]}},
             {"code": "delivery.courier", "name": {"pl": "Kurier", "en": "Courier"},
              "terms": {"pl": ["kurier"], "en": ["courier"]},
              "exclude": {"pl": ["kurier dpd"]}},
         ]},
        {"code": "digital", "name": {"pl": "Cyfrowe", "en": "Digital"},
         "children": [
             {"code": "digital.errors", "name": {"pl": "Błędy", "en": "Errors"},
              "terms": {"pl": [{"term": "działać", "negated": True}, "błąd"],
                        "en": [{"term": "work", "negated": True}]}},
             {"code": "digital.praise", "name": {"pl": "Pochwała", "en": "Praise"},
              "terms": {"pl": [{"term": "działać", "negated": False}], "en": []}},
         ]},
        {"code": "price", "name": {"pl": "Cena", "en": "Price"},
         "terms": {"pl": ["cena", "koszt"], "en": ["price"]},
         "children": [
             {"code": "price.delivery", "name": {"pl": "Koszt dostawy", "en": "Delivery fee"},
              "terms": {"pl": ["koszt dostawy"], "en": ["delivery fee"]}},
         ]},
    ],
}


@pytest.fixture(scope="module")
def tiny() -> RuleTopics:
    return RuleTopics(taxonomy=load_taxonomy(TINY)).fit()


@pytest.fixture(scope="module")
def default() -> RuleTopics:
    return RuleTopics().fit()


def codes(model: RuleTopics, text: str, lang: str | None = None) -> list[str]:
    return [m.code for m in model.assign([text], langs=[lang] if lang else None)[0]]


@pytest.mark.parametrize("text", [
    "szybka dostawa", "Szybkiej dostawy", "szybką dostawą", "o szybkiej dostawie",
    "szybka dostawe", "SZYBKA DOSTAWA",
])
def test_polish_inflection_matches_one_term(tiny: RuleTopics, text: str) -> None:
    assert codes(tiny, text, "pl") == ["delivery.speed"]


@pytest.mark.parametrize("text", ["dostawa", "dostawy", "dostawą", "dostawie", "dostawę",
                                  "dostawe", "przesyłki", "przesylke"])
def test_every_form_of_a_noun(tiny: RuleTopics, text: str) -> None:
    assert codes(tiny, f"Jestem zadowolony, {text} ok", "pl") == ["delivery"]


@pytest.mark.parametrize("text", ["opóźnienie", "opoznila sie", "opóźniona", "Opóźnień"])
def test_stems_match_with_and_without_diacritics(tiny: RuleTopics, text: str) -> None:
    assert codes(tiny, text, "pl") == ["delivery.speed"]


def test_gap_phrase(tiny: RuleTopics) -> None:
    assert codes(tiny, "czekać dwa tygodnie na paczkę", "pl") == ["delivery.speed"]
    assert codes(tiny, "czekać na paczkę", "pl") == ["delivery.speed"]
    assert codes(tiny, "czekać bardzo bardzo bardzo długo na tę paczkę", "pl") == []  # gap > 3


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("aplikacja nie działa", "pl", ["digital.errors"]),
    ("nic nie działa", "pl", ["digital.errors"]),
    ("aplikacja działa", "pl", ["digital.praise"]),
    ("The app doesn't work", "en", ["digital.errors"]),
    ("it does not work at all", "en", ["digital.errors"]),
    ("works fine", "en", []),
])
def test_negation_aware_terms(tiny: RuleTopics, text: str, lang: str,
                              expected: list[str]) -> None:
    assert codes(tiny, text, lang) == expected


def test_negated_flag_on_evidence(tiny: RuleTopics) -> None:
    (m,) = tiny.assign(["bez błędów"], langs=["pl"])[0]
    assert m.code == "digital.errors" and m.negated
    (m,) = tiny.assign(["błąd w aplikacji"], langs=["pl"])[0]
    assert not m.negated


def test_exclusion_is_per_clause(tiny: RuleTopics) -> None:
    assert codes(tiny, "kurier dpd był ok", "pl") == []
    assert codes(tiny, "kurier dpd był ok, ale inny kurier rzucił paczką", "pl") == \
        ["delivery.courier"]


def test_longer_match_of_another_topic_wins(tiny: RuleTopics) -> None:
    assert codes(tiny, "wysoki koszt dostawy", "pl") == ["price.delivery"]
    assert codes(tiny, "wysoki koszt", "pl") == ["price"]


def test_multi_label_and_clauses_with_offsets(tiny: RuleTopics) -> None:
    text = "Szybka dostawa, ale kurier był niemiły. Cena ok"
    ms = tiny.assign([text], langs=["pl"])[0]
    assert [(m.code, m.clause) for m in ms] == [
        ("delivery.speed", 0), ("delivery.courier", 1), ("price", 2)]
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert m.parent == m.code.split(".")[0]


def test_parent_dropped_only_in_the_clause_of_its_child(tiny: RuleTopics) -> None:
    assert codes(tiny, "dostawa i kurier", "pl") == ["delivery.courier"]
    assert codes(tiny, "Dostawa ok. Kurier niemiły", "pl") == ["delivery", "delivery.courier"]


def test_language_selects_terms_und_uses_both(tiny: RuleTopics) -> None:
    assert codes(tiny, "late", "pl") == []
    assert codes(tiny, "late", "en") == ["delivery.speed"]
    assert codes(tiny, "cena", "und") == ["price"]
    assert codes(tiny, "price", "und") == ["price"]


def test_evidence_offsets_survive_cleaning(tiny: RuleTopics) -> None:
    raw = "Mail: jan@wp.pl   kurier\u200b spóźniony"
    (m,) = tiny.assign([raw], langs=["pl"])[0]
    assert m.text == "kurier"


def test_predict_indicator_includes_parent(tiny: RuleTopics) -> None:
    proba = tiny.predict_proba(["szybka dostawa", "nic"], langs=["pl", "pl"])
    classes = list(tiny.classes_)
    assert proba[0, classes.index("delivery.speed")] == 1.0
    assert proba[0, classes.index("delivery")] == 1.0
    assert proba[1].sum() == 0
    assert tiny.predict(["szybka dostawa"]).dtype == np.int8
    assert tiny.predict_topics(["szybka dostawa"]) == [["delivery.speed", "delivery"]]


def test_bad_input_is_a_clear_error(tiny: RuleTopics) -> None:
    with pytest.raises(ValueError, match="single string"):
        tiny.assign("szybka dostawa")
    with pytest.raises(ValueError, match="languages"):
        tiny.assign(["a", "b"], langs=["pl"])
    assert tiny.assign([None, float("nan"), ""]) == [[], [], []]


def test_unfitted_model_raises() -> None:
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        RuleTopics().assign(["x"])


def test_registry_and_loader(tmp_path: Path) -> None:
    assert {"topics.rules.v1", "topics.classifier.v1"} <= set(backends.names())
    with pytest.raises(UnknownBackendError, match="topics.rules.v1"):
        load_topic_model("topics.nope.v1")
    assert isinstance(load_topic_model("topics.rules.v1"), RuleTopics)


def test_match_keys() -> None:
    assert light_stem("szybka") == light_stem("szybki") == light_stem("szybko") == "szybk"
    assert light_stem("cena") == "cena"  # at least four letters stay
    assert match_key("Dostawę", "pl") == match_key("dostawa", "pl")
    assert match_key("opoznienie", "pl", frozenset({"opozni"})) == "opozni*"
    assert match_key("delivered", "en") == "deliver"


STEM_CLASH = {
    "format": 1,
    "name": "stem_clash",
    "topics": [
        {"code": "staff", "name": {"pl": "Obsługa", "en": "Staff"},
         "terms": {"pl": ["bank*", "czeka*"], "en": ["rep*"]}},
        {"code": "refunds", "name": {"pl": "Zwroty", "en": "Refunds"},
         "terms": {"pl": ["bankomat", "czekać ... na zwrot"],
                   "en": ["repaid", "refund ... repaid"]}},
    ],
}


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("The rep was helpful", "en", {"staff"}),
    ("I was repaid in full", "en", {"staff", "refunds"}),  # "rep*" covers every rep- word
    ("No reply for a week", "en", {"staff"}),
    ("The refund came late but I was repaid", "en", {"staff", "refunds"}),
    ("Bankomat zjadł kartę", "pl", {"staff", "refunds"}),
    ("Bank oddzwonił po tygodniu", "pl", {"staff"}),
    # one letter past the stem is an ending: "czekalismy" (no diacritics, unknown to the
    # lemmatiser) still matches "czekać" through "czeka*"; the longer match wins
    ("Czekalismy na zwrot miesiąc", "pl", {"refunds"}),
])
def test_a_plain_word_is_not_widened_by_another_terms_stem(text: str, lang: str,
                                                           found: set[str]) -> None:
    # "repaid" and "bankomat" start with the declared stems "rep*" and "bank*": they still
    # match only themselves ("reply", "bank" do not make a refund)
    model = RuleTopics(taxonomy=load_taxonomy(STEM_CLASH)).fit()
    assert set(codes(model, text, lang)) == found


@pytest.mark.parametrize(("text", "must", "must_not"), TOPIC_CASES)
def test_shipped_taxonomy_cases(default: RuleTopics, text: str, must: set[str],
                                must_not: set[str]) -> None:
    found = set(codes(default, text))
    assert must <= found, (text, found)
    assert not (must_not & found), (text, found)


def test_load_topic_model_takes_a_taxonomy_file() -> None:
    path = Path(__file__).resolve().parents[2] / "configs" / "taxonomy" / "example_override.yaml"
    model = load_topic_model(path)
    assert isinstance(model, RuleTopics)
    assert model.taxonomy_.codes == load_taxonomy(path).codes


@pytest.mark.parametrize(("text", "lang", "absent"), [
    ("Sprzedawca wprowadził mnie w błąd", "pl", "digital.errors"),   # misled, not a bug
    ("To był mój błąd, obsługa pomogła", "pl", "digital.errors"),
    ("z czystym sumieniem polecam", "pl", "store.cleanliness"),      # clear conscience
    ("I can recommend it with a clear conscience", "en", "store.cleanliness"),
    ("They messed up my order", "en", "store.cleanliness"),
])
def test_polysemous_phrases_do_not_trigger(text: str, lang: str, absent: str) -> None:
    model = RuleTopics(taxonomy="cx_default").fit()
    assert absent not in {m.code for m in model.assign([text], langs=[lang])[0]}
