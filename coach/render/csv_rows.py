"""CSV for people who live in spreadsheets: one row per key result."""

from __future__ import annotations

import csv
import io

from coach.render.labels import LABELS, place
from coach.report import Critique

COLUMNS = ["id", "objective", "text", "kind", "findings", "suggestion", "source"]


def render_csv(critique: Critique) -> str:
    """Each key result with its kind, finding codes, rewrite and where it was read.

    Findings are their stable codes separated by spaces, so a spreadsheet filter
    on 'KR_IS_TASK' finds every task.
    """
    # Limitation: objective and document findings are not in the rows; the text,
    # Markdown and JSON outputs carry them.
    L = LABELS[critique.lang]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for objective in critique.objectives:
        for kr in objective.key_results:
            writer.writerow(
                [
                    kr.id,
                    objective.id,
                    kr.text,
                    kr.kind.value,
                    " ".join(f.code for f in kr.findings),
                    kr.suggestion.text if kr.suggestion else "",
                    place(critique.source.get(kr.id), L),
                ]
            )
    return out.getvalue().rstrip("\n")
