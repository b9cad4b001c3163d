"""The OKR document a user writes: cycle, objectives and key results.

These models are the single definition of the input format: the loader validates
YAML and JSON against them, ``okr-coach schema`` exports them as JSON Schema, and
the API accepts the same shape.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class Level(StrEnum):
    company = "company"
    department = "department"
    team = "team"
    individual = "individual"


class OkrType(StrEnum):
    committed = "committed"
    aspirational = "aspirational"


class Direction(StrEnum):
    increase = "increase"
    decrease = "decrease"
    maintain = "maintain"


class _Strict(BaseModel):
    # Unknown keys are errors: a typo such as "owner_name" must not vanish silently.
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        allow_inf_nan=False,
    )


class Cycle(_Strict):
    name: str = Field(description="Label of the cycle, e.g. 2027-Q1.", min_length=1)
    start: dt.date = Field(description="First day of the cycle (YYYY-MM-DD).")
    end: dt.date = Field(description="Last day of the cycle (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _end_after_start(self) -> Cycle:
        if self.end < self.start:
            raise ValueError(f"cycle ends ({self.end}) before it starts ({self.start})")
        return self


class KeyResult(_Strict):
    id: str | None = Field(
        default=None, description="Stable id; defaults to '<objective id>.kr<N>'."
    )
    text: str = Field(
        min_length=1, description="The key result as the author wrote it."
    )
    baseline: float | None = Field(default=None, description="Value at cycle start.")
    target: float | None = Field(default=None, description="Value to reach.")
    unit: str | None = Field(default=None, description="Unit of the metric: %, min…")
    direction: Direction | None = Field(
        default=None, description="Whether the metric should go up, down or hold."
    )
    due: dt.date | None = Field(default=None, description="Deadline (YYYY-MM-DD).")
    confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Owner's confidence, 0.0-1.0."
    )
    score: float | None = Field(
        default=None, ge=0.0, le=1.0, description="End-of-cycle score, 0.0-1.0."
    )


def _key_result_from_any(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Objective(_Strict):
    id: str | None = Field(default=None, description="Stable id; defaults to o1, o2…")
    title: str = Field(min_length=1, description="Qualitative, inspiring goal.")
    owner: str | None = Field(default=None, description="The one accountable person.")
    level: Level = Field(default=Level.individual, description="Where it sits.")
    unit: str | None = Field(default=None, description="Department or team name.")
    type: OkrType | None = Field(
        default=None, description="committed (expect 100%) or aspirational (~70%)."
    )
    parent: str | None = Field(
        default=None, description="Id of the objective or key result it supports."
    )
    key_results: list[
        Annotated[
            KeyResult,
            BeforeValidator(
                _key_result_from_any, json_schema_input_type=str | KeyResult
            ),
        ]
    ] = Field(
        default_factory=list,
        description="3-5 key results: plain strings or objects with details.",
    )


class OkrDocument(_Strict):
    """One owner's, unit's or company's OKRs for one cycle."""

    cycle: Cycle | None = Field(
        default=None, description="The period these OKRs cover."
    )
    objectives: list[Objective] = Field(min_length=1)

    @model_validator(mode="after")
    def _default_ids(self) -> OkrDocument:
        for n, objective in enumerate(self.objectives, start=1):
            objective.id = objective.id or f"o{n}"
            for m, kr in enumerate(objective.key_results, start=1):
                kr.id = kr.id or f"{objective.id}.kr{m}"
        return self

    def key_results(self) -> list[tuple[Objective, KeyResult]]:
        return [(o, kr) for o in self.objectives for kr in o.key_results]

    def duplicate_ids(self) -> list[tuple[str, str]]:
        """(path, id) of every objective or key result whose id was used before."""
        seen: set[str] = set()
        clashes = []
        for i, objective in enumerate(self.objectives):
            items = [(f"objectives[{i}].id", objective.id)]
            items += [
                (f"objectives[{i}].key_results[{j}].id", kr.id)
                for j, kr in enumerate(objective.key_results)
            ]
            for path, ident in items:
                if ident in seen:
                    clashes.append((path, str(ident)))
                seen.add(str(ident))
        return clashes
