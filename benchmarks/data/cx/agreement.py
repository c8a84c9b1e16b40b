"""Agreement between the two labellers of the CX corpus (Cohen's kappa), overall, per
language, per industry and per writer pattern; counts per label.

    python benchmarks/data/cx/agreement.py [--a labels_L1.jsonl labels_L3.jsonl ...]
        [--b labels_L2.jsonl labels_L4.jsonl ...] [--adjudicated adjudicated.jsonl ...]
        [--out benchmarks/data/cx/agreement.json]

Each answer is labelled by two labellers: the first of its pair in an ``--a`` file, the second
in a ``--b`` file (default: the odd- and the even-numbered labellers' files). Only answers
labelled by both are compared. With the adjudicator's file present, also
writes ``gold.jsonl``: per answer labelled by both, the agreed label or the adjudicated one
(with its reason), the answer itself (text, language, writer, industry, patterns) and its
split (train/dev/test by writer: ``SPLITS``), so that ``cxtext train`` reads it directly
(``split_col = "split"``).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = ("positive", "negative", "neutral", "mixed")
#: Train/dev/test by writer, fixed before any model was trained on the corpus. The test
#: split is never used for a choice (models, parameters, thresholds): only for the final table.
SPLITS = {"dev": ("w6", "w11", "w16"), "test": ("w8", "w10", "w14")}


def split_of(writer: str) -> str:
    return next((s for s, ws in SPLITS.items() if writer in ws), "train")


def kappa(a: list[str], b: list[str]) -> float | None:
    """Cohen's kappa of two label lists of equal length (None when undefined)."""
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return None if expected == 1 else round((observed - expected) / (1 - expected), 3)


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    odd = sorted(p for p in HERE.glob("labels_L*.jsonl") if int(p.stem[8:]) % 2 == 1)
    even = sorted(p for p in HERE.glob("labels_L*.jsonl") if int(p.stem[8:]) % 2 == 0)
    ap.add_argument("--a", type=Path, nargs="+", default=odd)
    ap.add_argument("--b", type=Path, nargs="+", default=even)
    ap.add_argument("--adjudicated", type=Path, nargs="+",
                    default=sorted(HERE.glob("adjudicated*.jsonl")))
    ap.add_argument("--out", type=Path, default=HERE / "agreement.json")
    args = ap.parse_args()
    answers = {r["id"]: r for p in sorted(HERE.glob("w*.jsonl")) for r in read(p)}
    la = {r["id"]: r["label"] for p in args.a for r in read(p)}
    lb = {r["id"]: r["label"] for p in args.b for r in read(p)}
    both = [i for i in answers if i in la and i in lb]
    groups: dict[str, list[str]] = defaultdict(list)
    for i in both:
        r = answers[i]
        groups["all"].append(i)
        groups[f"lang={r['lang']}"].append(i)
        groups[f"industry={r['industry']}"].append(i)
        for p in r["patterns"]:
            groups[f"pattern={p}"].append(i)
    table = {g: {"n": len(ids), "agreement": round(sum(la[i] == lb[i] for i in ids) / len(ids), 3),
                 "kappa": kappa([la[i] for i in ids], [lb[i] for i in ids])}
             for g, ids in sorted(groups.items())}
    out = {"answers": len(answers), "labelled_a": len(la), "labelled_b": len(lb),
           "labelled_both": len(both), "disagreements": sum(la[i] != lb[i] for i in both),
           "labels_a": dict(Counter(la[i] for i in both)),
           "labels_b": dict(Counter(lb[i] for i in both)), "groups": table}
    print(f"{len(both)} answers labelled by both of {len(answers)}; "
          f"{out['disagreements']} disagreements")
    print("| group | n | agreement | kappa |\n| --- | ---: | ---: | ---: |")
    for g, v in table.items():
        print(f"| {g} | {v['n']} | {v['agreement']:.3f} | {v['kappa']} |")
    if args.adjudicated:
        adj = {r["id"]: r for p in args.adjudicated for r in read(p)}
        missing = [i for i in both if la[i] != lb[i] and i not in adj]
        if missing:
            raise SystemExit(f"{len(missing)} disagreements not adjudicated, e.g. {missing[:5]}")
        gold = []
        for i in both:
            r = answers[i]
            row = {"id": i, "split": split_of(r["writer"]), "writer": r["writer"],
                   "industry": r["industry"], "lang": r["lang"], "patterns": r["patterns"],
                   "text": r["text"]}
            if la[i] == lb[i]:
                gold.append({**row, "label": la[i], "source": "agreed"})
            else:
                gold.append({**row, "label": adj[i]["label"], "source": "adjudicated",
                             "why": adj[i]["why"]})
        (HERE / "gold.jsonl").write_text(
            "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
        out["gold"] = dict(Counter(g["label"] for g in gold))
        out["splits"] = {sp: dict(Counter(g["label"] for g in gold if g["split"] == sp))
                         for sp in ("train", "dev", "test")}
        print(f"gold.jsonl: {len(gold)} answers, {out['gold']}; by split {out['splits']}")
    args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
