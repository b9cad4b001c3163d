"""End to end: `okr-coach serve` on a free 127.0.0.1 port, spoken to over HTTP."""

from __future__ import annotations

import json
import logging
import logging.config
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from api_support import ROOT, draft
from typer.testing import CliRunner

from api.server import make_app
from coach.cli import app as cli
from coach.errors import ConfigError

STARTUP_SECONDS = 60


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)

    def log(self) -> list[str]:
        out = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return out

    def log_until(self, text: str, timeout: float = 10) -> list[str]:
        """Lines logged so far, waiting for one that contains ``text``."""
        out: list[str] = []
        while not out or text not in out[-1]:
            out.append(self.lines.get(timeout=timeout))
        return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command() -> list[str]:
    found = shutil.which("okr-coach")
    return (
        [found]
        if found
        else [sys.executable, "-c", "from coach.cli import main; main()"]
    )


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_COACH_")}
    process = subprocess.Popen(
        [*_command(), "serve", "--port", str(port), "--log-json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    running = Server(f"http://127.0.0.1:{port}", process)
    started = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            running.lines.put(line)
            if "Application startup complete" in line:
                started.set()
        started.set()  # the process ended: stop waiting

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        # Wait for the server's own word that it is up, not for a fixed time.
        started.wait(STARTUP_SECONDS)
        if process.poll() is not None:
            pytest.fail("okr-coach serve exited:\n" + "".join(running.log()))
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        reader.join(timeout=5)


def test_served_over_http_it_critiques_refuses_bad_bodies_and_keeps_serving(
    server: Server,
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        health = client.get("/healthz")
        critique = client.post(
            "/v1/critique", json=draft(), headers={"X-Request-ID": "e2e-1"}
        )
        too_large = client.post(
            "/v1/critique",
            content=b" " * (3 * 1024 * 1024),
            headers={"Content-Type": "application/json"},
        )
        wrong_type = client.post(
            "/v1/critique",
            content=b"\x89PNG\r\n\x1a\n" + b"\0" * 1024,
            headers={"Content-Type": "image/png"},
        )
        document = draft()
        document["objectives"][1]["key_results"][0] = {"text": ["not", "a", "string"]}
        invalid = client.post("/v1/critique", json=document)
        still_healthy = client.get("/healthz")
        still_critiquing = client.post("/v1/critique", json=draft())

    assert health.json() == {"status": "ok"}
    assert critique.status_code == 200
    assert critique.headers["x-request-id"] == "e2e-1"
    assert critique.json()["counts"]["objectives"] == 3
    assert too_large.status_code == 413
    assert wrong_type.status_code == 415
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["path"] == "objectives[1].key_results[0].text"
    assert still_healthy.status_code == 200
    assert still_critiquing.status_code == 200


def test_served_with_log_json_it_logs_one_json_line_per_request(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        client.get("/readyz", headers={"X-Request-ID": "e2e-ready"})

    records = [json.loads(line) for line in server.log_until("e2e-ready")]
    access = [r for r in records if r.get("request_id") == "e2e-ready"]
    assert access == [
        {
            "time": access[0]["time"],
            "level": "INFO",
            "logger": "api.access",
            "message": access[0]["message"],
            "method": "GET",
            "path": "/readyz",
            "status": 200,
            "latency_ms": access[0]["latency_ms"],
            "mode": "offline",
            "request_id": "e2e-ready",
        }
    ]
    assert any(
        r["message"].startswith("okr-coach 0.1.0 ready: mode offline") for r in records
    )


@pytest.fixture
def uvicorn_runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record uvicorn.run calls instead of serving; leave the test's logging alone."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **options: calls.append({"app": app, **options})
    )
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    return calls


def test_serve_passes_its_options_to_uvicorn(
    uvicorn_runs: list[dict[str, Any]],
) -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--port", "9001", "--workers", "2", "--log-json"]
    )

    assert result.exit_code == 0, result.output
    (call,) = uvicorn_runs
    assert (call["app"], call["factory"]) == ("api.server:make_app", True)
    assert (call["host"], call["port"], call["workers"]) == ("127.0.0.1", 9001, 2)
    assert call["access_log"] is False
    formatter = call["log_config"]["formatters"]["json"]["()"]
    assert formatter.__name__ == "JsonFormatter"
    assert call["log_config"]["handlers"].keys() == {"json"}


def test_server_processes_hand_the_gil_to_the_event_loop_often(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    intervals: list[float] = []
    monkeypatch.setattr(sys, "setswitchinterval", intervals.append)

    app = make_app()

    assert intervals == [0.001]
    assert app.title == "okr-coach"


def test_serve_warns_when_it_listens_beyond_loopback_without_keys(
    uvicorn_runs: list[dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="api.server"):
        CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
        CliRunner().invoke(cli, ["serve", "--host", "::1"])

    assert len(uvicorn_runs) == 2
    assert [r.getMessage() for r in caplog.records] == [
        "serving on 0.0.0.0 without API keys; set OKR_COACH_SERVICE_KEYS to require "
        "them"
    ]


def test_serve_stops_with_a_message_on_a_bad_setting(
    uvicorn_runs: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKR_COACH_MAX_BODY_BYTES", "lots")

    result = CliRunner().invoke(cli, ["serve"])

    assert isinstance(result.exception, ConfigError)
    assert "max_body_bytes" in str(result.exception)
    assert uvicorn_runs == []
