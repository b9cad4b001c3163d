"""The public entry point: critique one OKR document."""

from __future__ import annotations

from coach.document import OkrDocument
from coach.report import Critique
from coach.settings import Settings, default_settings


def critique(
    document: OkrDocument, settings: Settings | None = None, lang: str | None = None
) -> Critique:
    """Run the critique graph on a validated document."""
    from coach.graph.graph import critique_graph  # langgraph is heavy: load on use

    state = critique_graph.invoke(
        {
            "document": document,
            "settings": settings or default_settings(),
            "lang": lang or "",
        }
    )
    return state["critique"]
