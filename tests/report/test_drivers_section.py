"""The report's driver section reads both ways: topics mentioned negatively cost points,
topics mentioned positively add them, on one signed scale; the quadrant chart sorts them;
the key-driver chart is signed like the impact chart and says how the two differ."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtext.drivers import run_drivers
from cxtext.report import ReportData, render_html


def _survey(n: int = 600, seed: int = 0) -> pd.DataFrame:
    """Detractors complain about delivery, promoters praise the price and the staff."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        score = int(rng.integers(0, 11))
        mentions = []
        if score <= 6 and rng.random() < 0.6:
            mentions.append(("delivery.speed", "negative"))
        if score >= 9 and rng.random() < 0.5:
            mentions.append(("price.level", "positive"))
        if score >= 7 and rng.random() < 0.3:
            mentions.append(("service.staff", "positive"))
        if rng.random() < 0.1:
            mentions.append(("store.look", "neutral"))
        rows.append({"source_row": i + 2, "response_id": f"R{i}", "score": score,
                     "score_group": "detractor" if score <= 6 else
                     "passive" if score <= 8 else "promoter",
                     "topics": [c for c, _ in mentions],
                     "topic_sentiment": [{"topic": c, "sentiment": s} for c, s in mentions]})
    return pd.DataFrame(rows)


NAMES = {"delivery.speed": {"en": "Delivery speed", "pl": "Czas dostawy"},
         "price.level": {"en": "Price level", "pl": "Poziom cen"},
         "service.staff": {"en": "Staff", "pl": "Personel"},
         "store.look": {"en": "Store look", "pl": "Wygląd sklepu"}}


@pytest.fixture(scope="module")
def results() -> dict[str, pd.DataFrame]:
    return run_drivers(_survey(), n_boot=100, kda_boot=10, min_mentions=20).tables


@pytest.mark.parametrize(("lang", "neg", "pos"), [("en", "negative", "positive"),
                                                  ("pl", "negatywnie", "pozytywnie")])
def test_drivers_both_ways(results: dict[str, pd.DataFrame], lang: str, neg: str,
                           pos: str) -> None:
    html = render_html(ReportData(summary={}, nps=pd.DataFrame(), tables=results,
                                  mentions=pd.DataFrame(), topic_names=NAMES), lang=lang)
    section = html.split('<section id="drivers">')[1].split("</section>")[0]
    chart = section.split("</svg>")[0]
    name = {"en": ("Delivery speed", "Price level"), "pl": ("Czas dostawy", "Poziom cen")}[lang]
    assert f"{name[0]} ({neg})" in chart and f"{name[1]} ({pos})" in chart
    table = section.split("<table>")[1].split("</table>")[0]
    assert f"{name[0]} ({neg})" in table and f"{name[1]} ({pos})" in table
    assert "−" in chart and "+" in chart  # one signed scale: costs and gains
    # the quadrant chart: costly and frequent delivery complaints are "fix first"
    assert 'id="quadrant"' in section and {"en": "Fix first", "pl": "Napraw najpierw"}[lang] \
        in section
    impact = results["impact"].set_index("topic")
    assert impact.loc["delivery.speed:negative", "quadrant"] == "fix first"
    assert impact.loc["price.level:positive", "quadrant"] == "keep"
    # the key-driver chart: signed, explained, with Johnson's relative weights beside it
    kda = section.split('id="key-drivers"')[1]
    assert {"en": "How this differs from the impact chart",
            "pl": "Czym to się różni od wykresu wpływu"}[lang] in kda
    assert {"en": "Relative weight, Johnson", "pl": "Waga względna, Johnson"}[lang] in kda
    assert "−" in kda.split("</svg>")[0] and "+" in kda.split("</svg>")[0]


def test_key_drivers_signed_like_the_impact_table(results: dict[str, pd.DataFrame]) -> None:
    impact = results["impact"].set_index("topic")
    importance = results["importance"].set_index("column")
    both = [c for c in importance.index if c in impact.index]
    assert {"delivery.speed:negative", "price.level:positive"} <= set(both)
    for col in both:
        if impact.loc[col, "significant"]:
            assert np.sign(importance.loc[col, "direction"]) == \
                np.sign(impact.loc[col, "nps_impact"]), col
    assert importance.loc["delivery.speed:negative", "direction"] == -1
    assert importance.loc["price.level:positive", "direction"] == 1


def test_small_counts_show_no_p_value(results: dict[str, pd.DataFrame]) -> None:
    tables = {**results, "impact": results["impact"].assign(
        small_count=True, significant=False, status="small count")}
    html = render_html(ReportData(summary={}, nps=pd.DataFrame(), tables=tables,
                                  mentions=pd.DataFrame(), topic_names=NAMES), lang="en")
    table = html.split('<section id="drivers">')[1].split("<table>")[1].split("</table>")[0]
    rows = table.split("<tr")[2:]
    assert rows and all('<td class="num">–</td><td>small count</td>' in r for r in rows)
    assert "e-" not in table  # no tiny p-values next to small counts
