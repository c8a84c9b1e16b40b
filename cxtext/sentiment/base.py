"""Shared contract of every sentiment backend, and model folders on disk.

A sentiment model is a scikit-learn classifier over a list/Series of answer strings:
``fit(X, y)`` returns self, ``predict_proba(X)`` gives one column per label in
``classes_`` (a subset of :data:`LABELS`, in that order), ``predict(X)`` the arg-max
label, ``explain(X)`` the words that pushed each prediction (empty where a backend
cannot say). Keyword-only hyper-parameters live in ``__init__``; learned state ends
in ``_``.

A model folder holds ``config.json`` (backend name, hyper-parameters, labels,
cxtext version), ``metadata.json`` (training data, metrics, free-form) and the
weights in a safe format: ``model.skops`` for scikit-learn state (loaded only when
every type in it is from scikit-learn, NumPy, SciPy or cxtext), or backend-specific
safetensors files. Nothing is ever unpickled.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from cxtext.backends import SENTIMENT_BACKENDS
from cxtext.errors import InputError, ModelLoadError
from cxtext.persist import load_skops as _load_skops
from cxtext.persist import models_dir, read_model_folder, write_model_folder
from cxtext.registry import Registry
from cxtext.text import as_texts as _as_texts

__all__ = [
    "LABELS",
    "SentimentModel",
    "backends",
    "as_texts",
    "save_model",
    "load_model",
    "models_dir",
    "DEFAULT_MODELS",
]

logger = logging.getLogger(__name__)

#: Sentiment labels in canonical order (probability columns follow this order).
LABELS: tuple[str, ...] = ("negative", "neutral", "positive", "mixed")

#: Sentiment backends by name; the built-in ones are imported on first use.
backends: Registry[type[SentimentModel]] = Registry("sentiment", lazy=SENTIMENT_BACKENDS)

#: Default model folder (under :func:`models_dir`) of each backend that ships one.
DEFAULT_MODELS: dict[str, str] = {
    "sentiment.lexicon.v1": "sentiment-lexicon-v1",
    "sentiment.linear.v1": "sentiment-linear-v1",
    "sentiment.embedding.v1": "sentiment-embedding-v1",
    "sentiment.e5.v1": "sentiment-e5-v1",
}


def as_texts(X: Any) -> list[str]:
    """Validate model input: a list/Series/array of strings (None/NaN -> "")."""
    return _as_texts(X, what="Sentiment models")


class SentimentModel(ClassifierMixin, BaseEstimator):
    """Base class: subclasses implement ``fit`` and ``predict_proba`` (and may ``explain``)."""

    backend: ClassVar[str] = ""
    #: True for a model that reads an answer in context (the contextual transformer): the
    #: annotation rules meant for bag-of-words models (clause-based ``mixed``, ``und`` ->
    #: ``neutral``) are not applied to it.
    reads_context: ClassVar[bool] = False
    #: Parameters that change only how a fitted model reads (not what fitting learns): a
    #: saved model takes new values of these without refitting (``cxtext train sentiment
    #: --weights-from``).
    inference_params: ClassVar[tuple[str, ...]] = ()

    def predict(self, X: Any, **kwargs: Any) -> np.ndarray:
        """Most probable label per text (keyword arguments go to ``predict_proba``)."""
        proba = self.predict_proba(X, **kwargs)
        return np.asarray(self.classes_)[proba.argmax(axis=1)]

    def predict_proba(self, X: Any) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def explain(self, X: Any, *, top_k: int = 5) -> list[list[tuple[str, float]]]:
        """Per text, up to ``top_k`` (feature, contribution) pairs towards the predicted label."""
        check_is_fitted(self)
        return [[] for _ in as_texts(X)]

    # -- persistence -------------------------------------------------------------------
    def save(self, path: str | Path, *, metadata: dict[str, Any] | None = None) -> Path:
        """Write the model folder (config.json, metadata.json, weights)."""
        return save_model(self, path, metadata=metadata)

    @classmethod
    def load(cls, path: str | Path) -> SentimentModel:
        model = load_model(path)
        if not isinstance(model, cls):
            raise ModelLoadError(f"{path} holds a {type(model).__name__}, not a {cls.__name__}.")
        return model

    #: The exact type names (beyond skops' own trusted ones) a ``model.skops`` of this
    #: backend may hold; a backend saving with skops lists them (see ``skops.io.
    #: get_untrusted_types`` on a saved folder). Empty: the backend is never loaded from skops.
    skops_types: frozenset[str] = frozenset()

    def _save_weights(self, folder: Path) -> None:
        import skops.io as sio

        sio.dump(self, folder / "model.skops")

    @classmethod
    def _load_weights(cls, folder: Path, config: dict[str, Any]) -> SentimentModel:
        model: SentimentModel = _load_skops(folder / "model.skops", trusted=cls.skops_types,
                                            expect=cls)
        return model


def save_model(model: SentimentModel, path: str | Path, *,
               metadata: dict[str, Any] | None = None) -> Path:
    """Save any fitted sentiment model as a folder."""
    check_is_fitted(model)
    folder = write_model_folder(path, backend=model.backend,
                                params=model.get_params(deep=False),
                                labels=[str(c) for c in model.classes_], metadata=metadata)
    model._save_weights(folder)
    return folder


def load_model(name_or_path: str | Path) -> SentimentModel:
    """Load a model folder, or the shipped default model of a backend name.

    ``load_model("sentiment.linear.v1")`` loads ``models/sentiment-linear-v1``;
    ``load_model("path/to/folder")`` loads that folder.
    """
    name = str(name_or_path)
    if name in backends:
        if name not in DEFAULT_MODELS:
            raise ModelLoadError(
                f"Backend {name!r} ships no default model; train one with `cxtext train "
                f"sentiment` and pass its folder. Shipped: {', '.join(DEFAULT_MODELS)}."
            )
        folder = models_dir() / DEFAULT_MODELS[name]
        if not (folder / "config.json").exists():
            others = [n for n in installed_defaults() if n != name]
            raise ModelLoadError(
                f"The shipped model of {name!r} is not installed: {folder} has no config.json. "
                "Reinstall cxtext (its models are package data: pip install cxtext, or pip "
                "install . from a complete checkout), unset or fix CXTEXT_MODELS_DIR, or pass "
                "a model folder of your own (cxtext train sentiment)."
                + (f" Installed default models: {', '.join(others)}." if others else "")
            )
    else:
        folder = Path(name_or_path)
        if not folder.exists() and name.startswith("sentiment."):
            backends.get(name)  # raises UnknownBackendError listing the known names
    installed = installed_defaults()
    config = read_model_folder(folder, missing="Pass a model folder written by cxtext (model."
                               "save / cxtext train)" + (f" or one of: {', '.join(installed)}."
                                                         if installed else "."))
    cls = backends.get(str(config.get("backend")))
    model = cls._load_weights(folder, config)
    if not isinstance(model, cls):
        raise ModelLoadError(
            f"{folder} weights hold {type(model).__name__}, expected {cls.__name__}"
        )
    return model


def installed_defaults() -> list[str]:
    """Backend names whose shipped model folder is present under :func:`models_dir`."""
    root = models_dir()
    return [n for n, d in DEFAULT_MODELS.items() if (root / d / "config.json").exists()]


def read_metadata(path: str | Path) -> dict[str, Any]:
    p = Path(path) / "metadata.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def check_labels(y: Iterable[Any]) -> list[str]:
    """Validate training labels against :data:`LABELS`."""
    labels = [str(v) for v in y]
    bad = sorted(set(labels) - set(LABELS))
    if bad:
        raise InputError(
            f"Unknown sentiment label(s) {bad}; allowed: {', '.join(LABELS)}. Map dataset labels "
            "first (e.g. ambivalent -> mixed)."
        )
    return labels


def ordered_classes(labels: Sequence[str]) -> np.ndarray:
    present = set(labels)
    return np.array([lab for lab in LABELS if lab in present], dtype=object)
