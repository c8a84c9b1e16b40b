"""Industry packs: taxonomies for one industry each, extending the shared core
(``cx_default``, written for retail and e-commerce), and ``--taxonomy auto``, which picks the
pack that fits a survey.

Packs are packaged taxonomy files (``cxtext/topics/<name>.yaml``), loaded by name anywhere a
taxonomy is accepted (``--taxonomy telco``, ``classify(texts, topics="telco")``, ``taxonomy =
"telco"`` in a config file). :func:`choose_pack` runs every pack's rules over one prepared
batch of a sample of the answers (answers are tokenised once, not once per pack) and picks
the pack that gives a topic to most answers; a pack must beat ``cx_default`` by
:data:`MARGIN` to be chosen over it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cxtext.features import prepare_answers
from cxtext.topics.taxonomy import DEFAULT_TAXONOMY, packaged_taxonomies

__all__ = ["AUTO", "MARGIN", "PackChoice", "choose_pack", "pack_names"]

logger = logging.getLogger(__name__)

#: The taxonomy value that asks for a pack to be chosen from the answers.
AUTO = "auto"
#: Coverage (share of answers) by which a pack must beat ``cx_default`` to be chosen.
MARGIN = 0.02
_SAMPLE = 3000


@dataclass
class PackChoice:
    """The pack :func:`choose_pack` picked, the coverage of every pack (share of the sampled
    answers that got at least one topic) and why."""

    name: str
    coverage: dict[str, float] = field(default_factory=dict)
    answers: int = 0

    @property
    def reason(self) -> str:
        ranked = sorted(self.coverage.items(), key=lambda kv: -kv[1])
        others = ", ".join(f"{n} {c:.0%}" for n, c in ranked if n != self.name)[:200]
        return (f"{self.name}: a topic for {self.coverage.get(self.name, 0.0):.0%} of "
                f"{self.answers:,} answers (others: {others})")

    def as_dict(self) -> dict[str, Any]:
        return {"chosen": self.name, "answers": self.answers, "coverage": self.coverage,
                "reason": self.reason}


def pack_names() -> list[str]:
    """The packaged taxonomies, ``cx_default`` first."""
    names = packaged_taxonomies()
    return [DEFAULT_TAXONOMY, *(n for n in names if n != DEFAULT_TAXONOMY)]


def choose_pack(texts: Sequence[str], *, packs: Sequence[str] | None = None,
                sample: int = _SAMPLE) -> PackChoice:
    """The pack whose rules give a topic to the most of ``texts`` (the first ``sample``
    non-empty ones; non-answers and gibberish are not counted)."""
    from cxtext.topics.base import load_topic_model

    names = list(packs) if packs is not None else pack_names()
    answers = [t for t in texts if isinstance(t, str) and t.strip()][:sample]
    if not answers:
        return PackChoice(DEFAULT_TAXONOMY, {n: 0.0 for n in names}, 0)
    batch = prepare_answers(answers)
    assert batch.cleaned is not None
    todo = [i for i, c in enumerate(batch.cleaned) if not (c.non_answer or c.gibberish)]
    if not todo:
        return PackChoice(DEFAULT_TAXONOMY, {n: 0.0 for n in names}, 0)
    sub = batch.subset(todo)
    coverage = {}
    for name in names:
        matches = load_topic_model(name).assign(sub)
        coverage[name] = round(sum(bool(m) for m in matches) / len(todo), 4)
    best = max(names, key=lambda n: (coverage[n], n == DEFAULT_TAXONOMY))
    if best != DEFAULT_TAXONOMY and DEFAULT_TAXONOMY in coverage \
            and coverage[best] < coverage[DEFAULT_TAXONOMY] + MARGIN:
        best = DEFAULT_TAXONOMY
    choice = PackChoice(best, coverage, len(todo))
    logger.info("taxonomy auto: %s", choice.reason)
    return choice
