"""Cascading offline: proposals link to real parent key results, contribute instead of
copying, leave the right parent key results uncovered, and are critiqued before
they are returned.

tests/data/cascade/five-levers.yaml has four key results Customer Support can move
(one more than a cascade proposes) and one it cannot; cong-ty.yaml is a Vietnamese
company set."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from coach.cascade import (
    CascadeRequest,
    CascadeResult,
    cascade,
    cascade_steps,
    nodes,
    offline,
)
from coach.cascade.contribute import TOO_SIMILAR, drop_copies, similarity
from coach.cascade.models import (
    MAX_ROUNDS,
    Proposal,
    ProposalCritique,
    ProposedKeyResult,
    to_document,
)
from coach.cascade.units import find_unit, themes_of, unit_catalogue
from coach.critique import critique
from coach.document import Level, OkrDocument
from coach.errors import InputError
from coach.lexicon import detect_language
from coach.loader import load_document
from coach.report import Finding, Severity

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data" / "cascade"
PLACEHOLDER = re.compile(r"\[[^\]]+\]")
UNITS = [profile.names[0] for profile in unit_catalogue().units.values()]


@cache
def parents_of(path: Path) -> OkrDocument:
    return load_document(str(path))


@cache
def cascade_of(
    path: Path,
    unit: str,
    level: str = "department",
    owner: str | None = "Minh Le",
    about: str | None = None,
) -> CascadeResult:
    request = CascadeRequest(
        document=parents_of(path),
        unit=unit,
        level=Level(level),
        owner=owner,
        about=about,
    )
    return cascade(request)


def parent_texts(path: Path) -> dict[str, str]:
    return {str(kr.id): kr.text for _, kr in parents_of(path).key_results()}


def test_support_proposals_link_to_existing_parent_key_results():
    result = cascade_of(EXAMPLES / "company.yaml", "Customer Support")

    assert [p.parent for p in result.proposals] == ["c1.kr2", "c1.kr3", "c2.kr2"]
    assert {p.parent for p in result.proposals} <= set(
        parent_texts(EXAMPLES / "company.yaml")
    )
    assert all(3 <= len(p.key_results) <= 4 for p in result.proposals)
    assert result.mode == "offline" and not result.degraded


def test_proposals_take_the_unit_owner_level_and_parent_type():
    result = cascade_of(EXAMPLES / "company.yaml", "Customer Support")

    assert [p.id for p in result.proposals] == ["cs1", "cs2", "cs3"]
    assert {(p.unit, p.level, p.owner) for p in result.proposals} == {
        ("Customer Support", Level.department, "Minh Le")
    }
    types = {p.parent: p.type.value for p in result.proposals if p.type}
    assert types == {
        "c1.kr2": "committed",
        "c1.kr3": "committed",
        "c2.kr2": "aspirational",
    }


def test_each_proposal_says_how_it_moves_its_parent():
    result = cascade_of(EXAMPLES / "company.yaml", "Customer Support")

    nps = next(p for p in result.proposals if p.parent == "c1.kr3")
    assert nps.contribution == (
        "Customer Support moves c1.kr3 through support CSAT, repeat contacts and "
        "first-reply resolution."
    )


def test_key_results_mark_the_numbers_to_fill_and_end_with_the_cycle():
    result = cascade_of(EXAMPLES / "company.yaml", "Customer Support")

    for kr in [kr for p in result.proposals for kr in p.key_results]:
        assert PLACEHOLDER.findall(kr.text)[:2] == ["[baseline]", "[target]"], kr.text
        assert kr.text.endswith("by 2027-03-31"), kr.text


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize(
    "path",
    [EXAMPLES / "company.yaml", EXAMPLES / "department.yaml", DATA / "wide.yaml"],
    ids=["company", "department", "wide"],
)
@pytest.mark.parametrize("level", ["department", "individual"])
def test_no_proposed_key_result_copies_a_parent_key_result(unit, path, level):
    result = cascade_of(path, unit, level)
    parents = parent_texts(path)

    for kr in [kr for p in result.proposals for kr in p.key_results]:
        closest = max(similarity(kr.text, text) for text in parents.values())
        assert closest < TOO_SIMILAR, kr.text


def test_metric_worded_like_its_parent_is_narrowed_to_the_units_share():
    request = CascadeRequest(
        document=parents_of(DATA / "five-levers.yaml"),
        unit="Customer Support",
        level=Level.department,
    )
    _, profile = find_unit("Customer Support")  # type: ignore[misc]
    planned = offline.plan(request, profile, "en", request.document.cycle.end)  # type: ignore[union-attr]

    lever = next(lever for lever in planned.levers if lever.kr_id == "k2.kr2")
    option = next(o for o in lever.options if o.metric.id == "first-response-time")
    assert option.text == (
        "Cut median first-response time for customers who contacted support from "
        "[baseline] hours to [target] hours by 2027-06-30"
    )


def test_key_result_that_restates_a_parent_is_dropped_with_a_notice():
    proposal = Proposal(
        id="cs1",
        title="Make getting help easy",
        level=Level.department,
        unit="Customer Support",
        parent="c1.kr3",
        contribution="Support moves NPS.",
        key_results=[
            ProposedKeyResult(
                id="cs1.kr1", text="Lift the NPS of new customers from 31 to 50"
            ),
            ProposedKeyResult(
                id="cs1.kr2", text="Cut median first-response time from 9 h to 2 h"
            ),
        ],
    )
    parents = {"c1.kr3": "Raise the net promoter score of new customers from 31 to 45"}
    parents["c1.kr9"] = "Raise NPS of new customers from 31 to 45"

    kept, notices = drop_copies([proposal], parents, "en")

    assert [kr.id for kr in kept[0].key_results] == ["cs1.kr2"]
    assert notices == [
        "Dropped cs1.kr1: it restates the parent key result c1.kr9 "
        "('Lift the NPS of new customers from 31 to 50')."
    ]


def test_uncovered_lists_parent_key_results_support_cannot_move():
    result = cascade_of(EXAMPLES / "company.yaml", "Customer Support")

    assert [(u.id, u.reason.value) for u in result.uncovered] == [
        ("c1.kr1", "not_a_lever"),
        ("c2.kr1", "not_a_lever"),
        ("c2.kr3", "not_a_lever"),
    ]
    assert result.uncovered[0].detail == (
        "none of Customer Support's usual metrics moves this key result"
    )


def test_a_lever_beyond_three_proposals_is_not_yet_covered():
    result = cascade_of(DATA / "five-levers.yaml", "Customer Support", owner=None)

    covered = {p.parent for p in result.proposals}
    reasons = {u.id: u.reason.value for u in result.uncovered}
    assert len(covered) == 3
    assert reasons["k2.kr1"] == "not_a_lever"
    assert list(reasons.values()).count("not_yet_covered") == 1
    assert covered | set(reasons) == set(parent_texts(DATA / "five-levers.yaml"))


def test_unit_with_no_lever_gets_no_proposal_and_a_notice():
    result = cascade_of(EXAMPLES / "company.yaml", "HR")

    assert result.proposals == []
    assert {u.reason.value for u in result.uncovered} == {"not_a_lever"}
    assert result.notices == [
        "No proposal: none of HR's usual metrics moves the parent key results."
    ]


def test_about_text_favours_the_metrics_the_unit_owns():
    plain = cascade_of(EXAMPLES / "company.yaml", "Customer Support")
    told = cascade_of(
        EXAMPLES / "company.yaml",
        "Customer Support",
        about="We run the chat and email queue and the help center articles.",
    )

    def texts(result: CascadeResult) -> list[str]:
        return [kr.text for p in result.proposals for kr in p.key_results]

    assert not any("first-response time" in t for t in texts(plain))
    assert any(t.startswith("Cut median first-response time") for t in texts(told))


def test_individual_proposals_are_scoped_to_the_person_and_named_by_initials():
    result = cascade_of(
        EXAMPLES / "department.yaml",
        "Customer Success",
        "individual",
        owner="Lan Pham",
        about="Onboarding specialist: answers onboarding tickets and runs kickoff calls",
    )

    assert [p.id for p in result.proposals][:2] == ["lp1", "lp2"]
    assert {p.parent for p in result.proposals} <= set(
        parent_texts(EXAMPLES / "department.yaml")
    )
    assert result.proposals[0].parent == "cs1.kr1"  # the onboarding key result
    krs = [kr.text for p in result.proposals for kr in p.key_results]
    assert all("in my portfolio" in t for t in krs)


def test_proposal_ids_do_not_clash_with_parent_ids():
    result = cascade_of(EXAMPLES / "department.yaml", "Customer Success")

    parents = parents_of(EXAMPLES / "department.yaml")
    taken = {str(o.id) for o in parents.objectives}
    assert [p.id for p in result.proposals] == ["csa1", "csa2", "csa3"]
    assert not taken & {p.id for p in result.proposals}


def test_vietnamese_parents_get_vietnamese_proposals():
    result = cascade_of(DATA / "cong-ty.yaml", "Hỗ trợ khách hàng", owner="Lê Minh")

    assert result.lang == "vi"
    assert [p.parent for p in result.proposals] == ["ct1.kr2", "ct1.kr3", "ct2.kr3"]
    for proposal in result.proposals:
        assert detect_language(proposal.title) == "vi"
        for kr in proposal.key_results:
            assert "[mức hiện tại]" in kr.text and kr.text.endswith("trước 31/03/2027")
    assert result.uncovered[0].detail.startswith("không chỉ số quen thuộc nào")


def test_unknown_unit_is_an_input_error_naming_the_known_ones():
    request = CascadeRequest(
        document=parents_of(EXAMPLES / "company.yaml"),
        unit="Tiger Team",
        level=Level.team,
    )

    with pytest.raises(InputError) as caught:
        cascade(request)

    problem = caught.value.problems[0]
    assert problem.path == "unit"
    assert (
        "no unit in knowledge/unit_metrics.yaml matches 'Tiger Team'" in problem.message
    )
    assert "customer support" in problem.message and "finance" in problem.message


def test_unit_unknown_by_name_is_found_from_its_description():
    result = cascade_of(
        EXAMPLES / "company.yaml",
        "Tiger Team",
        "team",
        about="the customer support desk",
    )

    assert [p.parent for p in result.proposals] == ["c1.kr2", "c1.kr3", "c2.kr2"]


def test_cascading_to_company_level_is_refused():
    with pytest.raises(ValueError, match="not company"):
        CascadeRequest(
            document=parents_of(EXAMPLES / "company.yaml"),
            unit="Sales",
            level="company",
        )


def test_every_proposal_carries_its_critique():
    result = cascade_of(EXAMPLES / "company.yaml", "Customer Support")

    report = critique(to_document(result.proposals, result.cycle))  # type: ignore[arg-type]
    for proposal, review in zip(result.proposals, report.objectives, strict=True):
        expected = [f.code for f in review.findings if f.code != "OBJ_PARENT_NOT_FOUND"]
        expected += [f.code for kr in review.key_results for f in kr.findings]
        assert [f.code for f in proposal.critique.findings] == expected
        assert proposal.critique.errors == sum(
            f.severity is Severity.error for f in proposal.critique.findings
        )
    assert 1 <= result.rounds <= MAX_ROUNDS


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("path", [DATA / "wide.yaml", DATA / "cong-ty.yaml"])
def test_offline_proposals_pass_critique_without_error_findings(unit, path):
    result = cascade_of(path, unit)
    if not result.proposals:
        pytest.skip(f"{unit} moves nothing in {path.name}")

    report = critique(to_document(result.proposals, result.cycle))  # type: ignore[arg-type]
    on_key_results = {
        f.code
        for p in result.proposals
        for f in p.critique.findings
        if f.target != p.id
    }
    assert result.errors == 0 and report.counts.error == 0
    assert on_key_results == {"KR_PLACEHOLDER"}  # only the numbers left to fill
    assert result.rounds == 1


def _state(errors: int, rounds: int, progress: bool) -> nodes.CascadeState:
    return {"errors": errors, "rounds": rounds, "progress": progress}


@pytest.mark.parametrize(
    ("errors", "rounds", "progress", "step"),
    [
        (0, 1, True, "assemble"),
        (2, 1, True, "revise"),
        (2, 2, True, "revise"),
        (2, MAX_ROUNDS, True, "assemble"),
        (2, 2, False, "assemble"),
    ],
)
def test_graph_revises_only_while_errors_remain_rounds_are_left_and_revising_helps(
    errors, rounds, progress, step
):
    assert nodes.after_critique(_state(errors, rounds, progress)) == step


def test_revision_swaps_a_failing_key_result_for_the_parents_next_option():
    request = CascadeRequest(
        document=parents_of(EXAMPLES / "company.yaml"),
        unit="Customer Support",
        level=Level.department,
    )
    state = nodes.prepare({"request": request})
    state = {"request": request, **state}
    state.update(nodes.plan_coverage(state))  # type: ignore[typeddict-item]
    state.update(nodes.generate(state))  # type: ignore[typeddict-item]
    first = state["proposals"][0]
    failing = first.key_results[1]
    error = Finding(
        code="KR_IS_TASK",
        severity=Severity.error,
        target=failing.id,
        title="t",
        message="m",
        why="w",
        fix="f",
        principle="results-not-tasks",
    )
    state["proposals"][0] = first.model_copy(
        update={"critique": ProposalCritique(errors=1, findings=[error])}
    )

    revised = nodes.revise(state)["proposals"][0]

    assert revised.key_results[0] == first.key_results[0]
    assert revised.key_results[1].id == failing.id
    assert revised.key_results[1].text not in {
        kr.text for p in state["proposals"] for kr in p.key_results
    }


def test_steps_stream_in_graph_order_and_end_with_the_result():
    request = CascadeRequest(
        document=parents_of(EXAMPLES / "company.yaml"),
        unit="Customer Support",
        level=Level.department,
    )

    steps = list(cascade_steps(request))

    names = [name for name, _ in steps]
    assert names[:4] == ["prepare", "plan_coverage", "generate", "critique_proposals"]
    assert names[-1] == "result"
    assert set(names[4:-1]) <= {"revise", "critique_proposals"}
    assert steps[2][1] == {"step": "generate", "proposals": 3}
    assert [p["parent"] for p in steps[-1][1]["proposals"]] == [
        "c1.kr2",
        "c1.kr3",
        "c2.kr2",
    ]


def test_parent_themes_prefer_the_longest_phrase():
    assert themes_of("Lower customer acquisition cost from $420 to $320") == [
        "acquisition"
    ]
    assert themes_of("Raise onboarding satisfaction (CSAT) from 4.1 to 4.6") == [
        "activation",
        "satisfaction",
    ]
    assert themes_of("Giảm tỷ lệ rời bỏ hằng tháng từ 3,5% xuống 2%") == ["retention"]


@pytest.mark.parametrize("unit", UNITS)
def test_every_catalogue_unit_proposes_from_parents_covering_every_theme(unit):
    result = cascade_of(DATA / "wide.yaml", unit)

    assert 1 <= len(result.proposals) <= 3
    assert all(3 <= len(p.key_results) <= 4 for p in result.proposals)
    covered = {p.parent for p in result.proposals} | {u.id for u in result.uncovered}
    assert covered == set(parent_texts(DATA / "wide.yaml"))


def test_catalogue_units_have_bilingual_templates_with_the_slots_they_need():
    catalogue = unit_catalogue()
    for uid, profile in catalogue.units.items():
        assert len(profile.metrics) >= 8, uid
        assert "default" in profile.objectives, uid
        for metric in profile.metrics:
            assert set(metric.moves) <= set(catalogue.themes), metric.id
            for lang, text in (("en", metric.en), ("vi", metric.vi)):
                assert "{due}" in text, (metric.id, lang)
                assert "{scope}" in text or metric.levels, (metric.id, lang)
                assert len(PLACEHOLDER.findall(text)) == 2, (uid, metric.id, lang)
