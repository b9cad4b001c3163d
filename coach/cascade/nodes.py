"""The cascade graph's steps. Each takes the state and returns what it changes."""

from __future__ import annotations

import logging
from typing import Any

from coach.cascade import offline
from coach.cascade.contribute import drop_copies
from coach.cascade.models import (
    MAX_ROUNDS,
    CascadeRequest,
    CascadeResult,
    Proposal,
    ProposalCritique,
    Uncovered,
    UncoveredReason,
    to_document,
)
from coach.cascade.state import CascadeState, Draft
from coach.cascade.units import UnitProfile, find_unit, texts, unit_catalogue
from coach.errors import InputError, ModelError, Problem
from coach.lexicon import detect_language
from coach.report import Critique, Finding, Severity, Usage
from coach.settings import Settings, default_settings

logger = logging.getLogger(__name__)

# The critique can only see the proposals, so it cannot find their parents; the
# cascade checked every link against the parent file itself.
_CROSS_FILE_LINK = "OBJ_PARENT_NOT_FOUND"


def prepare(state: CascadeState) -> dict[str, Any]:
    request = state["request"]
    settings = state.get("settings") or default_settings()
    document = request.document
    sample = " ".join(
        [o.title for o in document.objectives[:5]]
        + [kr.text for _, kr in document.key_results()[:15]]
    )
    lang = settings.lang or detect_language(sample)
    found = check_unit(request, settings)
    mode = "model" if settings.uses_model else "offline"
    logger.info(
        "cascade for %s (%s, catalogue unit %s), %s, %s",
        request.unit,
        request.level.value,
        found[0] if found else "none",
        lang,
        mode,
    )
    return {
        "settings": settings,
        "lang": lang,
        "due": document.cycle.end if document.cycle else None,
        "parents": {str(kr.id): kr.text for _, kr in document.key_results()},
        "profile": found[1] if found else None,
        "mode": mode,
        "degraded": False,
        "notices": [],
        "usage": Usage(),
        "gaps": {},
        "rounds": 0,
        "best": None,
    }


def check_unit(
    request: CascadeRequest, settings: Settings
) -> tuple[str, UnitProfile] | None:
    """The catalogue unit; InputError when there is none and no model to ask."""
    found = find_unit(request.unit, request.about)
    if found is None and not settings.uses_model:
        raise InputError("cascade", [Problem("unit", _unknown_unit(request.unit))])
    return found


def plan_coverage(state: CascadeState) -> dict[str, Any]:
    profile = state["profile"]
    if profile is None:
        return {"plan": None}
    planned = offline.plan(state["request"], profile, state["lang"], state["due"])
    return {"plan": planned}


def generate(state: CascadeState) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if state["mode"] == "model":
        changes = _draft_with_model(state)
    if changes.get("mode") != "model":
        # Offline, or the model failed: the catalogue scaffold stands in.
        changes["proposals"] = _draft_offline(state)
    return _contributions_only(changes, state)


def _draft_with_model(state: CascadeState) -> dict[str, Any]:
    from coach.cascade import model  # the seam and prompts: only on the model path

    try:
        proposals, gaps = model.draft(
            state["request"],
            state["lang"],
            state["due"],
            state["settings"],
            state["usage"],
        )
    except ModelError as exc:
        return _degraded(state, exc.cause)
    return {"proposals": proposals, "gaps": gaps, "mode": "model"}


def _draft_offline(state: CascadeState) -> list[Proposal]:
    planned, profile = state["plan"], state["profile"]
    if planned is None or profile is None:
        return []
    return offline.propose(state["request"], profile, planned, state["lang"])


def _contributions_only(changes: dict[str, Any], state: CascadeState) -> dict[str, Any]:
    """Drop copied parent key results and say so; say when nothing is proposed."""
    proposals, notes = drop_copies(
        changes["proposals"], state["parents"], state["lang"]
    )
    notices = list(changes.get("notices", state["notices"])) + notes
    if not proposals:
        say = texts(state["lang"])
        notices.append(say.no_proposals.format(unit=state["request"].unit))
    return {**changes, "proposals": proposals, "notices": notices}


def _degraded(state: CascadeState, cause: str) -> dict[str, Any]:
    model_name = state["settings"].model
    logger.warning("running degraded: model %s failed (%s)", model_name, cause)
    notice = texts(state["lang"]).degraded.format(model=model_name, cause=cause)
    return {
        "mode": "offline",
        "degraded": True,
        "notices": [*state["notices"], notice],
    }


def critique_proposals(state: CascadeState) -> dict[str, Any]:
    from coach.critique import critique

    proposals = state["proposals"]
    document = to_document(proposals, state["request"].document.cycle)
    rounds = state["rounds"] + 1
    if document is None:
        draft = Draft(proposals=[], findings=[], errors=0)
        return {"rounds": rounds, "errors": 0, "progress": False, "best": draft}
    # Rules only: a model review per round would break the cascade's call budget.
    rules_only = state["settings"].model_copy(update={"model": None})
    report = critique(document, rules_only, state["lang"])
    reviewed, findings = _attach(proposals, report, state["parents"])
    errors = sum(p.critique.errors for p in reviewed)
    errors += sum(f.severity is Severity.error for f in findings)
    best = state["best"]
    progress = best is None or errors < best["errors"]
    if progress:
        best = Draft(proposals=reviewed, findings=findings, errors=errors)
    logger.info("cascade critique round %d: %d error finding(s)", rounds, errors)
    return {
        "proposals": reviewed,
        "findings": findings,
        "errors": errors,
        "rounds": rounds,
        "progress": progress,
        "best": best,
    }


def revise(state: CascadeState) -> dict[str, Any]:
    """Ask the model to fix the key results with errors while its budget allows;
    otherwise swap them for the parent's unused catalogue options."""
    if state["mode"] == "model":
        from coach.cascade import model

        if model.can_ask(state["usage"]):
            try:
                revised = model.revise(
                    state["proposals"], state["lang"], state["settings"], state["usage"]
                )
            except ModelError as exc:
                return _degraded(state, exc.cause)
            proposals, notes = drop_copies(revised, state["parents"], state["lang"])
            return {"proposals": proposals, "notices": [*state["notices"], *notes]}
    return _swap_failing(state)


def _swap_failing(state: CascadeState) -> dict[str, Any]:
    """Swap each key result with an error for the parent's next unused option;
    drop it when none is left and the objective keeps three others."""
    planned = state["plan"]
    if planned is None:
        return {}
    used = {kr.text for p in state["proposals"] for kr in p.key_results}
    revised = []
    for proposal in state["proposals"]:
        failing = {
            f.target for f in proposal.critique.findings if f.severity is Severity.error
        }
        spare = offline.alternatives(planned, proposal.parent, used)
        key_results = []
        for kr in proposal.key_results:
            if kr.id not in failing:
                key_results.append(kr)
            elif spare:
                option = spare.pop(0)
                used.add(option.text)
                key_results.append(kr.model_copy(update={"text": option.text}))
            elif len(proposal.key_results) - len(failing) < offline.KEY_RESULTS:
                key_results.append(kr)
        revised.append(proposal.model_copy(update={"key_results": key_results}))
    revised, notes = drop_copies(revised, state["parents"], state["lang"])
    return {"proposals": revised, "notices": list(state["notices"]) + notes}


def assemble(state: CascadeState) -> dict[str, Any]:
    best = state["best"] or Draft(proposals=[], findings=[], errors=0)
    request = state["request"]
    result = CascadeResult(
        mode=state["mode"],
        degraded=state["degraded"],
        unit=request.unit,
        level=request.level,
        lang=state["lang"],
        cycle=request.document.cycle,
        rounds=state["rounds"],
        notices=state["notices"],
        proposals=best["proposals"],
        uncovered=_uncovered(state, best["proposals"]),
        findings=best["findings"],
        usage=state["usage"],
    )
    return {"result": result}


def after_critique(state: CascadeState) -> str:
    """Revise while errors remain, the last round helped and rounds are left."""
    if state["errors"] == 0 or not state["progress"]:
        return "assemble"
    return "revise" if state["rounds"] < MAX_ROUNDS else "assemble"


def _attach(
    proposals: list[Proposal], report: Critique, parents: dict[str, str]
) -> tuple[list[Proposal], list[Finding]]:
    """Each proposal with the findings on it and its key results."""
    reviews = {review.id: review for review in report.objectives}
    reviewed = []
    for proposal in proposals:
        review = reviews[proposal.id]
        found = [
            f
            for f in review.findings
            if not (f.code == _CROSS_FILE_LINK and proposal.parent in parents)
        ]
        found += [f for kr in review.key_results for f in kr.findings]
        verdict = ProposalCritique(
            errors=sum(f.severity is Severity.error for f in found),
            warnings=sum(f.severity is Severity.warning for f in found),
            findings=found,
        )
        reviewed.append(proposal.model_copy(update={"critique": verdict}))
    return reviewed, list(report.findings)


def _uncovered(state: CascadeState, proposals: list[Proposal]) -> list[Uncovered]:
    """Parent key results no proposal supports: the model's reason when it gave
    one, else the catalogue's verdict on whether the unit has a lever."""
    covered = {p.parent for p in proposals}
    planned, gaps = state["plan"], state.get("gaps", {})
    levers = (
        {lever.kr_id: bool(lever.options) for lever in planned.levers}
        if planned
        else {}
    )
    say, unit = texts(state["lang"]), state["request"].unit
    out = []
    for kr_id in state["parents"]:
        if kr_id in covered:
            continue
        if kr_id in gaps:
            reason, detail = UncoveredReason.not_a_lever, gaps[kr_id]
        elif levers.get(kr_id, True):
            reason = UncoveredReason.not_yet_covered
            detail = say.not_yet_covered.format(unit=unit)
        else:
            reason = UncoveredReason.not_a_lever
            detail = say.not_a_lever.format(unit=unit)
        out.append(Uncovered(id=kr_id, reason=reason, detail=detail))
    return out


def _unknown_unit(unit: str) -> str:
    known = ", ".join(p.names[0] for p in unit_catalogue().units.values())
    return (
        f"no unit in knowledge/unit_metrics.yaml matches '{unit}'; name it like one "
        f"of: {known}, or describe it in 'about' (e.g. 'we answer customer tickets')"
    )
