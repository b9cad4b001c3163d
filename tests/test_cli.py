"""The okr-coach command line: exit codes, formats, languages, settings and help.

Exit codes and error output are checked on the installed `okr-coach` script in a
real process, since main() maps coach errors to exit 2; output formats through
typer's CliRunner."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import typer.main
import yaml
from typer.testing import CliRunner

from coach.catalogue import catalogue
from coach.cli import app
from coach.evaluation import EvalReport, evaluate_file
from coach.render.labels import LABELS
from coach.report import Critique

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"
runner = CliRunner()


@pytest.fixture
def okr_coach():
    """Run the installed okr-coach script from the project folder."""
    script = shutil.which("okr-coach")
    assert script, "okr-coach is not on PATH: run pip install -e '.[dev]'"

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )

    return run


def critique_json(*args: str) -> Critique:
    result = runner.invoke(app, ["critique", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return Critique.model_validate_json(result.stdout)


def test_clean_document_exits_0_with_a_summary_line(okr_coach):
    done = okr_coach("critique", "examples/company.yaml")

    assert done.returncode == 0, done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith(LABELS["en"]["score"] + ":")
    assert "\033[" not in done.stdout  # colour only on a terminal


def test_document_with_error_findings_exits_1(okr_coach):
    done = okr_coach("critique", "examples/draft-en.yaml")

    assert done.returncode == 1, done.stderr


def test_invalid_input_exits_2_naming_file_path_and_line(okr_coach):
    done = okr_coach("critique", "tests/data/invalid-target.yaml")

    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "tests/data/invalid-target.yaml" in done.stderr
    assert "objectives[2].key_results[0].target" in done.stderr
    assert "line 15" in done.stderr


def test_missing_file_exits_2_without_traceback(okr_coach):
    done = okr_coach("critique", "examples/no-such-draft.yaml")

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "examples/no-such-draft.yaml" in done.stderr


def test_dash_reads_the_document_from_stdin(okr_coach):
    draft = (EXAMPLES / "draft-en.yaml").read_text(encoding="utf-8")

    done = okr_coach("critique", "-", "--format", "json", stdin=draft)

    assert done.returncode == 1, done.stderr
    result = Critique.model_validate_json(done.stdout)
    codes = {f.code for f in result.all_findings()}
    assert "KR_IS_TASK" in codes


def test_json_output_is_the_critique_model_in_offline_mode(okr_coach):
    done = okr_coach("critique", "examples/company.yaml", "--format", "json")

    result = Critique.model_validate_json(done.stdout)
    assert (result.mode, result.degraded, result.lang) == ("offline", False, "en")
    assert [o.id for o in result.objectives] == ["c1", "c2"]
    first = result.objectives[0].key_results[0]
    assert (first.id, first.kind.value) == ("c1.kr1", "result")
    assert first.smart.measurable.verdict.value == "pass"
    assert 0 <= result.score <= 100


def test_markdown_output_has_a_section_per_objective_and_key_result():
    result = runner.invoke(
        app, ["critique", "examples/draft-en.yaml", "--format", "markdown"]
    )

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# ")
    for objective in ("onboarding", "knowledge", "growth"):
        assert any(line.startswith(f"## {objective}:") for line in lines)
    assert any(line.startswith("### onboarding.kr3 ") for line in lines)
    assert "|---|---|---|" in lines


def test_lang_vi_gives_vietnamese_labels_and_findings():
    text = runner.invoke(app, ["critique", "examples/draft-en.yaml", "--lang", "vi"])
    result = critique_json("examples/draft-en.yaml", "--lang", "vi")

    summary = text.stdout.strip().splitlines()[-1]
    assert summary.startswith(LABELS["vi"]["score"] + ":")
    assert f"{LABELS['vi']['objective']} onboarding:" in text.stdout
    assert result.lang == "vi"
    vi_titles = {c.code: c.text("vi", "title") for c in catalogue().values()}
    assert all(f.title == vi_titles[f.code] for f in result.all_findings())


def test_draft_language_is_used_when_no_lang_is_given():
    assert critique_json("examples/draft-vi.yaml").lang == "vi"
    assert critique_json("examples/draft-en.yaml").lang == "en"


def test_set_overrides_a_threshold():
    default = critique_json("examples/company.yaml")
    tighter = critique_json("examples/company.yaml", "--set", "max_key_results=2")

    def too_many(result: Critique) -> list[str]:
        return [f.target for f in result.all_findings() if f.code == "TOO_MANY_KRS"]

    assert too_many(default) == []
    assert too_many(tighter) == ["c1", "c2"]


def test_config_file_overrides_a_threshold(tmp_path):
    config = tmp_path / "coach.yaml"
    config.write_text("thresholds: {min_key_results: 4}\n", encoding="utf-8")

    result = critique_json("examples/company.yaml", "--config", str(config))

    assert {f.target for f in result.all_findings() if f.code == "TOO_FEW_KRS"} == {
        "c1",
        "c2",
    }


@pytest.mark.parametrize(
    ("pair", "named"),
    [
        ("max_key_results", "--set"),
        ("max_krs=6", "max_krs"),
        ("max_key_results=many", "max_key_results"),
    ],
    ids=["no value", "unknown threshold", "not a number"],
)
def test_bad_set_exits_2_naming_the_setting(okr_coach, pair, named):
    done = okr_coach("critique", "examples/company.yaml", "--set", pair)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert named in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["critique", "examples/company.yaml", "--lang", "fr"],
        ["critique", "examples/company.yaml", "--format", "xml"],
        ["critique"],
        ["no-such-command"],
    ],
    ids=["unknown language", "unknown format", "no file", "unknown command"],
)
def test_usage_error_exits_2(args):
    assert runner.invoke(app, args).exit_code == 2


def test_impossible_date_exits_2(okr_coach, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "cycle: {name: Q1, start: 2027-02-30, end: 2027-03-31}\n"
        "objectives: [{title: A}]\n",
        encoding="utf-8",
    )

    assert okr_coach("critique", str(draft)).returncode == 2


def test_schema_is_json_schema_for_objectives():
    result = runner.invoke(app, ["schema"])

    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "objectives" in schema["properties"]
    assert "objectives" in schema["required"]


@pytest.mark.parametrize("example", [p.name for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_every_example_validates_against_the_schema(example):
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    as_json = json.loads(json.dumps(data, default=str))  # YAML dates -> strings

    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(as_json))

    assert [e.message for e in errors] == []


def test_checks_lists_every_catalogue_code():
    text = runner.invoke(app, ["checks"])
    rows = json.loads(runner.invoke(app, ["checks", "--format", "json"]).stdout)

    listed = {line.split()[0] for line in text.stdout.splitlines() if line.strip()}
    assert listed == set(catalogue())
    assert {row["code"]: row["principle"] for row in rows} == {
        code: info.principle for code, info in catalogue().items()
    }


def test_checks_in_vietnamese_uses_the_vietnamese_titles():
    rows = json.loads(
        runner.invoke(app, ["checks", "--format", "json", "--lang", "vi"]).stdout
    )

    assert {row["code"]: row["title"] for row in rows} == {
        code: info.text("vi", "title") for code, info in catalogue().items()
    }


def test_eval_prints_precision_recall_and_f1_and_the_misjudged():
    sample = str(DATA / "eval-sample.jsonl")
    expected = evaluate_file(sample)

    result = runner.invoke(app, ["eval", sample])

    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    found = dict(re.findall(r"(precision|recall|F1)=([0-9.]+)", first))
    assert {k: float(v) for k, v in found.items()} == pytest.approx(
        {
            "precision": expected.overall.precision,
            "recall": expected.overall.recall,
            "F1": expected.overall.f1,
        },
        abs=1e-3,
    )
    misjudged = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert {"s4", "s5"} <= set(misjudged)


def test_eval_json_is_the_report_model():
    result = runner.invoke(app, ["eval", str(DATA / "eval-sample.jsonl"), "--json"])

    report = EvalReport.model_validate_json(result.stdout)
    assert report.overall.n == 5


def test_eval_of_a_missing_file_exits_2(okr_coach):
    done = okr_coach("eval", "tests/data/no-such-corpus.jsonl")

    assert done.returncode == 2
    assert "Traceback" not in done.stderr


COMMANDS = sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize(
    "command", [[], *[[c] for c in COMMANDS]], ids=["okr-coach", *COMMANDS]
)
def test_every_help_shows_an_example(command):
    result = runner.invoke(app, [*command, "--help"])

    assert result.exit_code == 0
    assert re.search(r"Examples?:", result.stdout)
    assert re.search(re.escape(" ".join(["okr-coach", *command])), result.stdout)


def test_misspelt_threshold_names_the_nearest_and_lists_them_all(okr_coach):
    done = okr_coach(
        "critique", str(EXAMPLES / "company.yaml"), "--set", "max_keyresults=3"
    )

    assert done.returncode == 2
    assert "did you mean 'max_key_results'?" in done.stderr
    assert "sandbagging_confidence" in done.stderr
