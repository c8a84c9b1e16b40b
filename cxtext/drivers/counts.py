"""Sufficient statistics of respondents: what the driver, segment and trend tables need.

Every statistic of :func:`~cxtext.drivers.driver_table`, :func:`~cxtext.drivers.segment_comparison`
and :func:`~cxtext.drivers.trends` is a function of a few counts per subset of respondents
("slice": everyone, one segment value, one period): the number of respondents per score group
(low / middle / high), the sum and sum of squares of their scores, and the same among the
respondents who mention each topic column. :class:`SliceCounts` holds them and adds up, so a
survey of any size is summarised chunk by chunk in memory that does not grow with the number
of respondents (only with the number of topics, segment values and periods).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from cxtext.drivers.frame import NEG_SUFFIX, POS_SUFFIX, RespondentFrame, base_code

__all__ = ["SliceCounts", "COUNT_COLUMNS", "grouped_counts", "slice_counts", "topic_order"]

#: per topic column: respondents mentioning it per score group, and their score sum / squares
COUNT_COLUMNS: tuple[str, ...] = ("low", "middle", "high", "sum", "sq")


@dataclass
class SliceCounts:
    """``groups``: respondents per score group (low, middle, high); ``score``: sum and sum of
    squares of their scores; ``topics``: one row per topic column (index) with
    :data:`COUNT_COLUMNS` among the respondents who mention it."""

    groups: np.ndarray
    score: np.ndarray
    topics: pd.DataFrame

    @classmethod
    def empty(cls) -> SliceCounts:
        return cls(np.zeros(3, dtype=np.int64), np.zeros(2),
                   pd.DataFrame(columns=list(COUNT_COLUMNS), dtype=float))

    @property
    def n(self) -> int:
        return int(self.groups.sum())

    def __add__(self, other: SliceCounts) -> SliceCounts:
        if self.topics.empty:
            topics = other.topics
        elif other.topics.empty:
            topics = self.topics
        else:
            topics = self.topics.add(other.topics, fill_value=0.0)
        return SliceCounts(self.groups + other.groups, self.score + other.score, topics)

    def __sub__(self, other: SliceCounts) -> SliceCounts:
        """The complement of a sub-slice (``all - segment value`` = the rest)."""
        topics = self.topics.sub(other.topics.reindex(self.topics.index, fill_value=0.0),
                                 fill_value=0.0)
        return SliceCounts(self.groups - other.groups, self.score - other.score, topics)

    def ordered(self, columns: list[str]) -> SliceCounts:
        """The same counts with exactly ``columns`` as topic rows (absent ones are zero)."""
        return SliceCounts(self.groups, self.score,
                           self.topics.reindex(columns, fill_value=0.0))

    def mentions(self, col: str) -> int:
        if col not in self.topics.index:
            return 0
        row = self.topics.loc[col, ["low", "middle", "high"]].to_numpy(dtype=float)
        return int(round(float(row.sum())))


def topic_order(columns: Iterable[str]) -> list[str]:
    """Canonical topic column order: codes sorted, then ``<code>:negative`` and
    ``<code>:positive`` in that order."""
    ordered = sorted({base_code(c) for c in columns})
    return ordered + [c + NEG_SUFFIX for c in ordered] + [c + POS_SUFFIX for c in ordered]


def _group_index(frame: RespondentFrame) -> np.ndarray:
    lookup = {g: k for k, g in enumerate(frame.scale.groups)}
    return frame.data["score_group"].map(lookup).to_numpy(dtype=np.int64)


def grouped_counts(frame: RespondentFrame, keys: np.ndarray | pd.Series | None = None,
                   ) -> dict[Hashable, SliceCounts]:
    """:class:`SliceCounts` per distinct value of ``keys`` (one per respondent; ``None``
    puts everyone in one slice keyed ``None``; NaN keys are left out)."""
    n = len(frame)
    if keys is None:
        codes, uniques = np.zeros(n, dtype=np.int64), [None]
    else:
        codes, uniq = pd.factorize(pd.Series(keys).reset_index(drop=True), sort=True)
        uniques = list(uniq)
    keep = codes >= 0
    if not keep.any():
        return {}
    g = _group_index(frame)[keep]
    y = frame.data["score"].to_numpy(dtype=float)[keep]
    t = frame.topics.to_numpy(dtype=float)[keep]
    rows = codes[keep]
    k = len(uniques)
    member = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))),
                           shape=(k, len(rows)))
    onehot = np.zeros((len(rows), 3))
    onehot[np.arange(len(rows)), g] = 1.0
    groups = np.rint(member @ onehot).astype(np.int64)
    score = member @ np.column_stack([y, y * y])
    m = t.shape[1]
    per = member @ np.hstack([t * onehot[:, [0]], t * onehot[:, [1]], t * onehot[:, [2]],
                              t * y[:, None], t * (y * y)[:, None]])
    cols = list(frame.topics.columns)
    out: dict[Hashable, SliceCounts] = {}
    for i, key in enumerate(uniques):
        block = per[i].reshape(5, m).T
        out[key] = SliceCounts(groups[i], np.asarray(score[i], dtype=float),
                               pd.DataFrame(block, index=cols, columns=list(COUNT_COLUMNS)))
    return out


def slice_counts(frame: RespondentFrame) -> SliceCounts:
    """The counts of every respondent of ``frame`` (one slice)."""
    return grouped_counts(frame).get(None, SliceCounts.empty())
