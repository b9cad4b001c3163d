"""What a cascade takes and returns. The CLI's JSON output and the API's request and
response bodies are these models."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from coach.document import Cycle, KeyResult, Level, Objective, OkrDocument, OkrType
from coach.report import Finding, Mode, Severity, Usage

MAX_PROPOSALS = 3
MAX_ROUNDS = 3


class CascadeRequest(BaseModel):
    """The parent OKRs and the unit (or person) that will contribute to them."""

    document: OkrDocument = Field(description="The parent OKRs to contribute to.")
    unit: str = Field(
        min_length=1, description="Department or team name, e.g. Customer Support."
    )
    level: Level = Field(description="department, team or individual.")
    about: str | None = Field(
        default=None,
        description="What the unit does (mission, what it owns, the metrics it can "
        "move, headcount) or, for an individual, the person's role.",
    )
    owner: str | None = Field(
        default=None, description="Who will own the proposed objectives."
    )

    @field_validator("level")
    @classmethod
    def _below_company(cls, level: Level) -> Level:
        if level is Level.company:
            raise ValueError("cascade to department, team or individual, not company")
        return level

    @field_validator("document")
    @classmethod
    def _unique_ids(cls, document: OkrDocument) -> OkrDocument:
        # A parent id used twice would make every link to it ambiguous.
        clashes = document.duplicate_ids()
        if clashes:
            path, ident = clashes[0]
            raise ValueError(
                f"{path}: id '{ident}' is already used; ids must be unique"
            )
        return document


class ProposedKeyResult(BaseModel):
    id: str = Field(description="Id in the proposed document, e.g. cs1.kr2.")
    text: str = Field(description="The key result; [brackets] are numbers to fill.")


class ProposalCritique(BaseModel):
    """What the coach's critique still says about one proposal."""

    errors: int = Field(default=0, description="Error findings left.")
    warnings: int = Field(default=0, description="Warning findings left.")
    findings: list[Finding] = Field(
        default_factory=list,
        description="Findings on the objective and its key results.",
    )


class Proposal(BaseModel):
    """One proposed objective, linked to the parent key result it moves."""

    id: str = Field(description="Id of the proposed objective.")
    title: str = Field(description="Qualitative objective in the unit's own terms.")
    level: Level
    unit: str
    owner: str | None = None
    type: OkrType | None = Field(
        default=None, description="committed or aspirational, as its parent."
    )
    parent: str = Field(description="Id of the parent key result it contributes to.")
    contribution: str = Field(description="One line: how the unit moves the parent.")
    key_results: list[ProposedKeyResult] = Field(
        description="3-4 key results the unit itself can move."
    )
    critique: ProposalCritique = Field(default_factory=ProposalCritique)


class UncoveredReason(StrEnum):
    not_a_lever = "not_a_lever"
    not_yet_covered = "not_yet_covered"


class Uncovered(BaseModel):
    """A parent key result that no proposal supports."""

    id: str = Field(description="Id of the parent key result.")
    reason: UncoveredReason = Field(
        description="not_a_lever: the unit cannot move it; not_yet_covered: it could, "
        "but no proposal does yet."
    )
    detail: str = Field(description="The reason in the output language.")


class CascadeResult(BaseModel):
    """Proposed OKRs for one unit or person, already critiqued by the coach."""

    mode: Mode = Field(description="offline (catalogue templates) or model.")
    degraded: bool = Field(description="True when a model was asked but failed.")
    unit: str = Field(description="The unit the proposals are for.")
    level: Level = Field(description="department, team or individual.")
    lang: str = Field(description="Language of the proposals: en or vi.")
    cycle: Cycle | None = Field(default=None, description="The parent OKRs' cycle.")
    rounds: int = Field(default=0, description="Critique rounds run (at most 3).")
    notices: list[str] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    uncovered: list[Uncovered] = Field(default_factory=list)
    findings: list[Finding] = Field(
        default_factory=list,
        description="Critique findings about the proposed document as a whole.",
    )
    usage: Usage = Field(default_factory=Usage)

    @property
    def errors(self) -> int:
        own = sum(f.severity is Severity.error for f in self.findings)
        return own + sum(p.critique.errors for p in self.proposals)


def to_document(proposals: list[Proposal], cycle: Cycle | None) -> OkrDocument | None:
    """The proposals as an OKR document, the shape ``okr-coach critique`` reads."""
    if not proposals:
        return None
    objectives = [
        Objective(
            id=p.id,
            title=p.title,
            owner=p.owner,
            level=p.level,
            unit=p.unit,
            type=p.type,
            parent=p.parent,
            key_results=[KeyResult(id=kr.id, text=kr.text) for kr in p.key_results],
        )
        for p in proposals
    ]
    return OkrDocument(cycle=cycle, objectives=objectives)
