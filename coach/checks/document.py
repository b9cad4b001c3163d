"""Checks on the document as a whole. They return (target, hit) pairs."""

from __future__ import annotations

from collections import Counter

from coach.checks.base import Hit, check
from coach.document import OkrDocument
from coach.settings import Thresholds

Hits = list[tuple[str, Hit]]


def _per_owner(document: OkrDocument) -> Counter[str]:
    return Counter(o.owner or "(no owner)" for o in document.objectives)


@check("document", "TOO_MANY_OBJECTIVES")
def too_many_objectives(document: OkrDocument, t: Thresholds) -> Hits:
    fields = {"low": t.min_objectives, "high": t.max_objectives}
    return [
        ("document", Hit([owner], {**fields, "count": n}))
        for owner, n in _per_owner(document).items()
        if n > t.max_objectives
    ]


@check("document", "TOO_FEW_OBJECTIVES")
def too_few_objectives(document: OkrDocument, t: Thresholds) -> Hits:
    fields = {"low": t.min_objectives, "high": t.max_objectives}
    return [
        ("document", Hit([owner], {**fields, "count": n}))
        for owner, n in _per_owner(document).items()
        if n < t.min_objectives
    ]


@check("document", "DOC_NO_CYCLE")
def no_cycle(document: OkrDocument, t: Thresholds) -> Hits:
    return [] if document.cycle else [("document", Hit([]))]


@check("document", "CYCLE_UNUSUAL_LENGTH")
def unusual_length(document: OkrDocument, t: Thresholds) -> Hits:
    cycle = document.cycle
    if cycle is None:
        return []
    days = (cycle.end - cycle.start).days + 1
    if t.min_cycle_days <= days <= t.max_cycle_days:
        return []
    return [("document", Hit([str(days)]))]
