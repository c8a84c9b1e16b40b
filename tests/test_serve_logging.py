"""Request logs: one JSON line per request (whatever its status), never any answer text, and
visible on stderr under a real uvicorn started by ``cxtext serve``."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import cxtext  # noqa: E402
from cxtext.serve import create_app  # noqa: E402

SECRET = "Jan Kowalski, PESEL 44051401359, nie polecam"
FIELDS = {"request_id", "method", "path", "status", "texts", "chars", "bytes_in", "ms"}


def test_one_json_line_per_request_without_text(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(cxtext.Classifier(sentiment=None, topics=None), workers=1, max_batch=2,
                     max_body_bytes=500)
    client = TestClient(app)
    calls = [  # (request, expected status)
        (lambda: client.post("/v1/classify", json={"texts": [SECRET]}), 200),
        (lambda: client.post("/v1/classify", json={"texts": [SECRET] * 3}), 422),
        (lambda: client.post("/v1/classify", content=b'{"texts": ["' + SECRET.encode()
                             + b'\\ud800"]}', headers={"content-type": "application/json"}),
         422),
        (lambda: client.post("/v1/classify", json={"texts": [SECRET * 20]}), 413),
        (lambda: client.get("/health"), 200),
        (lambda: client.get("/nowhere"), 404),
    ]
    for call, status in calls:
        with caplog.at_level(logging.INFO, logger="cxtext.serve"):
            caplog.clear()
            res = call()
        assert res.status_code == status
        lines = [r.getMessage() for r in caplog.records if r.name == "cxtext.serve"]
        assert len(lines) == 1, lines
        line = json.loads(lines[0])
        assert set(line) >= FIELDS
        assert line["status"] == status and line["request_id"] == res.headers["x-request-id"]
        assert "Kowalski" not in lines[0] and "44051401359" not in lines[0]
    app.state.service.close()


def test_log_lines_reach_stderr_when_logging_is_not_configured() -> None:
    code = ("import cxtext; from fastapi.testclient import TestClient; "
            "from cxtext.serve import create_app; "
            "c = TestClient(create_app(cxtext.Classifier(sentiment=None, topics=None), "
            "workers=0)); c.get('/health'); c.post('/v1/classify', json={'texts': ['tajne']})")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120, check=True)
    lines = [json.loads(ln) for ln in out.stderr.splitlines() if ln.startswith("{")]
    assert [(ln["path"], ln["status"]) for ln in lines] == [("/health", 200),
                                                            ("/v1/classify", 200)]
    assert "tajne" not in out.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
    return b"".join(chunks)


@pytest.mark.slow
def test_cli_serve_logs_and_limits_under_uvicorn(tmp_path: Path) -> None:
    """``cxtext serve`` (uvicorn): JSON lines on stderr, 422 for malformed UTF-8 and deep
    nesting, 413 for an oversized chunked upload cut off while reading."""
    import httpx

    port = _free_port()
    err = (tmp_path / "server.err").open("w")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    server = subprocess.Popen([sys.executable, "-m", "cxtext.cli", "serve", "--port", str(port),
                               "--sentiment", "none", "--topics", "none"],
                              stdout=subprocess.DEVNULL, stderr=err, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.25)
        else:
            pytest.fail("server did not start")
        ok = httpx.post(url + "/v1/classify", json={"texts": [SECRET]}, timeout=30)
        assert ok.status_code == 200
        bad = httpx.post(url + "/v1/classify", content=b'{"texts": ["\xff"]}', timeout=30)
        deep = httpx.post(url + "/v1/classify", content=b"[" * 10_000, timeout=30)
        assert bad.status_code == deep.status_code == 422
        # chunked upload, no Content-Length, 3 MB: answered 413 once the limit is passed
        head = (b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        piece = b"x" * 65536
        body = b"".join(b"%x\r\n" % len(piece) + piece + b"\r\n" for _ in range(48))
        reply = _raw(port, head + body + b"0\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 413") and b"at most 2,412,096 bytes" in reply
    finally:
        server.terminate()
        server.wait(timeout=30)
        err.close()
    log = (tmp_path / "server.err").read_text()
    # bare JSON, or prefixed by the CLI's basicConfig format ("INFO cxtext.serve: {...}")
    lines = [json.loads(ln[ln.index("{"):]) for ln in log.splitlines()
             if ln.startswith("{") or ln.startswith("INFO cxtext.serve: {")]
    statuses = [ln["status"] for ln in lines if ln["path"] == "/v1/classify"]
    assert statuses == [200, 422, 422, 413]
    assert "Kowalski" not in log and "44051401359" not in log


def test_log_json_lines_prints_bare_lines_once() -> None:
    import io

    from cxtext.serve import log_json_lines, logger

    saved = (logger.handlers[:], logger.level, logger.propagate)
    stream = io.StringIO()
    try:
        log_json_lines(stream)
        client = TestClient(create_app(cxtext.Classifier(sentiment=None, topics=None),
                                       workers=0))
        client.post("/v1/classify", json={"texts": [SECRET]})
    finally:
        logger.handlers[:] = saved[0]
        logger.setLevel(saved[1])
        logger.propagate = saved[2]
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["status"] == 200
    assert "Kowalski" not in lines[0]
