"""POST /v1/critique with drafts as people keep them: Markdown, plain text, CSV,
XLSX and YAML bodies, read as `okr-coach critique` reads the same files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from api_support import api_client
from fastapi.testclient import TestClient

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEM = "urn:okr-coach:problem:"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with api_client() as test_client:
        yield test_client


def post(client: TestClient, content: bytes, content_type: str, **params: str):
    return client.post(
        "/v1/critique",
        content=content,
        headers={"Content-Type": content_type},
        params=params,
    )


def test_markdown_page_is_critiqued_with_line_pointers(client: TestClient):
    body = (FORMATS / "handbook-headings.md").read_bytes()

    response = post(client, body, "text/markdown; charset=utf-8")

    critique = response.json()
    assert response.status_code == 200
    assert critique["counts"]["key_results"] == 7
    task = critique["objectives"][0]["key_results"][2]
    assert (task["kind"], task["findings"][0]["code"]) == ("task", "KR_IS_TASK")
    assert critique["source"][task["id"]] == {"line": 12, "sheet": None, "row": None}
    assert critique["notices"][0].startswith("input line 3: line not read")


def test_plain_text_draft_in_vietnamese_gets_vietnamese_feedback(client: TestClient):
    body = (FORMATS / "plain-vi.txt").read_bytes()

    critique = post(client, body, "text/plain").json()

    assert critique["lang"] == "vi"
    assert critique["source"]["o2.kr2"]["line"] == 14


def test_csv_rows_are_critiqued_with_their_lines(client: TestClient):
    body = (FORMATS / "okrs-en.csv").read_bytes()

    critique = post(client, body, "text/csv", lang="vi").json()

    assert critique["lang"] == "vi"
    assert critique["counts"]["objectives"] == 2
    assert critique["source"]["o2.kr3"]["line"] == 7
    assert any("'1,500' could be 1500 or 1.5" in n for n in critique["notices"])


def test_xlsx_workbook_is_critiqued_with_sheet_and_row(client: TestClient):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Q1"
    sheet.append(["Objective", "Key result", "Owner"])
    sheet.append(["Grow revenue", "Launch the partner portal", "An Tran"])
    sheet.append([None, "Reach $2M ARR by 2027-03-31", None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    critique = post(client, buffer.getvalue(), XLSX).json()

    assert critique["objectives"][0]["owner"] == "An Tran"
    assert critique["source"]["o1.kr2"] == {"line": None, "sheet": "Q1", "row": 3}


def test_yaml_draft_is_accepted_with_line_pointers(client: TestClient):
    body = b"objectives:\n  - title: Grow revenue\n    key_results: [Reach $2M ARR]\n"

    critique = post(client, body, "application/yaml").json()

    assert critique["source"]["o1"]["line"] == 2


def test_unreadable_body_is_a_malformed_body_problem(client: TestClient):
    response = post(client, b"Objective,Key result\n\xff\xfe broken", "text/csv")

    problem = response.json()
    assert response.status_code == 400
    assert problem["type"] == PROBLEM + "malformed-body"
    assert "not UTF-8 text" in problem["detail"]


def test_page_without_objectives_is_an_invalid_document(client: TestClient):
    response = post(client, b"# Notes\n\nNothing planned yet.\n", "text/markdown")

    problem = response.json()
    assert response.status_code == 422
    assert "no objectives found" in problem["detail"]


def test_openapi_lists_every_draft_media_type(client: TestClient):
    content = client.get("/openapi.json").json()["paths"]["/v1/critique"]["post"][
        "requestBody"
    ]["content"]

    assert {"application/json", "text/markdown", "text/plain", "text/csv", XLSX} <= set(
        content
    )
    assert content[XLSX]["schema"] == {"type": "string", "format": "binary"}
