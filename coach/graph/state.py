"""The state that flows through the critique graph."""

from __future__ import annotations

from typing import Any, TypedDict

from coach.checks.base import KrContext
from coach.document import OkrDocument
from coach.report import Facts, Finding, ObjectiveReview, Suggestion, Usage
from coach.settings import Settings


class CritiqueState(TypedDict, total=False):
    # Input: either raw text (with its source name) or a validated document.
    raw: str
    source: str
    document: OkrDocument
    settings: Settings
    lang: str  # requested output language; resolved from the draft when empty
    # Filled by the nodes, in order.
    contexts: dict[str, KrContext]
    kr_findings: dict[str, list[Finding]]
    objective_findings: dict[str, list[Finding]]
    document_findings: list[Finding]
    suggestions: dict[str, Suggestion]
    principles: list[dict[str, Any]]
    model_review: Any  # coach.model_review.ModelReview, once a model has answered
    reviews: list[ObjectiveReview]
    facts: Facts
    score: int
    mode: str
    degraded: bool
    notices: list[str]
    usage: Usage
    critique: Any
