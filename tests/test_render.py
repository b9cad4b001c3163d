"""The Markdown view renders as tables and lists, in the feedback's language."""

from itertools import pairwise
from pathlib import Path

import pytest

from coach.critique import critique
from coach.loader import load_document
from coach.render import render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name", ["draft-en.yaml", "draft-vi.yaml"])
def test_markdown_tables_start_after_a_blank_line(name):
    lines = render(critique(load_document(str(EXAMPLES / name))), "markdown").split(
        "\n"
    )

    for before, line in pairwise(lines):
        if line.startswith("|"):
            assert before == "" or before.startswith("|"), (before, line)


def test_vietnamese_markdown_names_criteria_and_verdicts_in_vietnamese():
    text = render(critique(load_document(str(EXAMPLES / "draft-vi.yaml"))), "markdown")

    assert "| cụ thể | đạt |" in text
    assert "| specific |" not in text
    assert "**lỗi KR_IS_TASK:**" in text
