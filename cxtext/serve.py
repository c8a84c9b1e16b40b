"""``cxtext serve``: the classify API over HTTP (FastAPI + uvicorn, the ``serve`` extra).

Endpoints:

* ``POST /v1/classify`` - ``{"texts": [...], "lang": null|"pl"|"en"}`` ->
  ``{"schema_version": "1.1", "results": [...]}`` (one :class:`cxtext.ClassifyResult` per
  text, in order);
* ``GET /health`` - liveness; ``GET /v1/models`` - schema version, models in use and limits;
* ``GET /openapi.json`` - the OpenAPI schema (``/docs`` for humans).

A service that cannot be tied up:

* **limits** (in the OpenAPI schema and ``/v1/models``): ``max_batch`` texts per request,
  ``max_chars`` characters per text, ``max_total_chars`` characters per request (a 422 says
  the limit and how to split), ``max_body_bytes`` per request body, checked on the
  ``Content-Length`` header and again while the body is read (413, nothing more is read);
* **invalid bodies** (not JSON, not UTF-8, nested deeper than 200 levels, a lone surrogate
  escape such as ``"\\ud800"``, wrong types) get a 422 listing the problems, never a 400/500;
* **bounded work**: texts are classified in ``workers`` worker processes forked from this one
  after the models are loaded (loaded once, shared copy-on-write), in chunks of at most
  ``CHUNK_CHARS`` characters taken round-robin from the requests in progress, so a small
  request waits for at most a chunk of each larger one, not for the whole of it. At most
  ``max_pending`` classify requests and ``max_pending_chars`` characters (default: three
  requests of the largest size) are in progress, running or waiting; one more gets a **503**
  with ``Retry-After`` at once instead of joining an unbounded queue (whatever is let in can
  finish within its time budget: shed early rather than time out late). A request not
  answered within ``timeout`` seconds (queueing included) gets a **504**; the worker running
  its chunk is stopped and replaced, so it cannot hold a core. A client that disconnects
  stops its request at the next chunk;
* **memory**: a worker whose memory grew by more than ``recycle_mb`` MB (caches, spaCy
  strings of new words) is replaced by a fresh fork after its chunk; a worker idle for 2 s
  hands freed heap back to the system and, grown by more than 64 MB, is replaced too - so
  memory returns to the post-start baseline after large batches;
* **errors** never carry a stack trace: an unexpected error (or a worker that died) is a 500
  with a request id, and the trace goes to the server log;
* **request logs**: one JSON line per request on the ``cxtext.serve`` logger (request id,
  method, path, status, texts, characters, body bytes, milliseconds) and never any answer
  text (it may hold personal data). When the application has not configured logging, the
  lines go to stderr (so they appear under ``uvicorn`` and ``cxtext serve``).

Where ``fork`` is not available (or with ``workers=0``) texts are classified in a thread pool
of this process instead: same limits, queue and timeouts, but a chunk cannot be stopped and
memory is not recycled.
"""

import asyncio
import contextlib
import gc
import json
import logging
import math
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from cxtext._version import __version__
from cxtext.errors import ConfigError, CxTextError
from cxtext.pipeline import Classifier

__all__ = ["create_app", "MAX_BATCH", "MAX_CHARS", "MAX_TOTAL_CHARS", "TIMEOUT_S",
           "MAX_PENDING", "RECYCLE_MB", "CHUNK_CHARS", "default_workers", "body_limit",
           "log_json_lines"]

logger = logging.getLogger("cxtext.serve")

MAX_BATCH = 1000
MAX_CHARS = 5000
# 200,000 characters: 1,000 answers of 200 characters, or 40 of the longest; about 1 s of one
# worker on a laptop core and a ~6 MB response
MAX_TOTAL_CHARS = 200_000
TIMEOUT_S = 30.0
MAX_PENDING = 32
# characters in progress at most, by default: three requests of the largest size (about 5 s
# of work for two workers), so what is let in finishes well within the time budget
PENDING_REQUESTS_OF_MAX = 3
RECYCLE_MB = 300
# a chunk: at most this many characters or texts (one worker call of ~10-60 ms)
CHUNK_CHARS = 10_000
CHUNK_TEXTS = 100
RETRY_AFTER_S = 1
# a worker idle for IDLE_S seconds trims its heap, and is replaced by a fresh fork when it has
# grown by more than IDLE_RECYCLE_MB: memory returns to the baseline after large batches
IDLE_S = 2.0
IDLE_RECYCLE_MB = 64
# an oversized body up to DRAIN_FACTOR x the limit is read (and dropped) for at most DRAIN_S
# seconds before the 413, so that clients still sending it get the answer, not a reset
DRAIN_FACTOR = 8
DRAIN_S = 2.0

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# --------------------------------------------------------------------------- errors


class ServiceError(CxTextError, RuntimeError):
    """A classify request the service could not complete (answered with ``status``)."""

    status = 500


class BusyError(ServiceError):
    """Too many requests in progress (503 with ``Retry-After``)."""

    status = 503


class BudgetExceededError(ServiceError, TimeoutError):
    """A request took longer than its time budget (504)."""

    status = 504


class WorkerFailedError(ServiceError):
    """The classifier raised or its worker process died (500, trace in the server log)."""

    def __init__(self, message: str, *, error: str = "", trace: str = "") -> None:
        super().__init__(message)
        self.error = error
        self.trace = trace


def default_workers() -> int:
    """Worker processes by default: one per CPU core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def body_limit(max_total_chars: int, max_batch: int) -> int:
    """The default body limit: room for the largest valid request even with every character
    written as a JSON escape (``\\ud83d\\ude00`` is 12 bytes for one emoji), plus quotes and
    commas per text and 4 KiB for the rest."""
    return 12 * max_total_chars + 8 * max_batch + 4096


# --------------------------------------------------------------------------- workers


@dataclass
class _Job:
    texts: list[str]
    lang: str | None
    deadline: float  # time.monotonic()
    future: Future[tuple[bytes, str]] = field(default_factory=Future)


def _rss_bytes() -> int:
    """This process's resident memory (Linux /proc; 0 where unknown)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def _private_bytes() -> int | None:
    """Memory of this process that no other process shares (Linux; None where unknown): for a
    worker, what it allocated or copied since it was forked."""
    try:
        with open("/proc/self/smaps_rollup", "rb") as fh:
            fields = dict(line.split(b":", 1) for line in fh.read().splitlines()[1:])
        return sum(int(fields[k].split()[0]) for k in (b"Private_Clean", b"Private_Dirty")
                   ) * 1024
    except (OSError, ValueError, KeyError, IndexError):
        return None


def _grown(start_rss: int, check_over: int | None = None) -> int:
    """Bytes a worker grew since its fork: its private memory, or its resident memory over
    the start where that is unknown. With ``check_over``, the cheap resident-memory growth
    is returned when it is not over that (the private memory is at most that)."""
    rss = _rss_bytes() - start_rss if start_rss else 0
    if check_over is not None and rss <= check_over:
        return rss
    private = _private_bytes()
    return rss if private is None else private


def _trim_memory() -> None:
    """Collect garbage and hand freed heap memory back to the system (glibc)."""
    gc.collect()
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _classify_chunk(clf: Classifier, texts: list[str], lang: str | None) -> tuple[bytes, str]:
    """Classify and encode: the JSON array of results (bytes) and the schema version."""
    results = clf(texts, lang=lang)
    schema = str(results[0]["schema_version"]) if results else ""
    return json.dumps(results, ensure_ascii=False).encode("utf-8"), schema


def _safe_trace(exc: BaseException) -> str:
    """The stack of ``exc`` without its message (messages may quote answer text)."""
    return f"{type(exc).__name__} at\n" + "".join(traceback.format_tb(exc.__traceback__))


def _worker_main(clf: Classifier, conn: Any, recycle_bytes: int) -> None:
    """Worker process loop. Messages: ``("classify", texts, lang)`` -> ``("ok", json, schema,
    grown)`` or ``("error", name, trace, grown)``; ``("idle",)`` -> trim memory, ``("idle",
    grown)``; ``None`` -> exit. ``grown``: bytes allocated or copied since the fork (see
    :func:`_grown`), checked precisely only when over ``recycle_bytes`` after a chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    start = _rss_bytes()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if msg is None:
            return
        if msg[0] == "idle":
            _trim_memory()
            reply: tuple[Any, ...] = ("idle",)
            grown = _grown(start)
        else:
            _, texts, lang = msg
            try:
                reply = ("ok", *_classify_chunk(clf, texts, lang))
            except Exception as exc:  # noqa: BLE001 - reported to the parent: a 500
                reply = ("error", type(exc).__name__, _safe_trace(exc))
            grown = _grown(start, recycle_bytes)
        try:
            conn.send((*reply, grown))
        except (OSError, ValueError):
            return


class _ProcessPool:
    """``n`` worker processes, each driven by one thread of this process that takes jobs from
    one FIFO queue, so chunks of all requests are served in arrival order."""

    def __init__(self, clf: Classifier, n: int, recycle_mb: float) -> None:
        self.clf = clf
        self.n = n
        self.recycle_bytes = int(recycle_mb * 2**20)
        self.idle_recycle_bytes = int(min(recycle_mb, IDLE_RECYCLE_MB) * 2**20)
        self.ctx = mp.get_context("fork")
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.procs: dict[int, Any] = {}
        self.recycled = 0
        self.killed = 0
        self.lock = threading.Lock()

    def start(self) -> None:
        with self.lock:
            if self.threads:
                return
            for i in range(self.n):
                t = threading.Thread(target=self._drive, args=(i,), daemon=True,
                                     name=f"cxtext-serve-worker-{i}")
                self.threads.append(t)
                t.start()

    def submit(self, job: _Job) -> None:
        self.start()
        self.jobs.put(job)

    def pids(self) -> list[int]:
        return [p.pid for p in list(self.procs.values()) if p is not None and p.pid]

    def _spawn(self, i: int) -> tuple[Any, Any]:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(self.clf, child, self.recycle_bytes),
                                daemon=True, name=f"cxtext-serve-{i}")
        proc.start()
        child.close()
        self.procs[i] = proc
        return proc, parent

    def _stop(self, i: int, proc: Any, conn: Any, *, kill: bool) -> None:
        with contextlib.suppress(Exception):
            if kill:
                proc.kill()
            else:
                conn.send(None)
            conn.close()
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=10)
        self.procs.pop(i, None)

    def _idle(self, i: int, proc: Any, conn: Any) -> tuple[Any, Any]:
        """No job for IDLE_S: the worker and this process trim their heaps; a worker grown by
        more than IDLE_RECYCLE_MB (caches of the words seen, pages copied from this process)
        is replaced by a fresh fork, at the baseline."""
        try:
            conn.send(("idle",))
            if not conn.poll(30):
                raise TimeoutError
            _, grown = conn.recv()
        except (EOFError, OSError, TimeoutError):
            self._stop(i, proc, conn, kill=True)
            return self._spawn(i)
        _trim_memory()  # this process too: request and response buffers are freed now
        if grown > self.idle_recycle_bytes:
            self._stop(i, proc, conn, kill=False)
            self.recycled += 1
            return self._spawn(i)
        return proc, conn

    def _drive(self, i: int) -> None:
        proc, conn = self._spawn(i)
        idle_done = True
        while True:
            try:
                job = self.jobs.get(timeout=None if idle_done else IDLE_S)
            except queue.Empty:
                idle_done = True
                if proc is not None and proc.is_alive():
                    proc, conn = self._idle(i, proc, conn)
                continue
            if job is None:
                if proc is not None:
                    self._stop(i, proc, conn, kill=True)
                return
            if not job.future.set_running_or_notify_cancel():
                continue
            left = job.deadline - time.monotonic()
            if left <= 0:
                job.future.set_exception(BudgetExceededError("time budget spent in the queue"))
                continue
            idle_done = False
            if proc is None or not proc.is_alive():
                if proc is not None:
                    self._stop(i, proc, conn, kill=True)
                proc, conn = self._spawn(i)
            try:
                conn.send(("classify", job.texts, job.lang))
                reply = conn.recv() if conn.poll(left) else None
            except (EOFError, OSError) as exc:
                proc.join(timeout=1)
                code = proc.exitcode
                job.future.set_exception(WorkerFailedError(
                    f"worker process died (exit code {code})", error="WorkerDied",
                    trace=f"worker process exited with code {code} while classifying "
                          f"({type(exc).__name__} on its pipe)"))
                self._stop(i, proc, conn, kill=True)
                proc = conn = None
                continue
            if reply is None:  # over the budget: stop the chunk where it is
                self._stop(i, proc, conn, kill=True)
                self.killed += 1
                proc = conn = None
                job.future.set_exception(BudgetExceededError("time budget spent classifying"))
                continue
            *answer, grown = reply
            if answer[0] == "ok":
                job.future.set_result((answer[1], answer[2]))
            else:
                job.future.set_exception(WorkerFailedError(
                    "the classifier raised", error=answer[1], trace=answer[2]))
            if grown > self.recycle_bytes:  # over the limit: a fresh fork, at the baseline
                self._stop(i, proc, conn, kill=False)
                self.recycled += 1
                proc, conn = self._spawn(i)

    def close(self) -> None:
        """Stop the workers (after their current chunk); :meth:`start` starts new ones."""
        with self.lock:
            for _ in self.threads:
                self.jobs.put(None)
            threads, self.threads = self.threads, []
        for t in threads:
            t.join(timeout=15)


class _ThreadPool:
    """Fallback where ``fork`` is unavailable (or ``workers=0``): classify in threads."""

    def __init__(self, clf: Classifier, n: int) -> None:
        self.clf = clf
        self.n = max(1, n)
        self.executor: ThreadPoolExecutor | None = None
        self.recycled = 0
        self.killed = 0
        self.lock = threading.Lock()

    def start(self) -> None:
        with self.lock:
            if self.executor is None:
                self.executor = ThreadPoolExecutor(self.n, thread_name_prefix="cxtext-serve")

    def submit(self, job: _Job) -> None:
        self.start()
        assert self.executor is not None
        self.executor.submit(self._run, job)

    def pids(self) -> list[int]:
        return []

    def _run(self, job: _Job) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        if job.deadline <= time.monotonic():
            job.future.set_exception(BudgetExceededError("time budget spent in the queue"))
            return
        try:
            job.future.set_result(_classify_chunk(self.clf, job.texts, job.lang))
        except Exception as exc:  # noqa: BLE001 - answered 500, trace logged
            job.future.set_exception(WorkerFailedError(
                "the classifier raised", error=type(exc).__name__, trace=_safe_trace(exc)))

    def close(self) -> None:
        with self.lock:
            ex, self.executor = self.executor, None
        if ex is not None:
            ex.shutdown(wait=False, cancel_futures=True)


class _Service:
    """Admission (at most ``max_pending`` requests), chunking and the worker pool."""

    def __init__(self, clf: Classifier, *, workers: int, max_pending: int,
                 max_pending_chars: int, timeout: float, recycle_mb: float) -> None:
        self.clf = clf
        self.workers = workers
        self.max_pending = max_pending
        self.max_pending_chars = max_pending_chars
        self.pending_chars = 0
        self.timeout = timeout
        use_processes = workers > 0 and "fork" in mp.get_all_start_methods()
        self.pool: _ProcessPool | _ThreadPool = (
            _ProcessPool(clf, workers, recycle_mb) if use_processes
            else _ThreadPool(clf, workers or default_workers()))
        self.mode = "processes" if use_processes else "threads"
        self.grace = 5.0 if use_processes else 0.0
        self.start_lock = threading.Lock()
        self.pending = 0
        self.lock = threading.Lock()
        self.started = False

    def start(self) -> None:
        """Warm the models up here (so forks inherit warm pipelines), then start workers.
        Callers wait until both are done: nothing may classify here while workers fork."""
        with self.start_lock:
            if self.started:
                return
            with contextlib.suppress(Exception):  # a broken classifier fails per request
                self.clf(["Dobry produkt, szybka dostawa.", "Good product, fast delivery."])
            if self.mode == "processes":
                # what is loaded now is never collected: the collector then does not touch
                # (and copy) the pages the workers share with this process
                gc.collect()
                gc.freeze()
            self.pool.start()
            self.started = True

    def close(self) -> None:
        with self.start_lock:
            self.pool.close()
            self.started = False

    @contextlib.contextmanager
    def admitted(self, chars: int) -> Iterator[None]:
        """Count a request of ``chars`` characters in progress, or raise :class:`BusyError`
        when ``max_pending`` requests or ``max_pending_chars`` characters already are (one
        request is always let in, whatever its size)."""
        with self.lock:
            if self.pending >= self.max_pending or (
                    self.pending and self.pending_chars + chars > self.max_pending_chars):
                raise BusyError(f"busy: {self.pending} requests of {self.pending_chars:,} "
                                f"characters in progress (at most {self.max_pending} and "
                                f"{self.max_pending_chars:,}); retry after {RETRY_AFTER_S} s")
            self.pending += 1
            self.pending_chars += chars
        try:
            yield
        finally:
            with self.lock:
                self.pending -= 1
                self.pending_chars -= chars

    async def classify(self, texts: list[str], lang: str | None, deadline: float,
                       disconnected: Callable[[], Awaitable[bool]]) -> tuple[list[bytes], str]:
        """Classify ``texts`` chunk by chunk (one chunk in the pool at a time per request)."""
        if not self.started:
            await asyncio.to_thread(self.start)
        parts: list[bytes] = []
        schema = ""
        for lo, hi in chunk_ranges(texts):
            if parts and await disconnected():
                raise _Disconnected
            job = _Job(texts[lo:hi], lang, deadline)
            self.pool.submit(job)
            left = deadline - time.monotonic()
            try:
                # a process pool enforces the deadline (the grace covers a stuck pool); a
                # thread cannot be stopped, the request is answered at the deadline
                payload, schema = await asyncio.wait_for(asyncio.wrap_future(job.future),
                                                         max(left, 0) + self.grace)
            except TimeoutError:
                job.future.cancel()
                raise BudgetExceededError("time budget spent") from None
            parts.append(payload)
        return parts, schema


def chunk_ranges(texts: list[str], max_chars: int = CHUNK_CHARS,
                 max_texts: int = CHUNK_TEXTS) -> list[tuple[int, int]]:
    """Consecutive index ranges of at most ``max_texts`` texts and ``max_chars`` characters
    (a longer text is a chunk of its own)."""
    out: list[tuple[int, int]] = []
    lo, chars = 0, 0
    for i, t in enumerate(texts):
        if i > lo and (chars + len(t) > max_chars or i - lo >= max_texts):
            out.append((lo, i))
            lo, chars = i, 0
        chars += len(t)
    if lo < len(texts):
        out.append((lo, len(texts)))
    return out


def _results_body(parts: list[bytes], schema: str) -> bytes:
    """``{"schema_version": ..., "results": [...]}`` from the chunks' JSON arrays."""
    inner = b",".join(p[1:-1] for p in parts if len(p) > 2)
    return (b'{"schema_version":' + json.dumps(schema).encode() + b',"results":[' + inner
            + b"]}")


# --------------------------------------------------------------------------- ASGI middleware


class _BodyTooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def _json_bytes(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


class _Guard:
    """Pure ASGI middleware: request id, body-size limit while reading, a last-resort 500
    without a trace, and one JSON log line per request."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def _answer(self, send: Send, status: int, body: dict[str, Any], rid: str,
                      close: bool = False) -> None:
        headers = [(b"content-type", b"application/json"), (b"x-request-id", rid.encode())]
        if close:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": _json_bytes(body)})

    async def _drain(self, receive: Receive, info: dict[str, Any]) -> None:
        """Read and drop the rest of an oversized body (at most DRAIN_FACTOR x the limit, for
        at most DRAIN_S seconds) before the 413, so the client, still sending, reads the
        answer instead of a connection reset. Nothing is kept or parsed."""
        cap = DRAIN_FACTOR * self.max_body_bytes
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(DRAIN_S):
                while not info.get("body_done") and info["bytes_in"] <= cap:
                    msg = await receive()
                    if msg["type"] != "http.request":
                        return
                    info["bytes_in"] += len(msg.get("body", b""))
                    info["body_done"] = not msg.get("more_body", False)

    def _too_large(self, size: str) -> dict[str, Any]:
        return {"error": f"request body too large: {size}; at most {self.max_body_bytes:,} "
                         f"bytes per request - split the texts over several requests",
                "expected": {"max_body_bytes": self.max_body_bytes}}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = uuid.uuid4().hex[:12]
        t0 = time.perf_counter()
        info: dict[str, Any] = {"status": None, "bytes_in": 0}
        scope.setdefault("state", {})
        scope["state"]["rid"] = rid
        scope["state"]["log"] = info
        started = False

        async def counting_receive() -> Message:
            msg = await receive()
            if msg["type"] == "http.request":
                info["bytes_in"] += len(msg.get("body", b""))
                info["body_done"] = not msg.get("more_body", False)
                if info["bytes_in"] > self.max_body_bytes:
                    raise _BodyTooLarge
            return msg

        async def tagging_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
                info["status"] = msg["status"]
                msg = {**msg, "headers": [*msg.get("headers", []),
                                          (b"x-request-id", rid.encode())]}
            await send(msg)

        try:
            length = dict(scope.get("headers", [])).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
                info["status"] = 413
                if int(length) <= DRAIN_FACTOR * self.max_body_bytes:
                    await self._drain(receive, info)
                await self._answer(send, 413, self._too_large(f"{int(length):,} bytes"), rid,
                                   close=True)
                return
            await self.app(scope, counting_receive, tagging_send)
        except _BodyTooLarge:
            info["status"] = 413
            if not started:
                await self._drain(receive, info)
                await self._answer(send, 413, self._too_large(
                    f"more than {self.max_body_bytes:,} bytes"), rid, close=True)
        except Exception as exc:  # noqa: BLE001 - logged with its stack, answered without it
            info["status"] = 500
            info["error"] = type(exc).__name__
            info["trace"] = _safe_trace(exc)
            if not started:
                await self._answer(send, 500, {"error": "internal error", "request_id": rid},
                                   rid)
        finally:
            line = {"request_id": rid, "method": scope.get("method"), "path": scope.get("path"),
                    "status": info["status"], "texts": info.get("texts"),
                    "chars": info.get("chars"), "bytes_in": info["bytes_in"],
                    "ms": round(1000 * (time.perf_counter() - t0), 1)}
            for key in ("error", "trace"):
                if key in info:
                    line[key] = info[key]
            level = logging.ERROR if (info["status"] or 500) >= 500 and "trace" in info \
                else logging.INFO
            logger.log(level, json.dumps(line, ensure_ascii=False))


def log_json_lines(stream: Any = None) -> None:
    """Send the request log to ``stream`` (default stderr) as bare JSON lines, one per
    request, and not to the root logger's handlers (whose format would prefix them)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _ensure_log_output() -> None:
    """Make the INFO request lines visible: the logger's own level is INFO unless set, and
    when nothing is configured to print them (uvicorn configures only its own loggers) they
    go to stderr as bare JSON lines. A root handler (``logging.basicConfig``) prints them in
    its own format."""
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)


# --------------------------------------------------------------------------- app


_JSON_HINTS = {
    "hex escape": "a \\ud800-\\udfff escape must be half of a surrogate pair (a lone "
                  "surrogate is not a character): fix the text's encoding",
    "unicode code point": "the body must be UTF-8",
    "recursion limit": "the body nests arrays/objects more than 200 levels deep",
}


def _invalid_json(msg: str) -> str:
    hints = [h for k, h in _JSON_HINTS.items() if k in msg]
    return msg + (f" ({hints[0]})" if hints else "")


def create_app(classifier: Classifier | None = None, *, max_batch: int = MAX_BATCH,
               max_chars: int = MAX_CHARS, max_total_chars: int = MAX_TOTAL_CHARS,
               max_body_bytes: int | None = None, workers: int | None = None,
               max_pending: int = MAX_PENDING, max_pending_chars: int | None = None,
               timeout: float = TIMEOUT_S,
               recycle_mb: float = RECYCLE_MB) -> Any:
    """A FastAPI app serving ``classifier`` (when None: the ``fast`` profile's models, as
    ``cxtext serve`` - a service under load; pass ``Classifier()`` for the accurate one).

    ``max_batch`` texts per request, ``max_chars`` characters per text and
    ``max_total_chars`` per request (422 over them); ``max_body_bytes`` per body (413; default
    :func:`body_limit`, room for any valid request); ``workers`` worker processes (default
    :func:`default_workers`; 0: threads of this process); ``max_pending`` requests or
    ``max_pending_chars`` characters (default 3 x ``max_total_chars``) in progress before a
    503; ``timeout`` seconds per request before a 504; ``recycle_mb`` of
    growth before a worker is replaced by a fresh fork.
    """
    try:
        from fastapi import FastAPI, Request
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import JSONResponse, Response
        from pydantic import BaseModel, Field, ValidationError
        from starlette.exceptions import HTTPException as StarletteHTTPException
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("cxtext serve needs FastAPI and uvicorn: pip install "
                          "'cxtext[serve]'") from None
    n_workers = default_workers() if workers is None else workers
    options = {"max_batch": max_batch, "max_chars": max_chars,
               "max_total_chars": max_total_chars, "max_pending": max_pending,
               "max_pending_chars": (PENDING_REQUESTS_OF_MAX * max_total_chars
                                     if max_pending_chars is None else max_pending_chars),
               "workers": n_workers}
    for name, value in options.items():
        if not isinstance(value, int) or value < (0 if name == "workers" else 1):
            raise ConfigError(f"serve option {name}={value!r} is invalid; it must be a whole "
                              f"number of at least {0 if name == 'workers' else 1}")
    if not timeout > 0 or not recycle_mb > 0:
        raise ConfigError(f"serve options timeout={timeout!r} and recycle_mb={recycle_mb!r} "
                          "must be positive numbers")
    body_max = body_limit(max_total_chars, max_batch) if max_body_bytes is None \
        else max_body_bytes
    if body_max < 16:
        raise ConfigError(f"serve option max_body_bytes={body_max!r} is too small; allow at "
                          "least 16 bytes (the default fits any valid request)")
    pending_chars = options["max_pending_chars"]
    limits: dict[str, Any] = {"max_batch": max_batch, "max_chars": max_chars,
                              "max_total_chars": max_total_chars, "max_body_bytes": body_max,
                              "timeout_s": timeout, "max_pending": max_pending,
                              "max_pending_chars": pending_chars}
    _ensure_log_output()
    clf = classifier or Classifier(profile="fast")
    service = _Service(clf, workers=n_workers,
                       max_pending=max_pending, max_pending_chars=pending_chars,
                       timeout=timeout, recycle_mb=recycle_mb)

    class ClassifyRequest(BaseModel):
        # the maxima are in the schema and checked by the handler, whose 422 message names
        # the limit and the offending indexes
        texts: list[str] = Field(
            ..., min_length=1,
            description=f"1 to {max_batch} answers, each at most {max_chars} characters and "
                        f"{max_total_chars} characters in all (split larger batches).",
            json_schema_extra={"maxItems": max_batch,
                               "items": {"type": "string", "maxLength": max_chars},
                               "x-max-total-chars": max_total_chars})
        lang: str | None = Field(None, description="Force the language: pl or en (default: "
                                 "detected per answer).", pattern="^(pl|en)$")

    class ClassifyResponse(BaseModel):
        schema_version: str
        results: list[dict[str, Any]]

    class ErrorResponse(BaseModel):
        error: str
        problems: list[dict[str, Any]] | None = None
        expected: dict[str, Any] | None = None
        request_id: str | None = None

    @contextlib.asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        await asyncio.to_thread(service.start)
        try:
            yield
        finally:
            await asyncio.to_thread(service.close)

    app = FastAPI(title="cxtext", version=__version__, lifespan=lifespan,
                  description="Sentiment, topics and aspect sentiment of Polish and English "
                              "customer feedback. Limits: " + ", ".join(
                                  f"{k}={v}" for k, v in limits.items()) + ".")
    app.state.service = service
    app.add_middleware(_Guard, max_body_bytes=body_max)

    def error(status: int, message: str, request: Request, headers: dict[str, str] | None = None,
              **extra: Any) -> JSONResponse:
        return JSONResponse({"error": message, **extra,
                             "request_id": request.scope["state"].get("rid")},
                            status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]),
                     "problem": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "problems": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {**clf.info(), "limits": limits,
                "workers": {"mode": service.mode, "count": service.workers,
                            "recycled": service.pool.recycled,
                            "stopped_over_time_budget": service.pool.killed}}

    expected = {"texts": f"list of 1-{max_batch} strings, each at most {max_chars} "
                         f"characters, {max_total_chars} characters in all",
                "lang": "null, 'pl' or 'en'"}
    request_schema = ClassifyRequest.model_json_schema()

    @app.post("/v1/classify", response_model=None,
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": request_schema}}}},
              responses={200: {"model": ClassifyResponse, "description": "one result per "
                               "text, in order"},
                         408: {"model": ErrorResponse, "description": "the body did not "
                               f"arrive within {timeout:g} s"},
                         413: {"model": ErrorResponse, "description": "body over "
                               f"max_body_bytes ({body_max:,} bytes)"},
                         422: {"model": ErrorResponse, "description": "invalid body (not "
                               "JSON, not UTF-8, nested too deep, a lone surrogate, wrong "
                               "types) or over a limit: too many texts, a text too long, too "
                               "many characters in all"},
                         500: {"model": ErrorResponse, "description": "internal error (the "
                               "request id is in the server log)"},
                         503: {"model": ErrorResponse, "description": f"busy: {max_pending} "
                               f"requests or {pending_chars:,} characters already in "
                               "progress; retry after the Retry-After header's seconds"},
                         504: {"model": ErrorResponse, "description": "not answered within "
                               f"the time budget of {timeout:g} s (queueing included); retry "
                               "later or send fewer characters per request"}})
    async def classify(request: Request) -> Response:
        log = request.scope["state"]["log"]
        t0 = time.monotonic()
        deadline = t0 + timeout
        content_type = request.headers.get("content-type", "application/json").lower()
        try:
            async with asyncio.timeout(timeout):
                raw = await request.body()
        except TimeoutError:
            return error(408, f"request body not received within {timeout:g} s", request)
        if not raw.strip():
            return error(422, "empty request body; send JSON like {\"texts\": [\"...\"]}",
                         request, expected=expected)
        try:
            body = (ClassifyRequest.model_validate_json(raw) if len(raw) < 65536
                    else await asyncio.to_thread(ClassifyRequest.model_validate_json, raw))
        except ValidationError as exc:
            problems = [{"field": ".".join(str(p) for p in e.get("loc", ())),
                         "problem": _invalid_json(e.get("msg", ""))
                         if e.get("type") == "json_invalid" else e.get("msg", "")}
                        for e in exc.errors(include_url=False)]
            if "json" not in content_type:  # read as JSON anyway (curl -d)
                problems.append({"field": "", "problem": "the body must be JSON "
                                 "(Content-Type: application/json), got "
                                 f"Content-Type {content_type!r}"})
            return error(422, "invalid request", request, problems=problems,
                         expected=expected)
        texts = body.texts
        n_chars = sum(map(len, texts))
        log["texts"], log["chars"] = len(texts), n_chars
        if len(texts) > max_batch:
            return error(422, f"too many texts: {len(texts)}; at most {max_batch} per "
                         "request - split the batch", request, expected=expected)
        long = [i for i, t in enumerate(texts) if len(t) > max_chars]
        if long:
            return error(422, f"text(s) longer than {max_chars} characters at index "
                         f"{long[:10]}; shorten or split them", request, expected=expected)
        if n_chars > max_total_chars:
            parts = math.ceil(n_chars / max_total_chars)
            return error(422, f"too many characters: {n_chars:,} in all; at most "
                         f"{max_total_chars:,} per request - split the batch into "
                         f"{parts} or more requests", request, expected=expected)
        try:
            with service.admitted(n_chars):
                parts_json, schema = await service.classify(
                    texts, body.lang, deadline, request.is_disconnected)
        except BusyError as exc:
            return error(503, str(exc), request, headers={"Retry-After": str(RETRY_AFTER_S)})
        except BudgetExceededError as exc:
            return error(504, f"not answered within the time budget of {timeout:g} s "
                         f"({exc}; {log.get('texts')} texts, {log.get('chars')} characters); "
                         "retry later or send fewer characters per request", request)
        except WorkerFailedError as exc:
            log["error"], log["trace"] = exc.error, exc.trace
            return error(500, "internal error", request)
        except _Disconnected:
            return Response(status_code=499)  # nobody to answer; 499 in the log, as nginx
        return Response(_results_body(parts_json, schema), media_type="application/json")

    return app
