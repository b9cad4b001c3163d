"""The web page at /: served whole by the app, in two languages, behind the same
keys as the API, with helpers that read uploads and write YAML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from api_support import ROOT, api_client

from api.routes.web import labels
from coach.alignment.models import FindingType
from coach.loader import parse_document

KEY = "k1-0123456789abcdef"
STATIC = ROOT / "api" / "static"
SCRIPTS = sorted(STATIC.glob("*.js"))


class _Assets(HTMLParser):
    """The addresses the page loads: scripts, stylesheets, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(str(found["src"]))
        if tag == "link" and found.get("href"):
            self.urls.append(str(found["href"]))


def _assets(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.urls


def test_page_is_html_that_loads_only_assets_the_app_serves() -> None:
    with api_client() as client:
        page = client.get("/")
        urls = _assets(page.text)
        assets = {url: client.get(url) for url in urls}

    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert sorted(urls) == [
        "/static/favicon.png",
        "/static/page.css",
        "/static/page.js",
    ]
    assert {url: r.status_code for url, r in assets.items()} == dict.fromkeys(urls, 200)
    assert (
        assets["/static/page.js"].headers["content-type"].startswith("text/javascript")
    )


def test_page_and_its_scripts_and_styles_name_no_other_host() -> None:
    with api_client() as client:
        texts = [client.get("/").text, client.get("/?lang=vi").text]
        texts += [client.get(f"/static/{p.name}").text for p in STATIC.iterdir()]
        texts = [t for t in texts if "\x00" not in t]  # the icon is binary

    assert len(texts) == 2 + len(SCRIPTS) + 1  # both pages, every script, the CSS
    for text in texts:
        assert re.findall(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I) == []


def test_every_script_module_imported_is_served() -> None:
    imported = {
        name
        for script in SCRIPTS
        for name in re.findall(r'from "\./([\w.]+)"', script.read_text())
    }
    with api_client() as client:
        statuses = {
            name: client.get(f"/static/{name}").status_code for name in imported
        }

    assert imported == {
        "alignment.js",
        "cascade.js",
        "common.js",
        "draft.js",
        "feedback.js",
    }
    assert statuses == dict.fromkeys(imported, 200)


def test_page_forbids_scripts_and_styles_from_anywhere_else() -> None:
    with api_client() as client:
        policy = client.get("/").headers["content-security-policy"]

    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_static_serves_only_the_page_files() -> None:
    with api_client() as client:
        missing = client.get("/static/secrets.txt")
        escape = client.get("/static/..%2Fapp.py")

    assert missing.status_code == 404
    assert missing.json()["detail"] == "no static file 'secrets.txt'"
    assert escape.status_code == 404


@pytest.mark.parametrize(
    ("query", "accept", "lang", "word"),
    [
        ("", "", "en", "Draft"),
        ("?lang=vi", "", "vi", "Soạn thảo"),
        ("", "vi-VN,vi;q=0.9,en;q=0.8", "vi", "Soạn thảo"),
        ("", "en-GB,en;q=0.9,vi;q=0.5", "en", "Draft"),
        ("?lang=en", "vi", "en", "Draft"),
    ],
)
def test_page_speaks_the_language_asked_for(
    query: str, accept: str, lang: str, word: str
) -> None:
    with api_client() as client:
        page = client.get("/" + query, headers={"Accept-Language": accept})

    assert f'<html lang="{lang}">' in page.text
    assert (
        f'id="tab-draft" aria-controls="panel-draft" aria-selected="true">{word}<'
        in (page.text)
    )


def test_both_languages_have_every_word() -> None:
    words = labels()

    assert sorted(words) == ["en", "vi"]
    assert set(words["en"]) == set(words["vi"])
    assert all(text.strip() for table in words.values() for text in table.values())


def test_every_word_the_scripts_use_is_in_the_table() -> None:
    used = set()
    for script in SCRIPTS:
        source = script.read_text()
        used |= set(re.findall(r"\bL\.(\w+)", source))
        used |= set(re.findall(r"\bt\(\"(\w+)\"", source))
    # Words looked up by a value the coach returns: kinds, verdicts, severities.
    used |= {"result", "task", "result_long", "task_long", "pass", "warn", "fail"}
    used |= {"unknown", "error", "warning", "info", "not_a_lever", "not_yet_covered"}
    used |= {f"type_{kind.value}" for kind in FindingType}

    assert used - set(labels()["en"]) == set()


def test_banner_says_offline_or_names_the_model() -> None:
    with api_client() as client:
        offline = client.get("/").text
    with api_client(model="openai/fake", api_base="http://127.0.0.1:9") as client:
        model = client.get("/").text

    assert "Offline: the coach uses its rules only, no language model." in offline
    assert 'data-mode="offline"' in offline
    assert "Model in use: openai/fake." in model
    assert 'data-mode="model"' in model


def test_with_keys_on_the_page_asks_for_a_key_and_helpers_need_one() -> None:
    with api_client(service_keys=[KEY]) as client:
        page = client.get("/")
        refused = client.post("/web/read?name=a.yaml", content=b"objectives: [x]")
        accepted = client.post(
            "/web/read?name=a.yaml",
            content=b"objectives: [{title: Grow}]",
            headers={"Authorization": f"Bearer {KEY}"},
        )
        health = client.get("/healthz")

    assert page.status_code == 200
    assert '<input id="api-key" type="password"' in page.text
    assert refused.status_code == 401
    assert accepted.status_code == 200
    assert health.status_code == 200


def test_without_keys_the_page_has_no_key_field() -> None:
    with api_client() as client:
        assert 'id="api-key"' not in client.get("/").text


def test_read_turns_an_upload_into_a_document_without_default_ids() -> None:
    text = (ROOT / "examples" / "draft-en.yaml").read_bytes()
    with api_client() as client:
        read = client.post("/web/read?name=draft-en.yaml", content=text).json()

    first = read["document"]["objectives"][0]
    assert read["format"] == "yaml"
    assert read["warnings"] == []
    assert first["id"] == "onboarding"  # the author's id stays
    assert first["key_results"][0] == (
        "Raise 7-day activation from 35% to 55% by 2027-03-31"
    )
    assert "id" not in first["key_results"][1]  # the loader's own id is left out
    assert first["key_results"][1]["target"] == 10.0


def test_read_understands_a_markdown_outline() -> None:
    outline = b"# Grow revenue\n- Raise revenue from 1M to 2M\n- Hold 4 webinars\n"
    with api_client() as client:
        read = client.post("/web/read?name=plan.md", content=outline).json()

    assert read["format"] == "markdown"
    assert read["document"]["objectives"][0]["title"] == "Grow revenue"
    assert read["document"]["objectives"][0]["key_results"] == [
        "Raise revenue from 1M to 2M",
        "Hold 4 webinars",
    ]


def test_read_locates_a_broken_file_by_line() -> None:
    broken = b"objectives:\n  - title: Grow\n    owenr: Lan\n"
    with api_client() as client:
        response = client.post("/web/read?name=draft.yaml", content=broken)

    problem = response.json()
    assert response.status_code == 422
    assert problem["type"] == "urn:okr-coach:problem:invalid-document"
    assert problem["errors"][0]["path"] == "objectives[0].owenr"
    assert problem["errors"][0]["line"] == 3


def test_yaml_download_reads_back_as_the_same_document(tmp_path: Path) -> None:
    draft = {
        "cycle": {"name": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"},
        "objectives": [
            {
                "title": "Make the first week delightful",
                "owner": "Lan Pham",
                "key_results": [
                    {"text": "Raise activation from 35% to 55%"},
                    {"text": "Cut setup time", "target": 10, "due": "2027-03-15"},
                ],
            }
        ],
    }
    with api_client() as client:
        response = client.post("/web/yaml", json=draft)

    text = response.text
    document = parse_document(text, "download.yaml")
    assert response.headers["content-type"] == "application/yaml; charset=utf-8"
    assert "start: 2027-01-01\n" in text  # a date, not a quoted string
    assert "  - Raise activation from 35% to 55%\n" in text
    assert document.objectives[0].key_results[1].target == 10
    assert str(document.objectives[0].key_results[1].due) == "2027-03-15"


def test_yaml_download_of_an_invalid_draft_names_the_field() -> None:
    with api_client() as client:
        response = client.post("/web/yaml", json={"objectives": [{"title": ""}]})

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "objectives[0].title"


def test_page_says_which_views_this_server_cannot_offer_yet() -> None:
    with api_client() as client:
        page = client.get("/").text
        paths = client.get("/openapi.json").json()["paths"]

    for endpoint, form in (("/v1/cascade", "cascade"), ("/v1/alignment", "alignment")):
        offered = endpoint in paths
        assert (f'id="{form}-form"' in page) is offered
        assert (f"(POST {endpoint} is missing)" in page) is not offered
