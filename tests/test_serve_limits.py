"""HTTP service limits: body size (header and while reading), characters per request, invalid
bodies (not JSON, not UTF-8, deep nesting, lone surrogates) - always a 4xx naming the problem,
never a 400 or a 500."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
import httpx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import cxtext  # noqa: E402
from cxtext.errors import ConfigError, CxTextError  # noqa: E402
from cxtext.serve import body_limit, chunk_ranges, create_app  # noqa: E402

LIMITS = {"max_batch": 5, "max_chars": 100, "max_total_chars": 250, "max_body_bytes": 2000}


@pytest.fixture(scope="module")
def app() -> Iterator[Any]:
    app = create_app(cxtext.Classifier(sentiment=None, topics=None), workers=1, **LIMITS)
    yield app
    app.state.service.close()


@pytest.fixture(scope="module")
def client(app: Any) -> TestClient:
    return TestClient(app)


def test_limits_in_models_and_openapi(client: TestClient) -> None:
    limits = client.get("/v1/models").json()["limits"]
    for key, value in LIMITS.items():
        assert limits[key] == value
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/v1/classify"]["post"]
    texts = op["requestBody"]["content"]["application/json"]["schema"]["properties"]["texts"]
    assert texts["maxItems"] == 5 and texts["items"]["maxLength"] == 100
    assert texts["x-max-total-chars"] == 250 and "250 characters in all" in texts["description"]
    assert {"413", "422", "503", "504"} <= set(op["responses"])
    assert "2,000 bytes" in op["responses"]["413"]["description"]


@pytest.mark.parametrize(("body", "needle"), [
    (b'{"texts": ["\\ud800"]}', "surrogate"),                   # lone high surrogate
    (b'{"texts": ["ok \\udc00 ok"]}', "Invalid JSON"),           # lone low surrogate
    (b'{"texts": ["\xff\xfe broken"]}', "UTF-8"),                 # malformed UTF-8
    (b'{"texts": ["caf\xe9"]}', "UTF-8"),                         # Latin-1, not UTF-8
    (b'{"texts": ' + b"[" * 300 + b"]" * 300 + b"}", "200 levels"),  # deep nesting
    (b"[" * 1500, "200 levels"),
    (b'{"texts": ["a"', "EOF"),                                   # truncated
    (b'{"texts": [' + b"1" * 1900 + b"]}", "valid string"),      # a huge number
    (b"", "empty request body"),
    (b"null", "object"),
    (b'{"texts": ["ok"], "lang": "de"}', "lang"),
    (b'{"texts": [null]}', "texts"),
])
def test_invalid_bodies_are_422(client: TestClient, body: bytes, needle: str) -> None:
    res = client.post("/v1/classify", content=body,
                      headers={"content-type": "application/json"})
    assert res.status_code == 422, res.text
    assert needle in res.text
    assert "Traceback" not in res.text and res.json()["request_id"]


def test_surrogate_pair_is_fine_and_non_json_type_is_422(client: TestClient) -> None:
    res = client.post("/v1/classify", content=b'{"texts": ["\\ud83d\\ude00 super"]}',
                      headers={"content-type": "application/json"})
    assert res.status_code == 200 and res.json()["results"][0]["text"] == "😀 super"
    res = client.post("/v1/classify", content=b"texts=a",
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert res.status_code == 422 and "application/json" in res.text
    # JSON sent with another Content-Type (curl -d) is read as JSON
    res = client.post("/v1/classify", content=b'{"texts": ["ok"]}',
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert res.status_code == 200 and res.json()["results"][0]["text"] == "ok"


@pytest.mark.parametrize(("texts", "status", "needle"), [
    (["x" * 60] * 5, 422, "too many characters: 300 in all; at most 250 per request - split "
                          "the batch into 2"),
    (["x" * 50] * 5, 200, ""),
    (["a"] * 6, 422, "at most 5"),
    (["x" * 101], 422, "longer than 100"),
])
def test_character_budget(client: TestClient, texts: list[str], status: int,
                          needle: str) -> None:
    res = client.post("/v1/classify", json={"texts": texts})
    assert res.status_code == status, res.text
    assert needle in res.text
    if status == 200:
        assert len(res.json()["results"]) == len(texts)


def test_body_limit_on_content_length(client: TestClient) -> None:
    res = client.post("/v1/classify", content=b'{"texts": ["' + b"x" * 3000 + b'"]}',
                      headers={"content-type": "application/json"})
    assert res.status_code == 413
    assert "at most 2,000 bytes" in res.json()["error"] and "split" in res.json()["error"]
    assert res.headers["x-request-id"] and res.headers["connection"] == "close"


def test_body_limit_while_streaming(app: Any) -> None:
    """No Content-Length (chunked upload): answered 413 once the limit is passed; what
    follows is dropped unparsed up to 8x the limit (so a client still sending gets the
    answer), and the rest of the stream is never read."""
    sent: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield b'{"texts": ["'
        for _ in range(1000):  # would be 100 kB
            sent.append(100)
            yield b"x" * 100
        yield b'"]}'

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            return await http.post("/v1/classify", content=body(),
                                   headers={"content-type": "application/json"})

    res = asyncio.run(go())
    assert res.status_code == 413 and "more than 2,000 bytes" in res.json()["error"]
    assert 8 * 2000 <= sum(sent) <= 8 * 2000 + 200  # of the 100 kB sent


def test_default_body_limit_fits_any_valid_request() -> None:
    texts = ["😀" * 5000] * 40  # 200,000 characters, each a 12-byte JSON escape
    body = json.dumps({"texts": texts, "lang": None}).encode()
    assert len(body) <= body_limit(200_000, 1000)
    assert body_limit(200_000, 1000) < 2.5e6


def test_chunk_ranges() -> None:
    texts = ["a" * 30, "b" * 30, "c" * 50, "d", "e" * 200, "f"]
    ranges = chunk_ranges(texts, max_chars=60, max_texts=2)
    assert ranges == [(0, 2), (2, 4), (4, 5), (5, 6)]
    assert [i for lo, hi in ranges for i in range(lo, hi)] == list(range(len(texts)))
    assert chunk_ranges([]) == []


@pytest.mark.parametrize("kwargs", [{"max_batch": 0}, {"workers": -1}, {"timeout": 0},
                                    {"max_body_bytes": 3}, {"max_pending": 0}])
def test_bad_options_say_what_is_wrong(kwargs: dict) -> None:
    with pytest.raises(ConfigError) as exc:
        create_app(cxtext.Classifier(sentiment=None, topics=None), **kwargs)
    assert isinstance(exc.value, CxTextError) and isinstance(exc.value, ValueError)
    assert str(next(iter(kwargs))) in str(exc.value)
