"""The driver stage of a survey read in chunks, in memory that does not grow with its size.

:class:`DriverAccumulator` takes enriched response chunks (every row of a respondent in the
same chunk, as :class:`cxtext.io.SurveyReader` yields them) and keeps only

* :class:`~cxtext.drivers.counts.SliceCounts` for everyone (leaf and level-1 topics), each
  segment value and each period: the impact, segment and trend tables computed from them are
  exactly those of the whole table in memory;
* a seeded uniform sample of at most ``sample_size`` respondents (bottom-k of a random key,
  so the sample does not depend on the chunk size) for the key-driver models; with fewer
  respondents than that the models see everyone;
* the ``followup_max`` highest-priority rows of the follow-up list (the full ranking is a
  total order, so the top rows merge exactly across chunks).

:func:`run_drivers` is one ``update`` plus :meth:`DriverAccumulator.result`.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from cxtext.config import check_driver_options
from cxtext.drivers.counts import SliceCounts, grouped_counts, slice_counts, topic_order
from cxtext.drivers.followup import followup_list, sort_followup
from cxtext.drivers.frame import RespondentFrame, respondent_frame
from cxtext.drivers.impact import driver_table_from_counts
from cxtext.drivers.keydrivers import key_drivers
from cxtext.drivers.results import DriverResults
from cxtext.drivers.segments import segment_comparison_from_counts, trends_from_counts
from cxtext.errors import CxTextError
from cxtext.schema import NPS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = ["DriverAccumulator", "run_drivers", "ID_LIKE_SHARE", "MIN_ID_LIKE_VALUES"]

#: A segment column with more distinct values than this share of the respondents (and more
#: than :data:`MIN_ID_LIKE_VALUES`) looks like an identifier: it is left out of the segment
#: tables with a note (a store or city column with many values but several answers each stays).
ID_LIKE_SHARE = 0.5
MIN_ID_LIKE_VALUES = 50

logger = logging.getLogger(__name__)

_SAMPLE_DATA = ("score", "score_group", "nps_value")


def _merge(into: dict[Any, SliceCounts], new: dict[Any, SliceCounts]) -> None:
    for key, counts in new.items():
        into[key] = into[key] + counts if key in into else counts


class DriverAccumulator:
    """Accumulate enriched response chunks; :meth:`result` returns the
    :class:`~cxtext.drivers.results.DriverResults` of everything seen.

    ``sample_size`` bounds the respondents the key-driver models are fitted on (a seeded
    uniform sample beyond it, noted in the results); ``followup_max`` bounds the follow-up
    list (its highest-priority rows; ``None`` keeps every candidate, in memory). The other
    options are those of :func:`run_drivers`. Every option is checked here
    (:func:`cxtext.config.check_driver_options`): a bad one is a
    :class:`~cxtext.errors.ConfigError`.
    """

    def __init__(self, *, scale: str | ScoreScale = NPS, n_boot: int = 1000, kda_boot: int = 50,
                 seed: int = 0, min_mentions: int = 30, freq: str = "M",
                 sample_size: int = 200_000, followup_max: int | None = 20_000) -> None:
        check_driver_options({"n_boot": n_boot, "kda_boot": kda_boot, "seed": seed,
                              "min_mentions": min_mentions, "freq": freq,
                              "sample_size": sample_size, "followup_max": followup_max})
        self.scale = get_scale(scale)
        self.n_boot, self.kda_boot, self.seed = n_boot, kda_boot, seed
        self.min_mentions, self.freq = min_mentions, freq
        self.sample_size, self.followup_max = sample_size, followup_max
        self._rng = np.random.default_rng(seed)
        self._everyone = SliceCounts.empty()
        self._parent = SliceCounts.empty()
        self._segments: dict[str, dict[Any, SliceCounts]] = {}
        self._periods: dict[Any, SliceCounts] = {}
        self._has_date_col = False
        self._topics_seen = False
        self._no_topics = False
        self._sample: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self._seen = 0
        self._followup: pd.DataFrame | None = None
        self._followup_total = 0
        self._has_text = False
        self._problem = ""

    @property
    def respondents(self) -> int:
        """Respondents with a valid score seen so far."""
        return self._seen

    def update(self, responses: pd.DataFrame) -> DriverAccumulator:
        """Add one chunk of the enriched response table (all rows of each respondent)."""
        if "topics" not in responses.columns:
            self._no_topics = True
            return self
        self._topics_seen = True
        if "score" not in responses.columns:
            self._problem = ("The response table has no score column; run cxtext.analyze() "
                             "with a mapped score column first.")
            return self
        if "text" in responses.columns:
            self._has_text = True
            self._add_followup(responses)
        if "date" in responses.columns:
            self._has_date_col = True
        if not responses["score"].notna().any():
            return self
        frame = respondent_frame(responses, scale=self.scale)
        self._everyone = self._everyone + slice_counts(frame)
        self._parent = self._parent + slice_counts(
            respondent_frame(responses, scale=self.scale, level="parent"))
        for col in (c for c in frame.data.columns if c.startswith(SEGMENT_PREFIX)):
            _merge(self._segments.setdefault(col, {}),
                   grouped_counts(frame, frame.data[col].astype(str).to_numpy()))
        if "date" in frame.data.columns and frame.data["date"].notna().any():
            period = pd.to_datetime(frame.data["date"]).dt.to_period(self.freq)
            _merge(self._periods, grouped_counts(frame, period))
        self._add_sample(frame)
        return self

    def _add_sample(self, frame: RespondentFrame) -> None:
        n = len(frame)
        key = self._rng.random(n)  # one draw per respondent, in input order
        data = frame.data[list(_SAMPLE_DATA)].assign(_key=key, _seq=self._seen + np.arange(n))
        self._seen += n
        topics = frame.topics
        if self._sample is not None:
            data = pd.concat([self._sample[0], data], ignore_index=True)
            topics = pd.concat([self._sample[1], topics], ignore_index=True)
            topics = topics.fillna(0).astype(np.int8)
        if len(data) > self.sample_size:
            keep = np.sort(np.argpartition(data["_key"].to_numpy(), self.sample_size - 1)
                           [: self.sample_size])
            data = data.iloc[keep].reset_index(drop=True)
            topics = topics.iloc[keep].reset_index(drop=True)
        self._sample = (data, topics)

    def _add_followup(self, responses: pd.DataFrame) -> None:
        new = followup_list(responses, scale=self.scale)
        self._followup_total += len(new)
        kept = self._followup
        if kept is not None and not len(new):
            return  # nothing to add (and an empty chunk must not change dtypes)
        if kept is not None and len(kept):
            new = sort_followup(pd.concat([kept, new], ignore_index=True))
        self._followup = (new if self.followup_max is None
                          else new.head(self.followup_max)).reset_index(drop=True)

    def result(self) -> DriverResults:
        """Every driver table of the chunks seen (see :func:`run_drivers`)."""
        res = DriverResults()
        if self._no_topics or not self._topics_seen:
            res.skipped["all"] = "no topic columns (topics were switched off)"
            return res
        if self._seen == 0:
            res.skipped["impact"] = self._problem or \
                "No respondent with a valid score: nothing to explain."
            return res
        cols = topic_order(self._everyone.topics.index)
        everyone = self._everyone.ordered(cols)
        kw: dict[str, Any] = {"n_boot": self.n_boot, "seed": self.seed,
                              "min_mentions": self.min_mentions}
        res.tables["impact"] = driver_table_from_counts(everyone, self.scale, **kw)
        res.tables["impact_parent"] = driver_table_from_counts(
            self._parent.ordered(topic_order(self._parent.topics.index)), self.scale, **kw)
        self._key_drivers(res, cols)
        seg_nps, seg_topics, seg_impact = [], [], []
        for col in sorted(self._segments):
            values = self._segments[col]
            if len(values) > max(MIN_ID_LIKE_VALUES, ID_LIKE_SHARE * self._seen):
                res.notes.append(
                    f"segment {col.removeprefix(SEGMENT_PREFIX)!r}: {len(values):,} distinct "
                    f"values among {self._seen:,} respondents, left out of the segment tables "
                    "(it looks like an identifier or free text, and a table per value would "
                    "take long and say little): map it as the id column, or group its values "
                    "into fewer segments first.")
                continue
            a, b = segment_comparison_from_counts(everyone, values, col, cols)
            seg_nps.append(a)
            seg_topics.append(b)
            for value in sorted(values, key=str):
                t = driver_table_from_counts(values[value].ordered(cols), self.scale, **kw)
                t.insert(0, "value", str(value))
                t.insert(0, "segment", col.removeprefix(SEGMENT_PREFIX))
                seg_impact.append(t)
        if seg_nps:
            res.tables["segment_nps"] = pd.concat(seg_nps, ignore_index=True)
            res.tables["segment_topics"] = pd.concat(seg_topics, ignore_index=True)
            res.tables["segment_impact"] = pd.concat(seg_impact, ignore_index=True) \
                if seg_impact else pd.DataFrame()
        if not self._has_date_col or not self._periods:
            res.skipped["trends"] = "No response dates: map a date column (--date-col) to see " \
                "trends."
        else:
            res.tables["trend_nps"], res.tables["trend_topics"] = trends_from_counts(
                self._periods, cols)
        if self._has_text and self._followup is not None:
            res.tables["followup"] = self._followup
            if self.followup_max is not None and self._followup_total > self.followup_max:
                res.notes.append(
                    f"follow-up list: the {self.followup_max:,} highest-priority of "
                    f"{self._followup_total:,} candidates (every answer is in the responses "
                    "table; raise followup_max for more).")
        return res

    def theme_table(self, members: pd.DataFrame, labels: dict[str, str], *,
                    weight: float = 1.0) -> pd.DataFrame:
        """Driver rows of discovered themes, against everyone seen: ``members`` has one row
        per answer of a theme (``theme`` code, ``key`` respondent, ``score``,
        ``score_group``; a respondent counts once per theme); ``weight``: respondents each
        member stands for (a sampled pool). Columns: :data:`DRIVER_COLUMNS` + ``label`` and
        ``layer`` (``"discovered"``)."""
        from cxtext.drivers.impact import DRIVER_COLUMNS

        cols = [*DRIVER_COLUMNS, "label", "layer"]
        members = members[members["score"].notna()]
        if self._seen == 0 or members.empty:
            return pd.DataFrame(columns=cols)
        members = members.drop_duplicates(["theme", "key"])
        rows = {}
        for code, g in members.groupby("theme", sort=True):
            counts = [float((g["score_group"] == name).sum()) * weight
                      for name in self.scale.groups]
            sc = g["score"].to_numpy(dtype=float)
            rows[str(code)] = [*counts, float(sc.sum()) * weight, float((sc ** 2).sum()) * weight]
        topics = pd.DataFrame.from_dict(rows, orient="index", columns=["low", "middle", "high",
                                                                      "sum", "sq"])
        table = driver_table_from_counts(
            SliceCounts(self._everyone.groups, self._everyone.score, topics), self.scale,
            n_boot=self.n_boot, seed=self.seed, min_mentions=self.min_mentions,
            signed=False)
        table["label"] = table["topic"].map(labels)
        table["layer"] = "discovered"
        return table[cols]

    def _key_drivers(self, res: DriverResults, cols: list[str]) -> None:
        assert self._sample is not None
        data, topics = self._sample
        order = np.argsort(data["_seq"].to_numpy(), kind="stable")
        data = data.iloc[order].drop(columns=["_key", "_seq"]).reset_index(drop=True)
        topics = topics.iloc[order].reset_index(drop=True)
        topics = topics.reindex(columns=[c for c in cols if c in topics.columns], fill_value=0)
        frame = RespondentFrame(data, topics, self.scale)
        if self._seen > len(data):
            res.notes.append(f"key drivers: fitted on a seeded uniform sample of {len(data):,} "
                             f"of {self._seen:,} respondents (sample_size).")
        try:
            kd = key_drivers(frame, min_mentions=self.min_mentions, n_boot=self.kda_boot,
                             seed=self.seed)
        except CxTextError as exc:
            res.skipped["key_drivers"] = str(exc)
            logger.info("driver table key_drivers skipped: %s", exc)
            return
        res.tables["key_drivers"] = kd.table
        res.tables["importance"] = kd.importance
        res.notes += kd.warnings
        res.r2 = kd.r2


def run_drivers(responses: pd.DataFrame, *, scale: str | ScoreScale = NPS, n_boot: int = 1000,
                kda_boot: int = 50, seed: int = 0, min_mentions: int = 30, freq: str = "M",
                sample_size: int = 200_000, followup_max: int | None = 20_000,
                ) -> DriverResults:
    """Every driver table for one survey (see :mod:`cxtext.drivers.results`): one
    :class:`DriverAccumulator` fed the whole table. ``sample_size`` bounds the respondents of
    the key-driver models, ``followup_max`` the follow-up list (``cxtext analyze`` feeds the
    accumulator chunk by chunk, with the same results)."""
    acc = DriverAccumulator(scale=scale, n_boot=n_boot, kda_boot=kda_boot, seed=seed,
                            min_mentions=min_mentions, freq=freq, sample_size=sample_size,
                            followup_max=followup_max)
    return acc.update(responses).result()
