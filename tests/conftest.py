"""Shared fixtures: paths to the bundled data, and a critique run on a plain dict."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.critique import critique
from coach.loader import validate_document
from coach.report import Critique
from coach.settings import Settings, Thresholds

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "examples"

CritiqueOf = Callable[..., Critique]


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's OKR_COACH_* variables must not change what the tests see.
    for name in [n for n in os.environ if n.upper().startswith("OKR_COACH_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def clean_document() -> dict[str, Any]:
    """tests/data/clean-document.yaml as a dict: every check passes on it."""
    text = (DATA / "clean-document.yaml").read_text(encoding="utf-8")
    return copy.deepcopy(yaml.safe_load(text))


@pytest.fixture
def critique_of() -> CritiqueOf:
    """Validate a document dict and critique it offline; thresholds as keywords."""

    def run(data: dict[str, Any], lang: str | None = None, **limits: Any) -> Critique:
        settings = Settings(thresholds=Thresholds(**limits))
        return critique(validate_document(data, "test"), settings, lang)

    return run
