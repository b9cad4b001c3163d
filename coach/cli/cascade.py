"""okr-coach cascade: propose a unit's or a person's OKRs from the parent OKRs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach.cli import app
from coach.cli.options import ConfigOption


class CascadeFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    text = "text"
    markdown = "markdown"


class CascadeLevel(StrEnum):
    department = "department"
    team = "team"
    individual = "individual"


@app.command(
    epilog="Examples:\n\n"
    '  okr-coach cascade examples/company.yaml --unit "Customer Support" '
    '--owner "Minh Le" > support.yaml\n\n'
    '  okr-coach cascade examples/department.yaml --unit "Customer Success" '
    '--level individual --owner "Lan Pham" --about "Onboarding specialist"\n\n'
    "Exit codes: 0 no error findings left, 1 error findings left, 2 usage or "
    "input error."
)
def cascade(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="Parent OKRs (YAML or JSON), or - for stdin."
        ),
    ],
    unit: Annotated[str, typer.Option("--unit", help="The unit to propose OKRs for.")],
    level: Annotated[
        CascadeLevel, typer.Option("--level", help="Level of the proposals.")
    ] = CascadeLevel.department,
    about: Annotated[
        str | None,
        typer.Option(
            "--about",
            help="What the unit does and the metrics it can move; for an "
            "individual, the person's role.",
        ),
    ] = None,
    about_file: Annotated[
        Path | None,
        typer.Option("--about-file", help="Read --about from a text file."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Owner of the proposed objectives.")
    ] = None,
    format: Annotated[
        CascadeFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CascadeFormat.yaml,
    config: ConfigOption = None,
) -> None:
    """Propose cascaded OKRs that contribute to the parent key results, critiqued."""
    from coach.cascade import CascadeRequest, cascade
    from coach.cascade.render import render
    from coach.document import Level
    from coach.loader import load_document, read_source
    from coach.settings import load_settings

    if about is not None and about_file is not None:
        raise typer.BadParameter(
            "give the description once: --about TEXT or --about-file FILE",
            param_hint="--about-file",
        )
    if about_file is not None:
        about = read_source(str(about_file)).strip()
    settings = load_settings(config)
    request = CascadeRequest(
        document=load_document(file),
        unit=unit,
        level=Level(level.value),
        about=about,
        owner=owner,
    )
    result = cascade(request, settings)
    typer.echo(render(result, format.value, source=file))
    raise typer.Exit(1 if result.errors else 0)
