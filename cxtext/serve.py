"""``cxtext serve``: the classify API over HTTP (FastAPI + uvicorn, the ``serve`` extra).

Endpoints:

* ``POST /v1/classify`` - ``{"texts": [...], "lang": null|"pl"|"en"}`` ->
  ``{"schema_version": "1.1", "results": [...]}`` (one :class:`cxtext.ClassifyResult` per
  text, in order);
* ``GET /health`` - liveness; ``GET /v1/models`` - schema version and models in use;
* ``GET /openapi.json`` - the OpenAPI schema (``/docs`` for humans).

Limits (``max_batch`` texts per request, ``max_chars`` per text) are in the OpenAPI schema;
a request over them gets a 422 whose message says what is allowed. Errors never carry a
stack trace: an unexpected error is a 500 with a request id, and the trace goes to the
server log. Request logs are one JSON
line each (request id, path, status, number of texts, total characters, milliseconds) and
never contain answer text (it may hold personal data).
"""


import json
import logging
import time
import uuid
from typing import Any

from cxtext._version import __version__
from cxtext.pipeline import Classifier

__all__ = ["create_app", "MAX_BATCH", "MAX_CHARS"]

logger = logging.getLogger("cxtext.serve")

MAX_BATCH = 1000
MAX_CHARS = 5000


def create_app(classifier: Classifier | None = None, *, max_batch: int = MAX_BATCH,
               max_chars: int = MAX_CHARS) -> Any:
    """A FastAPI app serving ``classifier`` (default models when None)."""
    try:
        from fastapi import FastAPI, Request
        from fastapi.concurrency import run_in_threadpool
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import JSONResponse
        from pydantic import BaseModel, Field
        from starlette.exceptions import HTTPException as StarletteHTTPException
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("cxtext serve needs FastAPI and uvicorn: pip install "
                          "'cxtext[serve]'") from None
    clf = classifier or Classifier()

    class ClassifyRequest(BaseModel):
        # min 1 is validated by pydantic; the maxima are in the schema and checked by the
        # handler, whose 422 message names the limit and the offending indexes
        texts: list[str] = Field(..., min_length=1, description=f"1 to {max_batch} answers, "
                                 f"each at most {max_chars} characters.",
                                 json_schema_extra={"maxItems": max_batch,
                                                    "items": {"type": "string",
                                                              "maxLength": max_chars}})
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

    app = FastAPI(title="cxtext", version=__version__,
                  description="Sentiment, topics and aspect sentiment of Polish and English "
                              "customer feedback.")

    @app.middleware("http")
    async def log_requests(request: Request, call_next: Any) -> Any:
        rid = uuid.uuid4().hex[:12]
        request.state.rid = rid
        t0 = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - logged with trace, answered without it
            logger.exception(json.dumps({"request_id": rid, "path": request.url.path}))
            response = JSONResponse({"error": "internal error", "request_id": rid},
                                    status_code=500)
        response.headers["x-request-id"] = rid
        logger.info(json.dumps({
            "request_id": rid, "method": request.method, "path": request.url.path,
            "status": response.status_code, "texts": getattr(request.state, "n_texts", None),
            "chars": getattr(request.state, "n_chars", None),
            "ms": round(1000 * (time.perf_counter() - t0), 1)}))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]),
                     "problem": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "problems": problems,
                             "expected": {"texts": f"list of 1-{max_batch} strings",
                                          "lang": "null, 'pl' or 'en'"}}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {**clf.info(), "limits": {"max_batch": max_batch, "max_chars": max_chars}}

    @app.post("/v1/classify", response_model=ClassifyResponse,
              responses={400: {"model": ErrorResponse, "description": "body is not JSON"},
                         422: {"model": ErrorResponse, "description": "invalid request "
                               "body, too many texts or a text too long"},
                         500: {"model": ErrorResponse, "description": "internal error"}})
    async def classify(body: ClassifyRequest, request: Request) -> Any:
        request.state.n_texts = len(body.texts)
        request.state.n_chars = sum(len(t) for t in body.texts)
        if len(body.texts) > max_batch:
            return JSONResponse({"error": f"too many texts: {len(body.texts)}; at most "
                                 f"{max_batch} per request - split the batch"}, status_code=422)
        long = [i for i, t in enumerate(body.texts) if len(t) > max_chars]
        if long:
            return JSONResponse({"error": f"text(s) longer than {max_chars} characters at "
                                 f"index {long[:10]}; shorten or split them"}, status_code=422)
        results = await run_in_threadpool(clf, body.texts, lang=body.lang)
        return {"schema_version": results[0]["schema_version"], "results": results}

    return app
