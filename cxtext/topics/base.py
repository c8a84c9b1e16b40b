"""Shared contract of the topic backends.

A topic model is a multi-label scikit-learn estimator over a list/Series of answers:
``classes_`` are taxonomy codes (level-1 and level-2), ``predict_proba(X)`` gives one column
per code, ``predict(X)`` a 0/1 indicator matrix (a level-2 topic implies its level-1 parent),
and :meth:`TopicModel.assign` the readable result: per answer, a list of :class:`TopicMatch`
with the words that triggered each topic (character offsets into the cleaned text).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar, cast

import numpy as np
from sklearn.base import BaseEstimator

from cxtext.backends import DEFAULT_TOPICS, TOPIC_BACKENDS
from cxtext.errors import ModelLoadError
from cxtext.persist import models_dir, read_config
from cxtext.registry import Registry
from cxtext.topics.taxonomy import packaged_taxonomies

__all__ = ["TopicMatch", "TopicModel", "backends", "load_topic_model", "DEFAULT_TOPICS"]

#: Topic backends by name; the built-in ones are imported on first use.
backends: Registry[type[TopicModel]] = Registry("topics", lazy=TOPIC_BACKENDS)


@dataclass(frozen=True)
class TopicMatch:
    """Evidence of one topic in one answer.

    ``code``: taxonomy code (``delivery.speed``); ``parent``: its level-1 code; ``text``,
    ``start``, ``end``: the triggering words and their character offsets in the cleaned
    answer; ``term``: the taxonomy term (or model feature) that matched; ``negated``: the
    words are in the scope of a negation ("bez problemów z dostawą"); ``clause``: index of
    the clause (``cxtext.nlp`` clause splitting) holding the words; ``score``: 1.0 for rules,
    the probability for a trained classifier.
    """

    code: str
    parent: str
    text: str
    start: int
    end: int
    term: str
    negated: bool = False
    clause: int = 0
    score: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class TopicModel(BaseEstimator):
    """Base class of the topic backends."""

    backend: ClassVar[str] = ""

    def assign(self, texts: Any, *, langs: Sequence[str | None] | None = None,
               ) -> list[list[TopicMatch]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def predict_proba(self, X: Any, **kwargs: Any) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def predict(self, X: Any, **kwargs: Any) -> np.ndarray:
        """0/1 indicator matrix ``(n_texts, len(classes_))``."""
        return (self.predict_proba(X, **kwargs) >= self._threshold()).astype(np.int8)

    def _threshold(self) -> float:
        return 0.5

    def predict_topics(self, X: Any, **kwargs: Any) -> list[list[str]]:
        """Per text, the list of predicted codes (most specific first: level 2, then level 1)."""
        ind = self.predict(X, **kwargs)
        classes = [str(c) for c in self.classes_]
        return [sorted((classes[j] for j in np.flatnonzero(row)),
                       key=lambda c: (-c.count("."), classes.index(c))) for row in ind]


def load_topic_model(name_or_path: str | Path | TopicModel) -> TopicModel:
    """A fitted topic model: a backend name (``topics.rules.v1`` with the default taxonomy),
    a model folder written by ``TopicClassifier.save`` / ``cxtext train topics``, a taxonomy
    file (``.yaml``/``.yml``/``.toml``: ``topics.rules.v1`` over it), a packaged taxonomy's
    name (``cx_default``, an industry pack such as ``telco``), or a model."""
    if isinstance(name_or_path, TopicModel):
        return name_or_path
    name = str(name_or_path)
    rules = cast(Any, backends.get("topics.rules.v1"))
    if name.endswith(READER_SUFFIX) and name[: -len(READER_SUFFIX)] in packaged_taxonomies():
        return cast(TopicModel, rules(taxonomy=name[: -len(READER_SUFFIX)],
                                      check="default").fit())
    if name.lower().endswith((".yaml", ".yml", ".toml")) or name in packaged_taxonomies():
        return cast(TopicModel, rules(taxonomy=name_or_path).fit())
    if name in backends:
        folder = _default_folder(name)
        if not (folder / "config.json").exists():
            if name == "topics.rules.v1":
                return backends.get(name)().fit()
            raise ModelLoadError(f"Backend {name!r} ships no default model; train one with "
                                 "`cxtext train topics` and pass its folder.")
    else:
        folder = Path(name)
        if not (folder / "config.json").exists() and name.startswith("topics."):
            backends.get(name)  # unknown name: raises listing the known backends
    if not folder.exists():
        known = [*packaged_taxonomies(), *_loadable_names()]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        raise ModelLoadError(
            f"Unknown topics {name!r}: no such taxonomy, backend, file or model folder."
            + (f" Did you mean {close[0]!r}?" if close else "")
            + f" Packaged taxonomies: {', '.join(packaged_taxonomies())} ('<pack>"
            f"{READER_SUFFIX}' adds the attention reader; `cxtext analyze --taxonomy auto` "
            "picks one); backends: " + ", ".join(_loadable_names()) + "; or pass a taxonomy "
            "file (.yaml/.yml/.toml) or a model folder (cxtext train topics).")
    config = read_config(folder, missing="Pass a model folder (TopicClassifier.save / cxtext "
                         "train topics), a taxonomy file or one of: "
                         f"{', '.join(_loadable_names())}.")
    cls = backends.get(str(config.get("backend")))
    if not hasattr(cls, "load"):
        raise ModelLoadError(f"{folder}: backend {config.get('backend')!r} has no saved form "
                             "(rules are built from a taxonomy: pass the taxonomy file instead).")
    model: TopicModel = cls.load(folder)
    return model


#: A packaged taxonomy's name + this suffix runs its rules with the shipped attention reader
#: (``RuleTopics(taxonomy=..., check="default")``); the accurate profile does this for the
#: industry packs (:func:`with_reader`).
READER_SUFFIX = "+reader"
#: The backend of the shipped reader (folder ``models/topics-attention-v1``).
READER_BACKEND = "topics.attention.v1"

_READER_TOPICS: dict[str, frozenset[str]] = {}


def reader_folder() -> Path:
    """The shipped attention reader's folder (``models/topics-attention-v1``)."""
    return _default_folder(READER_BACKEND)


def reader_topics() -> frozenset[str]:
    """The topic codes the shipped attention reader knows (empty when none is installed)."""
    if "shipped" not in _READER_TOPICS:
        config = reader_folder() / "config.json"
        try:
            topics = json.loads(config.read_text(encoding="utf-8")).get("topics", [])
        except (OSError, ValueError):
            topics = []
        _READER_TOPICS["shipped"] = frozenset(str(t) for t in topics)
    return _READER_TOPICS["shipped"]


def with_reader(spec: Any) -> Any:
    """``"<name>+reader"`` when ``spec`` names a packaged taxonomy every code of which the
    shipped attention reader knows (the industry packs it was trained on); otherwise
    ``spec`` unchanged (``cx_default``, taxonomy files, other models)."""
    if not isinstance(spec, str) or spec not in packaged_taxonomies():
        return spec
    from cxtext.topics.taxonomy import load_taxonomy

    known = reader_topics()
    return spec + READER_SUFFIX if known and set(load_taxonomy(spec).codes) <= known else spec


def _default_folder(name: str) -> Path:
    return models_dir() / name.replace("topics.", "topics-").replace(".v", "-v")


def _loadable_names() -> list[str]:
    """Backend names that load without a folder: the rules (built from the default taxonomy)
    and every backend whose shipped model is installed."""
    return [n for n in backends.names()
            if n == "topics.rules.v1" or (_default_folder(n) / "config.json").exists()]
