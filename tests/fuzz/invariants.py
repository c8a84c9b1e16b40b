"""Run one fuzz case through ``cxtext.analyze_file`` (models off) and check that nothing was
lost: the invariants of ``tests/fuzz`` (see :func:`check_case`).

``python -m tests.fuzz.invariants --cases N [--seed S] [--jobs J]`` runs N seeded cases and
prints the failures and the figures (cases per format, refused, failed, seconds).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

import cxtext
from cxtext.errors import CxTextError
from tests.fuzz.malformed import Case, make_case, reference_rows

__all__ = ["CASE_TIMEOUT_S", "Outcome", "check_case", "run_seeds"]

#: Seconds one case may take (a hang is a failure).
CASE_TIMEOUT_S = 60
#: Analyze options that switch off what is not under test (models, report, drivers).
MODELS_OFF: dict[str, Any] = {"sentiment": None, "topics": None, "report": False,
                              "drivers": False, "themes": False}


@dataclass
class Outcome:
    """What a case gave: ``status`` ``ok`` / ``refused`` (a clear error, allowed for the
    case) / ``fail``, the problems found, and the figures read."""

    case: str
    fmt: str
    status: str = "ok"
    problems: list[str] = field(default_factory=list)
    rows_read: int | None = None
    expected: int | None = None
    seconds: float = 0.0
    faults: list[str] = field(default_factory=list)

    def fail(self, text: str) -> None:
        self.status = "fail"
        self.problems.append(text)


class CaseTimeout(Exception):
    """A case ran past :data:`CASE_TIMEOUT_S`."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer"):  # pragma: no cover - not POSIX
        yield
        return

    def alarm(signum: int, frame: Any) -> None:
        raise CaseTimeout(f"no result after {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _read_back(path: Path) -> tuple[int, list[int]]:
    """Rows of a written CSV as pandas reads them (checked against the csv module) and
    their ``source_row`` values."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))  # answers may be long
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        n_csv = sum(1 for _ in csv.reader(fh)) - 1
    if n_csv != len(df):
        raise AssertionError(f"{path.name}: pandas reads {len(df)} rows, csv {n_csv}")
    return len(df), [int(v) for v in df["source_row"]] if len(df) else []


def check_case(case: Case, folder: Path, *, timeout: float = CASE_TIMEOUT_S,
               full: bool = False) -> Outcome:
    """Analyze ``case`` and check the invariants:

    1. no exception but a :class:`~cxtext.errors.CxTextError`, and that only where the case
       may be refused (UTF-16, a binary-looking or byte-mutated file); no hang;
    2. ``rows_read`` equals the renderer's own count of records (or, for a mutated file,
       :func:`~tests.fuzz.malformed.reference_rows` where it has one);
    3. every record is in the responses or the rejects, once, by ``source_row`` - the very
       source rows the renderer wrote, where it knows them;
    4. ``rows_accepted + rows_rejected == rows_read``, with ``rows_accepted`` the distinct
       source rows of the responses and one response per accepted row and question;
    5. ``responses.csv``, ``rejects.csv`` and ``responses.parquet`` read back (pandas and the
       csv module agree) with the row counts of the summary.

    ``full=True`` runs the default models, drivers, themes and the report too (slower).
    """
    out = Outcome(case.name, case.fmt, faults=sorted(set(case.faults)))
    off = {} if full else MODELS_OFF
    t0 = time.perf_counter()
    try:
        with _time_limit(timeout):
            if case.frame is not None:
                return _check_frame(case, out, off)
            path = case.write(folder)
            summary = cxtext.analyze_file(path, folder / "out", **off, **case.options)
    except CaseTimeout as exc:
        out.fail(f"hang: {exc}")
        return out
    except CxTextError as exc:
        if case.refusable:
            out.status = "refused"
            out.problems.append(f"{type(exc).__name__}: {str(exc)[:300]}")
        else:
            out.fail(f"refused: {type(exc).__name__}: {str(exc)[:300]}")
        return out
    except Exception as exc:
        tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
        out.fail(f"crash: {type(exc).__name__}: {str(exc)[:300]}\n{''.join(tb[-4:])}")
        return out
    finally:
        out.seconds = time.perf_counter() - t0
    rows_read = int(summary["rows_read"])
    out.rows_read = rows_read
    expected = len(case.rows) if case.rows is not None else reference_rows(
        path, case.base_fmt, summary.get("encoding"), summary.get("delimiter"))
    out.expected = expected
    if expected is not None and rows_read != expected:
        out.fail(f"rows_read {rows_read} != {expected} records in the file")
    try:
        n_resp, resp_rows = _read_back(folder / "out" / "responses.csv")
        n_rej, rej_rows = _read_back(folder / "out" / "rejects.csv")
    except Exception as exc:
        out.fail(f"output does not read back: {type(exc).__name__}: {str(exc)[:300]}")
        return out
    _check_counts(out, case, summary, n_resp, resp_rows, n_rej, rej_rows)
    pq_path = folder / "out" / "responses.parquet"
    if pq_path.exists():
        n_pq = len(pd.read_parquet(pq_path, columns=["source_row"]))
        if n_pq != n_resp:
            out.fail(f"responses.parquet has {n_pq} rows, responses.csv {n_resp}")
    return out


def _check_counts(out: Outcome, case: Case, summary: dict[str, Any], n_resp: int,
                  resp_rows: list[int], n_rej: int, rej_rows: list[int]) -> None:
    rows_read = int(summary["rows_read"])
    accepted, rejected = int(summary["rows_accepted"]), int(summary["rows_rejected"])
    if n_rej != rejected:
        out.fail(f"rejects.csv has {n_rej} rows, the summary says {rejected}")
    if n_resp != int(summary["answers"]):
        out.fail(f"responses.csv has {n_resp} rows, the summary says {summary['answers']}")
    if len(set(rej_rows)) != len(rej_rows):
        out.fail("a source row is rejected twice")
    both = set(resp_rows) & set(rej_rows)
    if both:
        out.fail(f"source rows both accepted and rejected: {sorted(both)[:5]}")
    seen = set(resp_rows) | set(rej_rows)
    if len(seen) != rows_read:
        out.fail(f"{len(seen)} source rows in the outputs, rows_read {rows_read}")
    if case.rows is not None and seen != set(case.rows):
        missing = sorted(set(case.rows) - seen)[:5]
        extra = sorted(seen - set(case.rows))[:5]
        out.fail(f"source rows differ from the file's records: missing {missing}, "
                 f"not records {extra}")
    if accepted + rejected != rows_read:
        out.fail(f"accepted {accepted} + rejected {rejected} != rows_read {rows_read}")
    if accepted != len(set(resp_rows)):
        out.fail(f"rows_accepted {accepted} != {len(set(resp_rows))} accepted source rows")
    if n_resp != accepted * case.questions:
        out.fail(f"{n_resp} responses for {accepted} rows x {case.questions} question(s)")


def _check_frame(case: Case, out: Outcome, off: dict[str, Any]) -> Outcome:
    assert case.frame is not None
    try:
        result = cxtext.analyze(case.frame, **{k: v for k, v in off.items()
                                               if k not in ("report", "themes")},
                                **case.options)
    except CxTextError as exc:
        out.fail(f"refused: {type(exc).__name__}: {str(exc)[:300]}")
        return out
    except CaseTimeout:
        raise
    except Exception as exc:
        tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
        out.fail(f"crash: {type(exc).__name__}: {str(exc)[:300]}\n{''.join(tb[-4:])}")
        return out
    summary = result.summary()
    out.rows_read = int(summary["rows_read"])
    out.expected = len(case.frame)
    if out.rows_read != out.expected:
        out.fail(f"rows_read {out.rows_read} != {out.expected} rows in the DataFrame")
    resp_rows = [int(v) for v in result.responses["source_row"]]
    rej_rows = [int(v) for v in result.rejects["source_row"]]
    _check_counts(out, case, summary, len(result.responses), resp_rows, len(result.rejects),
                  rej_rows)
    for name, df in (("responses", result.responses), ("rejects", result.rejects)):
        text = df.to_csv(index=False)  # what a user writes next: must be encodable
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            out.fail(f"{name} holds text UTF-8 cannot encode: {exc}")
    return out


def run_seeds(seeds: range, *, long_ok: bool = True,
              timeout: float = CASE_TIMEOUT_S) -> list[Outcome]:
    """Generate and check the case of each seed (each in its own temporary folder)."""
    outcomes = []
    for seed in seeds:
        case = make_case(random.Random(seed), name=f"seed{seed}", long_ok=long_ok)
        with tempfile.TemporaryDirectory(prefix="cxtext-fuzz-") as tmp:
            outcomes.append(check_case(case, Path(tmp), timeout=timeout))
    return outcomes


def describe(outcomes: list[Outcome], seconds: float) -> dict[str, Any]:
    """The figures of a run: cases, per format, refused, failed (by first problem kind)."""
    fails = [o for o in outcomes if o.status == "fail"]
    kinds = Counter(o.problems[0].split(":")[0].split(" ")[0] for o in fails)
    return {
        "cases": len(outcomes),
        "formats": dict(Counter(o.fmt for o in outcomes)),
        "refused": sum(o.status == "refused" for o in outcomes),
        "failed": len(fails),
        "failed_by_format": dict(Counter(o.fmt for o in fails)),
        "failure_kinds": dict(kinds),
        "rows_checked": sum(o.rows_read or 0 for o in outcomes),
        "count_checked": sum(o.expected is not None for o in outcomes if o.status == "ok"),
        "seconds": round(seconds, 1),
        "slowest_case_s": round(max((o.seconds for o in outcomes), default=0.0), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=20, help="failures to print")
    ap.add_argument("--json", type=Path, help="write every outcome here")
    args = ap.parse_args()
    t0 = time.perf_counter()
    outcomes = run_seeds(range(args.seed, args.seed + args.cases))
    figures = describe(outcomes, time.perf_counter() - t0)
    for o in [o for o in outcomes if o.status == "fail"][: args.show]:
        print(f"--- {o.case} ({o.fmt}; {', '.join(o.faults)})\n  " + "\n  ".join(o.problems))
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps([o.__dict__ for o in outcomes], indent=1,
                                        default=str), encoding="utf-8")
    sys.exit(1 if figures["failed"] else 0)


if __name__ == "__main__":
    main()
