"""POST /v1/critique: documents, single objectives, languages and every way a body
can be refused."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from api_support import api_client, api_example, draft
from fastapi.testclient import TestClient

import api.routes.critique
from api.app import create_app
from coach.critique import critique as run_critique
from coach.settings import Settings

PROBLEM = "urn:okr-coach:problem:"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with api_client() as client:
        yield client


def test_document_critique_matches_the_worked_example(client: TestClient) -> None:
    response = client.post("/v1/critique", json=api_example("critique-document"))

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    # The OpenAPI example is a real answer, so it cannot drift from the coach; a
    # field added to the answer later is not yet in it, and that is fine.
    assert _within(api_example("critique-response"), response.json()), (
        "the worked example is stale; refresh it with: python3 -m api.openapi"
    )


def _within(example: Any, actual: Any) -> bool:
    """Every value in ``example`` is in ``actual`` at the same place."""
    if isinstance(example, dict):
        return isinstance(actual, dict) and all(
            key in actual and _within(value, actual[key])
            for key, value in example.items()
        )
    if isinstance(example, list):
        return (
            isinstance(actual, list)
            and len(example) == len(actual)
            and all(map(_within, example, actual))
        )
    return bool(example == actual)


def test_critique_of_the_bundled_draft_flags_its_tasks(client: TestClient) -> None:
    body = client.post("/v1/critique", json=draft()).json()

    assert body["mode"] == "offline"
    assert body["counts"]["objectives"] == 3
    assert body["counts"]["key_results"] == 11
    tasks = [
        kr["id"]
        for objective in body["objectives"]
        for kr in objective["key_results"]
        if kr["kind"] == "task"
    ]
    assert "onboarding.kr3" in tasks


def test_single_objective_is_critiqued_without_the_objective_count_check(
    client: TestClient,
) -> None:
    response = client.post("/v1/critique", json=api_example("critique-objective"))

    body = response.json()
    assert response.status_code == 200
    assert [o["id"] for o in body["objectives"]] == ["o1"]
    assert body["counts"]["key_results"] == 3
    codes = {f["code"] for f in body["findings"]}
    assert "TOO_FEW_OBJECTIVES" not in codes
    assert "DOC_NO_CYCLE" in codes


def test_lang_query_sets_the_language_of_the_feedback(client: TestClient) -> None:
    english = client.post("/v1/critique", json=draft()).json()
    vietnamese = client.post("/v1/critique?lang=vi", json=draft()).json()

    assert english["lang"] == "en"
    assert vietnamese["lang"] == "vi"
    task = vietnamese["objectives"][0]["key_results"][2]["findings"][0]
    assert task["code"] == "KR_IS_TASK"
    assert task["title"] == "Kết quả then chốt là một đầu việc"


def test_unknown_lang_gets_422_naming_the_parameter(client: TestClient) -> None:
    response = client.post("/v1/critique?lang=fr", json=draft())

    body = response.json()
    assert response.status_code == 422
    assert body["type"] == PROBLEM + "invalid-parameter"
    assert body["errors"] == [
        {"path": "lang", "message": "Input should be 'en' or 'vi'"}
    ]


def test_wrong_type_in_key_results_gets_422_naming_the_field(
    client: TestClient,
) -> None:
    document = draft()
    document["objectives"][0]["key_results"][1] = 42

    response = client.post("/v1/critique", json=document)

    body = response.json()
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert body["type"] == PROBLEM + "invalid-document"
    assert body["status"] == 422
    assert body["errors"] == [
        {
            "path": "objectives[0].key_results[1]",
            "message": "a key result must be a string or a mapping with 'text'",
        }
    ]
    assert "objectives[0].key_results[1]" in body["detail"]


def test_every_failing_field_is_listed_with_its_path(client: TestClient) -> None:
    document = {
        "cycle": {"name": "Q1", "start": "2027-03-31", "end": "2027-01-01"},
        "objectives": [{"title": "Grow", "key_results": [{"txt": "typo"}]}],
    }

    body = client.post("/v1/critique", json=document).json()

    paths = [error["path"] for error in body["errors"]]
    assert paths == [
        "cycle",
        "objectives[0].key_results[0].text",
        "objectives[0].key_results[0].txt",
    ]
    assert "valid keys: id, text, baseline" in body["errors"][2]["message"]


def test_single_objective_errors_are_located_in_the_objective(
    client: TestClient,
) -> None:
    objective = {"title": "Grow", "key_results": ["Raise NPS to 40", [1]], "owners": 2}

    body = client.post("/v1/critique", json=objective).json()

    assert body["errors"] == [
        {
            "path": "key_results[1]",
            "message": "a key result must be a string or a mapping with 'text'",
        },
        {
            "path": "owners",
            "message": "unknown key 'owners' in the objective; did you mean 'owner'? "
            "valid keys: id, title, owner, level, unit, type, parent, key_results",
        },
    ]


def test_a_body_that_is_not_a_mapping_gets_422(client: TestClient) -> None:
    body = client.post("/v1/critique", json=["Grow revenue"]).json()

    assert body["status"] == 422
    assert body["errors"][0]["message"] == (
        "expected a mapping with 'objectives', got list"
    )


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b'{"objectives": [\n  {"title": "x",}\n]}', "invalid JSON at line 2, column"),
        (b"\xff\xfe{}", "the body is not UTF-8 text (byte 0)"),
        (b"   ", "the body is empty; send an OKR document"),
        (b"[" * 100_000, "unusable JSON: nested too deeply"),
    ],
)
def test_malformed_body_gets_400_saying_what_is_wrong(
    client: TestClient, content: bytes, detail: str
) -> None:
    response = client.post(
        "/v1/critique", content=content, headers={"Content-Type": "application/json"}
    )

    body = response.json()
    assert response.status_code == 400
    assert body["type"] == PROBLEM + "malformed-body"
    assert body["detail"].startswith(detail)


def test_malformed_json_names_the_line(client: TestClient) -> None:
    content = b'{\n  "objectives": [\n    {"title": "x"\n  ]\n}'

    body = client.post(
        "/v1/critique", content=content, headers={"Content-Type": "application/json"}
    ).json()

    assert body["errors"][0]["line"] == 4


@pytest.mark.parametrize(
    "content_type",
    ["image/png", "application/xml", "application/x-www-form-urlencoded"],
)
def test_a_body_that_is_not_json_gets_415(
    client: TestClient, content_type: str
) -> None:
    response = client.post(
        "/v1/critique", content=b"\x89PNG\r\n", headers={"Content-Type": content_type}
    )

    body = response.json()
    assert response.status_code == 415
    assert body["type"] == PROBLEM + "unsupported-media-type"
    assert body["detail"] == (
        f"got '{content_type}'; send the document as JSON (Content-Type: "
        "application/json), Markdown, plain text, CSV, XLSX or YAML"
    )
    assert response.headers["accept-post"].split(", ")[:3] == [
        "application/json",
        "application/yaml",
        "application/x-yaml",
    ]


def test_a_body_without_content_type_gets_415(client: TestClient) -> None:
    response = client.post("/v1/critique", content=json.dumps(draft()).encode())

    assert response.status_code == 415
    assert response.json()["detail"].startswith("got no Content-Type;")


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "APPLICATION/JSON", "application/okr+json"],
)
def test_json_media_types_with_parameters_are_accepted(
    client: TestClient, content_type: str
) -> None:
    response = client.post(
        "/v1/critique",
        content=json.dumps(draft()).encode(),
        headers={"Content-Type": content_type},
    )

    assert response.status_code == 200


def test_a_3_mib_body_gets_413_and_the_server_keeps_serving(client: TestClient) -> None:
    response = client.post(
        "/v1/critique",
        content=b" " * (3 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
    )

    body = response.json()
    assert response.status_code == 413
    assert body["type"] == PROBLEM + "body-too-large"
    assert "1048576 bytes" in body["detail"]
    assert response.headers["connection"] == "close"
    assert client.post("/v1/critique", json=draft()).status_code == 200


def test_a_streamed_body_is_cut_off_at_the_limit() -> None:
    sent = []

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            sent.append(1)
            yield b" " * 1024

    with api_client(max_body_bytes=10_000) as client:
        response = client.post(
            "/v1/critique",
            content=chunks(),
            headers={"Content-Type": "application/json"},
        )

    assert response.status_code == 413
    assert "10000 bytes" in response.json()["detail"]


def test_an_oversize_content_length_is_refused_before_reading_the_body() -> None:
    app = create_app(Settings(max_body_bytes=1000))
    messages: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/critique",
        "raw_path": b"/v1/critique",
        "query_string": b"",
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", b"5000000"),
        ],
    }

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body was read")

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    asyncio.run(app(scope, receive, send))

    assert messages[0]["status"] == 413
    assert json.loads(messages[1]["body"])["type"] == PROBLEM + "body-too-large"


def test_the_body_limit_comes_from_the_settings() -> None:
    with api_client(max_body_bytes=100) as client:
        response = client.post("/v1/critique", json=draft())

    assert response.status_code == 413
    assert "100 bytes" in response.json()["detail"]


def test_critiques_run_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    # The loop's own thread answers /healthz; a critique must never run there.
    threads: dict[str, int] = {}

    async def health_thread() -> dict[str, str]:
        threads["loop"] = threading.get_ident()
        return {"status": "ok"}

    def critique_in_thread(*args: Any) -> Any:
        threads["critique"] = threading.get_ident()
        return run_critique(*args)

    monkeypatch.setattr(api.routes.critique, "critique", critique_in_thread)
    with api_client() as client:
        client.app.add_api_route("/test-loop-thread", health_thread)  # type: ignore[attr-defined]
        client.get("/test-loop-thread")
        response = client.post("/v1/critique", json=draft())

    assert response.status_code == 200
    assert threads["critique"] != threads["loop"]


def test_json_body_with_a_byte_order_mark_is_read() -> None:
    with api_client() as client:
        answered = client.post(
            "/v1/critique",
            content=b"\xef\xbb\xbf" + json.dumps(draft("company.yaml")).encode(),
            headers={"Content-Type": "application/json"},
        )

    assert answered.status_code == 200
    assert answered.json()["counts"]["objectives"] == 2
