"""Problems for unknown paths, wrong methods and crashes; request ids; the access log."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from api_support import api_client, draft
from fastapi.testclient import TestClient

import api.routes.critique
from api.logs import JsonFormatter

PROBLEM = "urn:okr-coach:problem:"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with api_client() as client:
        yield client


def test_unknown_path_gets_404_problem(client: TestClient) -> None:
    response = client.get("/v2/critique")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": PROBLEM + "not-found",
        "title": "Not found",
        "status": 404,
        "detail": "no endpoint at /v2/critique; see /docs for the list",
        "instance": "/v2/critique",
        "request_id": response.headers["x-request-id"],
    }


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/v1/critique", "POST"),
        ("DELETE", "/v1/checks", "GET"),
        ("POST", "/healthz", "GET"),
    ],
)
def test_wrong_method_gets_405_with_allow(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    response = client.request(method, path)

    body = response.json()
    assert response.status_code == 405
    assert body["type"] == PROBLEM + "method-not-allowed"
    assert body["detail"] == f"{method} is not allowed on {path}; allowed: {allowed}"
    assert response.headers["allow"] == allowed


def test_unexpected_error_gets_500_without_internals(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*args: object) -> None:
        raise RuntimeError("secret /srv/okr/internal/path")

    monkeypatch.setattr(api.routes.critique, "critique", explode)
    with api_client() as client, caplog.at_level(logging.INFO):
        response = client.post("/v1/critique", json=draft())
        after = client.get("/healthz")

    body = response.json()
    request_id = response.headers["x-request-id"]
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert body["type"] == PROBLEM + "internal-error"
    assert body["request_id"] == request_id
    assert "secret" not in response.text and "Traceback" not in response.text
    # The server keeps the whole story, under the same request id.
    logged = [r for r in caplog.records if r.name == "api.middleware"]
    assert request_id in logged[0].getMessage()
    assert "RuntimeError: secret /srv/okr/internal/path" in caplog.text
    assert after.status_code == 200


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    ids = {
        client.get("/healthz").headers["x-request-id"],
        client.get("/nope").headers["x-request-id"],
        client.post("/v1/critique", content=b"x").headers["x-request-id"],
    }

    assert len(ids) == 3
    assert all(len(i) == 32 for i in ids)


def test_a_sane_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/v1/checks", headers={"X-Request-ID": "proxy-7f3a:42"})

    assert response.headers["x-request-id"] == "proxy-7f3a:42"


@pytest.mark.parametrize("given", ["a b", "x" * 200, "id\twith tab", "<script>"])
def test_an_unsafe_request_id_is_replaced(client: TestClient, given: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": given})

    assert response.headers["x-request-id"] != given
    assert len(response.headers["x-request-id"]) == 32


def test_one_access_line_per_request_with_status_latency_and_mode(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api.access"):
        client.post("/v1/critique", json=draft(), headers={"X-Request-ID": "r-1"})
        client.get("/nope", headers={"X-Request-ID": "r-2"})

    lines = [r for r in caplog.records if r.name == "api.access"]
    assert [(r.method, r.path, r.status, r.mode, r.request_id) for r in lines] == [  # type: ignore[attr-defined]
        ("POST", "/v1/critique", 200, "offline", "r-1"),
        ("GET", "/nope", 404, "offline", "r-2"),
    ]
    assert lines[0].latency_ms > 0  # type: ignore[attr-defined]
    assert lines[0].getMessage().startswith("POST /v1/critique 200 ")
    assert lines[0].getMessage().endswith(" ms mode=offline id=r-1")


def test_json_log_lines_carry_the_access_fields() -> None:
    record = logging.LogRecord(
        "api.access", logging.INFO, "", 0, "%s done", ("GET",), None
    )
    record.status = 200
    record.latency_ms = 1.25

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "GET done"
    assert line["logger"] == "api.access"
    assert line["level"] == "INFO"
    assert (line["status"], line["latency_ms"]) == (200, 1.25)
    assert line["time"].endswith("+00:00")
