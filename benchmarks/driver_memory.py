"""Peak memory of the chunked driver stage as the number of respondents grows.

    python benchmarks/driver_memory.py [--respondents 100000 1000000 3000000]
        [--chunksize 20000] [--sample-size 200000] [--out benchmarks/results/driver_memory.json]

Each size runs in a fresh process: simulated enriched chunks (cxtext.drivers.simulate, 9
topics, a 12-value segment, dates over a year, follow-up text) are generated chunk by chunk
and fed to cxtext.drivers.DriverAccumulator, then ``result()`` computes every table. Peak
RSS should stop growing once the key-driver sample is full (``--sample-size``): everything
else the accumulator keeps is counts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--respondents", type=int, nargs="+", default=[100_000, 1_000_000, 3_000_000])
    ap.add_argument("--chunksize", type=int, default=20_000)
    ap.add_argument("--sample-size", type=int, default=200_000)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "driver_memory.json")
    args = ap.parse_args()
    results = []
    for n in args.respondents:
        script = textwrap.dedent(f"""
            import json, resource, time
            import numpy as np, pandas as pd
            from cxtext.drivers import DriverAccumulator
            from cxtext.drivers.simulate import simulate_survey

            acc = DriverAccumulator(sample_size={args.sample_size}, n_boot=200, kda_boot=10)
            rng = np.random.default_rng(0)
            t0 = time.perf_counter()
            done = 0
            while done < {n}:
                size = min({args.chunksize}, {n} - done)
                df = simulate_survey(size, seed=done)
                df["source_row"] += done
                df["segment_store"] = rng.choice([f"S{{i}}" for i in range(12)], size)
                df["date"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(
                    rng.integers(0, 365, size), unit="D")
                df["text"] = rng.choice(["never again, the courier was late", "ok",
                                         "still not resolved, third time I call"], size)
                df["sentiment"] = rng.choice(["negative", "neutral", "positive"], size)
                acc.update(df)
                done += size
            t1 = time.perf_counter()
            res = acc.result()
            t2 = time.perf_counter()
            print(json.dumps({{"respondents": {n}, "update_s": round(t1 - t0, 1),
                "result_s": round(t2 - t1, 1), "tables": len(res.tables),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}}))
        """)
        out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                             text=True, cwd=ROOT)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    print(f"{'respondents':>12}{'update s':>10}{'result s':>10}{'peak RSS MB':>13}")
    for r in results:
        print(f"{r['respondents']:>12}{r['update_s']:>10}{r['result_s']:>10}"
              f"{r['peak_rss_mb']:>13}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"chunksize": args.chunksize, "sample_size": args.sample_size,
                                    "results": results}, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
