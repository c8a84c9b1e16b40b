"""One pass per answer: one spaCy doc per distinct answer, every model on the same batch, and
the shipped example's output tables equal to the previous main's (golden digests)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import cxtext
from cxtext.features import prepare_answers
from cxtext.nlp import get_nlp

from .golden import GOLDEN, digest, digests

ANSWERS = [
    "Produkt super, ale dostawa trwała tydzień.",
    "Nie polecam, kurier spóźniony 3 dni",
    "Great service, thank you! But the app keeps crashing.",
    "brak",
    "ok",
    "Obsługa miła 😀 ale musiałam długo czekać na infolinii",
    "asdfgh",
    "Sehr gut, danke",
    "",
]


class _Counting:
    """A tokenizer that counts the docs it makes (spaCy's classes cannot be patched)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, 0

    def __call__(self, text: str) -> Any:
        self.calls += 1
        return self.inner(text)

    def pipe(self, texts: Any, **kw: Any) -> Iterator[Any]:
        for t in texts:
            yield self(t)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def doc_counter() -> Iterator[list[_Counting]]:
    wrapped = []
    for lang in ("pl", "en", "und"):
        nlp = get_nlp(lang, lemmatizer="simplemma")
        wrapped.append((nlp, nlp.tokenizer))
        nlp.tokenizer = _Counting(nlp.tokenizer)
    yield [nlp.tokenizer for nlp, _ in wrapped]
    for nlp, tok in wrapped:
        nlp.tokenizer = tok


def _docs_made(counters: list[_Counting]) -> int:
    return sum(c.calls for c in counters)


def test_classify_makes_one_doc_per_answer(doc_counter: list[_Counting]) -> None:
    texts = [f"{t} nr {i}" for i, t in enumerate(ANSWERS * 5)]  # all distinct
    cxtext.classify(texts[:2])  # load models (the taxonomy compiles its terms with Doc())
    for c in doc_counter:
        c.calls = 0
    out = cxtext.classify(texts, tokens=True)
    assert len(out) == len(texts)
    assert _docs_made(doc_counter) == len(texts)


def test_identical_answers_are_computed_once(doc_counter: list[_Counting]) -> None:
    cxtext.classify(["warm up"])
    for c in doc_counter:
        c.calls = 0
    texts = ["ok", "polecam", "brak", "ok", "polecam", "Dostawa trwała tydzień", "ok"]
    out = cxtext.classify(texts)
    assert _docs_made(doc_counter) == len(set(texts))
    assert out[0] == out[3] == out[6] and out[0] is not out[3]
    assert out[5]["sentiment"] == "negative"


def test_analyze_file_makes_one_doc_per_distinct_answer(
        tmp_path: Path, examples_dir: Path, doc_counter: list[_Counting]) -> None:
    cxtext.classify(["warm up"])
    for c in doc_counter:
        c.calls = 0
    summary = cxtext.analyze_file(examples_dir / "nps_survey.csv", tmp_path, drivers=False)
    answers = cxtext.read_survey(examples_dir / "nps_survey.csv").responses["text_raw"]
    assert summary["themes"], "themes are discovered from the prepared batch"
    assert _docs_made(doc_counter) == answers.nunique() <= summary["answers"]


def test_models_share_one_prepared_batch() -> None:
    """Sentiment, clause sentiment, evidence and topics read the same lemmas and tokens."""
    batch = prepare_answers(["Produkt super, ale dostawa trwała tydzień", "Nie polecam"])
    assert batch.lemmatizer == "simplemma"
    assert len(batch.docs) == 2 and batch.features[1] == ["nie", "NEG_polecać"]
    clauses, owners = batch.clause_batch()
    assert [c for c in clauses.texts] == ["Produkt super", "dostawa trwała tydzień"]
    assert [k for k, _ in owners] == [0, 0]
    assert clauses.docs[1].doc is batch.docs[0]  # a span of the answer's doc, not a new doc


def test_golden_output_equals_previous_main(example_analysis: tuple[Path, dict]) -> None:
    """Every output table of the shipped example equals the recorded one (digests in
    tests/pipeline/golden_example.json, made by tests/pipeline/golden.py from the previous
    main d945a6e; re-made after issue 14 changed the text on purpose and after issue 15
    retrained the fast profile's linear model with the CX corpus, and after the NPS interval
    became Rocks's adjusted Wald (made on the working tree over the "commit" entry; only the
    nps, drivers_segment_nps and drivers_trend_nps tables changed) - each time checked equal
    in every table the change could not touch)."""
    out, _ = example_analysis
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))["tables"]
    added: dict[str, set[str]] = {}  # columns added after the digests were made
    got = {t: digest(out / f"{t}.csv", columns=want[t]["columns"]) for t in want}
    assert set(digests(out)) == set(want)
    for t, d in digests(out).items():
        assert set(d["columns"]) - set(want[t]["columns"]) == added.get(t, set()), t
    responses = pd.read_csv(out / "responses.csv", dtype=str, encoding="utf-8-sig")
    assert responses["truncated"].eq("False").all()  # no example answer is that long
    changed = {t: (want[t]["rows"], got[t]["rows"]) for t in want if got[t] != want[t]}
    assert not changed, f"tables differ from the recorded output: {changed}"
