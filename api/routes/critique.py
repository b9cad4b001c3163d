"""POST /v1/critique: critique a whole OKR document or a single objective."""

from __future__ import annotations

import json
from typing import Any

import anyio
from fastapi import APIRouter, Request, Response

from api.deps import LangQuery, SettingsDep
from api.openapi import example, objective_request_body
from api.problems import MALFORMED_BODY, UNSUPPORTED_MEDIA_TYPE, ApiProblem, responses
from coach.critique import critique
from coach.document import OkrDocument
from coach.errors import InputError, Problem
from coach.loader import validate_document
from coach.readers import InputFormat, format_for_media_type, read_bytes, with_source
from coach.readers.detect import MEDIA_TYPES
from coach.report import Critique
from coach.settings import Settings

router = APIRouter(tags=["critique"])

_JSON_TYPES = frozenset({"application/json"})
# Drafts as people keep them: coach.readers reads each as the CLI does.
# Limitation: --columns (mapping unusual spreadsheet headers) is CLI-only.
_DRAFT_TYPES = ", ".join(["application/json", *MEDIA_TYPES])


def _with_draft_types(request_body: dict[str, Any]) -> dict[str, Any]:
    """The JSON request body, plus the other media types a draft may come in."""
    text = {"schema": {"type": "string"}}
    binary = {"schema": {"type": "string", "format": "binary"}}
    content = dict(request_body["content"])
    for media_type, fmt in MEDIA_TYPES.items():
        if media_type not in content:
            content[media_type] = binary if fmt is InputFormat.xlsx else text
    return {**request_body, "content": content}


@router.post(
    "/critique",
    summary="Critique an OKR document or one objective",
    response_model=Critique,
    responses={
        200: {
            "content": {"application/json": {"example": example("critique-response")}}
        },
        **responses(400, 401, 405, 413, 415, 422),
    },
    openapi_extra={"requestBody": _with_draft_types(objective_request_body())},
)
async def critique_draft(
    request: Request, settings: SettingsDep, lang: LangQuery = None
) -> Response:
    """Runs the coach on the body, the same JSON the CLI reads: a whole document
    (with ``objectives``) or a single objective (with ``title``). A single objective
    is critiqued on its own, so the number-of-objectives check is skipped.

    The answer has findings at every level (each with its check code, severity, why
    and fix), SMART verdicts per objective and key result, FACTS scores, rewrites for
    weak key results, and whether a model took part (``mode``, ``degraded``).
    ``lang`` picks the language of the feedback; by default it follows the draft.

    Markdown (``text/markdown``), plain text (``text/plain``), CSV (``text/csv``),
    XLSX and YAML drafts are read as ``okr-coach critique`` reads them: ``source``
    then points each objective and key result back to its line (or sheet and row),
    and lines that could not be placed are among the ``notices``."""
    fmt = _draft_format(request)
    body = await request.body()
    # Parsing, validation, the rules and writing the answer are CPU work (the answer
    # to a 1 MiB draft is ~19 MB of JSON): one trip off the event loop for all of it.
    result, answer = await anyio.to_thread.run_sync(
        _answer, body, settings, lang, fmt, limiter=request.app.state.critique_threads
    )
    request.state.coach_mode = result.mode + ("+degraded" if result.degraded else "")
    return Response(answer, media_type="application/json")


def _answer(
    body: bytes, settings: Settings, lang: str | None, fmt: InputFormat | None
) -> tuple[Critique, str]:
    result = _critique_body(body, settings, lang, fmt)
    return result, result.model_dump_json()


def _draft_format(request: Request) -> InputFormat | None:
    """None for JSON, else the reader the Content-Type names; 415 for others."""
    given = request.headers.get("content-type", "")
    media_type = given.partition(";")[0].strip().lower()
    if media_type in _JSON_TYPES or media_type.endswith("+json"):
        return None
    fmt = format_for_media_type(media_type) if media_type else None
    if fmt is not None:
        return fmt
    got = f"'{media_type}'" if media_type else "no Content-Type"
    raise ApiProblem(
        UNSUPPORTED_MEDIA_TYPE,
        f"got {got}; send the document as JSON (Content-Type: application/json), "
        "Markdown, plain text, CSV, XLSX or YAML",
        headers={"Accept-Post": _DRAFT_TYPES},
    )


def _critique_body(
    body: bytes, settings: Settings, lang: str | None, fmt: InputFormat | None = None
) -> Critique:
    if fmt is not None:
        return _critique_read(body, settings, lang, fmt)
    document, settings = _read_draft(_parse_json(body), settings)
    return critique(document, settings, lang)


def _critique_read(
    body: bytes, settings: Settings, lang: str | None, fmt: InputFormat
) -> Critique:
    """A Markdown, text, CSV, XLSX or YAML draft, with pointers back into it."""
    try:
        reading = read_bytes(body, "body", fmt)
    except InputError as exc:
        if exc.kind != "unreadable":
            raise  # a readable draft that is not a valid document: 422
        detail = "; ".join(str(p) for p in exc.problems)
        raise ApiProblem(MALFORMED_BODY, detail, exc.problems) from None
    return with_source(critique(reading.document, settings, lang), reading)


def _parse_json(body: bytes) -> Any:
    try:
        # JSON travels as UTF-8 (RFC 8259); a byte-order mark, which Windows editors
        # add, is tolerated here as the CLI tolerates it in files.
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiProblem(
            MALFORMED_BODY, f"the body is not UTF-8 text (byte {exc.start})"
        ) from None
    if not text.strip():
        raise ApiProblem(MALFORMED_BODY, "the body is empty; send an OKR document")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        detail = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise ApiProblem(
            MALFORMED_BODY, detail, [Problem("", exc.msg, exc.lineno)]
        ) from None
    except (ValueError, RecursionError) as exc:
        # Integers past Python's digit limit, or nesting deeper than the parser goes.
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ApiProblem(MALFORMED_BODY, f"unusable JSON: {reason}") from None


def _read_draft(data: Any, settings: Settings) -> tuple[OkrDocument, Settings]:
    """The document to critique, and the settings to critique it with."""
    if not (isinstance(data, dict) and "objectives" not in data and "title" in data):
        return validate_document(data, "body"), settings
    try:
        document = validate_document({"objectives": [data]}, "body")
    except InputError as exc:
        raise InputError(exc.source, [_unwrap(p) for p in exc.problems]) from None
    # One objective says nothing about how many its owner has.
    thresholds = settings.thresholds.model_copy(update={"min_objectives": 1})
    return document, settings.model_copy(update={"thresholds": thresholds})


def _unwrap(problem: Problem) -> Problem:
    """A problem in the wrapped objective, located in the body the client sent."""
    path = problem.path.removeprefix("objectives[0]").removeprefix(".")
    message = problem.message.replace("objectives[0].", "").replace(
        "objectives[0]", "the objective"
    )
    return Problem(path, message, problem.line)
