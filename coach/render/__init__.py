"""Ways to show a critique: text for people, Markdown for documents, JSON for tools."""

from __future__ import annotations

from coach.render.csv_rows import render_csv
from coach.render.markdown import render_markdown
from coach.render.text import render_text
from coach.report import Critique


def render(critique: Critique, fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return critique.model_dump_json(indent=2)
    if fmt == "markdown":
        return render_markdown(critique)
    if fmt == "csv":
        return render_csv(critique)
    return render_text(critique, color=color)


__all__ = ["render"]
