"""Dependencies shared by the routes: the settings and the API-key guard."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import UNAUTHORIZED, ApiProblem
from coach.settings import Settings


# Both dependencies are async on purpose: FastAPI runs a plain def dependency in
# the threadpool, a hop per request for work that never blocks.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]

LangQuery = Annotated[
    Literal["en", "vi"] | None,
    Query(description="Language of the text: en or vi."),
]

_bearer = HTTPBearer(
    auto_error=False,
    description="One of the keys in OKR_COACH_SERVICE_KEYS; needed only when that "
    "variable is set.",
)


async def require_key(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let the request through when keys are off or it carries one of them."""
    keys = settings.service_keys
    if not keys:
        return
    given = credentials.credentials.encode() if credentials else b""
    # Compare with every key, without stopping early, so timing says nothing.
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given, key.get_secret_value().encode())
    if not matched:
        detail = (
            "the API key is not one of the service's keys"
            if credentials
            else "send 'Authorization: Bearer <key>' with one of the service's keys"
        )
        raise ApiProblem(
            UNAUTHORIZED,
            detail,
            headers={"WWW-Authenticate": 'Bearer realm="okr-coach"'},
        )
