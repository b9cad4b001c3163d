"""POST /v1/alignment: review the OKR documents of one organisation together."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import anyio
from fastapi import APIRouter, Body, Request, Response

from api.deps import LangQuery, SettingsDep
from api.openapi import EXAMPLES, example
from api.problems import responses
from coach.alignment import review_alignment
from coach.alignment.models import AlignmentReport, AlignmentRequest, SourcedDocument
from coach.errors import InputError, Problem
from coach.settings import Settings

router = APIRouter(tags=["alignment"])


@router.post(
    "/alignment",
    summary="Review an organisation's OKRs for alignment conflicts",
    response_model=AlignmentReport,
    responses={
        200: {
            "content": {"application/json": {"example": example("alignment-response")}}
        },
        **responses(401, 413, 422),
    },
)
async def review_organisation(
    body: Annotated[
        AlignmentRequest,
        Body(
            openapi_examples={
                "meal-kits": {
                    "summary": "A company, a department and one person",
                    "value": example("alignment-request"),
                }
            }
        ),
    ],
    request: Request,
    settings: SettingsDep,
    lang: LangQuery = None,
) -> Response:
    """Reviews the documents together, the same as ``okr-coach align --format
    json``: objectives with no parent or a parent that does not exist, people linked
    past their department, company and department key results nothing supports,
    children repeating their parent, units measuring the same thing or pulling
    against each other, overloaded owners and documents or due dates outside the
    cycle. Each finding has its type, severity, the ids involved, the reason and a
    fix; the answer also has the health score with the penalty behind every point
    lost, and the organisation tree with a summary per unit and person.

    Ids must be unique across the documents. ``lang`` picks the language of the
    messages; by default it follows most documents."""
    _check_sources(body.documents)
    limiter = getattr(request.app.state, "critique_threads", None)
    report = await anyio.to_thread.run_sync(
        _review, body, settings, lang, limiter=limiter
    )
    request.state.coach_mode = report.mode + ("+degraded" if report.degraded else "")
    return Response(report.model_dump_json(), media_type="application/json")


def _check_sources(documents: list[SourcedDocument]) -> None:
    """Ids unique inside each document, and one name per document."""
    problems = [
        Problem(f"documents[{i}].document.{path}", f"id '{ident}' is already used")
        for i, sourced in enumerate(documents)
        for path, ident in sourced.document.duplicate_ids()
    ]
    repeated = [
        name for name, n in Counter(d.source for d in documents).items() if n > 1
    ]
    problems += [
        Problem(
            f"documents[{i}].source",
            f"'{d.source}' names another document too; give each its own name",
        )
        for i, d in enumerate(documents)
        if d.source in repeated
    ]
    if problems:
        raise InputError("body", problems)


def _review(
    body: AlignmentRequest, settings: Settings, lang: str | None
) -> AlignmentReport:
    try:
        return review_alignment(body.documents, settings, lang, body.cycle)
    except InputError as exc:
        # An id used in two documents: point at the second one inside the body.
        index = next(i for i, d in enumerate(body.documents) if d.source == exc.source)
        problems = [
            Problem(f"documents[{index}].document.{p.path}", p.message)
            for p in exc.problems
        ]
        raise InputError("body", problems) from None


def write_example() -> None:
    """Rewrite alignment-response.json from the coach's answer to the request."""
    request = AlignmentRequest.model_validate(example("alignment-request"))
    answer = _review(request, Settings(), None).model_dump_json(indent=2)
    (EXAMPLES / "alignment-response.json").write_text(answer + "\n", encoding="utf-8")


if __name__ == "__main__":
    # python3 -m api.routes.alignment: refresh the worked example after the coach
    # changes.
    write_example()
