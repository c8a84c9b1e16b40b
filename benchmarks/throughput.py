"""Answers/s of ``cxtext.Classifier``, old main vs this tree, in one run on one machine.

    python benchmarks/throughput.py --baseline DIR [--n 3000] [--repeat 1]
        [--only default distinct text topics lexicon linear-only embedding docs startup]
        [--hf-checkpoint DIR]
        [--analyze-rows 100000 1000000 [--analyze-jobs 2] [--analyze-chunksize 20000]]
        [--out benchmarks/results/throughput.json]
    python benchmarks/throughput.py --no-baseline ...     # this tree only

``--baseline DIR``: a source checkout of the old main (``git worktree add /tmp/oldmain
<commit>``). Every measurement runs in its own fresh subprocess, once per tree, with
``PYTHONPATH=<tree>`` and without ``$CXTEXT_MODELS_DIR``, so each tree uses its own code and
its own shipped models (checked in the child); old and new alternate. ``--repeat R`` runs
each R times (fresh processes, order old/new swapped every time) and reports the median.

Texts: the non-empty answers of ``examples/nps_survey.csv`` (482, ~460 distinct) cycled to
``--n``; "distinct" rows append `` nr <i>`` to each so that no answer repeats (caches across
answers and calls cannot help). The embedding backend uses ``max(--n // 10, 200)`` answers.

Per configuration and tree, in one fresh process: ``import cxtext`` and the first call
(``Classifier(...)`` + 5 answers: models load here) are timed and reported separately, the
rest of 100 warm-up answers follows (answers not among the timed ones: example answers with
`` nr <i>`` appended), then one timed call on all texts. ``classify`` includes clean-up, PII
redaction, language ID, tokenisation, sentiment (answer + clauses + evidence) and topics
(+ aspects) unless stated. "default" here is the ``fast`` profile (``sentiment.linear.v1``,
named explicitly: the default of ``classify`` since issue 15 is the ``accurate`` profile,
measured in ``benchmarks/profiles.py``).

``docs``: spaCy Docs made per answer (``benchmarks/doccount.py``: tokenizer calls of every
pipeline + ``Doc()``/``as_doc`` calls in cxtext), counted after a warm-up in default
``classify`` on the distinct and on the repeated answers, and in ``cxtext.analyze_file`` on
``examples/nps_survey.csv`` (per accepted row; warmed up on another small file).
``startup``: wall time of ``cxtext --version`` and ``cxtext --help`` (best of 2 processes).

``--hf-checkpoint``: a LOCAL Hugging Face model folder run through
``transformers.pipeline("text-classification", device=-1)`` on ``--n // 3`` of the texts
(batch 32; a reference, no cxtext: one column) - with a sentence-transformers checkpoint the
classification head is random: speed only. ``--analyze-rows`` runs ``benchmarks/analyze.py``
(same ``--baseline``; its JSON goes to ``analyze.json`` next to ``--out``) on generated
surveys of those sizes and adds its table to the JSON.

Prints one table (configuration | old | new | speed-up; speed-up = new/old for answers/s,
old/new for seconds and docs/answer) and writes JSON: ``results[configuration]`` keeps the
old keys for this tree (``texts``, ``seconds``, ``answers_per_s``) plus ``first_call_s``,
``import_s``, ``old`` (the same for the baseline) and ``speedup``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from trees import (
    ROOT,
    Tree,
    add_baseline_args,
    add_child_args,
    check_import,
    child_env,
    machine,
    precompile,
    resolve_trees,
    run_in_child,
    serve_child,
    warn_models_env,
)

EXAMPLE = ROOT / "examples" / "nps_survey.csv"
HEADLINE = "default, all answers distinct"
#: The models of the one-pass measurements: the ``fast`` profile (since the ``accurate``
#: profile became the default it must be named; both trees accept the name).
FAST = {"sentiment": "sentiment.linear.v1"}

#: id -> (row label = JSON key, Classifier keyword arguments, texts)
CONFIGS: dict[str, tuple[str, dict[str, Any], str]] = {
    "text": ("text only (clean, PII, language)", {"sentiment": None, "topics": None},
             "repeated"),
    "topics": ("topics.rules.v1 only", {"sentiment": None}, "repeated"),
    "lexicon": ("sentiment.lexicon.v1 + topics", {"sentiment": "sentiment.lexicon.v1"},
                "repeated"),
    "default": ("sentiment.linear.v1 + topics (default)", FAST, "repeated"),
    "distinct": (HEADLINE, FAST, "distinct"),
    "linear-only": ("sentiment.linear.v1, no evidence, no topics",
                    {**FAST, "evidence": False, "topics": None}, "repeated"),
    "embedding": ("sentiment.embedding.v1 + topics", {"sentiment": "sentiment.embedding.v1"},
                  "embedding"),
}
DOCS = {
    "classify-distinct": "spaCy docs: default classify, distinct answers",
    "classify-repeated": "spaCy docs: default classify, repeated answers",
    "analyze": "spaCy docs: analyze_file(examples/nps_survey.csv)",
}
STARTUP = {"--version": "start-up: cxtext --version", "--help": "start-up: cxtext --help"}
CHOICES = [*CONFIGS, "docs", "startup"]


# --------------------------------------------------------------------------- texts

def example_answers() -> list[str]:
    """Non-empty answers of the example survey, read without cxtext (same for both trees)."""
    import pandas as pd

    df = pd.read_csv(EXAMPLE, sep=";", encoding="cp1250", dtype=str, keep_default_na=False)
    return [t for t in df.iloc[:, -1] if t.strip()]


def texts_for(answers: list[str], kind: str, n: int) -> tuple[list[str], list[str]]:
    """(timed texts, 100 warm-up texts) of one kind; no warm-up text is among the timed ones,
    so caches start cold for them."""
    if kind == "embedding":
        n = max(n // 10, 200)
    texts = (answers * (n // len(answers) + 1))[:n]
    warm = [f"{t} nr {n + i}" for i, t in enumerate(answers[:100])]
    if kind != "distinct":
        return texts, warm
    return [f"{t} nr {i}" for i, t in enumerate(texts)], warm


# --------------------------------------------------------------------------- children

def child(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement in this (fresh) process; ``spec`` from :func:`run_child`."""
    tree = spec["tree"]
    answers = spec["answers"]
    if spec["mode"] == "docs":
        from doccount import counting, install

        install()  # before any spaCy pipeline exists
    t0 = time.perf_counter()
    info = check_import(tree)
    import cxtext

    import_s = time.perf_counter() - t0
    package = Path(cxtext.__file__).parent
    if spec["mode"] == "classify":
        kw = dict(spec["kwargs"])
        texts, warm = texts_for(answers, spec["kind"], spec["n"])
        clf = cxtext.Classifier(**kw)
        clf(warm[:5])
        first = time.perf_counter() - t0
        clf(warm[5:])
        t1 = time.perf_counter()
        clf(texts)
        dt = time.perf_counter() - t1
        return {"texts": len(texts), "seconds": round(dt, 3),
                "answers_per_s": round(len(texts) / dt), "import_s": round(import_s, 3),
                "first_call_s": round(first, 3), **info}
    if spec["what"].startswith("classify"):
        texts, warm = texts_for(answers, spec["what"].split("-")[1], spec["n"])
        clf = cxtext.Classifier(**FAST)
        clf(warm)
        with counting(package) as counts:
            clf(texts)
        answered = len(texts)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="docs-", dir=Path.cwd()))  # the parent removes it
        write_warmup_survey(tmp / "warm.csv")
        cxtext.analyze_file(tmp / "warm.csv", tmp / "warm-out", **FAST)
        with counting(package) as counts:
            summary = cxtext.analyze_file(EXAMPLE, tmp / "out", **FAST)
        answered = int(summary.get("rows_accepted", summary["rows_read"]))
    return {"answers": answered, **counts,
            "per_answer": round(counts["docs"] / answered, 3), **info}


def write_warmup_survey(path: Path) -> None:
    """40 rows of the example with every answer changed (so nothing is cached for the run)."""
    import pandas as pd

    df = pd.read_csv(EXAMPLE, sep=";", encoding="cp1250", dtype=str, keep_default_na=False)
    df = df.head(40).copy()
    col = df.columns[-1]
    df[col] = [f"{t} nr {900 + i}" if t.strip() else t for i, t in enumerate(df[col])]
    text = df.to_csv(sep=";", index=False, lineterminator="\r\n")
    path.write_bytes(text.encode("cp1250", errors="replace"))


def run_child(tree: Tree, spec: dict[str, Any], tmp: Path) -> dict[str, Any]:
    """Run :func:`child` in a fresh interpreter importing ``tree``; its result or a failure."""
    res, proc = run_in_child(Path(__file__).resolve(), tree, {**spec, "tree": str(tree.root)},
                             tmp)
    if res is None:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        reason = lines[-1] if lines else f"exit code {proc.returncode}"
        print(f"  [{tree.label}] failed: {reason}", file=sys.stderr)
        print("    " + "\n    ".join(lines[-15:]), file=sys.stderr)
        return {"skipped": reason}
    return dict(res)


def startup_time(tree: Tree, flag: str) -> dict[str, Any]:
    """Best of 2 wall times of ``cxtext <flag>`` (via ``cxtext.cli.main``) for ``tree``."""
    code = f"import sys; sys.argv = ['cxtext', {flag!r}]; from cxtext.cli import main; main()"
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], env=child_env(tree),
                              capture_output=True, text=True, cwd=tree.root)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            reason = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
            print(f"  [{tree.label}] cxtext {flag} failed: {reason}", file=sys.stderr)
            return {"skipped": reason}
    return {"seconds": round(min(times), 3), "runs": [round(t, 3) for t in times]}


# --------------------------------------------------------------------------- parent

def median_of(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The run with the median ``key`` (all runs' values kept under ``runs``)."""
    ok = [r for r in runs if key in r]
    if not ok:
        return runs[-1]
    ok.sort(key=lambda r: r[key])
    best = dict(ok[len(ok) // 2])
    if len(runs) > 1:
        best["runs"] = [r.get(key) for r in runs]
    return best


def ratio(old: Any, new: Any, higher_is_better: bool) -> float | None:
    if not isinstance(old, int | float) or not isinstance(new, int | float) or not old or not new:
        return None
    return round(new / old if higher_is_better else old / new, 2)


def fmt(v: Any, digits: int = 0) -> str:
    if not isinstance(v, int | float):
        return "-" if v is None else "failed"  # the reason is printed above and in the JSON
    return f"{v:,.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_baseline_args(ap)
    ap.add_argument("--n", type=int, default=3000, help="answers per timed call (default 3000)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="fresh processes per configuration and tree; the median is reported")
    ap.add_argument("--only", nargs="+", choices=CHOICES, default=CHOICES, metavar="ID",
                    help=f"measure only these: {', '.join(CHOICES)} (default: all)")
    ap.add_argument("--hf-checkpoint", type=Path, default=None)
    ap.add_argument("--analyze-rows", type=int, nargs="*", default=[])
    ap.add_argument("--analyze-jobs", type=int, default=2)
    ap.add_argument("--analyze-chunksize", type=int, default=20_000)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "throughput.json")
    add_child_args(ap)
    args = ap.parse_args()
    if serve_child(args, child):
        return
    trees = resolve_trees(ap, args)
    if args.n < 10:
        ap.error(f"--n {args.n}: give at least 10 answers.")
    if args.repeat < 1:
        ap.error(f"--repeat {args.repeat}: give 1 or more.")
    warn_models_env()
    for tree in trees:
        precompile(tree)
    answers = example_answers()
    base = {"answers": answers, "n": args.n}
    t_start = time.perf_counter()
    rows: dict[str, Any] = {}
    table: list[tuple[str, str, Any, Any, float | None, int]] = []
    with tempfile.TemporaryDirectory(prefix="cxtext-throughput-") as tmp_name:
        tmp = Path(tmp_name)

        def both(spec: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
            runs: dict[str, list[dict[str, Any]]] = {t.label: [] for t in trees}
            for r in range(args.repeat):
                for tree in trees if r % 2 == 0 else trees[::-1]:
                    runs[tree.label].append(run_child(tree, spec, tmp))
            return {label: median_of(rs, key) for label, rs in runs.items()}

        for cid, (name, kw, kind) in CONFIGS.items():
            if cid not in args.only:
                continue
            res = both({**base, "mode": "classify", "kwargs": kw, "kind": kind},
                       "answers_per_s")
            new, old = res["new"], res.get("old", {})
            rows[name] = {**new, **({"old": old} if old else {}),
                          "speedup": ratio(old.get("answers_per_s"),
                                           new.get("answers_per_s"), True)}
            table.append((name, "answers/s", old.get("answers_per_s", old.get("skipped")),
                          new.get("answers_per_s", new.get("skipped")),
                          rows[name]["speedup"], 0))
            print(f"{name}: old {old.get('answers_per_s', old.get('skipped'))} new "
                  f"{new.get('answers_per_s', new.get('skipped'))} answers/s", flush=True)
        first_call: dict[str, Any] = {}
        src = rows.get(HEADLINE) or rows.get(CONFIGS["default"][0])
        if src:
            for key, label in (("import_s", "first call: import cxtext"),
                               ("first_call_s", "first call: import + Classifier() + 5 "
                                                "answers")):
                o, n = src.get("old", {}).get(key), src.get(key)
                first_call[key] = {"new": n, "old": o, "speedup": ratio(o, n, False)}
                table.append((label, "s", o, n, ratio(o, n, False), 2))
        startup: dict[str, Any] = {}
        if "startup" in args.only:
            for flag, label in STARTUP.items():
                res = {t.label: startup_time(t, flag) for t in trees}
                o, n = res.get("old", {}).get("seconds"), res["new"].get("seconds")
                startup[f"cxtext {flag}"] = {**res, "speedup": ratio(o, n, False)}
                table.append((label, "s", o, n, ratio(o, n, False), 2))
        docs: dict[str, Any] = {}
        if "docs" in args.only:
            for what, label in DOCS.items():
                res = both({**base, "mode": "docs", "what": what}, "per_answer")
                o, n = res.get("old", {}).get("per_answer"), res["new"].get("per_answer")
                docs[what] = {**res, "speedup": ratio(o, n, False)}
                table.append((label, "docs/answer", o, n, ratio(o, n, False), 2))
                print(f"{label}: old {o} new {n}", flush=True)
    if args.hf_checkpoint is not None:
        name = "transformers pipeline (text-classification, CPU, batch 32)"
        try:
            from transformers import pipeline

            pipe = pipeline("text-classification", model=str(args.hf_checkpoint), device=-1)
            data = texts_for(answers, "repeated", args.n)[0][: args.n // 3]
            pipe(data[:32], batch_size=32, truncation=True)
            t0 = time.perf_counter()
            pipe(data, batch_size=32, truncation=True)
            dt = time.perf_counter() - t0
            rows[name] = {"texts": len(data), "seconds": round(dt, 2),
                          "answers_per_s": round(len(data) / dt)}
        except Exception as exc:  # noqa: BLE001 - a missing extra becomes a skipped row
            rows[name] = {"skipped": f"{type(exc).__name__}: {exc}"}
        table.append((name + ", no cxtext (reference)", "answers/s", None,
                      rows[name].get("answers_per_s", rows[name].get("skipped")), None, 0))
    analyze: list[dict[str, Any]] = []
    if args.analyze_rows:
        res_path = args.out.with_name("analyze.json")
        base_args = (["--baseline", str(trees[0].root)] if len(trees) > 1 else
                     ["--no-baseline"])
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "analyze.py"), "--rows",
                        *map(str, args.analyze_rows), "--jobs", str(args.analyze_jobs),
                        "--chunksize", str(args.analyze_chunksize), "--out", str(res_path),
                        *base_args], check=True)
        wanted = {(r, args.analyze_jobs, args.analyze_chunksize) for r in args.analyze_rows}
        analyze = [r for r in json.loads(res_path.read_text(encoding="utf-8"))["results"]
                   if (r["rows"], r.get("jobs", 1), r.get("chunksize")) in wanted]
    print_table(table, has_old=len(trees) > 1)
    print(f"total {time.perf_counter() - t_start:.0f} s")
    command = "python benchmarks/throughput.py " + " ".join(
        "<old main checkout>" if a == str(args.baseline) else a for a in sys.argv[1:])
    payload = {
        "results": rows, "n": args.n, **({"analyze": analyze} if analyze else {}),
        "first_call": first_call, "startup": startup, "docs_per_answer": docs,
        "trees": {t.label: t.info() for t in trees}, "repeat": args.repeat,
        "machine": machine(), "command": command.strip(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


def print_table(table: list[tuple[str, str, Any, Any, float | None, int]],
                has_old: bool) -> None:
    """Markdown: configuration | unit | old | new | speed-up (new/old for answers/s, else
    old/new: how many times better)."""
    width = max([len(r[0]) for r in table] + [13])
    print(f"\n| {'configuration':<{width}} | {'unit':<11} | {'old':>9} | {'new':>9} "
          f"| {'speed-up':>8} |")
    print(f"| {'-' * width} | {'-' * 11} | {'-' * 8}: | {'-' * 8}: | {'-' * 7}: |")
    for name, unit, old, new, up, digits in table:
        up_s = f"{up:.2f}x" if up is not None else "-"
        old_s = fmt(old, digits) if has_old else "-"
        print(f"| {name:<{width}} | {unit:<11} | {old_s:>9} | {fmt(new, digits):>9} "
              f"| {up_s:>8} |")


if __name__ == "__main__":
    main()
