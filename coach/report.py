"""What the coach returns: findings, SMART verdicts, FACTS scores, suggestions.

The same models serve the CLI's JSON output and the API's response bodies.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from coach.classify import Kind
from coach.readers.reading import SourceLocation


class Severity(StrEnum):
    info = "info"
    warning = "warning"
    error = "error"


class Verdict(StrEnum):
    passed = "pass"
    warn = "warn"
    fail = "fail"
    unknown = "unknown"


Source = Literal["rules", "model"]
Mode = Literal["offline", "model"]


class Finding(BaseModel):
    code: str = Field(description="Stable check code, e.g. KR_IS_TASK.")
    severity: Severity
    target: str = Field(description="Id of the objective or key result, or 'document'.")
    title: str = Field(description="Short name of the problem.")
    message: str = Field(description="What is wrong.")
    why: str = Field(description="Why it matters.")
    fix: str = Field(description="How to fix it.")
    evidence: list[str] = Field(
        default_factory=list, description="The words behind it."
    )
    principle: str = Field(description="Id of the knowledge page it rests on.")
    source: Source = "rules"


class Criterion(BaseModel):
    verdict: Verdict
    reason: str


class Smart(BaseModel):
    specific: Criterion
    measurable: Criterion
    achievable: Criterion
    relevant: Criterion
    time_bound: Criterion


class Suggestion(BaseModel):
    text: str = Field(
        description="The rewrite; [brackets] mark what the author fills in."
    )
    placeholders: list[str] = Field(default_factory=list)
    rationale: str
    source: Source = "rules"


class KeyResultReview(BaseModel):
    id: str
    text: str
    kind: Kind
    kind_confidence: float = Field(ge=0.0, le=1.0)
    kind_evidence: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    smart: Smart
    suggestion: Suggestion | None = None


class ObjectiveReview(BaseModel):
    id: str
    title: str
    owner: str | None
    level: str
    type: str | None
    parent: str | None
    findings: list[Finding] = Field(default_factory=list)
    smart: Smart
    key_results: list[KeyResultReview] = Field(default_factory=list)


class FactsScore(BaseModel):
    score: int = Field(ge=0, le=100)
    lowered_by: list[str] = Field(default_factory=list)


class Facts(BaseModel):
    focus: FactsScore
    alignment: FactsScore
    commitment: FactsScore
    tracking: FactsScore
    stretching: FactsScore


class Counts(BaseModel):
    error: int = 0
    warning: int = 0
    info: int = 0
    tasks: int = 0
    key_results: int = 0
    objectives: int = 0


class Usage(BaseModel):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    latency_ms: float = 0.0


class Critique(BaseModel):
    mode: Mode = Field(
        description="offline (rules only) or model (rules plus a model)."
    )
    degraded: bool = Field(description="True when a model was asked but failed.")
    notices: list[str] = Field(default_factory=list)
    lang: Literal["en", "vi"]
    score: int = Field(ge=0, le=100, description="Overall quality, 0-100.")
    facts: Facts
    counts: Counts
    findings: list[Finding] = Field(
        default_factory=list, description="Findings about the document as a whole."
    )
    objectives: list[ObjectiveReview]
    usage: Usage = Field(default_factory=Usage)
    source: dict[str, SourceLocation] = Field(
        default_factory=dict,
        description="Where each objective and key result was read in the input, by "
        "id (a line, or a sheet and row): a finding's target points into it.",
    )

    def all_findings(self) -> list[Finding]:
        found = list(self.findings)
        for objective in self.objectives:
            found += objective.findings
            for kr in objective.key_results:
                found += kr.findings
        return found
