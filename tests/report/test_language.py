"""Every UI string of the report is in the report's language: no English label of the
catalogue in the Polish report and no Polish one in the English report."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cxtext.report.explore import EXPLORE_LABELS
from cxtext.report.labels import LABELS

#: elements whose text is survey data (answers, quotes, evidence), not UI
_DATA_CLASSES = {"quote", "verbatim"}


class _TextNodes(HTMLParser):
    """The text nodes of a page outside <script>/<style> and outside survey-data elements."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "meta", "input", "img", "hr", "link"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        data = bool(classes & _DATA_CLASSES) or tag in ("script", "style")
        self.stack.append((tag, data or (bool(self.stack) and self.stack[-1][1])))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip() and not (self.stack and self.stack[-1][1]):
            self.nodes.append(" ".join(data.split()))


def text_nodes(html: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(html)
    return parser.nodes


def ui_strings(lang: str, other: str) -> set[str]:
    """The catalogue's strings of ``lang`` that differ from ``other``'s, as literal pieces
    (placeholders cut out) of at least 4 characters."""
    out: set[str] = set()
    for catalogue in (LABELS, EXPLORE_LABELS):
        for key, text in catalogue[lang].items():
            if text == catalogue[other].get(key):
                continue  # the same in both languages ("NPS", "p (BH)")
            for piece in re.split(r"\{[^}]*\}|\|", text):
                piece = " ".join(piece.split()).strip(" :;,.()-·")
                if len(piece) >= 4 and piece not in catalogue[other].values():
                    out.add(piece)
    return out


def _leaks(nodes: list[str], strings: set[str]) -> list[tuple[str, str]]:
    """(string, node) pairs: a node equal to a UI string, or containing one of 3+ words."""
    found = []
    for s in strings:
        long = len(s.split()) >= 3
        for node in nodes:
            if node.strip(" :;,.()·") == s or (long and s in node):
                found.append((s, node[:80]))
                break
    return found


@pytest.mark.parametrize(("lang", "other"), [("pl", "en"), ("en", "pl")])
def test_no_ui_string_of_the_other_language(analysed_reports: dict[str, dict], lang: str,
                                            other: str) -> None:
    html = Path(analysed_reports[lang]["files"]["report_html"]).read_text(encoding="utf-8")
    nodes = text_nodes(html)
    assert len(nodes) > 200  # the whole report was read
    assert _leaks(nodes, ui_strings(other, lang)) == []
    # and its own catalogue is what it shows: the section headings are in its language
    for key in ("drivers", "heatmap", "segments", "followup", "quality", "quadrant"):
        assert LABELS[lang][key] in nodes, key


def test_the_check_finds_a_leak() -> None:
    page = ("<html><body><h2>Co wpływa na ocenę</h2><p>Rows read</p>"
            "<div class='quote'>Rows read</div></body></html>")
    nodes = text_nodes(page)
    assert nodes == ["Co wpływa na ocenę", "Rows read"]  # the quote is survey data
    assert _leaks(nodes, ui_strings("en", "pl")) == [("Rows read", "Rows read")]
