"""POST /v1/alignment: the CLI's JSON for documents sent together, and refusals as
problem+json naming the field."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from api_support import api_client, api_example
from fastapi.testclient import TestClient

PROBLEM = "urn:okr-coach:problem:"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with api_client() as client:
        yield client


@pytest.fixture
def body() -> dict[str, Any]:
    return copy.deepcopy(api_example("alignment-request"))


def test_alignment_answers_the_same_json_as_the_cli(
    client: TestClient, body: dict[str, Any]
) -> None:
    response = client.post("/v1/alignment", json=body)

    assert response.status_code == 200
    data = response.json()
    assert {"mode", "score", "penalties", "findings", "units"} <= set(data)
    assert data["mode"] == "offline"
    assert [u["id"] for u in data["units"]] == [
        "unit:bep-nha",
        "unit:marketing",
        "person:lan-vo",
    ]
    assert ["lv1"] in [
        f["subjects"] for f in data["findings"] if f["type"] == "level_skip"
    ]


def test_worked_example_is_a_real_answer(
    client: TestClient, body: dict[str, Any]
) -> None:
    response = client.post("/v1/alignment", json=body)

    assert response.json() == api_example("alignment-response"), (
        "the worked example is stale; refresh it with: python3 -m api.routes.alignment"
    )


def test_lang_query_gives_vietnamese_messages(
    client: TestClient, body: dict[str, Any]
) -> None:
    response = client.post("/v1/alignment", params={"lang": "vi"}, json=body)

    (skip,) = [f for f in response.json()["findings"] if f["type"] == "level_skip"]
    assert "gắn thẳng vào kết quả then chốt cấp công ty bn1.kr3" in skip["message"]


def test_an_id_in_two_documents_is_a_problem_pointing_at_the_second(
    client: TestClient, body: dict[str, Any]
) -> None:
    body["documents"][2]["document"]["objectives"][0]["id"] = "mk1"

    response = client.post("/v1/alignment", json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == PROBLEM + "invalid-document"
    (error,) = problem["errors"]
    assert error["path"] == "documents[2].document.objectives[0].id"
    assert "already used in marketing.yaml" in error["message"]


def test_two_documents_with_one_name_are_refused(
    client: TestClient, body: dict[str, Any]
) -> None:
    body["documents"][1]["source"] = "company.yaml"

    response = client.post("/v1/alignment", json=body)

    assert response.status_code == 422
    paths = [e["path"] for e in response.json()["errors"]]
    assert paths == ["documents[0].source", "documents[1].source"]


def test_an_invalid_document_names_the_field(
    client: TestClient, body: dict[str, Any]
) -> None:
    body["documents"][1]["document"]["objectives"][0]["owner_name"] = "Khanh"

    response = client.post("/v1/alignment", json=body)

    assert response.status_code == 422
    paths = [e["path"] for e in response.json()["errors"]]
    assert paths == ["documents[1].document.objectives[0].owner_name"]


def test_no_documents_is_refused(client: TestClient) -> None:
    response = client.post("/v1/alignment", json={"documents": []})

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "documents"
