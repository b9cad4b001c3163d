"""The critique graph's steps. Each takes the state and returns what it adds."""

from __future__ import annotations

from typing import Any

from coach.catalogue import make_finding
from coach.checks import KrContext, ObjectiveContext, registry
from coach.classify import classify, explain
from coach.graph.state import CritiqueState
from coach.lexicon import detect_language, tokens
from coach.loader import parse_document
from coach.report import (
    Counts,
    Critique,
    Finding,
    KeyResultReview,
    ObjectiveReview,
    Severity,
    Usage,
)
from coach.scoring import facts, overall
from coach.settings import default_settings
from coach.smart import key_result_smart, objective_smart
from coach.suggest import suggest


def load(state: CritiqueState) -> dict[str, Any]:
    document = state.get("document") or parse_document(
        state["raw"], state.get("source", "<input>")
    )
    settings = state.get("settings") or default_settings()
    sample = " ".join(
        [o.title for o in document.objectives[:5]]
        + [kr.text for o in document.objectives[:5] for kr in o.key_results[:3]]
    )
    lang = state.get("lang") or settings.lang or detect_language(sample)
    return {
        "document": document,
        "settings": settings,
        "lang": lang,
        "mode": "offline",
        "degraded": False,
        "notices": [],
        "usage": Usage(),
    }


def classify_key_results(state: CritiqueState) -> dict[str, Any]:
    document, thresholds = state["document"], state["settings"].thresholds
    first_seen: dict[str, str] = {}
    contexts = {}
    for objective, kr in document.key_results():
        key = " ".join(tokens(kr.text))
        duplicate_of = first_seen.setdefault(key, str(kr.id))
        contexts[str(kr.id)] = KrContext(
            document=document,
            objective=objective,
            kr=kr,
            kind=classify(kr.text),
            thresholds=thresholds,
            duplicate_of=duplicate_of if duplicate_of != kr.id else None,
        )
    return {"contexts": contexts}


def check_key_results(state: CritiqueState) -> dict[str, Any]:
    lang, found = state["lang"], {}
    for kr_id, ctx in state["contexts"].items():
        found[kr_id] = [
            make_finding(code, kr_id, lang, hit.evidence, **hit.fields)
            for code, run in registry["key_result"].items()
            if (hit := run(ctx)) is not None
        ]
    return {"kr_findings": found}


def check_objectives(state: CritiqueState) -> dict[str, Any]:
    document, lang = state["document"], state["lang"]
    ids = frozenset(str(o.id) for o in document.objectives) | frozenset(
        state["contexts"]
    )
    found = {}
    for objective in document.objectives:
        ctx = ObjectiveContext(document, objective, state["settings"].thresholds, ids)
        found[str(objective.id)] = [
            make_finding(code, str(objective.id), lang, hit.evidence, **hit.fields)
            for code, run in registry["objective"].items()
            if (hit := run(ctx)) is not None
        ]
    return {"objective_findings": found}


def check_document(state: CritiqueState) -> dict[str, Any]:
    document, lang = state["document"], state["lang"]
    thresholds = state["settings"].thresholds
    found = [
        make_finding(code, target, lang, hit.evidence, **hit.fields)
        for code, run in registry["document"].items()
        for target, hit in run(document, thresholds)
    ]
    return {"document_findings": found}


def suggest_rewrites(state: CritiqueState) -> dict[str, Any]:
    findings = state["kr_findings"]
    suggestions = {}
    for kr_id, ctx in state["contexts"].items():
        suggestion = suggest(ctx, findings[kr_id])
        if suggestion is not None:
            suggestions[kr_id] = suggestion
    return {"suggestions": suggestions}


def retrieve_principles(state: CritiqueState) -> dict[str, Any]:
    from coach.model_review import gather_principles  # model path only: chromadb

    return {"principles": gather_principles(state)}


def review_with_model(state: CritiqueState) -> dict[str, Any]:
    from coach.model_review import review_draft

    return review_draft(state)


def score(state: CritiqueState) -> dict[str, Any]:
    document, lang = state["document"], state["lang"]
    settings = state["settings"]
    reviews = []
    for objective in document.objectives:
        krs = [_kr_review(state, str(kr.id)) for kr in objective.key_results]
        reviews.append(
            ObjectiveReview(
                id=str(objective.id),
                title=objective.title,
                owner=objective.owner,
                level=objective.level.value,
                type=objective.type.value if objective.type else None,
                parent=objective.parent,
                findings=state["objective_findings"][str(objective.id)],
                smart=objective_smart(
                    document, objective, krs, settings.thresholds.max_key_results, lang
                ),
                key_results=krs,
            )
        )
    sub = facts(document, reviews, settings.thresholds, lang)
    all_krs = [kr for review in reviews for kr in review.key_results]
    result = {"reviews": reviews, "facts": sub, "score": overall(sub, all_krs)}
    if state.get("model_review") is not None:
        from coach.merge import merge_model_review

        return merge_model_review(state, result)
    return result


def _kr_review(state: CritiqueState, kr_id: str) -> KeyResultReview:
    ctx = state["contexts"][kr_id]
    return KeyResultReview(
        id=kr_id,
        text=ctx.kr.text,
        kind=ctx.kind.kind,
        kind_confidence=ctx.kind.confidence,
        kind_evidence=explain(ctx.kind.reasons, state["lang"]),
        findings=state["kr_findings"][kr_id],
        smart=key_result_smart(ctx, state["lang"]),
        suggestion=state["suggestions"].get(kr_id),
    )


def assemble(state: CritiqueState) -> dict[str, Any]:
    reviews = state["reviews"]
    found: list[Finding] = list(state["document_findings"])
    for review in reviews:
        found += review.findings + [f for kr in review.key_results for f in kr.findings]
    counts = Counts(
        error=sum(f.severity is Severity.error for f in found),
        warning=sum(f.severity is Severity.warning for f in found),
        info=sum(f.severity is Severity.info for f in found),
        tasks=sum(kr.kind == "task" for r in reviews for kr in r.key_results),
        key_results=sum(len(r.key_results) for r in reviews),
        objectives=len(reviews),
    )
    critique = Critique(
        mode=state["mode"],
        degraded=state["degraded"],
        notices=state["notices"],
        lang=state["lang"],
        score=state["score"],
        facts=state["facts"],
        counts=counts,
        findings=state["document_findings"],
        objectives=reviews,
        usage=state["usage"],
    )
    return {"critique": critique}
