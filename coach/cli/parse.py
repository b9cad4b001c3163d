"""okr-coach parse: show how a file was read, as the OKR document it became."""

from __future__ import annotations

import textwrap
from typing import Any

import typer

from coach.cli import app
from coach.cli.inputs import (
    ColumnsOption,
    FileArgument,
    InputFormatOption,
    ParseFormat,
    ParseFormatOption,
)


@app.command(
    epilog="Examples:\n\n"
    "  okr-coach parse handbook.md > okrs.yaml\n\n"
    "  okr-coach parse okrs.xlsx --format json\n\n"
    "  pbpaste | okr-coach parse - --input-format text\n\n"
    "  okr-coach parse export.csv --columns 'Chủ KR=owner' --columns 'KPI=key_result'\n\n"
    "YAML output is a valid input for every command; comments show where each item "
    "was read. Warnings about lines that were not read go to stderr. "
    "Exit codes: 0 read, 2 input error."
)
def parse(
    file: FileArgument,
    format: ParseFormatOption = ParseFormat.yaml,
    input_format: InputFormatOption = None,
    columns: ColumnsOption = None,
) -> None:
    """Read Markdown, plain text, CSV, XLSX, YAML or JSON and print the OKR document."""
    from coach.readers import read_file
    from coach.readers.table import parse_columns

    reading = read_file(file, input_format, parse_columns(columns or []))
    for warning in reading.warnings:
        typer.echo(f"okr-coach: warning: {warning}", err=True)
    if format is ParseFormat.json:
        typer.echo(reading.model_dump_json(indent=2, exclude_none=True))
        return
    typer.echo(annotated_yaml(reading), nl=False)


def annotated_yaml(reading: Any) -> str:
    """The document as YAML, each item preceded by a comment saying where it was
    read and what notes stood beside it."""
    import yaml

    def dump(data: Any) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)

    def comment(ident: str, indent: str) -> str:
        parts = [ident]
        if ident in reading.source:
            parts.append(str(reading.source[ident]))
        parts += [f"{n.kind}: {n.text}" for n in reading.notes.get(ident, [])]
        return f"{indent}# {' · '.join(parts)}\n"

    document = reading.document.model_dump(mode="json", exclude_none=True)
    out = [f"# read as {reading.format.value}\n"]
    if "cycle" in document:
        out.append(dump({"cycle": document["cycle"]}))
    out.append("objectives:\n")
    for objective in document["objectives"]:
        key_results = objective.pop("key_results", [])
        out.append(comment(objective["id"], ""))
        out.append(dump([objective]))
        if key_results:
            out.append("  key_results:\n")
        for kr in key_results:
            out.append(comment(kr["id"], "  "))
            out.append(textwrap.indent(dump([kr]), "  "))
    return "".join(out)
