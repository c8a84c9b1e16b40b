"""Driver analysis: which topics cost NPS points, how sure we are, and where.

* :func:`respondent_frame` - one row per respondent with topic indicators (the input of all);
* :func:`driver_table` - per topic: shares by NPS group, mean score with/without, lift, NPS
  impact and recoverable points with bootstrap CIs, chi-square/Fisher tests with
  Benjamini-Hochberg correction, effect sizes, small-count flags;
* :func:`key_drivers` - OLS and logistic key-driver models, Shapley R^2 importance with CIs,
  collinearity warnings;
* :func:`segment_comparison` and :func:`trends` - the same questions per segment and period;
* :func:`followup_list` - detractors to call back, prioritised;
* :func:`run_drivers` - every table above for one survey (:class:`DriverResults`);
* :class:`DriverAccumulator` - all of the above chunk by chunk, in bounded memory
  (:class:`SliceCounts` are the sufficient statistics it keeps);
* :mod:`cxtext.drivers.simulate` - surveys with planted effects for validation.
"""

from __future__ import annotations

from cxtext.drivers.counts import SliceCounts
from cxtext.drivers.followup import FOLLOWUP_COLUMNS, followup_list
from cxtext.drivers.frame import NEG_SUFFIX, RespondentFrame, respondent_frame
from cxtext.drivers.impact import DRIVER_COLUMNS, bh_adjust, driver_table
from cxtext.drivers.keydrivers import KeyDrivers, key_drivers, shapley_r2
from cxtext.drivers.results import DriverResults
from cxtext.drivers.segments import CULTURE_NOTE, segment_comparison, trends
from cxtext.drivers.stream import DriverAccumulator, run_drivers

__all__ = [
    "CULTURE_NOTE",
    "DRIVER_COLUMNS",
    "DriverAccumulator",
    "DriverResults",
    "FOLLOWUP_COLUMNS",
    "NEG_SUFFIX",
    "KeyDrivers",
    "RespondentFrame",
    "SliceCounts",
    "bh_adjust",
    "driver_table",
    "followup_list",
    "key_drivers",
    "respondent_frame",
    "run_drivers",
    "segment_comparison",
    "shapley_r2",
    "trends",
]
