"""cxtext.io.columns: roles detected from Polish and English headers."""

from __future__ import annotations

import pandas as pd
import pytest

from cxtext import io as cxio
from cxtext.errors import ColumnMappingError
from cxtext.io.columns import fold_name, quote_columns


@pytest.mark.parametrize(
    ("columns", "expected_score", "expected_text"),
    [
        (["ocena", "komentarz"], "ocena", ("komentarz",)),
        (["NPS", "Uzasadnienie"], "NPS", ("Uzasadnienie",)),
        (["Wynik", "Dlaczego?"], "Wynik", ("Dlaczego?",)),
        (
            ["How likely are you to recommend us?", "Why?"],
            "How likely are you to recommend us?",
            ("Why?",),
        ),
        (["score", "comment", "id"], "score", ("comment",)),
        (
            [
                "Na ile prawdopodobne jest, że nas polecisz? (0-10)",
                "Dlaczego wystawiłeś taką ocenę?",
            ],
            "Na ile prawdopodobne jest, że nas polecisz? (0-10)",
            ("Dlaczego wystawiłeś taką ocenę?",),
        ),
        (
            ["rating", "Co możemy poprawić?", "Feedback"],
            "rating",
            ("Co możemy poprawić?", "Feedback"),
        ),
    ],
)
def test_detect_columns_pl_en(columns, expected_score, expected_text):
    m = cxio.detect_columns(columns)
    assert m.score == expected_score
    assert m.text == expected_text


def test_detect_columns_roles():
    m = cxio.detect_columns(
        ["ID respondenta", "Data wypełnienia", "Kanał", "Kraj", "Ocena NPS", "Komentarz"]
    )
    assert (m.id, m.date, m.segments) == ("ID respondenta", "Data wypełnienia", ("Kanał", "Kraj"))


def test_missing_text_column_lists_columns():
    with pytest.raises(ColumnMappingError, match=r"open-text answer column.*'ocena', 'kanal'"):
        cxio.detect_columns(["ocena", "kanal"])


def test_missing_score_column_lists_columns():
    with pytest.raises(
        ColumnMappingError, match=r"score column.*'komentarz', 'kanal'.*--score-col"
    ):
        cxio.detect_columns(["komentarz", "kanal"])


def test_ambiguous_score_is_error_unless_values_decide():
    cols = ["ocena ogólna", "nps", "komentarz"]
    with pytest.raises(ColumnMappingError, match="Ambiguous score column"):
        cxio.detect_columns(cols)
    sample = pd.DataFrame(
        {"ocena ogólna": ["dobra", "zła"], "nps": ["9", "3"], "komentarz": ["", ""]}
    )
    assert cxio.detect_columns(cols, sample=sample).score == "nps"


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Kanał sprzedaży", "kanal_sprzedazy"), ("ŁÓDŹ / Region", "lodz_region"), ("???", "column")],
)
def test_slugify(name, slug):
    assert cxio.slugify(name) == slug
    assert fold_name(name) == fold_name(name.upper())


def test_quote_columns():
    assert quote_columns(["a", 1]) == "'a', '1'"
