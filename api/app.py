"""The FastAPI application: routers, error mapping and middleware, built from one
Settings object. ``okr-coach serve`` runs ``create_app`` under uvicorn."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from importlib.metadata import version

import anyio
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from starlette.exceptions import HTTPException

from api import openapi
from api.deps import require_key
from api.middleware import ServiceMiddleware
from api.problems import (
    INVALID_DOCUMENT,
    INVALID_PARAMETER,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    ApiProblem,
    ProblemKind,
    render,
)
from api.routes import (
    alignment,
    cascade,
    checks,
    critique,
    health,
    principles,
    web,
)
from coach.errors import InputError, NotFoundError, Problem
from coach.loader import format_path
from coach.settings import Settings, load_settings

logger = logging.getLogger(__name__)

# Critiques get their own threads, apart from the pool FastAPI and Starlette use.
# Rules-only critiques are CPU work under one GIL, so more threads add no speed,
# only memory (the answer to a 1 MiB draft is ~19 MB); four still let small drafts
# through beside a few huge ones. Model critiques mostly wait on the network.
OFFLINE_THREADS = 4
MODEL_THREADS = 40

DESCRIPTION = """\
Coaching for OKRs over HTTP: critique a draft (SMART verdicts, FACTS scores, tasks
flagged and rewritten), list the checks and read the principles behind them.

Errors are `application/problem+json` (RFC 9457) with a stable `type`. When the
service has API keys (OKR_COACH_SERVICE_KEYS), `/v1/*` needs
`Authorization: Bearer <key>`; `/healthz` and `/readyz` stay open.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service, configured by ``settings`` (default: the environment)."""
    settings = settings or load_settings()
    # Limitation: /docs loads Swagger UI from a CDN, so it is blank on a machine
    # without internet; /openapi.json and the page at / are served locally.
    app = FastAPI(
        title="okr-coach",
        version=version("okr-coach"),
        summary="Coaching for OKRs: critique drafts and explain the principles.",
        description=DESCRIPTION,
        lifespan=_warm_up,
        redoc_url=None,
    )
    app.state.settings = settings
    app.include_router(health.router)
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_key)])
    for module in (critique, cascade, alignment, checks, principles):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(web.router)
    _map_errors(app)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    # Added last, so it is outermost: every response, even CORS's, gets an id and a log line.
    app.add_middleware(
        ServiceMiddleware,
        max_body_bytes=settings.max_body_bytes,
        mode="model" if settings.uses_model else "offline",
    )
    openapi.install(app)
    return app


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Load the knowledge and the critique graph before the first request."""
    settings: Settings = app.state.settings
    threads = MODEL_THREADS if settings.uses_model else OFFLINE_THREADS
    app.state.critique_threads = anyio.CapacityLimiter(threads)
    # Offline on purpose: warming up must not spend a model call.
    offline = settings.model_copy(update={"offline": True})
    await anyio.to_thread.run_sync(_critique_example, offline)
    logger.info(
        "okr-coach %s ready: mode %s%s, body limit %d bytes, API keys %s, CORS %s",
        app.version,
        "model" if settings.uses_model else "offline",
        f" ({settings.model})" if settings.uses_model else "",
        settings.max_body_bytes,
        "on" if settings.service_keys else "off",
        ", ".join(settings.cors_origins) or "off",
    )
    yield


def _critique_example(settings: Settings) -> None:
    from coach.critique import critique as run
    from coach.loader import validate_document

    run(validate_document(openapi.example("critique-document")), settings)


def _map_errors(app: FastAPI) -> None:
    async def api_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        return render(exc, request.scope)

    async def input_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InputError)
        count = len(exc.problems)
        detail = f"{count} field{'s are' if count > 1 else ' is'} invalid: " + (
            "; ".join(str(p) for p in exc.problems[:3])
        )
        problem = ApiProblem(INVALID_DOCUMENT, detail, exc.problems)
        return render(problem, request.scope)

    async def not_found(request: Request, exc: Exception) -> Response:
        return render(ApiProblem(NOT_FOUND, str(exc)), request.scope)

    async def invalid_parameter(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [
            Problem(format_path(tuple(err["loc"][1:])), err["msg"])
            for err in exc.errors()
        ]
        detail = "; ".join(str(p) for p in problems)
        in_body = any(err["loc"][:1] == ("body",) for err in exc.errors())
        kind = INVALID_DOCUMENT if in_body else INVALID_PARAMETER
        return render(ApiProblem(kind, detail, problems), request.scope)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        problem = _http_problem(request, exc)
        return render(problem, request.scope)

    app.add_exception_handler(ApiProblem, api_problem)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(RequestValidationError, invalid_parameter)
    app.add_exception_handler(HTTPException, http_error)


def _http_problem(request: Request, exc: HTTPException) -> ApiProblem:
    """Starlette's own 404 and 405 (and any other status) as problems."""
    path, headers = request.url.path, dict(exc.headers or {})
    if exc.status_code == 404:
        return ApiProblem(NOT_FOUND, f"no endpoint at {path}; see /docs for the list")
    if exc.status_code == 405:
        allowed = headers.get("Allow", "")
        detail = f"{request.method} is not allowed on {path}; allowed: {allowed}"
        return ApiProblem(METHOD_NOT_ALLOWED, detail, headers=headers)
    phrase = HTTPStatus(exc.status_code).phrase
    kind = ProblemKind(phrase.lower().replace(" ", "-"), exc.status_code, phrase)
    return ApiProblem(kind, str(exc.detail), headers=headers)
