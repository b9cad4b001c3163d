"""Pieces every view shares: the summary line and each unit's depth in the tree."""

from __future__ import annotations

from coach.alignment.labels import word
from coach.alignment.models import AlignmentReport, UnitSummary


def summary(report: AlignmentReport) -> str:
    L = report.lang
    mode = word(L, "mode_model" if report.mode == "model" else "mode_offline")
    cycle = (
        f"{word(L, 'cycle')} {report.cycle.describe()}"
        if report.cycle
        else word(L, "no_cycle")
    )
    counts = word(L, "summary").format(score=report.score, **report.counts.model_dump())
    return f"{counts} · {cycle} · {mode}"


def depths(units: list[UnitSummary]) -> dict[str, int]:
    """Depth of each unit; units come top down, so a parent is always seen first."""
    depth: dict[str, int] = {}
    for unit in units:
        depth[unit.id] = depth[unit.parent] + 1 if unit.parent in depth else 0
    return depth
