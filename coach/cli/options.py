"""Options shared by several commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Lang(StrEnum):
    en = "en"
    vi = "vi"


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of the feedback (default: the draft's)."),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="YAML config file, e.g. with 'thresholds: {max_key_results: 6}'.",
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set", help="Override a threshold: --set max_key_results=6 (repeatable)."
    ),
]


def parse_overrides(pairs: list[str] | None) -> dict[str, str]:
    """--set name=value pairs as a dict; a malformed pair is a usage error."""
    out = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(
                f"expected NAME=VALUE, got '{pair}'", param_hint="--set"
            )
        out[name.strip()] = value.strip()
    return out
