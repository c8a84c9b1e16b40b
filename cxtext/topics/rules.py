"""``topics.rules.v1``: taxonomy terms matched on lemmas.

Every token gets a *match key*: its lemma, lower-cased, without
Polish diacritics (for Polish also without one inflectional ending, see :func:`light_stem`),
or ``stem*`` when it starts with a stem declared in the taxonomy (``dostaw*``). Taxonomy
terms are turned into keys the same way, so "szybka dostawa" matches "szybkiej dostawy",
"szybką dostawą" and "szybka dostawe" alike (contiguous terms are found with a trie over
the keys' string hashes, in one pass per answer). Phrases with ``...`` (up to three free words
in between, no punctuation) are indexed by their first key and checked where it occurs.

Then, per answer:

* a match inside a negation scope is marked ``negated``; a term declared
  ``{term: ..., negated: true|false}`` only counts inside (outside) a negation;
* ``exclude`` terms drop their topic (and a level-1 topic's children) in the clause they occur;
* a match inside a longer match of another topic is dropped ("koszt dostawy" is delivery
  cost, not the generic "koszt");
* a level-1 topic matched by its generic terms is dropped in a clause where one of its
  children matched (the child is the more specific label).

Polish terms run on Polish answers, English terms on English ones, both on answers whose
language is ``und``/``other`` (one-word answers such as "cena" or "delivery").
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.utils.validation import check_is_fitted
from spacy.tokens import Doc

from cxtext.errors import ConfigError
from cxtext.features import Prepared, as_prepared, span_text
from cxtext.lang import fold
from cxtext.nlp import get_nlp, lemmatize_word, negated_tokens, negation_cues, token_columns
from cxtext.topics.base import TopicMatch, TopicModel, backends
from cxtext.topics.taxonomy import (
    DEFAULT_TAXONOMY,
    GAP,
    TERM_LANGS,
    Taxonomy,
    Term,
    load_taxonomy,
)
from cxtext.topics.zeroshot import ZeroShotTopics

__all__ = ["RuleTopics", "match_key", "light_stem"]

logger = logging.getLogger(__name__)

_MAX_GAP = 3
#: Letters past a declared stem from which a plain term word counts as another word
#: (:class:`_Compiled`): "repay" past "rep*" (2) and "baggage" past "bag*" (4) do; "mily"
#: past "mil*" or "czekac" past "czeka*" (1) is an ending.
_OWN_WORD = 2
#: Words whose match keys are cached per language (the cache stops growing there).
_KEY_CACHE = 300_000


def match_key(word: str, lang: str, stems: frozenset[str] = frozenset(),
              lemmatizer: str = "simplemma") -> str:
    """The key a word is matched by: ``stem*`` for the longest declared stem it starts with
    (checked on the folded lemma, then the folded word), else its folded lemma."""
    low = word.lower()
    if low.endswith("*"):
        return fold(low[:-1]) + "*"
    lemma = fold(lemmatize_word(low, lang, lemmatizer))
    if stems:
        for form in (lemma, fold(low)):
            for n in range(len(form), 2, -1):
                if form[:n] in stems:
                    return form[:n] + "*"
    return light_stem(lemma) if lang == "pl" else lemma


# Inflectional endings left after lemmatisation: simplemma keeps feminine adjectives ("szybka"
# but "szybkiej" -> "szybki") and does not know diacritics-free inflected forms ("paczke").
_PL_ENDINGS = sorted("ego emu ymi imi ych ich ami ach iej owi om ow ej ym im a e i y o u".split(),
                     key=len, reverse=True)
_MIN_STEM_KEY = 4


@lru_cache(maxsize=100_000)
def light_stem(word: str) -> str:
    """Strip one Polish inflectional ending (keeping at least four letters): "szybka",
    "szybki", "szybko" -> "szybk"; "paczka", "paczke" -> "paczk". Used for match keys only."""
    for end in _PL_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= _MIN_STEM_KEY:
            return word[: -len(end)]
    return word


#: A trie node: (children by key hash, indexes of the records whose phrase ends here).
_Node = tuple[dict[int, "_Node"], list[int]]


@dataclass(frozen=True)
class _Record:
    code: str
    term: Term
    exclude: bool


class _Compiled:
    """The matchers of one language: a trie over the match keys of contiguous terms, and an
    index of phrases with ``...`` gaps by their first key (checked only where that key
    occurs).

    A word's match key is the longest declared stem it starts with, so a plain word of a term
    that starts with another term's stem ("repaid" when some term says "rep*") gets that
    stem's key too. Where its own key (lemma) runs on for ``_OWN_WORD`` letters or more past
    the stem, it is another word, checked again on its own key after a match, so declaring
    "rep*" does not make "repaid" match "reply" (``exact``). A shorter run is an ending: the
    stem then still catches forms the lemmatiser misses ("czekalismy" for "czekać" under
    "czeka*")."""

    def __init__(self, taxonomy: Taxonomy, lang: str, lemmatizer: str) -> None:
        self.lang = lang
        self.lemmatizer = lemmatizer
        self.vocab = get_nlp(lang, lemmatizer=lemmatizer).vocab
        self.records: list[_Record] = []
        for topic in taxonomy:
            self.records += [_Record(topic.code, t, False) for t in topic.terms if t.lang == lang]
            self.records += [_Record(topic.code, t, True) for t in topic.exclude if t.lang == lang]
        self.stems = frozenset(
            fold(w[:-1]) for r in self.records for w in r.term.words if w.endswith("*")
        )
        self._keys: dict[int, int] = {}
        self._exact_keys: dict[int, int] = {}
        #: record index -> {word position (gaps not counted): hash of the word's own key}
        self.exact: dict[int, dict[int, int]] = {}
        # contiguous phrases: a trie over the keys' hashes (node = (children, records ending
        # here)); phrases with gaps: indexed by their first key
        self.trie: dict[int, _Node] = {}
        self.gapped: dict[int, list[tuple[int, list[list[int]]]]] = {}
        strings = self.vocab.strings
        for idx, rec in enumerate(self.records):
            keys = [GAP if w == GAP else self.key(w) for w in rec.term.words]
            own = {}
            for k, (w, key) in enumerate((w, key) for w, key in zip(rec.term.words, keys,
                                                                     strict=True) if w != GAP):
                if key.endswith("*") and not w.endswith("*"):
                    word_key = self.exact_key(w)
                    if len(word_key) - (len(key) - 1) >= _OWN_WORD:
                        own[k] = strings.add(word_key)
            if own:
                self.exact[idx] = own
            if GAP in keys:
                parts: list[list[int]] = [[]]
                for k in keys:
                    if k == GAP:
                        parts.append([])
                    else:
                        parts[-1].append(strings.add(k))
                self.gapped.setdefault(parts[0][0], []).append((idx, parts))
            else:
                level = self.trie
                node: _Node | None = None
                for k in keys:
                    node = level.setdefault(strings.add(k), ({}, []))
                    level = node[0]
                assert node is not None
                node[1].append(idx)

    def key(self, word: str) -> str:
        return match_key(word, self.lang, self.stems, self.lemmatizer)

    def exact_key(self, word: str) -> str:
        """The key of ``word`` with no declared stems: its folded lemma."""
        return match_key(word, self.lang, frozenset(), self.lemmatizer)

    def _exact_hash(self, strings: Any, low: int) -> int:
        h = self._exact_keys.get(low)
        if h is None:
            h = strings.add(self.exact_key(strings[low]))
            if len(self._exact_keys) < _KEY_CACHE:
                self._exact_keys[low] = h
        return h

    def _own(self, idx: int, positions: Sequence[int], lower: Sequence[int],
             strings: Any) -> bool:
        """Do the plain words of record ``idx`` that share a stem's key match as themselves
        at ``positions`` (the tokens of its words, in order; ``lower``: the tokens' LOWER
        hashes)?"""
        return all(self._exact_hash(strings, lower[positions[k]]) == h
                   for k, h in self.exact[idx].items())

    def key_hashes(self, doc: Doc, lower: list[int] | None = None) -> list[int]:
        """The match key of each token of ``doc`` as a string hash (``lower``: the tokens'
        LOWER hashes, when already read); keys are cached by the word's hash."""
        strings = doc.vocab.strings
        hashes = []
        keys = self._keys
        if lower is None:
            lower = token_columns(doc).lower
        for low in lower:
            h = keys.get(low)
            if h is None:
                h = strings.add(self.key(strings[low]))
                if len(keys) < _KEY_CACHE:
                    keys[low] = h
            hashes.append(h)
        return hashes

    def __call__(self, doc: Doc, table: Any = None) -> list[tuple[_Record, int, int]]:
        """Matches ``(record, start, end)`` in ``doc`` (``table``: its token table from the
        prepared batch, whose LOWER hashes and punctuation flags are used)."""
        n = len(doc)
        if not n:
            return []
        lower = token_columns(doc).lower if table is None else table.lower
        hashes = self.key_hashes(doc, lower)
        records, trie, exact = self.records, self.trie, self.exact
        strings = doc.vocab.strings
        own = self._own
        hits: list[tuple[_Record, int, int]] = []
        for i in range(n):
            node = trie.get(hashes[i])
            j = i + 1
            while node is not None:
                for idx in node[1]:
                    if idx not in exact or own(idx, range(i, j), lower, strings):
                        hits.append((records[idx], i, j))
                if j == n:
                    break
                node = node[0].get(hashes[j])
                j += 1
        if self.gapped:
            punct = table.punct if table is not None else token_columns(doc).punct
            for i, h in enumerate(hashes):
                for idx, parts in self.gapped.get(h, ()):
                    found = _match_gapped(hashes, punct, i, parts)
                    if found is not None and (
                            idx not in exact or own(idx, found[1], lower, strings)):
                        hits.append((records[idx], i, found[0]))
        return hits


def _match_gapped(keys: list[int], punct: list[bool], start: int, parts: list[list[int]],
                  ) -> tuple[int, list[int]] | None:
    """End of the shortest match of ``part0 ... part1 ...`` at ``start`` (gaps: 0-3 words,
    no punctuation) and the positions of its words, or None."""
    n = len(keys)
    first = parts[0]
    if keys[start : start + len(first)] != first:
        return None
    pos = start + len(first)
    positions = list(range(start, pos))
    for part in parts[1:]:
        for gap in range(_MAX_GAP + 1):
            j = pos + gap
            if j + len(part) > n or (gap and punct[j - 1]):
                return None
            if keys[j : j + len(part)] == part:
                pos = j + len(part)
                positions += range(j, pos)
                break
        else:
            return None
    return pos, positions


#: ``RuleTopics(check="default")``: the shipped reader (``models/topics-attention-v1``).
DEFAULT_CHECK = "default"


def _attention_check(check: Any) -> Any:
    """The reader of ``RuleTopics(check=...)`` (None: none)."""
    if check is None:
        return None
    from cxtext.topics.attention import AttentionCheck

    if isinstance(check, AttentionCheck):
        return check
    if str(check) == DEFAULT_CHECK:
        from cxtext.topics.base import reader_folder

        check = reader_folder()
    return AttentionCheck.load(check)


def _context_check(context: str | Path | None) -> Any:
    """The context check of ``RuleTopics(context=...)`` (None: none)."""
    if context is None:
        return None
    from cxtext.topics.context import ContextCheck

    return ContextCheck.load(context)


@backends.register("topics.rules.v1")
class RuleTopics(TopicModel):
    """Assign taxonomy topics by matching its terms on lemmas (multi-label, with evidence).

    ``taxonomy``: a packaged name, a YAML/TOML path or a :class:`Taxonomy`. ``fit()`` only
    compiles the taxonomy (no data needed); ``X``/``y`` are accepted and ignored.

    Topics with ``examples`` are also assigned by embedding similarity
    (:class:`~cxtext.topics.zeroshot.ZeroShotTopics`, ``zeroshot_``; None when the taxonomy
    has none, and then the encoder is never loaded); ``zero_shot_threshold``: the similarity
    they need (None: :data:`~cxtext.topics.zeroshot.DEFAULT_THRESHOLD`).

    ``context``: a folder written by ``cxtext train context``: the context check
    (:class:`~cxtext.topics.context.ContextCheck`, ``context_``) that vetoes hits whose clause
    reads unlike their topic; None (default): bare term matching.

    ``check``: a folder written by ``cxtext train attention`` (``"default"``: the shipped one,
    trained on the industry packs' tuning sets) or a fitted reader: the learned reader
    (:class:`~cxtext.topics.attention.AttentionCheck`, ``check_``) that vetoes rule hits of the
    topics it knows when the answer does not talk about them and adds the topics it reads
    with high confidence; None (default): no reader, and the encoder is never loaded.
    """

    backend = "topics.rules.v1"

    def __init__(self, *, taxonomy: str | Path | Taxonomy = DEFAULT_TAXONOMY,
                 lemmatizer: str = "simplemma", zero_shot_threshold: float | None = None,
                 context: str | Path | None = None, check: Any = None) -> None:
        self.taxonomy = taxonomy
        self.lemmatizer = lemmatizer
        self.zero_shot_threshold = zero_shot_threshold
        self.context = context
        self.check = check

    def fit(self, X: Any = None, y: Any = None) -> RuleTopics:
        if self.lemmatizer not in ("simplemma", "auto"):
            raise ConfigError(f"lemmatizer must be 'simplemma' or 'auto', got {self.lemmatizer!r}.")
        tax = load_taxonomy(self.taxonomy)
        self.taxonomy_ = tax
        self.classes_ = np.array(tax.codes, dtype=object)
        self.compiled_ = {lang: _Compiled(tax, lang, self.lemmatizer) for lang in TERM_LANGS}
        self.zeroshot_ = ZeroShotTopics.from_taxonomy(tax, threshold=self.zero_shot_threshold)
        self.context_ = _context_check(self.context)
        self.check_ = _attention_check(self.check)
        return self

    # -- assignment ---------------------------------------------------------------------------
    def assign(self, texts: Any, *, langs: Sequence[str | None] | None = None,
               ) -> list[list[TopicMatch]]:
        """Topics of each answer with evidence (offsets into the *cleaned* answer, as returned
        in ``classify()['text']``). ``texts``: a :class:`~cxtext.features.Prepared` batch
        (its docs are matched as they are), or texts, which are then cleaned, their language
        detected unless ``langs`` is given, and prepared."""
        check_is_fitted(self, "compiled_")
        # match keys come from the surface words (see match_key), so a batch made with any
        # lemmatizer is matched as it is: only its tokens, negation and clauses are used
        batch = texts if isinstance(texts, Prepared) else as_prepared(
            texts, langs=langs, lemmatizer=self.lemmatizer, what="Topic models")
        found = [self.assign_doc(d, lg, clauses=c, text=t, table=batch.token_table(i))
                 for i, (d, lg, c, t) in enumerate(
                     zip(batch.docs, batch.langs, batch.clauses, batch.texts, strict=True))]
        context = self.__dict__.get("context_")
        if context is not None:
            found = context.check(batch, found)
        check = self.__dict__.get("check_")
        if check is not None:
            found = check.check(batch, found, codes=self.taxonomy_.codes,
                                parent_of=self.taxonomy_.parent_of)
        zeroshot = self.__dict__.get("zeroshot_")
        return zeroshot.assign(batch, found) if zeroshot is not None else found

    def assign_doc(self, doc: Doc, lang: str, *, clauses: Sequence[Any] | None = None,
                   text: str | None = None, table: Any = None) -> list[TopicMatch]:
        """Topics of one processed answer (a doc from :func:`cxtext.nlp.pipe`; ``clauses``,
        ``text`` and ``table``: its clause spans, text and token table when already known)."""
        if "compiled_" not in self.__dict__:
            check_is_fitted(self, "compiled_")  # raises NotFittedError
        tax = self.taxonomy_
        run = [lang] if lang in TERM_LANGS else list(TERM_LANGS)
        hits = [hit for lg in run for hit in self.compiled_[lg](doc, table)]
        if not hits:
            return []
        neg = negated_tokens(doc)
        cues = negation_cues(doc)
        spans = doc._.clauses if clauses is None else clauses
        clause_starts = [s.start for s in spans] or [0]
        found: list[tuple[str, int, int, str, bool, int]] = []
        excluded: set[tuple[str, int]] = set()
        for rec, s, e in hits:
            span = range(s, e)
            negated = any(i in neg for i in span) and not any(i in cues for i in span)
            if rec.term.negated is not None and negated != rec.term.negated:
                continue
            clause = bisect.bisect_right(clause_starts, s) - 1
            if rec.exclude:
                excluded.add((rec.code, max(clause, 0)))
            else:
                found.append((rec.code, s, e, rec.term.text, negated, max(clause, 0)))
        if excluded:
            found = [f for f in found if (f[0], f[5]) not in excluded
                     and (tax.parent_of(f[0]), f[5]) not in excluded]
        # a match inside a longer match of another topic is not evidence of its own
        found = [f for f in found if not any(
            g[0] != f[0] and g[1] <= f[1] and f[2] <= g[2] and g[2] - g[1] > f[2] - f[1]
            for g in found)]
        with_children = {(tax.parent_of(f[0]), f[5]) for f in found if "." in f[0]}
        found = [f for f in found if (f[0], f[5]) not in with_children]
        # overlapping matches of one topic ("długa kolejka", "kolejka do kasy") -> one span
        merged: list[list[Any]] = []
        for f in sorted(found, key=lambda f: (f[0], f[1], -f[2])):
            last = merged[-1] if merged else None
            if last is not None and last[0] == f[0] and f[1] < last[2]:
                if f[2] - f[1] > last[6]:
                    last[3], last[4], last[6] = f[3], f[4], f[2] - f[1]
                last[2] = max(last[2], f[2])
            else:
                merged.append([*f[:5], f[5], f[2] - f[1]])
        out = []
        if merged and text is None:
            text = doc.text
        for code, s, e, term, negated, clause, _ in sorted(merged, key=lambda m: (m[1], m[0])):
            words = doc[s:e]
            out.append(TopicMatch(
                code=code, parent=tax.parent_of(code), text=span_text(words, text or ""),
                start=words.start_char,
                end=words.end_char, term=term, negated=negated, clause=clause,
            ))
        return out

    # -- estimator API ------------------------------------------------------------------------
    def predict_proba(self, X: Any, *, langs: Sequence[str | None] | None = None,
                      **kwargs: Any) -> np.ndarray:
        """1.0 for each topic found (and its level-1 parent), 0.0 otherwise."""
        return self.indicator(self.assign(X, langs=langs))

    def indicator(self, matches: Sequence[Sequence[TopicMatch]]) -> np.ndarray:
        check_is_fitted(self, "classes_")
        index = {c: j for j, c in enumerate(self.classes_)}
        out = np.zeros((len(matches), len(index)), dtype=np.float64)
        for i, ms in enumerate(matches):
            for m in ms:
                out[i, index[m.code]] = 1.0
                out[i, index[m.parent]] = 1.0
        return out
