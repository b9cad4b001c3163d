"""Checks on one key result."""

from __future__ import annotations

import datetime as dt

from coach.checks.base import Hit, KrContext, check
from coach.classify import Kind
from coach.document import Direction, OkrType
from coach.lexicon import lexicon, tokens
from coach.measure import PERCENT, Measure


@check("key_result", "KR_IS_TASK")
def is_task(ctx: KrContext) -> Hit | None:
    if ctx.kind.kind is not Kind.task or ctx.kind.binary:
        return None
    words = [ctx.kind.lead_verb, ctx.kind.output_noun]
    return Hit(evidence=[f"'{w}'" for w in words if w] or [f"'{ctx.kr.text}'"])


@check("key_result", "KR_BINARY")
def is_binary(ctx: KrContext) -> Hit | None:
    return Hit([ctx.kind.binary]) if ctx.kind.binary else None


@check("key_result", "KR_VAGUE_VERB")
def vague_verb(ctx: KrContext) -> Hit | None:
    if ctx.kind.lead_kind != "vague" or _has_target(ctx):
        return None
    return Hit([ctx.kind.lead_verb or ""])


@check("key_result", "KR_NO_METRIC")
def no_metric(ctx: KrContext) -> Hit | None:
    if ctx.kind.kind is Kind.task or ctx.kind.lead_kind == "vague" or _has_target(ctx):
        return None
    return Hit([])


@check("key_result", "KR_NO_DEADLINE")
def no_deadline(ctx: KrContext) -> Hit | None:
    if ctx.kr.due or ctx.document.cycle or ctx.kind.measure.dates:
        return None
    return None if names_a_time(ctx.kr.text, ctx.kind.measure) else Hit([])


@check("key_result", "KR_NO_BASELINE")
def no_baseline(ctx: KrContext) -> Hit | None:
    m = ctx.kind.measure
    if ctx.kind.kind is Kind.task or not _has_target(ctx) or _has_baseline(ctx):
        return None
    if m.relative_change or m.pct_of_population or _is_threshold(ctx):
        return None
    target = ctx.kr.target if ctx.kr.target is not None else (m.numbers or [""])[-1]
    return Hit([str(target)], {"target": target})


@check("key_result", "KR_PCT_NO_REFERENCE")
def pct_no_reference(ctx: KrContext) -> Hit | None:
    m = ctx.kind.measure
    if not m.relative_change or _has_baseline(ctx):
        return None
    words = tokens(ctx.kr.text)
    if lexicon().reference_words.find(words):
        return None
    match = PERCENT.search(ctx.kr.text.lower())
    return Hit([match.group(0) if match else ctx.kr.text])


@check("key_result", "KR_DATE_OUTSIDE_CYCLE")
def date_outside_cycle(ctx: KrContext) -> Hit | None:
    cycle = ctx.document.cycle
    if cycle is None:
        return None
    dates = [ctx.kr.due] if ctx.kr.due else []
    dates += ctx.kind.measure.dates
    outside = [d for d in dates if d and not cycle.start <= d <= cycle.end]
    if not outside:
        return None
    span = f"{cycle.name} ({cycle.start} – {cycle.end})"
    return Hit([outside[0].isoformat()], {"cycle": span})


@check("key_result", "KR_PLACEHOLDER")
def placeholder(ctx: KrContext) -> Hit | None:
    found = ctx.kind.measure.placeholders
    return Hit(found) if found else None


@check("key_result", "KR_DUPLICATE")
def duplicate(ctx: KrContext) -> Hit | None:
    return Hit([ctx.duplicate_of]) if ctx.duplicate_of else None


@check("key_result", "KR_SANDBAGGING")
def sandbagging(ctx: KrContext) -> Hit | None:
    confidence = ctx.kr.confidence
    if ctx.objective.type is not OkrType.aspirational or confidence is None:
        return None
    return (
        Hit([f"{confidence:.2f}"])
        if confidence >= ctx.thresholds.sandbagging_confidence
        else None
    )


@check("key_result", "KR_LOW_CONFIDENCE_COMMITTED")
def low_confidence_committed(ctx: KrContext) -> Hit | None:
    confidence = ctx.kr.confidence
    if ctx.objective.type is not OkrType.committed or confidence is None:
        return None
    low = confidence < ctx.thresholds.committed_min_confidence
    return Hit([f"{confidence:.2f}"]) if low else None


@check("key_result", "KR_TARGET_DIRECTION")
def target_direction(ctx: KrContext) -> Hit | None:
    baseline, target = _baseline_target(ctx)
    direction = ctx.kr.direction or direction_of_verb(ctx)
    if baseline is None or target is None or direction is None:
        return None
    wrong = (direction is Direction.increase and target <= baseline) or (
        direction is Direction.decrease and target >= baseline
    )
    if not wrong:
        return None
    fields = {
        "direction": direction.value,
        "baseline": f"{baseline:g}",
        "target": f"{target:g}",
    }
    return Hit([direction.value, f"{baseline:g}", f"{target:g}"], fields)


def direction_of_verb(ctx: KrContext) -> Direction | None:
    """'Reduce churn from 5% to 8%': the verb says which way the numbers must go."""
    if ctx.kind.lead_kind != "result" or not ctx.kind.lead_verb:
        return None
    verb = tokens(ctx.kind.lead_verb)
    lex = lexicon()
    if lex.decrease_verbs.at(verb, 0):
        return Direction.decrease
    return Direction.increase if lex.increase_verbs.at(verb, 0) else None


@check("key_result", "KR_IMPLAUSIBLE_JUMP")
def implausible_jump(ctx: KrContext) -> Hit | None:
    baseline, target = _baseline_target(ctx)
    if not baseline or not target or baseline <= 0 or target <= 0:
        return None
    ratio = max(target / baseline, baseline / target)
    if ratio < ctx.thresholds.max_change_ratio:
        return None
    return Hit([f"{baseline:g} → {target:g} (×{ratio:.1f})"])


def _has_target(ctx: KrContext) -> bool:
    return ctx.kr.target is not None or ctx.kind.measure.has_number


def _has_baseline(ctx: KrContext) -> bool:
    m = ctx.kind.measure
    return ctx.kr.baseline is not None or m.from_to is not None or m.has_baseline_note


def _is_threshold(ctx: KrContext) -> bool:
    if ctx.kr.direction is Direction.maintain:
        return True
    return bool(lexicon().maintain_words.find(tokens(ctx.kr.text)))


def _baseline_target(ctx: KrContext) -> tuple[float | None, float | None]:
    if ctx.kr.baseline is not None or ctx.kr.target is not None:
        return ctx.kr.baseline, ctx.kr.target
    return ctx.kind.measure.from_to or (None, None)


def names_a_time(text: str, measure: Measure) -> bool:
    """'by March', 'within 30 days', 'quý 3': a time frame without an exact date."""
    return measure.time_frame or bool(lexicon().time_words.find(tokens(text)))


def due_date(ctx: KrContext) -> dt.date | None:
    """The key result's deadline: its own, one in its text, or the cycle's end."""
    if ctx.kr.due:
        return ctx.kr.due
    if ctx.kind.measure.dates:
        return max(ctx.kind.measure.dates)
    return ctx.document.cycle.end if ctx.document.cycle else None


@check("key_result", "OKR_TIED_TO_PAY")
def tied_to_pay(ctx: KrContext) -> Hit | None:
    return _pay_words(ctx.kr.text)


def _pay_words(text: str) -> Hit | None:
    hits = lexicon().grading_words.find(tokens(text))
    return Hit([" ".join(hits[0][1])]) if hits else None
