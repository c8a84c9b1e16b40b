"""Precision and recall of the follow-up signals (churn threat, unresolved complaint), PL/EN.

    python benchmarks/followup.py [--heldout benchmarks/data/followup/heldout.jsonl]
        [--out benchmarks/results/followup.json]

Two labelled sets, both under the guidelines of ``tests/drivers/FOLLOWUP_CASES.md``:

* ``development``: the case tables of ``tests/drivers/test_followup_signals.py`` (161 PL/EN
  cases). The patterns of :mod:`cxtext.drivers.followup` were tuned until every case passes,
  so these figures are 1.0 by construction - they show the tables are honoured, nothing more;
* ``heldout``: answers written and labelled by writers who never saw the patterns, the case
  tables or the benchmark (``benchmarks/data/followup/README.md`` says how), labelled twice
  independently; only answers both labellers agree on are scored, and the agreement (Cohen's
  kappa) is reported. Never used to change the patterns.

:func:`cxtext.drivers.followup.detect_signals` reads each answer on its own (the follow-up
list also uses topics and scores: that second route is not measured here). Prints one table
and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def scores(gold: list[bool], pred: list[bool]) -> dict[str, Any]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"n": len(gold), "positives": tp + fn, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn}


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Per language and signal: precision, recall, F1 (``cases``: lang, text, churn,
    unresolved)."""
    from cxtext.drivers.followup import detect_signals

    found = [detect_signals(c["text"]) for c in cases]
    out: dict[str, Any] = {}
    for lang in ("pl", "en"):
        idx = [i for i, c in enumerate(cases) if c["lang"] == lang]
        out[lang] = {signal: scores([bool(cases[i][signal]) for i in idx],
                                    [bool(getattr(found[i], signal)) for i in idx])
                     for signal in ("churn", "unresolved")}
        out[lang]["errors"] = [
            {"text": cases[i]["text"], "signal": s, "gold": bool(cases[i][s])}
            for i in idx for s in ("churn", "unresolved")
            if bool(cases[i][s]) != bool(getattr(found[i], s))]
    return out


def development_cases() -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.drivers.test_followup_signals import CASES_EN, CASES_PL

    return [{"lang": lang, "text": t, "churn": c, "unresolved": u}
            for lang, table in (("pl", CASES_PL), ("en", CASES_EN)) for t, _, c, u in table]


def heldout_cases(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The answers both labellers agree on, and the agreement per signal."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    agreement: dict[str, Any] = {"answers": len(rows)}
    second = [r for r in rows if "churn_2" in r]
    for s in ("churn", "unresolved"):
        agreement[f"kappa_{s}"] = round(_kappa([bool(r[s]) for r in second],
                                               [bool(r[f"{s}_2"]) for r in second]), 3)
    kept = [r for r in rows if "churn_2" not in r
            or (bool(r["churn"]) == bool(r["churn_2"])
                and bool(r["unresolved"]) == bool(r["unresolved_2"]))]
    agreement["double_labelled"] = len(second)
    agreement["scored"] = len(kept)
    return kept, agreement


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--heldout", type=Path,
                    default=ROOT / "benchmarks" / "data" / "followup" / "heldout.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" /
                    "followup.json")
    args = ap.parse_args()
    result: dict[str, Any] = {"development": evaluate(development_cases())}
    if args.heldout.is_file():
        kept, agreement = heldout_cases(args.heldout)
        result["heldout"] = evaluate(kept)
        result["heldout_agreement"] = agreement
    print(f"{'set':<12} {'lang':<4} {'signal':<11} {'n':>4} {'pos':>4} {'P':>6} {'R':>6} "
          f"{'F1':>6}")
    for name in ("development", "heldout"):
        for lang in ("pl", "en"):
            for signal in ("churn", "unresolved"):
                if name not in result:
                    continue
                r = result[name][lang][signal]
                print(f"{name:<12} {lang:<4} {signal:<11} {r['n']:>4} {r['positives']:>4} "
                      f"{r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}")
    if "heldout_agreement" in result:
        print("held-out agreement:", result["heldout_agreement"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
