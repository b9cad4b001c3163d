"""Rules on the organisation's structure: parent links, coverage, owners, cycles.

Each rule takes the review context and returns its findings; they are listed in
RULES in the order their findings are reported.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from coach.alignment.conflicts import MetricTable
from coach.alignment.data import make_finding
from coach.alignment.labels import word
from coach.alignment.models import AlignmentFinding, CycleInfo
from coach.alignment.organisation import RANK, Organisation, Placed, owner_key
from coach.document import Cycle, Level
from coach.measure import measure
from coach.report import Severity
from coach.settings import Thresholds

_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}")
# An orphan's suggested parent must share at least this much wording.
_HINT_SIMILARITY = 0.3


@dataclass
class Review:
    org: Organisation
    table: MetricTable
    lang: str
    thresholds: Thresholds
    cycle: CycleInfo | None


Rule = Callable[[Review], list[AlignmentFinding]]


def broken_parents(review: Review) -> list[AlignmentFinding]:
    org, found = review.org, []
    # Only ids with the same first letter are compared: cheap on large orgs.
    by_letter: dict[str, list[str]] = defaultdict(list)
    for ident in [*org.objectives, *org.key_results]:
        by_letter[ident[:1]].append(ident)
    for placed in org.objectives.values():
        parent = placed.objective.parent
        if not parent or org.placed(parent) is not None:
            continue
        pool = by_letter.get(parent[:1], [])
        close = difflib.get_close_matches(parent, pool, n=1, cutoff=0.75)
        hint = word(review.lang, "perhaps").format(id=close[0]) if close else ""
        found.append(
            make_finding(
                "broken_parent",
                Severity.error,
                [placed.id],
                review.lang,
                subject=placed.id,
                parent=parent,
                hint=hint,
            )
        )
    return found


def orphans(review: Review) -> list[AlignmentFinding]:
    org, lang, found = review.org, review.lang, []
    above = _keys_above(review)
    for placed in org.objectives.values():
        if placed.level is Level.company or placed.objective.parent:
            continue
        found.append(
            make_finding(
                "orphan",
                Severity.warning,
                [placed.id],
                lang,
                subject=placed.id,
                title=placed.objective.title,
                level=word(lang, placed.level.value),
                unit=placed.unit,
                hint=_closest_parent(review, placed, above[RANK[placed.level]]),
            )
        )
    return found


def _keys_above(review: Review) -> dict[int, set[int]]:
    """Metric phrases of key results above each level, for parent suggestions."""
    by_rank: dict[int, set[int]] = defaultdict(set)
    for kr_id, (_, placed) in review.org.key_results.items():
        by_rank[RANK[placed.level]].add(review.table.key[kr_id])
    return {rank: set().union(*(by_rank[r] for r in range(rank))) for rank in range(4)}


def _closest_parent(review: Review, placed: Placed, allowed: set[int]) -> str:
    table = review.table
    own = [table.key[str(kr.id)] for kr in placed.objective.key_results]
    if not own or not allowed:
        return ""
    best = table.index.closest(table.index.combined(own), allowed, table.max_df())
    if best is None or best[1] < _HINT_SIMILARITY:
        return ""
    candidates = [
        m
        for m in table.members[best[0]]
        if RANK[review.org.key_results[m][1].level] < RANK[placed.level]
    ]
    kr = review.org.key_results[candidates[0]][0]
    return word(review.lang, "closest").format(id=candidates[0], text=kr.text)


def level_skips(review: Review) -> list[AlignmentFinding]:
    org, lang, found = review.org, review.lang, []
    levels: dict[str, set[Level]] = defaultdict(set)
    by_unit_level: dict[tuple[str, Level], list[Placed]] = defaultdict(list)
    for placed in org.objectives.values():
        levels[placed.unit].add(placed.level)
        by_unit_level[placed.unit, placed.level].append(placed)
    for placed in org.objectives.values():
        parent = org.parent_of(placed)
        if parent is None or parent.level is not Level.company:
            continue
        middle = [
            level
            for level in (Level.department, Level.team)
            if RANK[Level.company] < RANK[level] < RANK[placed.level]
            and level in levels[placed.unit]
        ]
        if not middle:
            continue
        found.append(
            make_finding(
                "level_skip",
                Severity.warning,
                [placed.id],
                lang,
                subject=placed.id,
                owner=placed.objective.owner or placed.unit,
                parent=placed.objective.parent,
                unit=placed.unit,
                middle=word(lang, middle[0].value),
                hint=_carrier(
                    review, placed, parent, by_unit_level[placed.unit, middle[0]]
                ),
            )
        )
    return found


def _carrier(
    review: Review, placed: Placed, parent: Placed, middle: list[Placed]
) -> str:
    """A key result of the unit's middle level that carries the same parent."""
    targets = {parent.id, str(placed.objective.parent)}
    for other in middle:
        if other.objective.parent in targets and other.objective.key_results:
            first = str(other.objective.key_results[0].id)
            return word(review.lang, "for_example").format(id=first)
    return ""


def uncovered_parents(review: Review) -> list[AlignmentFinding]:
    """Company key results nothing supports, one finding each; a department's
    unsupported key results, one finding per department."""
    org, lang, found = review.org, review.lang, []
    if all(p.level is Level.company for p in org.objectives.values()):
        return []  # only the company's document: there is nothing to cover it yet
    engaged = _units_with_lower_okrs(org)
    by_department: dict[str, tuple[list[str], int]] = {}
    for placed in org.objectives.values():
        department = placed.level is Level.department and placed.unit in engaged
        if placed.level is not Level.company and not department:
            continue
        open_ = _unsupported(org, placed)
        if department:
            ids, total = by_department.get(placed.unit, ([], 0))
            by_department[placed.unit] = (
                ids + open_,
                total + len(placed.objective.key_results),
            )
            continue
        for kr_id in open_:
            text = org.key_results[kr_id][0].text
            found.append(
                make_finding(
                    "uncovered_parent/company",
                    Severity.warning,
                    [kr_id],
                    lang,
                    subject=kr_id,
                    text=text,
                )
            )
    for unit, (ids, total) in by_department.items():
        if ids:
            found.append(
                make_finding(
                    "uncovered_parent/department",
                    Severity.info,
                    ids,
                    lang,
                    count=len(ids),
                    total=total,
                    ids=", ".join(ids),
                    unit=unit,
                )
            )
    return found


def _unsupported(org: Organisation, placed: Placed) -> list[str]:
    if placed.id in org.children:
        return []  # children linked to the objective support all its key results
    return [
        str(kr.id)
        for kr in placed.objective.key_results
        if str(kr.id) not in org.children
    ]


def _units_with_lower_okrs(org: Organisation) -> set[str]:
    """Departments with team or personal OKRs under review: only there can a
    department key result be judged unsupported."""
    engaged = set()
    for placed in org.objectives.values():
        if RANK[placed.level] > RANK[Level.department]:
            engaged.add(placed.unit)
            parent = org.parent_of(placed)
            if parent is not None:
                engaged.add(parent.unit)
    return engaged


def overloaded_owners(review: Review) -> list[AlignmentFinding]:
    t, lang = review.thresholds, review.lang
    max_key_results = t.max_objectives * t.max_key_results
    owned: dict[str, list[Placed]] = defaultdict(list)
    for placed in review.org.objectives.values():
        if placed.objective.owner:
            owned[owner_key(placed.objective.owner)].append(placed)
    found = []
    for objectives in owned.values():
        key_results = sum(len(p.objective.key_results) for p in objectives)
        if len(objectives) <= t.max_objectives and key_results <= max_key_results:
            continue
        limit = word(lang, "limit").format(
            objectives=t.max_objectives, key_results=max_key_results
        )
        found.append(
            make_finding(
                "overloaded_owner",
                Severity.warning,
                [p.id for p in objectives],
                lang,
                owner=objectives[0].objective.owner,
                objectives=len(objectives),
                key_results=key_results,
                files=len({p.source for p in objectives}),
                limit=limit,
                max_objectives=t.max_objectives,
                max_key_results=max_key_results,
            )
        )
    return found


def cycle_mismatches(review: Review) -> list[AlignmentFinding]:
    cycle, lang = review.cycle, review.lang
    if cycle is None:
        return []
    expected = cycle.describe()
    found = []
    for sourced in review.org.sources:
        document = sourced.document
        if document.cycle is None:
            continue
        ids = [str(o.id) for o in document.objectives]
        if not _same_cycle(cycle, document.cycle):
            found.append(
                make_finding(
                    "cycle_mismatch/document",
                    Severity.error,
                    ids,
                    lang,
                    source=sourced.source,
                    found=CycleInfo(**document.cycle.model_dump()).describe(),
                    expected=expected,
                )
            )
            continue
        found += _late_key_results(review, ids, expected)
    return found


def _late_key_results(
    review: Review, objective_ids: list[str], expected: str
) -> list[AlignmentFinding]:
    cycle, found = review.cycle, []
    if cycle is None or cycle.start is None or cycle.end is None:
        return []
    for objective_id in objective_ids:
        for kr in review.org.objectives[objective_id].objective.key_results:
            dates = [kr.due] if kr.due else []
            if _DATE_LIKE.search(kr.text):
                dates += measure(kr.text).dates
            late = [d for d in dates if not cycle.start <= d <= cycle.end]
            if late:
                found.append(
                    make_finding(
                        "cycle_mismatch/due",
                        Severity.warning,
                        [str(kr.id)],
                        review.lang,
                        subject=kr.id,
                        due=late[0].isoformat(),
                        expected=expected,
                    )
                )
    return found


def _same_cycle(expected: CycleInfo, found: Cycle) -> bool:
    if found.name != expected.name:
        return False
    if expected.start is None or expected.end is None:
        return True
    return (found.start, found.end) == (expected.start, expected.end)


RULES: list[Rule] = [
    broken_parents,
    orphans,
    level_skips,
    uncovered_parents,
    overloaded_owners,
    cycle_mismatches,
]
