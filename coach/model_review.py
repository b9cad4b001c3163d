"""The model's review of a draft: what it is asked, what it must answer, the cache.

The answer's JSON schema is generated from ``ModelReview`` and the same model
validates it; the field descriptions are the contract the model reads. The merge of
the answer into the rules' result lives in coach/merge.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from coach import llm
from coach.errors import ModelError
from coach.graph.state import CritiqueState
from coach.lexicon import detect_language
from coach.principles import list_principles
from coach.prompts import render
from coach.report import Finding, Usage
from coach.settings import Settings

logger = logging.getLogger(__name__)

# Principles sent with one review: those the rules cite, then those retrieved.
MAX_PRINCIPLES = 12
_LANGUAGE = {"en": "English", "vi": "Vietnamese"}
_DEGRADED = {
    "en": "The language model ({model}) could not review this draft: {cause}. "
    "This is the rules-only result.",
    "vi": "Mô hình ngôn ngữ ({model}) không nhận xét được bản nháp này: {cause}. "
    "Đây là kết quả chỉ từ bộ quy tắc.",
}


class ModelFinding(BaseModel):
    severity: Literal["warning", "info"] = Field(
        description="warning: a fault to fix; info: advice."
    )
    title: str = Field(description="Short name of the problem.")
    message: str = Field(description="What is wrong, quoting the author's words.")
    why: str = Field(description="Why it matters.")
    fix: str = Field(description="How to fix it.")
    principle: str = Field(
        description="Id of the principle it rests on, from the list."
    )


class Overturn(BaseModel):
    code: str = Field(
        description="Code of a rule finding on this item, e.g. KR_NO_METRIC."
    )
    reason: str = Field(description="Why that rule is wrong here; shown to the author.")


class SmartNote(BaseModel):
    criterion: Literal["specific", "measurable", "achievable", "relevant", "time_bound"]
    verdict: Literal["pass", "warn", "fail"]
    reason: str = Field(description="One sentence.")


class KeyResultAssessment(BaseModel):
    id: str = Field(description="The key result's id, exactly as in the draft.")
    kind: Literal["result", "task"] = Field(
        description="result: a measured change the team moves; task: work, a "
        "deliverable or a milestone the team produces."
    )
    kind_reason: str = Field(description="One sentence: why this kind.")
    smart: list[SmartNote] = Field(
        default_factory=list, description="SMART criteria you can judge from the text."
    )
    rewrite: str | None = Field(
        default=None,
        description="A better key result in the author's language that keeps the "
        "intent; [brackets] for numbers only the author knows; null if already good.",
    )
    findings: list[ModelFinding] = Field(
        default_factory=list, description="Problems the rules missed; at most 3."
    )
    overturn: list[Overturn] = Field(
        default_factory=list, description="Rule findings that are wrong here."
    )


class ObjectiveAssessment(BaseModel):
    id: str = Field(description="The objective's id, exactly as in the draft.")
    findings: list[ModelFinding] = Field(
        default_factory=list, description="Coaching comments on the objective."
    )
    overturn: list[Overturn] = Field(
        default_factory=list, description="Rule findings that are wrong here."
    )


class ModelReview(BaseModel):
    """The model's review of a whole draft."""

    objectives: list[ObjectiveAssessment] = Field(
        description="One entry per objective of the draft."
    )
    key_results: list[KeyResultAssessment] = Field(
        description="One entry per key result of the draft."
    )


def gather_principles(state: CritiqueState) -> list[dict[str, Any]]:
    """The principle pages to send: cited by rule findings, then found by search."""
    lang, settings = state["lang"], state["settings"]
    ids = [f.principle for f in _rule_findings(state)]
    try:
        ids += _search(state, settings, lang)
    except Exception as exc:
        # Retrieval only adds context; the review still has the cited principles.
        logger.warning("principle search unavailable (%s); using cited ones", exc)
    pages = {p.id: p for p in list_principles(_page_language(lang))}
    chosen = [i for i in dict.fromkeys(ids) if i in pages][:MAX_PRINCIPLES]
    return [
        {"id": i, "title": pages[i].title, "summary": pages[i].summary} for i in chosen
    ]


def review_draft(state: CritiqueState) -> dict[str, Any]:
    """Ask the model once (plus at most one repair); degrade on any failure."""
    settings, usage = state["settings"], Usage()
    messages = build_messages(state)
    key = cache_key(settings, messages)
    if settings.cache and (cached := _read_cache(settings.cache_dir, key)):
        logger.info("model review from cache key=%s: 0 model calls", key[:12])
        return {"model_review": cached, "mode": "model", "usage": usage}
    try:
        answer = llm.ask(ModelReview, messages, settings, usage)
    except ModelError as exc:
        return _degraded(state, exc.cause, usage)
    except Exception as exc:
        # The model is optional: whatever went wrong, the rules' result stands.
        logger.exception("model review failed unexpectedly")
        return _degraded(state, f"internal error {type(exc).__name__}", usage)
    if settings.cache:
        _write_cache(settings.cache_dir, key, answer)
    return {"model_review": answer, "mode": "model", "usage": usage}


# Limitation: the whole draft goes in one request (about 600 prompt tokens per
# objective); a very large draft can overflow a small local model's context.
def build_messages(state: CritiqueState) -> list[llm.Message]:
    lang = state["lang"]
    schema = json.dumps(ModelReview.model_json_schema(), separators=(",", ":"))
    document = state["document"]
    texts = [o.title for o in document.objectives]
    texts += [kr.text for _, kr in document.key_results()]
    system = render(
        "review.system.j2",
        language=_LANGUAGE.get(lang, "English"),
        draft_language=_LANGUAGE[detect_language(" ".join(texts))],
        principles=state.get("principles") or [],
        schema=schema,
    )
    user = render(
        "review.user.j2",
        draft=as_data(document.model_dump(mode="json", exclude_none=True)),
        findings=_findings_text(state),
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def as_data(value: Any) -> str:
    """JSON that cannot close the tag around it: '<' is written as \\u003c."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("<", "\\u003c")


def cache_key(settings: Settings, messages: list[llm.Message]) -> str:
    """Same model, same prompt (draft, findings, principles, schema): same key."""
    basis = {
        "model": settings.model,
        "fallbacks": settings.fallbacks,
        "messages": messages,
    }
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()


def _degraded(state: CritiqueState, cause: str, usage: Usage) -> dict[str, Any]:
    model = state["settings"].model
    logger.warning("running degraded: model %s failed (%s)", model, cause)
    notice = _DEGRADED.get(state["lang"], _DEGRADED["en"])
    return {
        "mode": "offline",
        "degraded": True,
        "notices": [*state["notices"], notice.format(model=model, cause=cause)],
        "usage": usage,
    }


def _rule_findings(state: CritiqueState) -> list[Finding]:
    found = list(state["document_findings"])
    for findings in [
        *state["objective_findings"].values(),
        *state["kr_findings"].values(),
    ]:
        found += findings
    return found


def _findings_text(state: CritiqueState) -> str:
    lines = [
        f"{f.target}: {f.code} ({f.severity.value}) {f.title} [{f.principle}]"
        for f in _rule_findings(state)
    ]
    return as_data(lines)


def _search(state: CritiqueState, settings: Settings, lang: str) -> list[str]:
    from coach.knowledge_index import open_index  # chromadb: only on the model path

    queries = [
        " ".join([o.title, *(kr.text for kr in o.key_results)])
        for o in state["document"].objectives[:10]
    ]
    hits = open_index(settings).search_many(queries, _page_language(lang), k=3)
    return [hit.id for found in hits for hit in found]


def _page_language(lang: str) -> Literal["en", "vi"]:
    return "vi" if lang == "vi" else "en"


def _cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / "reviews" / f"{key}.json"


def _read_cache(cache_dir: Path, key: str) -> ModelReview | None:
    path = _cache_file(cache_dir, key)
    try:
        return ModelReview.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValidationError) as exc:
        logger.warning("ignoring unreadable cached review %s: %s", path, exc)
        return None


def _write_cache(cache_dir: Path, key: str, review: ModelReview) -> None:
    path = _cache_file(cache_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        partial.write_text(review.model_dump_json(), encoding="utf-8")
        partial.replace(path)  # readers never see half a file
    except OSError as exc:
        logger.warning("could not cache the model review in %s: %s", path, exc)
