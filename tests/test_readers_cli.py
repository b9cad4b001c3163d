"""The readers on the command line: `parse`, `--input-format`, `--columns`, and the
critique's CSV export and source pointers."""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.loader import load_document, parse_document
from coach.readers import read_file

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "data" / "formats"
runner = CliRunner()


def test_parse_prints_yaml_that_reads_back_as_the_same_document():
    result = runner.invoke(app, ["parse", str(FORMATS / "handbook-headings.md")])

    assert result.exit_code == 0, result.output
    document = parse_document(result.stdout, "parsed.yaml")
    assert document == read_file(str(FORMATS / "handbook-headings.md")).document


def test_parse_yaml_comments_say_where_each_item_was_read_and_its_notes():
    result = runner.invoke(app, ["parse", str(FORMATS / "handbook-headings.md")])

    assert "# o1.kr1 · line 7 · progress: 40%\n" in result.stdout
    assert "# o1.kr3 · line 12 · status: done\n" in result.stdout


def test_parse_sends_warnings_to_stderr_with_line_numbers():
    result = runner.invoke(app, ["parse", str(FORMATS / "plain-vi.txt")])

    assert "okr-coach: warning: line 10: line not read" in result.stderr
    assert "warning" not in result.stdout


def test_parse_json_holds_document_source_notes_and_warnings():
    result = runner.invoke(
        app, ["parse", str(FORMATS / "okrs-en.csv"), "--format", "json"]
    )

    reading = json.loads(result.stdout)
    assert reading["format"] == "csv"
    assert reading["source"]["o2.kr2"] == {"line": 6}
    assert reading["notes"]["o1.kr3"] == [{"kind": "status", "text": "done"}]
    assert len(reading["warnings"]) == 4


def test_input_format_forces_a_reader_over_the_extension(tmp_path: Path):
    path = tmp_path / "okrs.data"
    path.write_text("O1: Grow revenue\nKR1.1: Reach $2M ARR\n", encoding="utf-8")

    result = runner.invoke(
        app, ["parse", str(path), "--input-format", "text", "--format", "json"]
    )

    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout)["document"]["objectives"][0]["key_results"][0]["text"]
        == "Reach $2M ARR"
    )


def test_critique_csv_export_has_one_row_per_key_result():
    result = runner.invoke(
        app, ["critique", str(FORMATS / "handbook-headings.md"), "--format", "csv"]
    )

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7
    assert list(rows[0]) == [
        "id",
        "objective",
        "text",
        "kind",
        "findings",
        "suggestion",
        "source",
    ]
    checklist = rows[2]
    assert (checklist["id"], checklist["kind"]) == ("o1.kr3", "task")
    assert checklist["findings"] == "KR_IS_TASK"
    assert checklist["suggestion"] and checklist["source"] == "line 12"


def test_critique_text_shows_where_each_item_was_read():
    result = runner.invoke(app, ["critique", str(FORMATS / "okrs-vi.csv")])

    assert "o1.kr4: Mở thêm 3 cửa hàng mới  · dòng 5" in result.stdout


def test_critique_markdown_shows_sheet_and_row_for_workbooks(tmp_path: Path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Q1"
    sheet.append(["Objective", "Key result"])
    sheet.append(["Grow revenue", "Launch the partner portal"])
    workbook.save(tmp_path / "okrs.xlsx")

    result = runner.invoke(
        app, ["critique", str(tmp_path / "okrs.xlsx"), "--format", "markdown"]
    )

    assert "Launch the partner portal *(sheet 'Q1' row 2)*" in result.stdout


def test_yaml_input_gets_line_pointers_too(tmp_path: Path):
    path = tmp_path / "okrs.yaml"
    path.write_text(
        "objectives:\n"
        "  - id: growth\n"
        "    title: Grow revenue\n"
        "    key_results:\n"
        "      - Reach $2M ARR\n"
        "      - {text: Sign 20 resellers, target: 20}\n",
        encoding="utf-8",
    )

    reading = read_file(str(path))

    assert str(reading.source["growth"]) == "line 2"
    assert str(reading.source["growth.kr2"]) == "line 6"


def test_other_commands_load_markdown_and_log_what_they_did_not_read(
    caplog: pytest.LogCaptureFixture,
):
    with caplog.at_level(logging.WARNING, logger="coach.loader"):
        document = load_document(str(FORMATS / "handbook-nested.md"))

    assert len(document.objectives) == 3
    assert "line 10: nested under" in caplog.text


def test_bad_columns_mapping_is_a_usage_error_with_exit_code_2():
    script = shutil.which("okr-coach")
    assert script, "okr-coach is not on PATH: run pip install -e '.[dev]'"

    done = subprocess.run(
        [script, "parse", str(FORMATS / "okrs-en.csv"), "--columns", "Budget=money"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert "expected HEADER=FIELD" in done.stderr
