"""The state that flows through the cascade graph."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from coach.cascade.models import CascadeRequest, Proposal
from coach.cascade.offline import Plan
from coach.cascade.units import UnitProfile
from coach.report import Finding, Usage
from coach.settings import Settings


class Draft(TypedDict):
    """One critiqued version of the proposals."""

    proposals: list[Proposal]
    findings: list[Finding]
    errors: int


class CascadeState(TypedDict, total=False):
    # Input.
    request: CascadeRequest
    settings: Settings
    # Filled by prepare.
    lang: str
    due: dt.date | None
    parents: dict[str, str]  # parent key result id -> text
    profile: UnitProfile | None
    mode: str
    degraded: bool
    notices: list[str]
    usage: Usage
    gaps: dict[str, str]  # parent key result id -> why the unit cannot move it
    # Filled by plan_coverage, generate, critique_proposals and revise.
    plan: Plan | None
    proposals: list[Proposal]
    findings: list[Finding]
    errors: int
    rounds: int
    progress: bool
    best: Draft | None
    # Filled by assemble.
    result: Any
