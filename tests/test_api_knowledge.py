"""GET /v1/checks and /v1/principles, and the principle pages they read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_support import api_client
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from coach.catalogue import catalogue
from coach.cli import app as cli
from coach.errors import NotFoundError
from coach.principles import list_principles, read_principle


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with api_client() as client:
        yield client


def test_checks_lists_every_check_of_the_catalogue(client: TestClient) -> None:
    checks = client.get("/v1/checks").json()

    assert [c["code"] for c in checks] == list(catalogue())
    assert checks[0] == {
        "code": "KR_IS_TASK",
        "severity": "error",
        "scope": "key_result",
        "principle": "results-not-tasks",
        "title": "Key result is a task",
        "description": "A task can be finished while nothing improves; a key result "
        "measures the change the work should cause.",
        "fix": "Ask what should be different once the work is done, and measure "
        "that, with a baseline, a target and a date.",
    }


def test_checks_speak_vietnamese_on_request(client: TestClient) -> None:
    first = client.get("/v1/checks?lang=vi").json()[0]

    assert first["title"] == "Kết quả then chốt là một đầu việc"


def test_every_check_rests_on_a_principle_that_exists(client: TestClient) -> None:
    ids = {p["id"] for p in client.get("/v1/principles").json()}

    assert {c["principle"] for c in client.get("/v1/checks").json()} <= ids


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_principles_lists_every_page_in_the_language(
    client: TestClient, lang: str
) -> None:
    pages = client.get(f"/v1/principles?lang={lang}").json()

    assert len(pages) == 30
    assert {p["language"] for p in pages} == {lang}
    assert [p["id"] for p in pages] == sorted(p["id"] for p in pages)
    assert "body" not in pages[0]


def test_principle_page_has_its_front_matter_and_body(client: TestClient) -> None:
    page = client.get("/v1/principles/results-not-tasks").json()

    assert page["title"] == "Key results are results, not tasks"
    assert page["tags"] == ["key-result", "task", "outcome"]
    assert page["language"] == "en"
    assert page["body"].startswith('A key result answers the question "how will we')
    assert not page["body"].startswith("---")


def test_principle_page_in_vietnamese(client: TestClient) -> None:
    page = client.get("/v1/principles/scoring?lang=vi").json()

    assert page["title"] == "Chấm điểm kết quả then chốt theo thang 0,0 đến 1,0"


@pytest.mark.parametrize("principle_id", ["no-such-page", "README", "checks.yaml"])
def test_unknown_principle_gets_404_naming_the_known_ids(
    client: TestClient, principle_id: str
) -> None:
    response = client.get(f"/v1/principles/{principle_id}")

    body = response.json()
    assert response.status_code == 404
    assert body["type"] == "urn:okr-coach:problem:not-found"
    assert "known ids: baselines-and-targets, binary-key-results," in body["detail"]


def test_a_path_outside_the_pages_gets_404(client: TestClient) -> None:
    response = client.get("/v1/principles/..%2F..%2Fchecks")

    assert response.status_code == 404
    assert "key_result" not in response.text


def test_english_and_vietnamese_pages_share_ids_and_tags() -> None:
    english, vietnamese = list_principles("en"), list_principles("vi")

    assert [(p.id, p.tags) for p in english] == [(p.id, p.tags) for p in vietnamese]


def test_read_principle_raises_not_found_for_an_unknown_id() -> None:
    with pytest.raises(NotFoundError, match="no principle 'nope' in 'vi'"):
        read_principle("nope", "vi")


def test_cli_lists_and_shows_principles() -> None:
    runner = CliRunner()

    listing = runner.invoke(cli, ["principles"])
    page = runner.invoke(cli, ["principles", "scoring", "--lang", "vi"])

    assert listing.exit_code == 0
    assert (
        "results-not-tasks            Key results are results, not tasks"
        in listing.output
    )
    assert page.output.startswith(
        "# Chấm điểm kết quả then chốt theo thang 0,0 đến 1,0\n"
    )
