"""Options about what a command reads (--input-format, --columns) and the
critique's spreadsheet-friendly output formats."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from coach.readers.detect import InputFormat


class CritiqueFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class ParseFormat(StrEnum):
    yaml = "yaml"
    json = "json"


ParseFormatOption = Annotated[
    ParseFormat, typer.Option("--format", "-f", help="Output format.")
]
CritiqueFormatOption = Annotated[
    CritiqueFormat, typer.Option("--format", "-f", help="Output format.")
]
FileArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILE",
        help="OKR document: YAML, JSON, Markdown, plain text, CSV or XLSX; - for stdin.",
    ),
]
InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format",
        "-i",
        help="Read the input as this format (default: from the extension or content).",
    ),
]
ColumnsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--columns",
        metavar="HEADER=FIELD",
        help="Map a spreadsheet header to a field: --columns 'Chủ KR=owner' "
        "(repeatable, or comma-separated pairs).",
    ),
]
