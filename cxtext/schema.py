"""Canonical column names and score scales shared by every cxtext module.

The enriched response table (``Survey.responses``, the ``responses.csv`` /
``responses.parquet`` files written by ``cxtext analyze``) has one row per
(accepted input row x open-text question) and these columns, in this order:

==================  =====================================================================
column              meaning
==================  =====================================================================
``source_row``      where the row is in the source: CSV/TSV the physical line the record
                    starts on and XLSX the sheet row (header = 1, first data row = 2, as
                    an analyst sees it in Excel); JSONL the line number; Parquet and
                    DataFrame input the 1-based position.
``response_id``     the id column's value, or ``source_row`` as text when no id column.
``question``        name of the open-text column this answer comes from.
``score``           validated integer score (``Int64``).
``score_group``     ``promoter`` / ``passive`` / ``detractor`` (NPS scale) or
                    ``satisfied`` / ``neutral`` / ``dissatisfied`` (CSAT scales).
``date``            parsed response date (``datetime64``), ``NaT`` when none.
``segment_<name>``  one column per mapped segment column (``<name>`` slugified).
``text_raw``        the answer as read (empty string for a missing answer), with its PII
                    replaced by the placeholders of ``text`` unless ``keep_raw``.
``text``            normalised answer with PII replaced by typed placeholders.
``pii``             PII kinds found (``["EMAIL", "PHONE"]``), empty if none.
``non_answer``      ``True`` for empty/non-answers ("brak", "nie wiem", "-", "n/a").
``gibberish``       ``True`` for keyboard mashing ("asdfgh", "xxxxx").
``truncated``       ``True`` when the answer was longer than
                    :data:`cxtext.text.MAX_ANSWER_CHARS` and only its start was analysed.
``emoji_sentiment`` mean polarity of emoji in the answer in [-1, 1], ``NaN`` if none.
``lang``            ``pl`` / ``en`` / ``other`` / ``und``.
``sentiment``       ``negative`` / ``neutral`` / ``positive`` / ``mixed`` (answer level).
``sentiment_confidence``  probability of that label.
``p_negative`` ...  probability of each label (``p_neutral``, ``p_positive``, ``p_mixed``).
``sentiment_source`` ``model``; ``clauses`` (mixed by the clause rule); ``non_answer`` /
                    ``gibberish`` / ``und`` (neutral by rule, never a confident label).
``sentiment_evidence``  list of the words that pushed the label.
``clause_sentiment`` list of ``{"text", "label", "confidence"}`` per clause for answers of
                    two or more clauses, empty otherwise.
``topics``          list of the taxonomy codes found in the answer, most specific
                    (``["delivery.speed", "product.quality"]``), empty if none.
``topic_parents``   their level-1 codes (``["delivery", "product"]``).
``topic_sentiment`` ``{"topic", "sentiment"}`` per topic: the sentiment of the clause(s)
                    mentioning it.
``topic_evidence``  ``{"topic", "words"}``: the words that triggered each topic.
``aspects``         list of ``{"topic", "sentiment", "clause", "evidence"}`` per topic x
                    clause, empty if no topic.
==================  =====================================================================

The list columns stay lists in memory (``Analysis.responses``) and in Parquet (Arrow
list/struct columns, :func:`arrow_types`). Only the writers for people make text of them
(:data:`HUMAN_FORMAT`, :func:`to_human`): ``responses.csv`` and the workbook show
``delivery.speed; product.quality``, ``delivery.speed=negative; product.quality=positive``,
``delivery.speed: kurier, paczka`` and JSON for clauses and aspects.

The sentiment columns are present when a sentiment model is used (the default), the topic
columns when a topic model is (the default). ``topic_mentions.csv`` / ``Analysis.mentions``
is the long form: one row per (response row, topic) with ``topic``, ``parent``, ``sentiment``.

Rejected rows (``Survey.rejects``, ``rejects.csv``) keep every original column
as text plus ``source_row``, ``reject_reason`` and ``reject_column``; in the outputs of
``analyze``/``analyze_file`` their PII is replaced unless ``keep_raw``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cxtext.errors import ScoreScaleError

__all__ = [
    "MAX_ANSWER_CHARS",
    "RESPONSE_COLUMNS",
    "REJECT_COLUMNS",
    "SEGMENT_PREFIX",
    "ScoreScale",
    "NPS",
    "CSAT5",
    "get_scale",
    "HUMAN_FORMAT",
    "to_human",
    "arrow_types",
]

SEGMENT_PREFIX = "segment_"

#: Longest answer analysed, in characters: ``analyze`` rejects longer answers (the full value
#: stays in the rejects file), ``classify`` analyses their start and flags them ``truncated``.
MAX_ANSWER_CHARS = 100_000

#: Fixed columns of the enriched response table (segment columns go after ``date``).
RESPONSE_COLUMNS: tuple[str, ...] = (
    "source_row",
    "response_id",
    "question",
    "score",
    "score_group",
    "date",
    "text_raw",
    "text",
    "pii",
    "non_answer",
    "gibberish",
    "truncated",
    "emoji_sentiment",
    "lang",
    "sentiment",
    "sentiment_confidence",
    "p_negative",
    "p_neutral",
    "p_positive",
    "p_mixed",
    "sentiment_source",
    "sentiment_evidence",
    "clause_sentiment",
    "topics",
    "topic_parents",
    "topic_sentiment",
    "topic_evidence",
    "aspects",
)

#: Columns every rejects table starts with (followed by the original columns).
REJECT_COLUMNS: tuple[str, ...] = ("source_row", "reject_reason", "reject_column")


@dataclass(frozen=True)
class ScoreScale:
    """An integer rating scale and how it splits into three groups.

    ``high_min`` and ``low_max`` are inclusive bounds: scores ``>= high_min`` are the
    top group, scores ``<= low_max`` the bottom group, the rest the middle group.
    """

    name: str
    min: int
    max: int
    high_min: int
    low_max: int
    groups: tuple[str, str, str]  # (low, middle, high)

    def __post_init__(self) -> None:
        if not (self.min <= self.low_max < self.high_min <= self.max):
            raise ScoreScaleError(
                f"Invalid score scale {self.name!r}: need min <= low_max < high_min <= max, "
                f"got min={self.min}, low_max={self.low_max}, high_min={self.high_min}, "
                f"max={self.max}."
            )

    @property
    def low(self) -> str:
        return self.groups[0]

    @property
    def middle(self) -> str:
        return self.groups[1]

    @property
    def high(self) -> str:
        return self.groups[2]

    def group(self, score: int) -> str:
        """Group label of one valid score."""
        if score >= self.high_min:
            return self.high
        if score <= self.low_max:
            return self.low
        return self.middle


NPS = ScoreScale("nps", 0, 10, high_min=9, low_max=6, groups=("detractor", "passive", "promoter"))
CSAT5 = ScoreScale(
    "csat", 1, 5, high_min=4, low_max=2, groups=("dissatisfied", "neutral", "satisfied")
)

_SCALES = {"nps": NPS, "csat": CSAT5, "csat5": CSAT5}


def get_scale(scale: str | ScoreScale) -> ScoreScale:
    """Return a :class:`ScoreScale` given by name (``nps``, ``csat``) or as an object."""
    if isinstance(scale, ScoreScale):
        return scale
    try:
        return _SCALES[str(scale).lower()]
    except KeyError:
        raise ScoreScaleError(
            f"Unknown score scale {scale!r}. Known scales: {', '.join(sorted(_SCALES))}; "
            "or pass a cxtext.ScoreScale(name, min, max, high_min, low_max, groups)."
        ) from None


# --------------------------------------------------------------------------- list columns


def _items(value: Any) -> list[Any]:
    """A list cell as a list (Parquet read-back gives arrays; missing -> empty)."""
    if value is None or isinstance(value, float):
        return []
    return list(value)


def _join(sep: str) -> Callable[[Any], str]:
    def fmt(value: Any) -> str:
        return sep.join(str(v) for v in _items(value))
    return fmt


def _json_list(value: Any) -> str:
    if isinstance(value, list):  # in memory: plain lists and dicts
        if not value:
            return ""
        try:
            return json.dumps(value, ensure_ascii=False)
        except TypeError:
            pass
    items = _items(value)  # read back from Parquet: numpy arrays inside
    return json.dumps([_plain(v) for v in items], ensure_ascii=False) if items else ""


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [_plain(v) for v in value]
    return value


def _pairs(value: Any) -> str:
    return "; ".join(f"{d['topic']}={d['sentiment']}" for d in _items(value))


def _evidence(value: Any) -> str:
    return "; ".join(f"{d['topic']}: " + ", ".join(_items(d["words"])) for d in _items(value))


#: How each list column is written for people (CSV, Excel): one text cell per answer.
HUMAN_FORMAT: dict[str, Callable[[Any], str]] = {
    "pii": _join(","),
    "sentiment_evidence": _join("; "),
    "clause_sentiment": _json_list,
    "topics": _join("; "),
    "topic_parents": _join("; "),
    "topic_sentiment": _pairs,
    "topic_evidence": _evidence,
    "aspects": _json_list,
}


def to_human(df: Any, columns: Iterable[str] | None = None) -> Any:
    """A copy of a response table with its list columns as text (:data:`HUMAN_FORMAT`)."""
    todo = [c for c in (columns or HUMAN_FORMAT) if c in df.columns and c in HUMAN_FORMAT]
    if not todo:
        return df
    out = df.copy()
    for c in todo:
        out[c] = [HUMAN_FORMAT[c](v) for v in df[c]]
    return out


def arrow_types() -> dict[str, Any]:
    """Arrow types of the list columns (Parquet keeps them as lists and structs)."""
    import pyarrow as pa

    words = pa.list_(pa.string())
    return {
        "pii": words,
        "sentiment_evidence": words,
        "clause_sentiment": pa.list_(pa.struct([("text", pa.string()), ("label", pa.string()),
                                                ("confidence", pa.float64())])),
        "topics": words,
        "topic_parents": words,
        "topic_sentiment": pa.list_(pa.struct([("topic", pa.string()),
                                               ("sentiment", pa.string())])),
        "topic_evidence": pa.list_(pa.struct([("topic", pa.string()), ("words", words)])),
        "aspects": pa.list_(pa.struct([("topic", pa.string()), ("sentiment", pa.string()),
                                       ("clause", pa.string()), ("evidence", words)])),
    }
