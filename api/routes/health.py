"""GET /healthz and /readyz: open to probes, even when API keys are on."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import SettingsDep
from api.problems import responses
from api.schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="Is the process alive?",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok"}}}},
        **responses(405),
    },
)
async def healthz() -> Health:
    """Answers as soon as the server runs; a liveness probe for orchestrators."""
    return Health()


@router.get(
    "/readyz",
    summary="Can it critique, and in which mode?",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "status": "ready",
                        "mode": "offline",
                        "model": None,
                        "version": "0.1.0",
                    }
                }
            }
        },
        **responses(405),
    },
)
async def readyz(request: Request, settings: SettingsDep) -> Readiness:
    """Ready once the knowledge and the critique graph are loaded. ``mode`` is
    ``offline`` (rules only) unless a model is configured (OKR_COACH_MODEL) and not
    switched off (OKR_COACH_OFFLINE)."""
    return Readiness(
        mode="model" if settings.uses_model else "offline",
        model=settings.model if settings.uses_model else None,
        version=request.app.version,
    )
