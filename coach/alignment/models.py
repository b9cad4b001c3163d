"""What the alignment review takes and returns.

The same models serve the CLI's JSON output, the renderers and the API's bodies.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from coach.document import OkrDocument
from coach.report import Mode, Severity, Source, Usage


class FindingType(StrEnum):
    orphan = "orphan"
    broken_parent = "broken_parent"
    level_skip = "level_skip"
    uncovered_parent = "uncovered_parent"
    restates_parent = "restates_parent"
    overlap = "overlap"
    contradiction = "contradiction"
    overloaded_owner = "overloaded_owner"
    cycle_mismatch = "cycle_mismatch"


class UnitKind(StrEnum):
    company = "company"
    department = "department"
    team = "team"
    person = "person"


class SourcedDocument(BaseModel):
    """One document of the organisation and where it came from."""

    source: str = Field(
        description="File path or label used in messages, e.g. 'marketing.yaml'."
    )
    document: OkrDocument = Field(description="The validated OKR document.")


class AlignmentRequest(BaseModel):
    """What the API takes: the organisation's documents, and the cycle to review."""

    documents: list[SourcedDocument] = Field(
        min_length=1,
        description="The company's, each department's and each person's documents; "
        "each 'source' names its document in messages and must be unique.",
    )
    cycle: str | None = Field(
        default=None,
        description="Name of the cycle under review, e.g. 2027-Q2; default: the "
        "cycle most documents are written for.",
    )


class AlignmentFinding(BaseModel):
    type: FindingType = Field(description="Kind of alignment problem.")
    severity: Severity
    subjects: list[str] = Field(
        description="Ids of the objectives or key results involved."
    )
    message: str = Field(description="What is wrong and why, naming the ids.")
    fix: str = Field(description="How to resolve it.")
    units: list[str] = Field(
        default_factory=list,
        description="Ids of the units (see 'units') the subjects belong to.",
    )
    principle: str = Field(description="Id of the knowledge page it rests on.")
    source: Source = "rules"


class Penalty(BaseModel):
    type: FindingType
    findings: int = Field(description="How many findings of this type.")
    points: int = Field(ge=0, description="Points taken off the health score.")
    reason: str = Field(description="How the points were counted.")


class UnitSummary(BaseModel):
    """A node of the organisation tree: the company, a department, a team or a
    person who owns individual objectives."""

    id: str = Field(description="Stable id, e.g. 'unit:marketing', 'person:lan-pham'.")
    name: str = Field(description="Unit or person name as written in the documents.")
    kind: UnitKind
    parent: str | None = Field(description="Id of the unit above it in the tree.")
    linked: bool = Field(
        description="False when no parent link places it and it hangs under the top."
    )
    owners: list[str] = Field(default_factory=list, description="Objective owners.")
    objectives: int = 0
    key_results: int = 0
    findings: int = 0
    errors: int = 0
    warnings: int = 0
    types: list[FindingType] = Field(
        default_factory=list, description="Finding types that touch this unit."
    )
    score: int = Field(ge=0, le=100, description="Health of this unit alone, 0-100.")


class CycleInfo(BaseModel):
    name: str
    start: dt.date | None = None
    end: dt.date | None = None

    def describe(self) -> str:
        if self.start and self.end:
            return f"{self.name} ({self.start.isoformat()} – {self.end.isoformat()})"
        return self.name


class Counts(BaseModel):
    documents: int = 0
    objectives: int = 0
    key_results: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0


class AlignmentReport(BaseModel):
    mode: Mode = Field(description="offline (rules and text similarity) or model.")
    degraded: bool = Field(
        default=False, description="True when a model was asked but failed."
    )
    notices: list[str] = Field(default_factory=list)
    lang: Literal["en", "vi"]
    cycle: CycleInfo | None = Field(description="The cycle under review.")
    score: int = Field(ge=0, le=100, description="Alignment health, 0-100.")
    penalties: list[Penalty] = Field(
        default_factory=list, description="What each lost point was lost for."
    )
    counts: Counts
    findings: list[AlignmentFinding] = Field(default_factory=list)
    units: list[UnitSummary] = Field(
        default_factory=list, description="The organisation tree, top down."
    )
    usage: Usage = Field(default_factory=Usage)


class CandidatePair(BaseModel):
    """Key results the offline pass suspects of overlapping or contradicting.

    The model step sees these, never the whole organisation."""

    kind: Literal["overlap", "contradiction"]
    left: list[str] = Field(description="Key result ids on one side.")
    right: list[str] = Field(description="Key result ids on the other side.")
    left_text: str = Field(description="Text of the first key result on the left.")
    right_text: str = Field(description="Text of the first key result on the right.")
    metric: str = Field(description="The normalised metric phrase they share.")
    similarity: float = Field(ge=0.0, le=1.0)
    tradeoff: str | None = Field(
        default=None, description="Id of the known trade-off, when that is the link."
    )


class Verdict(StrEnum):
    confirm = "confirm"
    dismiss = "dismiss"


class Confirmation(BaseModel):
    """The model's answer about one candidate pair."""

    pair: int = Field(ge=0, description="Index of the candidate pair it answers.")
    verdict: Verdict = Field(
        description="confirm when the two really overlap or conflict, else dismiss."
    )
    explanation: str = Field(
        default="", description="One sentence a planner can act on."
    )
