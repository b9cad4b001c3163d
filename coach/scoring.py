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

_REASONS = {
    "en": {
        "owner_objectives": "{0} has {1} objectives (max {2})",
        "kr_many": "{0} has {1} key results (max {2})",
        "kr_few": "{0} has {1} key results (min {2})",
        "no_parent": "no parent: {0}",
        "no_owner": "no owner: {0}",
        "no_type": "committed/aspirational not declared: {0}",
        "no_krs": "no key results to track",
        "lack": "{0} of {1} key results lack a {2}",
        "sandbagging": "{0} aspirational key result(s) near-certain",
        "low_confidence": "{0} committed key result(s) with low confidence",
        "jumps": "{0} implausible jump(s)",
        "no_confidence": "no confidence values, so stretch cannot be judged",
        "no_aspirational": "no aspirational objective: nothing reaches beyond the safe plan",
        "target": "target",
        "baseline": "baseline",
        "due date": "due date",
        "confidence": "confidence",
        "nobody": "(no owner)",
    },
    "vi": {
        "owner_objectives": "{0} có {1} mục tiêu (tối đa {2})",
        "kr_many": "{0} có {1} kết quả then chốt (tối đa {2})",
        "kr_few": "{0} có {1} kết quả then chốt (tối thiểu {2})",
        "no_parent": "chưa gắn cấp trên: {0}",
        "no_owner": "chưa có người phụ trách: {0}",
        "no_type": "chưa khai báo cam kết hay kỳ vọng cao: {0}",
        "no_krs": "không có kết quả then chốt nào để theo dõi",
        "lack": "{0}/{1} kết quả then chốt thiếu {2}",
        "sandbagging": "{0} kết quả kỳ vọng cao gần như chắc chắn đạt",
        "low_confidence": "{0} kết quả cam kết có độ tự tin thấp",
        "jumps": "{0} bước nhảy quá lớn",
        "no_confidence": "chưa có độ tự tin nên chưa đánh giá được mức thách thức",
        "no_aspirational": "không có mục tiêu kỳ vọng cao: không có gì vượt kế hoạch an toàn",
        "target": "mục tiêu",
        "baseline": "mức hiện tại",
        "due date": "thời hạn",
        "confidence": "độ tự tin",
        "nobody": "(chưa có người phụ trách)",
    },
}


class _Score:
    def __init__(self, lang: str) -> None:
        self.value = 100.0
        self.lowered_by: list[str] = []
        self.texts = _REASONS.get(lang, _REASONS["en"])

    def lose(self, points: float, reason: str, *args: object) -> None:
        if points > 0:
            self.value -= points
            why = self.texts[reason].format(*args)
            self.lowered_by.append(f"-{points:.0f}: {why}")

    def done(self) -> FactsScore:
        return FactsScore(
            score=max(0, min(100, round(self.value))), lowered_by=self.lowered_by
        )


def facts(
    document: OkrDocument,
    objectives: list[ObjectiveReview],
    t: Thresholds,
    lang: str = "en",
) -> Facts:
    return Facts(
        focus=_focus(document, t, _Score(lang)),
        alignment=_alignment(document, _Score(lang)),
        commitment=_commitment(document, _Score(lang)),
        tracking=_tracking(document, objectives, _Score(lang)),
        stretching=_stretching(objectives, _Score(lang)),
    )


def _focus(document: OkrDocument, t: Thresholds, s: _Score) -> FactsScore:
    owners = Counter(o.owner or s.texts["nobody"] for o in document.objectives)
    for owner, n in owners.items():
        if n > t.max_objectives:
            extra = n - t.max_objectives
            s.lose(15 * extra, "owner_objectives", owner, n, t.max_objectives)
    for o in document.objectives:
        n = len(o.key_results)
        if n > t.max_key_results:
            s.lose(10 * (n - t.max_key_results), "kr_many", o.id, n, t.max_key_results)
        elif n < t.min_key_results:
            s.lose(5 * (t.min_key_results - n), "kr_few", o.id, n, t.min_key_results)
    return s.done()


def _alignment(document: OkrDocument, s: _Score) -> FactsScore:
    below = [o for o in document.objectives if o.level is not Level.company]
    unlinked = [str(o.id) for o in below if not o.parent]
    if below and unlinked:
        s.lose(100 * len(unlinked) / len(below), "no_parent", ", ".join(unlinked[:5]))
    return s.done()


def _commitment(document: OkrDocument, s: _Score) -> FactsScore:
    n = len(document.objectives)
    no_owner = [str(o.id) for o in document.objectives if not o.owner]
    no_type = [str(o.id) for o in document.objectives if not o.type]
    s.lose(50 * len(no_owner) / n, "no_owner", ", ".join(no_owner[:5]))
    s.lose(50 * len(no_type) / n, "no_type", ", ".join(no_type[:5]))
    return s.done()


_GAPS = {
    "target": {"KR_NO_METRIC", "KR_VAGUE_VERB", "KR_IS_TASK", "KR_BINARY"},
    "baseline": {"KR_NO_BASELINE", "KR_PCT_NO_REFERENCE", "KR_NO_METRIC"},
    "due date": {"KR_NO_DEADLINE"},
}


def _tracking(
    document: OkrDocument, objectives: list[ObjectiveReview], s: _Score
) -> FactsScore:
    krs = [kr for _, kr in document.key_results()]
    if not krs:
        s.lose(100, "no_krs")
        return s.done()
    codes = {
        r.id: {f.code for f in r.findings} for o in objectives for r in o.key_results
    }
    gaps: Counter[str] = Counter()
    for kr in krs:
        found = codes.get(str(kr.id), set())
        for what, signs in _GAPS.items():
            gaps[what] += bool(found & signs)
        gaps["confidence"] += kr.confidence is None
    for what, n in gaps.items():
        s.lose(25 * n / len(krs), "lack", n, len(krs), s.texts[what])
    return s.done()


def _stretching(objectives: list[ObjectiveReview], s: _Score) -> FactsScore:
    codes = Counter(
        f.code for o in objectives for r in o.key_results for f in r.findings
    )
    s.lose(20 * codes["KR_SANDBAGGING"], "sandbagging", codes["KR_SANDBAGGING"])
    low = codes["KR_LOW_CONFIDENCE_COMMITTED"]
    s.lose(15 * low, "low_confidence", low)
    s.lose(10 * codes["KR_IMPLAUSIBLE_JUMP"], "jumps", codes["KR_IMPLAUSIBLE_JUMP"])
    rated = [
        r
        for o in objectives
        for r in o.key_results
        if r.smart.achievable.verdict != "unknown"
    ]
    if not rated:
        s.lose(30, "no_confidence")
    aspirational = [o for o in objectives if o.type == OkrType.aspirational.value]
    if objectives and not aspirational and len(objectives) > 1:
        s.lose(10, "no_aspirational")
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
