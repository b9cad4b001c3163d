"""GET /healthz and /readyz, and the OpenAPI document every endpoint is described in."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

import pytest
from api_support import api_client


def test_healthz_answers_ok() -> None:
    with api_client() as client:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_offline_mode_without_a_model() -> None:
    with api_client() as client:
        body = client.get("/readyz").json()

    assert body == {
        "status": "ready",
        "mode": "offline",
        "model": None,
        "version": version("okr-coach"),
    }


def test_readyz_reports_model_mode_when_a_model_is_configured() -> None:
    # Readiness never calls the model, so no network is touched here.
    with api_client(model="ollama/llama3.1") as client:
        body = client.get("/readyz").json()

    assert (body["mode"], body["model"]) == ("model", "ollama/llama3.1")


def test_readyz_reports_offline_mode_when_the_model_is_switched_off() -> None:
    with api_client(model="ollama/llama3.1", offline=True) as client:
        body = client.get("/readyz").json()

    assert (body["mode"], body["model"]) == ("offline", None)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    with api_client() as client:
        document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def _operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


def test_openapi_lists_every_endpoint(spec: dict[str, Any]) -> None:
    assert [name for name, _ in _operations(spec)] == [
        "GET /healthz",
        "GET /readyz",
        "POST /v1/critique",
        "POST /v1/cascade",
        "POST /v1/alignment",
        "GET /v1/checks",
        "GET /v1/principles",
        "GET /v1/principles/{principle_id}",
    ]


def test_every_endpoint_has_summary_description_and_example(
    spec: dict[str, Any],
) -> None:
    for name, operation in _operations(spec):
        ok = operation["responses"]["200"]["content"]["application/json"]
        assert operation["summary"], name
        assert len(operation["description"]) > 60, name
        assert ok.get("example") is not None, name


def test_errors_are_documented_as_problem_json(spec: dict[str, Any]) -> None:
    critique = spec["paths"]["/v1/critique"]["post"]

    documented = {
        status: response["content"]["application/problem+json"]["example"]["status"]
        for status, response in critique["responses"].items()
        if status != "200"
    }
    assert documented == {s: int(s) for s in ["400", "401", "405", "413", "415", "422"]}


def test_critique_body_is_a_document_or_an_objective(spec: dict[str, Any]) -> None:
    body = spec["paths"]["/v1/critique"]["post"]["requestBody"]["content"]
    schema = body["application/json"]

    assert schema["schema"]["oneOf"] == [
        {"$ref": "#/components/schemas/OkrDocument"},
        {"$ref": "#/components/schemas/Objective"},
    ]
    assert set(schema["examples"]) == {"document", "objective"}
    assert {"OkrDocument", "Objective", "KeyResult", "Cycle"} <= set(
        spec["components"]["schemas"]
    )
    assert "/v1/" in str(spec["paths"])
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
