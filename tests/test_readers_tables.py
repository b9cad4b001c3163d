"""CSV files and XLSX workbooks with one row per key result, end to end.

The workbook is built by a fixture from tests/data/formats/workbook.yaml, so the
test data stays readable and no binary file is committed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from coach.cli import app
from coach.errors import InputError
from coach.readers import InputFormat, read_bytes, read_file
from coach.readers.table import parse_columns

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
runner = CliRunner()


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Path:
    """tests/data/formats/workbook.yaml written as an XLSX workbook."""
    data = yaml.safe_load((FORMATS / "workbook.yaml").read_text(encoding="utf-8"))
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in data["sheets"].items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                if isinstance(cell, dict):
                    sheet.cell(r, c, cell["value"]).number_format = cell["format"]
                elif cell is not None:
                    sheet.cell(r, c, cell)
    path = tmp_path / "okrs.xlsx"
    workbook.save(path)
    return path


def critique_json(path: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["critique", str(path), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def finding_location(report: dict[str, Any], code: str) -> dict[str, Any]:
    for objective in report["objectives"]:
        for kr in objective["key_results"]:
            for finding in kr["findings"]:
                if finding["code"] == code:
                    return report["source"][finding["target"]]
    raise AssertionError(f"no {code} finding")


def test_english_csv_groups_rows_by_objective_and_reads_local_amounts():
    reading = read_file(str(FORMATS / "okrs-en.csv"))
    first, second = reading.document.objectives

    assert reading.format is InputFormat.csv
    assert (first.title, first.owner, first.unit) == (
        "Grow self-serve revenue",
        "Lan Pham",
        "Growth",
    )
    assert (first.level.value, first.parent) == ("team", "co1.kr2")
    revenue, teams, _ = first.key_results
    assert (revenue.baseline, revenue.target, revenue.unit) == (
        900000.0,
        1200000.0,
        "$",
    )
    assert (teams.baseline, teams.target) == (1800.0, 2500.0)
    assert [len(o.key_results) for o in reading.document.objectives] == [3, 3]
    assert (second.key_results[0].baseline, second.key_results[0].unit) == (3.1, "%")


def test_english_csv_flags_ambiguous_numbers_dates_and_unknown_columns():
    reading = read_file(str(FORMATS / "okrs-en.csv"))

    assert [(w.location.line, w.message) for w in reading.warnings] == [
        (
            1,
            "column 'Budget' not read; map it with --columns 'Budget=FIELD' "
            "(FIELD: objective, key_result, owner, target…)",
        ),
        (6, "target: '1,500' could be 1500 or 1.5; read as 1500"),
        (6, "due: '03/04/2027' could be day/month or month/day; read as 2027-04-03"),
        (7, "due 'soon' is not a date (write YYYY-MM-DD); left empty"),
    ]
    assert [n.text for n in reading.notes["o1.kr1"]] == ["on track"]


def test_english_csv_findings_point_back_to_their_lines():
    report = critique_json(FORMATS / "okrs-en.csv")

    assert finding_location(report, "KR_IS_TASK") == {
        "line": 4,
        "sheet": None,
        "row": None,
    }
    assert finding_location(report, "KR_NO_DEADLINE")["line"] == 7
    assert report["source"]["o2"]["line"] == 5


def test_vietnamese_csv_reads_semicolons_decimal_commas_and_dong():
    reading = read_file(str(FORMATS / "okrs-vi.csv"))
    (objective,) = reading.document.objectives
    sales, returning, export, stores = objective.key_results

    assert (objective.owner, objective.unit) == ("Nguyễn Minh Anh", "Phòng Kinh doanh")
    assert objective.level.value == "department"
    assert (sales.baseline, sales.target, sales.unit) == (800000.0, 1000000.0, "đ")
    assert (returning.baseline, returning.target, returning.unit) == (9.5, 12.5, "%")
    assert (export.baseline, export.target, export.unit) == (380.0, 417.26, "€")
    assert str(export.due) == "2027-03-15"
    assert (stores.target, reading.notes["o1.kr4"][0].text) == (3.0, "hoàn thành")
    assert reading.warnings == []


def test_vietnamese_csv_findings_point_back_to_their_lines():
    report = critique_json(FORMATS / "okrs-vi.csv")

    assert report["lang"] == "vi"
    assert finding_location(report, "KR_IS_TASK")["line"] == 5


def test_workbook_reads_each_row_with_sheet_and_row_pointers(xlsx_file: Path):
    reading = read_file(str(xlsx_file))
    first, second = reading.document.objectives
    awareness, followers, videos = first.key_results

    assert reading.format is InputFormat.xlsx
    assert reading.document.cycle is not None
    assert reading.document.cycle.name == "2027-Q1"
    assert (first.owner, first.level.value) == ("Lê Thu Trang", "department")
    assert (awareness.baseline, awareness.target, awareness.unit) == (22.0, 35.0, "%")
    assert (awareness.due, awareness.confidence) == (dt.date(2027, 3, 31), 0.6)
    assert followers.confidence == 0.7
    assert videos.text == "Sản xuất 20 video ngắn mỗi tháng"
    assert (second.key_results[0].baseline, second.key_results[0].target) == (
        450000.0,
        300000.0,
    )
    assert str(reading.source["o2.kr2"]) == "sheet 'OKR Q1' row 9"
    assert second.key_results[1].target == 4.5


def test_workbook_reports_unreadable_cells_and_sheets_without_columns(xlsx_file: Path):
    reading = read_file(str(xlsx_file))

    assert [str(w) for w in reading.warnings] == [
        "sheet 'OKR Q1' row 9: confidence 'cao' is not 0-1, 0-10 or a percentage",
        "sheet 'Ghi chú' row 1: no objective or key result column; sheet not read",
    ]


def test_workbook_findings_point_back_to_sheet_and_row(xlsx_file: Path):
    report = critique_json(xlsx_file)

    assert finding_location(report, "KR_IS_TASK") == {
        "line": None,
        "sheet": "OKR Q1",
        "row": 6,
    }


def test_columns_option_maps_unusual_headers():
    text = "Goal area;Measure;Accountable person;Stretch\nGrow;Reach 40 NPS;An;40\n"

    reading = read_bytes(
        text.encode(),
        "export.csv",
        columns=parse_columns(
            ["Goal area=objective,Measure=key_result", "Accountable person=owner"]
            + ["Stretch=target"]
        ),
    )

    (objective,) = reading.document.objectives
    assert (objective.title, objective.owner) == ("Grow", "An")
    assert objective.key_results[0].target == 40.0
    assert reading.warnings == []


def test_columns_option_rejects_an_unknown_field():
    with pytest.raises(InputError) as caught:
        parse_columns(["Budget=money"])

    assert "expected HEADER=FIELD" in caught.value.problems[0].message


def test_csv_without_recognisable_headers_says_how_to_map_them():
    with pytest.raises(InputError) as caught:
        read_bytes(b"Area,Thing\nSales,Grow\n", "odd.csv")

    message = caught.value.problems[0].message
    assert "first row: 'Area', 'Thing'" in message
    assert "--columns 'Your header=objective'" in message


def test_key_result_rows_before_any_objective_are_reported_not_dropped():
    text = "Objective,Key result\n,Orphan result 5%\nGrow,Reach 40 NPS\n"

    reading = read_bytes(text.encode(), "okrs.csv")

    assert [(w.location.line, w.message) for w in reading.warnings] == [
        (
            2,
            "'Orphan result 5%' has no objective (its objective cell is empty and "
            "no row above names one); not read",
        )
    ]
    assert len(reading.document.objectives) == 1


def test_csv_sent_without_a_name_is_recognised_by_its_header():
    reading = read_bytes((FORMATS / "okrs-en.csv").read_bytes(), "-")

    assert reading.format is InputFormat.csv


def test_a_file_that_is_not_a_workbook_is_unreadable(tmp_path: Path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")

    with pytest.raises(InputError) as caught:
        read_file(str(path))

    assert caught.value.kind == "unreadable"
    assert "not a readable XLSX workbook" in caught.value.problems[0].message


def test_csv_field_over_the_csv_limit_is_an_input_error(tmp_path):
    from coach.errors import InputError
    from coach.readers import read_file

    path = tmp_path / "wide.csv"
    path.write_text("x" * 140_000 + "\n", encoding="utf-8")

    with pytest.raises(InputError) as caught:
        read_file(str(path))

    assert "not readable as CSV" in caught.value.problems[0].message
