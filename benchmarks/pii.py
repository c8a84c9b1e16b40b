"""PII redaction on the labelled PL/EN set (``benchmarks/data/pii``), old main vs this tree.

    python benchmarks/pii.py --baseline DIR [--split dev|test|both] [--out ...]
    python benchmarks/pii.py --no-baseline --split dev --misses 40   # tune on dev only

The set (``benchmarks/data/pii/GUIDELINES.md``) was written by a helper who never saw the
detector: ``pii_dev.jsonl`` (tuning) and ``pii_test.jsonl`` (held out; report only). Each
tree redacts every answer with its own ``cxtext.text.clean`` (normalise + redact, as the
pipeline does) in a fresh subprocess.

Scoring (character alignment of the answer and its redacted text, ``difflib``):

* an item is **fully redacted** when every letter and digit of its labelled span was
  replaced by a placeholder, and **typed right** when that placeholder is its kind
  (``[PHONE]`` for a phone...); **recall** = fully redacted items / items;
* a **false positive** is a look-alike answer (no PII) in which anything was replaced;
  **over-redaction**: PII answers in which text outside the labelled spans was replaced.

Prints one table per split (per kind, per format with misses, per look-alike format with
false positives) and writes JSON (default ``benchmarks/results/pii.json``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from trees import (
    ROOT,
    Tree,
    add_baseline_args,
    add_child_args,
    machine,
    resolve_trees,
    run_in_child,
    serve_child,
)

DATA = ROOT / "benchmarks" / "data" / "pii"
PLACEHOLDER = re.compile(r"\[([A-Z_]+)\]")


def load(split: str) -> list[dict[str, Any]]:
    path = DATA / f"pii_{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# --------------------------------------------------------------------------- child

def child(texts: list[str]) -> list[str]:
    """Each answer as the pipeline cleans it (this tree's cxtext)."""
    from cxtext.text import clean

    return [clean(t).text for t in texts]


def run_tree(tree: Tree, texts: list[str], tmp: Path) -> tuple[list[str], float]:
    t0 = time.perf_counter()
    res, proc = run_in_child(Path(__file__).resolve(), tree, texts, tmp, tree.label)
    if res is None:
        raise SystemExit(f"[{tree.label}] failed:\n{proc.stderr[-3000:]}")
    return res, time.perf_counter() - t0


# --------------------------------------------------------------------------- scoring

def normalised(text: str) -> str:
    """The answer as ``clean`` sees it before redaction (whitespace collapsed): spans are
    located in it so that alignment compares like with like."""
    return re.sub(r"\s+", " ", text).strip()


def replaced_kinds(original: str, redacted: str) -> list[str | None]:
    """Per character of ``original``: the kind of the placeholder that replaced it, or None
    when it was kept. Each placeholder becomes one private-use character before aligning,
    so its letters cannot be matched with letters of the original."""
    names: list[str] = []

    def mark(m: re.Match[str]) -> str:
        names.append(m.group(1))
        return chr(0xE000 + len(names) - 1)

    marked = PLACEHOLDER.sub(mark, redacted)
    out: list[str | None] = [None] * len(original)
    sm = difflib.SequenceMatcher(None, original, marked, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("replace", "delete"):
            inside = [names[ord(c) - 0xE000] for c in marked[j1:j2] if ord(c) >= 0xE000]
            near = [names[ord(c) - 0xE000] for c in marked[max(0, j1 - 3):j2 + 3]
                    if ord(c) >= 0xE000]
            kind = (inside or near or ["?"])[0]
            for i in range(i1, i2):
                out[i] = kind
    return out


def score(rows: list[dict[str, Any]], redacted: list[str]) -> dict[str, Any]:
    items = Counter[str]()
    full, typed = Counter[str](), Counter[str]()
    fmt_items, fmt_full = Counter[str](), Counter[str]()
    misses: list[dict[str, Any]] = []
    look, look_fp = Counter[str](), Counter[str]()
    false_pos: list[dict[str, Any]] = []
    over = 0
    n_pii_answers = 0
    for row, red in zip(rows, redacted, strict=True):
        text = normalised(row["text"])
        if PLACEHOLDER.sub("", red) == red and not row["pii"]:
            look[row["lookalike"] or "-"] += 1
            continue
        kinds = replaced_kinds(text, red)
        if not row["pii"]:
            look[row["lookalike"] or "-"] += 1
            look_fp[row["lookalike"] or "-"] += 1
            false_pos.append({"id": row["id"], "text": row["text"], "redacted": red,
                              "lookalike": row["lookalike"]})
            continue
        n_pii_answers += 1
        covered = [False] * len(text)
        for item in row["pii"]:
            value = normalised(item["value"])
            start = text.find(value)
            kind, fmt = item["kind"], item["format"]
            items[kind] += 1
            fmt_items[fmt] += 1
            if start < 0:  # cannot locate (should not happen: checked by check_pii.py)
                misses.append({"id": row["id"], "kind": kind, "format": fmt,
                               "value": value, "redacted": red, "why": "not located"})
                continue
            span = range(start, start + len(value))
            for i in span:
                covered[i] = True
            alnum = [i for i in span if text[i].isalnum()]
            got = {kinds[i] for i in alnum}
            if None not in got:
                full[kind] += 1
                fmt_full[fmt] += 1
                if got == {kind}:
                    typed[kind] += 1
            else:
                misses.append({"id": row["id"], "kind": kind, "format": fmt, "value": value,
                               "redacted": red})
        if any(k is not None and not covered[i] and text[i].isalnum()
               for i, k in enumerate(kinds)):
            over += 1
    n_items, n_look = sum(items.values()), sum(look.values())
    return {
        "items": n_items, "fully_redacted": sum(full.values()),
        "recall": round(sum(full.values()) / n_items, 4) if n_items else None,
        "typed_recall": round(sum(typed.values()) / n_items, 4) if n_items else None,
        "lookalikes": n_look, "false_positives": sum(look_fp.values()),
        "false_positive_rate": round(sum(look_fp.values()) / n_look, 4) if n_look else None,
        "pii_answers": n_pii_answers, "over_redacted_answers": over,
        "per_kind": {k: {"items": items[k], "recall": round(full[k] / items[k], 4),
                         "typed_recall": round(typed[k] / items[k], 4)}
                     for k in sorted(items)},
        "per_format": {f: {"items": fmt_items[f], "recall": round(fmt_full[f] / fmt_items[f], 4)}
                       for f in sorted(fmt_items)},
        "per_lookalike": {f: {"answers": look[f], "false_positives": look_fp[f]}
                          for f in sorted(look)},
        "misses": misses, "false_positive_examples": false_pos,
    }


# --------------------------------------------------------------------------- report

def pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def print_split(split: str, results: dict[str, dict[str, Any]], show: int) -> None:
    labels = list(results)
    print(f"\n## {split}: {results[labels[-1]]['items']} PII items, "
          f"{results[labels[-1]]['lookalikes']} look-alike answers\n")
    print("| kind | items | " + " | ".join(f"{lb} recall | {lb} typed" for lb in labels) + " |")
    print("| --- | ---: | " + " | ".join("---: | ---:" for _ in labels) + " |")
    kinds = results[labels[-1]]["per_kind"]
    for k in kinds:
        cells = " | ".join(f"{pct(results[lb]['per_kind'].get(k, {}).get('recall'))} | "
                           f"{pct(results[lb]['per_kind'].get(k, {}).get('typed_recall'))}"
                           for lb in labels)
        print(f"| {k} | {kinds[k]['items']} | {cells} |")
    cells = " | ".join(f"**{pct(results[lb]['recall'])}** | {pct(results[lb]['typed_recall'])}"
                       for lb in labels)
    print(f"| all | {results[labels[-1]]['items']} | {cells} |")
    fp = " | ".join(f"{results[lb]['false_positives']} ({pct(results[lb]['false_positive_rate'])})"
                    for lb in labels)
    print(f"\nfalse positives (look-alike answers with a redaction), {' / '.join(labels)}: {fp}")
    over = " / ".join(str(results[lb]["over_redacted_answers"]) for lb in labels)
    print(f"PII answers with text redacted outside their PII, {' / '.join(labels)}: {over}")
    new = results[labels[-1]]
    weak = {f: v for f, v in new["per_format"].items() if v["recall"] < 1}
    if weak:
        worst = sorted(weak.items(), key=lambda kv: kv[1]["recall"])
        print("\nformats below 100% (new): " + ", ".join(
            f"{f} {pct(v['recall'])}" for f, v in worst))
    fps = {f: v["false_positives"] for f, v in new["per_lookalike"].items() if v["false_positives"]}
    if fps:
        print("look-alike formats with false positives (new): " + ", ".join(
            f"{f} {n}" for f, n in sorted(fps.items(), key=lambda kv: -kv[1])))
    if show:
        for m in new["misses"][:show]:
            print(f"  MISS {m['kind']:<8} {m['format']:<22} {m['value']!r} -> {m['redacted']!r}")
        for m in new["false_positive_examples"][:show]:
            print(f"  FP   {m['lookalike']:<31} {m['redacted']!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_baseline_args(ap)
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both")
    ap.add_argument("--misses", type=int, default=0, metavar="N",
                    help="print up to N misses and false positives of this tree")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "pii.json")
    add_child_args(ap)
    args = ap.parse_args()
    if serve_child(args, child):
        return
    trees = resolve_trees(ap, args)
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    payload: dict[str, Any] = {"splits": {}, "trees": {t.label: t.info() for t in trees},
                               "machine": machine()}
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cxtext-pii-") as tmp_name:
        for split in splits:
            rows = load(split)
            texts = [r["text"] for r in rows]
            per_tree: dict[str, dict[str, Any]] = {}
            for tree in trees:
                redacted, seconds = run_tree(tree, texts, Path(tmp_name))
                per_tree[tree.label] = {**score(rows, redacted), "seconds": round(seconds, 2)}
            print_split(split, per_tree, args.misses)
            payload["splits"][split] = {
                lb: {k: v for k, v in r.items() if k not in ("misses", "false_positive_examples")}
                for lb, r in per_tree.items()}
            payload["splits"][split]["new_misses"] = per_tree["new"]["misses"]
            payload["splits"][split]["new_false_positives"] = \
                per_tree["new"]["false_positive_examples"]
    command = "python benchmarks/pii.py " + " ".join(
        "<old main checkout>" if a == str(args.baseline) else a for a in sys.argv[1:])
    payload["command"] = command.strip()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
