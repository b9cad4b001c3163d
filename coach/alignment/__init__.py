"""Alignment review: the whole organisation's OKRs checked for gaps, duplicates,
conflicts and overload before a cycle starts.

Offline it runs rules and text similarity; a configured model is only asked about
the candidate pairs the offline pass found.
"""

from __future__ import annotations

from coach.alignment.models import AlignmentReport, SourcedDocument
from coach.settings import Settings


def review_alignment(
    sources: list[SourcedDocument],
    settings: Settings | None = None,
    lang: str | None = None,
    cycle: str | None = None,
) -> AlignmentReport:
    """Review the documents of one organisation together."""
    from coach.alignment.graph import alignment_graph  # langgraph is heavy: load on use

    state = alignment_graph.invoke(
        {
            "sources": sources,
            "settings": settings or Settings(),
            "lang": lang or "",
            "cycle_name": cycle or "",
        }
    )
    return state["report"]


__all__ = ["AlignmentReport", "SourcedDocument", "review_alignment"]
