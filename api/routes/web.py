"""The web page at ``/``: draft, cascade and review OKRs in a browser.

The page is one server-rendered template plus a few plain JavaScript modules, all
served from here; it calls the public ``/v1`` endpoints for every judgement and two
page helpers under ``/web`` that read uploaded files and write YAML.

API keys: the page itself holds no secret, so it is served even when
OKR_COACH_SERVICE_KEYS is set. It then asks the visitor for a key and sends it as
``Authorization: Bearer`` with each call; ``/web/*`` needs the key just as ``/v1``.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.deps import SettingsDep, require_key
from api.problems import NOT_FOUND, ApiProblem
from coach.document import OkrDocument
from coach.loader import validate_document
from coach.readers import read_bytes

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
Lang = Literal["en", "vi"]

# Only these files are served: a fixed list cannot be walked out of with '..'.
_STATIC_TYPES = {
    "page.css": "text/css; charset=utf-8",
    "page.js": "text/javascript; charset=utf-8",
    "common.js": "text/javascript; charset=utf-8",
    "draft.js": "text/javascript; charset=utf-8",
    "feedback.js": "text/javascript; charset=utf-8",
    "cascade.js": "text/javascript; charset=utf-8",
    "alignment.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
# Everything the page loads comes from this server; nothing inline runs.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter(include_in_schema=False)


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a missing word fails loudly, never renders blank
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def labels() -> dict[str, dict[str, str]]:
    """The page's words in English and Vietnamese (api/templates/labels.yaml)."""
    text = (TEMPLATES / "labels.yaml").read_text(encoding="utf-8")
    words: dict[str, dict[str, str]] = yaml.safe_load(text)
    return words


@router.get("/", response_class=HTMLResponse)
async def page(
    request: Request,
    settings: SettingsDep,
    lang: Annotated[Lang | None, Query()] = None,
) -> HTMLResponse:
    """The page, in ``lang`` or the browser's preferred language."""
    language = lang or _preferred(request.headers.get("accept-language", ""))
    endpoints = request.app.openapi()["paths"]
    html = (
        _environment()
        .get_template("page.html")
        .render(
            lang=language,
            L=labels()[language],
            mode="model" if settings.uses_model else "offline",
            model=settings.model if settings.uses_model else None,
            keys_required=bool(settings.service_keys),
            # The tabs need endpoints other modules add; the OpenAPI paths list
            # every mounted endpoint, however deeply its router is nested.
            has_cascade="post" in endpoints.get("/v1/cascade", {}),
            has_alignment="post" in endpoints.get("/v1/alignment", {}),
            version=request.app.version,
        )
    )
    headers = {**_SECURITY_HEADERS, "Vary": "Accept-Language"}
    return HTMLResponse(html, headers=headers)


@router.api_route("/static/{name}", methods=["GET", "HEAD"])
async def static(name: str) -> FileResponse:
    """A stylesheet or script of the page."""
    if name not in _STATIC_TYPES:
        raise ApiProblem(NOT_FOUND, f"no static file '{name}'")
    # no-cache still lets the browser reuse its copy after a cheap ETag check.
    headers = {**_SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return FileResponse(STATIC / name, media_type=_STATIC_TYPES[name], headers=headers)


@router.post("/web/read", dependencies=[Depends(require_key)])
async def read_upload(
    request: Request,
    name: Annotated[str, Query(max_length=255)] = "pasted",
) -> dict[str, Any]:
    """The uploaded or pasted file as an OKR document, whatever its format (YAML,
    JSON, Markdown, text, CSV, XLSX); ``name`` gives the format by its extension."""
    reading = read_bytes(await request.body(), name)
    # Limitation: notes beside items (status, progress) and source lines are dropped.
    return {
        "format": reading.format.value,
        "document": plain_document(reading.document),
        "warnings": [str(warning) for warning in reading.warnings],
    }


@router.post("/web/yaml", dependencies=[Depends(require_key)])
async def write_yaml(document: Annotated[dict[str, Any], Body()]) -> Response:
    """The draft as the YAML document ``okr-coach critique`` reads."""
    valid = validate_document(document, "draft")
    text = yaml.safe_dump(
        _with_dates(plain_document(valid)),
        allow_unicode=True,
        sort_keys=False,
        width=88,
    )
    return Response(text, media_type="application/yaml; charset=utf-8")


def plain_document(document: OkrDocument) -> dict[str, Any]:
    """The document as its author would write it: no empty fields, no ids the
    loader would give anyway, and key results with only a text as plain strings.

    Dropping default ids keeps an edited draft valid: once a key result is
    removed, the next one added would otherwise get an id that is still in use."""
    data = document.model_dump(mode="json", exclude_none=True)
    for n, objective in enumerate(data["objectives"], start=1):
        if objective.get("id") == f"o{n}":
            del objective["id"]
        ident = document.objectives[n - 1].id
        krs = []
        for m, kr in enumerate(objective.get("key_results", []), start=1):
            if kr.get("id") == f"{ident}.kr{m}":
                del kr["id"]
            krs.append(kr["text"] if kr.keys() == {"text"} else kr)
        objective["key_results"] = krs
    return data


def _with_dates(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as dates, so YAML writes 2027-03-31 rather than '2027-03-31'."""
    cycle = data.get("cycle")
    if cycle:
        cycle["start"] = dt.date.fromisoformat(cycle["start"])
        cycle["end"] = dt.date.fromisoformat(cycle["end"])
    for objective in data["objectives"]:
        for kr in objective["key_results"]:
            if isinstance(kr, dict) and "due" in kr:
                kr["due"] = dt.date.fromisoformat(kr["due"])
    return data


def _preferred(accept_language: str) -> Lang:
    """vi when the browser ranks Vietnamese above English, else en."""
    ranked = []
    for part in accept_language.split(","):
        tag, _, weight = part.strip().partition(";q=")
        try:
            ranked.append((float(weight or 1), tag.strip().lower()[:2]))
        except ValueError:
            continue
    for _, tag in sorted(ranked, key=lambda pair: -pair[0]):
        if tag in ("en", "vi"):
            return "vi" if tag == "vi" else "en"
    return "en"
