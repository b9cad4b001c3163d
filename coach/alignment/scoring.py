"""The health score, what each lost point was lost for, and per-unit summaries.

Each finding costs points by severity (knowledge/alignment.yaml); each finding
type costs at most its cap, so one widespread habit cannot hide every other
problem. A unit's score counts only the findings that touch it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from coach.alignment.data import alignment_data
from coach.alignment.labels import word
from coach.alignment.models import (
    AlignmentFinding,
    FindingType,
    Penalty,
    UnitSummary,
)
from coach.alignment.organisation import Node, Organisation, owner_key
from coach.report import Severity

_SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
_TYPE_ORDER = {t: i for i, t in enumerate(FindingType)}


def place_findings(
    org: Organisation, findings: list[AlignmentFinding]
) -> list[AlignmentFinding]:
    """Name the units each finding touches, and order the findings for reading:
    errors first, then by type, then by the first id."""
    for finding in findings:
        nodes = {p.node for s in finding.subjects if (p := org.placed(s)) is not None}
        finding.units = sorted(nodes)
    return sorted(
        findings,
        key=lambda f: (
            _SEVERITY_ORDER[f.severity],
            _TYPE_ORDER[f.type],
            f.subjects[:1],
        ),
    )


def penalties(
    findings: list[AlignmentFinding], lang: str, objectives: int = 0
) -> list[Penalty]:
    """Points lost per finding type. Past the reference size (50 objectives) the
    points shrink in proportion, so a score says how sound the organisation is,
    not how big: 10 orphans weigh on 40 objectives, hardly on 4,000."""
    data = alignment_data()
    scale = min(1.0, data.reference_objectives / objectives) if objectives else 1.0
    by_type: dict[FindingType, Counter[Severity]] = defaultdict(Counter)
    for finding in findings:
        by_type[finding.type][finding.severity] += 1
    out = []
    for kind in FindingType:
        counts = by_type.get(kind)
        if not counts:
            continue
        raw = sum(data.points[s] * n for s, n in counts.items())
        parts = [
            f"{n} {word(lang, s.value)} × {data.points[s]}"
            for s, n in sorted(counts.items(), key=lambda i: _SEVERITY_ORDER[i[0]])
        ]
        reason = " + ".join(parts) + f" = {raw}"
        points = raw
        if scale < 1.0:
            points = round(raw * scale)
            reason += " " + word(lang, "scaled").format(
                reference=data.reference_objectives,
                objectives=objectives,
                points=points,
            )
        cap = data.caps[kind]
        if points > cap:
            reason += f", {word(lang, 'capped').format(cap=cap)}"
        out.append(
            Penalty(
                type=kind,
                findings=sum(counts.values()),
                points=min(points, cap),
                reason=reason,
            )
        )
    return out


def health(lost: list[Penalty]) -> int:
    return max(0, 100 - sum(p.points for p in lost))


def unit_summaries(
    org: Organisation, findings: list[AlignmentFinding], lang: str
) -> list[UnitSummary]:
    """The tree top down (depth first, children by kind then name)."""
    touching: dict[str, list[AlignmentFinding]] = defaultdict(list)
    for finding in findings:
        for node_id in finding.units:
            touching[node_id].append(finding)
    children: dict[str | None, list[Node]] = defaultdict(list)
    for each in org.nodes.values():
        children[each.parent].append(each)
    ordered: list[Node] = []
    stack = sorted(children[None], key=_order, reverse=True)
    while stack:
        current = stack.pop()
        ordered.append(current)
        stack.extend(sorted(children[current.id], key=_order, reverse=True))
    return [_summary(org, n, touching[n.id], lang) for n in ordered]


def _order(node: Node) -> tuple[int, str]:
    kinds = ("company", "department", "team", "person")
    return kinds.index(node.kind.value), node.name.lower()


def _summary(
    org: Organisation, node: Node, found: list[AlignmentFinding], lang: str
) -> UnitSummary:
    placed = [org.objectives[o] for o in node.objectives]
    owners = {
        owner_key(p.objective.owner): p.objective.owner
        for p in placed
        if p.objective.owner
    }
    return UnitSummary(
        id=node.id,
        name=node.name,
        kind=node.kind,
        parent=node.parent,
        linked=node.linked,
        owners=sorted(owners.values()),
        objectives=len(placed),
        key_results=sum(len(p.objective.key_results) for p in placed),
        findings=len(found),
        errors=sum(f.severity is Severity.error for f in found),
        warnings=sum(f.severity is Severity.warning for f in found),
        types=sorted({f.type for f in found}, key=_TYPE_ORDER.__getitem__),
        score=health(penalties(found, lang)),
    )
