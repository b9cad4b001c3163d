"""Typed failures of the coach. The CLI maps them to exit code 2, the API to
problem+json responses; every message says where the problem is and what is valid."""

from __future__ import annotations

from dataclasses import dataclass


class CoachError(Exception):
    """Base of every error the coach raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located by path (and line when known)."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.path or '(document)'}: {self.message}"


class InputError(CoachError):
    """The input document could not be read or is not a valid OKR document."""

    def __init__(self, source: str, problems: list[Problem], kind: str = "invalid"):
        self.source = source
        self.problems = problems
        self.kind = kind  # "unreadable" (syntax) or "invalid" (schema)
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s)\n{lines}")


class ConfigError(CoachError):
    """A setting or config file has a value the coach cannot use."""


class NotFoundError(CoachError):
    """A principle, check or other item asked for by id does not exist."""


class ModelError(CoachError):
    """The language model could not give a usable answer; the coach degrades.

    ``cause`` is short and user-facing ("timed out after 30 s", "HTTP 500"); the
    critique shows it in a notice next to the rules-only result.
    """

    def __init__(self, cause: str, model: str | None = None):
        self.cause = cause
        self.model = model
        super().__init__(f"{model}: {cause}" if model else cause)
