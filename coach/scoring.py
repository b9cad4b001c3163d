"""FACTS sub-scores and the overall score, each point lost with its reason.

Overall = half the mean of the five FACTS sub-scores, half key-result quality
(each key result starts at 100, loses 50 per error and 15 per warning).
"""

from __future__ import annotations

from collections import Counter
from statistics import mean

from coach.document import Level, OkrDocument, OkrType
from coach.report import Facts, FactsScore, KeyResultReview, ObjectiveReview, Severity
from coach.settings import Thresholds


class _Score:
    def __init__(self) -> None:
        self.value = 100.0
        self.lowered_by: list[str] = []

    def lose(self, points: float, why: str) -> None:
        if points > 0:
            self.value -= points
            self.lowered_by.append(f"-{points:.0f}: {why}")

    def done(self) -> FactsScore:
        return FactsScore(
            score=max(0, min(100, round(self.value))), lowered_by=self.lowered_by
        )


def facts(
    document: OkrDocument, objectives: list[ObjectiveReview], t: Thresholds
) -> Facts:
    return Facts(
        focus=_focus(document, t),
        alignment=_alignment(document),
        commitment=_commitment(document),
        tracking=_tracking(document, objectives),
        stretching=_stretching(objectives),
    )


def _focus(document: OkrDocument, t: Thresholds) -> FactsScore:
    s = _Score()
    for owner, n in Counter(
        o.owner or "(no owner)" for o in document.objectives
    ).items():
        if n > t.max_objectives:
            s.lose(
                15 * (n - t.max_objectives),
                f"{owner} has {n} objectives (max {t.max_objectives})",
            )
    for o in document.objectives:
        n = len(o.key_results)
        if n > t.max_key_results:
            s.lose(
                10 * (n - t.max_key_results),
                f"{o.id} has {n} key results (max {t.max_key_results})",
            )
        elif n < t.min_key_results:
            s.lose(
                5 * (t.min_key_results - n),
                f"{o.id} has {n} key results (min {t.min_key_results})",
            )
    return s.done()


def _alignment(document: OkrDocument) -> FactsScore:
    s = _Score()
    below = [o for o in document.objectives if o.level is not Level.company]
    unlinked = [o.id for o in below if not o.parent]
    if below and unlinked:
        share = len(unlinked) / len(below)
        s.lose(100 * share, f"no parent: {', '.join(str(i) for i in unlinked[:5])}")
    return s.done()


def _commitment(document: OkrDocument) -> FactsScore:
    s = _Score()
    n = len(document.objectives)
    no_owner = [str(o.id) for o in document.objectives if not o.owner]
    no_type = [str(o.id) for o in document.objectives if not o.type]
    s.lose(50 * len(no_owner) / n, f"no owner: {', '.join(no_owner[:5])}")
    s.lose(
        50 * len(no_type) / n,
        f"committed/aspirational not declared: {', '.join(no_type[:5])}",
    )
    return s.done()


def _tracking(document: OkrDocument, objectives: list[ObjectiveReview]) -> FactsScore:
    s = _Score()
    krs = [(o, kr) for o, kr in document.key_results()]
    if not krs:
        s.lose(100, "no key results to track")
        return s.done()
    codes = {
        r.id: {f.code for f in r.findings} for ob in objectives for r in ob.key_results
    }
    gaps: Counter[str] = Counter()
    for _, kr in krs:
        found = codes.get(str(kr.id), set())
        gaps["target"] += bool(
            found & {"KR_NO_METRIC", "KR_VAGUE_VERB", "KR_IS_TASK", "KR_BINARY"}
        )
        gaps["baseline"] += bool(
            found & {"KR_NO_BASELINE", "KR_PCT_NO_REFERENCE", "KR_NO_METRIC"}
        )
        gaps["due date"] += "KR_NO_DEADLINE" in found
        gaps["confidence"] += kr.confidence is None
    for what, n in gaps.items():
        s.lose(25 * n / len(krs), f"{n} of {len(krs)} key results lack a {what}")
    return s.done()


def _stretching(objectives: list[ObjectiveReview]) -> FactsScore:
    s = _Score()
    codes = Counter(
        f.code for o in objectives for r in o.key_results for f in r.findings
    )
    s.lose(
        20 * codes["KR_SANDBAGGING"],
        f"{codes['KR_SANDBAGGING']} aspirational key result(s) near-certain",
    )
    s.lose(
        15 * codes["KR_LOW_CONFIDENCE_COMMITTED"],
        f"{codes['KR_LOW_CONFIDENCE_COMMITTED']} committed key result(s) with low confidence",
    )
    s.lose(
        10 * codes["KR_IMPLAUSIBLE_JUMP"],
        f"{codes['KR_IMPLAUSIBLE_JUMP']} implausible jump(s)",
    )
    rated = [
        r
        for o in objectives
        for r in o.key_results
        if r.smart.achievable.verdict != "unknown"
    ]
    if not rated:
        s.lose(30, "no confidence values, so stretch cannot be judged")
    aspirational = [o for o in objectives if o.type == OkrType.aspirational.value]
    if objectives and not aspirational and len(objectives) > 1:
        s.lose(10, "no aspirational objective: nothing reaches beyond the safe plan")
    return s.done()


def key_result_quality(reviews: list[KeyResultReview]) -> float:
    if not reviews:
        return 0.0
    per_kr = []
    for r in reviews:
        errors = sum(f.severity is Severity.error for f in r.findings)
        warnings = sum(f.severity is Severity.warning for f in r.findings)
        per_kr.append(max(0, 100 - 50 * errors - 15 * warnings))
    return mean(per_kr)


def overall(sub: Facts, reviews: list[KeyResultReview]) -> int:
    facts_mean = mean(
        [
            sub.focus.score,
            sub.alignment.score,
            sub.commitment.score,
            sub.tracking.score,
            sub.stretching.score,
        ]
    )
    return round(0.5 * facts_mean + 0.5 * key_result_quality(reviews))
