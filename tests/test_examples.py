"""The bundled examples: tasks are flagged and rewritten, clean key results get no
error, and the Vietnamese draft is coached in Vietnamese.

tests/data/example-kinds.yaml holds a hand label for each example key result."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from coach.catalogue import catalogue
from coach.critique import critique
from coach.lexicon import has_vietnamese_marks
from coach.loader import load_document
from coach.report import Critique, KeyResultReview, Severity

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KINDS = yaml.safe_load(
    (ROOT / "tests" / "data" / "example-kinds.yaml").read_text(encoding="utf-8")
)
LABELLED = [
    (example, kr_id, kind)
    for example, labels in KINDS.items()
    for kr_id, kind in labels.items()
]
TASKS = [(example, kr_id) for example, kr_id, kind in LABELLED if kind == "task"]
CLEAN_SETS = ["company.yaml", "department.yaml", "individual.yaml"]
PLACEHOLDER = re.compile(r"\[[^\]]+\]")


@cache
def critique_of(example: str) -> Critique:
    return critique(load_document(str(EXAMPLES / example)))


def key_result(example: str, kr_id: str) -> KeyResultReview:
    reviews = [kr for o in critique_of(example).objectives for kr in o.key_results]
    (review,) = [kr for kr in reviews if kr.id == kr_id]
    return review


def test_every_example_is_labelled():
    assert set(KINDS) == {p.name for p in EXAMPLES.glob("*.yaml")}


@pytest.mark.parametrize(
    ("example", "kr_id", "kind"), LABELLED, ids=[f"{e}-{k}" for e, k, _ in LABELLED]
)
def test_example_key_result_is_classified_as_labelled(example, kr_id, kind):
    assert key_result(example, kr_id).kind.value == kind


@pytest.mark.parametrize(
    ("example", "kr_id"), TASKS, ids=[f"{e}-{k}" for e, k in TASKS]
)
def test_task_key_result_is_flagged_with_a_rewrite_to_fill_in(example, kr_id):
    review = key_result(example, kr_id)

    assert "KR_IS_TASK" in {f.code for f in review.findings}
    suggestion = review.suggestion
    assert suggestion is not None
    assert suggestion.text != review.text
    assert suggestion.placeholders
    assert suggestion.placeholders == PLACEHOLDER.findall(suggestion.text)


@pytest.mark.parametrize("example", CLEAN_SETS)
def test_result_key_results_in_clean_sets_have_no_error(example):
    result = critique_of(example)

    errors = {
        kr.id: [f.code for f in kr.findings if f.severity is Severity.error]
        for o in result.objectives
        for kr in o.key_results
        if kr.kind.value == "result"
    }
    assert errors and all(codes == [] for codes in errors.values()), errors
    assert result.counts.error == 0


@pytest.mark.parametrize("example", ["draft-en.yaml", "draft-vi.yaml"])
def test_drafts_show_the_mistakes_they_were_written_with(example):
    result = critique_of(example)

    assert result.counts.error > 0
    assert result.counts.tasks >= sum(1 for e, _ in TASKS if e == example)


def test_vietnamese_draft_gets_vietnamese_findings():
    result = critique_of("draft-vi.yaml")

    assert result.lang == "vi"
    findings = result.all_findings()
    assert findings
    for finding in findings:
        texts = catalogue()[finding.code].texts["vi"]
        assert (finding.title, finding.why) == (texts["title"], texts["why"])
        assert has_vietnamese_marks(finding.message), finding.message


def test_vietnamese_draft_gets_vietnamese_suggestions_and_smart_reasons():
    result = critique_of("draft-vi.yaml")

    reviews = [kr for o in result.objectives for kr in o.key_results]
    suggestions = [kr.suggestion for kr in reviews if kr.suggestion]
    assert suggestions
    assert all(has_vietnamese_marks(s.text) for s in suggestions)
    assert all(has_vietnamese_marks(s.rationale) for s in suggestions)
    smart = [o.smart for o in result.objectives] + [kr.smart for kr in reviews]
    reasons = [criterion.reason for s in smart for _, criterion in s]
    assert all(has_vietnamese_marks(r) for r in reasons), reasons


def test_english_draft_gets_english_suggestions():
    result = critique_of("draft-en.yaml")

    suggestions = [
        kr.suggestion
        for o in result.objectives
        for kr in o.key_results
        if kr.suggestion
    ]
    assert suggestions
    assert not any(has_vietnamese_marks(s.text) for s in suggestions)
