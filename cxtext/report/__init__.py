"""Analyst deliverables: a self-contained HTML report and an Excel workbook.

:func:`write_report` is what ``cxtext analyze`` calls after the driver analysis; it writes
``report.html`` (``--report-lang pl|en``) and ``report.xlsx`` into the output folder.
"""

from __future__ import annotations

from cxtext.report.build import pick_quotes, write_report
from cxtext.report.excel import SHEETS, write_workbook
from cxtext.report.html import ReportData, highlight, render_html
from cxtext.report.labels import LABELS, labels

__all__ = ["LABELS", "SHEETS", "ReportData", "highlight", "labels", "pick_quotes",
           "render_html", "write_report", "write_workbook"]
