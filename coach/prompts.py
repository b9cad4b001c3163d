"""Prompt templates (prompts/*.j2): jinja2 that fails on a missing variable.

Prompts are data, kept out of the Python code so that they can be read and diffed
as text; a template that names a variable the caller did not pass raises instead of
quietly sending the model an empty gap.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from coach.paths import PROMPTS


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is a chat message, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: Any) -> str:
    """The template ``prompts/<name>`` filled with ``values``."""
    return _environment().get_template(name).render(**values).strip()
