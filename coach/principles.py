"""The principle pages in knowledge/principles: list them and read one.

The CLI and the API both read pages through these two functions. Retrieval (search
by meaning) ranks the same pages and hands back their ids, so it can sit in front of
``read_principle`` without changing how pages are parsed.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from coach.errors import InputError, NotFoundError, Problem
from coach.paths import PRINCIPLES

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "vi")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PrincipleSummary(BaseModel):
    """A principle page without its body: what a listing shows."""

    id: str = Field(description="Stable kebab-case id, shared by every language.")
    title: str = Field(description="Title in the page's language.")
    tags: list[str] = Field(description="English kebab-case keywords.")
    language: Literal["en", "vi"] = Field(description="Language of the page.")
    summary: str = Field(description="One sentence stating the principle.")


class Principle(PrincipleSummary):
    """A whole principle page."""

    body: str = Field(description="The page's Markdown text after the front matter.")


def list_principles(lang: str = "en") -> list[PrincipleSummary]:
    """Every page in ``lang``, ordered by id."""
    return [
        PrincipleSummary.model_validate(page.model_dump(exclude={"body"}))
        for page in _pages(lang).values()
    ]


def read_principle(principle_id: str, lang: str = "en") -> Principle:
    """The page ``principle_id`` in ``lang``; NotFoundError names the known ids."""
    pages = _pages(lang)
    # Ids are looked up, never joined into a path, so no input can leave the folder.
    page = pages.get(principle_id)
    if page is None:
        raise NotFoundError(
            f"no principle '{principle_id}' in '{lang}'; known ids: " + ", ".join(pages)
        )
    return page


@cache
def _pages(lang: str) -> dict[str, Principle]:
    if lang not in LANGUAGES:
        raise NotFoundError(f"no principles in '{lang}'; the languages are en and vi")
    folder = PRINCIPLES / lang
    pages = [_parse(path) for path in sorted(folder.glob("*.md"))]
    logger.debug("read %d principle pages from %s", len(pages), folder)
    return {page.id: page for page in pages}


def _parse(path: Path) -> Principle:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.removeprefix("---\n").partition("\n---\n")
    if not text.startswith("---\n") or not sep:
        problem = Problem("", "a page starts with front matter between '---' lines")
        raise InputError(str(path), [problem], "unreadable")
    try:
        meta = yaml.load(head, Loader=_Loader)
        return Principle.model_validate({**meta, "body": body.strip()})
    except (yaml.YAMLError, TypeError, ValidationError) as exc:
        problem = Problem("", f"invalid front matter: {exc}")
        raise InputError(str(path), [problem], "unreadable") from None
