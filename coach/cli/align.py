"""okr-coach align: review the whole organisation's OKRs for alignment."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import ConfigOption, LangOption, SetOption, parse_overrides


class AlignFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command(
    epilog="Examples:\n\n"
    "  okr-coach align examples/org\n\n"
    "  okr-coach align company.yaml departments/ people/ --format html "
    "--out alignment.html\n\n"
    "  okr-coach align examples/org --format json --cycle 2027-Q1\n\n"
    "Exit codes: 0 no error findings, 1 error findings, 2 usage or input error."
)
def align(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="OKR documents (YAML or JSON) or folders of them: the company's, "
            "each department's, each person's.",
        ),
    ],
    format: Annotated[
        AlignFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AlignFormat.text,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the report to this file."),
    ] = None,
    cycle: Annotated[
        str | None,
        typer.Option(
            "--cycle", help="Cycle under review (default: the most common one)."
        ),
    ] = None,
    lang: LangOption = None,
    config: ConfigOption = None,
    set_: SetOption = None,
) -> None:
    """Review OKRs across the organisation: orphans, broken links, gaps, overlaps,
    contradictions, overloaded owners and cycle mismatches, with a health score."""
    from coach.alignment import review_alignment
    from coach.alignment.render import render
    from coach.alignment.sources import load_sources
    from coach.settings import load_settings

    settings = load_settings(config, thresholds=parse_overrides(set_) or None)
    report = review_alignment(
        load_sources(paths), settings, lang.value if lang else None, cycle
    )
    text = render(report, format.value)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        typer.echo(
            f"{out}: {report.score}/100, {len(report.findings)} findings", err=True
        )
    raise typer.Exit(1 if report.counts.error else 0)
