"""Cascading: propose a unit's or a person's OKRs from the parent OKRs, each linked to
the parent key result it moves and critiqued by the coach before it is returned."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from coach.cascade.models import CascadeRequest, CascadeResult
from coach.settings import Settings, default_settings


def cascade(request: CascadeRequest, settings: Settings | None = None) -> CascadeResult:
    """Run the cascade graph: generate, critique, revise, at most three rounds."""
    from coach.cascade.graph import cascade_graph  # langgraph is heavy: load on use

    state = cascade_graph.invoke(
        {"request": request, "settings": settings or default_settings()}
    )
    result: CascadeResult = state["result"]
    return result


def cascade_steps(
    request: CascadeRequest, settings: Settings | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The graph's steps as they finish, (step name, short summary), ending with
    ("result", the CascadeResult as JSON-ready data)."""
    from coach.cascade.graph import cascade_graph

    start = {"request": request, "settings": settings or default_settings()}
    for update in cascade_graph.stream(start, stream_mode="updates"):
        for step, changes in update.items():
            if step == "assemble":
                yield "result", changes["result"].model_dump(mode="json")
            else:
                yield step, _summary(step, changes or {})


def _summary(step: str, changes: dict[str, Any]) -> dict[str, Any]:
    summary: dict[str, Any] = {"step": step}
    if "proposals" in changes:
        summary["proposals"] = len(changes["proposals"])
    for key in ("rounds", "errors", "lang", "mode"):
        if key in changes:
            summary[key] = changes[key]
    return summary


__all__ = ["CascadeRequest", "CascadeResult", "cascade", "cascade_steps"]
