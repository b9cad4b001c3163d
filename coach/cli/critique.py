"""okr-coach critique, schema and checks."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from coach.cli import app
from coach.cli.inputs import (
    ColumnsOption,
    CritiqueFormat,
    CritiqueFormatOption,
    FileArgument,
    InputFormatOption,
)
from coach.cli.options import (
    ConfigOption,
    Format,
    FormatOption,
    LangOption,
    SetOption,
    parse_overrides,
)


@app.command(
    epilog="Examples:\n\n"
    "  okr-coach critique examples/draft-en.yaml\n\n"
    "  okr-coach critique draft.json --format json --lang vi\n\n"
    "  okr-coach critique handbook.md --format csv > review.csv\n\n"
    "  cat draft.yaml | okr-coach critique - --set max_key_results=6\n\n"
    "  okr-coach critique draft.yaml --model ollama/llama3.1\n\n"
    "Exit codes: 0 no error findings, 1 error findings, 2 usage or input error."
)
def critique(
    file: FileArgument,
    format: CritiqueFormatOption = CritiqueFormat.text,
    input_format: InputFormatOption = None,
    columns: ColumnsOption = None,
    lang: LangOption = None,
    config: ConfigOption = None,
    set_: SetOption = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="litellm model, e.g. openai/gpt-4o-mini or ollama/llama3.1 "
            "(default: OKR_COACH_MODEL)."
        ),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Rules only, even when a model is set.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model even for a cached draft.")
    ] = False,
) -> None:
    """Critique an OKR draft: SMART verdicts, FACTS scores, tasks flagged and rewritten."""
    from coach.critique import critique as run
    from coach.readers import read_file, with_source
    from coach.readers.table import parse_columns
    from coach.render import render
    from coach.settings import load_settings

    settings = load_settings(
        config,
        thresholds=parse_overrides(set_) or None,
        model=model,
        offline=offline or None,
        cache=False if no_cache else None,
    )
    reading = read_file(file, input_format, parse_columns(columns or []))
    result = run(reading.document, settings, lang.value if lang else None)
    result = with_source(result, reading)
    color = format is CritiqueFormat.text and sys.stdout.isatty()
    typer.echo(render(result, format.value, color=color))
    raise typer.Exit(1 if result.counts.error else 0)


@app.command(epilog="Example:\n\n  okr-coach schema > okr-document.schema.json")
def schema() -> None:
    """Print the JSON Schema of the OKR document format."""
    from coach.document import OkrDocument

    typer.echo(json.dumps(OkrDocument.model_json_schema(), indent=2))


@app.command(epilog="Example:\n\n  okr-coach checks --format json")
def checks(format: FormatOption = Format.text, lang: LangOption = None) -> None:
    """List every check: code, severity, scope and the principle it rests on."""
    from coach.catalogue import catalogue

    language = lang.value if lang else "en"
    rows = [
        {
            "code": c.code,
            "severity": c.severity.value,
            "scope": c.scope,
            "principle": c.principle,
            "title": c.text(language, "title"),
        }
        for c in catalogue().values()
    ]
    if format is Format.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        typer.echo(
            f"{row['code']:<28} {row['severity']:<8} {row['principle']:<26} {row['title']}"
        )
