"""Load test of ``cxtext serve`` on loopback: throughput, p50/p99 latency, errors.

    python benchmarks/serve_load.py [--clients 100] [--seconds 60] [--batch 10]
        [--out benchmarks/results/serve_load.json]

Starts ``cxtext serve`` (one uvicorn worker, default models) in a subprocess on a free port,
waits for ``/health``, then runs ``--clients`` concurrent asyncio clients (httpx) for
``--seconds``; each client posts batches of ``--batch`` answers drawn (seed 0) from the
shipped example survey, back to back. Reports requests/s, answers/s, latency percentiles and
the count of non-200 responses or transport errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def client(url: str, batches: list[list[str]], deadline: float, lat: list[float],
                 errors: list[str], k: int) -> int:
    import httpx

    n = 0
    async with httpx.AsyncClient(timeout=120) as http:
        while time.perf_counter() < deadline:
            body = {"texts": batches[(k + n) % len(batches)]}
            t0 = time.perf_counter()
            try:
                res = await http.post(url, json=body)
                if res.status_code != 200:
                    errors.append(f"status {res.status_code}")
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            lat.append(time.perf_counter() - t0)
            n += 1
    return n


async def run(url: str, clients: int, seconds: float, batches: list[list[str]],
              ) -> tuple[list[float], list[str], int]:
    lat: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    counts = await asyncio.gather(*(client(url, batches, deadline, lat, errors, k)
                                    for k in range(clients)))
    return lat, errors, sum(counts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "serve_load.json")
    args = ap.parse_args()
    from cxtext.io import read_survey

    texts = [t for t in read_survey(ROOT / "examples" / "nps_survey.csv").responses["text_raw"]
             if str(t).strip()]
    rng = np.random.default_rng(0)
    batches = [list(rng.choice(texts, args.batch)) for _ in range(200)]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cxtext.cli", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        import httpx

        for _ in range(240):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise SystemExit("server did not start")
        httpx.post(f"http://127.0.0.1:{port}/v1/classify", json={"texts": texts[:50]},
                   timeout=120)  # warm-up
        t0 = time.perf_counter()
        lat, errors, n = asyncio.run(run(f"http://127.0.0.1:{port}/v1/classify", args.clients,
                                         args.seconds, batches))
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)
    ms = np.array(lat) * 1000
    result = {
        "clients": args.clients, "seconds": round(wall, 1), "batch": args.batch,
        "requests": n, "requests_per_s": round(n / wall, 1),
        "answers_per_s": round(n * args.batch / wall, 1),
        "latency_ms": {"p50": round(float(np.percentile(ms, 50)), 1),
                       "p90": round(float(np.percentile(ms, 90)), 1),
                       "p99": round(float(np.percentile(ms, 99)), 1),
                       "max": round(float(ms.max()), 1)},
        "errors": len(errors), "error_kinds": sorted(set(errors)),
        "server": "1 uvicorn worker, default models (sentiment.linear.v1 + topics.rules.v1)",
        "command": f"python benchmarks/serve_load.py --clients {args.clients} "
                   f"--seconds {args.seconds:g} --batch {args.batch}",
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
