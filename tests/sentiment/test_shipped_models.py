"""The default models in models/ load offline from a fresh clone and carry a model card."""

from __future__ import annotations

import json

import pytest

from cxtext.errors import ModelLoadError, UnknownBackendError
from cxtext.sentiment import DEFAULT_MODELS, LABELS, load_model, models_dir


@pytest.mark.parametrize("backend", sorted(DEFAULT_MODELS))
def test_shipped_model_folder_is_complete(backend: str) -> None:
    folder = models_dir() / DEFAULT_MODELS[backend]
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["backend"] == backend
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["dev_metrics"], "metrics must come from dev splits"
    for name, m in meta["dev_metrics"].items():
        assert 0.0 < m["accuracy"] <= 1.0 and m["confusion_matrix"]["matrix"], name
    card = (folder / "README.md").read_text(encoding="utf-8")
    for needle in ("## Training data", "license", "## Metrics on dev splits",
                   "Confusion matrix", "## Speed", "## Retrain", "cxtext train sentiment"):
        assert needle in card, needle
    assert not list(folder.glob("*.pkl")) and not list(folder.glob("*.pickle"))


@pytest.mark.parametrize(
    "backend",
    [pytest.param(b, marks=pytest.mark.slow) if b == "sentiment.embedding.v1" else b
     for b in sorted(DEFAULT_MODELS)],
)
def test_shipped_model_loads_and_predicts(backend: str) -> None:
    model = load_model(backend)
    proba = model.predict_proba(["Nie polecam, kurier spóźnił się trzy dni", "Great service!"])
    assert proba.shape == (2, len(model.classes_))
    assert set(model.classes_) <= set(LABELS)
    assert list(model.predict(["Nie polecam, kurier spóźnił się trzy dni"])) == ["negative"]


def test_models_fit_in_git() -> None:
    total = sum(p.stat().st_size for p in models_dir().rglob("*") if p.is_file())
    assert total < 50 * 1024 * 1024, f"models/ is {total / 1e6:.1f} MB"


def test_unknown_backend_lists_known_names() -> None:
    with pytest.raises(UnknownBackendError, match="sentiment.linear.v1"):
        load_model("sentiment.nope.v1")


def test_backend_without_shipped_model_says_how_to_get_one() -> None:
    with pytest.raises(ModelLoadError, match="cxtext train sentiment"):
        load_model("sentiment.transformer.v1")
