"""cxtext.nlp: lemmas, negation features, clause splitting and the batched pipe()."""

from __future__ import annotations

import pytest

from cxtext.nlp import (
    NEG_PREFIX,
    Clause,
    features,
    get_nlp,
    lemmatize_word,
    lemmatizer_backend,
    pipe,
    split_clauses,
)


def feats(text: str, lang: str) -> list[str]:
    return features(next(pipe([text], lang)))


# =========================================================================== negation


@pytest.mark.parametrize(
    ("negated", "plain", "lang"),
    [
        pytest.param("nie polecam", "polecam", "pl", id="pl-nie-polecam"),
        pytest.param("Nie polecam!", "Polecam!", "pl", id="pl-capitalised-with-bang"),
        pytest.param("nie mam zastrzeżeń", "mam zastrzeżenia", "pl", id="pl-zastrzezen"),
        pytest.param("nie jest dobrze", "jest dobrze", "pl", id="pl-nie-jest-dobrze"),
        pytest.param("nie jest za drogo", "jest za drogo", "pl", id="pl-over-aux-and-degree"),
        pytest.param("nie działa", "działa", "pl", id="pl-nie-dziala"),
        pytest.param("bez problemu", "problem", "pl", id="pl-bez"),
        pytest.param("brak kontaktu", "kontakt", "pl", id="pl-brak"),
        pytest.param("not recommended", "recommended", "en", id="en-not-recommended"),
        pytest.param("don't like", "like", "en", id="en-dont-like"),
        pytest.param("never again", "again", "en", id="en-never"),
        pytest.param("not good", "good", "en", id="en-not-good"),
        pytest.param("wasn't helpful", "helpful", "en", id="en-wasnt"),
    ],
)
def test_negated_and_plain_share_no_feature(negated: str, plain: str, lang: str) -> None:
    neg, pos = feats(negated, lang), feats(plain, lang)
    assert any(f.startswith(NEG_PREFIX) for f in neg)
    assert not any(f.startswith(NEG_PREFIX) for f in pos)
    assert set(neg) & set(pos) == set()


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param("Nie polecam", "pl", ["nie", "NEG_polecać"], id="pl-docstring-example"),
        pytest.param("not recommended", "en", ["not", "NEG_recommend"], id="en-not-recommended"),
        pytest.param("don't like", "en", ["do", "not", "NEG_like"], id="en-contraction"),
        pytest.param("Polecam!!!", "pl", ["polecać"], id="punctuation-dropped"),
    ],
)
def test_features_exact(text: str, lang: str, expected: list[str]) -> None:
    assert feats(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "negated_lemma"),
    [
        pytest.param("I don't like the app", "en", "like", id="en-dont-like"),
        pytest.param("not very good", "en", "good", id="en-scope-spans-adverb"),
        pytest.param("without any problems", "en", "problem", id="en-without"),
        pytest.param("I can't log in", "en", "log", id="en-cant"),
        # morfeusz2 (extra "morfeusz") reads the noun, simplemma the verb "zastrzec": the scope
        # over "mam" is what is tested here
        pytest.param("nie mam zastrzeżeń", "pl",
                     "zastrzeżenie" if lemmatizer_backend("pl") == "morfeusz2" else "zastrzec",
                     id="pl-over-mam"),
        pytest.param("obsługa nie była miła", "pl", "być", id="pl-mid-sentence"),
        pytest.param("Kurier nie zadzwonił", "pl", "zadzwonić", id="pl-past-tense"),
    ],
)
def test_word_in_negation_scope_is_prefixed(text: str, lang: str, negated_lemma: str) -> None:
    out = feats(text, lang)
    assert NEG_PREFIX + negated_lemma in out
    assert negated_lemma not in out


@pytest.mark.parametrize(
    ("text", "lang", "free_lemma"),
    [
        pytest.param("not good, but fast", "en", "fast", id="en-comma-but"),
        pytest.param("not good but fast", "en", "fast", id="en-but-without-comma"),
        pytest.param("not good and slow", "en", "slow", id="en-and"),
        pytest.param(
            "The app is not working. Delivery was fast", "en", "delivery", id="en-sentence-end"
        ),
        pytest.param("never on time; support helpful", "en", "support", id="en-semicolon"),
        pytest.param("nie polecam, ale cena ok", "pl", "cena", id="pl-comma-ale"),
        pytest.param("nie polecam ale cena ok", "pl", "cena", id="pl-ale-without-comma"),
        pytest.param("nie było źle, dostawa szybka", "pl", "dostawa", id="pl-comma"),
        pytest.param("Nie polecam. Kurier spóźnił się", "pl", "kurier", id="pl-sentence-end"),
        pytest.param(
            "Obsługa nie pomogła i kurier zgubił paczkę", "pl", "kurier", id="pl-conjunction-i"
        ),
    ],
)
def test_negation_scope_stops(text: str, lang: str, free_lemma: str) -> None:
    out = feats(text, lang)
    assert any(f.startswith(NEG_PREFIX) for f in out)
    assert free_lemma in out
    assert NEG_PREFIX + free_lemma not in out


def test_negation_is_marked_on_tokens() -> None:
    doc = next(pipe(["Kurier nie zadzwonił i nie przyszedł"], "pl"))
    assert [t.text for t in doc if t._.negation_cue] == ["nie", "nie"]
    assert [t.text for t in doc if t._.negated] == ["zadzwonił", "przyszedł"]


# =========================================================================== lemmas


@pytest.mark.parametrize("backend", ["auto", "simplemma"])
@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        pytest.param("dostawa", "dostawa", id="dostawa-nom"),
        pytest.param("dostawy", "dostawa", id="dostawy-gen"),
        pytest.param("dostawą", "dostawa", id="dostawa-instr"),
        pytest.param("dostawie", "dostawa", id="dostawie-loc"),
        pytest.param("dostawę", "dostawa", id="dostawe-acc"),
        pytest.param("DOSTAWY", "dostawa", id="dostawy-uppercase"),
        pytest.param("kurierem", "kurier", id="kurierem"),
        pytest.param("kuriera", "kurier", id="kuriera"),
        pytest.param("kurierzy", "kurier", id="kurierzy"),
        pytest.param("paczkę", "paczka", id="paczke"),
        pytest.param("obsługą", "obsługa", id="obsluga-instr"),
        pytest.param("sklepie", "sklep", id="sklepie"),
        pytest.param("reklamację", "reklamacja", id="reklamacje"),
        pytest.param("infolinią", "infolinia", id="infolinia-instr"),
        pytest.param("polecam", "polecać", id="polecam-verb"),
        pytest.param("ok", "ok", id="ok-not-oko"),
        pytest.param("super", "super", id="super"),
    ],
)
def test_polish_inflections_share_a_lemma(form: str, lemma: str, backend: str) -> None:
    assert lemmatize_word(form, "pl", backend) == lemma
    doc = next(pipe([f"Ta {form} była"], "pl", lemmatizer=backend))
    assert doc[1].lemma_ == lemma


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        pytest.param("deliveries", "delivery", id="deliveries"),
        pytest.param("couriers", "courier", id="couriers"),
        pytest.param("prices", "price", id="prices"),
        pytest.param("recommended", "recommend", id="recommended"),
    ],
)
def test_english_lemmas(form: str, lemma: str) -> None:
    assert lemmatize_word(form, "en") == lemma


def test_all_delivery_forms_give_one_feature() -> None:
    forms = ["dostawa", "dostawy", "dostawą", "dostawie", "dostawę"]
    docs = list(pipe(forms, "pl"))
    assert {f for d in docs for f in features(d)} == {"dostawa"}


@pytest.mark.parametrize(
    ("lang", "allowed"),
    [
        pytest.param("pl", {"morfeusz2", "simplemma"}, id="pl"),
        pytest.param("en", {"simplemma"}, id="en"),
        pytest.param("de", {"lowercase"}, id="de"),
        pytest.param("other", {"lowercase"}, id="other"),
        pytest.param("und", {"lowercase"}, id="und"),
    ],
)
def test_lemmatizer_backend(lang: str, allowed: set[str]) -> None:
    assert lemmatizer_backend(lang) in allowed


def test_unknown_lemmatizer_is_rejected() -> None:
    with pytest.raises(ValueError, match="lemmatizer"):
        get_nlp("pl", lemmatizer="spacy")


# =========================================================================== placeholders


@pytest.mark.parametrize(
    ("text", "lang", "placeholders"),
    [
        pytest.param("pisz na [EMAIL] lub [PHONE]", "pl", ["[EMAIL]", "[PHONE]"], id="pl"),
        pytest.param("call me on [PHONE], mail [EMAIL]", "en", ["[PHONE]", "[EMAIL]"], id="en"),
        pytest.param("[URL] nie działa", "pl", ["[URL]"], id="pl-at-start"),
        pytest.param(
            "konto [IBAN], karta [CARD], [PESEL].",
            "pl",
            ["[IBAN]", "[CARD]", "[PESEL]"],
            id="pl-all-numbers",
        ),
        pytest.param("[EMAIL]", "und", ["[EMAIL]"], id="und"),
    ],
)
def test_placeholders_stay_one_token(text: str, lang: str, placeholders: list[str]) -> None:
    doc = next(pipe([text], lang))
    tokens = [t.text for t in doc]
    assert [t for t in tokens if t.startswith("[")] == placeholders
    assert not any(t in ("[", "]") for t in tokens)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("pisz na [EMAIL]", "pl", id="pl"),
        pytest.param("mail me at [EMAIL]", "en", id="en"),
        pytest.param(
            "[EMAIL]",
            "und",
            id="und",
        ),
        pytest.param(
            "Bitte [EMAIL]",
            "other",
            id="other",
        ),
    ],
)
def test_placeholder_feature_is_verbatim(text: str, lang: str) -> None:
    assert "[EMAIL]" in feats(text, lang)


# =========================================================================== clauses


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "produkt super, ale dostawa trwała tydzień",
            "pl",
            [("produkt super", 0, 13), ("ale dostawa trwała tydzień", 15, 41)],
            id="pl-ale",
        ),
        pytest.param(
            "Produkt super, ale dostawa trwała tydzień.",
            "pl",
            [("Produkt super", 0, 13), ("ale dostawa trwała tydzień", 15, 41)],
            id="pl-ale-final-period-trimmed",
        ),
        pytest.param(
            "Cena ok, jednak obsługa słaba",
            "pl",
            [("Cena ok", 0, 7), ("jednak obsługa słaba", 9, 29)],
            id="pl-jednak",
        ),
        pytest.param(
            "Cena ok natomiast obsługa słaba",
            "pl",
            [("Cena ok", 0, 7), ("natomiast obsługa słaba", 8, 31)],
            id="pl-natomiast-no-comma",
        ),
        pytest.param(
            "Tanio, chociaż jakość słaba",
            "pl",
            [("Tanio", 0, 5), ("chociaż jakość słaba", 7, 27)],
            id="pl-chociaz",
        ),
        pytest.param(
            "Szybka dostawa. Polecam!",
            "pl",
            [("Szybka dostawa", 0, 14), ("Polecam", 16, 23)],
            id="pl-sentences",
        ),
        pytest.param(
            "Drogo; kurier miły", "pl", [("Drogo", 0, 5), ("kurier miły", 7, 18)], id="pl-semicolon"
        ),
        pytest.param(
            "Nie polecam... kurier spóźniony",
            "pl",
            [("Nie polecam", 0, 11), ("kurier spóźniony", 15, 31)],
            id="pl-ellipsis",
        ),
        pytest.param(
            "Super?! Nie wiem", "pl", [("Super", 0, 5), ("Nie wiem", 8, 16)], id="pl-interrobang"
        ),
        pytest.param(
            "Pisz na [EMAIL]. Dzięki",
            "pl",
            [("Pisz na [EMAIL]", 0, 15), ("Dzięki", 17, 23)],
            id="pl-placeholder-kept",
        ),
        pytest.param(
            "Great price but the courier was rude",
            "en",
            [("Great price", 0, 11), ("but the courier was rude", 12, 36)],
            id="en-but",
        ),
        pytest.param(
            "The app is fine, however support is slow",
            "en",
            [("The app is fine", 0, 15), ("however support is slow", 17, 40)],
            id="en-however",
        ),
        pytest.param(
            "Good product although delivery was slow",
            "en",
            [("Good product", 0, 12), ("although delivery was slow", 13, 39)],
            id="en-although",
        ),
        pytest.param(
            "Nice but expensive but worth it",
            "en",
            [("Nice", 0, 4), ("but expensive", 5, 18), ("but worth it", 19, 31)],
            id="en-two-buts",
        ),
        pytest.param(
            "Fast delivery. Great price! Rude staff?",
            "en",
            [("Fast delivery", 0, 13), ("Great price", 15, 26), ("Rude staff", 28, 38)],
            id="en-three-sentences",
        ),
        # one clause: no connective and no sentence end inside
        pytest.param(
            "Szybka dostawa polecam", "pl", [("Szybka dostawa polecam", 0, 22)], id="pl-single"
        ),
        pytest.param(
            "Dostawa szybka, produkt zgodny z opisem",
            "pl",
            [("Dostawa szybka, produkt zgodny z opisem", 0, 39)],
            id="pl-comma-alone-does-not-split",
        ),
        pytest.param("ale drogo", "pl", [("ale drogo", 0, 9)], id="pl-leading-connective"),
        pytest.param("ok", "pl", [("ok", 0, 2)], id="single-word"),
        pytest.param("Fast and friendly", "en", [("Fast and friendly", 0, 17)], id="en-single"),
        # nothing to split
        pytest.param("", "pl", [], id="empty"),
        pytest.param("...", "pl", [], id="punctuation-only"),
        pytest.param(
            "   ",
            "pl",
            [],
            id="whitespace-only",
        ),
    ],
)
def test_split_clauses(text: str, lang: str, expected: list[tuple[str, int, int]]) -> None:
    clauses = split_clauses(text, lang)
    assert all(isinstance(c, Clause) for c in clauses)
    assert [(c.text, c.start, c.end) for c in clauses] == expected
    for c in clauses:
        assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param(
            "Łódź: dostawa ok, ale kurier źle. Zwrot trwał 2 tygodnie!",
            "pl",
            id="pl-diacritics-before-offsets",
        ),
        pytest.param("Świetnie 👍 ale drogo 😡 jednak polecam", "pl", id="pl-emoji-before-offsets"),
        pytest.param(
            "I can't log in, but [EMAIL] works. However, the app crashes.",
            "en",
            id="en-contractions-and-placeholder",
        ),
    ],
)
def test_clause_offsets_index_the_original_text(text: str, lang: str) -> None:
    clauses = split_clauses(text, lang)
    assert len(clauses) >= 2
    assert all(text[c.start : c.end] == c.text for c in clauses)
    starts = [c.start for c in clauses]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(clauses, clauses[1:], strict=False))


# =========================================================================== pipe


def test_pipe_keeps_input_order_across_languages() -> None:
    texts = ["Nie polecam", "not recommended", "Sehr gut", "dostawy", "[EMAIL]", "Fast delivery"]
    langs = ["pl", "en", "other", "pl", "und", "en"]
    docs = list(pipe(texts, langs, batch_size=2))
    assert [d.text for d in docs] == texts
    assert [t.lemma_ for t in docs[3]] == ["dostawa"]  # Polish lemmas for a Polish text
    assert "recommend" in [t.lemma_ for t in docs[1]]  # English lemmas for an English text
    assert [t.lemma_ for t in docs[2]] == ["sehr", "gut"]  # other: plain lower-case forms


def test_pipe_single_language_string_applies_to_all() -> None:
    texts = ["kurierem", "kuriera", "kurierzy"]
    docs = list(pipe(texts, "pl"))
    assert [d.text for d in docs] == texts
    assert [d[0].lemma_ for d in docs] == ["kurier"] * 3


def test_pipe_accepts_generators_and_empty_input() -> None:
    docs = list(pipe((t for t in ["a", "b"]), iter(["pl", "en"])))
    assert [d.text for d in docs] == ["a", "b"]
    assert list(pipe([], "pl")) == []


@pytest.mark.parametrize(
    ("texts", "langs"),
    [
        pytest.param(["a", "b"], ["pl"], id="fewer-langs"),
        pytest.param(["a"], ["pl", "en"], id="more-langs"),
        pytest.param([], ["pl"], id="langs-for-no-texts"),
    ],
)
def test_pipe_length_mismatch_raises(texts: list[str], langs: list[str]) -> None:
    with pytest.raises(ValueError):
        list(pipe(texts, langs))
