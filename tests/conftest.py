"""Shared fixtures: paths to the bundled data, and a critique run on a plain dict."""

from __future__ import annotations

import copy
import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fake_llm import FakeModelServer

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


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.fixture(autouse=True)
def _no_real_provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that would reach a real model provider: loopback only.

    Attempts are recorded and failed at teardown, because litellm and the coach
    would otherwise turn the refused connection into a quiet degraded result.
    """
    reached: list[str] = []

    def refuse(host: object, port: object) -> None:
        reached.append(f"{host}:{port}")
        raise ConnectionRefusedError(f"tests may not reach {host}:{port}")

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(
            str(address[0])
        ):
            refuse(address[0], address[1])
        return _connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(
            str(address[0])
        ):
            refuse(address[0], address[1])
        return _connect_ex(sock, address)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(str(host)):
            refuse(host, port)
        return _getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield
    if reached:
        pytest.fail(f"the test tried to reach the network: {', '.join(reached)}")


@pytest.fixture
def fake_model() -> Iterator[FakeModelServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1 (tests/fake_llm.py)."""
    server = FakeModelServer().start()
    yield server
    server.stop()


@pytest.fixture
def model_settings(fake_model: FakeModelServer, tmp_path: Path) -> Settings:
    """Settings that send the model's calls, embeddings included, to the fake."""
    return Settings(
        model="openai/fake",
        api_base=fake_model.api_base,
        api_key="test-key",
        cache_dir=tmp_path / "cache",
        embedding="openai/fake-embedding",
        timeout=5.0,
        deadline=20.0,
        backoff=0.01,
    )
