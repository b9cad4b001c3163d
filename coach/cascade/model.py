"""The model's draft of a cascade: what it is asked, what it must answer.

The answers' JSON schemas come from ``CascadeDraft`` and ``Revision``, and the same
models validate them; their field descriptions are the contract the model reads.
A cascade asks once for the draft, then for a revision only while the ask and its
possible repair both fit in MAX_MODEL_CALLS.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any, Literal

from pydantic import BaseModel, Field

from coach import llm
from coach.cascade.models import CascadeRequest, Proposal, ProposedKeyResult
from coach.cascade.offline import due_text, id_prefix
from coach.errors import CoachError
from coach.prompts import render
from coach.report import Severity, Usage
from coach.settings import Settings

logger = logging.getLogger(__name__)

MAX_MODEL_CALLS = 4
# An ask may need a repair: start one only when both fit in the budget.
# Limitation: HTTP retries and fallback models inside one ask are not budgeted, so a
# cascade against a failing provider can make more calls before it degrades.
CALLS_PER_ASK = 2
_LANGUAGE = {"en": "English", "vi": "Vietnamese"}
# Pages every cascade rests on; retrieval adds those closest to the parent OKRs.
_GROUNDING = [
    "cascading",
    "vertical-alignment",
    "results-not-tasks",
    "baselines-and-targets",
    "smart-measurable",
]
_MAX_PRINCIPLES = 8


class DraftObjective(BaseModel):
    parent: str = Field(
        description="Id of the ONE parent key result this objective moves, exactly "
        "as written in the parent OKRs (e.g. c1.kr3)."
    )
    title: str = Field(description="Qualitative objective in the unit's terms.")
    contribution: str = Field(
        description="One sentence: how the unit moves that parent key result."
    )
    key_results: list[str] = Field(
        min_length=3,
        max_length=4,
        description="3-4 key results the unit itself moves: metric, from baseline "
        "to target, due date; never a parent key result restated.",
    )


class Gap(BaseModel):
    id: str = Field(description="Id of a parent key result the unit cannot move.")
    reason: str = Field(description="One sentence: why the unit has no lever on it.")


class CascadeDraft(BaseModel):
    """The unit's proposed objectives and the parent key results it cannot move."""

    objectives: list[DraftObjective] = Field(min_length=1, max_length=3)
    cannot_move: list[Gap] = Field(default_factory=list)


class RevisedKeyResult(BaseModel):
    id: str = Field(description="The key result's id, unchanged.")
    text: str = Field(description="The rewritten key result.")


class Revision(BaseModel):
    """Rewrites of the key results the critique found errors in."""

    key_results: list[RevisedKeyResult]


def can_ask(usage: Usage) -> bool:
    return usage.calls + CALLS_PER_ASK <= MAX_MODEL_CALLS


def draft(
    request: CascadeRequest,
    lang: str,
    due: dt.date | None,
    settings: Settings,
    usage: Usage,
) -> tuple[list[Proposal], dict[str, str]]:
    """The model's proposals and, by parent key result id, why the unit cannot move
    it. ModelError when the model gives no usable answer."""
    system = render(
        "cascade.system.j2",
        unit=request.unit,
        level=request.level.value,
        due=due_text(due, lang) if due else "",
        language=_LANGUAGE.get(lang, "English"),
        principles=principles(request, lang, settings),
        schema=_schema(CascadeDraft),
    )
    user = render(
        "cascade.user.j2",
        parents=as_data(request.document.model_dump(mode="json", exclude_none=True)),
        unit=request.unit,
        level=request.level.value,
        owner=request.owner or "",
        about=as_data(request.about or ""),
    )
    messages: list[llm.Message] = [
        {"role": "system", "content": system},
        {"role": "user", "content": user},
    ]
    answer = llm.ask(CascadeDraft, messages, settings, usage)
    return _proposals(request, answer), _gaps(request, answer)


def revise(
    proposals: list[Proposal], lang: str, settings: Settings, usage: Usage
) -> list[Proposal]:
    """The proposals with every key result that has an error rewritten by the model."""
    failing = [
        {
            "id": kr.id,
            "text": kr.text,
            "objective": proposal.title,
            "errors": [
                f"{f.code}: {f.message}"
                for f in proposal.critique.findings
                if f.target == kr.id and f.severity is Severity.error
            ],
        }
        for proposal in proposals
        for kr in proposal.key_results
        if any(
            f.target == kr.id and f.severity is Severity.error
            for f in proposal.critique.findings
        )
    ]
    if not failing:
        return proposals
    prompt = render(
        "cascade.revise.j2",
        language=_LANGUAGE.get(lang, "English"),
        failing=as_data(failing),
        schema=_schema(Revision),
    )
    answer = llm.ask(Revision, [{"role": "user", "content": prompt}], settings, usage)
    rewrites = {kr.id: kr.text for kr in answer.key_results}
    return [
        p.model_copy(
            update={
                "key_results": [
                    kr.model_copy(update={"text": rewrites.get(kr.id, kr.text)})
                    for kr in p.key_results
                ]
            }
        )
        for p in proposals
    ]


def principles(
    request: CascadeRequest, lang: str, settings: Settings
) -> list[dict[str, Any]]:
    """The principle pages to ground the draft: the cascade's own, then those closest
    to the parent OKRs by meaning."""
    from coach.principles import list_principles

    page_lang: Literal["en", "vi"] = "vi" if lang == "vi" else "en"
    ids = list(_GROUNDING)
    try:
        ids += _search(request, page_lang, settings)
    except (CoachError, OSError, ValueError, RuntimeError) as exc:
        # Retrieval only adds context; the draft still has the cascade's own pages.
        logger.warning("principle search unavailable (%s); using the fixed pages", exc)
    pages = {p.id: p for p in list_principles(page_lang)}
    chosen = [i for i in dict.fromkeys(ids) if i in pages][:_MAX_PRINCIPLES]
    return [
        {"id": i, "title": pages[i].title, "summary": pages[i].summary} for i in chosen
    ]


def as_data(value: Any) -> str:
    """JSON that cannot close the tag around it: '<' is written as \\u003c."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("<", "\\u003c")


def _search(
    request: CascadeRequest, lang: Literal["en", "vi"], settings: Settings
) -> list[str]:
    from coach.knowledge_index import open_index  # chromadb: only on the model path

    queries = [
        " ".join([o.title, *(kr.text for kr in o.key_results)])
        for o in request.document.objectives[:5]
    ]
    hits = open_index(settings).search_many(queries, lang, k=2)
    return [hit.id for found in hits for hit in found]


def _proposals(request: CascadeRequest, answer: CascadeDraft) -> list[Proposal]:
    parents = {
        str(kr.id): objective for objective, kr in request.document.key_results()
    }
    prefix = id_prefix(request)
    proposals: list[Proposal] = []
    for drafted in answer.objectives:
        parent = parents.get(drafted.parent)
        if parent is None or any(p.parent == drafted.parent for p in proposals):
            # An invented or repeated link would mislead more than a missing one.
            logger.warning("model proposal dropped: parent %r", drafted.parent)
            continue
        objective_id = f"{prefix}{len(proposals) + 1}"
        proposals.append(
            Proposal(
                id=objective_id,
                title=drafted.title,
                level=request.level,
                unit=request.unit,
                owner=request.owner,
                type=parent.type,
                parent=drafted.parent,
                contribution=drafted.contribution,
                key_results=[
                    ProposedKeyResult(id=f"{objective_id}.kr{n}", text=text)
                    for n, text in enumerate(drafted.key_results, start=1)
                ],
            )
        )
    return proposals


def _gaps(request: CascadeRequest, answer: CascadeDraft) -> dict[str, str]:
    known = {str(kr.id) for _, kr in request.document.key_results()}
    return {gap.id: gap.reason for gap in answer.cannot_move if gap.id in known}


def _schema(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), separators=(",", ":"))
