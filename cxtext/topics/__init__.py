"""Topics: what each answer is about, from an editable bilingual CX taxonomy.

* :mod:`cxtext.topics.taxonomy` - the two-level taxonomy (``cx_default.yaml`` ships inside the
  package; analysts extend, rename, merge and disable topics in their own file);
* ``topics.rules.v1`` (:class:`RuleTopics`) - taxonomy terms matched on lemmas, negation-aware,
  multi-label, with evidence spans;
* ``topics.classifier.v1`` (:class:`TopicClassifier`) - a trained multi-label model (linear or
  sentence-embedding features) from labelled data or bootstrapped from the rules;
* ``topics.attention.v1`` (:class:`~cxtext.topics.attention.AttentionCheck`) - a learned reader
  that confirms, vetoes and completes rule hits (``RuleTopics(check=...)``; on for the
  industry packs in the accurate profile, :func:`with_reader`);
* :mod:`cxtext.topics.discover` - themes the taxonomy misses.

The backend classes are imported on first use (they need spaCy), so reading a taxonomy does
not load the NLP stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxtext.topics.base import (
    DEFAULT_TOPICS,
    READER_SUFFIX,
    TopicMatch,
    TopicModel,
    backends,
    load_topic_model,
    with_reader,
)
from cxtext.topics.taxonomy import Taxonomy, TaxonomyError, Topic, load_taxonomy

if TYPE_CHECKING:
    from cxtext.topics.classifier import TopicClassifier
    from cxtext.topics.rules import RuleTopics

__all__ = [
    "DEFAULT_TOPICS",
    "READER_SUFFIX",
    "RuleTopics",
    "Taxonomy",
    "TaxonomyError",
    "Topic",
    "TopicClassifier",
    "TopicMatch",
    "TopicModel",
    "backends",
    "load_taxonomy",
    "load_topic_model",
    "with_reader",
]


def __getattr__(name: str) -> Any:
    if name == "RuleTopics":
        from cxtext.topics.rules import RuleTopics

        return RuleTopics
    if name == "TopicClassifier":
        from cxtext.topics.classifier import TopicClassifier

        return TopicClassifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
