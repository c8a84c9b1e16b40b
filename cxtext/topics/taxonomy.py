"""The CX topic taxonomy: a two-level, bilingual tree of topics an analyst can read and edit.

A taxonomy file (YAML or TOML) looks like::

    format: 1
    name: cx_default
    topics:
      - code: delivery
        name: {pl: Dostawa, en: Delivery}
        terms: {pl: [dostawa, "dostaw*"], en: [delivery]}      # generic mentions
        children:
          - code: delivery.speed
            name: {pl: Czas dostawy, en: Delivery speed}
            terms:
              pl: ["szybka dostawa", "czekać ... paczka", {term: dotrzeć, negated: true}]
              en: ["fast delivery", "delay*"]
            exclude: {pl: [...], en: [...]}

Term syntax: words are compared by lemma, lower-cased and without Polish diacritics, so
"szybka dostawa" also matches "szybkiej dostawy"; ``word*`` is a prefix match on the
diacritics-free form (a plain word of another term that runs two or more letters past that
stem still matches only itself: "rep*" does not make "repaid" match "reply"); ``...``
inside a phrase allows 0-3 words in between; a mapping
``{term: ..., negated: true|false}`` matches only inside (or only outside) a negation.
``exclude`` terms drop the topic in a clause where they occur.

An analyst's own file can start from the default and change it::

    format: 1
    extends: cx_default            # a packaged taxonomy name or a path relative to this file
    name: my_shop
    disable: [feedback, store.look]                 # a parent disables its children
    rename: {delivery.courier: {pl: Kurierzy, en: Couriers}}
    merge: {delivery.tracking: communication.notifications}   # source -> target
    topics:                        # new topics, or existing codes whose terms are extended
      - code: delivery.lockers
        name: {pl: Paczkomaty, en: Parcel lockers}
        terms: {pl: [paczkomat], en: [parcel locker]}

Zero-shot topics: a topic may give ``examples`` - a few answers per language, written as a
customer would - instead of (or beside) terms::

      - code: roaming
        name: {pl: Roaming, en: Roaming}
        description: {pl: Usługi i opłaty za granicą, en: Service and charges abroad}
        examples:
          pl: ["Za granicą internet w ogóle nie działał", "Rachunek za roaming mnie zaskoczył"]
          en: ["Data didn't work at all when I was abroad", "Huge roaming charges after my trip"]

Such a topic is assigned by sentence-embedding similarity (:mod:`cxtext.topics.zeroshot`,
run by ``topics.rules.v1`` beside the terms): its name, description and examples (both
languages) make one prototype vector, and an answer gets the topic when one of its clauses
is close enough to it (``RuleTopics(zero_shot_threshold=...)``) and nearer to it than to any
other zero-shot topic; its evidence is that clause (``term: "~examples"``). Give three to
five varied examples per language; they are compared by meaning, so they need not share
words with the answers. Zero-shot topics are less precise than terms when they sit close to
other topics; they suit topics whose vocabulary is hard to list. ``examples`` are extended
by an override file like terms (``extends``), kept by ``rename`` and moved into the target
by ``merge``. A topic with examples and no terms is not reported as one "rules will never
assign".

Every validation error names the file, the topic and the problem (:class:`TaxonomyError`).
"""

from __future__ import annotations

import copy
import logging
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cxtext.errors import ConfigError
from cxtext.persist import package_dir

__all__ = [
    "Taxonomy",
    "Topic",
    "Term",
    "TaxonomyError",
    "load_taxonomy",
    "packaged_taxonomies",
    "DEFAULT_TAXONOMY",
    "TERM_LANGS",
]

logger = logging.getLogger(__name__)

DEFAULT_TAXONOMY = "cx_default"
TERM_LANGS: tuple[str, ...] = ("pl", "en")
#: The package whose ``*.yaml`` data files are the packaged taxonomies.
_TAXONOMY_PACKAGE = "cxtext.topics"
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"format", "name", "version", "description", "extends", "topics", "disable",
             "rename", "merge"}
_TOPIC_KEYS = {"code", "name", "description", "terms", "exclude", "examples", "children"}
_MIN_STEM = 3
GAP = "..."
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class TaxonomyError(ConfigError):
    """A taxonomy file is invalid: the message names the file, the topic and the problem."""


@dataclass(frozen=True)
class Term:
    """One seed term: a word or phrase as written, its language and negation requirement
    (``None``: match anywhere; ``True``: only negated; ``False``: only not negated)."""

    text: str
    lang: str
    negated: bool | None = None

    @property
    def words(self) -> list[str]:
        return self.text.split()

    def as_yaml(self) -> str | dict[str, Any]:
        return self.text if self.negated is None else {"term": self.text, "negated": self.negated}


@dataclass
class Topic:
    """A node of the taxonomy. ``parent`` is None for level-1 topics."""

    code: str
    name: dict[str, str]
    parent: str | None = None
    description: dict[str, str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    #: example answers by language (zero-shot topics, :mod:`cxtext.topics.zeroshot`)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def level(self) -> int:
        return 1 if self.parent is None else 2

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.get("en") or self.code

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def example_texts(self) -> list[str]:
        """Every example answer, Polish then English."""
        return [x for lg in TERM_LANGS for x in self.examples.get(lg, [])]


class Taxonomy:
    """An ordered collection of :class:`Topic` (parents followed by their children)."""

    def __init__(self, topics: list[Topic], *, name: str = "custom", version: str = "",
                 description: dict[str, str] | None = None,
                 sources: list[str] | None = None) -> None:
        self.name = name
        self.version = version
        self.description = description or {}
        self.sources = sources or []
        self._topics: dict[str, Topic] = {}
        for t in topics:
            if t.code in self._topics:
                raise TaxonomyError(f"{self._where()}: topic {t.code!r} is defined twice.")
            self._topics[t.code] = t
        for t in topics:
            if t.parent is not None and t.parent not in self._topics:
                raise TaxonomyError(
                    f"{self._where()}: topic {t.code!r}: parent {t.parent!r} does not exist."
                )

    def _where(self) -> str:
        return self.sources[-1] if self.sources else f"taxonomy {self.name!r}"

    # -- access ----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Topic]:
        return iter(self._topics.values())

    def __len__(self) -> int:
        return len(self._topics)

    def __contains__(self, code: object) -> bool:
        return code in self._topics

    def __getitem__(self, code: str) -> Topic:
        try:
            return self._topics[code]
        except KeyError:
            raise KeyError(
                f"Unknown topic {code!r} in taxonomy {self.name!r}. Known: "
                f"{', '.join(self._topics)}."
            ) from None

    @property
    def codes(self) -> list[str]:
        return list(self._topics)

    def parents(self) -> list[Topic]:
        return [t for t in self if t.parent is None]

    def children(self, code: str) -> list[Topic]:
        return [t for t in self if t.parent == code]

    def parent_of(self, code: str) -> str:
        """Level-1 code of a topic (itself for a level-1 topic)."""
        t = self[code]
        return t.parent or t.code

    def label(self, code: str, lang: str = "en") -> str:
        return self[code].label(lang)

    def terms_count(self) -> dict[str, int]:
        return {lg: sum(len(t.terms_in(lg)) for t in self) for lg in TERM_LANGS}

    # -- serialisation -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        def node(t: Topic) -> dict[str, Any]:
            d: dict[str, Any] = {"code": t.code, "name": dict(t.name)}
            if t.description:
                d["description"] = dict(t.description)
            if t.terms:
                d["terms"] = _terms_dict(t.terms)
            if t.exclude:
                d["exclude"] = _terms_dict(t.exclude)
            if any(t.examples.values()):
                d["examples"] = {lg: list(xs) for lg, xs in t.examples.items() if xs}
            return d

        tops = []
        for p in self.parents():
            d = node(p)
            kids = [node(c) for c in self.children(p.code)]
            if kids:
                d["children"] = kids
            tops.append(d)
        out: dict[str, Any] = {"format": 1, "name": self.name}
        if self.version:
            out["version"] = self.version
        if self.description:
            out["description"] = dict(self.description)
        out["topics"] = tops
        return out

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)

    def __repr__(self) -> str:
        return (f"Taxonomy(name={self.name!r}, topics={len(self)}, "
                f"parents={len(self.parents())})")


def _terms_dict(terms: list[Term]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for t in terms:
        out.setdefault(t.lang, []).append(t.as_yaml())
    return out


# --------------------------------------------------------------------------- loading


def packaged_taxonomies() -> list[str]:
    """Names of the taxonomies shipped inside the package."""
    return sorted(p.stem for p in package_dir(_TAXONOMY_PACKAGE).glob("*.yaml"))


def load_taxonomy(source: str | Path | Mapping[str, Any] | Taxonomy = DEFAULT_TAXONOMY,
                  ) -> Taxonomy:
    """Load a taxonomy: a packaged name (``"cx_default"``), a YAML/TOML path, a dict, or a
    :class:`Taxonomy` (returned as is). Overrides (``extends``/``disable``/``rename``/``merge``)
    are applied; errors are :class:`TaxonomyError` naming file, topic and problem."""
    if isinstance(source, Taxonomy):
        return source
    if isinstance(source, Mapping):
        return _build(dict(source), "<dict>", base_dir=Path.cwd(), seen=())
    return _load_path(_resolve(source, Path.cwd()), seen=())


def _resolve(source: str | Path, base_dir: Path) -> Path:
    s = str(source)
    if s in packaged_taxonomies():
        return package_dir(_TAXONOMY_PACKAGE) / f"{s}.yaml"
    path = Path(source)
    if not path.is_absolute():
        path = base_dir / path
    if not path.exists():
        raise TaxonomyError(
            f"Taxonomy {s!r} not found: no such file ({path}) and not a packaged taxonomy "
            f"(packaged: {', '.join(packaged_taxonomies())})."
        )
    return path


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else \
            yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: not valid {path.suffix.lstrip('.').upper()}: {exc}") from None
    if data is None:
        raise TaxonomyError(f"{path}: the file is empty; expected 'format: 1' and 'topics:'.")
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: expected a mapping at the top level, got "
                            f"{type(data).__name__}.")
    return data


def _load_path(path: Path, seen: tuple[Path, ...]) -> Taxonomy:
    real = path.resolve()
    if real in seen:
        chain = " -> ".join(str(p) for p in (*seen, real))
        raise TaxonomyError(f"{path}: 'extends' forms a cycle: {chain}.")
    return _build(_read(path), str(path), base_dir=path.parent, seen=(*seen, real))


def _build(data: dict[str, Any], where: str, *, base_dir: Path, seen: tuple[Path, ...],
           ) -> Taxonomy:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise TaxonomyError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}.")
    fmt = data.get("format", 1)
    if fmt != 1:
        raise TaxonomyError(f"{where}: format {fmt!r} is not supported; use format 1.")
    base: Taxonomy | None = None
    if data.get("extends"):
        base = _load_path(_resolve(str(data["extends"]), base_dir), seen)
    topics: list[Topic] = [copy.deepcopy(t) for t in base] if base else []
    index = {t.code: t for t in topics}
    raw_topics = data.get("topics", [])
    if raw_topics is None:
        raw_topics = []
    if not isinstance(raw_topics, list):
        raise TaxonomyError(f"{where}: 'topics' must be a list of topics, got "
                            f"{type(raw_topics).__name__}.")
    if base is None and not raw_topics:
        raise TaxonomyError(f"{where}: no topics; add a 'topics:' list (or 'extends: cx_default').")
    here: set[str] = set()
    for k, raw in enumerate(raw_topics):
        _add_topic(raw, where, topics, index, here, parent=None, position=k + 1)
    _apply_merge(data.get("merge"), where, topics, index)
    _apply_rename(data.get("rename"), where, index)
    topics = _apply_disable(data.get("disable"), where, topics, index)
    name = str(data.get("name") or (base.name if base else Path(where).stem))
    desc = data.get("description") or (base.description if base else {})
    sources = [*(base.sources if base else []), where]
    tax = Taxonomy(_ordered(topics), name=name, version=str(data.get("version", "")),
                   description=dict(desc) if isinstance(desc, dict) else {}, sources=sources)
    for t in tax:
        if not t.terms and not any(t.examples.values()) and not tax.children(t.code):
            logger.warning("%s: topic %r has no terms; rules will never assign it "
                           "(a trained classifier still can).", where, t.code)
    return tax


def _ordered(topics: list[Topic]) -> list[Topic]:
    out: list[Topic] = []
    for p in (t for t in topics if t.parent is None):
        out.append(p)
        out.extend(t for t in topics if t.parent == p.code)
    return out


def _add_topic(raw: Any, where: str, topics: list[Topic], index: dict[str, Topic],
               here: set[str], *, parent: Topic | None, position: int) -> None:
    ctx = f"{where}: topic #{position}" if parent is None else \
        f"{where}: topic {parent.code!r}, child #{position}"
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{ctx}: expected a mapping with 'code' and 'name', got {raw!r}.")
    code = raw.get("code")
    if not isinstance(code, str) or not code:
        raise TaxonomyError(f"{ctx}: 'code' is missing; every topic needs a code like "
                            "'delivery' or 'delivery.speed'.")
    ctx = f"{where}: topic {code!r}"
    if code in here:
        raise TaxonomyError(f"{ctx}: the code is defined twice in this file; codes are unique.")
    here.add(code)
    unknown = sorted(set(raw) - _TOPIC_KEYS)
    if unknown:
        raise TaxonomyError(f"{ctx}: unknown key(s) {unknown}; allowed: {sorted(_TOPIC_KEYS)}.")
    parts = code.split(".")
    if len(parts) > 2 or not all(_CODE_RE.match(p) for p in parts):
        raise TaxonomyError(
            f"{ctx}: invalid code; use lower-case ASCII words with '_' (level 1, e.g. 'delivery')"
            " or '<parent>.<child>' (level 2, e.g. 'delivery.speed'); two levels at most."
        )
    if parent is not None and parts[0] != parent.code:
        raise TaxonomyError(f"{ctx}: a child of {parent.code!r} must have a code starting with "
                            f"'{parent.code}.', e.g. '{parent.code}.{parts[-1]}'.")
    if parent is None and len(parts) == 2:
        parent = index.get(parts[0])
        if parent is None:
            raise TaxonomyError(f"{ctx}: parent topic {parts[0]!r} does not exist; define it "
                                "or nest this topic under 'children:' of an existing topic.")
    if parent is not None and parent.parent is not None:
        raise TaxonomyError(f"{ctx}: taxonomies have two levels; {parent.code!r} is already "
                            "a child topic.")
    children = raw.get("children") or []
    if not isinstance(children, list):
        raise TaxonomyError(f"{ctx}: 'children' must be a list of topics.")
    if children and parent is not None:
        raise TaxonomyError(f"{ctx}: a level-2 topic cannot have children (two levels at most).")
    terms = _parse_terms(raw.get("terms"), f"{ctx}: 'terms'")
    exclude = _parse_terms(raw.get("exclude"), f"{ctx}: 'exclude'")
    examples = _parse_examples(raw.get("examples"), f"{ctx}: 'examples'")
    existing = index.get(code)
    if existing is not None:  # extend an existing topic (user override file)
        if "name" in raw:
            existing.name.update(_names(raw["name"], f"{ctx}: 'name'", partial=True))
        if "description" in raw:
            existing.description.update(_names(raw["description"], f"{ctx}: 'description'",
                                               partial=True))
        existing.terms.extend(t for t in terms if t not in existing.terms)
        existing.exclude.extend(t for t in exclude if t not in existing.exclude)
        _add_examples(existing, examples)
        topic = existing
    else:
        if "name" not in raw:
            raise TaxonomyError(f"{ctx}: 'name' is missing; give {{pl: ..., en: ...}}.")
        topic = Topic(
            code=code, name=_names(raw["name"], f"{ctx}: 'name'"),
            parent=parent.code if parent else None,
            description=_names(raw.get("description") or {}, f"{ctx}: 'description'",
                               partial=True),
            terms=terms, exclude=exclude, examples=examples,
        )
        topics.append(topic)
        index[code] = topic
    for k, child in enumerate(children):
        _add_topic(child, where, topics, index, here, parent=topic, position=k + 1)


def _names(raw: Any, ctx: str, *, partial: bool = False) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{ctx} must be a mapping {{pl: ..., en: ...}}, got {raw!r}.")
    bad = sorted(set(raw) - set(TERM_LANGS))
    if bad:
        raise TaxonomyError(f"{ctx}: unknown language(s) {bad}; allowed: pl, en.")
    missing = [lg for lg in TERM_LANGS if not partial and not str(raw.get(lg) or "").strip()]
    if missing:
        raise TaxonomyError(f"{ctx}: missing {' and '.join(missing)}; every topic has a Polish "
                            "and an English name.")
    return {str(k): str(v).strip() for k, v in raw.items() if v is not None}


def _per_language(raw: Any, ctx: str, mapping_hint: str, items_hint: str,
                  ) -> Iterator[tuple[str, list[Any]]]:
    """``(lang, items)`` of a ``{pl: [...], en: [...]}`` mapping, validated: a mapping, known
    languages, lists (``None`` lists are skipped)."""
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{ctx} must be a mapping of language to {mapping_hint}; got "
                            f"{raw!r}.")
    for lang, items in raw.items():
        if lang not in TERM_LANGS:
            raise TaxonomyError(f"{ctx}: unknown language {lang!r}; allowed: pl, en.")
        if items is None:
            continue
        if not isinstance(items, list):
            raise TaxonomyError(f"{ctx}.{lang} must be a list of {items_hint}, got {items!r}.")
        yield str(lang), items


def _parse_terms(raw: Any, ctx: str) -> list[Term]:
    return [_parse_term(item, lang, f"{ctx}.{lang}")
            for lang, items in _per_language(
                raw, ctx, "a list, e.g. {pl: [dostawa], en: [delivery]}", "terms")
            for item in items]


def _parse_examples(raw: Any, ctx: str) -> dict[str, list[str]]:
    """``{pl: [...], en: [...]}``: example answers per language (whitespace collapsed)."""
    out: dict[str, list[str]] = {}
    for lang, items in _per_language(
            raw, ctx, 'a list of example answers, e.g. {pl: ["Kurier przyjechał po '
            'tygodniu"], en: ["The parcel came a week late"]}',
            "example answers (strings)"):
        texts: list[str] = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise TaxonomyError(f"{ctx}.{lang}: an example must be a non-empty string (an "
                                    f"answer as a customer would write it), got {item!r}.")
            text = " ".join(item.split())
            if text not in texts:
                texts.append(text)
        if texts:
            out[str(lang)] = texts
    return out


def _add_examples(topic: Topic, examples: Mapping[str, list[str]]) -> None:
    """Append ``examples`` to the topic's own (each example once)."""
    for lang, items in examples.items():
        mine = topic.examples.setdefault(lang, [])
        mine.extend(x for x in items if x not in mine)


def _parse_term(item: Any, lang: str, ctx: str) -> Term:
    negated: bool | None = None
    if isinstance(item, dict):
        extra = sorted(set(item) - {"term", "negated"})
        if extra or "term" not in item:
            raise TaxonomyError(f"{ctx}: a term mapping has exactly the keys 'term' and "
                                f"'negated', got {item!r}.")
        if not isinstance(item.get("negated"), bool):
            raise TaxonomyError(f"{ctx}: 'negated' must be true or false in {item!r}.")
        negated = item["negated"]
        item = item["term"]
    if not isinstance(item, str) or not item.strip():
        raise TaxonomyError(f"{ctx}: a term must be a non-empty string, got {item!r}.")
    text = " ".join(item.split()).lower()
    words = text.split()
    if words[0] == GAP or words[-1] == GAP:
        raise TaxonomyError(f"{ctx}: term {item!r}: '...' can only stand between two words.")
    for w in words:
        if w == GAP:
            continue
        if "*" in w[:-1]:
            raise TaxonomyError(f"{ctx}: term {item!r}: '*' is allowed only at the end of a word.")
        if w.endswith("*") and len(w) - 1 < _MIN_STEM:
            raise TaxonomyError(f"{ctx}: term {item!r}: the stem {w!r} is too short (at least "
                                f"{_MIN_STEM} letters before '*'); it would match too much.")
    return Term(text, lang, negated)


def _codes_list(raw: Any, where: str, key: str) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise TaxonomyError(f"{where}: '{key}' must be a list of topic codes, got {raw!r}.")
    return raw


def _unknown(code: str, where: str, key: str, index: Mapping[str, Topic]) -> TaxonomyError:
    return TaxonomyError(f"{where}: {key}: topic {code!r} does not exist. Known topics: "
                         f"{', '.join(index)}.")


def _apply_merge(raw: Any, where: str, topics: list[Topic], index: dict[str, Topic]) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: 'merge' must map source codes to target codes, e.g. "
                            "{delivery.tracking: communication.notifications}.")
    for src, dst in raw.items():
        if src not in index:
            raise _unknown(src, where, "merge", index)
        if dst not in index:
            raise _unknown(str(dst), where, f"merge {src!r} into", index)
        s, d = index[src], index[dst]
        if src == dst or d.parent == src or s.parent == dst:
            raise TaxonomyError(f"{where}: merge: topic {src!r} cannot be merged into {dst!r} "
                                "(itself, its parent or its own child).")
        moved = [s] + [t for t in topics if t.parent == src]
        for t in moved:
            d.terms.extend(x for x in t.terms if x not in d.terms)
            d.exclude.extend(x for x in t.exclude if x not in d.exclude)
            _add_examples(d, t.examples)
            topics.remove(t)
            del index[t.code]


def _apply_rename(raw: Any, where: str, index: dict[str, Topic]) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: 'rename' must map codes to names, e.g. "
                            "{delivery.courier: {pl: Kurierzy, en: Couriers}}.")
    for code, names in raw.items():
        if code not in index:
            raise _unknown(code, where, "rename", index)
        index[code].name.update(_names(names, f"{where}: topic {code!r}: rename", partial=True))


def _apply_disable(raw: Any, where: str, topics: list[Topic], index: dict[str, Topic],
                   ) -> list[Topic]:
    codes = _codes_list(raw, where, "disable")
    for code in codes:
        if code not in index:
            raise _unknown(code, where, "disable", index)
    off = set(codes)
    return [t for t in topics if t.code not in off and t.parent not in off]
