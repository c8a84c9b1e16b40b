"""HTTP service: endpoints, limits with clear 4xx, no stack traces, logs without text."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import cxtext  # noqa: E402
from cxtext.serve import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(cxtext.Classifier(), max_batch=5, max_chars=100)
    yield TestClient(app)
    app.state.service.close()


def test_health_models_openapi(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    models = client.get("/v1/models").json()
    assert models["schema_version"] == cxtext.SCHEMA_VERSION
    limits = models["limits"]
    assert (limits["max_batch"], limits["max_chars"]) == (5, 100)
    assert {"max_total_chars", "max_body_bytes", "timeout_s", "max_pending",
            "max_pending_chars"} <= set(limits)
    spec = client.get("/openapi.json").json()
    assert "/v1/classify" in spec["paths"]


def test_classify_matches_library(client: TestClient) -> None:
    texts = ["Produkt super, ale dostawa trwała tydzień", "brak"]
    res = client.post("/v1/classify", json={"texts": texts})
    assert res.status_code == 200 and res.headers["x-request-id"]
    body = res.json()
    assert body["schema_version"] == cxtext.SCHEMA_VERSION
    assert body["results"] == json.loads(json.dumps(cxtext.classify(texts)))
    res = client.post("/v1/classify", json={"texts": ["super"], "lang": "pl"})
    assert res.json()["results"][0]["lang"] == "pl"


@pytest.mark.parametrize(("payload", "status", "needle"), [
    ({"texts": ["a"] * 6}, 422, "at most 5"),
    ({"texts": ["x" * 101]}, 422, "longer than 100"),
    ({"texts": []}, 422, "texts"),
    ({"texts": "one string"}, 422, "texts"),
    ({"texts": [1, 2]}, 422, "texts"),
    ({"texts": ["ok"], "lang": "de"}, 422, "lang"),
    ({}, 422, "texts"),
])
def test_limits_and_validation(client: TestClient, payload: dict, status: int,
                               needle: str) -> None:
    res = client.post("/v1/classify", json=payload)
    assert res.status_code == status
    assert needle in res.text


def test_internal_error_has_no_trace_and_logs_no_text(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(cxtext.Classifier):
        def __call__(self, texts, **kw):  # type: ignore[no-untyped-def,override]
            raise RuntimeError("boom in model")

    app = create_app(Broken(sentiment=None, topics=None))
    client = TestClient(app, raise_server_exceptions=False)
    secret = "Jan Kowalski, PESEL 44051401359, nie polecam"
    with caplog.at_level(logging.INFO, logger="cxtext.serve"):
        res = client.post("/v1/classify", json={"texts": [secret]})
        ok = TestClient(create_app(cxtext.Classifier(sentiment=None, topics=None)))
        ok.post("/v1/classify", json={"texts": [secret]})
    assert res.status_code == 500
    assert "boom" not in res.text and "Traceback" not in res.text
    assert res.json()["request_id"]
    lines = [r.getMessage() for r in caplog.records]
    assert any('"status": 200' in m and '"texts": 1' in m for m in lines)
    assert not any("Kowalski" in m or "44051401359" in m for m in lines)


def test_default_service_runs_the_fast_profile() -> None:
    app = create_app(workers=0)
    try:
        models = TestClient(app).get("/v1/models").json()
    finally:
        app.state.service.close()
    assert (models["profile"], models["sentiment"]) == ("fast", "sentiment.linear.v1")
