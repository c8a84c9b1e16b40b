"""All driver tables of one survey, as written by ``cxtext analyze``.

:class:`DriverResults` is what :func:`~cxtext.drivers.stream.run_drivers` and
:meth:`DriverAccumulator.result() <cxtext.drivers.stream.DriverAccumulator.result>` return:
a dict of tidy DataFrames with fixed column names, written by :meth:`DriverResults.write` as
``drivers_<name>.csv`` (and ``.parquet``). A table that cannot be computed (no topics, no
dates, too few respondents) is absent and its reason is in ``skipped`` - never a crash of the
whole analysis.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["DriverResults"]

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
