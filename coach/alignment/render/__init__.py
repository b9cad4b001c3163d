"""Ways to show an alignment review: text for people, Markdown for documents,
JSON for tools, and one self-contained HTML page with the organisation tree."""

from __future__ import annotations

from coach.alignment.models import AlignmentReport
from coach.alignment.render.html import render_html
from coach.alignment.render.markdown import render_markdown
from coach.alignment.render.text import render_text

FORMATS = ("text", "json", "markdown", "html")


def render(report: AlignmentReport, fmt: str) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    return render_text(report)


__all__ = ["FORMATS", "render"]
