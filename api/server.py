"""Run the service under uvicorn: what ``okr-coach serve`` calls."""

from __future__ import annotations

import ipaddress
import logging
import logging.config

import uvicorn

from api.logs import log_config
from coach.settings import load_settings

logger = logging.getLogger(__name__)


def run(host: str, port: int, workers: int, log_json: bool) -> None:
    """Serve until interrupted. Settings are checked here, once, so a bad value
    stops the start with a message instead of failing in every worker."""
    settings = load_settings()
    config = log_config(json_lines=log_json)
    logging.config.dictConfig(config)
    if not settings.service_keys and not _is_loopback(host):
        logger.warning(
            "serving on %s without API keys; set OKR_COACH_SERVICE_KEYS to require "
            "them",
            host,
        )
    # Limitation: uvicorn has no timeout for reading a request, so a client that
    # sends a body very slowly holds its connection; a reverse proxy should cut it.
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=config,
        access_log=False,  # api.access writes one richer line per request
        server_header=False,
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
