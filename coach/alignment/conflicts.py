"""Findings that come from comparing what key results measure: a child repeating
its parent, units measuring the same thing, and units pulling against each other.

The offline pass proposes candidate pairs; the model step (when configured) may
dismiss some; what is left becomes findings.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from coach.alignment.data import Pattern, alignment_data, make_finding
from coach.alignment.labels import word
from coach.alignment.metrics import MetricPhrase, read_metric, vocabulary
from coach.alignment.models import (
    AlignmentFinding,
    CandidatePair,
    Confirmation,
    Verdict,
)
from coach.alignment.organisation import Organisation
from coach.alignment.similarity import MetricIndex
from coach.document import Direction, Level
from coach.report import Severity

logger = logging.getLogger(__name__)


@dataclass
class MetricTable:
    """Every key result's metric phrase, and the index over distinct phrases."""

    metrics: dict[str, MetricPhrase]
    key: dict[str, int]
    members: list[list[str]]
    index: MetricIndex
    by_word: dict[str, list[str]]

    def max_df(self) -> int:
        # Parent suggestions skip words held by more phrases than this: a hint
        # is not worth scanning half the organisation.
        return max(50, int(4 * math.sqrt(len(self.members))))


def read_key_results(org: Organisation) -> MetricTable:
    data = alignment_data()
    metrics = {kr_id: read_metric(kr) for kr_id, (kr, _) in org.key_results.items()}
    ids = list(metrics)
    index = MetricIndex(
        [metrics[i].terms for i in ids],
        [metrics[i].head for i in ids],
        vocabulary().generic,
        data.similarity.generic_weight,
    )
    key = {kr_id: index.key_of[metrics[kr_id].terms] for kr_id in ids}
    members: list[list[str]] = [[] for _ in index.keys]
    by_word: dict[str, list[str]] = defaultdict(list)
    for kr_id in ids:
        members[key[kr_id]].append(kr_id)
        for w in set(metrics[kr_id].terms + metrics[kr_id].means):
            by_word[w].append(kr_id)
    return MetricTable(metrics, key, members, index, dict(by_word))


def restated_parents(
    org: Organisation, table: MetricTable, lang: str
) -> list[AlignmentFinding]:
    """Child key results that measure what their parent key result measures."""
    threshold = alignment_data().similarity.restates
    found = []
    for placed in org.objectives.values():
        parent_id = placed.objective.parent
        parent = org.placed(parent_id) if parent_id else None
        if parent is None or parent_id is None:
            continue
        targets = (
            [parent_id]
            if parent_id in org.key_results
            else [str(kr.id) for kr in parent.objective.key_results]
        )
        for kr in placed.objective.key_results:
            child = str(kr.id)
            best = max(
                ((t, _similarity(table, child, t)) for t in targets),
                key=lambda pair: pair[1],
                default=None,
            )
            if best is None or best[1] < threshold:
                continue
            target, score = best
            if _opposite(table.metrics[child], table.metrics[target]):
                continue  # a child pulling against its parent is a contradiction
            found.append(
                make_finding(
                    "restates_parent",
                    Severity.warning,
                    [child, target],
                    lang,
                    subject=child,
                    parent=target,
                    similarity=f"{score:.2f}",
                    text=kr.text,
                    parent_text=org.key_results[target][0].text,
                )
            )
    return found


def _similarity(table: MetricTable, a: str, b: str) -> float:
    if not table.metrics[a].terms or not table.metrics[b].terms:
        return 0.0
    return table.index.cosine(table.key[a], table.key[b])


def _opposite(a: MetricPhrase, b: MetricPhrase) -> bool:
    return {a.direction, b.direction} == {Direction.increase, Direction.decrease}


def find_candidates(org: Organisation, table: MetricTable) -> list[CandidatePair]:
    """Overlaps, direct contradictions and known trade-offs, as candidate pairs."""
    similarity = alignment_data().similarity
    index, keys = table.index, table.index.keys
    # A phrase written by several key results is similar to itself.
    pairs = [(k, k, 1.0) for k, ids in enumerate(table.members) if keys[k] and ids[1:]]
    pairs += [
        (i, j, score)
        for i, j, score in index.similar(similarity.same_metric)
        if index.same_metric(i, j, similarity.same_metric, similarity.qualifier)
    ]
    candidates = _overlaps(org, table, pairs)
    opposed, contradictions = _contradictions(org, table, pairs)
    candidates += contradictions
    candidates += _tradeoffs(org, table, opposed)
    logger.info(
        "alignment candidates: %d phrase pairs, %d candidates (%d distinct phrases)",
        len(pairs),
        len(candidates),
        len(keys),
    )
    return candidates


def _overlaps(
    org: Organisation, table: MetricTable, pairs: list[tuple[int, int, float]]
) -> list[CandidatePair]:
    """Groups of same-metric key results in two or more units, one per group."""
    # Limitation: a group is joined through its links, so A and C can share a
    # finding through B without being alike themselves.
    groups = _UnionFind()
    for i, j, score in pairs:
        groups.join(i, j, score)
    found = []
    for component, score in groups.components():
        members = [m for k in component for m in table.members[k]]
        if len(members) < 2:
            continue
        for side in _sides(table, members):
            kept = _independent(org, side)
            by_unit = _by_unit(org, kept)
            if len(by_unit) < 2:
                continue
            first, *others = sorted(by_unit)
            label = _label(table, component)
            found.append(
                CandidatePair(
                    kind="overlap",
                    left=by_unit[first],
                    right=[m for u in others for m in by_unit[u]],
                    left_text=org.key_results[by_unit[first][0]][0].text,
                    right_text=org.key_results[by_unit[others[0]][0]][0].text,
                    metric=label,
                    similarity=round(score, 2),
                )
            )
    return found


def _sides(table: MetricTable, members: list[str]) -> list[list[str]]:
    """Split by direction: up and down are a contradiction, not one overlap.
    Held or unstated directions join the first side."""
    up = [m for m in members if table.metrics[m].direction is Direction.increase]
    down = [m for m in members if table.metrics[m].direction is Direction.decrease]
    moving = set(up) | set(down)
    rest = [m for m in members if m not in moving]
    if up and down:
        return [up + rest, down]
    return [members]


def _independent(org: Organisation, members: list[str]) -> list[str]:
    """Drop company key results (shared targets by design) and key results whose
    objective sits under another member's: that is a cascade, not duplication."""
    objectives = {org.key_results[m][1].id for m in members}
    kept = []
    for m in members:
        placed = org.key_results[m][1]
        if placed.level is Level.company:
            continue
        if org.ancestors(placed.id) & objectives:
            continue
        kept.append(m)
    return kept


def _by_unit(org: Organisation, members: Iterable[str]) -> dict[str, list[str]]:
    by_unit: dict[str, list[str]] = defaultdict(list)
    for m in members:
        by_unit[org.key_results[m][1].unit].append(m)
    return dict(by_unit)


def _label(table: MetricTable, component: list[int]) -> str:
    biggest = max(component, key=lambda k: (len(table.members[k]), -k))
    terms = table.metrics[table.members[biggest][0]]
    return terms.label


def _contradictions(
    org: Organisation, table: MetricTable, pairs: list[tuple[int, int, float]]
) -> tuple[set[tuple[int, int]], list[CandidatePair]]:
    """Same metric, opposite directions, in different objectives."""
    opposed: set[tuple[int, int]] = set()
    found = []
    for i, j, score in pairs:
        for a, b in ((i, j), (j, i)) if i != j else ((i, i),):
            up = _moving(table, a, Direction.increase)
            down = _moving(table, b, Direction.decrease)
            objectives = {org.key_results[m][1].id for m in up + down}
            if not up or not down or len(objectives) < 2:
                continue
            opposed.update({(a, b), (b, a)})
            found.append(
                CandidatePair(
                    kind="contradiction",
                    left=up,
                    right=down,
                    left_text=org.key_results[up[0]][0].text,
                    right_text=org.key_results[down[0]][0].text,
                    metric=table.metrics[up[0]].label,
                    similarity=round(score, 2),
                )
            )
    return opposed, found


def _moving(table: MetricTable, key: int, direction: Direction) -> list[str]:
    return [m for m in table.members[key] if table.metrics[m].direction is direction]


def _tradeoffs(
    org: Organisation, table: MetricTable, opposed: set[tuple[int, int]]
) -> list[CandidatePair]:
    """Key results of different units on the two sides of a known trade-off."""
    found = []
    for tradeoff in alignment_data().tradeoffs:
        a_side = _matching(table, tradeoff.a)
        b_side = _matching(table, tradeoff.b)
        if not a_side or not b_side:
            continue
        b_by_unit = _by_unit(org, b_side)
        for unit, left in sorted(_by_unit(org, a_side).items()):
            left_keys = {table.key[m] for m in left}
            right = [
                m
                for other, ids in sorted(b_by_unit.items())
                if other != unit
                for m in ids
                if not any((k, table.key[m]) in opposed for k in left_keys)
            ]
            if right:
                found.append(
                    CandidatePair(
                        kind="contradiction",
                        left=left,
                        right=right,
                        left_text=org.key_results[left[0]][0].text,
                        right_text=org.key_results[right[0]][0].text,
                        metric=table.metrics[left[0]].label,
                        similarity=1.0,
                        tradeoff=tradeoff.id,
                    )
                )
    return found


def _matching(table: MetricTable, patterns: list[Pattern]) -> list[str]:
    """Key results matching any pattern; the word index narrows the search to key
    results holding a first word of both an `any` and a `with` phrase."""
    hits: set[str] = set()
    for pattern in patterns:
        direction = Direction(pattern.direction)
        names = _phrases(pattern.any)
        means = _phrases(pattern.with_) if pattern.with_ else None
        pool = _holding(table, names)
        if means is not None:
            pool &= _holding(table, means)
        for kr_id in pool:
            metric = table.metrics[kr_id]
            if (
                metric.direction is direction
                and any(metric.mentions(p) for p in names)
                and (means is None or any(metric.mentions(p) for p in means))
            ):
                hits.add(kr_id)
    return [kr_id for kr_id in table.metrics if kr_id in hits]


def _holding(table: MetricTable, phrases: list[tuple[str, ...]]) -> set[str]:
    return {kr_id for p in phrases for kr_id in table.by_word.get(p[0], ())}


def _phrases(texts: list[str]) -> list[tuple[str, ...]]:
    vocab = vocabulary()
    return [form for text in texts for form in vocab.phrase(text) if form]


def confirmed(
    candidates: list[CandidatePair], confirmations: list[Confirmation]
) -> list[tuple[CandidatePair, str]]:
    """The candidates the model did not dismiss, with its explanation if any."""
    verdicts = {c.pair: c for c in confirmations}
    kept = []
    for i, pair in enumerate(candidates):
        answer = verdicts.get(i)
        if answer is not None and answer.verdict is Verdict.dismiss:
            continue
        kept.append((pair, answer.explanation if answer else ""))
    return kept


def conflict_findings(
    org: Organisation,
    table: MetricTable,
    kept: list[tuple[CandidatePair, str]],
    lang: str,
) -> list[AlignmentFinding]:
    found = []
    for pair, explanation in kept:
        finding = (
            _overlap_finding(org, table, pair, lang)
            if pair.kind == "overlap"
            else _contradiction_finding(org, pair, lang)
        )
        if explanation:
            finding.message = f"{finding.message} {explanation}"
            finding.source = "model"
        found.append(finding)
    return found


def _overlap_finding(
    org: Organisation, table: MetricTable, pair: CandidatePair, lang: str
) -> AlignmentFinding:
    subjects = pair.left + pair.right
    units = _units(org, subjects, lang)
    stated = [d for m in subjects if (d := table.metrics[m].direction) is not None]
    direction = word(lang, stated[0].value if len(set(stated)) == 1 else "unknown")
    listed = _listed([f"{m} ({org.key_results[m][1].unit})" for m in subjects], lang)
    return make_finding(
        "overlap",
        Severity.warning,
        subjects,
        lang,
        count=len(subjects),
        units=units,
        metric=pair.metric,
        direction=direction,
        pairs=listed,
    )


def _contradiction_finding(
    org: Organisation, pair: CandidatePair, lang: str
) -> AlignmentFinding:
    fields = {
        "left": _listed(pair.left, lang),
        "right": _listed(pair.right, lang),
        "left_unit": _units(org, pair.left, lang),
        "right_unit": _units(org, pair.right, lang),
        "left_text": pair.left_text,
        "right_text": pair.right_text,
        "metric": pair.metric,
    }
    if pair.tradeoff is None:
        return make_finding(
            "contradiction", Severity.error, pair.left + pair.right, lang, **fields
        )
    tradeoff = next(t for t in alignment_data().tradeoffs if t.id == pair.tradeoff)
    texts = tradeoff.vi if lang == "vi" else tradeoff.en
    return make_finding(
        "contradiction/tradeoff",
        Severity.warning,
        pair.left + pair.right,
        lang,
        reason=texts.reason,
        guardrail=texts.guardrail,
        **fields,
    )


def _units(org: Organisation, ids: list[str], lang: str) -> str:
    return _listed(sorted({org.key_results[m][1].unit for m in ids}), lang)


def _listed(items: list[str], lang: str, limit: int = 6) -> str:
    """A readable list: the subjects field keeps every id, the message a few."""
    if len(items) <= limit:
        return ", ".join(items)
    more = word(lang, "and_more").format(count=len(items) - limit)
    return ", ".join(items[:limit]) + more


class _UnionFind:
    """Connected groups of phrases, each with the weakest link that joined it."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.weakest: dict[int, float] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a: int, b: int, score: float) -> None:
        ra, rb = self.find(a), self.find(b)
        low = min(score, self.weakest.get(ra, 1.0), self.weakest.get(rb, 1.0))
        self.parent[rb] = ra
        self.weakest[ra] = low

    def components(self) -> list[tuple[list[int], float]]:
        groups: dict[int, list[int]] = defaultdict(list)
        for x in list(self.parent):
            groups[self.find(x)].append(x)
        return [
            (sorted(members), self.weakest.get(root, 1.0))
            for root, members in groups.items()
        ]
