"""End-to-end ``cxtext analyze`` time and peak memory, old main vs this tree, in one run.

    python benchmarks/analyze.py --baseline DIR [--rows 100000 1000000] [--jobs 2]
        [--chunksize 50000] [--poll 0.25] [--out benchmarks/results/analyze.json]
    python benchmarks/analyze.py --no-baseline ...     # this tree only

``--baseline DIR``: a source checkout of the old main (``git worktree add /tmp/oldmain
<commit>``). The input is built from the answers of examples/nps_survey.xlsx, sampled with a
fixed seed and written as a cp1250 ';' CSV (the Webankieta format), once per size; then for
each tree (old first, then new; the order swaps for every next size) ``cxtext analyze INPUT
--out OUT --jobs J --chunksize C`` runs in a fresh process with ``PYTHONPATH=<tree>`` and
without ``$CXTEXT_MODELS_DIR`` (the tree's own code and models; checked afterwards).

Reported per run: wall time of the whole command (start-up included) and rows/s
(``rows_read`` of ``summary.json``); exact peak RSS of the main process
(``getrusage(RUSAGE_SELF)``) and of the largest worker (``RUSAGE_CHILDREN``: the largest
reaped descendant), and, from psutil polling of the process tree every ``--poll`` s, the
sampled peaks of the RSS of the main process and of each worker, and of the PSS summed over
the tree (its real footprint: pages that forked workers share are counted once).
Peak memory should not grow with --rows at a fixed --chunksize.

Prints one table and merges the runs into the JSON (``results``: one entry per rows/jobs/
chunksize, the keys for this tree as before plus ``old``: the same for the baseline, and
``speedup``: old seconds / new seconds).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from trees import (
    ROOT,
    Tree,
    add_baseline_args,
    child_env,
    machine,
    precompile,
    resolve_trees,
    warn_models_env,
)

MB = 1024 * 1024

CHILD = """\
import json, resource, sys, time
t0 = time.perf_counter()
sys.argv = ["cxtext", "analyze", {input!r}, "--out", {out!r}, "--jobs", {jobs!r},
            "--chunksize", {chunksize!r}]
code = 0
try:
    from cxtext.cli import main
    main()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
import cxtext
res = {{
    "exit_code": code, "seconds_in_process": time.perf_counter() - t0,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "cxtext_file": cxtext.__file__,
}}
with open({result!r}, "w") as fh:
    json.dump(res, fh)
sys.exit(code)
"""


def make_input(rows: int, path: Path) -> None:
    src = pd.read_excel(ROOT / "examples" / "nps_survey.xlsx", dtype=str).fillna("")
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(src), size=rows)
    df = src.iloc[idx].reset_index(drop=True)
    df[df.columns[0]] = [f"R{i:08d}" for i in range(rows)]
    text = df.to_csv(sep=";", index=False, lineterminator="\r\n")
    path.write_bytes(text.encode("cp1250", errors="replace"))


class TreePoller:
    """Samples the RSS of a process and its descendants until stopped, and the sum of their
    PSS (the memory of the whole tree, pages shared after fork counted once)."""

    def __init__(self, pid: int, every: float) -> None:
        self.pid = pid
        self.every = every
        self.main = 0
        self.workers: dict[int, int] = {}
        self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        def sample(proc: Any) -> tuple[int, int]:
            try:
                mem = proc.memory_full_info()  # PSS: shared pages split between sharers
                return mem.rss, mem.pss
            except psutil.AccessDenied:
                rss = proc.memory_info().rss
                return rss, rss

        while not self._stop.is_set():
            try:
                rss, total = sample(root)
                self.main = max(self.main, rss)
                kids = root.children(recursive=True)
            except psutil.NoSuchProcess:
                return
            for kid in kids:
                try:
                    rss, pss = sample(kid)
                except psutil.NoSuchProcess:
                    continue
                self.workers[kid.pid] = max(self.workers.get(kid.pid, 0), rss)
                total += pss
            self.total = max(self.total, total)
            self._stop.wait(self.every)

    def result(self) -> dict[str, Any]:
        return {"main_mb": round(self.main / MB), "workers": len(self.workers),
                "worker_max_mb": round(max(self.workers.values(), default=0) / MB),
                "tree_pss_mb": round(self.total / MB)}


def run_analyze(tree: Tree, path: Path, tmp: Path, args: argparse.Namespace
                ) -> dict[str, Any]:
    """One ``cxtext analyze`` of ``path`` with ``tree``'s code; the measurements or a failure."""
    out = tmp / f"out-{tree.label}"
    result = tmp / f"result-{tree.label}.json"
    log = tmp / f"log-{tree.label}.txt"
    code = CHILD.format(input=str(path), out=str(out), jobs=str(args.jobs),
                        chunksize=str(args.chunksize), result=str(result))
    with log.open("wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code], env=child_env(tree), cwd=tmp,
                                stdout=fh, stderr=subprocess.STDOUT)
        with TreePoller(proc.pid, args.poll) as poller:
            rc = proc.wait()
        wall = time.perf_counter() - t0
    try:
        if rc != 0 or not result.exists():
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
            print(f"  [{tree.label}] cxtext analyze failed (exit {rc}):\n    "
                  + "\n    ".join(tail), file=sys.stderr)
            return {"skipped": tail[-1] if tail else f"exit code {rc}"}
        res: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        file = Path(res.pop("cxtext_file")).resolve()
        if tree.root not in file.parents:
            return {"skipped": f"cxtext was imported from {file}, not from {tree.root}"}
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        res.pop("exit_code")
        return {"seconds": round(wall, 1), "rows_read": summary["rows_read"],
                "rows_per_s": round(summary["rows_read"] / wall),
                "peak_rss_mb": round(res.pop("peak_rss_mb")),
                "worker_peak_rss_mb": round(res.pop("worker_peak_rss_mb")),
                "sampled_rss": poller.result(),
                "seconds_in_process": round(res.pop("seconds_in_process"), 1)}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_baseline_args(ap)
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000])
    ap.add_argument("--chunksize", type=int, default=50_000)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (analyze --jobs)")
    ap.add_argument("--poll", type=float, default=0.25,
                    help="seconds between RSS samples of the process tree (default 0.25)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "analyze.json")
    args = ap.parse_args()
    trees = resolve_trees(ap, args)
    if min(args.rows) < 1 or args.chunksize < 1 or args.jobs < 1 or args.poll <= 0:
        ap.error("--rows, --chunksize and --jobs must be positive integers, --poll > 0.")
    warn_models_env()
    for tree in trees:
        precompile(tree)
    results = []
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cxtext-analyze-") as tmp_name:
        tmp = Path(tmp_name)
        for k, rows in enumerate(args.rows):
            path = tmp / f"survey_{rows}.csv"
            make_input(rows, path)
            runs: dict[str, dict[str, Any]] = {}
            for tree in trees if k % 2 == 0 else trees[::-1]:
                runs[tree.label] = run_analyze(tree, path, tmp, args)
                print(f"{rows} rows, {tree.label}: {runs[tree.label]}", flush=True)
            new, old = runs["new"], runs.get("old")
            res: dict[str, Any] = {**new, "rows": rows,
                                   "file_mb": round(path.stat().st_size / 1e6, 1),
                                   "chunksize": args.chunksize, "jobs": args.jobs}
            if old is not None:
                res["old"] = old
                res["speedup"] = (round(old["seconds"] / new["seconds"], 2)
                                  if "seconds" in old and "seconds" in new else None)
            results.append(res)
            path.unlink()
    print_table(results, has_old=len(trees) > 1)
    print(f"total {time.perf_counter() - t_start:.0f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    before = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    done = {(x["rows"], x["jobs"], x["chunksize"]) for x in results}
    keep = [r for r in before.get("results", [])
            if (r.get("rows"), r.get("jobs", 1), r.get("chunksize")) not in done]
    args.out.write_text(json.dumps({
        "results": keep + results,
        "trees": {t.label: t.info() for t in trees},
        "machine": machine(),
        "command": "python benchmarks/analyze.py " + " ".join(
            "<old main checkout>" if a == str(args.baseline) else a for a in sys.argv[1:]),
    }, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


def print_table(results: list[dict[str, Any]], has_old: bool) -> None:
    """One row per size; for each tree: seconds, rows/s, peak RSS (main / largest worker) and
    the sampled peak of the PSS summed over the process tree, MB."""
    def cells(r: dict[str, Any] | None) -> list[str]:
        if not has_old and r is None:
            return ["-"] * 4
        if r is None or "seconds" not in r:
            return ["failed", "-", "-", "-"]
        s = r["sampled_rss"]
        return [f"{r['seconds']:,.0f}", f"{r['rows_per_s']:,}",
                f"{r['peak_rss_mb']:,} / {r['worker_peak_rss_mb']:,}", f"{s['tree_pss_mb']:,}"]

    head = ["rows", "file MB", "jobs", "chunk", "old s", "new s", "old rows/s", "new rows/s",
            "speed-up", "old peak MB main / worker", "new peak MB main / worker",
            "old tree PSS MB", "new tree PSS MB"]
    lines = []
    for r in results:
        o, n = cells(r.get("old")), cells(r)
        up = r.get("speedup")
        lines.append([f"{r['rows']:,}", f"{r['file_mb']}", str(r["jobs"]),
                      f"{r['chunksize']:,}", o[0], n[0], o[1], n[1],
                      f"{up:.2f}x" if up else "-", o[2], n[2], o[3], n[3]])
    widths = [max(len(h), *(len(ln[i]) for ln in lines)) for i, h in enumerate(head)]
    print("\n| " + " | ".join(h.rjust(w) for h, w in zip(head, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * (w - 1) + ":" for w in widths) + " |")
    for ln in lines:
        print("| " + " | ".join(c.rjust(w) for c, w in zip(ln, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
