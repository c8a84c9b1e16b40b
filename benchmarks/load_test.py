"""Load test of ``cxtext serve`` with small, large and hostile requests (issue 14).

    python benchmarks/load_test.py --clients 100 --seconds 60
        [--baseline-seconds 30] [--out benchmarks/results/load_test.json]

Starts the service (``uvicorn --factory cxtext.serve:create_app``: default models and
limits, one uvicorn process, worker processes as ``create_app`` defaults) on a free loopback
port and runs two phases of ``--clients`` concurrent asyncio clients (httpx), each sending
requests back to back (a 503 is retried after its ``Retry-After``):

1. *small only* (``--baseline-seconds``): every client sends 1-5 short answers from the
   shipped example survey;
2. *mixed* (``--seconds``): 70% of the clients send small requests, 20% large ones near the
   limits (40 texts of ~5,000 characters, or 1,000 of ~200: ~200,000 characters), 10% hostile
   ones in turn (emoji/emoticon/punctuation runs, a lone surrogate, malformed UTF-8, malformed
   JSON, 100,000-deep nesting, 3 MB bodies with and without Content-Length, over the
   character budget, too many texts, a text too long, 200,000 characters of random words).

Reports the count of each status per phase and kind (503 = deliberate, when ``max_pending``
requests are in progress; any other 5xx is a failure), latency percentiles of the small
requests (each answered attempt, and first attempt to answer including 503 retries) alone vs
with the large and hostile ones, server memory (RSS and PSS of the uvicorn process and its
workers) at the baseline, at the peak and after 6 s idle, and checks the server's JSON log
lines: one per request, none containing answer text. Prints a table; writes JSON to ``--out``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MARKER = "Zqxmarker"  # put in small answers: must never appear in the server log


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- payloads


@dataclass
class Payload:
    kind: str  # small / large / hostile:<name>
    body: bytes | Callable[[], AsyncIterator[bytes]]
    expected: tuple[int, ...]
    answers: int = 0


def _json(texts: list[str]) -> bytes:
    return json.dumps({"texts": texts}, ensure_ascii=False).encode()


def make_payloads(texts: list[str], seed: int = 0) -> dict[str, list[Payload]]:
    rng = random.Random(seed)

    def long_text(n: int) -> str:
        out: list[str] = []
        while sum(map(len, out)) + len(out) < n:
            out.append(rng.choice(texts))
        return " ".join(out)[:n]

    small = []
    for i in range(400):
        batch = [rng.choice(texts) for _ in range(rng.randint(1, 5))]
        if i % 4 == 0:
            batch[0] = f"{batch[0]} {MARKER}"
        small.append(Payload("small", _json(batch), (200,), len(batch)))
    large = []
    for i in range(24):
        batch = ([long_text(4990) for _ in range(40)] if i % 2 == 0
                 else [long_text(199) for _ in range(1000)])
        large.append(Payload("large", _json(batch), (200,), len(batch)))

    emoji = "😀😃😞👍❤⭐🎉😡"
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyząęółśżźćń")
                     for _ in range(rng.randint(3, 12))) for _ in range(40_000)]

    def chunked_3mb() -> AsyncIterator[bytes]:
        async def gen() -> AsyncIterator[bytes]:
            yield b'{"texts": ["'
            for _ in range(48):
                yield b"x" * 65536
            yield b'"]}'
        return gen()

    hostile: list[tuple[str, bytes | Callable[[], AsyncIterator[bytes]], tuple[int, ...]]] = [
        ("emoji_runs", _json(["😀" * 5000, ":)" * 2500, "!?" * 2500, "_" * 5000, "(" * 5000,
                              "".join(rng.choice(emoji) for _ in range(5000)),
                              "".join(rng.choice("!?.") for _ in range(5000))]), (200,)),
        ("lone_surrogate", b'{"texts": ["ok \\ud800 ok"]}', (422,)),
        ("invalid_utf8", b'{"texts": ["\xff\xfe\xfd"]}', (422,)),
        ("malformed_json", b'{"texts": ["a", }', (422,)),
        ("deep_nesting", b'{"texts": ' + b"[" * 100_000, (422,)),
        ("oversize_body", b'{"texts": ["' + b"x" * 3_000_000 + b'"]}', (413,)),
        ("oversize_chunked", chunked_3mb, (413,)),
        ("over_char_budget", _json(["y" * 5000] * 41), (422,)),
        ("too_many_texts", _json(["a"] * 1001), (422,)),
        ("text_too_long", _json(["z" * 5001]), (422,)),
        ("random_words", _json([" ".join(rng.choice(words) for _ in range(700))[:4990]
                                for _ in range(40)]), (200,)),
    ]
    return {"small": small, "large": large,
            "hostile": [Payload(f"hostile:{n}", b, e) for n, b, e in hostile]}


# --------------------------------------------------------------------------- clients


@dataclass
class Record:
    phase: str
    kind: str
    status: int | str  # or the transport error's name
    seconds: float  # this attempt
    first_to_answer: float | None  # first attempt -> non-503 answer (None for 503 attempts)
    expected: bool
    request_id: str = ""  # x-request-id: joins the server's log line (its own "ms")


async def client(url: str, phase: str, pool: list[Payload], deadline: float,
                 records: list[Record], k: int) -> None:
    import httpx

    n = k
    async with httpx.AsyncClient(timeout=120) as http:
        while time.perf_counter() < deadline:
            p = pool[n % len(pool)]
            n += 1
            first = time.perf_counter()
            while True:
                content = p.body() if callable(p.body) else p.body
                t0 = time.perf_counter()
                try:
                    res = await http.post(url, content=content,
                                          headers={"content-type": "application/json"})
                    status: int | str = res.status_code
                    await res.aread()
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                    res = None
                dt = time.perf_counter() - t0
                rid = res.headers.get("x-request-id", "") if res is not None else ""
                if status == 503 and res is not None:
                    records.append(Record(phase, p.kind, 503, dt, None, True, rid))
                    await asyncio.sleep(float(res.headers.get("retry-after", "1")))
                    if time.perf_counter() < deadline:
                        continue
                    break
                records.append(Record(phase, p.kind, status, dt, time.perf_counter() - first,
                                      status in p.expected, rid))
                break


async def run_phase(url: str, phase: str, roles: list[list[Payload]], seconds: float,
                    records: list[Record]) -> None:
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(client(url, phase, pool, deadline, records, k)
                           for k, pool in enumerate(roles)))


# --------------------------------------------------------------------------- memory


class MemoryWatch:
    """RSS and PSS (MB) of the server and its worker processes, sampled every second."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.samples: list[tuple[float, float, float]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def measure(self) -> dict[str, Any]:
        import psutil

        procs = [self.proc, *self.proc.children(recursive=True)]
        rss = pss = 0.0
        per = []
        for p in procs:
            try:
                full = p.memory_full_info()
            except psutil.Error:
                continue
            rss += full.rss
            pss += getattr(full, "pss", full.rss)
            per.append(round(full.rss / 2**20, 1))
        cpu = {"server": 0.0, "workers": 0.0}
        for p in procs:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                cpu["server" if p.pid == self.proc.pid else "workers"] += t.user + t.system
        return {"rss_mb": round(rss / 2**20, 1), "pss_mb": round(pss / 2**20, 1),
                "processes": len(per), "rss_mb_each": per,
                "cpu_s": {k: round(v, 1) for k, v in cpu.items()}}

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            m = self.measure()
            self.samples.append((time.time(), m["rss_mb"], m["pss_mb"]))

    def peak(self) -> dict[str, float]:
        if not self.samples:
            return {}
        return {"rss_mb": max(s[1] for s in self.samples),
                "pss_mb": max(s[2] for s in self.samples)}


# --------------------------------------------------------------------------- report


def pct(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"n": 0}
    ms = np.array(values) * 1000
    return {"n": len(values), "p50": round(float(np.percentile(ms, 50)), 1),
            "p95": round(float(np.percentile(ms, 95)), 1),
            "p99": round(float(np.percentile(ms, 99)), 1), "max": round(float(ms.max()), 1)}


def summarize(records: list[Record], phases: dict[str, float],
              server_ms: dict[str, float]) -> dict[str, Any]:
    """Per phase: statuses (all, per kind), latency percentiles (client-side, and the
    server's own from its log line, which leaves out the client's queueing on this machine)."""
    out: dict[str, Any] = {}
    for phase, seconds in phases.items():
        rs = [r for r in records if r.phase == phase]
        by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        for r in rs:
            by_kind[r.kind][str(r.status)] += 1
        small_ok = [r for r in rs if r.kind == "small" and r.status == 200]
        large_ok = [r for r in rs if r.kind == "large" and r.status == 200]
        statuses = Counter(str(r.status) for r in rs)
        out[phase] = {
            "seconds": seconds,
            "status_counts": dict(sorted(statuses.items())),
            "by_kind": {k: dict(sorted(v.items())) for k, v in sorted(by_kind.items())},
            "deliberate_503": statuses.get("503", 0),
            "time_budget_504": statuses.get("504", 0),
            "other_5xx_or_errors": sum(n for s, n in statuses.items()
                                       if s not in ("503", "504") and not s.startswith(("2", "4"))),
            "unexpected": sum(1 for r in rs if not r.expected and r.status not in (503, 504)),
            "small_latency_ms": pct([r.seconds for r in small_ok]),
            "small_first_try_to_answer_ms": pct([r.first_to_answer or 0.0 for r in small_ok]),
            "small_server_ms": pct([server_ms[r.request_id] / 1000 for r in small_ok
                                    if r.request_id in server_ms]),
            "large_latency_ms": pct([r.seconds for r in large_ok]),
            "large_server_ms": pct([server_ms[r.request_id] / 1000 for r in large_ok
                                    if r.request_id in server_ms]),
            "small_answers_per_s": round(sum(1 for _ in small_ok) / seconds, 1),
        }
    return out


def check_log(path: Path, n_requests: int) -> tuple[dict[str, Any], dict[str, float]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = []
    for ln in text.splitlines():
        if ln.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                lines.append(json.loads(ln))
    classify = [ln for ln in lines if ln.get("path") == "/v1/classify"]
    return {"json_lines": len(lines), "classify_lines": len(classify),
            "classify_requests_sent": n_requests,
            "one_line_per_request": len(classify) == n_requests,
            "answer_text_in_log": MARKER in text,
            "statuses_logged": dict(sorted(Counter(str(ln.get("status"))
                                                   for ln in classify).items())),
            }, {ln["request_id"]: float(ln["ms"]) for ln in classify if "ms" in ln}


def table(summary: dict[str, Any], memory: dict[str, Any], log: dict[str, Any]) -> str:
    rows = []
    for phase, s in summary.items():
        rows.append(f"\n== {phase} ({s['seconds']:g} s)")
        rows.append(f"{'kind':28s} " + " ".join(f"{c:>7s}" for c in
                                                ("200", "413", "422", "503", "504", "other")))
        for kind, counts in s["by_kind"].items():
            other = sum(n for c, n in counts.items()
                        if c not in ("200", "413", "422", "503", "504"))
            rows.append(f"{kind:28s} " + " ".join(f"{counts.get(c, 0):7d}" for c in
                                                  ("200", "413", "422", "503", "504")) +
                        f" {other:7d}")
        lat, e2e = s["small_latency_ms"], s["small_first_try_to_answer_ms"]
        if lat.get("n"):
            srv = s["small_server_ms"]
            rows.append(f"small latency ms (answered attempt): p50 {lat['p50']}, p95 "
                        f"{lat['p95']}, p99 {lat['p99']}, max {lat['max']} (n={lat['n']})")
            if srv.get("n"):
                rows.append(f"small latency ms, server side (log): p50 {srv['p50']}, p95 "
                            f"{srv['p95']}, p99 {srv['p99']}, max {srv['max']}")
            rows.append(f"small first try -> answer ms (incl. 503 retries): p50 {e2e['p50']}, "
                        f"p95 {e2e['p95']}, p99 {e2e['p99']}")
        if s["large_latency_ms"].get("n"):
            lg = s["large_latency_ms"]
            rows.append(f"large latency ms: p50 {lg['p50']}, p95 {lg['p95']}, p99 {lg['p99']}"
                        f" (n={lg['n']})")
        rows.append(f"5xx: deliberate 503 {s['deliberate_503']}, 504 {s['time_budget_504']}, "
                    f"other 5xx/transport errors {s['other_5xx_or_errors']}; unexpected "
                    f"statuses {s['unexpected']}")
    rows.append(f"\nmemory MB (server + workers): baseline {memory['baseline']['rss_mb']} RSS /"
                f" {memory['baseline']['pss_mb']} PSS; peak {memory['peak'].get('rss_mb')} /"
                f" {memory['peak'].get('pss_mb')}; after 6 s idle {memory['after']['rss_mb']} /"
                f" {memory['after']['pss_mb']}")
    rows.append(f"log: {log['classify_lines']} JSON lines for {log['classify_requests_sent']} "
                f"classify requests; answer text in log: {log['answer_text_in_log']}")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60, help="mixed phase")
    ap.add_argument("--baseline-seconds", type=float, default=None,
                    help="small-only phase (default: half of --seconds)")
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "load_test.json")
    args = ap.parse_args()
    baseline_s = args.seconds / 2 if args.baseline_seconds is None else args.baseline_seconds
    import httpx

    from cxtext.io import read_survey

    texts = [str(t) for t in read_survey(ROOT / "examples" / "nps_survey.csv")
             .responses["text_raw"] if str(t).strip()]
    payloads = make_payloads(texts)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = Path(tempfile.mkstemp(prefix="cxtext-serve-", suffix=".log")[1])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load0 = os.getloadavg()
    with log_path.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "cxtext.serve:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
             "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT,
            env=env)
        records: list[Record] = []
        try:
            t0 = time.perf_counter()
            for _ in range(600):
                try:
                    if httpx.get(url + "/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.25)
            else:
                raise SystemExit("server did not start")
            startup_s = time.perf_counter() - t0
            models = httpx.get(url + "/v1/models", timeout=10).json()
            for p in (payloads["small"][0], payloads["large"][0], payloads["large"][1]):
                httpx.post(url + "/v1/classify", content=p.body,  # type: ignore[arg-type]
                           headers={"content-type": "application/json"}, timeout=120)
            time.sleep(4)  # idle: workers trim (and recycle) as after any batch
            watch = MemoryWatch(server.pid)
            memory: dict[str, Any] = {"baseline": watch.measure()}
            watch.thread.start()
            n_warm = 3
            asyncio.run(run_phase(url + "/v1/classify", "small_only",
                                  [payloads["small"]] * args.clients, baseline_s, records))
            roles = []
            for k in range(args.clients):
                share = k % 10
                roles.append(payloads["small"] if share < 7 else
                             payloads["large"] if share < 9 else payloads["hostile"])
            asyncio.run(run_phase(url + "/v1/classify", "mixed", roles, args.seconds, records))
            watch.stop.set()
            memory["peak"] = watch.peak()
            time.sleep(6)
            memory["after"] = watch.measure()
            workers_after = httpx.get(url + "/v1/models", timeout=10).json().get("workers")
        finally:
            server.terminate()
            server.wait(timeout=60)
    load1 = os.getloadavg()
    log, server_ms = check_log(log_path, len(records) + n_warm)
    summary = summarize(records, {"small_only": baseline_s, "mixed": args.seconds}, server_ms)
    log_path.unlink()
    result = {
        "command": f"python benchmarks/load_test.py --clients {args.clients} --seconds "
                   f"{args.seconds:g} --baseline-seconds {baseline_s:g}",
        "machine": f"{os.cpu_count()} CPU cores shared with other jobs (load average "
                   f"{load0[0]:.2f} before, {load1[0]:.2f} after); client and server on the "
                   "same machine (loopback)",
        "server": "uvicorn --factory cxtext.serve:create_app (default models and limits)",
        "limits": models.get("limits"), "workers": workers_after,
        "startup_s": round(startup_s, 1), "clients": args.clients,
        "mix": "mixed phase: 70% small (1-5 answers), 20% large (~200,000 characters), "
               "10% hostile",
        "phases": summary, "memory_mb": memory, "log": log,
    }
    print(table(summary, memory, log))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
