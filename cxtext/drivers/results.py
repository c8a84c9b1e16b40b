"""All driver tables of one survey in one call, as written by ``cxtext analyze``.

:func:`run_drivers` takes an enriched response table (or its compact form without text)
and returns :class:`DriverResults`: a dict of tidy DataFrames with fixed column names,
written by :meth:`DriverResults.write` as ``drivers_<name>.csv`` (and ``.parquet``).
A table that cannot be computed (no topics, no dates, too few respondents) is absent and its
reason is in ``skipped`` - never a crash of the whole analysis.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cxtext.drivers.followup import followup_list
from cxtext.drivers.frame import respondent_frame
from cxtext.drivers.impact import driver_table
from cxtext.drivers.keydrivers import key_drivers
from cxtext.drivers.segments import segment_comparison, trends
from cxtext.errors import CxTextError
from cxtext.schema import NPS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = ["DriverResults", "run_drivers"]

logger = logging.getLogger(__name__)


@dataclass
class DriverResults:
    """``tables``: ``impact`` (per topic, leaf level), ``impact_parent`` (level 1),
    ``key_drivers``, ``importance``, ``segment_nps``, ``segment_topics``, ``segment_impact``
    (the impact table within each segment value), ``trend_nps``,
    ``trend_topics``, ``followup``; ``skipped``: table -> reason; ``notes``: warnings."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    r2: float | None = None

    def write(self, out_dir: str | Path, *, formats: tuple[str, ...] = ("csv",)) -> dict[str, str]:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths: dict[str, str] = {}
        for name, df in self.tables.items():
            if "csv" in formats:
                path = out / f"drivers_{name}.csv"
                df.to_csv(path, index=False, encoding="utf-8-sig", float_format="%.6g")
                paths[f"drivers_{name}_csv"] = str(path)
            if "parquet" in formats:
                path = out / f"drivers_{name}.parquet"
                df.to_parquet(path, index=False)
                paths[f"drivers_{name}_parquet"] = str(path)
        return paths


def _attempt(results: DriverResults, name: str, fn: Any) -> Any:
    try:
        return fn()
    except CxTextError as exc:
        results.skipped[name] = str(exc)
        logger.info("driver table %s skipped: %s", name, exc)
    return None


def _segment_impact(frame: Any, segs: list[str], n_boot: int, seed: int,
                    min_mentions: int) -> pd.DataFrame:
    """The per-topic driver table within each segment value (segment, value first)."""
    from cxtext.drivers.frame import RespondentFrame

    parts = []
    for col in segs:
        for value, idx in frame.data.groupby(col, sort=True).groups.items():
            sub = RespondentFrame(frame.data.loc[idx].reset_index(drop=True),
                                  frame.topics.loc[idx].reset_index(drop=True), frame.scale)
            t = driver_table(sub, n_boot=n_boot, seed=seed, min_mentions=min_mentions)
            t.insert(0, "value", str(value))
            t.insert(0, "segment", col.removeprefix(SEGMENT_PREFIX))
            parts.append(t)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def run_drivers(responses: pd.DataFrame, *, scale: str | ScoreScale = NPS, n_boot: int = 1000,
                kda_boot: int = 50, seed: int = 0, min_mentions: int = 30, freq: str = "M",
                ) -> DriverResults:
    """Every driver table for one survey (see the module docstring)."""
    sc = get_scale(scale)
    res = DriverResults()
    if "topics" not in responses.columns:
        res.skipped["all"] = "no topic columns (topics were switched off)"
        return res
    frame = _attempt(res, "impact", lambda: respondent_frame(responses, scale=sc))
    if frame is None:
        return res
    res.tables["impact"] = driver_table(frame, n_boot=n_boot, seed=seed,
                                        min_mentions=min_mentions)
    parent = respondent_frame(responses, scale=sc, level="parent")
    res.tables["impact_parent"] = driver_table(parent, n_boot=n_boot, seed=seed,
                                               min_mentions=min_mentions)
    kd = _attempt(res, "key_drivers", lambda: key_drivers(
        frame, min_mentions=min_mentions, n_boot=kda_boot, seed=seed))
    if kd is not None:
        res.tables["key_drivers"] = kd.table
        res.tables["importance"] = kd.importance
        res.notes += kd.warnings
        res.r2 = kd.r2
    segs = [c for c in frame.data.columns if c.startswith(SEGMENT_PREFIX)]
    seg_nps, seg_topics = [], []
    for col in segs:
        out = _attempt(res, f"segment {col}", lambda col=col: segment_comparison(frame, col))
        if out is not None:
            seg_nps.append(out[0])
            seg_topics.append(out[1])
    if seg_nps:
        res.tables["segment_nps"] = pd.concat(seg_nps, ignore_index=True)
        res.tables["segment_topics"] = pd.concat(seg_topics, ignore_index=True)
        res.tables["segment_impact"] = _segment_impact(frame, segs, n_boot, seed, min_mentions)
    tr = _attempt(res, "trends", lambda: trends(frame, freq=freq))
    if tr is not None:
        res.tables["trend_nps"], res.tables["trend_topics"] = tr
    if "text" in responses.columns:
        res.tables["followup"] = followup_list(responses, scale=sc)
    return res
