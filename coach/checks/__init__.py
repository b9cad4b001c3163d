"""The rules. Each check is a small function registered under its stable code."""

from coach.checks import document, key_result, objective  # noqa: F401  (registers)
from coach.checks.base import Hit, KrContext, ObjectiveContext, registry

__all__ = ["Hit", "KrContext", "ObjectiveContext", "registry"]
