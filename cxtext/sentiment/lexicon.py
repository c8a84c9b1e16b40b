"""``sentiment.lexicon.v1``: a transparent lexicon baseline, and an explanation aid.

* English answers are scored by VADER (Hutto & Gilbert, 2014; its own negation, booster and
  "but" rules); its ``neg``/``neu``/``pos``/``compound`` scores are features.
* Polish (and ``other``) answers are scored by a lexicon of lemma polarities *learned in*
  :meth:`LexiconSentiment.fit`: smoothed log-odds of a lemma feature appearing in positive vs
  negative answers, shrunk towards zero by an informative Dirichlet prior from all answers
  (Monroe, Colaresi & Quinn, 2008), kept where the count and the z-score are large enough;
  a second score, subjectivity, contrasts opinionated (positive/negative/mixed) with neutral
  answers the same way.
  Negation: a ``NEG_x`` feature (``nie polecam`` -> ``NEG_polecać``) that is too rare to have a
  polarity of its own gets the flipped, damped polarity of ``x``. Lookups fall back to the
  diacritics-folded lemma, so "nie polecam" and "mily" still hit without Polish letters.
* Answers too short to tell the language (``und``: "ok", "super") use both.
* Emoji/emoticons give a shared hint (:func:`cxtext.text.emoji_sentiment`).

A small multinomial logistic regression over these few answer-level aggregates (sums of
positive and negative scores, hits, max/min, the share of words that hit, subjectivity, length;
"mixed" is strong evidence both ways) turns them into probabilities over the training labels.
The features of the training answers are cross-fitted (each fold scored by a lexicon learned
without it), so the regression learns how much a lexicon hit on an *unseen* answer is worth and
its probabilities are not over-confident.

Persistence is plain data: ``lexicon.json`` (lemma -> [polarity, subjectivity, count]) and
``classifier.json`` (feature names, scaling, coefficients). Nothing is pickled.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import softmax
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils.validation import check_is_fitted

from cxtext.errors import InputError, ModelLoadError
from cxtext.features import Prepared, as_prepared, prepare
from cxtext.lang import fold
from cxtext.nlp import NEG_PREFIX
from cxtext.sentiment.base import SentimentModel, as_texts, backends, check_labels, ordered_classes
from cxtext.text import emoji_sentiment

__all__ = ["LexiconSentiment", "Lexicon", "learn_lexicon", "FEATURE_NAMES", "vader"]

#: Answer-level features the classifier sees (the ``lex_*`` block is zero for English
#: answers, the ``vader_*`` block is zero for Polish/other ones; ``und`` gets both).
LEX_FEATURES: tuple[str, ...] = (
    "lex_pos", "lex_neg", "lex_hits", "lex_max", "lex_min", "lex_frac", "lex_both",
    "lex_subj", "lex_subj_max",
)
VADER_FEATURES: tuple[str, ...] = (
    "vader_neg", "vader_neu", "vader_pos", "vader_compound", "vader_both", "vader_hits",
)
SHARED_FEATURES: tuple[str, ...] = ("emoji", "log_len", "is_en", "is_und")
FEATURE_NAMES: tuple[str, ...] = LEX_FEATURES + VADER_FEATURES + SHARED_FEATURES

_VADER: Any = None
_VADER_LOCK = threading.Lock()


def vader() -> Any:
    """The shared VADER ``SentimentIntensityAnalyzer`` (loaded once, thread-safe)."""
    global _VADER
    if _VADER is None:
        with _VADER_LOCK:
            if _VADER is None:
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                _VADER = SentimentIntensityAnalyzer()
    return _VADER


def _fold_key(feat: str) -> str:
    """Diacritics-folded, lower-cased key of a lemma feature; keeps the ``NEG_`` prefix."""
    if feat.startswith(NEG_PREFIX):
        return NEG_PREFIX + fold(feat[len(NEG_PREFIX):])
    return fold(feat)


class Lexicon:
    """Lemma features -> ``(polarity, subjectivity, count)`` with ``NEG_`` flipping and
    diacritics-folded lookups. Polarity > 0 is positive, subjectivity > 0 opinionated (as
    opposed to neutral); count is the number of training answers with the feature."""

    def __init__(self, entries: dict[str, tuple[float, float, int]], *,
                 neg_blocked: Sequence[str] = (), negation_scale: float = 0.74) -> None:
        self.entries = dict(entries)
        self.neg_blocked = sorted(set(neg_blocked))
        self.negation_scale = float(negation_scale)
        # on a folded collision the more frequent lemma wins (ties: alphabetical)
        self._folded: dict[str, str] = {}
        by_count = sorted(self.entries.items(), key=lambda kv: (-kv[1][2], kv[0]))
        for lemma, _entry in by_count:
            self._folded.setdefault(_fold_key(lemma), lemma)
        self._blocked = {_fold_key(f) for f in self.neg_blocked}

    def __len__(self) -> int:
        return len(self.entries)

    def _get(self, feat: str) -> tuple[str, float, float] | None:
        hit = self.entries.get(feat)
        if hit is None:
            lemma = self._folded.get(_fold_key(feat))
            if lemma is None:
                return None
            feat, hit = lemma, self.entries[lemma]
        return feat, hit[0], hit[1]

    def lookup(self, feat: str) -> tuple[str, float, float] | None:
        """``(lexicon entry, polarity, subjectivity)`` of one lemma feature, or None.

        A ``NEG_x`` feature without an entry of its own takes ``x``'s polarity flipped and
        scaled by ``negation_scale`` (unless training showed that ``NEG_x`` is neutral)."""
        hit = self._get(feat)
        if hit is not None:
            return hit
        if feat.startswith(NEG_PREFIX) and _fold_key(feat) not in self._blocked:
            base = self._get(feat[len(NEG_PREFIX):])
            if base is not None and not base[0].startswith(NEG_PREFIX):
                return NEG_PREFIX + base[0], -self.negation_scale * base[1], base[2]
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "columns": ["polarity", "subjectivity", "count"],
            "entries": {k: list(v) for k, v in self.entries.items()},
            "neg_blocked": self.neg_blocked,
            "negation_scale": self.negation_scale,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        entries = {str(k): (float(v[0]), float(v[1]), int(v[2]))
                   for k, v in data["entries"].items()}
        return cls(entries, neg_blocked=[str(f) for f in data.get("neg_blocked", [])],
                   negation_scale=float(data.get("negation_scale", 0.74)))


def _log_odds(y_a: np.ndarray, n_a: int, y_b: np.ndarray, n_b: int, a: np.ndarray,
              ) -> tuple[np.ndarray, np.ndarray]:
    """Smoothed log-odds ratio of a feature in group a vs b, and its z-score."""
    if n_a == 0 or n_b == 0:
        zero = np.zeros_like(a)
        return zero, zero
    delta = (np.log(y_a + a) - np.log(n_a - y_a + a)
             - np.log(y_b + a) + np.log(n_b - y_b + a))
    return delta, delta / np.sqrt(1.0 / (y_a + a) + 1.0 / (y_b + a))


def learn_lexicon(
    docs: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    min_count: int = 3,
    min_z: float = 1.0,
    max_size: int = 20_000,
    smoothing: float = 1.0,
    prior: float = 0.1,
    negation_scale: float = 0.74,
) -> Lexicon:
    """Learn lemma polarities from answers (lemma features) and their sentiment labels.

    Per feature ``w`` with document counts ``y_pos``, ``y_neg`` among ``N_pos``/``N_neg``
    answers, and ``a_w = smoothing + prior * count_all(w)`` (an informative Dirichlet prior:
    words common in neutral answers shrink towards 0, Monroe et al. 2008)::

        polarity_w = log((y_pos + a_w) / (N_pos - y_pos + a_w))
                     - log((y_neg + a_w) / (N_neg - y_neg + a_w))
        z_w = polarity_w / sqrt(1 / (y_pos + a_w) + 1 / (y_neg + a_w))

    and likewise ``subjectivity_w`` for opinionated (positive, negative, mixed) vs neutral
    answers. Features seen in at least ``min_count`` answers with either ``|z| >= min_z`` are
    kept (the ``max_size`` largest). ``NEG_x`` features seen often enough but with no polarity
    of their own are recorded, so that ``x`` is not flipped for them.
    """
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, feats in enumerate(docs):
        for f in set(feats):
            if not any(c.isalpha() for c in f) and not _is_symbol(f):
                continue  # numbers, placeholders' brackets: no polarity to learn
            cols.append(vocab.setdefault(f, len(vocab)))
            rows.append(i)
    if not vocab:
        return Lexicon({}, negation_scale=negation_scale)
    B = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocab)))
    lab = np.asarray(labels, dtype=object)
    has = np.array([len(d) > 0 for d in docs])
    masks = {c: (lab == c) & has for c in ("positive", "negative", "neutral", "mixed")}
    y = {c: np.asarray(B[m].sum(axis=0)).ravel() for c, m in masks.items()}
    n = {c: int(m.sum()) for c, m in masks.items()}
    y_all = np.asarray(B.sum(axis=0)).ravel()
    a = smoothing + prior * y_all
    pol, z_pol = _log_odds(y["positive"], n["positive"], y["negative"], n["negative"], a)
    y_op = y["positive"] + y["negative"] + y["mixed"]
    n_op = n["positive"] + n["negative"] + n["mixed"]
    subj, z_subj = _log_odds(y_op, n_op, y["neutral"], n["neutral"], a)
    strength = np.maximum(np.abs(z_pol), np.abs(z_subj))
    keep = np.flatnonzero((y_all >= min_count) & (strength >= min_z))
    keep = keep[np.argsort(-strength[keep], kind="stable")][:max_size]
    names = list(vocab)
    entries = {names[j]: (round(float(pol[j]), 6), round(float(subj[j]), 6), int(y_all[j]))
               for j in keep}
    entries = dict(sorted(entries.items(), key=lambda kv: (-kv[1][0], kv[0])))
    lex = Lexicon(entries, negation_scale=negation_scale)
    # a frequent NEG_x with no polarity of its own: the data say negation neutralises x here
    blocked = [f for f, j in vocab.items()
               if f.startswith(NEG_PREFIX) and y_all[j] >= min_count and f not in entries
               and lex.lookup(f) is not None]
    return Lexicon(entries, neg_blocked=blocked, negation_scale=negation_scale)


def _is_symbol(f: str) -> bool:
    return emoji_sentiment(f) is not None


def _group(lang: str) -> str:
    return "en" if lang == "en" else ("und" if lang == "und" else "lex")


@backends.register("sentiment.lexicon.v1")
class LexiconSentiment(SentimentModel):
    """VADER (English) + a Polish lemma lexicon learned from the training data (``NEG_``
    negation, diacritics-folded lookups), aggregated per answer and turned into probabilities
    by a small multinomial logistic regression on cross-fitted features."""

    backend = "sentiment.lexicon.v1"

    def __init__(
        self,
        *,
        min_count: int = 3,
        min_z: float = 1.0,
        max_size: int = 20_000,
        smoothing: float = 1.0,
        prior: float = 0.1,
        negation_scale: float = 0.74,
        n_folds: int = 5,
        C: float = 1.0,
        class_weight: str | None = None,
        lemmatizer: str = "simplemma",
        random_state: int = 0,
    ) -> None:
        self.min_count = min_count
        self.min_z = min_z
        self.max_size = max_size
        self.smoothing = smoothing
        self.prior = prior
        self.negation_scale = negation_scale
        self.n_folds = n_folds
        self.C = C
        self.class_weight = class_weight
        self.lemmatizer = lemmatizer
        self.random_state = random_state

    # -- lexicon ------------------------------------------------------------------------------
    def _learn(self, docs: Sequence[Sequence[str]], labels: Sequence[str]) -> Lexicon:
        return learn_lexicon(
            docs, labels, min_count=self.min_count, min_z=self.min_z, max_size=self.max_size,
            smoothing=self.smoothing, prior=self.prior, negation_scale=self.negation_scale,
        )

    # -- features -----------------------------------------------------------------------------
    @staticmethod
    def _lex_row(hits: list[tuple[str, float, float]], n_tokens: int) -> list[float]:
        pol = [h[1] for h in hits]
        subj = [h[2] for h in hits]
        pos = sum(s for s in pol if s > 0)
        neg = -sum(s for s in pol if s < 0)
        return [pos, neg, math.log1p(len(hits)), max(pol, default=0.0), min(pol, default=0.0),
                len(hits) / max(n_tokens, 1), min(pos, neg), sum(subj), max(subj, default=0.0)]

    @staticmethod
    def _vader_row(text: str) -> list[float]:
        an = vader()
        s = an.polarity_scores(text)
        n_hits = sum(1 for w in text.lower().split() if w.strip(".,!?;:'\"()") in an.lexicon)
        return [s["neg"], s["neu"], s["pos"], s["compound"], min(s["pos"], s["neg"]),
                math.log1p(n_hits)]

    def _features(self, prepared: Prepared, lexicons: Lexicon | Sequence[Lexicon]) -> np.ndarray:
        """Feature matrix; ``lexicons``: one lexicon for all rows, or one per row."""
        n = len(prepared.texts)
        out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
        n_lex, n_vad = len(LEX_FEATURES), len(VADER_FEATURES)
        for i, (text, lang, feats) in enumerate(
            zip(prepared.texts, prepared.langs, prepared.features, strict=True)
        ):
            group = _group(lang)
            lex = lexicons if isinstance(lexicons, Lexicon) else lexicons[i]
            if group != "en":
                hits = [h for f in feats if (h := lex.lookup(f)) is not None]
                out[i, :n_lex] = self._lex_row(hits, len(feats))
            if group != "lex":
                out[i, n_lex:n_lex + n_vad] = self._vader_row(text)
            emo = emoji_sentiment(text)
            out[i, n_lex + n_vad:] = [emo or 0.0, math.log1p(len(feats)), group == "en",
                                      group == "und"]
        return out

    def _prepare(self, X: Any, langs: Sequence[str | None] | None) -> Prepared:
        if isinstance(X, Prepared):
            return as_prepared(X, lemmatizer=self.lemmatizer)
        texts = as_texts(X)
        if langs is not None and (isinstance(langs, str) or len(langs) != len(texts)):
            n = "a string" if isinstance(langs, str) else f"{len(langs)} languages"
            raise InputError(f"Got {len(texts)} texts but {n}; pass one language per text "
                             "(or None to detect them).")
        return prepare(texts, langs=langs, lemmatizer=self.lemmatizer)

    # -- estimator API --------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, *, langs: list[str | None] | None = None) -> LexiconSentiment:
        texts = as_texts(X)
        labels = check_labels(y)
        if len(texts) != len(labels):
            raise InputError(f"X has {len(texts)} texts but y has {len(labels)} labels; pass one "
                             "label per text.")
        self.classes_ = ordered_classes(labels)
        if len(self.classes_) < 2:
            raise InputError(f"Need at least two sentiment labels to train, got "
                             f"{list(self.classes_)}.")
        y_idx = np.array([list(self.classes_).index(v) for v in labels])
        prepared = self._prepare(texts, langs)
        lex_rows = np.array([_group(lg) != "en" for lg in prepared.langs])
        docs = [f if use else [] for f, use in zip(prepared.features, lex_rows, strict=True)]
        self.lexicon_ = self._learn(docs, labels)
        # cross-fitting: each training answer is scored by a lexicon learned without it
        row_lex: list[Lexicon] = [self.lexicon_] * len(texts)
        n_folds = min(self.n_folds, len(texts))
        if n_folds >= 2:
            folds = KFold(n_splits=n_folds, shuffle=True, random_state=self.random_state)
            for tr, te in folds.split(np.zeros(len(texts))):
                lex = self._learn([docs[j] for j in tr], [labels[j] for j in tr])
                for j in te:
                    row_lex[j] = lex
        F = self._features(prepared, row_lex)
        mean = F.mean(axis=0)
        scale = F.std(axis=0)
        scale[scale < 1e-9] = 1.0
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000,
                                random_state=self.random_state)
        lr.fit((F - mean) / scale, y_idx)
        coef, intercept = lr.coef_, lr.intercept_
        if coef.shape[0] == 1:  # binary: one row per class
            coef = np.vstack([-coef[0], coef[0]]) / 2
            intercept = np.array([-intercept[0], intercept[0]]) / 2
        self.coef_ = np.asarray(coef, dtype=np.float64)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.feature_mean_ = mean
        self.feature_scale_ = scale
        return self

    def _logits(self, F: np.ndarray) -> np.ndarray:
        return ((F - self.feature_mean_) / self.feature_scale_) @ self.coef_.T + self.intercept_

    def predict_proba(self, X: Any, *, langs: list[str | None] | None = None) -> np.ndarray:
        check_is_fitted(self, "coef_")
        prepared = self._prepare(X, langs)
        return softmax(self._logits(self._features(prepared, self.lexicon_)), axis=1)

    # -- explanations ---------------------------------------------------------------------------
    def _hits(self, text: str, lang: str, feats: list[str]) -> dict[str, float]:
        """Words that hit, with their signed polarity (> 0 positive), summed over repeats."""
        hits: dict[str, float] = {}
        group = _group(lang)
        if group != "en":
            for f in feats:
                h = self.lexicon_.lookup(f)
                if h is not None:
                    hits[h[0]] = hits.get(h[0], 0.0) + h[1]
        if group != "lex":
            from vaderSentiment.vaderSentiment import N_SCALAR, SentiText, negated

            an = vader()
            words = [w.lower() for w in SentiText(text).words_and_emoticons]
            for k, lw in enumerate(words):
                val = an.lexicon.get(lw)
                if val is None:
                    continue
                if lw == "no" and k + 1 < len(words) and words[k + 1] in an.lexicon:
                    continue  # VADER: "no" negates the next word instead of counting itself
                if negated(words[max(0, k - 3):k]) or "no" in words[max(0, k - 2):k]:
                    lw, val = NEG_PREFIX + lw, val * N_SCALAR
                hits[lw] = hits.get(lw, 0.0) + float(val)
        for ch in dict.fromkeys(text):
            emo = emoji_sentiment(ch)
            if emo and ch not in hits:
                hits[ch] = emo
        return hits

    def explain(self, X: Any, *, top_k: int = 5, langs: list[str | None] | None = None,
                ) -> list[list[tuple[str, float]]]:
        """Per answer, up to ``top_k`` lexicon words with their signed polarity (> 0: positive,
        < 0: negative; a ``NEG_`` prefix marks a negated word; English words and their
        valences are VADER's, emoji are the emoji hint's).

        Words are ordered by how strongly they support the predicted label: most positive first
        for ``positive``, most negative first for ``negative``, strongest either way for
        ``mixed``/``neutral``. Answers with no lexicon word give an empty list."""
        return self.predict_explain(X, top_k=top_k, langs=langs)[1]

    def predict_explain(self, X: Any, *, top_k: int = 5, langs: list[str | None] | None = None,
                        ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        """``predict_proba`` and ``explain`` in one pass over the texts."""
        check_is_fitted(self, "coef_")
        prepared = self._prepare(X, langs)
        proba = softmax(self._logits(self._features(prepared, self.lexicon_)), axis=1)
        pred = proba.argmax(axis=1)
        out = []
        for i, (text, lang, feats) in enumerate(
            zip(prepared.texts, prepared.langs, prepared.features, strict=True)
        ):
            hits = self._hits(text, lang, feats)
            label = self.classes_[pred[i]]
            sign = 1.0 if label == "positive" else (-1.0 if label == "negative" else 0.0)
            ranked = sorted(hits.items(),
                            key=lambda kv: (-(sign * kv[1]) if sign else -abs(kv[1]), kv[0]))
            out.append([(w, round(v, 4)) for w, v in ranked if abs(v) >= 0.05][:top_k])
        return proba, out

    # -- persistence: JSON only -------------------------------------------------------------------
    def _save_weights(self, folder: Path) -> None:
        (folder / "lexicon.json").write_text(
            json.dumps(self.lexicon_.to_json(), ensure_ascii=False, indent=0), encoding="utf-8"
        )
        clf = {
            "features": list(FEATURE_NAMES),
            "classes": [str(c) for c in self.classes_],
            "mean": self.feature_mean_.tolist(),
            "scale": self.feature_scale_.tolist(),
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_.tolist(),
        }
        (folder / "classifier.json").write_text(json.dumps(clf, indent=1), encoding="utf-8")

    @classmethod
    def _load_weights(cls, folder: Path, config: dict[str, Any]) -> LexiconSentiment:
        try:
            lex = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
            clf = json.loads((folder / "classifier.json").read_text(encoding="utf-8"))
            model = cls(**dict(config.get("params", {})))
            model.lexicon_ = Lexicon.from_json(lex)
            model.classes_ = np.array(config["labels"], dtype=object)
            model.feature_mean_ = np.array(clf["mean"], dtype=np.float64)
            model.feature_scale_ = np.array(clf["scale"], dtype=np.float64)
            model.coef_ = np.array(clf["coef"], dtype=np.float64)
            model.intercept_ = np.array(clf["intercept"], dtype=np.float64)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise ModelLoadError(f"{folder}: cannot read lexicon model weights: {exc}") from None
        if (list(clf["features"]) != list(FEATURE_NAMES)
                or model.coef_.shape != (len(model.classes_), len(FEATURE_NAMES))):
            raise ModelLoadError(f"{folder}: classifier.json does not match this cxtext version's "
                                 "lexicon features/labels.")
        return model

