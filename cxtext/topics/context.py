"""Context-checked topic matches: a keyword hit counts only if its clause reads like the topic.

Rules match words, and words are polysemous: "błąd" is a bug in "aplikacja wyrzuca błąd" but
not in "sprzedawca wprowadził mnie w błąd"; "branch" is a bank branch, a mind-map branch or a
git branch. :class:`ContextCheck` learns, for each topic, what the *rest* of a clause looks
like when the rules find that topic - by **weak supervision from the rules themselves**:

* on unlabelled answers, every rule hit of topic *T* gives a positive example: the lemmas of
  its clause **with the trigger words of every topic masked** (so the model cannot simply
  re-learn the terms, and a second topic in the clause - "lost my luggage and the refund
  took ages" - is not evidence against the first); clauses without *T*, masked the same
  way, are the negatives;
* one logistic regression per topic (balanced classes: a clause with no informative word
  scores about 0.5) over clause lemmas;
* at assignment a hit is **vetoed** when its masked clause has at least ``min_words`` known
  context words and the probability of its topic is below ``min_proba``: the context speaks
  clearly against the topic. Hits with little context ("Dostawa.", "Hidden fees") keep the
  rules' decision.

It reads the prepared batch (lemmas of the one spaCy doc per answer), so it costs a few
dictionary look-ups per hit. Topics without enough rule hits in the training answers are not
checked. Saved as a folder: ``config.json`` (parameters, vocabulary, topics) +
``weights.safetensors`` (one sparse weight row per topic); nothing executable.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from cxtext.errors import ConfigError, ModelLoadError
from cxtext.features import Prepared
from cxtext.lang import fold
from cxtext.topics.base import TopicMatch

__all__ = ["ContextCheck", "clause_context"]

logger = logging.getLogger(__name__)

FORMAT = 1


def clause_context(batch: Prepared, i: int, match: TopicMatch,
                   mask: Sequence[TopicMatch] = ()) -> list[str]:
    """The lemmas of the clause of ``match`` in answer ``i``, without its trigger words nor
    those of the other hits in ``mask`` (every topic's words are left out: what remains is
    the context): folded (no diacritics, lower case), alphabetic words of 2+ letters."""
    doc = batch.docs[i]
    spans = batch.clauses[i] if batch.clauses else []
    span = next((s for s in spans if s.start_char <= match.start < s.end_char), None)
    tokens = span if span is not None else doc
    hidden = [(m.start, m.end) for m in (match, *mask)]
    return _words(tokens, hidden)


def _words(tokens: Any, hidden: Sequence[tuple[int, int]]) -> list[str]:
    """Folded lemmas of the content words of ``tokens`` outside the ``hidden`` spans (stop
    words say nothing about a topic)."""
    from cxtext.topics.discover import stop_words

    stop = stop_words()
    out = []
    for t in tokens:
        if not t.is_alpha or len(t.text) < 2:
            continue
        if any(s <= t.idx < e for s, e in hidden):  # a trigger: masked
            continue
        w = fold((t.lemma_ or t.text).lower())
        if w not in stop and fold(t.text.lower()) not in stop:
            out.append(w)
    return out


class ContextCheck(BaseEstimator):
    """Veto rule hits whose clause context speaks against their topic (see the module doc).

    Parameters
    ----------
    min_proba:
        A hit is vetoed below this probability of its topic given the masked clause.
    min_words:
        ... and only when the masked clause has at least this many known context words.
    min_hits:
        Topics with fewer rule hits in the training answers are not checked.
    C:
        Inverse regularisation of the per-topic logistic regressions.
    max_features:
        Context words kept per topic (largest weights); the rest count as unknown.
    """

    def __init__(self, *, min_proba: float = 0.05, min_words: int = 2, min_hits: int = 15,
                 C: float = 0.5, max_features: int = 2000) -> None:
        self.min_proba = min_proba
        self.min_words = min_words
        self.min_hits = min_hits
        self.C = C
        self.max_features = max_features

    def _check_params(self) -> None:
        if not 0.0 <= self.min_proba < 1.0:
            raise ConfigError(f"min_proba must be in [0, 1), got {self.min_proba!r}")
        for name in ("min_words", "min_hits", "max_features"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ConfigError(f"{name} must be a positive integer, got {v!r}")

    # -- training -----------------------------------------------------------------------------
    def fit(self, batch: Prepared, matches: Sequence[Sequence[TopicMatch]]) -> ContextCheck:
        """Learn the contexts of each topic from the rules' ``matches`` on ``batch``
        (unlabelled answers: the rules are the only supervision)."""
        self._check_params()
        if len(matches) != len(batch):
            raise ValueError(f"{len(matches)} match lists for {len(batch)} answers")
        # one example per (answer, clause): its words, and the topics hit in it (masked)
        examples: list[list[str]] = []
        hits: dict[str, set[int]] = {}
        for i, ms in enumerate(matches):
            spans = batch.clauses[i] if batch.clauses else []
            for span in spans or [batch.docs[i][:]]:
                inside = [m for m in ms if span.start_char <= m.start < span.end_char]
                words = _words(span, [(m.start, m.end) for m in inside])
                row = len(examples)
                examples.append(words)
                for m in inside:
                    hits.setdefault(m.code, set()).add(row)
        df = Counter(w for ex in examples for w in set(ex))
        vocab = sorted(w for w, c in df.items() if c >= 2)
        index = {w: j for j, w in enumerate(vocab)}
        topics, weights, bias = [], [], []
        from scipy import sparse

        for code in sorted(hits):
            rows = hits[code]
            if len(rows) < self.min_hits:
                continue
            data, ind, ptr, y = [], [], [0], []
            for r, words in enumerate(examples):
                cols = sorted({index[w] for w in words if w in index})
                ind.extend(cols)
                data.extend([1.0] * len(cols))
                ptr.append(len(ind))
                y.append(int(r in rows))
            X = sparse.csr_matrix((data, ind, ptr), shape=(len(examples), len(vocab)))
            lr = LogisticRegression(C=self.C, class_weight="balanced", max_iter=1000)
            lr.fit(X, np.array(y))
            w = lr.coef_[0]
            keep = np.argsort(-np.abs(w))[: self.max_features]
            row = np.zeros(len(vocab), dtype=np.float32)
            row[keep] = w[keep]
            topics.append(code)
            weights.append(row)
            bias.append(float(lr.intercept_[0]))
        self.vocabulary_ = vocab
        self.topics_ = topics
        self.coef_ = np.vstack(weights) if weights else np.zeros((0, len(vocab)), np.float32)
        self.intercept_ = np.array(bias, dtype=np.float32)
        self.n_examples_ = len(examples)
        self.hits_ = {c: len(hits[c]) for c in topics}
        logger.info("context check: %d topics checked, %d clauses, %d words", len(topics),
                    len(examples), len(vocab))
        return self

    # -- use ----------------------------------------------------------------------------------
    def _lookup(self) -> tuple[dict[str, int], dict[str, int]]:
        cache = self.__dict__.get("_lookup_")
        if cache is None:
            cache = ({w: j for j, w in enumerate(self.vocabulary_)},
                     {c: k for k, c in enumerate(self.topics_)})
            self.__dict__["_lookup_"] = cache
        return cache

    def proba(self, batch: Prepared, i: int, match: TopicMatch,
              mask: Sequence[TopicMatch] = ()) -> tuple[float | None, int]:
        """Probability of ``match``'s topic given its clause with the trigger words of
        ``match`` and of the hits in ``mask`` left out (None: topic not checked), and the
        number of known context words."""
        check_is_fitted(self, "coef_")
        words, topics = self._lookup()
        k = topics.get(match.code)
        if k is None:
            return None, 0
        cols = {words[w] for w in clause_context(batch, i, match, mask) if w in words}
        z = float(self.intercept_[k] + sum(self.coef_[k, j] for j in cols))
        known = sum(1 for j in cols if self.coef_[k, j] != 0.0)
        return 1.0 / (1.0 + np.exp(-z)), known

    def check(self, batch: Prepared, matches: Sequence[Sequence[TopicMatch]],
              ) -> list[list[TopicMatch]]:
        """``matches`` without the vetoed hits (see the class doc)."""
        out = []
        for i, ms in enumerate(matches):
            kept = []
            for m in ms:
                if m.end > m.start:
                    p, known = self.proba(batch, i, m, ms)
                    if p is not None and known >= self.min_words and p < self.min_proba:
                        logger.debug("context veto: %s in %r (p=%.3f)", m.code, m.text, p)
                        continue
                kept.append(m)
            out.append(kept)
        return out

    # -- persistence --------------------------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        from safetensors.numpy import save_file

        check_is_fitted(self, "coef_")
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        config = {"format": FORMAT, "backend": "topics.context.v1",
                  "params": self.get_params(), "topics": self.topics_,
                  "vocabulary": self.vocabulary_, "hits": self.hits_,
                  "n_examples": self.n_examples_}
        (path / "config.json").write_text(json.dumps(config, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        save_file({"coef": self.coef_.astype(np.float16),
                   "intercept": self.intercept_.astype(np.float32)},
                  str(path / "weights.safetensors"))
        return path

    @classmethod
    def load(cls, folder: str | Path) -> ContextCheck:
        from safetensors.numpy import load_file

        path = Path(folder)
        try:
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            arrays = load_file(str(path / "weights.safetensors"))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{path}: cannot read a context check: {exc}") from None
        if config.get("format") != FORMAT or config.get("backend") != "topics.context.v1":
            raise ModelLoadError(f"{path}: not a topics.context.v1 folder (format "
                                 f"{config.get('format')!r}, backend {config.get('backend')!r})")
        model = cls(**config["params"])
        model.topics_ = list(config["topics"])
        model.vocabulary_ = list(config["vocabulary"])
        model.hits_ = dict(config.get("hits", {}))
        model.n_examples_ = int(config.get("n_examples", 0))
        model.coef_ = arrays["coef"].astype(np.float32)
        model.intercept_ = arrays["intercept"].astype(np.float32)
        if model.coef_.shape != (len(model.topics_), len(model.vocabulary_)):
            raise ModelLoadError(f"{path}: weights {model.coef_.shape} do not match "
                                 f"{len(model.topics_)} topics x {len(model.vocabulary_)} words")
        return model
