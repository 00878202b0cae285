"""Property-based testing of the JSON API from its own OpenAPI document (schemathesis): whatever the
parameters and bodies, no answer is a server error, and answers match the documented schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install auditor[dev] (schemathesis)")

from fastapi import FastAPI  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import Case  # noqa: E402
from schemathesis.specs.openapi.checks import negative_data_rejection  # noqa: E402

from auditor.portal.app import PortalSettings, create_app  # noqa: E402
from auditor.store.accounts import create_token  # noqa: E402
from tests.portal.conftest import seed  # noqa: E402

TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    folder: Path = tmp_path_factory.mktemp("api-schema")
    store = seed(f"sqlite:///{folder / 'portal.db'}")
    TOKENS["admin"] = create_token(store.engine, user="admin", label="fuzz")
    TOKENS["viewer"] = create_token(store.engine, user="acme-owner", label="fuzz")
    return create_app(PortalSettings(db_url=store.url))


def _fuzz(app: FastAPI, who: str) -> int:
    """Every operation of the document, with generated parameters and bodies; returns how many ran."""
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    ran = 0
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Case[Any]) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {TOKENS[who]}"},
                excluded_checks=[negative_data_rejection],  # a filter matching nothing is a valid, empty answer
            )

        run()
        ran += 1
    return ran


def test_api_as_an_admin_never_fails_on_the_server(api_app: FastAPI) -> None:
    assert _fuzz(api_app, "admin") == 8


def test_api_as_a_client_viewer_never_fails_on_the_server(api_app: FastAPI) -> None:
    assert _fuzz(api_app, "viewer") == 8


def test_the_document_describes_bearer_tokens(api_app: FastAPI) -> None:
    document = api_app.openapi()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert {
        "/api/v1/clients",
        "/api/v1/clients/{name}",
        "/api/v1/hosts",
        "/api/v1/runs",
        "/api/v1/findings",
        "/api/v1/waivers",
    } <= set(document["paths"])
    assert all(path.startswith("/api/v1/") for path in document["paths"])
