"""Start-up time: ``cxtext --help``, ``cxtext --version``, ``import cxtext`` and the first
``classify`` of 5 answers, each in a fresh Python process.

    python benchmarks/startup.py [--repeat 3] [--baseline DIR] [--cold]
        [--out benchmarks/results/startup.json]

Every measurement starts a new interpreter with this checkout first on ``PYTHONPATH`` and
reports the median over ``--repeat`` runs of the wall time and of the CPU time (user + system)
of that process; on a busy machine the CPU time is the steadier figure. One unrecorded run of
each command comes first (it fills the OS file cache and, on a new machine, cxtext's lemma
dictionary cache, which is built once per machine). ``--baseline DIR``: the same measurements
on another source checkout (e.g. the previous main) with ``PYTHONPATH=DIR``, side by side in
one table, and whether its first ``classify`` returned the same records. ``--cold``: one more
row, the first ``classify`` with an empty lemma cache (``CXTEXT_LEMMA_CACHE`` pointed at a new
folder each run: the one-time build a new machine pays).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

ANSWERS = [
    "Nie polecam, kurier spóźniony 3 dni",
    "ok",
    "Great service, fast delivery",
    "Aplikacja się zawiesza, ale obsługa miła",
    "too expensive, the courier was rude",
]

CLASSIFY = ("import json, cxtext\n"
            f"records = cxtext.classify({ANSWERS!r})\n"
            "print(json.dumps(records, ensure_ascii=False, sort_keys=True, default=str))\n")

#: name -> Python code run with ``python -c``; the CLI ones as the console script does it
COMMANDS: dict[str, tuple[str, list[str]]] = {
    "cxtext --help": ("from cxtext.cli import main; main()", ["--help"]),
    "cxtext --version": ("from cxtext.cli import main; main()", ["--version"]),
    "python -c 'import cxtext'": ("import cxtext", []),
    "first classify, 5 answers": (CLASSIFY, []),
}


def run_once(tree: Path, code: str, args: list[str],
             extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree), **(extra_env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, cwd=tree, timeout=600)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{code!r} {args} failed in {tree}:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "stdout": proc.stdout}


def measure(tree: Path, repeat: int, cold: bool) -> dict[str, Any]:
    where = subprocess.run([sys.executable, "-c", "import cxtext; print(cxtext.__file__)"],
                           capture_output=True, text=True, cwd=tree, check=True,
                           env={**os.environ, "PYTHONPATH": str(tree)}).stdout.strip()
    if not Path(where).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"PYTHONPATH={tree} imports cxtext from {where}, not from that tree")
    rows: dict[str, Any] = {}
    for name, (code, args) in COMMANDS.items():
        run_once(tree, code, args)  # warm-up, not recorded
        runs = [run_once(tree, code, args) for _ in range(repeat)]
        rows[name] = summarise(runs)
        print(f"  {tree.name}: {name}: {rows[name]['wall_s']:.2f} s wall, "
              f"{rows[name]['cpu_s']:.2f} s CPU", flush=True)
    if cold and (tree / "cxtext" / "simplemma_cache.py").exists():  # trees without the cache
        runs = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as empty:
                runs.append(run_once(tree, CLASSIFY, [], {"CXTEXT_LEMMA_CACHE": empty}))
        rows["first classify, lemma cache cold"] = summarise(runs)
    return {"cxtext": where, "rows": rows}


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"wall_s": statistics.median(r["wall_s"] for r in runs),
            "cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "runs_wall_s": [r["wall_s"] for r in runs],
            "runs_cpu_s": [r["cpu_s"] for r in runs],
            "output": runs[0]["stdout"]}


def table(results: dict[str, dict[str, Any]]) -> str:
    trees = list(results)
    names = list(dict.fromkeys(n for r in results.values() for n in r["rows"]))
    head = "| measurement | " + " | ".join(f"{t} wall / CPU (s)" for t in trees) + " |"
    lines = [head, "| --- |" + " ---: |" * len(trees)]
    for name in names:
        cells = []
        for t in trees:
            row = results[t]["rows"].get(name)
            cells.append("-" if row is None else f"{row['wall_s']:.2f} / {row['cpu_s']:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", type=Path, default=None,
                    help="a source checkout to compare with (e.g. the previous main)")
    ap.add_argument("--cold", action="store_true",
                    help="also time the first classify with an empty lemma cache")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "startup.json")
    args = ap.parse_args()
    trees = {"new": ROOT}
    if args.baseline is not None:
        trees = {"baseline": args.baseline.resolve(), **trees}
    load_before = os.getloadavg()
    results = {}
    for label, tree in trees.items():
        print(f"{label}: {tree}", flush=True)
        results[label] = measure(tree, args.repeat, args.cold)
    same = None
    if "baseline" in results:
        key = "first classify, 5 answers"
        same = (json.loads(results["baseline"]["rows"][key]["output"])
                == json.loads(results["new"]["rows"][key]["output"]))
    for res in results.values():
        for row in res["rows"].values():
            row.pop("output")
    print()
    print(table(results))
    if same is not None:
        print(f"\nfirst classify returns the same records as the baseline: {same}")
    try:
        import importlib.util

        torch_installed = importlib.util.find_spec("torch") is not None
    except ValueError:  # pragma: no cover
        torch_installed = False
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "repeat": args.repeat, "answers": ANSWERS,
            "torch_installed": torch_installed,
            "load_average_before_after": [round(load_before[0], 2),
                                          round(os.getloadavg()[0], 2)],
            "same_classify_output_as_baseline": same}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "results": {
        label: {"tree": str(trees[label]), **res} for label, res in results.items()}},
        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
