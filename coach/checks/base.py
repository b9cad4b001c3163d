"""What a check sees, what it returns, and the registry of checks by scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coach.classify import Verdict as KindVerdict
from coach.document import KeyResult, Objective, OkrDocument
from coach.settings import Thresholds


@dataclass
class Hit:
    """A check fired: the words behind it and any fields its message needs."""

    evidence: list[str]
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class KrContext:
    document: OkrDocument
    objective: Objective
    kr: KeyResult
    kind: KindVerdict
    thresholds: Thresholds
    duplicate_of: str | None = None


@dataclass
class ObjectiveContext:
    document: OkrDocument
    objective: Objective
    thresholds: Thresholds
    ids: frozenset[str] = frozenset()


Check = Callable[..., Any]
registry: dict[str, dict[str, Check]] = {
    "key_result": {},
    "objective": {},
    "document": {},
}


def check(scope: str, code: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        registry[scope][code] = fn
        return fn

    return register
