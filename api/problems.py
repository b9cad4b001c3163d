"""Every error the service returns, as RFC 9457 ``application/problem+json``.

Each kind of problem has a stable ``type`` URI that clients may switch on; the
``detail`` says what to change. Nothing from a traceback or the server's file
system is ever put in a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field
from starlette.responses import Response
from starlette.types import Scope

from coach.errors import Problem

PROBLEM_MEDIA_TYPE = "application/problem+json"
# A URN rather than a web address: the type names the problem, nothing is fetched.
TYPE_PREFIX = "urn:okr-coach:problem:"


@dataclass(frozen=True)
class ProblemKind:
    """One kind of problem: its stable type slug, HTTP status and title."""

    slug: str
    status: int
    title: str

    @property
    def type(self) -> str:
        return TYPE_PREFIX + self.slug


MALFORMED_BODY = ProblemKind("malformed-body", 400, "The body is not valid JSON")
UNAUTHORIZED = ProblemKind("unauthorized", 401, "A valid API key is required")
NOT_FOUND = ProblemKind("not-found", 404, "Not found")
METHOD_NOT_ALLOWED = ProblemKind("method-not-allowed", 405, "Method not allowed")
BODY_TOO_LARGE = ProblemKind("body-too-large", 413, "The body is too large")
UNSUPPORTED_MEDIA_TYPE = ProblemKind(
    "unsupported-media-type", 415, "The body's media type is not supported"
)
INVALID_DOCUMENT = ProblemKind("invalid-document", 422, "The OKR document is invalid")
INVALID_PARAMETER = ProblemKind(
    "invalid-parameter", 422, "A query or path parameter is invalid"
)
INTERNAL_ERROR = ProblemKind("internal-error", 500, "Internal error")
KINDS = [
    MALFORMED_BODY,
    UNAUTHORIZED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    BODY_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    INVALID_DOCUMENT,
    INVALID_PARAMETER,
    INTERNAL_ERROR,
]


class FieldProblem(BaseModel):
    """One failing field of the request."""

    path: str = Field(
        description="Where in the body or request, e.g. objectives[0].key_results[1]."
    )
    message: str = Field(description="What is wrong and what would be valid.")
    line: int | None = Field(
        default=None, description="Line in the body, when known (malformed JSON)."
    )


class ProblemDetails(BaseModel):
    """An error response (RFC 9457)."""

    type: str = Field(description="Stable URI of the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong here and how to fix it.")
    instance: str = Field(description="The request path.")
    request_id: str = Field(description="The X-Request-ID; quote it in reports.")
    errors: list[FieldProblem] | None = Field(
        default=None, description="The failing fields, for validation problems."
    )


class ApiProblem(Exception):
    """Raised by routes and middleware; rendered as problem+json."""

    def __init__(
        self,
        kind: ProblemKind,
        detail: str,
        errors: list[Problem] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def render(problem: ApiProblem, scope: Scope) -> Response:
    """The problem+json response for ``problem`` in the request ``scope``."""
    errors = problem.errors
    body = ProblemDetails(
        type=problem.kind.type,
        title=problem.kind.title,
        status=problem.kind.status,
        detail=problem.detail,
        instance=scope.get("path", ""),
        request_id=scope.get("state", {}).get("request_id", ""),
        errors=None
        if errors is None
        else [
            FieldProblem(path=p.path, message=p.message, line=p.line) for p in errors
        ],
    )
    return Response(
        body.model_dump_json(exclude_none=True),
        status_code=problem.kind.status,
        headers=problem.headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the problems an endpoint can return."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        kinds = [kind for kind in KINDS if kind.status == status]
        out[status] = {
            "model": ProblemDetails,
            "description": " or ".join(kind.title for kind in kinds),
            "content": {PROBLEM_MEDIA_TYPE: {"example": _example(kinds[0])}},
        }
    return out


def _example(kind: ProblemKind) -> dict[str, Any]:
    example: dict[str, Any] = {
        "type": kind.type,
        "title": kind.title,
        "status": kind.status,
        "detail": _EXAMPLE_DETAILS[kind.slug],
        "instance": "/v1/critique",
        "request_id": "3f2a9c1e8b7d4e6f",
    }
    if kind is INVALID_DOCUMENT:
        example["errors"] = [
            {
                "path": "objectives[0].key_results[1]",
                "message": "a key result must be a string or a mapping with 'text'",
            }
        ]
    return example


_EXAMPLE_DETAILS = {
    "malformed-body": "invalid JSON at line 3, column 5: Expecting ',' delimiter",
    "unauthorized": "send 'Authorization: Bearer <key>' with one of the service's keys",
    "not-found": "no principle 'smart-measurabel' in 'en'; see GET /v1/principles",
    "method-not-allowed": "GET is not allowed here; allowed: POST",
    "body-too-large": "the body is over the limit of 1048576 bytes",
    "unsupported-media-type": "got 'image/png'; send Content-Type: application/json",
    "invalid-document": "1 field is invalid; see errors",
    "invalid-parameter": "lang: Input should be 'en' or 'vi'",
    "internal-error": "the coach failed unexpectedly; quote the request id when "
    "reporting it",
}
