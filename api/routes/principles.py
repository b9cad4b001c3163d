"""GET /v1/principles and /v1/principles/{id}: the methodology pages."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import LangQuery
from api.problems import responses
from coach.principles import (
    Principle,
    PrincipleSummary,
    list_principles,
    read_principle,
)

router = APIRouter(tags=["principles"])

_SUMMARY = {
    "id": "results-not-tasks",
    "title": "Key results are results, not tasks",
    "tags": ["key-result", "task", "outcome"],
    "language": "en",
    "summary": "A key result describes a measurable change in the world that the "
    "work should cause, not the activities or deliverables the team plans to produce.",
}
_PAGE = {
    **_SUMMARY,
    "body": 'A key result answers the question "how will we know we succeeded?", '
    'not "what will we do?". ...',
}


@router.get(
    "/principles",
    summary="List the principle pages",
    responses={
        200: {"content": {"application/json": {"example": [_SUMMARY]}}},
        **responses(401, 405, 422),
    },
)
async def principles(lang: LangQuery = None) -> list[PrincipleSummary]:
    """Every principle page in ``lang`` (default en) without its body: id, title,
    tags and a one-sentence summary. A finding's ``principle`` is one of these ids."""
    return list_principles(lang or "en")


@router.get(
    "/principles/{principle_id}",
    summary="Read one principle page",
    responses={
        200: {"content": {"application/json": {"example": _PAGE}}},
        **responses(401, 404, 405, 422),
    },
)
async def principle(principle_id: str, lang: LangQuery = None) -> Principle:
    """The page ``principle_id`` in ``lang`` (default en), with its Markdown body:
    what the principle says, why it matters, a bad example and a better one."""
    return read_principle(principle_id, lang or "en")
