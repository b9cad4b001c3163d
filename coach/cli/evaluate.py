"""okr-coach eval: precision, recall and F1 of task detection on labelled data."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli import app


@app.command(
    name="eval",
    epilog="Example:\n\n  okr-coach eval tests/data/key_results.jsonl\n\n"
    'Each line: {"id": "k1", "text": "Launch the pricing page", "label": "task", "lang": "en"}',
)
def evaluate(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="JSON Lines file of labelled key results."),
    ],
    show: Annotated[int, typer.Option(help="How many misjudged items to list.")] = 50,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON.")
    ] = False,
) -> None:
    """Measure task detection against labelled key results."""
    from coach.evaluation import evaluate_file

    report = evaluate_file(file)
    if json_out:
        typer.echo(report.model_dump_json(indent=2))
        return
    typer.echo(report.summary())
    for miss in report.misjudged[:show]:
        typer.echo(
            f"  {miss.id:<8} {miss.lang} labelled {miss.label:<6} judged {miss.predicted:<6} "
            f"({miss.confidence:.2f}) {miss.text}"
        )
