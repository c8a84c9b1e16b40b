"""Tokenisation, lemmas, negation scope and clause splitting with spaCy.

No Polish spaCy pipeline exists on PyPI and spaCy's Polish lemmatizer needs a
tagger, so we build on ``spacy.blank("pl"/"en")`` and add two components:

``cxtext_lemmatizer``
    lemmas from morfeusz2 (Polish, when the ``morfeusz`` extra is installed; the
    analysis agreeing with simplemma wins ties) or simplemma (Polish and English).
``cxtext_negation``
    marks tokens in the scope of a negation cue (``token._.negated``): Polish "nie",
    "bez", "brak", "ani", "nigdy" + the next word (extended over auxiliaries such as
    "jest", "mam", "było", "za", "bardzo"); English not/no/never/n't/without + up to
    four following words, stopping at punctuation and connectives.

Clauses (``doc._.clauses``) split a response on sentence ends and contrastive
connectives ("ale", "jednak", "natomiast", "but", "however", "although"), which is
what aspect-level sentiment needs: "produkt super, ale dostawa trwała tydzień" ->
["produkt super", "ale dostawa trwała tydzień"].

:func:`features` turns a doc into lemma features where negated words carry a
``NEG_`` prefix, so "nie polecam" and "polecam" never share a feature.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, LOWER, ORTH
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span, Token

__all__ = [
    "NLP_LANGS",
    "TokenColumns",
    "token_columns",
    "clause_spans",
    "Clause",
    "get_nlp",
    "lemmatizer_backend",
    "lemmatize_word",
    "pipe",
    "features",
    "split_clauses",
    "NEG_PREFIX",
    "negated_tokens",
    "negation_cues",
    "token_features",
]

logger = logging.getLogger(__name__)

NLP_LANGS: tuple[str, ...] = ("pl", "en")
NEG_PREFIX = "NEG_"
_PLACEHOLDERS = ("[EMAIL]", "[PHONE]", "[PESEL]", "[IBAN]", "[CARD]", "[URL]")

# --------------------------------------------------------------------------- lemmas

_MORFEUSZ: Any = None
_MORFEUSZ_LOCK = threading.Lock()
_MORFEUSZ_TRIED = False


def _morfeusz() -> Any:
    global _MORFEUSZ, _MORFEUSZ_TRIED
    if not _MORFEUSZ_TRIED:
        with _MORFEUSZ_LOCK:
            if not _MORFEUSZ_TRIED:
                try:
                    import morfeusz2

                    _MORFEUSZ = morfeusz2.Morfeusz(generate=False, expand_tags=False)
                except Exception as exc:  # ImportError, or a broken binary wheel
                    logger.debug("morfeusz2 unavailable (%s); using simplemma for Polish", exc)
                    _MORFEUSZ = None
                _MORFEUSZ_TRIED = True
    return _MORFEUSZ


def lemmatizer_backend(lang: str) -> str:
    """Which lemmatizer serves ``lang``: ``"morfeusz2"``, ``"simplemma"`` or ``"lowercase"``."""
    if lang == "pl" and _morfeusz() is not None:
        return "morfeusz2"
    return "simplemma" if lang in NLP_LANGS else "lowercase"


_MORFEUSZ_CALL_LOCK = threading.Lock()

# Survey words both lemmatizers get wrong ("ok" is not the genitive plural of "oko").
_LEMMA_OVERRIDES: dict[str, str] = {
    "ok": "ok",
    "okej": "ok",
    "okey": "ok",
    "oki": "ok",
    "okay": "ok",
    "super": "super",
    "spoko": "spoko",
    "git": "git",
    "blik": "blik",
    "app": "app",
    "apka": "aplikacja",
    "apki": "aplikacja",
    "apce": "aplikacja",
    "apkę": "aplikacja",
    "infolinia": "infolinia",
    "infolinii": "infolinia",
    "infolinią": "infolinia",
    "infolinię": "infolinia",
}


@lru_cache(maxsize=200_000)
def lemmatize_word(word: str, lang: str, backend: str = "auto") -> str:
    """Lemma of one word (lower-cased). Cached; safe to call from several threads."""
    lower = word.lower()
    if lang not in NLP_LANGS or not any(c.isalpha() for c in lower):
        return lower
    if lower in _LEMMA_OVERRIDES:
        return _LEMMA_OVERRIDES[lower]
    from cxtext.simplemma_cache import lemmatize as simplemma_lemmatize

    simple = simplemma_lemmatize(lower, lang).lower()
    if backend == "simplemma" or lang != "pl":
        return simple
    morf = _morfeusz()
    if morf is None:
        return simple
    with _MORFEUSZ_CALL_LOCK:  # the SWIG object is not documented as thread-safe
        analyses = morf.analyse(lower)
    lemmas: list[str] = []
    nouns: list[str] = []
    for _start, _end, (_form, lemma, tag, _names, _quals) in analyses:
        if tag == "ign":
            continue
        base = lemma.split(":", 1)[0].lower()
        if tag.startswith("ger"):
            continue  # "zastrzeżeń" is the noun "zastrzeżenie", not the verb "zastrzec"
        if tag.startswith("subst") and base not in nouns:
            nouns.append(base)
        if base not in lemmas:
            lemmas.append(base)
    if nouns and simple not in lemmas:
        return nouns[0]
    if not lemmas:
        return simple
    if simple in lemmas:
        return simple
    return lemmas[0]


_COLS_KEY = "cxtext_columns"
_LEMMA_KEY = "cxtext_lemmas"


@dataclass(frozen=True)
class TokenColumns:
    """The token attributes of one doc that cxtext reads, as lists (one ``to_array`` per doc,
    kept in ``doc.user_data`` for every later step): ORTH and LOWER hashes, punctuation,
    space and number flags, character offsets."""

    orth: list[int]
    lower: list[int]
    punct: list[bool]
    space: list[bool]
    num: list[bool]
    idx: list[int]


def token_columns(doc: Doc) -> TokenColumns:
    """:class:`TokenColumns` of ``doc`` (read once, then cached on the doc)."""
    cols = doc.user_data.get(_COLS_KEY)
    if cols is None:
        if len(doc):
            orth, lower, punct, space, num, idx = doc.to_array(
                [ORTH, LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM, IDX]).T.tolist()
            cols = TokenColumns(orth, lower, [p == 1 for p in punct], [s == 1 for s in space],
                                [n == 1 for n in num], idx)
        else:
            cols = TokenColumns([], [], [], [], [], [])
        doc.user_data[_COLS_KEY] = cols
    return cols


@Language.factory("cxtext_lemmatizer", default_config={"backend": "auto"})
def _make_lemmatizer(nlp: Language, name: str, backend: str) -> Any:
    lang = nlp.lang
    strings = nlp.vocab.strings
    # token ORTH hash -> lemma hash (a token's class depends on its text only)
    cache: dict[int, int] = {}

    def lemma_hash(orth: int, lower: int, flags: int) -> int:
        if flags:  # punctuation, space or number
            return lower
        text = strings[orth]
        if text in _PLACEHOLDERS:
            return orth
        return strings.add(lemmatize_word(text, lang, backend))

    def lemmatize(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        c = token_columns(doc)
        lemmas: list[int] = []
        for orth, lower, punct, space, num in zip(c.orth, c.lower, c.punct, c.space, c.num,
                                                  strict=True):
            h = cache.get(orth)
            if h is None:
                h = lemma_hash(orth, lower, punct or space or num)
                if len(cache) < 300_000:
                    cache[orth] = h
            lemmas.append(h)
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        doc.user_data[_LEMMA_KEY] = lemmas
        return doc

    return lemmatize


# --------------------------------------------------------------------------- negation

_PL_CUES = frozenset(
    {
        "nie",
        "bez",
        "brak",
        "brakuje",
        "brakowało",
        "ani",
        "nigdy",
        "żaden",
        "żadna",
        "żadne",
        "żadnych",
        "żadnego",
        "żadnej",
        "zadnych",
        "zadnego",
        "zadna",
        "zadne",
        "nic",
        "niczego",
        "nikt",
        "nikogo",
    }
)
# Words that do not end the scope of "nie": auxiliaries, degree words, reflexives.
_PL_EXTEND = frozenset(
    """jest są był była było były będzie będą być mam masz ma mamy macie mają miałem miałam
    miał miała miało mieli mogę może można mogli mogła mógł da dało dała dadzą było dało się
    się mi mnie nam nas ci im mu jej go za zbyt bardzo tak aż zawsze wcale całkiem do końca
    już jeszcze tylko też zostało została został zostały jestem byłem byłam bylem bylam
    chce chcę chciał chciała warto polecam trzeba umiał umiała umieją potrafił potrafiła
    potrafią sa byl byla bylo beda bede moge moze mozna mial miala mialem mialam juz tez""".split()
)
_EN_CUES = frozenset(
    {
        "not",
        "no",
        "never",
        "n't",
        "without",
        "nothing",
        "none",
        "nobody",
        "neither",
        "nor",
        "cannot",
        "dont",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "wont",
        "cant",
        "hardly",
        "lack",
        "lacking",
    }
)
_STOP_SCOPE = frozenset(
    """ale jednak natomiast lecz choć chociaż aczkolwiek a i oraz lub albo bo ponieważ że
    gdy kiedy który która które więc dlatego czy ani but however although though yet and or
    because so while whereas which that who when if nor""".split()
)
_EN_SCOPE = 4


_NEG_KEY = "cxtext_negated"
_CUE_KEY = "cxtext_negation_cues"


def negated_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens of ``doc`` in a negation scope (set by the negation component)."""
    return doc.user_data.get(_NEG_KEY, set())


def negation_cues(doc: Doc) -> set[int]:
    """Indices of the negation cues of ``doc`` ("nie", "not", ...)."""
    return doc.user_data.get(_CUE_KEY, set())


def _token_negated(tok: Token) -> bool:
    return tok.i in tok.doc.user_data.get(_NEG_KEY, ())


def _token_cue(tok: Token) -> bool:
    return tok.i in tok.doc.user_data.get(_CUE_KEY, ())


def _set_extensions() -> None:
    if not Token.has_extension("negated"):
        Token.set_extension("negated", getter=_token_negated)
    if not Token.has_extension("negation_cue"):
        Token.set_extension("negation_cue", getter=_token_cue)
    if not Doc.has_extension("clauses"):
        Doc.set_extension("clauses", getter=clause_spans)


def negation_scope(lowers: Sequence[str], is_punct: Sequence[bool], lang: str,
                   ) -> tuple[set[int], set[int]]:
    """Indices of negation cues and of the tokens they negate, for lower-cased tokens.

    Polish "nie"/"bez"/"brak"... negate the next word, extended over auxiliaries and degree
    words ("nie jest zbyt dobra" -> jest, zbyt, dobra); English cues negate up to four
    words. The scope stops at punctuation, another cue and connectives ("ale", "but").
    """
    cues_set = _PL_CUES if lang == "pl" else _EN_CUES
    cues: set[int] = set()
    negated: set[int] = set()
    if cues_set.isdisjoint(lowers):
        return cues, negated
    n = len(lowers)
    for i, low in enumerate(lowers):
        if low not in cues_set:
            continue
        cues.add(i)
        j = i + 1
        limit = i + (3 if lang == "pl" else _EN_SCOPE)
        while j < n and j <= limit:
            nxt = lowers[j]
            if is_punct[j] or nxt in _STOP_SCOPE or nxt in cues_set:
                break
            negated.add(j)
            if lang == "pl" and nxt not in _PL_EXTEND:
                break
            j += 1
    return cues, negated


_ALL_CUE_HASHES = frozenset(hash_string(w) for w in _PL_CUES | _EN_CUES)


@Language.component("cxtext_negation")
def _negation(doc: Doc) -> Doc:
    c = token_columns(doc)
    if _ALL_CUE_HASHES.isdisjoint(c.lower):
        doc.user_data[_CUE_KEY] = set()
        doc.user_data[_NEG_KEY] = set()
        return doc
    strings = doc.vocab.strings
    cues, negated = negation_scope([strings[h] for h in c.lower], c.punct, doc.lang_)
    doc.user_data[_CUE_KEY] = cues
    doc.user_data[_NEG_KEY] = negated
    return doc


# --------------------------------------------------------------------------- clauses

CONTRASTIVE = _CONTRAST = frozenset(
    """ale jednak natomiast lecz choć chociaż chociaz aczkolwiek niemniej mimo acz
    but however although though whereas nevertheless nonetheless except""".split()
)
_SENT_END = frozenset({".", "!", "?", ";", "…", "...", "!!", "??", "?!", "!?", "!!!"})


@dataclass(frozen=True)
class Clause:
    """A clause of an answer: its text and character offsets in the answer."""

    text: str
    start: int
    end: int


_SENT_END_HASHES = frozenset(hash_string(w) for w in _SENT_END)
_CONTRAST_HASHES = frozenset(hash_string(w) for w in _CONTRAST)
_PLACEHOLDER_HASHES = frozenset(hash_string(w) for w in _PLACEHOLDERS)
_SENT_CHARS = frozenset(".!?;…")


def clause_spans(doc: Doc) -> list[Span]:
    """Clause spans (what ``doc._.clauses`` gives): split on sentence ends and before
    contrastive connectives, punctuation trimmed at both ends (from
    :func:`token_columns`: no Token objects are made)."""
    n = len(doc)
    if not n:
        return []
    strings = doc.vocab.strings
    c = token_columns(doc)
    orth, lower, is_punct = c.orth, c.lower, c.punct
    trim = [(p or sp) and o not in _PLACEHOLDER_HASHES
            for p, sp, o in zip(c.punct, c.space, c.orth, strict=True)]
    spans: list[Span] = []

    def close(s: int, e: int) -> None:
        while s < e and trim[s]:
            s += 1
        while e > s and trim[e - 1]:
            e -= 1
        if e - s == 1 and lower[s] in _CONTRAST_HASHES:
            return  # a dangling connective ("Good product, but") is no clause
        if e > s:
            spans.append(doc[s:e])

    start = 0
    for i in range(n):
        if orth[i] in _SENT_END_HASHES or (is_punct[i] and set(strings[orth[i]]) <= _SENT_CHARS):
            close(start, i + 1)
            start = i + 1
        elif lower[i] in _CONTRAST_HASHES and i > start:
            # "mimo że" / "mimo to": the connective is two words
            close(start, i)
            start = i
    if start < n:
        close(start, n)
    return spans


# --------------------------------------------------------------------------- pipelines

_NLP_CACHE: dict[tuple[str, str], Language] = {}
_NLP_LOCK = threading.Lock()


def get_nlp(lang: str, *, lemmatizer: str = "auto") -> Language:
    """A cached spaCy pipeline for ``pl`` or ``en`` (other languages get the English tokenizer
    without lemmas). ``lemmatizer``: ``auto`` (morfeusz2 if installed, else simplemma) or
    ``simplemma``."""
    if lemmatizer not in ("auto", "simplemma"):
        raise ValueError(f"Unknown lemmatizer {lemmatizer!r}; allowed: 'auto', 'simplemma'.")
    key = (lang if lang in NLP_LANGS else "xx", lemmatizer)
    nlp = _NLP_CACHE.get(key)
    if nlp is None:
        with _NLP_LOCK:
            nlp = _NLP_CACHE.get(key)
            if nlp is None:
                _set_extensions()
                nlp = spacy.blank(lang if lang in NLP_LANGS else "en")
                for ph in _PLACEHOLDERS:
                    nlp.tokenizer.add_special_case(ph, [{ORTH: ph}])  # type: ignore[union-attr]
                nlp.add_pipe("cxtext_lemmatizer", config={"backend": lemmatizer})
                nlp.add_pipe("cxtext_negation")
                _NLP_CACHE[key] = nlp
    return nlp


def pipe(
    texts: Iterable[str],
    langs: Iterable[str] | str = "pl",
    *,
    batch_size: int = 256,
    lemmatizer: str = "auto",
) -> Iterator[Doc]:
    """Process texts with the pipeline of each text's language, in input order.

    Texts are grouped by language and sent through ``nlp.pipe`` in batches; the
    ``langs`` value ``und``/``other`` uses the English tokenizer without lemmas
    (``doc.lang_`` is then ``en`` but lemmas are plain lower-case forms).
    """
    texts = list(texts)
    langs_list = [langs] * len(texts) if isinstance(langs, str) else list(langs)
    if len(langs_list) != len(texts):
        raise ValueError(f"got {len(texts)} texts but {len(langs_list)} languages")
    groups: dict[str, list[int]] = {}
    for idx, lang in enumerate(langs_list):
        groups.setdefault(lang if lang in NLP_LANGS else "xx", []).append(idx)
    out: list[Doc | None] = [None] * len(texts)
    for lang, idxs in groups.items():
        nlp = get_nlp(lang if lang != "xx" else "und", lemmatizer=lemmatizer)
        if lang == "xx":
            docs: Iterable[Doc] = (_plain_doc(nlp, texts[i]) for i in idxs)
        else:
            docs = nlp.pipe((texts[i] for i in idxs), batch_size=batch_size)
        for i, doc in zip(idxs, docs, strict=True):
            out[i] = doc
    return iter(out)  # type: ignore[arg-type]


def _plain_doc(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for tok in doc:
        tok.lemma_ = tok.text if tok.text in _PLACEHOLDERS else tok.lower_
    return nlp.get_pipe("cxtext_negation")(doc)


def token_features(doc: Doc) -> list[str | None]:
    """The feature of each token of ``doc``: its lower-case lemma, ``NEG_`` before it inside a
    negation scope; None for punctuation and spaces (token attributes read as arrays)."""
    if not len(doc):
        return []
    neg = doc.user_data.get(_NEG_KEY, ())
    strings = doc.vocab.strings
    c = token_columns(doc)
    lemmas = doc.user_data.get(_LEMMA_KEY)
    if lemmas is None:  # a doc lemmatised otherwise (the plain pipeline, spaCy's own)
        lemmas = doc.to_array(LEMMA).tolist()
    out: list[str | None] = []
    for k, (lemma, lower, punct, space) in enumerate(zip(lemmas, c.lower, c.punct, c.space,
                                                         strict=True)):
        if punct or space:
            out.append(None)
        else:
            word = strings[lemma or lower]
            out.append(NEG_PREFIX + word if k in neg else word)
    return out


def features(doc: Doc | Span) -> list[str]:
    """Lemma features: lower-case lemmas, ``NEG_`` before negated ones; punctuation dropped.

    >>> features(next(pipe(["Nie polecam"], "pl")))
    ['nie', 'NEG_polecać']
    """
    whole = doc.doc if isinstance(doc, Span) else doc
    start = doc.start if isinstance(doc, Span) else 0
    return [f for f in token_features(whole)[start:start + len(doc)] if f is not None]


def split_clauses(text: str, lang: str = "pl") -> list[Clause]:
    """Split one answer into clauses (sentence ends and contrastive connectives)."""
    doc = next(pipe([text], lang))
    return [Clause(s.text, s.start_char, s.end_char) for s in doc._.clauses]


def tokens_and_lemmas(docs: Sequence[Doc]) -> list[tuple[list[str], list[str]]]:
    """``(tokens, lemmas)`` per doc, punctuation kept."""
    return [([t.text for t in d], [t.lemma_ or t.lower_ for t in d]) for d in docs]
