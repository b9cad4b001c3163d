"""okr-coach align and its four views: text, Markdown, JSON and one HTML file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from typer.testing import CliRunner

from coach.alignment import review_alignment
from coach.alignment.models import AlignmentReport, SourcedDocument
from coach.alignment.render import render
from coach.alignment.sources import load_sources
from coach.cli import app
from coach.document import OkrDocument

ORG = str(DATA / "align")
runner = CliRunner()


@pytest.fixture(scope="module")
def report() -> AlignmentReport:
    return review_alignment(load_sources([ORG]))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    script = shutil.which("okr-coach")
    assert script, "okr-coach is not on PATH: run pip install -e '.[dev]'"
    return subprocess.run(
        [script, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_align_exits_1_when_there_are_error_findings() -> None:
    result = runner.invoke(app, ["align", ORG])
    assert result.exit_code == 1
    assert result.output.startswith("Alignment review: 65/100\n")
    assert "ERROR    broken_parent: pd2" in result.output


def test_align_exits_0_on_an_organisation_without_errors() -> None:
    result = runner.invoke(app, ["align", str(ROOT / "examples" / "org")])
    assert result.exit_code == 0, result.output


def test_json_output_parses_into_the_report_model() -> None:
    result = runner.invoke(app, ["align", ORG, "--format", "json"])
    data = json.loads(result.output)
    assert data["score"] == 65
    assert AlignmentReport.model_validate(data).counts.objectives == 20


def test_out_writes_the_file_and_reports_where(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["align", ORG, "-f", "html", "--out", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert f"{target}: 65/100, 14 findings" in result.output


def test_unknown_file_is_an_input_error_with_exit_2() -> None:
    result = run("align", "no-such-folder/company.yaml")
    assert result.returncode == 2
    assert "no-such-folder/company.yaml" in result.stderr
    assert "file not found" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["align", ORG, "--format", "pdf"])
    assert result.exit_code == 2


def test_markdown_has_a_row_per_finding_and_per_unit(report: AlignmentReport) -> None:
    text = render(report, "markdown")
    finding_rows = [line for line in text.splitlines() if line.startswith("| error")]
    assert len(finding_rows) == report.counts.error == 3
    assert "| warning | orphan | `sl2` | sl2 ('Open the enterprise segment'" in text
    assert text.count("| person |") == 4


def test_text_indents_units_by_depth(report: AlignmentReport) -> None:
    text = render(report, "text")
    assert "\n  Company [company] 94/100" in text
    assert "\n    Marketing [department]" in text
    assert "\n      Lan Pham [person]" in text


def test_html_is_one_self_contained_file(report: AlignmentReport) -> None:
    html = render(report, "html")
    assert html.startswith("<!doctype html>") and html.endswith("</html>")
    # Nothing to fetch: no scripts, stylesheets, images, fonts or remote URLs.
    assert not re.search(r"<script|<link|<img|@import|url\(", html)
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"]


def test_html_tree_draws_every_unit_marked_by_its_worst_finding(
    report: AlignmentReport,
) -> None:
    html = render(report, "html")
    tree = html[
        html.index("<svg xmlns") : html.index("</svg>", html.index("<svg xmlns"))
    ]
    assert tree.count("<rect ") == len(report.units) == 12
    sales = re.search(r'<a href="#u-unit-sales">.*?</a>', tree)
    assert sales and 'stroke="#d93025"' in sales.group(0)  # an error: red
    data = re.search(r'<a href="#u-unit-data">.*?</a>', tree)
    assert data and 'stroke="#2e7d32"' in data.group(0)  # no findings: green
    assert html.count('<tr><td><span class="sev sev-') == len(report.findings)


def test_html_escapes_what_authors_wrote() -> None:
    data = {
        "objectives": [
            {
                "id": "x1",
                "title": "<script>alert(1)</script>",
                "level": "department",
                "unit": "R&D <b>",
                "key_results": ["Cut <img src=x> errors from 9 to 3"],
            }
        ]
    }
    source = SourcedDocument(source="x.yaml", document=OkrDocument.model_validate(data))
    html = render(review_alignment([source]), "html")
    assert "<script>" not in html and "<img src=x>" not in html
    assert "R&amp;D &lt;b&gt;" in html
