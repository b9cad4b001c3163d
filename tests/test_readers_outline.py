"""Markdown pages and plain-text drafts read into OKR documents, end to end.

Each file in tests/data/formats was written for these tests: three handbook pages
of different shapes and a pasted Vietnamese draft. Every file is critiqued
through the CLI, and the findings are traced back to the lines they came from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.errors import InputError
from coach.readers import InputFormat, read_bytes, read_file

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
runner = CliRunner()


def critique_json(path: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["critique", str(path), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def line_of(report: dict[str, Any], code: str, text_start: str) -> int:
    """The source line of the key result whose text starts with ``text_start``
    and that carries the finding ``code``."""
    for objective in report["objectives"]:
        for kr in objective["key_results"]:
            codes = [f["code"] for f in kr["findings"]]
            if kr["text"].startswith(text_start) and code in codes:
                target = next(f["target"] for f in kr["findings"] if f["code"] == code)
                return report["source"][target]["line"]
    raise AssertionError(f"no {code} on a key result starting '{text_start}'")


def test_heading_page_reads_objectives_from_headings_and_key_results_from_lists():
    reading = read_file(str(FORMATS / "handbook-headings.md"))
    document = reading.document

    assert reading.format is InputFormat.markdown
    assert [o.title for o in document.objectives] == [
        "Make the first week delightful for new customer teams",
        "Be a trusted advisor to our biggest accounts",
    ]
    first, second = document.objectives
    assert (first.owner, second.owner) == ("Lan Pham", "Bao Nguyen")
    assert first.unit == "Customer Success team" and first.level.value == "team"
    assert document.cycle is not None and document.cycle.name == "2027-Q1"
    assert len(first.key_results) == 4 and len(second.key_results) == 3


def test_heading_page_keeps_status_and_progress_out_of_the_key_result_text():
    reading = read_file(str(FORMATS / "handbook-headings.md"))
    krs = {kr.id: kr for _, kr in reading.document.key_results()}

    assert krs["o1.kr1"].text == "Raise 7-day activation from 35% to 55% by 2027-03-31"
    assert [(n.kind, n.value) for n in reading.notes["o1.kr1"]] == [("progress", 0.4)]
    assert krs["o1.kr3"].text == "Launch the new onboarding checklist"
    assert [n.text for n in reading.notes["o1.kr3"]] == ["done"]
    assert krs["o1.kr4"].text == "Hold 5 onboarding workshops"
    assert [n.text for n in reading.notes["o2.kr1"]] == ["on track"]


def test_heading_page_reduces_links_to_text_and_reads_nested_fields():
    reading = read_file(str(FORMATS / "handbook-headings.md"))
    krs = {kr.id: kr for _, kr in reading.document.key_results()}

    setup = krs["o1.kr2"]
    assert setup.text == "Cut median setup time to 10 minutes (see the setup guide)"
    assert (setup.baseline, setup.unit, str(setup.due)) == (25.0, "min", "2027-03-15")
    assert (krs["o2.kr2"].target, krs["o2.kr2"].unit) == (400000.0, "$")


def test_heading_page_reports_every_line_it_did_not_place():
    reading = read_file(str(FORMATS / "handbook-headings.md"))

    assert [w.location.line for w in reading.warnings] == [3, 11, 24, 25]
    assert "Pair with the onboarding squad" in reading.warnings[1].message
    assert "under 'Notes'" in reading.warnings[2].message


def test_heading_page_findings_point_back_to_their_lines():
    report = critique_json(FORMATS / "handbook-headings.md")

    assert line_of(report, "KR_IS_TASK", "Launch the new onboarding") == 12
    assert line_of(report, "KR_IS_TASK", "Hold 5 onboarding") == 13
    assert report["source"]["o2"] == {"line": 15, "sheet": None, "row": None}
    assert report["notices"][0].startswith("input line 3: line not read")


def test_nested_list_page_reads_top_level_items_as_objectives():
    reading = read_file(str(FORMATS / "handbook-nested.md"))
    document = reading.document

    assert [o.title for o in document.objectives] == [
        "Make deploys boring for every product team",
        "Give product teams self-service environments",
        "Make product analytics trustworthy",
    ]
    assert [o.unit for o in document.objectives] == [
        "Platform team",
        "Platform team",
        "Data team",
    ]
    assert document.cycle is not None and document.cycle.name == "2027-H1"
    assert [len(o.key_results) for o in document.objectives] == [3, 2, 2]


def test_nested_list_page_separates_scores_checkboxes_and_arrows():
    reading = read_file(str(FORMATS / "handbook-nested.md"))
    krs = {kr.id: kr.text for _, kr in reading.document.key_results()}

    assert krs["o1.kr1"] == "Cut median deploy time from 25 to 8 minutes"
    assert [(n.kind, n.value) for n in reading.notes["o1.kr1"]] == [("score", 0.6)]
    assert krs["o1.kr2"] == "Reduce failed deploys to under 2% of all deploys"
    assert reading.notes["o1.kr2"][0].text == "done"
    assert krs["o3.kr2"] == "Cut data incidents per month from 6 to 1"
    assert reading.notes["o3.kr2"][0].text == "on track"
    assert krs["o2.kr1"] == "Preview environments created per week grow from 4 to 40"


def test_nested_list_page_findings_point_back_to_their_lines():
    report = critique_json(FORMATS / "handbook-nested.md")

    assert line_of(report, "KR_IS_TASK", "Migrate the last 12 services") == 9
    assert line_of(report, "KR_IMPLAUSIBLE_JUMP", "Cut data incidents") == 19
    assert report["notices"] == [
        "input line 10: nested under 'Migrate the last 12 services to the new…', "
        "not read as a key result: 'blocked on the database upgrade'"
    ]


def test_labelled_page_reads_front_matter_labels_and_a_table_of_key_results():
    reading = read_file(str(FORMATS / "handbook-labelled.md"))
    document = reading.document
    first, second = document.objectives

    assert document.cycle is not None and document.cycle.name == "2027-Q2"
    assert first.title == "Turn trial users into paying customers"
    assert (first.owner, second.owner) == ("Minh Tran", "Minh Tran")
    assert first.unit == "Growth"
    assert [kr.text for kr in first.key_results][2] == "Ship the in-app upgrade prompt"
    assert [(n.kind, n.value) for n in reading.notes["o1.kr2"]] == [("score", 0.4)]
    table_kr = second.key_results[1]
    assert (table_kr.baseline, table_kr.target, table_kr.unit) == (40.0, 60.0, "%")
    assert str(table_kr.due) == "2027-06-30"


def test_labelled_page_reports_quotes_and_code_blocks_it_skipped():
    reading = read_file(str(FORMATS / "handbook-labelled.md"))

    assert [(w.location.line, w.message) for w in reading.warnings] == [
        (
            20,
            "line not read as an objective or key result: "
            "'Context: pricing changes are out of scope this quarter.'",
        ),
        (22, "a code block (to line 24) not read"),
    ]


def test_labelled_page_findings_point_back_to_their_lines():
    report = critique_json(FORMATS / "handbook-labelled.md")

    assert line_of(report, "KR_IS_TASK", "Ship the in-app upgrade") == 11
    assert report["source"]["o2.kr1"]["line"] == 17
    too_few = next(f for f in report["objectives"][1]["findings"])
    assert report["source"][too_few["target"]]["line"] == 13


def test_vietnamese_plain_text_draft_reads_labels_bullets_and_fields():
    reading = read_file(str(FORMATS / "plain-vi.txt"))
    document = reading.document
    first, second = document.objectives

    assert reading.format is InputFormat.text
    assert document.cycle is not None and document.cycle.name == "2027-Q1"
    assert first.title == "Khách hàng mới thành công ngay từ tuần đầu tiên"
    assert (first.owner, first.unit) == ("Trần Thu Hà", "Nhóm Chăm sóc khách hàng")
    assert (second.owner, second.unit) == ("Trần Thu Hà", "Phòng CSKH")
    assert str(first.key_results[2].due) == "2027-02-15"
    workshops = second.key_results[1]
    assert (workshops.target, workshops.unit) == (4.0, "buổi")
    assert reading.notes["o1.kr2"][0].text == "đang làm"
    assert reading.notes["o2"][0].kind == "comment"


def test_vietnamese_plain_text_draft_reports_stray_lines_with_their_numbers():
    reading = read_file(str(FORMATS / "plain-vi.txt"))

    assert [(w.location.line, w.message) for w in reading.warnings] == [
        (3, "line not read as an objective or key result: 'Bản nháp, chưa duyệt'"),
        (
            10,
            "line not read as an objective or key result: "
            "'Cần thêm người hỗ trợ ca tối'",
        ),
    ]


def test_vietnamese_plain_text_draft_findings_point_back_and_speak_vietnamese():
    report = critique_json(FORMATS / "plain-vi.txt")

    assert report["lang"] == "vi"
    assert line_of(report, "KR_IS_TASK", "Ra mắt checklist") == 8
    assert line_of(report, "KR_IS_TASK", "Tổ chức 4 buổi") == 14


def test_pasted_text_on_stdin_is_recognised_without_a_name():
    text = (FORMATS / "plain-vi.txt").read_bytes()

    reading = read_bytes(text, "-")

    assert reading.format is InputFormat.text
    assert len(reading.document.objectives) == 2


def test_plain_blocks_without_labels_read_first_line_as_objective():
    text = "Grow revenue in Asia\nSign 20 resellers\nReach $2M ARR\n\nHire well\n"

    reading = read_bytes(text.encode(), "draft.txt")

    assert [o.title for o in reading.document.objectives] == [
        "Grow revenue in Asia",
        "Hire well",
    ]
    assert [kr.text for kr in reading.document.objectives[0].key_results] == [
        "Sign 20 resellers",
        "Reach $2M ARR",
    ]


def test_page_without_objectives_is_an_input_error_listing_unplaced_lines():
    text = b"Just some thoughts.\n\nNothing structured here.\n"

    with pytest.raises(InputError) as caught:
        read_bytes(text, "notes.md")

    assert "no objectives found" in caught.value.problems[0].message
    assert [p.line for p in caught.value.problems[1:]] == [1, 3]


def test_check_marks_before_a_label_become_notes_and_the_label_still_counts():
    text = "O1: Grow\n- [x] KR1.1: Reach 5% of users\n- ✅ KR1.2: Cut churn to 2%\n"

    reading = read_bytes(text.encode(), "draft.txt")

    krs = reading.document.objectives[0].key_results
    assert [kr.text for kr in krs] == ["Reach 5% of users", "Cut churn to 2%"]
    assert [reading.notes[str(kr.id)][0].text for kr in krs] == ["done", "done"]


def test_link_text_stops_at_the_nearest_bracket():
    # Link text that may not hold '[' is what keeps a line of brackets linear.
    from coach.readers.notes import _LINK

    assert (
        _LINK.sub(r"\1", "[[[see [the guide](https://x.test/g)") == "[[[see the guide"
    )
