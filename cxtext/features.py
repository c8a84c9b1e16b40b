"""Text -> model inputs shared by the trainable models (sentiment and topics): cleaned text,
language, ``NEG_``-marked lemma features, word n-grams and cached character n-grams."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cxtext.lang import detect_language, fold
from cxtext.nlp import features, pipe
from cxtext.text import clean_many

__all__ = ["prepare", "Prepared", "word_ngrams", "CharNgrams", "tfidf_pair", "feature_names"]


class Prepared:
    """Cleaned texts, their languages and ``NEG_``-marked lemma features (parallel lists)."""

    __slots__ = ("texts", "langs", "features", "folded")

    def __init__(self, texts: list[str], langs: list[str], feats: list[list[str]]) -> None:
        self.texts = texts
        self.langs = langs
        self.features = feats
        self.folded = [fold(t) for t in texts]


def prepare(
    texts: Sequence[str],
    *,
    langs: Sequence[str | None] | None = None,
    lemmatizer: str = "simplemma",
    batch_size: int = 512,
) -> Prepared:
    """Normalise + redact, detect language where not given, tokenise, lemmatise, mark negation."""
    cleaned = [c.text for c in clean_many(texts)]
    if langs is None:
        lang_list = [detect_language(t) for t in cleaned]
    else:
        lang_list = [lg if lg else detect_language(t) for t, lg in zip(cleaned, langs, strict=True)]
    # answers too short to tell ("ok", "super") are tokenised with the Polish pipeline:
    # lemma lookups then still work for Polish one-word answers ("polecam", "drogo")
    pipe_langs = ["pl" if lg == "und" else lg for lg in lang_list]
    docs = pipe(cleaned, pipe_langs, batch_size=batch_size, lemmatizer=lemmatizer)
    return Prepared(cleaned, lang_list, [features(d) for d in docs])


def word_ngrams(feats: list[str]) -> list[str]:
    """Unigrams and bigrams of lemma features (the analyzer of the word vectorizer)."""
    return feats + [f"{a} {b}" for a, b in zip(feats, feats[1:], strict=False)]


@lru_cache(maxsize=300_000)
def _word_char_ngrams(word: str, lo: int, hi: int) -> tuple[str, ...]:
    w = f" {word} "
    out = []
    for n in range(lo, hi + 1):
        out.append(w[:n])
        if len(w) <= n:
            break
        out.extend(w[i : i + n] for i in range(1, len(w) - n + 1))
    return tuple(out)


class CharNgrams:
    """Character n-grams inside word boundaries, like scikit-learn's ``char_wb`` analyzer
    (same n-grams) but cached per word, which makes it several times faster on answers."""

    def __init__(self, ngram_range: tuple[int, int]) -> None:
        self.lo, self.hi = int(ngram_range[0]), int(ngram_range[1])

    def __call__(self, text: str) -> list[str]:
        out: list[str] = []
        for word in text.lower().split():
            out.extend(_word_char_ngrams(word, self.lo, self.hi))
        return out


def tfidf_pair(*, min_df: int, max_word_features: int, max_char_features: int,
               char_ngrams: tuple[int, int], word_vocab: Any = None, char_vocab: Any = None,
               ) -> tuple[Any, Any]:
    """The (word, char) TF-IDF vectorizers of the linear models: lemma uni/bi-grams and
    cached char n-grams, sublinear tf, float32; fixed vocabularies when loading a model."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(analyzer=word_ngrams, min_df=min_df, max_features=max_word_features,
                           sublinear_tf=True, dtype=np.float32, vocabulary=word_vocab)
    char = TfidfVectorizer(analyzer=CharNgrams(tuple(char_ngrams)),  # type: ignore[arg-type]
                           min_df=min_df, max_features=max_char_features, sublinear_tf=True,
                           dtype=np.float32, vocabulary=char_vocab)
    return word, char


def feature_names(vectorizer: Any) -> Any:
    """``vectorizer.get_feature_names_out()``, computed once and kept on that fitted
    vectorizer (a refit builds a new vectorizer, so the names can never be stale)."""
    names = vectorizer.__dict__.get("_cxtext_feature_names")
    if names is None:
        names = vectorizer.get_feature_names_out()
        vectorizer.__dict__["_cxtext_feature_names"] = names
    return names
