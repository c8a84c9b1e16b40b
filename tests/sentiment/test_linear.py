"""sentiment.linear.v1: TF-IDF lemmas (negation-marked) + char n-grams, calibrated LR."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from cxtext.errors import InputError, ModelLoadError
from cxtext.persist import VOCABULARY_FILE
from cxtext.sentiment import backends, load_model
from cxtext.sentiment.linear import CharNgrams, LinearSentiment, fit_temperature
from tests.conftest import SENTIMENT_CORPUS

TEXTS = [t for t, _ in SENTIMENT_CORPUS]
Y = [lb for _, lb in SENTIMENT_CORPUS]


@pytest.fixture(scope="module")
def fitted() -> LinearSentiment:
    # min_df=1 and a high C: the tiny corpus must be learned exactly
    return LinearSentiment(C=100.0, min_df=1, calibration=None).fit(TEXTS, Y)


def test_registered_under_versioned_name() -> None:
    assert backends.get("sentiment.linear.v1") is LinearSentiment


def test_fit_returns_self_and_sets_learned_state() -> None:
    m = LinearSentiment(min_df=1, calibration=None)
    assert m.fit(TEXTS, Y) is m
    assert list(m.classes_) == ["negative", "neutral", "positive", "mixed"]
    assert m.coef_.shape[0] == 4


def test_overfits_training_corpus(fitted: LinearSentiment) -> None:
    assert list(fitted.predict(TEXTS)) == Y


def test_probabilities_sum_to_one_in_class_order(fitted: LinearSentiment) -> None:
    p = fitted.predict_proba(TEXTS)
    assert p.shape == (len(TEXTS), 4)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
    assert list(fitted.classes_[p.argmax(axis=1)]) == list(fitted.predict(TEXTS))


def test_save_reload_identical_predictions(fitted: LinearSentiment, tmp_path: Path) -> None:
    folder = fitted.save(tmp_path / "m", metadata={"note": "tiny"})
    assert {p.name for p in folder.iterdir()} >= {"config.json", "metadata.json",
                                                  "weights.safetensors", VOCABULARY_FILE}
    assert not list(folder.glob("*.pkl"))
    config = json.loads((folder / "config.json").read_text())
    assert config["backend"] == "sentiment.linear.v1"
    again = load_model(folder)
    assert isinstance(again, LinearSentiment)
    probe = [*TEXTS, "zupełnie nowy tekst", "", "😀"]
    np.testing.assert_allclose(again.predict_proba(probe), fitted.predict_proba(probe), atol=1e-6)


def test_negation_changes_the_features(fitted: LinearSentiment) -> None:
    pos, neg = fitted.explain(["polecam"])[0], fitted.explain(["nie polecam"])[0]
    assert any(f.startswith("NEG_") for f, _ in neg)
    assert not any(f.startswith("NEG_") for f, _ in pos)


@pytest.mark.parametrize(
    ("text", "word"),
    [("nie polecam, tragedia", "tragedia"), ("Great service, thank you so much!", "great")],
)
def test_explain_names_triggering_words(fitted: LinearSentiment, text: str, word: str) -> None:
    feats = [f for f, w in fitted.explain([text], top_k=10)[0]]
    assert any(word in f.split() for f in feats), feats
    assert all(w > 0 for _, w in fitted.explain([text], top_k=10)[0])


def test_predict_explain_matches_separate_calls(fitted: LinearSentiment) -> None:
    proba, expl = fitted.predict_explain(TEXTS[:5])
    np.testing.assert_allclose(proba, fitted.predict_proba(TEXTS[:5]))
    assert expl == fitted.explain(TEXTS[:5])


def test_temperature_calibration_is_fitted() -> None:
    texts, y = TEXTS * 3, Y * 3  # >= 3 per class for the out-of-fold predictions
    m = LinearSentiment(min_df=1).fit(texts, y)
    assert 0.05 <= m.temperature_ <= 20.0


def test_fit_temperature_recovers_a_known_temperature() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4000, 3)) * 3
    true_t = 2.5
    p = np.exp(logits / true_t)
    p /= p.sum(axis=1, keepdims=True)
    y = np.array([rng.choice(3, p=row) for row in p])
    assert fit_temperature(logits, y) == pytest.approx(true_t, rel=0.15)


def test_char_ngrams_match_sklearn_char_wb() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    ours = CharNgrams((2, 5))
    for text in ["Zażółć gęślą jaźń", "a", "ok ok", "  ", "Łódź!!"]:
        assert ours(text) == ref(text)


def test_fast_char_tfidf_equals_vectorizer(fitted: LinearSentiment) -> None:
    from cxtext.lang import fold

    folded = [fold(t) for t in [*TEXTS, "", "nowe słowa spoza słownika"]]
    expected = fitted.char_vectorizer_.transform(folded).toarray()
    np.testing.assert_allclose(fitted._char_tfidf(folded).toarray(), expected, atol=1e-6)


def test_n_jobs_gives_identical_results(fitted: LinearSentiment) -> None:
    import cxtext.sentiment.linear as lin

    many = [f"{t} {i}" for i, t in enumerate(TEXTS * 10)]
    serial = fitted.predict_proba(many)
    par = clone(fitted)
    par.__dict__.update({k: v for k, v in fitted.__dict__.items() if k.endswith("_")})
    par.n_jobs = 2
    old = lin._MIN_PARALLEL
    lin._MIN_PARALLEL = 10  # force the parallel path on a small batch
    try:
        np.testing.assert_allclose(par.predict_proba(many), serial, atol=1e-6)
    finally:
        lin._MIN_PARALLEL = old


def test_unfitted_model_raises() -> None:
    with pytest.raises(NotFittedError):
        LinearSentiment().predict(["ok"])


@pytest.mark.parametrize(
    ("X", "y", "error"),
    [
        ("polecam", None, InputError),  # a single string, not a list
        (["a", "b"], ["positive", "great"], InputError),  # unknown label
        (["a", "b"], ["positive", "positive"], ValueError),  # one class only
        (["a", "b"], ["positive"], ValueError),  # length mismatch
    ],
)
def test_bad_training_input(X: object, y: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        LinearSentiment(min_df=1).fit(X, y if y is not None else ["positive"])


def test_missing_weights_is_a_clear_error(fitted: LinearSentiment, tmp_path: Path) -> None:
    folder = fitted.save(tmp_path / "m")
    (folder / "weights.safetensors").unlink()
    with pytest.raises(ModelLoadError, match="cannot read"):
        load_model(folder)


def write_legacy_folder(model: LinearSentiment, src: Path, dest: Path) -> Path:
    """``src`` as the folders written before vocabulary.safetensors: a vocabulary.json."""
    shutil.copytree(src, dest)
    (dest / VOCABULARY_FILE).unlink()
    vocab = {"word": model.word_vectorizer_.get_feature_names_out().tolist(),
             "char": model.char_vectorizer_.get_feature_names_out().tolist()}
    (dest / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False),
                                          encoding="utf-8")
    return dest


def test_vocabulary_json_folders_still_load(fitted: LinearSentiment, tmp_path: Path) -> None:
    new = fitted.save(tmp_path / "new")
    old = write_legacy_folder(fitted, new, tmp_path / "old")
    legacy = load_model(old)
    probe = [*TEXTS, "zupełnie nowy tekst", "", "😀"]
    np.testing.assert_allclose(legacy.predict_proba(probe), load_model(new).predict_proba(probe))
    assert list(legacy.word_vectorizer_.get_feature_names_out()) == list(
        fitted.word_vectorizer_.get_feature_names_out())
    legacy.save(old)  # re-saving converts the folder
    assert (old / VOCABULARY_FILE).exists() and not (old / "vocabulary.json").exists()
    np.testing.assert_allclose(load_model(old).predict_proba(probe), fitted.predict_proba(probe),
                               atol=1e-6)


def test_shipped_model_predicts_the_same_from_both_formats(tmp_path: Path) -> None:
    shipped = load_model("sentiment.linear.v1")
    folder = Path(shipped_folder())
    old = write_legacy_folder(shipped, folder, tmp_path / "legacy")
    probe = ["Nie polecam, kurier spóźniony 3 dni", "ok", "Great service, fast delivery",
             "Aplikacja się zawiesza, ale obsługa miła", "too expensive", "nie mam zastrzeżeń"]
    np.testing.assert_allclose(load_model(old).predict_proba(probe),
                               shipped.predict_proba(probe))


def shipped_folder() -> Path:
    from cxtext.sentiment import DEFAULT_MODELS, models_dir

    return models_dir() / DEFAULT_MODELS["sentiment.linear.v1"]


@pytest.mark.parametrize("damage", ["truncate", "repeat"])
def test_damaged_vocabulary_is_a_clear_error(fitted: LinearSentiment, tmp_path: Path,
                                             damage: str) -> None:
    from safetensors.numpy import load_file, save_file

    folder = fitted.save(tmp_path / "m")
    arrays = load_file(str(folder / VOCABULARY_FILE))
    blob = arrays["word_terms"]
    if damage == "truncate":
        arrays["word_terms"] = blob[:-1]
    else:  # first term twice, last one gone: same count, a repeated term
        first = bytes(blob).split(b"\n")[0] + b"\n"
        terms = bytes(blob).split(b"\n")[:-2]
        arrays["word_terms"] = np.frombuffer(first + b"\n".join(terms) + b"\n", dtype=np.uint8)
    save_file(arrays, str(folder / VOCABULARY_FILE))
    with pytest.raises(ModelLoadError, match="truncated|repeats"):
        load_model(folder)



def test_direct_tfidf_rows_equal_the_vectorizers() -> None:
    """The word and character TF-IDF rows built without scikit-learn's transform are the
    vectorizers' own rows, bit for bit (prediction speed must not change predictions)."""
    from cxtext.features import prepare

    texts, labels = [t for t, _ in SENTIMENT_CORPUS], [lb for _, lb in SENTIMENT_CORPUS]
    model = LinearSentiment(min_df=1).fit(texts, labels)
    batch = prepare(texts + ["Nie polecam, ale dostawa szybka 😀", "brand-new words zzz"])
    word = model.word_vectorizer_.transform(batch.features)
    char = model.char_vectorizer_.transform(batch.folded)
    assert (model._word_tfidf(batch.features) != word).nnz == 0
    assert (model._char_tfidf(batch.folded) != char).nnz == 0
