"""Analyst deliverables: a self-contained HTML report and an Excel workbook.

:func:`write_report` is what ``cxtext analyze`` calls after the driver analysis; it writes
``report.html`` (``--report-lang pl|en``) and ``report.xlsx`` into the output folder.
"""

from __future__ import annotations

from cxtext.report.build import write_report
from cxtext.report.excel import SHEETS, write_workbook
from cxtext.report.html import ReportData, highlight, render_html
from cxtext.report.labels import LABELS, labels
from cxtext.report.mentions import add_mention_counts, mention_counts
from cxtext.report.quotes import pick_quotes, quote_pool

__all__ = ["LABELS", "SHEETS", "ReportData", "add_mention_counts", "highlight", "labels",
           "mention_counts", "pick_quotes", "quote_pool", "render_html", "write_report",
           "write_workbook"]
