"""okr-coach principles: list the principle pages, show one, or search them."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import LangOption


@app.command(
    epilog="Examples:\n\n"
    "  okr-coach principles\n\n"
    "  okr-coach principles results-not-tasks --lang vi\n\n"
    '  okr-coach principles search "how many key results per objective"\n\n'
    "  okr-coach principles search 'có nên gắn OKR với thưởng' --lang vi\n\n"
    "Search ranks pages by meaning with a local embedding model; the first search "
    "builds an index under OKR_COACH_CACHE_DIR (about 30 s)."
)
def principles(
    principle_id: Annotated[
        str | None,
        typer.Argument(
            help="Id of the page to show, or list, show or search; omit to list all."
        ),
    ] = None,
    words: Annotated[
        list[str] | None,
        typer.Argument(help="The id after 'show', the query after 'search'."),
    ] = None,
    lang: LangOption = None,
    top: Annotated[int, typer.Option("--top", "-k", min=1, max=30)] = 3,
) -> None:
    """List the principles the checks rest on, show one page, or search them."""
    from coach.principles import list_principles, read_principle

    language = lang.value if lang else "en"
    if principle_id == "search":
        _search(" ".join(words or []), language, top)
        return
    if principle_id == "show" and words:
        principle_id = words[0]
    if principle_id in (None, "list"):
        for page in list_principles(language):
            typer.echo(f"{page.id:<28} {page.title}")
        return
    page = read_principle(principle_id, language)
    typer.echo(f"# {page.title}\n\n{page.summary}\n\n{page.body}")


def _search(query: str, language: str, top: int) -> None:
    from coach.knowledge_index import search_principles
    from coach.settings import load_settings

    if not query.strip():
        raise typer.BadParameter("give words to search for", param_hint="QUERY")
    found = search_principles(
        query, "vi" if language == "vi" else "en", load_settings(), top
    )
    for hit in found:
        typer.echo(f"{hit.score:.2f}  {hit.id:<28} {hit.title}")
