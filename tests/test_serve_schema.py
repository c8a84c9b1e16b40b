"""Property-based API test: schemathesis generates requests from the OpenAPI schema and checks
that every response conforms to it and that no request causes a server error."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

import cxtext  # noqa: E402
from cxtext.serve import create_app  # noqa: E402

APP = create_app(cxtext.Classifier(), max_batch=20, max_chars=200)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(max_examples=25)


@pytest.mark.slow
@schema.parametrize()
def test_api_conforms_to_its_schema(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()
