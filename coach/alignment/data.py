"""The alignment review's data file (knowledge/alignment.yaml), validated once."""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from coach.alignment.models import AlignmentFinding, FindingType
from coach.errors import ConfigError
from coach.paths import KNOWLEDGE
from coach.report import Severity

ALIGNMENT_DATA = KNOWLEDGE / "alignment.yaml"


class Texts(BaseModel):
    message: str
    fix: str


class FindingTexts(BaseModel):
    principle: str = Field(description="Id of a page in knowledge/principles.")
    en: Texts
    vi: Texts


class Pattern(BaseModel):
    any: list[str] = Field(description="The key result names one of these.")
    with_: list[str] = Field(
        default_factory=list, alias="with", description="And also one of these."
    )
    direction: Literal["increase", "decrease"]


class TradeoffTexts(BaseModel):
    reason: str
    guardrail: str


class Tradeoff(BaseModel):
    id: str
    a: list[Pattern]
    b: list[Pattern]
    en: TradeoffTexts
    vi: TradeoffTexts


class Similarity(BaseModel):
    same_metric: float = Field(
        gt=0, le=1, description="Cosine at which two key results share a metric."
    )
    qualifier: float = Field(
        gt=0, le=1, description="Cosine two qualifiers need when both are given."
    )
    restates: float = Field(
        gt=0, le=1, description="Cosine at which a child repeats its parent."
    )
    generic_weight: float = Field(
        gt=0, le=1, description="Weight of generic words such as 'rate'."
    )


class AlignmentData(BaseModel):
    points: dict[Severity, int]
    reference_objectives: int = Field(
        gt=0, description="Organisation size above which points are scaled down."
    )
    caps: dict[FindingType, int]
    findings: dict[str, FindingTexts]
    directions: dict[Literal["increase", "decrease", "maintain"], list[str]]
    means_markers: list[str]
    qualifier_markers: list[str]
    stopwords: list[str]
    generic: list[str]
    synonyms: dict[str, list[str]]
    tradeoffs: list[Tradeoff]
    similarity: Similarity


@cache
def alignment_data() -> AlignmentData:
    try:
        raw = yaml.safe_load(ALIGNMENT_DATA.read_text(encoding="utf-8"))
        return AlignmentData.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(
            f"{ALIGNMENT_DATA}: cannot use the data file: {exc}"
        ) from None


def make_finding(
    key: str,
    severity: Severity,
    subjects: list[str],
    lang: str,
    **fields: Any,
) -> AlignmentFinding:
    """A finding whose texts come from the data file; ``key`` is type or type/variant.

    A template naming a field the rule did not pass raises KeyError: a wording
    change that needs new data must fail loudly, not print '{field}'."""
    entry = alignment_data().findings[key]
    texts = entry.vi if lang == "vi" else entry.en
    values = {name: str(value) for name, value in fields.items()}
    return AlignmentFinding(
        type=FindingType(key.split("/")[0]),
        severity=severity,
        subjects=subjects,
        message=texts.message.format_map(values),
        fix=texts.fix.format_map(values),
        principle=entry.principle,
    )
