"""The outermost layer of the service: request ids, the body limit, the access log
and the last word on unexpected errors.

Written as plain ASGI rather than BaseHTTPMiddleware: it wraps every request, so it
must not add a task or a copy of the body per request. The body limit is not
Starlette's RequestBodyLimitMiddleware: that one answers in plain text, and only
once a route reads the body.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import BODY_TOO_LARGE, INTERNAL_ERROR, ApiProblem, render

logger = logging.getLogger(__name__)
access_logger = logging.getLogger("api.access")

# Ids from a proxy or client are echoed only when they cannot break a log line.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}")


class ServiceMiddleware:
    """Tags, bounds, logs and guards every HTTP request."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, mode: str) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.mode = mode

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 0

        async def send_tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            await self._guarded(scope, receive, send_tagged)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            mode = state.get("coach_mode", self.mode)
            access_logger.info(
                "%s %s %d %.1f ms mode=%s id=%s",
                scope["method"],
                scope["path"],
                status,
                elapsed_ms,
                mode,
                request_id,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "latency_ms": round(elapsed_ms, 2),
                    "mode": mode,
                    "request_id": request_id,
                },
            )

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        responded = False

        async def send_watched(message: Message) -> None:
            nonlocal responded
            responded = responded or message["type"] == "http.response.start"
            await send(message)

        try:
            declared = _content_length(scope)
            if declared is not None and declared > self.max_body_bytes:
                # Refused from the header alone: the body is never read.
                raise self._too_large()
            await self.app(scope, self._bounded(receive), send_watched)
        except ApiProblem as problem:
            if responded:
                raise
            await render(problem, scope)(scope, receive, send_watched)
        except Exception:
            logger.exception(
                "unhandled error in %s %s, request %s",
                scope["method"],
                scope["path"],
                scope["state"]["request_id"],
            )
            if responded:
                raise
            crash = ApiProblem(
                INTERNAL_ERROR,
                "the coach failed unexpectedly; quote the request id when reporting it",
            )
            await render(crash, scope)(scope, receive, send_watched)

    def _bounded(self, receive: Receive) -> Receive:
        """``receive`` that counts body bytes as they stream in and stops at the limit."""
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise self._too_large()
            return message

        return bounded

    def _too_large(self) -> ApiProblem:
        return ApiProblem(
            BODY_TOO_LARGE,
            f"the body is over the limit of {self.max_body_bytes} bytes; send a "
            "smaller document (OKR_COACH_MAX_BODY_BYTES sets the limit)",
            # The rest of the body is not read, so the connection cannot be reused.
            headers={"Connection": "close"},
        )


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


def _request_id(scope: Scope) -> str:
    given = _header(scope, b"x-request-id")
    if given is not None:
        text = given.decode("latin-1")
        if _SANE_ID.fullmatch(text):
            return text
    return uuid.uuid4().hex


def _content_length(scope: Scope) -> int | None:
    value: Any = _header(scope, b"content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None  # the server rejects a malformed length before the app runs
