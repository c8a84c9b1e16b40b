"""Prepared answers: the one place where text becomes model input.

A chunk of answers is prepared ONCE - normalised and redacted (:func:`cxtext.text.clean`),
language detected, ONE spaCy pass with ONE lemmatizer configuration (lemmas, negation scope),
clauses as spans of that doc, ``NEG_``-marked lemma features and the diacritics-folded text -
and every model consumes that :class:`Prepared` batch: answer and clause sentiment, evidence,
topic rules, the topic classifier, aspects and discovery (preprocess once, forward per model,
postprocess once, as transformers pipelines do). Models also accept plain lists of strings;
they then prepare them themselves with the same function.

Also here: word n-grams and cached character n-grams of the linear models.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span

from cxtext.lang import detect_language, fold
from cxtext.nlp import CONTRASTIVE, clause_spans, pipe, token_columns, token_features
from cxtext.text import CleanText, as_texts, clean_many

__all__ = [
    "prepare",
    "prepare_answers",
    "Prepared",
    "as_prepared",
    "pipe_lang",
    "span_text",
    "TokenRow",
    "token_rows",
    "evidence_tokens",
    "word_ngrams",
    "CharNgrams",
    "word_char_ngrams",
    "tfidf_pair",
    "feature_names",
]


def pipe_lang(lang: str | None) -> str:
    """The spaCy pipeline an answer of language ``lang`` is processed with: answers too
    short to tell (``und``: "ok", "super", "polecam") use the Polish one, so lemma lookups
    still work for Polish one-word answers; ``other`` gets the plain (no lemmas) pipeline."""
    return "pl" if lang in (None, "und") else lang


def span_text(span: Span, text: str) -> str:
    """``span.text``, cut from ``text`` (the text of its doc) by character offsets:
    ``Span.text`` and ``Doc.text`` join every token's text."""
    return text[span.start_char:span.end_char]


_CONTRAST_HASHES = frozenset(hash_string(w) for w in CONTRASTIVE)


class _DocTable:
    """Per token of one doc (from :func:`cxtext.nlp.token_columns`, read once): its feature
    (``NEG_``-marked lemma; None for punctuation and spaces), lower-case and text hashes,
    punctuation flag and character offset; the evidence index (tokens by key and by lower
    form) built on demand."""

    __slots__ = ("feats", "lower", "punct", "orth", "idx", "strings", "_index")

    def __init__(self, doc: Doc) -> None:
        self.feats = token_features(doc)
        self.strings = doc.vocab.strings
        self._index: _TokenIndex | None = None
        c = token_columns(doc)
        self.lower, self.punct, self.orth, self.idx = c.lower, c.punct, c.orth, c.idx

    def rows(self) -> list[TokenRow]:
        """:data:`TokenRow` per token."""
        strings = self.strings
        return [None if key is None else (key, strings[low], strings[orth], idx)
                for key, low, orth, idx in zip(self.feats, self.lower, self.orth, self.idx,
                                               strict=True)]

    def index(self) -> _TokenIndex:
        """The tokens by lemma key and by lower form (built once)."""
        if self._index is None:
            self._index = _TokenIndex(self.rows())
        return self._index

    def features(self, start: int = 0, end: int | None = None) -> list[str]:
        """:func:`cxtext.nlp.features` of the tokens ``start:end``."""
        return [f for f in self.feats[start:end] if f is not None]

    def body_start(self, start: int, end: int) -> int:
        """First token of a clause without its leading connective/punctuation: "ale dostawa
        trwała tydzień" is scored as "dostawa trwała tydzień" (the connective marks contrast
        between clauses, which models trained on whole sentences associate with *mixed*)."""
        k = start
        while k < end - 1 and (self.lower[k] in _CONTRAST_HASHES or self.punct[k]):
            k += 1
        return k


class Prepared:
    """A prepared batch: parallel lists, one item per answer (or per clause, see
    :meth:`clause_batch`).

    ``texts`` cleaned text, ``langs`` language, ``features`` ``NEG_``-marked lemma features,
    ``folded`` lower-cased text without diacritics (character n-grams), ``docs`` the spaCy
    doc or span of each item (None when the batch was built without docs), ``cleaned`` the
    :class:`~cxtext.text.CleanText` of each answer (flags, PII), ``lemmatizer`` the lemmatizer
    configuration every doc was made with.
    """

    __slots__ = ("texts", "langs", "features", "folded", "docs", "cleaned", "lemmatizer",
                 "_clauses", "_tables")

    def __init__(self, texts: list[str], langs: list[str], feats: list[list[str]], *,
                 docs: Sequence[Doc | Span | None] | None = None,
                 cleaned: Sequence[CleanText] | None = None,
                 lemmatizer: str = "simplemma", folded: list[str] | None = None) -> None:
        self.texts = texts
        self.langs = langs
        self.features = feats
        self.folded = folded if folded is not None else [fold(t) for t in texts]
        self.docs: list[Any] = list(docs) if docs is not None else [None] * len(texts)
        self.cleaned = list(cleaned) if cleaned is not None else None
        self.lemmatizer = lemmatizer
        self._clauses: list[list[Span]] | None = None
        self._tables: list[_DocTable | None] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self) -> Any:
        """The cleaned texts (so any model taking a list of strings also takes a batch)."""
        return iter(self.texts)

    def __repr__(self) -> str:
        return f"Prepared({len(self)} answers, lemmatizer={self.lemmatizer!r})"

    @property
    def clauses(self) -> list[list[Span]]:
        """Clause spans of each answer's doc (computed once per batch)."""
        if self._clauses is None:
            self._clauses = [clause_spans(d) if isinstance(d, Doc) else [] for d in self.docs]
        return self._clauses

    def subset(self, index: Sequence[int]) -> Prepared:
        """The items at ``index`` (no re-processing: docs and features are shared)."""
        sub = Prepared([self.texts[i] for i in index], [self.langs[i] for i in index],
                       [self.features[i] for i in index], docs=[self.docs[i] for i in index],
                       cleaned=None if self.cleaned is None else [self.cleaned[i] for i in index],
                       lemmatizer=self.lemmatizer, folded=[self.folded[i] for i in index])
        clauses = self._clauses
        if clauses is None and any(isinstance(d, Doc) for d in self.docs):
            clauses = self.clauses  # once for the batch, shared by every subset
        if clauses is not None:
            sub._clauses = [clauses[i] for i in index]
        if self._tables is not None:
            sub._tables = [self._tables[i] for i in index]
        return sub

    def token_table(self, i: int) -> _DocTable | None:
        """The token table of item ``i`` read when the batch was prepared (lemma features,
        ``lower``/``orth`` hashes, ``punct`` flags, offsets), or None."""
        return self._tables[i] if self._tables is not None else None

    def token_tables(self) -> dict[int, Any]:
        """An evidence cache for :func:`evidence_tokens` holding the token tables read when
        the batch was prepared (by ``id`` of each answer's doc)."""
        if self._tables is None:
            return {}
        return {id(d): t for d, t in zip(self.docs, self._tables, strict=True)
                if t is not None and isinstance(d, Doc)}

    def clause_batch(self, min_clauses: int = 2, max_clauses: int | None = None,
                     ) -> tuple[Prepared, list[tuple[int, Span]]]:
        """The clauses of answers with at least ``min_clauses`` clauses (the first
        ``max_clauses`` of each, when given), as a batch of their bodies (leading connective
        dropped; features sliced from the answer's doc, so nothing is tokenised again), and
        ``(answer index, clause span)`` per item."""
        owners: list[tuple[int, Span]] = []
        bodies: list[Span] = []
        feats: list[list[str]] = []
        tables = self._tables or [None] * len(self)
        for k, spans in enumerate(self.clauses):
            if len(spans) < min_clauses:
                continue
            table = tables[k] or _DocTable(self.docs[k])
            for s in spans[:max_clauses]:
                first = table.body_start(s.start, s.end)
                owners.append((k, s))
                bodies.append(s.doc[first:s.end] if first > s.start else s)
                feats.append(table.features(first, s.end))
        texts = [span_text(b, self.texts[k]) for b, (k, _) in zip(bodies, owners, strict=True)]
        batch = Prepared(texts, [self.langs[k] for k, _ in owners],
                         feats, docs=bodies, lemmatizer=self.lemmatizer)
        return batch, owners


def _prepared(texts: list[str], langs: list[str], cleaned: list[CleanText], lemmatizer: str,
              batch_size: int) -> Prepared:
    """One spaCy pass over ``texts``, each doc's token table read once."""
    docs = list(pipe(texts, [pipe_lang(lg) for lg in langs], batch_size=batch_size,
                     lemmatizer=lemmatizer))
    tables = [_DocTable(d) for d in docs]
    batch = Prepared(texts, langs, [t.features() for t in tables], docs=docs, cleaned=cleaned,
                     lemmatizer=lemmatizer)
    batch._tables = list(tables)
    return batch


def prepare(
    texts: Sequence[str],
    *,
    langs: Sequence[str | None] | None = None,
    lemmatizer: str = "simplemma",
    batch_size: int = 512,
) -> Prepared:
    """Normalise + redact, detect language where not given, tokenise, lemmatise, mark negation
    (one spaCy doc per text)."""
    cleaned = clean_many(texts)
    ctexts = [c.text for c in cleaned]
    if langs is None:
        lang_list = [detect_language(t) for t in ctexts]
    else:
        if len(langs) != len(ctexts):
            raise ValueError(f"got {len(ctexts)} texts but {len(langs)} languages")
        lang_list = [lg if lg else detect_language(t) for t, lg in zip(ctexts, langs, strict=True)]
    return _prepared(ctexts, lang_list, cleaned, lemmatizer, batch_size)


def prepare_answers(
    answers: Sequence[object],
    *,
    lang: str | None = None,
    lemmatizer: str = "simplemma",
    batch_size: int = 512,
) -> Prepared:
    """Survey answers as the pipeline prepares them: any value (None/NaN/numbers are text),
    non-answers get the language ``und``, ``lang`` forces a language for the rest."""
    cleaned = clean_many(answers)
    ctexts = [c.text for c in cleaned]
    langs = ["und" if c.non_answer else (lang or detect_language(c.text)) for c in cleaned]
    return _prepared(ctexts, langs, cleaned, lemmatizer, batch_size)


def as_prepared(X: Any, *, langs: Sequence[str | None] | None = None,
                lemmatizer: str = "simplemma", what: str = "Models") -> Prepared:
    """``X`` itself when it is a :class:`Prepared` batch made with ``lemmatizer``; else the
    texts of ``X`` (a list/Series of strings, or a batch made with another lemmatizer)
    prepared with it."""
    if isinstance(X, Prepared):
        if X.lemmatizer == lemmatizer:
            return X
        return prepare(X.texts, langs=X.langs, lemmatizer=lemmatizer)
    return prepare(as_texts(X, what=what), langs=langs, lemmatizer=lemmatizer)


#: One token of a doc for evidence lookups: (``NEG_``-marked lemma key, lower-cased form,
#: text, character offset); None for punctuation and spaces.
TokenRow = tuple[str, str, str, int] | None


def token_rows(doc: Doc) -> list[TokenRow]:
    """:data:`TokenRow` per token of a doc (keys from :func:`cxtext.nlp.token_features`)."""
    return _DocTable(doc).rows()


class _TokenIndex:
    """The tokens of one doc by lemma key, and by lemma key or lower-cased form (each list in
    doc order)."""

    __slots__ = ("by_key", "by_any", "n")

    def __init__(self, rows: list[TokenRow]) -> None:
        self.by_key: dict[str, list[tuple[int, str, int]]] = {}
        self.by_any: dict[str, list[tuple[int, str, int]]] = {}
        self.n = len(rows)
        for k, row in enumerate(rows):
            if row is not None:
                key, low, text, idx = row
                tok = (k, text, idx)
                self.by_key.setdefault(key, []).append(tok)
                self.by_any.setdefault(key, []).append(tok)
                if low != key:
                    self.by_any.setdefault(low, []).append(tok)

    def find(self, part: str, first: int, end: int, surface: bool,
             ) -> list[tuple[int, str, int]]:
        """Tokens in ``first:end`` whose key (or, with ``surface``, lower form) is ``part``."""
        hits = (self.by_any if surface else self.by_key).get(part)
        if not hits:
            return []
        if first > 0 or end < self.n:
            return [t for t in hits if first <= t[0] < end]
        return hits  # in doc order, each token once (a key and a lower form differ)


def evidence_tokens(doc: Doc | Span | None, feats: Sequence[tuple[str, float]], *,
                    surface: bool = True, cache: dict[int, Any] | None = None,
                    ) -> list[tuple[int, str, int, str, float]]:
    """Map model features (``NEG_``-marked lemmas, uni/bi-grams, in the order given) back to
    the tokens of ``doc`` (an answer's doc or a span of it): ``(token index, text, character
    offset, feature, weight)``, each token once. ``surface=True`` also matches features that
    are surface words (lexicon/VADER). ``cache`` keeps each doc's token table by ``id(doc)``,
    for the clauses of the same answer (:meth:`Prepared.token_tables` starts one from the
    tables the batch already read). The one evidence mapper of the sentiment and topic models."""
    if not feats or doc is None or not len(doc):
        return []
    whole = doc.doc if isinstance(doc, Span) else doc
    first = doc.start if isinstance(doc, Span) else 0
    end = first + len(doc)
    table = cache.get(id(whole)) if cache is not None else None
    if table is None:
        table = _DocTable(whole)
        if cache is not None:
            cache[id(whole)] = table
    index = table.index()
    out: list[tuple[int, str, int, str, float]] = []
    seen: set[int] = set()
    for feat, weight in feats:
        for part in feat.split(" "):
            hits = index.find(part, first, end, surface)
            if surface and part.lower() != part:
                hits = hits + index.find(part.lower(), first, end, surface)
            for k, text, idx in hits:
                if k not in seen:
                    seen.add(k)
                    out.append((k, text, idx, feat, weight))
    return out


def word_ngrams(feats: list[str]) -> list[str]:
    """Unigrams and bigrams of lemma features (the analyzer of the word vectorizer)."""
    return feats + [f"{a} {b}" for a, b in zip(feats, feats[1:], strict=False)]


@lru_cache(maxsize=300_000)
def word_char_ngrams(word: str, lo: int, hi: int) -> tuple[str, ...]:
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
            out.extend(word_char_ngrams(word, self.lo, self.hi))
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
