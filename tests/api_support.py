"""Helpers for the API tests: an app on explicit settings, and the bundled drafts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from coach.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
API_EXAMPLES = ROOT / "api" / "examples"


@contextmanager
def api_client(**settings: Any) -> Iterator[TestClient]:
    """A TestClient on a fresh app; ``settings`` override the defaults."""
    with TestClient(create_app(Settings(**settings))) as client:
        yield client


def draft(name: str = "draft-en.yaml") -> dict[str, Any]:
    """A bundled example draft as the JSON-ready dict a client would send."""
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(json.dumps(yaml.safe_load(text), default=str))
    return loaded


def api_example(name: str) -> Any:
    return json.loads((API_EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
