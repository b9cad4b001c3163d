"""The alignment review on a made-up organisation (tests/data/align) with every
finding type planted, and the look-alikes that must stay quiet."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import DATA

from coach.alignment import review_alignment
from coach.alignment.models import AlignmentReport, SourcedDocument
from coach.alignment.sources import load_sources
from coach.document import OkrDocument
from coach.errors import InputError
from coach.report import Severity

ORG = DATA / "align"


@pytest.fixture(scope="module")
def sources() -> list[SourcedDocument]:
    return load_sources([str(ORG)])


@pytest.fixture(scope="module")
def report(sources: list[SourcedDocument]) -> AlignmentReport:
    return review_alignment(sources)


def found(report: AlignmentReport, kind: str) -> list[tuple[str, list[str]]]:
    return [(f.severity.value, f.subjects) for f in report.findings if f.type == kind]


def pairs_of(report: AlignmentReport, kind: str) -> list[set[str]]:
    return [set(f.subjects) for f in report.findings if f.type == kind]


def doc(source: str, **objective: Any) -> SourcedDocument:
    """A one-objective document for small organisations built in a test."""
    cycle = {"name": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"}
    data = {"cycle": cycle, "objectives": [objective]}
    return SourcedDocument(source=source, document=OkrDocument.model_validate(data))


@pytest.mark.parametrize(
    ("kind", "severity", "subjects"),
    [
        ("orphan", "warning", ["sl2"]),
        ("broken_parent", "error", ["pd2"]),
        ("level_skip", "warning", ["lp1"]),
        ("uncovered_parent", "warning", ["c1.kr3"]),
        ("restates_parent", "warning", ["mk2.kr1", "c1.kr2"]),
        ("overlap", "warning", ["mk1.kr2", "pd1.kr1"]),
        ("overlap", "warning", ["ho2.kr1", "ha1.kr1"]),
        ("contradiction", "error", ["sl1.kr2", "fn1.kr2"]),
        ("contradiction", "warning", ["mk1.kr1", "c1.kr2", "fn1.kr1"]),
        ("overloaded_owner", "warning", ["mk1", "mk2", "bt1", "bt2", "bt3", "bt4"]),
        ("cycle_mismatch", "error", ["op1"]),
        ("cycle_mismatch", "warning", ["lp2.kr1"]),
    ],
)
def test_each_planted_problem_is_found_with_its_ids(
    report: AlignmentReport, kind: str, severity: str, subjects: list[str]
) -> None:
    assert (severity, subjects) in found(report, kind)


def test_every_finding_type_fires_on_the_planted_organisation(
    report: AlignmentReport,
) -> None:
    assert {f.type.value for f in report.findings} == {
        "orphan",
        "broken_parent",
        "level_skip",
        "uncovered_parent",
        "restates_parent",
        "overlap",
        "contradiction",
        "overloaded_owner",
        "cycle_mismatch",
    }


def test_two_teams_sharing_a_word_is_not_an_overlap(report: AlignmentReport) -> None:
    horizontal = pairs_of(report, "overlap") + pairs_of(report, "contradiction")
    # 'customers' (Sales, Product) and 'response' (Marketing, Company) are shared
    # words, not shared metrics; 'subscribers' appears once.
    assert not any({"sl2.kr1", "pd1.kr3"} <= s for s in horizontal)
    assert not any({"mk2.kr4", "c2.kr2"} <= s for s in horizontal)
    assert not any("mk1.kr3" in s for s in horizontal)


def test_only_the_planted_overlaps_are_reported(report: AlignmentReport) -> None:
    assert sorted(map(sorted, pairs_of(report, "overlap"))) == [
        ["ha1.kr1", "ho2.kr1"],
        ["mk1.kr2", "pd1.kr1"],
    ]


def test_organic_leads_do_not_trade_off_against_cutting_ad_spend(
    report: AlignmentReport,
) -> None:
    assert not any("mk2.kr3" in s for s in pairs_of(report, "contradiction"))


def test_trade_off_message_gives_the_reason_and_a_shared_limit(
    report: AlignmentReport,
) -> None:
    (tradeoff,) = [
        f
        for f in report.findings
        if f.type == "contradiction" and f.severity is Severity.warning
    ]
    assert "buying more ads raises the acquisition spend" in tradeoff.message
    assert "Marketing" in tradeoff.message and "Finance" in tradeoff.message
    assert "a ceiling on cost per lead" in tradeoff.fix


def test_company_link_is_no_level_skip_when_the_unit_has_no_department_okrs(
    report: AlignmentReport,
) -> None:
    assert ("warning", ["kb1"]) not in found(report, "level_skip")


def test_company_objectives_are_never_orphans(report: AlignmentReport) -> None:
    assert found(report, "orphan") == [("warning", ["sl2"])]


def test_department_key_results_are_judged_only_where_people_have_okrs(
    report: AlignmentReport,
) -> None:
    uncovered = [i for _, s in found(report, "uncovered_parent") for i in s]
    assert "mk1.kr1" in uncovered  # Marketing has people under review
    assert not any(i.startswith(("fn1", "sl1", "ho1")) for i in uncovered)


def test_a_departments_unsupported_key_results_make_one_note(
    report: AlignmentReport,
) -> None:
    (marketing,) = [
        f
        for f in report.findings
        if f.type == "uncovered_parent" and f.units == ["unit:marketing"]
    ]
    assert marketing.severity is Severity.info
    assert marketing.subjects == ["mk1.kr1", "mk2.kr1", "mk2.kr3", "mk2.kr4"]
    assert marketing.message.startswith("4 of 7 key results of Marketing")


def test_narrower_child_key_result_does_not_restate_its_parent(
    report: AlignmentReport,
) -> None:
    restating = [s[0] for _, s in found(report, "restates_parent")]
    assert restating == ["mk2.kr1"]  # not ho2.kr1: first-year churn narrows c2.kr1


def test_a_document_from_another_cycle_is_not_flagged_again_for_its_dates(
    report: AlignmentReport,
) -> None:
    flagged = [i for _, s in found(report, "cycle_mismatch") for i in s]
    assert "op1.kr2" not in flagged


def test_broken_parent_suggests_the_nearest_existing_id(
    report: AlignmentReport,
) -> None:
    (finding,) = [f for f in report.findings if f.type == "broken_parent"]
    assert "'c2.kr5'" in finding.message
    assert "perhaps 'c2.kr2'" in finding.fix


def test_level_skip_fix_names_the_department_key_result_that_carries_the_parent(
    report: AlignmentReport,
) -> None:
    (finding,) = [f for f in report.findings if f.type == "level_skip"]
    assert "c1.kr2" in finding.message and "Marketing" in finding.message
    assert "for example mk2.kr1" in finding.fix


def test_overloaded_owner_counts_objectives_across_files(
    report: AlignmentReport,
) -> None:
    (finding,) = [f for f in report.findings if f.type == "overloaded_owner"]
    assert finding.message.startswith(
        "Binh Tran owns 6 objectives and 11 key results across 2 document(s)"
    )


def test_score_is_100_minus_the_points_of_every_penalty(
    report: AlignmentReport,
) -> None:
    by_type = {p.type.value: p for p in report.penalties}
    assert report.score == 100 - sum(p.points for p in report.penalties) == 65
    assert by_type["uncovered_parent"].points == 4
    assert by_type["uncovered_parent"].reason == "1 warning × 2 + 2 note × 1 = 4"
    assert by_type["contradiction"].points == 7


def test_each_finding_type_loses_at_most_its_cap() -> None:
    orphans = [
        doc(
            f"team-{n}.yaml",
            id=f"t{n}",
            title="Ship faster",
            level="team",
            unit=f"Team {n}",
            key_results=[f"Cut lead time for team {n} from 9 days to 4 days"],
        )
        for n in range(20)
    ]
    report = review_alignment(orphans)
    (penalty,) = [p for p in report.penalties if p.type == "orphan"]
    assert (penalty.findings, penalty.points) == (20, 15)
    assert penalty.reason == "20 warning × 2 = 40, capped at 15"


def test_points_shrink_in_proportion_past_fifty_objectives() -> None:
    company = doc(
        "company.yaml",
        id="c1",
        title="Grow",
        level="company",
        unit="Company",
        key_results=[{"id": "c1.kr1", "text": "Grow revenue from $1m to $2m"}],
    )
    names = [a + b for a in ("ka", "lo", "mi", "re", "tu") for b in "bdfgklmnpr"]
    teams = [
        doc(
            f"team-{n}.yaml",
            id=f"t{n}",
            title="Make our product loved",
            level="team",
            unit=f"Team {name}",
            # Every tenth team links to nothing: 10 orphans among 101 objectives.
            **({} if n % 10 == 0 else {"parent": "c1.kr1"}),
            key_results=[f"Raise {name}zo adoption from 10% to 20%"],
        )
        for n, name in enumerate(names * 2)
    ]
    report = review_alignment([company, *teams])
    (penalty,) = report.penalties
    assert (penalty.type.value, penalty.findings, penalty.points) == ("orphan", 10, 10)
    assert penalty.reason == "10 warning × 2 = 20 × 50/101 objectives ≈ 10"
    assert report.score == 90


def test_a_well_aligned_organisation_scores_100() -> None:
    company = doc(
        "company.yaml",
        id="c1",
        title="Delight the customers we have",
        level="company",
        unit="Company",
        owner="Mai",
        key_results=[
            {"id": "c1.kr1", "text": "Raise NPS from 30 to 45"},
            {"id": "c1.kr2", "text": "Cut monthly churn from 3% to 2%"},
        ],
    )
    support = doc(
        "support.yaml",
        id="s1",
        title="Answer while it still matters",
        level="department",
        unit="Support",
        owner="Tam",
        parent="c1.kr1",
        key_results=["Cut median first-response time from 6 hours to 1 hour"],
    )
    success = doc(
        "success.yaml",
        id="cs1",
        title="Catch accounts before they leave",
        level="department",
        unit="Success",
        owner="Vy",
        parent="c1.kr2",
        key_results=["Raise the share of accounts with a health check from 40% to 80%"],
    )
    report = review_alignment([company, support, success])
    assert (report.score, report.findings, report.penalties) == (100, [], [])


def test_units_form_the_tree_company_departments_teams_people(
    report: AlignmentReport,
) -> None:
    units = {u.id: u for u in report.units}
    assert report.units[0].id == "unit:company" and units["unit:company"].parent is None
    assert units["unit:marketing"].kind == "department"
    assert units["unit:marketing"].parent == "unit:company"
    assert units["person:lan-pham"].parent == "unit:marketing"
    assert units["person:pham-ha"].parent == "unit:product"
    # Data is only known from Khoa's OKRs: drawn as a team under the company.
    assert (units["unit:data"].kind, units["unit:data"].parent) == (
        "team",
        "unit:company",
    )
    assert units["person:khoa-bui"].parent == "unit:data"


def test_unit_summary_counts_its_own_objectives_and_findings(
    report: AlignmentReport,
) -> None:
    sales = next(u for u in report.units if u.id == "unit:sales")
    touching = [f for f in report.findings if "unit:sales" in f.units]
    assert (sales.objectives, sales.key_results) == (2, 6)
    assert sales.findings == len(touching) == 2
    assert sales.errors == 1
    assert [t.value for t in sales.types] == ["orphan", "contradiction"]
    assert sales.score == 100 - 2 - 5


def test_findings_name_the_units_they_touch(report: AlignmentReport) -> None:
    (finding,) = [
        f
        for f in report.findings
        if f.type == "contradiction" and f.severity is Severity.error
    ]
    assert finding.units == ["unit:finance", "unit:sales"]


def test_findings_are_ordered_errors_first(report: AlignmentReport) -> None:
    order = {"error": 0, "warning": 1, "info": 2}
    ranks = [order[f.severity.value] for f in report.findings]
    assert ranks == sorted(ranks)


def test_cycle_under_review_is_the_most_common_unless_chosen(
    sources: list[SourcedDocument],
) -> None:
    chosen = review_alignment(sources, cycle="2026-Q4")
    mismatched = [f for f in chosen.findings if f.type == "cycle_mismatch"]
    assert chosen.cycle is not None and chosen.cycle.name == "2026-Q4"
    assert len(mismatched) == len(sources) - 1
    assert all(f.severity is Severity.error for f in mismatched)


def test_review_speaks_vietnamese_when_asked(
    sources: list[SourcedDocument],
) -> None:
    report = review_alignment(sources, lang="vi")
    (orphan,) = [f for f in report.findings if f.type == "orphan"]
    assert orphan.message.startswith(
        "sl2 ('Open the enterprise segment', cấp phòng ban"
    )
    assert report.penalties[0].reason == "1 cảnh báo × 2 = 2"


def test_the_same_id_in_two_files_is_an_input_error(
    sources: list[SourcedDocument],
) -> None:
    copied = copy.deepcopy(sources[0])
    copied.source = "copy.yaml"
    with pytest.raises(InputError) as caught:
        review_alignment([sources[0], copied])
    assert caught.value.source == "copy.yaml"
    assert "is already used in" in caught.value.problems[0].message


def test_json_has_the_documented_shape(report: AlignmentReport) -> None:
    data = report.model_dump(mode="json")
    assert {"mode", "score", "penalties", "findings", "units"} <= set(data)
    assert data["mode"] == "offline"
    assert {"type", "severity", "subjects", "message", "fix"} <= set(
        data["findings"][0]
    )


def test_folders_are_read_recursively_and_an_empty_one_is_an_input_error(
    tmp_path: Any,
) -> None:
    assert len(load_sources([str(ORG)])) == 11
    with pytest.raises(InputError) as caught:
        load_sources([str(tmp_path)])
    assert "no .yaml, .yml, .json files" in str(caught.value)
