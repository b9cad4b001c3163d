"""okr-coach serve: the HTTP service."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli import app


@app.command(
    epilog="Examples:\n\n"
    "  okr-coach serve\n\n"
    "  okr-coach serve --host 0.0.0.0 --port 8080 --workers 2 --log-json\n\n"
    "Settings come from the environment: OKR_COACH_SERVICE_KEYS (comma-separated "
    "API keys), OKR_COACH_CORS_ORIGINS, OKR_COACH_MAX_BODY_BYTES, OKR_COACH_MODEL.\n\n"
    "API docs: http://127.0.0.1:8000/docs once it runs."
)
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes; about one per CPU core.", min=1)
    ] = 1,
    log_json: Annotated[
        bool, typer.Option("--log-json", help="Log JSON lines instead of text.")
    ] = False,
) -> None:
    """Serve the coach over HTTP (see the README's HTTP API section)."""
    from api.server import run  # fastapi and uvicorn load only for this command

    run(host, port, workers, log_json)
