"""POST /v1/cascade: propose a unit's or a person's OKRs from the parent OKRs."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Body, Request, Response
from fastapi.responses import StreamingResponse

from api.deps import SettingsDep
from api.openapi import EXAMPLES, example
from api.problems import INTERNAL_ERROR, responses
from coach.cascade import CascadeRequest, CascadeResult, cascade, cascade_steps
from coach.cascade.nodes import check_unit
from coach.settings import Settings

logger = logging.getLogger(__name__)
router = APIRouter(tags=["cascade"])

EVENT_STREAM = "text/event-stream"


@router.post(
    "/cascade",
    summary="Propose cascaded OKRs that contribute to the parent key results",
    response_model=CascadeResult,
    responses={
        200: {
            "description": "The proposals as JSON or, with Accept: text/event-stream, "
            "one 'step' event per graph step and then a 'result' event.",
            "content": {
                "application/json": {"example": example("cascade-response")},
                EVENT_STREAM: {"schema": {"type": "string"}},
            },
        },
        **responses(401, 413, 422),
    },
)
async def cascade_okrs(
    body: Annotated[
        CascadeRequest,
        Body(
            openapi_examples={
                "support": {
                    "summary": "Customer Support from the company's OKRs",
                    "value": example("cascade-request"),
                }
            }
        ),
    ],
    request: Request,
    settings: SettingsDep,
) -> Response:
    """Drafts 1-3 objectives for the unit (or person), each linked to the parent key
    result it moves, with 3-4 key results the unit itself can move, critiqued and
    revised by the coach before they are returned; lists the parent key results no
    proposal supports and why. The same inputs and output as ``okr-coach cascade
    --format json``.

    Send ``Accept: text/event-stream`` to follow progress: one ``step`` event per
    graph step (prepare, plan_coverage, generate, critique_proposals, revise), then
    a ``result`` event with the same JSON."""
    # Known before any byte is streamed, so an unknown unit is still a 422.
    check_unit(body, settings)
    if EVENT_STREAM in request.headers.get("accept", ""):
        # A sync iterator: Starlette runs each step in its thread pool.
        return StreamingResponse(_events(body, settings), media_type=EVENT_STREAM)
    limiter = getattr(request.app.state, "critique_threads", None)
    result = await anyio.to_thread.run_sync(cascade, body, settings, limiter=limiter)
    request.state.coach_mode = result.mode + ("+degraded" if result.degraded else "")
    return Response(result.model_dump_json(), media_type="application/json")


def _events(body: CascadeRequest, settings: Settings) -> Iterator[str]:
    try:
        for step, data in cascade_steps(body, settings):
            yield _event("result" if step == "result" else "step", data)
    except Exception:
        # Headers are sent: the failure can only travel as an event of its own.
        logger.exception("cascade stream failed")
        problem = {
            "type": INTERNAL_ERROR.type,
            "title": INTERNAL_ERROR.title,
            "status": INTERNAL_ERROR.status,
            "detail": "the cascade failed; quote the request id when reporting it",
        }
        yield _event("error", problem)


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def write_example() -> None:
    """Rewrite cascade-response.json from the coach's answer to cascade-request.json."""
    request = CascadeRequest.model_validate(example("cascade-request"))
    answer = cascade(request, Settings()).model_dump_json(indent=2)
    (EXAMPLES / "cascade-response.json").write_text(answer + "\n", encoding="utf-8")


if __name__ == "__main__":
    # python3 -m api.routes.cascade: refresh the worked example after the coach changes.
    write_example()
