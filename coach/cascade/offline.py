"""The offline scaffold: proposals from the unit-metric catalogue, no model.

Which parent key results the unit can move comes from their themes and the unit's
metrics; each chosen parent gets its own three or four metrics (no metric serves
two proposals), written as result-shaped key results with the numbers left in
[brackets] for the manager to fill.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from coach.cascade.contribute import copied_parent
from coach.cascade.models import (
    MAX_PROPOSALS,
    CascadeRequest,
    Proposal,
    ProposedKeyResult,
)
from coach.cascade.units import (
    MetricTemplate,
    UnitProfile,
    keyword_hits,
    texts,
    themes_of,
)
from coach.document import Level, Objective
from coach.lexicon import fold, tokens

logger = logging.getLogger(__name__)

KEY_RESULTS = 3  # per proposal; a fourth is added when --about asks for it
# Limitation: a parent the unit moves through fewer than KEY_RESULTS catalogue
# metrics is reported 'not yet covered' offline, even when it is the unit's own.
_UNKNOWN_DUE = {"en": "[date]", "vi": "[ngày]"}


@dataclass
class Option:
    """A metric that can support one parent key result, already worded."""

    metric: MetricTemplate
    text: str


@dataclass
class Lever:
    """A parent key result and the unit's metrics that can move it, best first."""

    parent: Objective
    kr_id: str
    kr_text: str
    themes: list[str]
    options: list[Option] = field(default_factory=list)
    score: int = 0
    position: int = 0  # order in the parent file


@dataclass
class Plan:
    """What the offline scaffold chose, kept so a revision can pick alternatives."""

    levers: list[Lever]
    chosen: dict[str, list[str]]  # parent key result id -> metric ids, in order


def due_text(due: dt.date | None, lang: str) -> str:
    """The deadline as a key result states it: ISO in English, d/m/y in Vietnamese."""
    if due is None:
        return _UNKNOWN_DUE.get(lang, "[date]")
    return due.strftime("%d/%m/%Y") if lang == "vi" else due.isoformat()


def plan(
    request: CascadeRequest, profile: UnitProfile, lang: str, due: dt.date | None
) -> Plan:
    """Choose the parent key results to support and the metrics for each."""
    parents = {str(kr.id): kr.text for _, kr in request.document.key_results()}
    levers = [
        _lever(request, profile, objective, str(kr.id), kr.text, parents, lang, due)
        for objective, kr in request.document.key_results()
    ]
    for position, lever in enumerate(levers):
        lever.position = position
    ranked = sorted(
        (lever for lever in levers if lever.options),
        key=lambda lever: -lever.score,  # sorted() is stable: ties keep file order
    )
    chosen = _assign(ranked, request.about)
    logger.info(
        "cascade plan for %s: %d of %d parent key results chosen",
        request.unit,
        len(chosen),
        len(levers),
    )
    return Plan(levers=levers, chosen=chosen)


def propose(
    request: CascadeRequest, profile: UnitProfile, planned: Plan, lang: str
) -> list[Proposal]:
    """Write one proposal per chosen parent key result."""
    prefix = id_prefix(request)
    proposals: list[Proposal] = []
    levers = {lever.kr_id: lever for lever in planned.levers}
    titles: set[str] = set()
    for n, (kr_id, metric_ids) in enumerate(planned.chosen.items(), start=1):
        lever = levers[kr_id]
        options = {o.metric.id: o for o in lever.options}
        objective_id = f"{prefix}{n}"
        proposals.append(
            Proposal(
                id=objective_id,
                title=_title(profile, lever.themes, titles, lang),
                level=request.level,
                unit=request.unit,
                owner=request.owner,
                type=lever.parent.type,
                parent=kr_id,
                contribution=_contribution(
                    request.unit, kr_id, [options[m].metric for m in metric_ids], lang
                ),
                key_results=[
                    ProposedKeyResult(id=f"{objective_id}.kr{i}", text=options[m].text)
                    for i, m in enumerate(metric_ids, start=1)
                ],
            )
        )
    return proposals


def alternatives(planned: Plan, kr_id: str, used: set[str]) -> list[Option]:
    """The parent's remaining options, best first, for revising a proposal."""
    for lever in planned.levers:
        if lever.kr_id == kr_id:
            return [o for o in lever.options if o.text not in used]
    return []


def _lever(
    request: CascadeRequest,
    profile: UnitProfile,
    objective: Objective,
    kr_id: str,
    kr_text: str,
    parents: dict[str, str],
    lang: str,
    due: dt.date | None,
) -> Lever:
    themes = themes_of(kr_text)
    about = request.about
    metrics = [
        m
        for m in profile.metrics
        if m.suits(request.level) and set(m.moves) & {*themes}
    ]
    metrics.sort(
        key=lambda m: (
            m.moves[0] not in themes,  # the metric's main theme first
            -keyword_hits(m, about),  # then what the unit says it owns
            len(m.moves),  # then the most specific
        )
    )
    options = [
        option
        for m in metrics
        if (option := _word(m, profile, request.level, parents, lang, due))
    ]
    # A parent ranks by how well its best options fit, not by how many it has:
    # a broad key result ('NPS') should not crowd out the one the unit owns.
    fit = sorted(
        (
            1 + 2 * (o.metric.moves[0] in themes) + 3 * keyword_hits(o.metric, about)
            for o in options
        ),
        reverse=True,
    )
    score = sum(fit[:KEY_RESULTS])
    if about and set(themes_of(about)) & set(themes):
        score += 3
    return Lever(objective, kr_id, kr_text, themes, options, score)


def _word(
    metric: MetricTemplate,
    profile: UnitProfile,
    level: Level,
    parents: dict[str, str],
    lang: str,
    due: dt.date | None,
) -> Option | None:
    """The metric as a key result that contributes: narrowed to the unit's share
    when the plain wording restates a parent key result, dropped if even that does.
    A person's wording is already narrowed to their own work: no second try."""
    if level is Level.individual:
        scopes = [profile.scope.get(lang)]
    else:
        scopes = ["", profile.narrow.get(lang)]
    for scope in scopes:
        text = metric.text(lang).format(scope=scope, due=due_text(due, lang))
        copied = copied_parent(text, parents)
        if copied is None:
            return Option(metric, text)
        logger.info("metric %s restates %s; narrowing it", metric.id, copied)
    return None


def _assign(ranked: list[Lever], about: str | None) -> dict[str, list[str]]:
    """Give up to MAX_PROPOSALS parents KEY_RESULTS metrics each, no metric twice.

    Parents are tried best first; a parent joins only if every parent already in
    can keep its full set, found by augmenting paths (a tiny bipartite matching)."""
    options = {lever.kr_id: [o.metric.id for o in lever.options] for lever in ranked}
    owner: dict[str, str] = {}
    taken: dict[str, list[str]] = {}
    for lever in ranked:
        if len(taken) == MAX_PROPOSALS:
            break
        trial_owner, trial_taken = dict(owner), {k: list(v) for k, v in taken.items()}
        trial_taken[lever.kr_id] = []
        if all(
            _augment(lever.kr_id, options, trial_owner, trial_taken, set())
            for _ in range(KEY_RESULTS)
        ):
            owner, taken = trial_owner, trial_taken
    for lever in ranked:
        if lever.kr_id not in taken:
            continue
        preference = options[lever.kr_id]
        taken[lever.kr_id].sort(key=preference.index)
        extra = next(
            (
                o.metric.id
                for o in lever.options
                if o.metric.id not in owner and keyword_hits(o.metric, about)
            ),
            None,
        )
        if extra:
            owner[extra] = lever.kr_id
            taken[lever.kr_id].append(extra)
    # Proposals follow the parent file's order, which is how managers read them.
    position = {lever.kr_id: lever.position for lever in ranked}
    return {kr_id: taken[kr_id] for kr_id in sorted(taken, key=position.__getitem__)}


def _augment(
    parent: str,
    options: dict[str, list[str]],
    owner: dict[str, str],
    taken: dict[str, list[str]],
    seen: set[str],
) -> bool:
    """Give ``parent`` one more metric, moving others' metrics along if needed.
    Free metrics are tried first so that earlier parents keep their best ones."""
    free = [m for m in options[parent] if m not in owner]
    for metric in free + [m for m in options[parent] if m in owner]:
        if metric in seen or metric in taken[parent]:
            continue
        seen.add(metric)
        holder = owner.get(metric)
        if holder is None or _augment(holder, options, owner, taken, seen):
            if holder is not None:
                taken[holder].remove(metric)
            owner[metric] = parent
            taken[parent].append(metric)
            return True
    return False


def _title(profile: UnitProfile, themes: list[str], used: set[str], lang: str) -> str:
    candidates = [profile.objective(t, lang) for t in themes if t in profile.objectives]
    candidates.append(profile.objective("default", lang))
    title = next((t for t in candidates if t not in used), candidates[0])
    used.add(title)
    return title


def _contribution(
    unit: str, parent: str, metrics: list[MetricTemplate], lang: str
) -> str:
    say = texts(lang)
    names = [m.name.get(lang) for m in metrics]
    joined = (
        ", ".join(names[:-1]) + f" {say.and_} " + names[-1]
        if len(names) > 1
        else names[0]
    )
    return say.contribution.format(unit=unit, parent=parent, metrics=joined)


def id_prefix(request: CascadeRequest) -> str:
    """Initials of the owner (individual) or the unit, not clashing with parent ids:
    'Customer Support' -> cs, 'Lan Pham' -> lp."""
    name = request.owner if request.level is Level.individual else None
    words = [w for w in tokens(name or request.unit) if w.isalpha()]
    base = "".join(fold(w)[0] for w in words) if len(words) > 1 else ""
    base = base or fold("".join(words))[:2] or "p"
    taken = {str(o.id) for o in request.document.objectives}
    taken |= {str(kr.id) for _, kr in request.document.key_results()}
    prefix, suffix = base, 0
    while any(f"{prefix}{n}" in taken for n in range(1, MAX_PROPOSALS + 1)):
        suffix += 1
        prefix = f"{base}{chr(ord('a') + suffix - 1)}"
    return re.sub(r"[^a-z0-9]", "", prefix) or "p"
