"""The state that flows through the alignment graph."""

from __future__ import annotations

from typing import TypedDict

from coach.alignment.conflicts import MetricTable
from coach.alignment.models import (
    AlignmentFinding,
    AlignmentReport,
    CandidatePair,
    Confirmation,
    CycleInfo,
    Penalty,
    SourcedDocument,
    UnitSummary,
)
from coach.alignment.organisation import Organisation
from coach.report import Usage
from coach.settings import Settings


class AlignmentState(TypedDict, total=False):
    # Input: the organisation's documents, settings, and optional choices.
    sources: list[SourcedDocument]
    settings: Settings
    lang: str  # requested output language; resolved from the documents when empty
    cycle_name: str  # the cycle under review; the most common one when empty
    # Filled by the nodes, in order.
    org: Organisation
    cycle: CycleInfo | None
    table: MetricTable
    structural: list[AlignmentFinding]
    candidates: list[CandidatePair]
    confirmations: list[Confirmation]
    findings: list[AlignmentFinding]
    penalties: list[Penalty]
    score: int
    units: list[UnitSummary]
    mode: str
    degraded: bool
    notices: list[str]
    usage: Usage
    report: AlignmentReport
