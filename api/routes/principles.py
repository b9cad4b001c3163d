"""GET /v1/principles and /v1/principles/{id}: the methodology pages."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import LangQuery, SettingsDep
from api.problems import responses
from coach.principles import (
    Principle,
    PrincipleSummary,
    list_principles,
    read_principle,
)

router = APIRouter(tags=["principles"])
logger = logging.getLogger(__name__)

SearchQuery = Annotated[
    str | None,
    Query(
        max_length=500,
        description="Words to search for by meaning; the best pages come first.",
        examples=["our key results read like a to-do list"],
    ),
]

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
async def principles(
    settings: SettingsDep, lang: LangQuery = None, q: SearchQuery = None
) -> list[PrincipleSummary]:
    """Every principle page in ``lang`` (default en) without its body: id, title,
    tags and a one-sentence summary. A finding's ``principle`` is one of these ids.
    With ``q``, the five pages closest in meaning to the words, best first (the
    first search builds the local index, which takes about half a minute)."""
    pages = list_principles(lang or "en")
    if not q:
        return pages
    from coach.knowledge_index import search_principles  # chromadb: only on search

    hits = await run_in_threadpool(search_principles, q, lang or "en", settings, 5)
    by_id = {page.id: page for page in pages}
    return [by_id[hit.id] for hit in hits if hit.id in by_id]


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
