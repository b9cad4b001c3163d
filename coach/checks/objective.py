"""Checks on one objective and its key results as a set."""

from __future__ import annotations

from coach.checks.base import Hit, ObjectiveContext, check
from coach.document import Level
from coach.lexicon import lexicon, tokens
from coach.measure import measure


@check("objective", "OBJ_IS_METRIC")
def is_metric(ctx: ObjectiveContext) -> Hit | None:
    m = measure(ctx.objective.title)
    if (
        m.from_to
        or m.has_percent
        or (m.has_number and lexicon().metric_nouns.find(tokens(ctx.objective.title)))
    ):
        return Hit(m.numbers[:3])
    return None


@check("objective", "OBJ_NO_KEY_RESULTS")
def no_key_results(ctx: ObjectiveContext) -> Hit | None:
    return None if ctx.objective.key_results else Hit([])


@check("objective", "TOO_FEW_KRS")
def too_few(ctx: ObjectiveContext) -> Hit | None:
    n, t = len(ctx.objective.key_results), ctx.thresholds
    if n == 0 or n >= t.min_key_results:
        return None
    return Hit([str(n)], {"low": t.min_key_results, "high": t.max_key_results})


@check("objective", "TOO_MANY_KRS")
def too_many(ctx: ObjectiveContext) -> Hit | None:
    n, t = len(ctx.objective.key_results), ctx.thresholds
    if n <= t.max_key_results:
        return None
    return Hit([str(n)], {"low": t.min_key_results, "high": t.max_key_results})


@check("objective", "OBJ_NO_OWNER")
def no_owner(ctx: ObjectiveContext) -> Hit | None:
    return None if ctx.objective.owner else Hit([])


@check("objective", "OBJ_NO_TYPE")
def no_type(ctx: ObjectiveContext) -> Hit | None:
    return None if ctx.objective.type else Hit([])


@check("objective", "OBJ_NO_PARENT")
def no_parent(ctx: ObjectiveContext) -> Hit | None:
    if ctx.objective.parent or ctx.objective.level is Level.company:
        return None
    return Hit([ctx.objective.level.value])


@check("objective", "OBJ_PARENT_NOT_FOUND")
def parent_not_found(ctx: ObjectiveContext) -> Hit | None:
    parent = ctx.objective.parent
    return Hit([parent]) if parent and parent not in ctx.ids else None


@check("objective", "OKR_TIED_TO_PAY")
def tied_to_pay(ctx: ObjectiveContext) -> Hit | None:
    hits = lexicon().grading_words.find(tokens(ctx.objective.title))
    return Hit([" ".join(hits[0][1])]) if hits else None
