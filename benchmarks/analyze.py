"""End-to-end `cxtext analyze` throughput and peak memory on a generated survey.

    python benchmarks/analyze.py [--rows 100000 1000000] [--chunksize 50000] [--jobs 2]
                                 [--out benchmarks/results/analyze.json]

The input is built from the answers of examples/nps_survey.xlsx, sampled with a fixed seed
and written as a cp1250 ';' CSV (the Webankieta format), then streamed through
cxtext.analyze_file in a fresh process so peak RSS is its own ("worker peak": the largest
--jobs worker process). Peak memory should not grow with --rows at a fixed --chunksize.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def make_input(rows: int, path: Path) -> None:
    src = pd.read_excel(ROOT / "examples" / "nps_survey.xlsx", dtype=str).fillna("")
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(src), size=rows)
    df = src.iloc[idx].reset_index(drop=True)
    df[df.columns[0]] = [f"R{i:08d}" for i in range(rows)]
    text = df.to_csv(sep=";", index=False, lineterminator="\r\n")
    path.write_bytes(text.encode("cp1250", errors="replace"))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000])
    ap.add_argument("--chunksize", type=int, default=50_000)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (analyze --jobs)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "analyze.json")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = Path(tmp) / f"survey_{rows}.csv"
            make_input(rows, path)
            script = textwrap.dedent(f"""
                import json, resource, time
                import cxtext
                t0 = time.perf_counter()
                s = cxtext.analyze_file({str(path)!r}, {str(Path(tmp) / "out")!r},
                                        chunksize={args.chunksize}, jobs={args.jobs})
                dt = time.perf_counter() - t0
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                print(json.dumps({{"seconds": dt, "rows_read": s["rows_read"],
                    "peak_rss_mb": peak, "worker_peak_rss_mb": workers}}))
            """)
            out = subprocess.run(
                [sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT
            )
            res = json.loads(out.stdout.strip().splitlines()[-1])
            res.update(
                rows=rows,
                file_mb=round(path.stat().st_size / 1e6, 1),
                rows_per_s=round(res["rows_read"] / res["seconds"]),
                chunksize=args.chunksize,
                jobs=args.jobs,
            )
            results.append(res)
    print(f"{'rows':>10}{'file MB':>9}{'jobs':>5}{'seconds':>9}{'rows/s':>9}"
          f"{'peak RSS MB':>13}{'worker peak MB':>16}")
    for r in results:
        print(
            f"{r['rows']:>10}{r['file_mb']:>9}{r['jobs']:>5}{r['seconds']:>9.1f}"
            f"{r['rows_per_s']:>9}{r['peak_rss_mb']:>13.0f}{r['worker_peak_rss_mb']:>16.0f}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    keep = [r for r in old.get("results", [])
            if (r.get("rows"), r.get("jobs", 1)) not in {(x["rows"], x["jobs"]) for x in results}]
    args.out.write_text(json.dumps({"results": keep + results}, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
