"""One settings object, read once: thresholds and model options.

Environment variables use the prefix OKR_COACH_ (nested with __, e.g.
OKR_COACH_THRESHOLDS__MAX_KEY_RESULTS=6); a YAML config file and CLI flags override.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    api_base: str | None = None
    api_key: str | None = None
    timeout: float = Field(default=30.0, gt=0, description="Seconds per model call.")
    fallbacks: list[str] = Field(default_factory=list)
    cache_dir: Path = Field(default=Path.home() / ".cache" / "okr-coach")


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
    parts = [
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
        for err in exc.errors(include_url=False)
    ]
    return where + "invalid setting(s): " + "; ".join(parts)
