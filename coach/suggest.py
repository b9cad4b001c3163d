"""Offline rewrites from the templates in knowledge/rewrites.yaml."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

import yaml

from coach.checks.base import KrContext
from coach.checks.key_result import direction_of_verb, due_date
from coach.document import Direction
from coach.lexicon import PhraseSet, detect_language, tokens
from coach.paths import KNOWLEDGE
from coach.report import Finding, Suggestion

_PLACEHOLDER = re.compile(r"\[[^\]]+\]")
_ARTICLES = {"the", "a", "an", "our", "new", "all", "more", "its", "their", "my"}
_TO = re.compile(r"\b(to|lên|xuống|len|xuong)\b\s*[$€£]?\d")


@cache
def _templates() -> dict[str, Any]:
    data = yaml.safe_load((KNOWLEDGE / "rewrites.yaml").read_text(encoding="utf-8"))
    for lang in data.values():
        for theme in lang["themes"]:
            theme["phrases"] = PhraseSet.of(theme["keywords"])
    return data


def suggest(ctx: KrContext, findings: list[Finding]) -> Suggestion | None:
    """A rewrite for a failing key result, in the language it is written in:
    a rewrite keeps the author's words, so it cannot switch language around them."""
    codes = {f.code for f in findings}
    if not codes:
        return None
    lang = detect_language(ctx.kr.text)
    t = _templates()[lang]
    due = _due_text(ctx, lang, t)
    if codes & {"KR_IS_TASK", "KR_BINARY"}:
        text = _theme(ctx, t, lang).format(object=_object(ctx), due=due)
        return _suggestion(text, t["rationale_task"])
    if codes & {"KR_NO_METRIC", "KR_VAGUE_VERB"}:
        template = t[f"measure_{_direction(ctx)}"]
        text = template.format(text=ctx.kr.text.rstrip(". "), due=due)
        return _suggestion(text, t["rationale_measure"])
    text, why = ctx.kr.text.rstrip(". "), []
    if "KR_NO_BASELINE" in codes:
        match = _TO.search(text)
        if match:
            text = text[: match.start()] + t["add_baseline"] + text[match.start() :]
        else:
            text += " (" + t["add_baseline"].strip() + ")"
        why.append(t["rationale_baseline"])
    if "KR_PCT_NO_REFERENCE" in codes:
        text += t["add_reference"]
        why.append(t["rationale_reference"])
    if "KR_NO_DEADLINE" in codes:
        text += t["add_deadline"].format(due=due)
        why.append(t["rationale_deadline"])
    return _suggestion(text, " ".join(why)) if why else None


def _direction(ctx: KrContext) -> str:
    """up, down or vague: which way the author's own verb moves the metric."""
    if ctx.kind.lead_kind != "result":
        return "vague"
    return "down" if direction_of_verb(ctx) is Direction.decrease else "up"


def _suggestion(text: str, rationale: str) -> Suggestion:
    text = text[0].upper() + text[1:]
    return Suggestion(
        text=text, placeholders=_PLACEHOLDER.findall(text), rationale=rationale
    )


def _theme(ctx: KrContext, t: dict[str, Any], lang: str) -> str:
    """The theme of the object's head noun: last in English ('onboarding
    workshops'), first in Vietnamese ('buổi hội thảo')."""
    words = tokens(ctx.kr.text).tail(ctx.kind.lead_end)
    head_first = lang == "vi"
    best: tuple[int, str] | None = None
    for theme in t["themes"]:
        for index, _ in theme["phrases"].find(words):
            rank = -index if head_first else index
            if best is None or rank > best[0]:
                best = (rank, str(theme["template"]))
    return best[1] if best else str(t["default"])


def _object(ctx: KrContext) -> str:
    """What the task works on: the words after its leading verb."""
    words = tokens(ctx.kr.text.rstrip(". "))
    start = ctx.kind.lead_end
    while start < len(words) and words[start] in _ARTICLES:
        start += 1
    return words.text_from(start) or f"'{ctx.kr.text}'"


def _due_text(ctx: KrContext, lang: str, t: dict[str, Any]) -> str:
    due: dt.date | None = due_date(ctx)
    if due is None:
        return str(t["unknown_due"])
    return due.isoformat() if lang == "en" else due.strftime("%d/%m/%Y")
