"""benchmarks/data/cx: the in-domain CX answer corpus keeps the format of its guidelines.

Checks the files only (shape, ids, allowed values); the corpus is training/dev data written by
independent writers (``benchmarks/data/cx/GUIDELINES.md``) and nothing here reads its texts
for anything else.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

CX = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "cx"
GUIDELINES = CX / "GUIDELINES.md"
KEYS = {"id", "writer", "industry", "lang", "score", "text", "patterns"}
INDUSTRIES = {"retail", "ecommerce", "telco", "utilities", "banking", "saas", "travel",
              "hospitality", "healthcare"}
PATTERNS = {"denied_problem", "multi_praise", "factual_complaint", "factual_praise", "sarcasm",
            "long", "mixed", "non_answer", "neutral", "contact_pii", "ordinary"}
LABELS = {"positive", "negative", "neutral", "mixed"}

WRITER_FILES = sorted(p for p in CX.glob("w*.jsonl"))
LABEL_FILES = sorted(CX.glob("labels_*.jsonl"))


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_guidelines_name_every_pattern_and_label() -> None:
    text = GUIDELINES.read_text(encoding="utf-8")
    for name in PATTERNS | LABELS:
        assert f"`{name}`" in text, name


@pytest.mark.parametrize("path", WRITER_FILES, ids=[p.name for p in WRITER_FILES])
def test_writer_file(path: Path) -> None:
    rows = _rows(path)
    writer = path.stem
    assert rows
    for r in rows:
        assert set(r) == KEYS, (r.get("id"), set(r) ^ KEYS)
        assert r["writer"] == writer and re.fullmatch(rf"{writer}-\d{{4}}", r["id"]), r["id"]
        assert r["lang"] in ("pl", "en"), r["id"]
        assert isinstance(r["score"], int) and 0 <= r["score"] <= 10, r["id"]
        assert isinstance(r["text"], str) and r["text"] == r["text"].strip(), r["id"]
        assert r["industry"] in INDUSTRIES, (r["id"], r["industry"])
        assert r["patterns"] and set(r["patterns"]) <= PATTERNS, (r["id"], r["patterns"])
    assert len({r["id"] for r in rows}) == len(rows)


def test_ids_and_texts_are_unique_across_writers() -> None:
    rows = [r for p in WRITER_FILES for r in _rows(p)]
    assert len({r["id"] for r in rows}) == len(rows)
    # short answers repeat in real surveys too ("good value for money", "jest ok"); answers of
    # five words or more almost never do
    texts = [r["text"].lower() for r in rows
             if "non_answer" not in r["patterns"] and len(r["text"].split()) >= 5]
    counts = Counter(texts)
    dupes = sorted(t for t, n in counts.items() if n > 1)
    assert len(dupes) <= max(1, len(texts) // 200), dupes[:10]


@pytest.mark.parametrize("path", LABEL_FILES, ids=[p.name for p in LABEL_FILES])
def test_label_file(path: Path) -> None:
    ids = {r["id"] for p in WRITER_FILES for r in _rows(p)}
    for r in _rows(path):
        assert r["id"] in ids and r["label"] in LABELS, r
        assert isinstance(r.get("unsure", False), bool)


@pytest.mark.parametrize(("a", "b", "want"), [
    (["x", "y", "x", "x"], ["x", "y", "y", "x"], 0.5),
    (["x", "y"], ["x", "y"], 1.0),
    (["x", "y"], ["y", "x"], -1.0),
    (["x", "x"], ["x", "x"], None),  # chance agreement is total: undefined
])
def test_cohens_kappa(a: list[str], b: list[str], want: float | None) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("cx_agreement", CX / "agreement.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.kappa(a, b) == want


def test_gold_labels_cover_the_labelled_answers() -> None:
    gold_path = CX / "gold.jsonl"
    if not gold_path.exists():
        pytest.skip("no gold labels yet")
    ids = {r["id"] for p in WRITER_FILES for r in _rows(p)}
    gold = _rows(gold_path)
    assert len({g["id"] for g in gold}) == len(gold)
    for g in gold:
        assert g["id"] in ids and g["label"] in LABELS, g
        assert g["source"] in ("agreed", "adjudicated"), g
        assert g["source"] == "agreed" or g["why"], g  # every adjudication says why
