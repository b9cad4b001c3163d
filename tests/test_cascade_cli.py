"""okr-coach cascade: YAML that okr-coach critique reads back, the JSON shape, the
text and Markdown views, --about/--about-file, and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cascade import CascadeResult
from coach.cli import app
from coach.loader import parse_document

ROOT = Path(__file__).resolve().parent.parent
COMPANY = str(ROOT / "examples" / "company.yaml")
runner = CliRunner()


def run_cascade(*args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["cascade", COMPANY, "--unit", "Customer Support", *args]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def cascade_json(*args: str) -> CascadeResult:
    _, out = run_cascade("--format", "json", *args)
    return CascadeResult.model_validate_json(out)


@pytest.fixture
def okr_coach():
    script = shutil.which("okr-coach")
    assert script, "okr-coach is not on PATH: run pip install -e '.[dev]'"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
        )

    return run


def test_yaml_output_is_a_document_okr_coach_critique_reads(tmp_path, okr_coach):
    _, out = run_cascade("--owner", "Minh Le")
    draft = tmp_path / "support.yaml"
    draft.write_text(out, encoding="utf-8")

    document = parse_document(out, str(draft))
    checked = okr_coach("critique", str(draft), "--format", "json")

    assert [(o.id, o.parent) for o in document.objectives] == [
        ("cs1", "c1.kr2"),
        ("cs2", "c1.kr3"),
        ("cs3", "c2.kr2"),
    ]
    assert {o.owner for o in document.objectives} == {"Minh Le"}
    assert document.cycle and document.cycle.name == "2027-Q1"
    assert checked.returncode in (0, 1), checked.stderr
    assert json.loads(checked.stdout)["counts"]["objectives"] == 3


def test_yaml_comments_carry_contribution_findings_and_coverage():
    _, out = run_cascade()

    comments = [
        line.strip() for line in out.splitlines() if line.strip().startswith("#")
    ]
    assert (
        "# supports c1.kr3: Customer Support moves c1.kr3 through support CSAT, "
        "repeat contacts and first-reply resolution." in comments
    )
    assert "# Parent key results no proposal supports:" in comments
    assert (
        "#   c1.kr1 (not this unit's lever): none of Customer Support's usual metrics "
        "moves this key result" in comments
    )
    assert any(c.startswith("# Critique:") for c in comments)


def test_json_output_has_the_documented_shape():
    _, out = run_cascade("--format", "json", "--owner", "Minh Le")
    data = json.loads(out)

    assert {"mode", "degraded", "proposals", "uncovered", "usage"} <= set(data)
    assert data["mode"] == "offline" and data["degraded"] is False
    assert {
        "id",
        "title",
        "level",
        "unit",
        "owner",
        "parent",
        "contribution",
        "key_results",
        "critique",
    } <= set(data["proposals"][0])
    assert set(data["uncovered"][0]) >= {"id", "reason"}
    assert data["usage"]["calls"] == 0


def test_text_view_lists_proposals_key_results_and_uncovered():
    _, out = run_cascade("--format", "text")

    assert out.startswith("Proposed OKRs for Customer Support (department)\n")
    assert "cs2: Make getting help so easy that customers recommend us" in out
    assert "  - cs2.kr1: Raise CSAT after support conversations from [baseline]" in out
    assert "  c2.kr3 (not this unit's lever): " in out


def test_markdown_view_has_a_section_per_proposal():
    _, out = run_cascade("--format", "markdown")

    assert out.startswith("# Proposed OKRs for Customer Support (department)")
    assert "## cs1: Get new customers unstuck in their first weeks" in out
    assert "## Parent key results no proposal supports" in out


def test_exit_code_says_whether_error_findings_remain():
    code, out = run_cascade("--format", "json")

    assert code == (1 if CascadeResult.model_validate_json(out).errors else 0)


def test_about_file_describes_the_unit(tmp_path):
    about = tmp_path / "about.txt"
    about.write_text("We run the chat and email queue.\n", encoding="utf-8")

    result = cascade_json("--about-file", str(about))

    texts = [kr.text for p in result.proposals for kr in p.key_results]
    assert any(t.startswith("Cut median first-response time") for t in texts)


def test_about_and_about_file_together_is_a_usage_error(tmp_path):
    about = tmp_path / "about.txt"
    about.write_text("support", encoding="utf-8")

    result = runner.invoke(
        app,
        [
            "cascade",
            COMPANY,
            "--unit",
            "Support",
            "--about",
            "x",
            "--about-file",
            str(about),
        ],
    )

    assert result.exit_code == 2
    assert "--about TEXT or --about-file FILE" in result.output


def test_unknown_unit_exits_2_naming_the_known_units(okr_coach):
    done = okr_coach("cascade", "examples/company.yaml", "--unit", "Tiger Team")

    assert done.returncode == 2
    assert (
        "unit: no unit in knowledge/unit_metrics.yaml matches 'Tiger Team'"
        in done.stderr
    )
    assert "customer support" in done.stderr


def test_individual_cascade_from_the_department_file(okr_coach):
    done = okr_coach(
        "cascade",
        "examples/department.yaml",
        "--unit",
        "Customer Success",
        "--level",
        "individual",
        "--owner",
        "Lan Pham",
        "--about",
        "Onboarding specialist: answers onboarding tickets and runs kickoff calls",
        "--format",
        "json",
    )

    result = CascadeResult.model_validate_json(done.stdout)
    assert done.returncode in (0, 1), done.stderr
    assert result.proposals[0].id == "lp1"
    assert {p.level.value for p in result.proposals} == {"individual"}
