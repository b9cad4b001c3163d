"""GET /v1/checks: the catalogue of checks."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import LangQuery
from api.problems import responses
from api.schemas import CheckEntry
from coach.catalogue import catalogue

router = APIRouter(tags=["checks"])

_EXAMPLE = {
    "code": "KR_IS_TASK",
    "severity": "error",
    "scope": "key_result",
    "principle": "results-not-tasks",
    "title": "Key result is a task",
    "description": "A task can be finished while nothing improves; a key result "
    "measures the change the work should cause.",
    "fix": "Ask what should be different once the work is done, and measure that, "
    "with a baseline, a target and a date.",
}


@router.get(
    "/checks",
    summary="List every check",
    responses={
        200: {"content": {"application/json": {"example": [_EXAMPLE]}}},
        **responses(401, 405, 422),
    },
)
async def list_checks(lang: LangQuery = None) -> list[CheckEntry]:
    """Every check the coach runs: its stable code, default severity, what it looks
    at, the principle page it rests on, and in ``lang`` (default en) why the problem
    matters and how to fix it. Finding codes in a critique are these codes."""
    language = lang or "en"
    return [
        CheckEntry(
            code=info.code,
            severity=info.severity,
            scope=info.scope,
            principle=info.principle,
            title=info.text(language, "title"),
            description=info.text(language, "why"),
            fix=info.text(language, "fix"),
        )
        for info in catalogue().values()
    ]
