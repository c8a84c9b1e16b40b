"""sentiment.lexicon.v1: VADER for English + a Polish lemma lexicon learned in ``fit``.

Tiny in-file corpora only (Polish diacritics, answers without them, negation, emoji); no
network, no shared data. The module-scoped model is fitted once (well under a second).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from cxtext.errors import CxTextError, InputError, ModelLoadError
from cxtext.sentiment.base import LABELS, backends, load_model
from cxtext.sentiment.lexicon import FEATURE_NAMES, Lexicon, LexiconSentiment, learn_lexicon

CORPUS: list[tuple[str, str, str]] = [
    ("Polecam, świetna obsługa!", "positive", "pl"),
    ("Szybka dostawa, polecam", "positive", "pl"),
    ("Bardzo miła i pomocna pani na infolinii", "positive", "pl"),
    ("Świetny produkt, jestem zadowolona 😀", "positive", "pl"),
    ("Wszystko super, polecam 👍", "positive", "pl"),
    ("Miła obsługa, szybka dostawa", "positive", "pl"),
    ("Jestem bardzo zadowolony, świetny sklep", "positive", "pl"),
    ("Nie polecam. Kurier spóźnił się trzy dni 😡", "negative", "pl"),
    ("Zwrot pieniędzy trwał miesiąc, reklamacja odrzucona", "negative", "pl"),
    ("Fatalna obsługa, nie polecam", "negative", "pl"),
    ("Paczka uszkodzona, fatalny kontakt 👎", "negative", "pl"),
    ("Nigdy więcej, beznadziejny sklep", "negative", "pl"),
    ("Beznadziejna infolinia, czekałem godzinę", "negative", "pl"),
    ("Jestem niezadowolony, paczka uszkodzona", "negative", "pl"),
    ("Zamówienie złożyłem w poniedziałek", "neutral", "pl"),
    ("Odbiór osobisty w sklepie na Mokotowie", "neutral", "pl"),
    ("Kupiłem buty i kurtkę", "neutral", "pl"),
    ("Płaciłem kartą przy odbiorze", "neutral", "pl"),
    ("Zamówienie przez aplikację w sobotę", "neutral", "pl"),
    ("Produkt świetny, ale dostawa fatalna", "mixed", "pl"),
    ("Miła obsługa, ale paczka uszkodzona", "mixed", "pl"),
    ("Great service, thank you so much!", "positive", "en"),
    ("Love the new app, excellent support 👍", "positive", "en"),
    ("Amazing staff, very helpful", "positive", "en"),
    ("Terrible app, I can't even log in", "negative", "en"),
    ("The courier was rude and the box was damaged", "negative", "en"),
    ("Awful experience, worst airline ever", "negative", "en"),
    ("I ordered it online last week", "neutral", "en"),
    ("The package arrived on Tuesday", "neutral", "en"),
    ("My flight is tomorrow morning", "neutral", "en"),
    ("Great price but the courier was rude", "mixed", "en"),
    ("Good food, but the service was awful", "mixed", "en"),
]
TEXTS = [t for t, _, _ in CORPUS]
Y = [lab for _, lab, _ in CORPUS]
LANGS: list[str | None] = [lg for _, _, lg in CORPUS]


@pytest.fixture(scope="module")
def fitted() -> LexiconSentiment:
    # 32 answers are too few to cross-fit (fold lexicons of a handful of words): in-sample
    # features here; the cross-fitted default is checked in test_cross_fitting_default
    return LexiconSentiment(min_count=2, n_folds=0).fit(TEXTS, Y, langs=LANGS)


# -- behaviour ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("polecam", "positive"),
        ("nie polecam", "negative"),
        ("Nie polecam 😡", "negative"),
        ("fatalna obsługa", "negative"),
        ("Świetna obsługa, polecam!", "positive"),
        ("Świetny sklep", "positive"),
        ("swietny sklep", "positive"),  # no diacritics: hits "świetny" by the folded lemma
        ("great service", "positive"),  # English through VADER
        ("terrible", "negative"),
        ("not good", "negative"),  # VADER's negation: "good" alone would be positive
        ("The staff were not helpful at all", "negative"),
    ],
)
def test_predictions(fitted: LexiconSentiment, text: str, expected: str) -> None:
    assert fitted.predict([text])[0] == expected


def test_negation_flips_english_and_polish(fitted: LexiconSentiment) -> None:
    pos = list(fitted.classes_).index("positive")
    p = fitted.predict_proba(["good", "not good", "polecam", "nie polecam"])
    assert p[0, pos] > p[1, pos] + 0.2
    assert p[2, pos] > p[3, pos] + 0.2


def test_langs_detected_when_not_given(fitted: LexiconSentiment) -> None:
    model = LexiconSentiment(min_count=2, n_folds=0).fit(TEXTS, Y)  # prepare() detects langs
    assert model.lexicon_.entries == fitted.lexicon_.entries  # English kept out of the lexicon
    assert "great" not in model.lexicon_.entries
    assert list(model.predict(["nie polecam", "great service", "not good"])) == [
        "negative", "positive", "negative"
    ]


def test_cross_fitting_default() -> None:
    model = LexiconSentiment(min_count=2).fit(TEXTS * 2, Y * 2, langs=LANGS * 2)
    in_sample = LexiconSentiment(min_count=2, n_folds=0).fit(TEXTS * 2, Y * 2, langs=LANGS * 2)
    assert model.n_folds == 5
    assert model.lexicon_.entries == in_sample.lexicon_.entries  # final lexicon: all answers
    assert not np.allclose(model.coef_, in_sample.coef_)  # the classifier saw fold features
    pos = list(model.classes_).index("positive")
    p = model.predict_proba(["polecam", "nie polecam", "great service", "terrible"])
    assert p[0, pos] > p[1, pos] and p[2, pos] > p[3, pos]


def test_mixed_needs_evidence_both_ways(fitted: LexiconSentiment) -> None:
    mixed = list(fitted.classes_).index("mixed")
    p = fitted.predict_proba(["Świetny produkt, ale fatalna dostawa", "Świetny produkt"])
    assert p[0, mixed] > p[1, mixed]


# -- probabilities -----------------------------------------------------------------------------

def test_probabilities_sum_to_one_in_classes_order(fitted: LexiconSentiment) -> None:
    assert list(fitted.classes_) == list(LABELS)  # all four labels, canonical order
    p = fitted.predict_proba(["polecam", "nie polecam", "", "Kupiłem buty", "ok"])
    assert p.shape == (5, 4)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-9)
    assert (p >= 0).all()
    assert list(fitted.predict(["polecam", "nie polecam"])) == [
        fitted.classes_[p[0].argmax()], fitted.classes_[p[1].argmax()]
    ]
    assert fitted.classes_[p[0].argmax()] == "positive"
    assert fitted.classes_[p[1].argmax()] == "negative"


def test_binary_labels_give_two_columns() -> None:
    keep = [i for i, lab in enumerate(Y) if lab in ("positive", "negative")]
    model = LexiconSentiment(min_count=2).fit(
        [TEXTS[i] for i in keep], [Y[i] for i in keep], langs=[LANGS[i] for i in keep]
    )
    assert list(model.classes_) == ["negative", "positive"]
    p = model.predict_proba(["polecam", "fatalna obsługa"])
    assert p.shape == (2, 2)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert p[0, 1] > 0.5 > p[1, 1]


# -- explanations ------------------------------------------------------------------------------

def test_explain_names_the_triggering_words(fitted: LexiconSentiment) -> None:
    out = fitted.explain(["nie polecam", "great service", "not good", "Kupiłem buty"], top_k=3)
    assert len(out) == 4
    word, value = out[0][0]
    assert word == "NEG_polecać" and value < 0  # negated lemma, strongest negative first
    assert out[1][0][0] == "great" and out[1][0][1] > 0  # VADER's lexicon
    assert out[2] == [("NEG_good", pytest.approx(1.9 * -0.74, abs=1e-3))]
    assert all(len(o) <= 3 for o in out)


def test_explain_orders_by_support_for_the_predicted_label(fitted: LexiconSentiment) -> None:
    (pos_expl, neg_expl) = fitted.explain(
        ["Świetna obsługa, polecam, jestem zadowolona", "Fatalna obsługa, paczka uszkodzona 😡"]
    )
    pos_values = [v for _, v in pos_expl]
    neg_values = [v for _, v in neg_expl]
    assert pos_values and pos_values == sorted(pos_values, reverse=True) and pos_values[0] > 0
    assert neg_values and neg_values == sorted(neg_values) and neg_values[0] < 0
    assert "😡" in dict(neg_expl)


def test_explain_shows_the_entry_a_folded_word_hit(fitted: LexiconSentiment) -> None:
    assert [w for w, _ in fitted.explain(["swietny"])[0]] == ["świetny"]


def test_predict_explain_is_one_pass_of_both(fitted: LexiconSentiment) -> None:
    texts = ["nie polecam", "great service", "Kupiłem buty"]
    proba, expl = fitted.predict_explain(texts, top_k=2)
    assert np.array_equal(proba, fitted.predict_proba(texts))
    assert expl == fitted.explain(texts, top_k=2)


def test_explain_without_lexicon_words_is_empty(fitted: LexiconSentiment) -> None:
    assert fitted.explain(["", "12345"]) == [[], []]


# -- the learned lexicon ---------------------------------------------------------------------------

def test_learn_lexicon_polarity_counts_and_negation() -> None:
    docs = [["polecać", "sklep"]] * 4 + [["zły", "sklep"]] * 4 + [["sklep"]] * 4 + [["rzadki"]]
    labels = ["positive"] * 4 + ["negative"] * 4 + ["neutral"] * 4 + ["positive"]
    lex = learn_lexicon(docs, labels, min_count=2, min_z=1.0)
    assert lex.entries["polecać"][0] > 1.0 > -1.0 > lex.entries["zły"][0]
    assert lex.entries["polecać"][2] == 4  # answers with the lemma
    assert "rzadki" not in lex.entries  # below min_count
    assert abs(lex.entries.get("sklep", (0.0, 0.0, 0))[0]) < 0.2  # in every class: no polarity
    # a NEG_ feature never seen takes the flipped, damped polarity of its lemma
    hit = lex.lookup("NEG_polecać")
    assert hit is not None and hit[0] == "NEG_polecać"
    assert hit[1] == pytest.approx(-0.74 * lex.entries["polecać"][0])


def test_frequent_neutral_negation_is_not_flipped() -> None:
    docs = ([["polecać"]] * 5 + [["zły"]] * 5
            + [["NEG_polecać", "kurier"]] * 2 + [["NEG_polecać", "cena"]] * 2)
    labels = ["positive"] * 5 + ["negative"] * 5 + ["positive", "negative"] * 2
    lex = learn_lexicon(docs, labels, min_count=2, min_z=1.0)
    assert "NEG_polecać" in lex.neg_blocked
    assert lex.lookup("NEG_polecać") is None
    assert lex.lookup("NEG_polecac") is None  # blocked also without diacritics


def test_folded_lookup_and_json_round_trip() -> None:
    lex = Lexicon({"miły": (1.5, 0.8, 10), "mily": (-0.1, 0.0, 2), "zły": (-2.0, 1.0, 7)},
                  negation_scale=0.5)
    assert lex.lookup("miły") == ("miły", 1.5, 0.8)
    assert lex.lookup("mily") == ("mily", -0.1, 0.0)  # an exact entry wins over folding
    assert lex.lookup("zly") == ("zły", -2.0, 1.0)
    assert lex.lookup("NEG_zly") == ("NEG_zły", 1.0, 1.0)
    assert lex.lookup("dobry") is None
    again = Lexicon.from_json(json.loads(json.dumps(lex.to_json())))
    assert again.entries == lex.entries
    assert again.lookup("NEG_zly") == lex.lookup("NEG_zly")


# -- persistence & registry ------------------------------------------------------------------------

def test_save_load_gives_identical_predictions(fitted: LexiconSentiment, tmp_path) -> None:
    folder = fitted.save(tmp_path / "lex", metadata={"data": "tiny"})
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["classifier.json", "config.json", "lexicon.json", "metadata.json"]
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["backend"] == "sentiment.lexicon.v1"
    assert config["params"]["min_count"] == 2
    lexicon = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
    assert "polecać" in lexicon["entries"]  # readable, diacritics kept
    loaded = load_model(folder)
    assert isinstance(loaded, LexiconSentiment)
    probe = TEXTS + ["nie polecam", "not good", "ok", "fatalna obsluga", ""]
    # JSON round trip of float weights: equal to the last bits is not promised
    np.testing.assert_allclose(loaded.predict_proba(probe), fitted.predict_proba(probe),
                               rtol=1e-6, atol=1e-12)
    assert loaded.explain(probe) == fitted.explain(probe)
    assert list(loaded.classes_) == list(fitted.classes_)
    assert loaded.get_params() == fitted.get_params()


def test_overfit_then_reload(tmp_path) -> None:
    texts = ["polecam", "nie polecam", "great", "awful", "Kupiłem buty"] * 3
    labels = ["positive", "negative", "positive", "negative", "neutral"] * 3
    model = LexiconSentiment(min_count=1, min_z=0.0, C=100.0, n_folds=0).fit(texts, labels)
    assert list(model.predict(texts)) == labels
    loaded = load_model(model.save(tmp_path / "m"))
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts),
                               rtol=1e-6, atol=1e-12)


def test_corrupt_folder_raises_model_load_error(fitted: LexiconSentiment, tmp_path) -> None:
    folder = fitted.save(tmp_path / "bad")
    clf = json.loads((folder / "classifier.json").read_text(encoding="utf-8"))
    clf["coef"] = clf["coef"][:2]
    (folder / "classifier.json").write_text(json.dumps(clf), encoding="utf-8")
    with pytest.raises(ModelLoadError):
        load_model(folder)
    (folder / "lexicon.json").unlink()
    with pytest.raises(ModelLoadError):
        load_model(folder)


def test_registered_under_its_name() -> None:
    import cxtext.sentiment  # noqa: F401 - registers the backends

    assert backends.get("sentiment.lexicon.v1") is LexiconSentiment
    assert LexiconSentiment.backend == "sentiment.lexicon.v1"
    assert "sentiment.lexicon.v1" in backends.names()


def test_sklearn_params_and_clone(fitted: LexiconSentiment) -> None:
    c = clone(fitted)
    assert c.get_params() == fitted.get_params()
    assert not hasattr(c, "coef_")
    assert fitted.coef_.shape == (len(fitted.classes_), len(FEATURE_NAMES))


# -- errors -------------------------------------------------------------------------------------

def test_single_string_is_rejected(fitted: LexiconSentiment) -> None:
    with pytest.raises(InputError, match="single string"):
        fitted.predict_proba("polecam")
    with pytest.raises(InputError):
        fitted.explain("polecam")
    with pytest.raises(InputError):
        LexiconSentiment().fit("polecam", ["positive"])


@pytest.mark.parametrize(
    ("texts", "labels", "match"),
    [
        (["a", "b"], ["positive", "ambivalent"], "ambivalent"),  # unknown label
        (["a", "b", "c"], ["positive", "negative"], "3 texts"),  # length mismatch
        (["a", "b"], ["positive", "positive"], "two sentiment labels"),
    ],
)
def test_bad_training_input(texts: list[str], labels: list[str], match: str) -> None:
    with pytest.raises(InputError, match=match) as info:
        LexiconSentiment().fit(texts, labels)
    assert isinstance(info.value, CxTextError) and isinstance(info.value, ValueError)


def test_langs_must_match_texts(fitted: LexiconSentiment) -> None:
    with pytest.raises(InputError, match="one language per text"):
        fitted.predict_proba(["polecam", "great"], langs=["pl"])
    with pytest.raises(InputError):
        LexiconSentiment().fit(TEXTS, Y, langs=LANGS[:-1])


def test_unfitted_model_raises(tmp_path) -> None:
    model = LexiconSentiment()
    with pytest.raises(NotFittedError):
        model.predict_proba(["polecam"])
    with pytest.raises(NotFittedError):
        model.predict(["polecam"])
    with pytest.raises(NotFittedError):
        model.explain(["polecam"])
    with pytest.raises(NotFittedError):
        model.save(tmp_path / "x")
