"""POST /v1/cascade: the CLI's inputs and JSON, streamed progress, and refusals as
problem+json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from api_support import api_client, api_example, draft
from fastapi.testclient import TestClient

PROBLEM = "urn:okr-coach:problem:"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with api_client() as client:
        yield client


def body(**fields: Any) -> dict[str, Any]:
    return {
        "document": draft("company.yaml"),
        "unit": "Customer Support",
        "level": "department",
        "owner": "Minh Le",
        **fields,
    }


def test_cascade_answers_the_same_json_as_the_cli(client: TestClient) -> None:
    response = client.post("/v1/cascade", json=body())

    assert response.status_code == 200
    data = response.json()
    assert {"mode", "degraded", "proposals", "uncovered", "usage"} <= set(data)
    assert [p["parent"] for p in data["proposals"]] == ["c1.kr2", "c1.kr3", "c2.kr2"]
    assert [u["id"] for u in data["uncovered"]] == ["c1.kr1", "c2.kr1", "c2.kr3"]
    assert data["mode"] == "offline"


def test_worked_example_is_a_real_answer(client: TestClient) -> None:
    response = client.post("/v1/cascade", json=api_example("cascade-request"))

    assert response.status_code == 200
    assert response.json() == api_example("cascade-response"), (
        "the worked example is stale; refresh it with: python3 -m api.routes.cascade"
    )


def test_event_stream_sends_one_event_per_step_then_the_result(
    client: TestClient,
) -> None:
    with client.stream(
        "POST", "/v1/cascade", json=body(), headers={"Accept": "text/event-stream"}
    ) as response:
        text = "".join(response.iter_text())

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [block.split("\n", 1) for block in text.strip().split("\n\n")]
    names = [head.removeprefix("event: ") for head, _ in events]
    steps = [json.loads(data.removeprefix("data: "))["step"] for _, data in events[:-1]]
    result = json.loads(events[-1][1].removeprefix("data: "))
    assert names[-1] == "result" and set(names[:-1]) == {"step"}
    assert steps[:4] == ["prepare", "plan_coverage", "generate", "critique_proposals"]
    assert [p["parent"] for p in result["proposals"]] == ["c1.kr2", "c1.kr3", "c2.kr2"]


def test_unknown_unit_is_a_422_naming_the_field(client: TestClient) -> None:
    for accept in ("application/json", "text/event-stream"):
        response = client.post(
            "/v1/cascade", json=body(unit="Tiger Team"), headers={"Accept": accept}
        )

        assert response.status_code == 422
        problem = response.json()
        assert problem["type"] == PROBLEM + "invalid-document"
        assert problem["errors"][0]["path"] == "unit"
        assert "matches 'Tiger Team'" in problem["errors"][0]["message"]


def test_company_level_and_missing_unit_are_refused(client: TestClient) -> None:
    response = client.post("/v1/cascade", json=body(level="company", unit=""))

    assert response.status_code == 422
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"level", "unit"} <= paths


def test_duplicate_parent_ids_are_refused(client: TestClient) -> None:
    document = draft("company.yaml")
    document["objectives"][1]["id"] = "c1"

    response = client.post("/v1/cascade", json=body(document=document))

    assert response.status_code == 422
    assert "id 'c1' is already used" in response.text


def test_api_keys_guard_the_cascade_too() -> None:
    key = "k" * 20
    with api_client(service_keys=[key]) as client:
        refused = client.post("/v1/cascade", json=body())
        allowed = client.post(
            "/v1/cascade", json=body(), headers={"Authorization": f"Bearer {key}"}
        )

    assert refused.status_code == 401
    assert allowed.status_code == 200


def test_a_missing_body_field_is_an_invalid_document_not_a_parameter(
    client: TestClient,
) -> None:
    refused = client.post("/v1/cascade", json={"document": draft("company.yaml")})

    assert refused.status_code == 422
    assert refused.json()["type"] == "urn:okr-coach:problem:invalid-document"
    assert "unit" in refused.json()["detail"]
