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

import pandas as pd

from cxtext.schema import NPS, ScoreScale

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


def run_drivers(responses: pd.DataFrame, *, scale: str | ScoreScale = NPS, n_boot: int = 1000,
                kda_boot: int = 50, seed: int = 0, min_mentions: int = 30, freq: str = "M",
                sample_size: int = 200_000, followup_max: int | None = 20_000,
                ) -> DriverResults:
    """Every driver table for one survey (see the module docstring). ``sample_size`` bounds
    the respondents of the key-driver models, ``followup_max`` the follow-up list (see
    :class:`~cxtext.drivers.stream.DriverAccumulator`, which ``cxtext analyze`` feeds chunk
    by chunk with the same results)."""
    from cxtext.drivers.stream import DriverAccumulator

    acc = DriverAccumulator(scale=scale, n_boot=n_boot, kda_boot=kda_boot, seed=seed,
                            min_mentions=min_mentions, freq=freq, sample_size=sample_size,
                            followup_max=followup_max)
    result: DriverResults = acc.update(responses).result()
    return result
