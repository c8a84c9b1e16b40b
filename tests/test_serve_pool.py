"""The service cannot be tied up: bounded queue (503 + Retry-After), per-request time budget
(504, the stuck worker is replaced), crashed workers, memory recycling, and small requests
served between the chunks of a large one. Process workers (fork) and the thread fallback."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from typing import Any

import pytest

pytest.importorskip("fastapi")
import httpx  # noqa: E402

import cxtext  # noqa: E402
from cxtext.serve import create_app  # noqa: E402

_HOG: list[bytearray] = []


class Scripted(cxtext.Classifier):
    """A classifier without models whose answers script the worker: ``sleep:<s>`` sleeps,
    ``crash`` kills the worker process, ``grow:<MB>`` keeps that much memory."""

    def __call__(self, texts: Any, **kw: Any) -> Any:
        for t in texts:
            if t.startswith("sleep:"):
                time.sleep(float(t[6:].split()[0]))
            elif t == "crash":
                os._exit(3)
            elif t.startswith("grow:"):
                _HOG.append(bytearray(int(t[5:]) << 20))
                _HOG[-1][::4096] = b"x" * len(_HOG[-1][::4096])  # touch: make it resident
        return super().__call__(texts, **kw)


def scripted() -> Scripted:
    return Scripted(sentiment=None, topics=None)


async def post(http: httpx.AsyncClient, texts: list[str]) -> tuple[httpx.Response, float]:
    t0 = time.perf_counter()
    res = await http.post("/v1/classify", json={"texts": texts})
    return res, time.perf_counter() - t0


def run(app: Any, *calls: tuple[float, list[str]]) -> list[tuple[httpx.Response, float]]:
    """Send requests concurrently, each after its delay; (response, seconds) per request."""
    async def go() -> list[tuple[httpx.Response, float]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t",
                                     timeout=60) as http:
            async def one(delay: float, texts: list[str]) -> tuple[httpx.Response, float]:
                await asyncio.sleep(delay)
                return await post(http, texts)
            return await asyncio.gather(*(one(d, t) for d, t in calls))
    return asyncio.run(go())


@pytest.fixture(params=[1, 0], ids=["processes", "threads"])
def workers(request: pytest.FixtureRequest) -> int:
    return int(request.param)


def test_saturation_is_503_with_retry_after(workers: int) -> None:
    app = create_app(scripted(), workers=workers, max_pending=2)
    (a, _), (b, _), (c, tc) = run(app, (0, ["sleep:1"]), (0, ["sleep:1"]), (0.3, ["ok"]))
    assert a.status_code == b.status_code == 200
    assert c.status_code == 503 and c.headers["retry-after"] == "1"
    assert "at most 2" in c.json()["error"] and tc < 0.5  # answered at once, not queued
    (d, _), = run(app, (0, ["ok"]))  # capacity is back
    assert d.status_code == 200
    app.state.service.close()


def test_admission_counts_characters() -> None:
    """At most max_pending_chars characters in progress: a request that would pass it waits
    for none (503 at once); a small one still fits; one request alone always gets in."""
    app = create_app(scripted(), workers=1, max_total_chars=1000, max_pending_chars=100)
    (a, _), (b, tb), (c, _) = run(app, (0, ["sleep:1 " + "x" * 80]), (0.3, ["y" * 30]),
                                  (0.3, ["ok"]))
    assert a.status_code == 200 and c.status_code == 200
    assert b.status_code == 503 and tb < 0.5 and "88 characters in progress" in b.text
    assert b.headers["retry-after"] == "1"
    (alone, _), = run(app, (0, ["z" * 900]))  # over the cap, but nothing else in progress
    assert alone.status_code == 200
    app.state.service.close()


def test_time_budget_is_504_and_frees_the_worker() -> None:
    app = create_app(scripted(), workers=1, timeout=1.0)
    (slow, t_slow), (after, t_after) = run(app, (0, ["sleep:30"]), (1.5, ["ok"]))
    assert slow.status_code == 504 and t_slow < 3
    assert "time budget of 1 s" in slow.json()["error"] and slow.json()["request_id"]
    # the single worker was stopped and replaced: the next request does not wait 30 s
    assert after.status_code == 200 and t_after < 3
    assert app.state.service.pool.killed == 1
    from fastapi.testclient import TestClient

    workers = TestClient(app).get("/v1/models").json()["workers"]
    assert workers == {"mode": "processes", "count": 1, "recycled": 0,
                       "stopped_over_time_budget": 1}
    app.state.service.close()


def test_time_budget_in_threads_answers_at_the_deadline() -> None:
    app = create_app(scripted(), workers=0, timeout=0.5)
    (slow, t_slow), = run(app, (0, ["sleep:2"]))
    assert slow.status_code == 504 and t_slow < 1.5
    app.state.service.close()


def test_dead_worker_is_500_and_replaced(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(scripted(), workers=1)
    with caplog.at_level(logging.INFO, logger="cxtext.serve"):
        (dead, _), = run(app, (0, ["crash"]))
    assert dead.status_code == 500 and dead.json() == {
        "error": "internal error", "request_id": dead.headers["x-request-id"]}
    line, = (json.loads(r.getMessage()) for r in caplog.records
             if dead.headers["x-request-id"] in r.getMessage())
    assert line["status"] == 500 and "exited with code 3" in line["trace"]
    (ok, _), = run(app, (0, ["ok"]))
    assert ok.status_code == 200 and ok.json()["results"][0]["text"] == "ok"
    app.state.service.close()


def test_worker_over_memory_limit_is_recycled() -> None:
    app = create_app(scripted(), workers=1, recycle_mb=40)
    pool = app.state.service.pool
    (first, _), = run(app, (0, ["ok"]))
    before = pool.pids()
    (grown, _), = run(app, (0, ["grow:80"]))
    (again, _), = run(app, (0, ["ok"]))
    assert first.status_code == grown.status_code == again.status_code == 200
    assert pool.recycled == 1 and pool.pids() != before and len(pool.pids()) == 1
    app.state.service.close()


def test_idle_worker_that_grew_returns_to_the_baseline() -> None:
    app = create_app(scripted(), workers=1)  # recycle_mb 300: 80 MB is kept while busy
    pool = app.state.service.pool
    (grown, _), = run(app, (0, ["grow:80"]))
    before = pool.pids()
    assert grown.status_code == 200 and pool.recycled == 0
    for _ in range(50):  # idle for 2 s: trimmed, and replaced as it grew by over 64 MB
        if pool.recycled:
            break
        time.sleep(0.1)
    assert pool.recycled == 1 and pool.pids() != before
    (ok, _), = run(app, (0, ["ok"]))
    assert ok.status_code == 200 and pool.recycled == 1  # a fresh worker stays
    app.state.service.close()


def test_small_request_is_served_between_chunks_of_a_large_one(workers: int) -> None:
    # 8 texts of ~10,000 characters: 8 chunks of 0.25 s on one worker
    big = [f"sleep:0.25 {'x' * 9980}"] * 8
    app = create_app(scripted(), workers=workers, max_chars=10_000,
                     max_total_chars=100_000)
    (large, t_large), (small, t_small) = run(app, (0, big), (0.3, ["ok"]))
    assert large.status_code == small.status_code == 200
    assert len(large.json()["results"]) == 8
    assert t_large > 1.9
    assert t_small < 1.0  # waited for one chunk, not for the whole large request
    app.state.service.close()


def test_chunked_results_equal_the_library(examples_dir: Any) -> None:
    from cxtext.io import read_survey

    texts = [str(t) for t in read_survey(examples_dir / "nps_survey.csv").responses["text_raw"]]
    texts = texts[:250]  # three chunks of at most 100 texts
    clf = cxtext.Classifier()
    app = create_app(clf, workers=2)
    (res, _), = run(app, (0, texts))
    assert res.status_code == 200
    assert res.json()["results"] == json.loads(json.dumps(clf(texts)))
    app.state.service.close()


_SLOW_SERVER = '''
import sys, time, uvicorn, cxtext
from cxtext.serve import create_app
class Slow(cxtext.Classifier):
    def __call__(self, texts, **kw):
        for t in texts:
            if t.startswith("sleep:"):
                time.sleep(float(t[6:].split()[0]))
        return super().__call__(texts, **kw)
app = create_app(Slow(sentiment=None, topics=None), workers=1, max_chars=10_000)
uvicorn.run(app, port=int(sys.argv[1]), log_level="warning")
'''


@pytest.mark.slow
def test_disconnected_client_stops_its_request(tmp_path: Any) -> None:
    """A client that hangs up stops its request at the next chunk (status 499 in the log):
    the 10 chunks of 0.5 s it asked for do not hold the single worker for 5 s."""
    import socket
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "server.py"
    script.write_text(_SLOW_SERVER)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    log = tmp_path / "server.err"
    with log.open("w") as err:
        server = subprocess.Popen([sys.executable, str(script), str(port)], stderr=err, env=env)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    if httpx.get(url + "/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            body = json.dumps({"texts": ["sleep:0.5 " + "x" * 9980] * 10}).encode()
            with socket.create_connection(("127.0.0.1", port)) as conn:
                conn.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             b"application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
                             + body)
                time.sleep(1.2)
            t0 = time.perf_counter()
            after = httpx.post(url + "/v1/classify", json={"texts": ["ok"]}, timeout=30)
            waited = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert after.status_code == 200 and waited < 1.5
    lines = [json.loads(ln) for ln in log.read_text().splitlines() if ln.startswith("{")]
    hung_up, = (ln for ln in lines if ln.get("texts") == 10)
    assert hung_up["status"] == 499 and hung_up["ms"] < 3000
