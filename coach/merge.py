"""Merge the model's review into the rules' result, under the coach's rules.

The model may add findings and write better suggestions (both marked source
"model"); it overturns a rule's finding only with a stated reason, which the user
sees as a notice; a model finding must cite a principle that exists, or it is
dropped; and the score stays the coach's, moved by the model by at most
MAX_SCORE_SHIFT points. A draft whose text instructs the reviewer keeps the rules'
verdicts and score (see coach/injection.py).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from coach.catalogue import catalogue
from coach.classify import Kind
from coach.graph.state import CritiqueState
from coach.injection import suspect_items
from coach.model_review import (
    KeyResultAssessment,
    ModelFinding,
    ModelReview,
    Overturn,
)
from coach.principles import list_principles
from coach.report import (
    Criterion,
    Finding,
    KeyResultReview,
    Severity,
    Suggestion,
    Verdict,
)
from coach.scoring import facts, overall

logger = logging.getLogger(__name__)

MAX_SCORE_SHIFT = 10
MAX_MODEL_FINDINGS = 3  # per objective or key result: advice, not a flood
_PLACEHOLDER = re.compile(r"\[([^\]]+)\]")
_NOTICES = {
    "en": {
        "overturned": "{target}: the model overturned {code} ({title}): {reason}",
        "shift": "The model's review moved the score by {shift:+d} (at most ±{bound}).",
        "suspect": "{targets}: the text gives instructions to the reviewer, so the "
        "rules' verdicts and score were kept and the model's review of it was ignored.",
    },
    "vi": {
        "overturned": "{target}: mô hình bác bỏ {code} ({title}): {reason}",
        "shift": "Nhận xét của mô hình làm điểm thay đổi {shift:+d} (tối đa ±{bound}).",
        "suspect": "{targets}: nội dung ra lệnh cho người nhận xét, nên giữ nguyên "
        "kết luận và điểm của bộ quy tắc, bỏ qua nhận xét của mô hình về phần này.",
    },
}


def merge_model_review(state: CritiqueState, rules: dict[str, Any]) -> dict[str, Any]:
    """The rules' result (reviews, facts, score) with the model's review merged in."""
    review: ModelReview = state["model_review"]
    lang = state["lang"] if state["lang"] in _NOTICES else "en"
    text = _NOTICES[lang]
    reviews = [r.model_copy(deep=True) for r in rules["reviews"]]
    suspect = suspect_items(state["document"])
    merger = _Merger(lang, {p.id for p in list_principles()}, guarded=bool(suspect))

    key_results = {kr.id: kr for o in reviews for kr in o.key_results}
    for assessment in review.key_results:
        kr = key_results.get(assessment.id)
        if kr is None or assessment.id in suspect:
            logger.info("model review of %s not merged", assessment.id)
            continue
        merger.key_result(kr, assessment)
    objectives = {o.id: o for o in reviews}
    for comment in review.objectives:
        objective = objectives.get(comment.id)
        if objective is None or comment.id in suspect:
            logger.info("model review of %s not merged", comment.id)
            continue
        objective.findings += merger.findings(comment.findings, comment.id)
        merger.overturn(objective.findings, comment.overturn, comment.id)

    notices = list(state["notices"]) + merger.notices
    if suspect:
        notices.append(text["suspect"].format(targets=", ".join(suspect)))
        return {**rules, "reviews": reviews, "notices": notices}
    thresholds = state["settings"].thresholds
    merged_facts = facts(state["document"], reviews, thresholds, state["lang"])
    merged = overall(merged_facts, [kr for o in reviews for kr in o.key_results])
    shift = max(-MAX_SCORE_SHIFT, min(MAX_SCORE_SHIFT, merged - rules["score"]))
    if shift:
        notices.append(text["shift"].format(shift=shift, bound=MAX_SCORE_SHIFT))
    return {
        "reviews": reviews,
        "facts": merged_facts,
        "score": rules["score"] + shift,
        "notices": notices,
    }


class _Merger:
    """Applies one review's parts; collects the notices the user must see."""

    def __init__(self, lang: str, principles: set[str], guarded: bool):
        self.lang = lang
        self.principles = principles
        self.guarded = guarded  # verdicts stay the rules' (an instruction was found)
        self.notices: list[str] = []

    def key_result(self, kr: KeyResultReview, assessment: KeyResultAssessment) -> None:
        kr.findings += self.findings(assessment.findings, kr.id)
        if assessment.rewrite and assessment.rewrite.strip():
            kr.suggestion = Suggestion(
                text=assessment.rewrite.strip(),
                placeholders=_PLACEHOLDER.findall(assessment.rewrite),
                rationale=assessment.kind_reason,
                source="model",
            )
        if self.guarded:
            return
        self.overturn(kr.findings, assessment.overturn, kr.id)
        self._kind(kr, assessment)
        for note in assessment.smart:
            current: Criterion = getattr(kr.smart, note.criterion)
            # Rules' verdicts stand; the model fills in only what they left open.
            if current.verdict is Verdict.unknown and note.reason.strip():
                setattr(
                    kr.smart,
                    note.criterion,
                    Criterion(verdict=Verdict(note.verdict), reason=note.reason),
                )

    def findings(self, proposed: list[ModelFinding], target: str) -> list[Finding]:
        kept = []
        for found in proposed:
            if found.principle not in self.principles:
                logger.warning(
                    "dropped model finding on %s: principle %r does not exist",
                    target,
                    found.principle,
                )
                continue
            kept.append(
                Finding(
                    code="MODEL_REVIEW",
                    severity=Severity(found.severity),
                    target=target,
                    title=found.title,
                    message=found.message,
                    why=found.why,
                    fix=found.fix,
                    principle=found.principle,
                    source="model",
                )
            )
        if len(kept) > MAX_MODEL_FINDINGS:
            logger.info(
                "kept %d of %d model findings on %s",
                MAX_MODEL_FINDINGS,
                len(kept),
                target,
            )
        return kept[:MAX_MODEL_FINDINGS]

    def overturn(
        self, findings: list[Finding], overturns: list[Overturn], target: str
    ) -> None:
        if self.guarded:
            return
        for claim in overturns:
            reason = claim.reason.strip()
            hits = [f for f in findings if f.code == claim.code and f.source == "rules"]
            if not hits or not reason:
                logger.info(
                    "refused overturn of %s on %s: %s",
                    claim.code,
                    target,
                    "no reason" if hits else "no such rule finding",
                )
                continue
            for finding in hits:
                findings.remove(finding)
            self._announce(target, hits[0].code, hits[0].title, reason)

    def _kind(self, kr: KeyResultReview, assessment: KeyResultAssessment) -> None:
        reason = assessment.kind_reason.strip()
        if assessment.kind == kr.kind.value or not reason:
            return
        if assessment.kind == Kind.result:
            # Calling a flagged task a result overturns KR_IS_TASK: say so.
            kr.findings[:] = [f for f in kr.findings if f.code != "KR_IS_TASK"]
            self._announce(
                kr.id,
                "KR_IS_TASK",
                catalogue()["KR_IS_TASK"].text(self.lang, "title"),
                reason,
            )
        else:
            info = catalogue()["KR_IS_TASK"]
            kr.findings.append(
                Finding(
                    code="KR_IS_TASK",
                    severity=Severity.warning,
                    target=kr.id,
                    title=info.text(self.lang, "title"),
                    message=reason,
                    why=info.text(self.lang, "why"),
                    fix=info.text(self.lang, "fix"),
                    principle=info.principle,
                    source="model",
                )
            )
        kr.kind = Kind(assessment.kind)
        kr.kind_evidence = [reason]

    def _announce(self, target: str, code: str, title: str, reason: str) -> None:
        notice = _NOTICES[self.lang]["overturned"]
        self.notices.append(
            notice.format(target=target, code=code, title=title, reason=reason)
        )
        logger.info("model overturned %s on %s: %s", code, target, reason)
