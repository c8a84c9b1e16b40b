"""``--taxonomy auto``: the pack that gives a topic to most answers, said with its reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxtext.topics.packs import AUTO, choose_pack, pack_names

TELCO = ["Brak zasięgu w domu, internet ciągle się rozłącza", "Technik nie przyszedł",
         "Faktury są nieczytelne", "No signal indoors and the router keeps dropping",
         "Number porting took two weeks", "Roaming charges were a shock", "ok"]
RETAIL = ["Szybka dostawa, polecam", "Kurier rzucił paczką", "Great price but the courier was "
          "rude", "długa kolejka do kasy", "brak"]


def test_pack_names_put_the_core_first() -> None:
    names = pack_names()
    assert names[0] == "cx_default" and {"telco", "saas", "banking"} <= set(names)


@pytest.mark.parametrize(("texts", "want"), [(TELCO, "telco"), (RETAIL, "cx_default"),
                                             ([], "cx_default"), (["brak", "-"], "cx_default")])
def test_choose_pack(texts: list[str], want: str) -> None:
    choice = choose_pack(texts)
    assert choice.name == want
    assert set(choice.coverage) == set(pack_names())
    assert choice.reason.startswith(want)


def test_the_core_wins_ties() -> None:
    choice = choose_pack(["Cena za wysoka", "too expensive"], packs=["cx_default", "telco"])
    assert choice.coverage["cx_default"] == choice.coverage["telco"]
    assert choice.name == "cx_default"


def test_analyze_file_with_auto_taxonomy(tmp_path: Path) -> None:
    import cxtext

    rows = [(i, 2 + i % 9, t) for i, t in enumerate(TELCO * 4)]
    df = pd.DataFrame(rows, columns=["id", "score", "comment"])
    src = tmp_path / "telco.csv"
    df.to_csv(src, index=False)
    summary = cxtext.analyze_file(src, tmp_path / "out", taxonomy=AUTO, profile="fast",
                                  drivers=False, report=False, chunksize=10)
    assert summary["models"]["topics"] == "telco"
    assert summary["models"]["taxonomy_choice"]["chosen"] == "telco"
    assert summary["rows_accepted"] == len(df)  # the chunk used to choose is not lost
    assert summary["topics"].get("network.coverage", 0) >= 4


@pytest.mark.parametrize(("profile", "topics"), [("fast", "telco"), ("accurate", "telco+reader")])
def test_the_summary_names_the_reader_in_the_accurate_profile(tmp_path: Path, profile: str,
                                                              topics: str) -> None:
    import cxtext
    from cxtext.persist import models_dir

    if not (models_dir() / "topics-attention-v1" / "config.json").exists():
        pytest.skip("no shipped attention check")
    df = pd.DataFrame([(i, 2 + i % 9, t) for i, t in enumerate(TELCO)],
                      columns=["id", "score", "comment"])
    summary = cxtext.analyze_file(df, tmp_path / profile, taxonomy="telco", profile=profile,
                                  drivers=False, report=False)
    assert summary["models"]["topics"] == topics
    assert summary["rows_accepted"] == len(df)
