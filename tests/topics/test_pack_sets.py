"""benchmarks/data/topics: the pack answer sets keep their format, and no training answer
repeats an evaluation answer (``benchmarks/pack_overlap.py``).

Checks the files only; nothing here reads the evaluation texts for anything else.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from cxtext.topics.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "data" / "topics"
PACKS = ("telco", "banking", "saas", "utilities", "travel", "hospitality", "healthcare")


def _overlap() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pack_overlap",
                                                  ROOT / "benchmarks" / "pack_overlap.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


overlap = _overlap()


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(("folder", "kind"), [("", ""), ("train", "-trn-"), ("dev", "-dev-")])
def test_set_format(pack: str, folder: str, kind: str) -> None:
    rows = overlap.read_rows(DATA / folder / f"{pack}.jsonl")
    codes = set(load_taxonomy(pack).codes)
    assert rows
    pattern = {"": rf"{pack}-\d{{3}}", "-trn-": rf"{pack}-trn-w\d+-\d{{3}}",
               "-dev-": rf"{pack}-dev-\d{{3}}"}[kind]
    for r in rows:
        assert set(r) == {"id", "lang", "text", "topics"}, r.get("id")
        assert re.fullmatch(pattern, r["id"]), r["id"]
        assert r["lang"] in ("pl", "en"), r["id"]
        assert isinstance(r["text"], str) and r["text"].strip(), r["id"]
        assert set(r["topics"]) <= codes, (r["id"], set(r["topics"]) - codes)
    assert len({r["id"] for r in rows}) == len(rows)


def test_no_training_answer_repeats_an_evaluation_answer() -> None:
    reference = overlap.evaluation_texts(DATA)
    texts = [(r["id"], r["text"]) for p in overlap.training_files(DATA)
             for r in overlap.read_rows(p)]
    assert len(texts) > 10_000
    assert overlap.repeats(texts, reference) == []


@pytest.mark.parametrize(("text", "reference", "repeat"), [
    # a copy with other punctuation and case
    ("brak ukrytych opłat, wszystko jasno rozpisane na fakturze",
     "Brak ukrytych opłat, wszystko jasno rozpisane na fakturze.", True),
    # another number, the same answer
    ("Spóźnienie 90 minut i zero informacji na peronie",
     "Spóźnienie 120 minut i zero informacji na peronie.", True),
    # the same complaint in other words
    ("Pociąg spóźniony półtorej godziny, nikt nic nie powiedział",
     "Spóźnienie 120 minut i zero informacji na peronie.", False),
    # too short to tell a repeat from a common answer
    ("jest ok", "Jest ok.", False),
])
def test_repeats(text: str, reference: str, repeat: bool) -> None:
    found = overlap.repeats([("t", text)], [("r", reference)])
    assert (found != []) == repeat
    if repeat:
        assert found[0][:2] == ("t", "r") and found[0][2] >= overlap.THRESHOLD
