"""Fuzz: generated malformed surveys (CSV/JSONL/XLSX/Parquet/DataFrame, byte mutations) lose
no row and raise nothing but a clear error (:mod:`tests.fuzz.invariants`).

CI runs ``CXTEXT_FUZZ_CASES`` seeded cases (default 200, seeds from ``CXTEXT_FUZZ_SEED``,
default 0) and a hypothesis run; ``CXTEXT_FUZZ_CASES=5000 pytest tests/fuzz`` runs thousands.
A failing seed reproduces with ``python -m tests.fuzz.invariants --seed N --cases 1``.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.invariants import Outcome, check_case, describe, run_seeds
from tests.fuzz.malformed import HEADER_LIMIT, Case, cases, make_case

N_CASES = int(os.environ.get("CXTEXT_FUZZ_CASES", "200"))
SEED = int(os.environ.get("CXTEXT_FUZZ_SEED", "0"))


def _report(outcomes: list[Outcome]) -> str:
    fails = [o for o in outcomes if o.status == "fail"]
    lines = [f"{o.case} ({o.fmt}; {', '.join(o.faults)}): {'; '.join(o.problems)}"
             for o in fails[:15]]
    return f"{len(fails)} of {len(outcomes)} cases failed:\n" + "\n".join(lines)


def test_seeded_cases_lose_nothing() -> None:
    """Every seeded case: no crash or hang, every record in responses or rejects
    (``CXTEXT_FUZZ_REPORT=FILE`` writes the figures of the run there as JSON)."""
    t0 = time.perf_counter()
    outcomes = run_seeds(range(SEED, SEED + N_CASES), long_ok=N_CASES > 1000)
    figures = describe(outcomes, time.perf_counter() - t0)
    if os.environ.get("CXTEXT_FUZZ_REPORT"):
        Path(os.environ["CXTEXT_FUZZ_REPORT"]).write_text(json.dumps(figures, indent=1),
                                                          encoding="utf-8")
    assert figures["failed"] == 0, _report(outcomes)
    # the suite is only worth something if most cases were read and counted
    assert figures["count_checked"] >= 0.6 * N_CASES, figures
    assert set(figures["formats"]) == {"csv", "jsonl", "xlsx", "parquet", "frame", "mutated"}


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=cases())
def test_hypothesis_cases_lose_nothing(case: Case) -> None:
    with tempfile.TemporaryDirectory(prefix="cxtext-fuzz-") as tmp:
        outcome = check_case(case, Path(tmp))
    assert outcome.status != "fail", _report([outcome])


@pytest.mark.slow
@pytest.mark.parametrize("family", ["csv", "jsonl", "xlsx", "parquet", "frame"])
def test_long_fields_and_names(family: str) -> None:
    """Answers of 131,073 / 200,000 / 1,048,576 characters and a header cell over the csv
    module's 131,072 limit: read, and the over-long answers rejected, not a whole file."""
    found = 0
    for seed in range(400):
        case = make_case(random.Random(seed), family, name=f"long{seed}")
        long = [f for f in case.faults if f.startswith("long-")]
        if not long:
            continue
        with tempfile.TemporaryDirectory(prefix="cxtext-fuzz-") as tmp:
            outcome = check_case(case, Path(tmp))
        assert outcome.status != "fail", _report([outcome])
        found += outcome.status == "ok"  # not an unsupported encoding (UTF-16) refused
        if found == 3:
            break
    assert found == 3, f"fewer than 3 {family} cases with long fields in 400 seeds"
    assert HEADER_LIMIT == 131_072


@pytest.mark.slow
def test_cases_through_the_whole_pipeline() -> None:
    """Seeded cases (no over-long fields) with the default models, drivers, themes and the
    report on: the report and workbook must take any text (reproducer: control characters
    crashed report.xlsx)."""
    outcomes = []
    for seed in range(SEED, SEED + 400):
        case = make_case(random.Random(seed), ["csv", "jsonl", "xlsx", "parquet", "frame"][
            seed % 5], name=f"full{seed}")
        if any(f.startswith("long-") for f in case.faults):
            continue
        with tempfile.TemporaryDirectory(prefix="cxtext-fuzz-") as tmp:
            outcomes.append(check_case(case, Path(tmp), full=True))
        if len(outcomes) == 20:
            break
    assert len(outcomes) == 20
    assert not [o for o in outcomes if o.status == "fail"], _report(outcomes)
