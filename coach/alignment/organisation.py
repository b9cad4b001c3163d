"""The organisation as one index over many documents: objectives and key results
by id, who names whom as parent, and the tree of units and people."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from coach.alignment.models import SourcedDocument, UnitKind
from coach.document import Cycle, KeyResult, Level, Objective
from coach.errors import InputError, Problem
from coach.lexicon import fold

RANK = {Level.company: 0, Level.department: 1, Level.team: 2, Level.individual: 3}
_KIND_RANK = {
    UnitKind.company: 0,
    UnitKind.department: 1,
    UnitKind.team: 2,
    UnitKind.person: 3,
}
_LEVEL_KIND = {
    Level.company: UnitKind.company,
    Level.department: UnitKind.department,
    Level.team: UnitKind.team,
}
NO_UNIT = "(no unit)"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "unnamed"


def owner_key(name: str) -> str:
    """'Lan  Pham' and 'lan pham' are one owner across files."""
    return " ".join(fold(name).split())


@dataclass
class Placed:
    """An objective with where it came from and where it sits in the tree."""

    objective: Objective
    source: str
    cycle: Cycle | None
    unit: str = NO_UNIT
    node: str = ""

    @property
    def id(self) -> str:
        return str(self.objective.id)

    @property
    def level(self) -> Level:
        return self.objective.level


@dataclass
class Node:
    id: str
    name: str
    kind: UnitKind
    parent: str | None = None
    linked: bool = True
    objectives: list[str] = field(default_factory=list)


@dataclass
class Organisation:
    sources: list[SourcedDocument]
    objectives: dict[str, Placed]
    key_results: dict[str, tuple[KeyResult, Placed]]
    children: dict[str, list[str]]
    nodes: dict[str, Node] = field(default_factory=dict)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict)

    def placed(self, ident: str) -> Placed | None:
        """The objective with this id, or the objective holding this key result."""
        if ident in self.objectives:
            return self.objectives[ident]
        held = self.key_results.get(ident)
        return held[1] if held else None

    def parent_of(self, placed: Placed) -> Placed | None:
        parent = placed.objective.parent
        return self.placed(parent) if parent else None

    def ancestors(self, objective_id: str) -> frozenset[str]:
        """Ids of every objective above this one through parent links."""
        if objective_id in self._ancestors:
            return self._ancestors[objective_id]
        chain: list[str] = []
        seen = {objective_id}
        current = self.parent_of(self.objectives[objective_id])
        while current is not None and current.id not in seen:
            if current.id in self._ancestors:
                chain.extend(self._ancestors[current.id] | {current.id})
                break
            chain.append(current.id)
            seen.add(current.id)
            current = self.parent_of(current)
        found = frozenset(chain)
        self._ancestors[objective_id] = found
        return found

    def related(self, a: str, b: str) -> bool:
        """True when one objective sits above the other."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)


def build_organisation(sources: list[SourcedDocument]) -> Organisation:
    """Index every document; ids must be unique across the organisation."""
    objectives: dict[str, Placed] = {}
    key_results: dict[str, tuple[KeyResult, Placed]] = {}
    origin: dict[str, str] = {}
    for sourced in sources:
        problems = []
        for i, objective in enumerate(sourced.document.objectives):
            placed = Placed(objective, sourced.source, sourced.document.cycle)
            items = [(f"objectives[{i}].id", str(objective.id))] + [
                (f"objectives[{i}].key_results[{j}].id", str(kr.id))
                for j, kr in enumerate(objective.key_results)
            ]
            for path, ident in items:
                if ident in origin:
                    message = (
                        f"id '{ident}' is already used in {origin[ident]}; ids must "
                        "be unique across the organisation (e.g. prefix them with "
                        "the unit: 'mkt1', 'mkt1.kr1')"
                    )
                    problems.append(Problem(path, message))
                origin.setdefault(ident, sourced.source)
            objectives.setdefault(placed.id, placed)
            for kr in objective.key_results:
                key_results.setdefault(str(kr.id), (kr, placed))
        if problems:
            raise InputError(sourced.source, problems)
    children: dict[str, list[str]] = defaultdict(list)
    for placed in objectives.values():
        if placed.objective.parent:
            children[placed.objective.parent].append(placed.id)
    org = Organisation(sources, objectives, key_results, dict(children))
    _place_units(org)
    org.nodes = _tree(org)
    return org


def _place_units(org: Organisation) -> None:
    """Name each objective's unit; a person without one takes their parent's."""
    for placed in org.objectives.values():
        objective = placed.objective
        if objective.unit:
            placed.unit = objective.unit
        elif objective.level is Level.company:
            placed.unit = "Company"
    for placed in org.objectives.values():
        if placed.unit == NO_UNIT:
            parent = org.parent_of(placed)
            placed.unit = parent.unit if parent and parent.unit else NO_UNIT


def _tree(org: Organisation) -> dict[str, Node]:
    """Company → departments → teams → people, from units and parent links."""
    nodes: dict[str, Node] = {}
    for placed in org.objectives.values():
        owner = placed.objective.owner
        if placed.level is Level.individual and owner:
            node_id = f"person:{slug(owner_key(owner))}"
            node = nodes.setdefault(node_id, Node(node_id, owner, UnitKind.person))
            if placed.unit != NO_UNIT:
                # The unit a person names is drawn even without OKRs of its own.
                unit_id = f"unit:{slug(placed.unit)}"
                nodes.setdefault(unit_id, Node(unit_id, placed.unit, UnitKind.team))
        else:
            node_id = f"unit:{slug(placed.unit)}"
            node = nodes.setdefault(node_id, Node(node_id, placed.unit, UnitKind.team))
        placed.node = node_id
        node.objectives.append(placed.id)
    for node in nodes.values():
        levels = [org.objectives[o].level for o in node.objectives]
        if node.kind is not UnitKind.person and levels:
            top = min(levels, key=RANK.__getitem__)
            # A unit known only from its people's OKRs is drawn as a team.
            node.kind = _LEVEL_KIND.get(top, UnitKind.team)
    _link(org, nodes)
    return nodes


def _link(org: Organisation, nodes: dict[str, Node]) -> None:
    tops = sorted(
        (n for n in nodes.values() if n.kind is UnitKind.company), key=lambda n: n.name
    )
    top = tops[0].id if tops else None
    people = [n for n in nodes.values() if n.kind is UnitKind.person]
    for person in people:
        votes: Counter[str] = Counter()
        for objective_id in person.objectives:
            placed = org.objectives[objective_id]
            if placed.unit != NO_UNIT:
                votes[f"unit:{slug(placed.unit)}"] += 1
            elif (parent := org.parent_of(placed)) is not None:
                votes[parent.node] += 1
        _attach(person, votes, nodes, top)
    for node in nodes.values():
        if node.kind is UnitKind.person:
            continue
        # A unit with no OKRs of its own is placed by its people's parent links.
        evidence = node.objectives or [
            o for p in people if p.parent == node.id for o in p.objectives
        ]
        votes = Counter(
            parent.node
            for objective_id in evidence
            if (parent := org.parent_of(org.objectives[objective_id])) is not None
        )
        _attach(node, votes, nodes, top)


def _attach(
    node: Node, votes: Counter[str], nodes: dict[str, Node], top: str | None
) -> None:
    """Hang the node under its most named node of a higher kind."""
    rank = _KIND_RANK[node.kind]
    above = [n for n, _ in votes.most_common() if _KIND_RANK[nodes[n].kind] < rank]
    if above:
        node.parent = above[0]
    elif node.id != top:
        # Limitation: a unit that links to nothing is drawn under the top unit.
        node.parent, node.linked = top, False
