"""The okr-coach command line. Each command group lives in its own module."""

from __future__ import annotations

import os
import sys

import typer

from coach.errors import CoachError

app = typer.Typer(
    name="okr-coach",
    help="Coach OKR drafts: critique them, cascade them, review their alignment.\n\n"
    "Example: okr-coach critique examples/draft-en.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Each module registers its commands on `app` when imported.
from coach.cli import (  # noqa: E402,F401
    align,
    cascade,
    critique,
    evaluate,
    parse,
    principles,
    serve,
)


def main() -> None:
    try:
        app()
    except CoachError as exc:
        print(f"okr-coach: {exc}", file=sys.stderr)
        sys.exit(2)
    except Exception:
        # A bug, not a user error: keep the traceback for whoever reports it.
        if os.environ.get("OKR_COACH_DEBUG"):
            raise
        print(
            "okr-coach: internal error (exit 3); set OKR_COACH_DEBUG=1 to see the "
            "traceback and please report it",
            file=sys.stderr,
        )
        sys.exit(3)
