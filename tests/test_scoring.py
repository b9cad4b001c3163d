"""FACTS sub-scores drop, with their reasons, when their kind of fault is planted in
tests/data/clean-document.yaml; the overall score ranks clean above flawed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from coach.critique import critique
from coach.lexicon import has_vietnamese_marks
from coach.loader import load_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FACETS = ("focus", "alignment", "commitment", "tracking", "stretching")


def o1(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["objectives"][0]


def too_many_key_results(doc):
    o1(doc)["key_results"] = [
        {"text": f"Raise metric {c} from 10 to 12", "confidence": 0.7}
        for c in "abcdefg"
    ]


def too_many_objectives(doc):
    doc["objectives"] = [
        {**doc["objectives"][1], "id": f"o{n}", "key_results": []} for n in range(1, 8)
    ]
    for n, objective in enumerate(doc["objectives"], start=1):
        objective["key_results"] = [
            {"text": f"Raise metric {n}{c} from 10 to 12", "confidence": 0.5}
            for c in "abc"
        ]


def team_objective_without_parent(doc):
    o1(doc)["level"] = "team"


def no_owner(doc):
    del o1(doc)["owner"]


def no_type(doc):
    del o1(doc)["type"]


def no_confidence(doc):
    del o1(doc)["key_results"][0]["confidence"]


def no_cycle(doc):
    del doc["cycle"]


def task_instead_of_result(doc):
    o1(doc)["key_results"][0]["text"] = "Launch the new pricing page"


def target_without_baseline(doc):
    o1(doc)["key_results"][0]["text"] = "Grow paying teams to 1,200"


def near_certain_aspirational(doc):
    o1(doc)["type"] = "aspirational"
    o1(doc)["key_results"][0]["confidence"] = 0.95


def unsure_committed(doc):
    o1(doc)["key_results"][0]["confidence"] = 0.2


def implausible_jump(doc):
    o1(doc)["key_results"][0]["text"] = "Raise 7-day activation from 10% to 90%"


def nothing_aspirational(doc):
    doc["objectives"][1]["type"] = "committed"


def no_confidence_anywhere(doc):
    for objective in doc["objectives"]:
        for kr in objective["key_results"]:
            del kr["confidence"]


# (fault, facets it lowers, a word the reasons must name or None)
FAULTS = [
    (too_many_key_results, {"focus"}, "o1"),
    (too_many_objectives, {"focus"}, "Lan Pham"),
    (team_objective_without_parent, {"alignment"}, "o1"),
    (no_owner, {"commitment"}, "o1"),
    (no_type, {"commitment"}, "o1"),
    (no_confidence, {"tracking"}, None),
    (no_cycle, {"tracking"}, None),
    (task_instead_of_result, {"tracking"}, None),
    (target_without_baseline, {"tracking"}, None),
    (near_certain_aspirational, {"stretching"}, None),
    (unsure_committed, {"stretching"}, None),
    (implausible_jump, {"stretching"}, None),
    (nothing_aspirational, {"stretching"}, None),
    (no_confidence_anywhere, {"stretching", "tracking"}, None),
]


def test_clean_document_scores_full_marks(clean_document, critique_of):
    result = critique_of(clean_document)

    assert result.score == 100
    for facet in FACETS:
        assert getattr(result.facts, facet).model_dump() == {
            "score": 100,
            "lowered_by": [],
        }


@pytest.mark.parametrize(
    ("fault", "lowered", "named"), FAULTS, ids=[f.__name__ for f, _, _ in FAULTS]
)
def test_fault_lowers_its_facts_score_and_says_why(
    clean_document, critique_of, fault, lowered, named
):
    fault(clean_document)
    result = critique_of(clean_document)

    for facet in FACETS:
        sub = getattr(result.facts, facet)
        if facet in lowered:
            assert sub.score < 100 and sub.lowered_by, facet
        else:
            assert (sub.score, sub.lowered_by) == (100, []), facet
    if named:
        reasons = [r for f in lowered for r in getattr(result.facts, f).lowered_by]
        assert any(named in reason for reason in reasons), reasons
    assert result.score <= 100


def test_more_tasks_mean_a_lower_score(clean_document, critique_of):
    tasks = ["Launch the new pricing page", "Publish 12 blog posts", "Hire 5 engineers"]
    scores = []
    for count in range(len(tasks) + 1):
        doc = copy.deepcopy(clean_document)
        for kr, text in zip(o1(doc)["key_results"], tasks[:count], strict=False):
            kr["text"] = text
        scores.append(critique_of(doc).score)

    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


def test_worse_focus_costs_more_points(clean_document, critique_of):
    def focus_with(count: int) -> int:
        o1(clean_document)["key_results"] = [
            {"text": f"Raise metric {n} from 10 to 12", "confidence": 0.7}
            for n in range(count)
        ]
        return critique_of(clean_document).facts.focus.score

    assert focus_with(5) > focus_with(6) > focus_with(8)


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("company.yaml", "draft-en.yaml"),
        ("individual.yaml", "draft-en.yaml"),
        ("department.yaml", "draft-vi.yaml"),
    ],
)
def test_clean_set_scores_higher_than_a_flawed_draft(better, worse):
    def score(example: str) -> int:
        return critique(load_document(str(EXAMPLES / example))).score

    assert score(better) > score(worse)


def test_clean_document_scores_higher_than_the_flawed_draft(
    clean_document, critique_of
):
    draft = critique(load_document(str(EXAMPLES / "draft-en.yaml")))

    assert critique_of(clean_document).score > draft.score


def test_vietnamese_critique_explains_facts_scores_in_vietnamese():
    result = critique(load_document(str(EXAMPLES / "draft-vi.yaml")))

    reasons = [r for f in FACETS for r in getattr(result.facts, f).lowered_by]
    assert result.lang == "vi" and reasons
    assert all(has_vietnamese_marks(r) for r in reasons), reasons
