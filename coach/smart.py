"""SMART verdicts for key results and objectives, each with its reason."""

from __future__ import annotations

from coach.checks.base import KrContext
from coach.checks.key_result import due_date, names_a_time
from coach.classify import Kind
from coach.document import Level, Objective, OkrDocument, OkrType
from coach.lexicon import lexicon, tokens
from coach.report import Criterion, KeyResultReview, Smart, Verdict
from coach.terms import term

_TEXT = {
    "en": {
        "task": "describes an activity, not the change it should cause",
        "metric": "names what is measured ({0})",
        "vague": "the verb '{0}' gives a direction, not a measure",
        "no_metric": "no metric is named",
        "number": "has a target value",
        "counted": "counts output, which measures effort rather than results",
        "binary": "can only be scored 0 or 1",
        "no_number": "no number or threshold to score against",
        "conf_ok": "confidence {0:.2f} fits a {1} key result",
        "conf_low": "confidence {0:.2f} is low for a committed key result",
        "conf_safe": "confidence {0:.2f} is too safe for an aspirational key result",
        "conf_none": "no confidence given, so achievability cannot be judged",
        "jump": "the change from {0:g} to {1:g} is very large for one cycle",
        "parent": "supports {0}",
        "company": "a company objective for the cycle {0}",
        "cycle_only": "tied to the cycle {0} but to no parent key result",
        "unlinked": "linked to neither a parent nor a cycle",
        "due": "due {0}",
        "time_words": "the wording gives a time frame",
        "no_due": "no deadline and no cycle",
        "title_ok": "the objective says what should change",
        "title_short": "the title is too short to say what should change",
        "krs_results": "{0} of {1} key results measure results",
        "krs_none": "no key result measures a result",
        "no_krs": "has no key results",
        "too_many": "{0} key results spread the effort thin",
        "krs_ok": "{0} key results is a manageable load",
        "cycle": "runs for the cycle {0}",
    },
    "vi": {
        "task": "mô tả một hoạt động, không phải thay đổi mà nó tạo ra",
        "metric": "nêu rõ thứ được đo ({0})",
        "vague": "động từ '{0}' chỉ nêu hướng, không có thước đo",
        "no_metric": "không nêu chỉ số nào",
        "number": "có giá trị mục tiêu",
        "counted": "đếm đầu ra, tức là đo công sức chứ không đo kết quả",
        "binary": "chỉ chấm được 0 hoặc 1",
        "no_number": "không có con số hay ngưỡng để chấm điểm",
        "conf_ok": "độ tự tin {0:.2f} phù hợp với kết quả loại {1}",
        "conf_low": "độ tự tin {0:.2f} là thấp với kết quả cam kết",
        "conf_safe": "độ tự tin {0:.2f} quá an toàn với kết quả kỳ vọng cao",
        "conf_none": "chưa có độ tự tin nên chưa đánh giá được tính khả thi",
        "jump": "thay đổi từ {0:g} sang {1:g} là rất lớn cho một chu kỳ",
        "parent": "hỗ trợ {0}",
        "company": "mục tiêu cấp công ty cho chu kỳ {0}",
        "cycle_only": "gắn với chu kỳ {0} nhưng chưa gắn với kết quả cấp trên",
        "unlinked": "chưa gắn với cấp trên hay chu kỳ nào",
        "due": "hạn {0}",
        "time_words": "câu chữ đã nêu khung thời gian",
        "no_due": "không có hạn và không có chu kỳ",
        "title_ok": "mục tiêu nói rõ điều cần thay đổi",
        "title_short": "tiêu đề quá ngắn để nói điều cần thay đổi",
        "krs_results": "{0}/{1} kết quả then chốt đo kết quả thật",
        "krs_none": "không có kết quả then chốt nào đo kết quả thật",
        "no_krs": "chưa có kết quả then chốt",
        "too_many": "{0} kết quả then chốt làm dàn mỏng nỗ lực",
        "krs_ok": "{0} kết quả then chốt là khối lượng vừa phải",
        "cycle": "áp dụng cho chu kỳ {0}",
    },
}


def _c(verdict: Verdict, lang: str, key: str, *args: object) -> Criterion:
    return Criterion(verdict=verdict, reason=_TEXT[lang][key].format(*args))


def key_result_smart(ctx: KrContext, lang: str) -> Smart:
    return Smart(
        specific=_kr_specific(ctx, lang),
        measurable=_kr_measurable(ctx, lang),
        achievable=_kr_achievable(ctx, lang),
        relevant=relevance(ctx.document, ctx.objective, lang),
        time_bound=_kr_time_bound(ctx, lang),
    )


def _kr_specific(ctx: KrContext, lang: str) -> Criterion:
    kind = ctx.kind
    if kind.kind is Kind.task:
        return _c(Verdict.fail, lang, "task")
    metric = lexicon().metric_nouns.find(tokens(ctx.kr.text))
    if metric:
        return _c(Verdict.passed, lang, "metric", " ".join(metric[0][1]))
    if kind.lead_kind == "vague":
        return _c(Verdict.warn, lang, "vague", kind.lead_verb)
    if kind.measure.has_number or ctx.kr.target is not None:
        return _c(Verdict.passed, lang, "number")
    return _c(Verdict.warn, lang, "no_metric")


def _kr_measurable(ctx: KrContext, lang: str) -> Criterion:
    kind = ctx.kind
    if kind.binary:
        return _c(Verdict.fail, lang, "binary")
    has_number = kind.measure.has_number or ctx.kr.target is not None
    if not has_number:
        return _c(Verdict.fail, lang, "no_number")
    if kind.kind is Kind.task:
        return _c(Verdict.warn, lang, "counted")
    return _c(Verdict.passed, lang, "number")


def _kr_achievable(ctx: KrContext, lang: str) -> Criterion:
    t = ctx.thresholds
    baseline, target = ctx.kr.baseline, ctx.kr.target
    if baseline is None and target is None and ctx.kind.measure.from_to:
        baseline, target = ctx.kind.measure.from_to
    positive = baseline and target and baseline > 0 and target > 0
    if positive and max(target / baseline, baseline / target) >= t.max_change_ratio:  # type: ignore[operator]
        return _c(Verdict.warn, lang, "jump", baseline, target)
    confidence = ctx.kr.confidence
    if confidence is None:
        return _c(Verdict.unknown, lang, "conf_none")
    kind = ctx.objective.type or OkrType.committed
    if kind is OkrType.committed and confidence < t.committed_min_confidence:
        return _c(Verdict.warn, lang, "conf_low", confidence)
    if kind is OkrType.aspirational and confidence >= t.sandbagging_confidence:
        return _c(Verdict.warn, lang, "conf_safe", confidence)
    return _c(Verdict.passed, lang, "conf_ok", confidence, term(lang, kind.value))


def relevance(document: OkrDocument, objective: Objective, lang: str) -> Criterion:
    cycle = document.cycle.name if document.cycle else None
    if objective.parent:
        return _c(Verdict.passed, lang, "parent", objective.parent)
    if objective.level is Level.company and cycle:
        return _c(Verdict.passed, lang, "company", cycle)
    if cycle:
        return _c(Verdict.warn, lang, "cycle_only", cycle)
    return _c(Verdict.fail, lang, "unlinked")


def _kr_time_bound(ctx: KrContext, lang: str) -> Criterion:
    due = due_date(ctx)
    if due:
        return _c(Verdict.passed, lang, "due", due.isoformat())
    if names_a_time(ctx.kr.text, ctx.kind.measure):
        return _c(Verdict.warn, lang, "time_words")
    return _c(Verdict.fail, lang, "no_due")


def objective_smart(
    document: OkrDocument,
    objective: Objective,
    reviews: list[KeyResultReview],
    max_key_results: int,
    lang: str,
) -> Smart:
    words = tokens(objective.title)
    specific = (
        _c(Verdict.passed, lang, "title_ok")
        if len(words) >= 3
        else _c(Verdict.warn, lang, "title_short")
    )
    results = sum(1 for r in reviews if r.kind is Kind.result)
    if not reviews:
        measurable = _c(Verdict.fail, lang, "no_krs")
    elif results == 0:
        measurable = _c(Verdict.fail, lang, "krs_none")
    else:
        verdict = Verdict.passed if results == len(reviews) else Verdict.warn
        measurable = _c(verdict, lang, "krs_results", results, len(reviews))
    if len(reviews) > max_key_results:
        achievable = _c(Verdict.warn, lang, "too_many", len(reviews))
    elif reviews:
        achievable = _c(Verdict.passed, lang, "krs_ok", len(reviews))
    else:
        achievable = _c(Verdict.unknown, lang, "no_krs")
    if document.cycle:
        time_bound = _c(Verdict.passed, lang, "cycle", document.cycle.name)
    elif reviews and all(r.smart.time_bound.verdict is Verdict.passed for r in reviews):
        time_bound = _c(Verdict.passed, lang, "time_words")
    else:
        time_bound = _c(Verdict.fail, lang, "no_due")
    return Smart(
        specific=specific,
        measurable=measurable,
        achievable=achievable,
        relevant=relevance(document, objective, lang),
        time_bound=time_bound,
    )
