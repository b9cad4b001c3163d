"""Response bodies that exist only in the API; critiques and principles use the
coach's own models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from coach.report import Mode, Severity


class CheckEntry(BaseModel):
    """One check of the catalogue (knowledge/checks.yaml)."""

    code: str = Field(description="Stable check code, e.g. KR_IS_TASK.")
    severity: Severity = Field(description="Default severity of its findings.")
    scope: str = Field(description="What it looks at: key_result, objective, ...")
    principle: str = Field(description="Id of the principle page it rests on.")
    title: str = Field(description="Short name of the problem it finds.")
    description: str = Field(description="Why the problem matters.")
    fix: str = Field(description="How an author fixes it.")


class Health(BaseModel):
    """The process is up and answering."""

    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    """The service can critique, and how."""

    status: Literal["ready"] = "ready"
    mode: Mode = Field(description="offline (rules only) or model (rules and a model).")
    model: str | None = Field(description="The configured model, in model mode.")
    version: str = Field(description="Version of okr-coach.")
