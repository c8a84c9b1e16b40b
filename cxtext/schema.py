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
``text_raw``        the answer exactly as read (empty string for a missing answer).
``text``            normalised answer with PII replaced by typed placeholders.
``pii``             comma-separated PII kinds found (``EMAIL,PHONE``), empty if none.
``non_answer``      ``True`` for empty/non-answers ("brak", "nie wiem", "-", "n/a").
``gibberish``       ``True`` for keyboard mashing ("asdfgh", "xxxxx").
``emoji_sentiment`` mean polarity of emoji in the answer in [-1, 1], ``NaN`` if none.
``lang``            ``pl`` / ``en`` / ``other`` / ``und``.
``sentiment``       ``negative`` / ``neutral`` / ``positive`` / ``mixed`` (answer level).
``sentiment_confidence``  probability of that label.
``p_negative`` ...  probability of each label (``p_neutral``, ``p_positive``, ``p_mixed``).
``sentiment_source`` ``model``; ``clauses`` (mixed by the clause rule); ``non_answer`` /
                    ``gibberish`` / ``und`` (neutral by rule, never a confident label).
``sentiment_evidence``  words that pushed the label, ``"; "``-separated.
``clause_sentiment`` JSON list of ``{"text", "label", "confidence"}`` per clause for
                    answers of two or more clauses, empty otherwise.
``topics``          taxonomy codes found in the answer, most specific, ``"; "``-separated
                    (``delivery.speed; product.quality``), empty if none.
``topic_parents``   their level-1 codes (``delivery; product``).
``topic_sentiment`` ``code=label`` per topic: the sentiment of the clause(s) mentioning it
                    (``delivery.speed=negative; product.quality=positive``).
``topic_evidence``  ``code: words`` that triggered each topic.
``aspects``         JSON list of ``{"topic", "sentiment", "clause", "evidence"}`` per topic
                    x clause, empty if no topic.
==================  =====================================================================

The sentiment columns are present when a sentiment model is used (the default), the topic
columns when a topic model is (the default). ``topic_mentions.csv`` / ``Analysis.mentions``
is the long form: one row per (response row, topic) with ``topic``, ``parent``, ``sentiment``.

Rejected rows (``Survey.rejects``, ``rejects.csv``) keep every original column
as text plus ``source_row``, ``reject_reason`` and ``reject_column``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxtext.errors import ScoreScaleError

__all__ = [
    "RESPONSE_COLUMNS",
    "REJECT_COLUMNS",
    "SEGMENT_PREFIX",
    "ScoreScale",
    "NPS",
    "CSAT5",
    "get_scale",
]

SEGMENT_PREFIX = "segment_"

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
