"""okr-coach principles: list the principle pages or show one."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import LangOption


@app.command(
    epilog="Examples:\n\n"
    "  okr-coach principles\n\n"
    "  okr-coach principles results-not-tasks --lang vi"
)
def principles(
    principle_id: Annotated[
        str | None, typer.Argument(help="Id of the page to show; omit to list all.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """List the principles the checks rest on, or show one page."""
    from coach.principles import list_principles, read_principle

    language = lang.value if lang else "en"
    if principle_id is None:
        for page in list_principles(language):
            typer.echo(f"{page.id:<28} {page.title}")
        return
    page = read_principle(principle_id, language)
    typer.echo(f"# {page.title}\n\n{page.summary}\n\n{page.body}")
