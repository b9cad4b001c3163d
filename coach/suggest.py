"""Offline rewrites from the templates in knowledge/rewrites.yaml."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

import yaml

from coach.checks.base import KrContext
from coach.lexicon import PhraseSet, tokens
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


def suggest(ctx: KrContext, findings: list[Finding], lang: str) -> Suggestion | None:
    codes = {f.code for f in findings}
    t = _templates()[lang]
    due = _due_text(ctx, lang, t)
    if codes & {"KR_IS_TASK", "KR_BINARY"}:
        text = _theme(ctx.kr.text, t).format(object=_object(ctx), due=due)
        return _suggestion(text, t["rationale_task"])
    if codes & {"KR_NO_METRIC", "KR_VAGUE_VERB"}:
        text = t["measure"].format(text=ctx.kr.text.rstrip(". "), due=due)
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


def _suggestion(text: str, rationale: str) -> Suggestion:
    text = text[0].upper() + text[1:]
    return Suggestion(
        text=text, placeholders=_PLACEHOLDER.findall(text), rationale=rationale
    )


def _theme(text: str, t: dict[str, Any]) -> str:
    words = tokens(text)
    for theme in t["themes"]:
        if theme["phrases"].find(words):
            return str(theme["template"])
    return str(t["default"])


def _object(ctx: KrContext) -> str:
    """What the task works on: the words after its leading verb."""
    parts = ctx.kr.text.rstrip(". ").split()
    verb = ctx.kind.lead_verb
    skip = len(verb.split()) if verb else 0
    lead = tokens(" ".join(parts[: skip + 2]))
    if verb and lead[: len(verb.split())] != verb.split():
        skip = 0  # the verb was found after a label; keep the text whole
    rest = parts[skip:]
    while rest and rest[0].lower() in _ARTICLES:
        rest = rest[1:]
    obj = " ".join(rest[:6]) or ctx.kr.text
    return f"'{obj}'" if not rest else obj


def _due_text(ctx: KrContext, lang: str, t: dict[str, Any]) -> str:
    from coach.checks.key_result import due_date

    due: dt.date | None = due_date(ctx)
    if due is None:
        return str(t["unknown_due"])
    return due.isoformat() if lang == "en" else due.strftime("%d/%m/%Y")
