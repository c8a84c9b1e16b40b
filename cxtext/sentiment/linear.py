"""``sentiment.linear.v1``: TF-IDF over negation-marked lemmas + character n-grams, a logistic
regression, and temperature scaling for calibrated probabilities. The fast default; every
prediction can name the words behind it.

Persistence is plain data in safetensors: the arrays in ``weights.safetensors``, the
vocabularies as UTF-8 bytes in ``vocabulary.safetensors`` (no pickle, no skops
object graph: loading is fast and cannot execute code; folders with the older
``vocabulary.json`` still load).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from cxtext.errors import ModelLoadError
from cxtext.features import (  # noqa: F401 - CharNgrams/word_ngrams re-exported
    CharNgrams,
    Prepared,
    as_prepared,
    feature_names,
    prepare,
    tfidf_pair,
    word_char_ngrams,
    word_ngrams,
)
from cxtext.persist import load_vocabularies, save_vocabularies
from cxtext.sentiment.base import SentimentModel, as_texts, backends, check_labels, ordered_classes
from cxtext.workers import ForkPool, fork_available

__all__ = ["LinearSentiment", "word_ngrams", "fit_temperature"]


def fit_temperature(logits: np.ndarray, y_idx: np.ndarray) -> float:
    """Temperature T minimising the log loss of softmax(logits / T) (Guo et al., 2017)."""

    def nll(t: float) -> float:
        return float(-log_softmax(logits / t, axis=1)[np.arange(len(y_idx)), y_idx].mean())

    res = minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded")
    return float(res.x)


_MIN_PARALLEL = 4_000  # below this, starting processes costs more than it saves


def _effective_jobs(n_jobs: int | None, n: int) -> int:
    if n_jobs is None or n < _MIN_PARALLEL or not fork_available():
        return 1
    jobs = os.cpu_count() or 1 if n_jobs < 0 else n_jobs
    return max(1, min(jobs, n // (_MIN_PARALLEL // 2)))


def _proba_part(model: LinearSentiment, args: tuple[list[str], Sequence[str | None] | None],
                ) -> np.ndarray:
    return model._proba(*args)


def _parallel_proba(model: LinearSentiment, texts: list[str],
                    langs: Sequence[str | None] | None, n_jobs: int) -> np.ndarray:
    bounds = np.linspace(0, len(texts), n_jobs * 4 + 1).astype(int)
    chunks = [
        (texts[a:b], None if langs is None else list(langs[a:b]))
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    with ForkPool(n_jobs, model) as pool:  # the model is inherited, never pickled
        return np.vstack(pool.map(_proba_part, chunks))


def _tfidf(vec: Any, indices: np.ndarray, indptr: np.ndarray, width: int) -> sp.csr_matrix:
    """Feature indices per row (repeats = counts) -> the fitted vectorizer's TF-IDF rows:
    sublinear tf x idf, l2-normalised, float32 (what ``vec.transform`` returns)."""
    X = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                      shape=(len(indptr) - 1, width))
    X.sum_duplicates()
    if vec.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    X.data *= vec.idf_[X.indices].astype(np.float32)
    return normalize(X, norm="l2", copy=False)


@backends.register("sentiment.linear.v1")
class LinearSentiment(SentimentModel):
    """TF-IDF (lemma uni/bi-grams with ``NEG_`` marking + char n-grams of the diacritics-folded
    text) -> multinomial logistic regression; probabilities calibrated by a temperature fitted
    on out-of-fold predictions (``calibration="temperature"``) or left raw (``None``)."""

    backend = "sentiment.linear.v1"

    def __init__(
        self,
        *,
        C: float = 4.0,
        char_ngrams: tuple[int, int] = (2, 5),
        max_word_features: int = 100_000,
        max_char_features: int = 150_000,
        min_df: int = 2,
        class_weight: str | None = "balanced",
        calibration: str | None = "temperature",
        lemmatizer: str = "simplemma",
        n_jobs: int = 1,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.char_ngrams = char_ngrams
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.min_df = min_df
        self.class_weight = class_weight
        self.calibration = calibration
        self.lemmatizer = lemmatizer
        self.n_jobs = n_jobs
        self.random_state = random_state

    # -- features ---------------------------------------------------------------------------
    def _vectorizers(self, word_vocab: Any = None, char_vocab: Any = None) -> None:
        self.__dict__.pop("_char_index_cache", None)  # per-vocabulary caches
        self.word_vectorizer_, self.char_vectorizer_ = tfidf_pair(
            min_df=self.min_df, max_word_features=self.max_word_features,
            max_char_features=self.max_char_features, char_ngrams=self.char_ngrams,
            word_vocab=word_vocab, char_vocab=char_vocab)

    def _matrix(self, prepared: Prepared, *, fit: bool = False) -> sp.csr_matrix:
        if fit:
            self._vectorizers()
            w = self.word_vectorizer_.fit_transform(prepared.features)
            c = self.char_vectorizer_.fit_transform(prepared.folded)
        else:
            w = self._word_tfidf(prepared.features)
            c = self._char_tfidf(prepared.folded)
        return sp.hstack([w, c], format="csr")

    def _word_tfidf(self, features: list[list[str]]) -> sp.csr_matrix:
        """``word_vectorizer_.transform`` (lemma uni/bi-grams -> counts -> sublinear tf x idf
        -> l2) without scikit-learn's per-call validation: same matrix."""
        vec = self.word_vectorizer_
        vocab = vec.vocabulary_
        indices: list[int] = []
        indptr = np.zeros(len(features) + 1, dtype=np.int64)
        for i, feats in enumerate(features):
            indices.extend(j for g in word_ngrams(feats) if (j := vocab.get(g)) is not None)
            indptr[i + 1] = len(indices)
        return _tfidf(vec, np.asarray(indices, dtype=np.int32), indptr, len(vocab))

    def _char_tfidf(self, texts: list[str]) -> sp.csr_matrix:
        """``char_vectorizer_.transform`` (counts -> sublinear tf x idf -> l2), computed from
        per-word cached n-gram indices: same matrix, several times faster."""
        vec = self.char_vectorizer_
        vocab = vec.vocabulary_
        cache = self.__dict__.setdefault("_char_index_cache", {})
        lo, hi = vec.analyzer.lo, vec.analyzer.hi
        chunks: list[np.ndarray] = []
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        for i, text in enumerate(texts):
            n = 0
            for word in text.lower().split():
                idx = cache.get(word)
                if idx is None:
                    grams = word_char_ngrams(word, lo, hi)
                    idx = np.array([vocab[g] for g in grams if g in vocab], dtype=np.int32)
                    if len(cache) < 300_000:
                        cache[word] = idx
                chunks.append(idx)
                n += len(idx)
            indptr[i + 1] = indptr[i] + n
        indices = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
        return _tfidf(vec, indices, indptr, len(vocab))

    def _logreg(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000,
                                  random_state=self.random_state)

    # -- estimator API ------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, *, langs: list[str | None] | None = None) -> LinearSentiment:
        texts = as_texts(X)
        labels = check_labels(y)
        if len(texts) != len(labels):
            raise ValueError(f"X has {len(texts)} texts but y has {len(labels)} labels")
        self.classes_ = ordered_classes(labels)
        if len(self.classes_) < 2:
            raise ValueError(f"Need at least two sentiment labels to train, got {self.classes_}")
        y_idx = np.array([list(self.classes_).index(v) for v in labels])
        prepared = prepare(texts, langs=langs, lemmatizer=self.lemmatizer)
        M = self._matrix(prepared, fit=True)
        self.temperature_ = 1.0
        counts = np.bincount(y_idx, minlength=len(self.classes_))
        if self.calibration == "temperature" and counts.min() >= 3:
            # out-of-fold log-probabilities are logits up to a per-row constant
            oof = np.full((len(texts), len(self.classes_)), np.log(1e-12))
            folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=self.random_state)
            for tr, te in folds.split(M, y_idx):
                lr = self._logreg().fit(M[tr], y_idx[tr])
                proba = np.clip(lr.predict_proba(M[te]), 1e-12, 1.0)
                oof[np.ix_(te, lr.classes_)] = np.log(proba)
            self.temperature_ = fit_temperature(oof, y_idx)
        elif self.calibration not in (None, "temperature"):
            raise ValueError(f"calibration must be 'temperature' or None, got {self.calibration!r}")
        lr = self._logreg().fit(M, y_idx)
        coef, intercept = lr.coef_, lr.intercept_
        if coef.shape[0] == 1:  # binary: expand to one row per class
            coef = np.vstack([-coef[0], coef[0]]) / 2
            intercept = np.array([-intercept[0], intercept[0]]) / 2
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = intercept.astype(np.float32)
        self.n_word_features_ = len(self.word_vectorizer_.vocabulary_)
        return self

    def _logits(self, M: sp.csr_matrix) -> np.ndarray:
        return np.asarray(M @ self.coef_.T) + self.intercept_

    def predict_proba(self, X: Any, *, langs: list[str | None] | None = None) -> np.ndarray:
        """Probabilities, one column per label in ``classes_``. ``X``: texts or a
        :class:`~cxtext.features.Prepared` batch. With ``n_jobs > 1`` large batches of texts
        are split over that many forked worker processes (POSIX only)."""
        check_is_fitted(self, "coef_")
        if isinstance(X, Prepared):
            return self._proba(X, None)
        texts = as_texts(X)
        if langs is not None and len(langs) != len(texts):
            raise ValueError(f"got {len(texts)} texts but {len(langs)} languages")
        n_jobs = _effective_jobs(self.n_jobs, len(texts))
        if n_jobs > 1:
            return _parallel_proba(self, texts, langs, n_jobs)
        return self._proba(texts, langs)

    def _proba(self, X: Any, langs: Sequence[str | None] | None) -> np.ndarray:
        prepared = as_prepared(X, langs=langs, lemmatizer=self.lemmatizer)
        return softmax(self._logits(self._matrix(prepared)) / self.temperature_, axis=1)

    def explain(self, X: Any, *, top_k: int = 5, langs: list[str | None] | None = None,
                ) -> list[list[tuple[str, float]]]:
        """Lemma features (``NEG_`` marks negation) that pushed each text towards its label."""
        return self.predict_explain(X, top_k=top_k, langs=langs)[1]

    def predict_explain(self, X: Any, *, top_k: int = 5, langs: list[str | None] | None = None,
                        target: Sequence[str] | Callable[[np.ndarray], Sequence[str]]
                        | None = None,
                        ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        """``predict_proba`` and ``explain`` in one pass over the texts. ``target``: explain
        these labels (one per text; another model's predictions) instead of this model's,
        or a function of this model's probabilities that returns them (a blend of models
        decides with them); a label this model does not know gets no evidence."""
        check_is_fitted(self, "coef_")
        prepared = as_prepared(X, langs=langs, lemmatizer=self.lemmatizer)
        M = self._matrix(prepared)
        logits = self._logits(M)
        proba = softmax(logits / self.temperature_, axis=1)
        pred = logits.argmax(axis=1)
        known = np.ones(len(pred), dtype=bool)
        if callable(target):
            target = list(target(proba))
        if target is not None:
            if len(target) != len(pred):
                raise ValueError(f"got {len(pred)} texts but {len(target)} target labels")
            index = {str(c): k for k, c in enumerate(self.classes_)}
            pred = np.array([index.get(str(t), 0) for t in target], dtype=int)
            known = np.array([str(t) in index for t in target], dtype=bool)
        names = feature_names(self.word_vectorizer_)
        W = M[:, : self.n_word_features_].tocsr()
        coef = self.coef_[:, : self.n_word_features_]
        rel = coef - coef.mean(axis=0, keepdims=True)  # evidence for a class against the rest
        # every nonzero's contribution at once; per row the top_k positive ones (argsort of
        # the row, as always, so ties keep their order)
        rows = np.repeat(np.arange(W.shape[0]), np.diff(W.indptr))
        contrib_all = W.data * rel[pred[rows], W.indices]
        indptr = W.indptr.tolist()
        out: list[list[tuple[str, float]]] = []
        for i in range(W.shape[0]):
            start, end = indptr[i], indptr[i + 1]
            if start == end or not known[i]:
                out.append([])
                continue
            contrib = contrib_all[start:end]
            order = np.argsort(-contrib)[:top_k].tolist()
            idx, vals = W.indices[start:end], contrib.tolist()
            out.append([(str(names[idx[j]]), round(vals[j], 4)) for j in order if vals[j] > 0])
        return proba, out

    # -- persistence: safetensors ------------------------------------------------------------
    def _save_weights(self, folder: Path) -> None:
        from safetensors.numpy import save_file

        save_file(
            {
                "coef": np.ascontiguousarray(self.coef_),
                "intercept": np.ascontiguousarray(self.intercept_),
                "word_idf": np.ascontiguousarray(self.word_vectorizer_.idf_.astype(np.float32)),
                "char_idf": np.ascontiguousarray(self.char_vectorizer_.idf_.astype(np.float32)),
                "temperature": np.array([self.temperature_], dtype=np.float64),
            },
            str(folder / "weights.safetensors"),
        )
        save_vocabularies(folder, {
            "word": self.word_vectorizer_.get_feature_names_out().tolist(),
            "char": self.char_vectorizer_.get_feature_names_out().tolist()})

    @classmethod
    def _load_weights(cls, folder: Path, config: dict[str, Any]) -> LinearSentiment:
        from safetensors.numpy import load_file

        try:
            arrays = load_file(str(folder / "weights.safetensors"))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{folder}: cannot read linear model weights: {exc}") from None
        vocab = load_vocabularies(folder)
        model = cls(**config["params"])
        model._vectorizers(vocab["word"], vocab["char"])
        model.word_vectorizer_.idf_ = arrays["word_idf"]
        model.char_vectorizer_.idf_ = arrays["char_idf"]
        model.coef_ = arrays["coef"]
        model.intercept_ = arrays["intercept"]
        model.temperature_ = float(arrays["temperature"][0])
        model.classes_ = np.array(config["labels"], dtype=object)
        model.n_word_features_ = len(vocab["word"])
        if model.coef_.shape != (len(model.classes_), len(vocab["word"]) + len(vocab["char"])):
            raise ModelLoadError(f"{folder}: weights do not match the vocabulary/labels.")
        return model
