"""The alignment graph's steps. Each takes the state and returns what it adds."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, Literal

from coach.alignment import conflicts, rules, scoring
from coach.alignment.confirm import confirm_candidates
from coach.alignment.models import AlignmentReport, Counts, CycleInfo, SourcedDocument
from coach.alignment.organisation import build_organisation
from coach.alignment.state import AlignmentState
from coach.lexicon import detect_language
from coach.report import Severity, Usage
from coach.settings import Settings

logger = logging.getLogger(__name__)


def index_organisation(state: AlignmentState) -> dict[str, Any]:
    sources = state["sources"]
    settings = state.get("settings") or Settings()
    org = build_organisation(sources)
    return {
        "org": org,
        "settings": settings,
        "lang": state.get("lang") or settings.lang or _most_written(sources),
        "cycle": _cycle_under_review(sources, state.get("cycle_name")),
        "mode": "offline",
        "degraded": False,
        "notices": [],
        "usage": Usage(),
    }


def _most_written(sources: list[SourcedDocument]) -> str:
    """The language most documents are written in; English on a tie."""
    votes = Counter(
        detect_language(
            " ".join(
                [o.title for o in s.document.objectives[:3]]
                + [kr.text for _, kr in s.document.key_results()[:5]]
            )
        )
        for s in sources
    )
    return "vi" if votes["vi"] > votes["en"] else "en"


def _cycle_under_review(
    sources: list[SourcedDocument], name: str | None
) -> CycleInfo | None:
    """The cycle asked for, else the one most documents are written for."""
    cycles = [s.document.cycle for s in sources if s.document.cycle is not None]
    if name:
        named = [c for c in cycles if c.name == name]
        return CycleInfo(**named[0].model_dump()) if named else CycleInfo(name=name)
    if not cycles:
        return None
    votes = Counter((c.name, c.start, c.end) for c in cycles)
    (top, start, end), _ = votes.most_common(1)[0]
    return CycleInfo(name=top, start=start, end=end)


def read_key_results(state: AlignmentState) -> dict[str, Any]:
    return {"table": conflicts.read_key_results(state["org"])}


def check_structure(state: AlignmentState) -> dict[str, Any]:
    review = rules.Review(
        org=state["org"],
        table=state["table"],
        lang=state["lang"],
        thresholds=state["settings"].thresholds,
        cycle=state["cycle"],
    )
    found = [finding for rule in rules.RULES for finding in rule(review)]
    found += conflicts.restated_parents(state["org"], state["table"], state["lang"])
    return {"structural": found}


def find_candidates(state: AlignmentState) -> dict[str, Any]:
    return {"candidates": conflicts.find_candidates(state["org"], state["table"])}


def route_candidates(
    state: AlignmentState,
) -> Literal["confirm_with_model", "judge_candidates"]:
    """Only a configured model with something to judge is worth a call."""
    settings = state["settings"]
    if settings.model and not settings.offline and state["candidates"]:
        return "confirm_with_model"
    return "judge_candidates"


def confirm_with_model(state: AlignmentState) -> dict[str, Any]:
    answers = confirm_candidates(
        state["candidates"], state["org"], state["settings"], state["lang"]
    )
    return {
        "confirmations": answers.confirmations,
        "usage": answers.usage,
        "degraded": answers.degraded,
        "notices": state["notices"] + answers.notices,
        "mode": "model" if answers.confirmations else "offline",
    }


def judge_candidates(state: AlignmentState) -> dict[str, Any]:
    kept = conflicts.confirmed(state["candidates"], state.get("confirmations", []))
    found = conflicts.conflict_findings(
        state["org"], state["table"], kept, state["lang"]
    )
    return {"findings": state["structural"] + found}


def score_health(state: AlignmentState) -> dict[str, Any]:
    org, lang = state["org"], state["lang"]
    findings = scoring.place_findings(org, state["findings"])
    lost = scoring.penalties(findings, lang, len(org.objectives))
    return {
        "findings": findings,
        "penalties": lost,
        "score": scoring.health(lost),
        "units": scoring.unit_summaries(org, findings, lang),
    }


def assemble(state: AlignmentState) -> dict[str, Any]:
    org, findings = state["org"], state["findings"]
    counts = Counts(
        documents=len(org.sources),
        objectives=len(org.objectives),
        key_results=len(org.key_results),
        error=sum(f.severity is Severity.error for f in findings),
        warning=sum(f.severity is Severity.warning for f in findings),
        info=sum(f.severity is Severity.info for f in findings),
    )
    report = AlignmentReport(
        mode=state["mode"],
        degraded=state["degraded"],
        notices=state["notices"],
        lang="vi" if state["lang"] == "vi" else "en",
        cycle=state["cycle"],
        score=state["score"],
        penalties=state["penalties"],
        counts=counts,
        findings=findings,
        units=state["units"],
        usage=state["usage"],
    )
    logger.info(
        "alignment review: %d documents, %d objectives, %d key results, score %d, "
        "%d findings, mode %s%s",
        counts.documents,
        counts.objectives,
        counts.key_results,
        report.score,
        len(findings),
        report.mode,
        " (degraded)" if report.degraded else "",
    )
    return {"report": report}
