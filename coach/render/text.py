"""Plain text for a terminal: grouped by objective, colour only when asked."""

from __future__ import annotations

from coach.render.labels import LABELS, place
from coach.report import Critique, Finding, KeyResultReview, Severity

_COLORS = {
    "error": "31",
    "warning": "33",
    "info": "36",
    "ok": "32",
    "dim": "2",
    "bold": "1",
}
_MARK = {Severity.error: "✖", Severity.warning: "▲", Severity.info: "•"}


def render_text(critique: Critique, color: bool = False) -> str:
    L = LABELS[critique.lang]

    def paint(text: str, style: str) -> str:
        return f"\033[{_COLORS[style]}m{text}\033[0m" if color else text

    lines: list[str] = []
    for objective in critique.objectives:
        owner = f" ({L['owner']}: {objective.owner})" if objective.owner else ""
        lines.append(
            paint(f"{L['objective']} {objective.id}: {objective.title}{owner}", "bold")
            + _where(critique, objective.id, paint, L)
        )
        for finding in objective.findings:
            lines += _finding(finding, "  ", paint, L)
        for kr in objective.key_results:
            lines += _key_result(kr, paint, L, _where(critique, kr.id, paint, L))
        lines.append("")
    if critique.findings:
        lines.append(paint(L["document"], "bold"))
        for finding in critique.findings:
            lines += _finding(finding, "  ", paint, L)
        lines.append("")
    for notice in critique.notices:
        lines.append(paint(f"! {notice}", "warning"))
    lines.append(_facts_line(critique, L))
    mode = L["mode_model"] if critique.mode == "model" else L["mode_offline"]
    if critique.degraded:
        mode += " · " + L["degraded"]
    summary = L["summary"].format(score=critique.score, **critique.counts.model_dump())
    style = "error" if critique.counts.error else "ok"
    lines.append(paint(f"{L['score']}: {summary} · {mode}", style))
    return "\n".join(lines)


def _where(critique: Critique, ident: str, paint, L: dict[str, str]) -> str:
    where = place(critique.source.get(ident), L)
    return paint(f"  · {where}", "dim") if where else ""


def _key_result(kr: KeyResultReview, paint, L: dict[str, str], where: str) -> list[str]:
    kind = paint(L[kr.kind.value], "error" if kr.kind.value == "task" else "ok")
    lines = [f"  - [{kind}] {kr.id}: {kr.text}{where}"]
    for finding in kr.findings:
        lines += _finding(finding, "      ", paint, L)
    if kr.suggestion:
        lines.append(paint(f"      → {L['suggestion']}: {kr.suggestion.text}", "ok"))
    return lines


def _finding(f: Finding, indent: str, paint, L: dict[str, str]) -> list[str]:
    head = paint(f"{_MARK[f.severity]} {f.code}", f.severity.value)
    return [
        f"{indent}{head} {f.message}",
        paint(
            f"{indent}  {L['why']}: {f.why} {L['fix']}: {f.fix} [{f.principle}]", "dim"
        ),
    ]


def _facts_line(critique: Critique, L: dict[str, str]) -> str:
    parts = [
        f"{L.get(name, name)} {getattr(critique.facts, name).score}"
        for name in ("focus", "alignment", "commitment", "tracking", "stretching")
    ]
    return f"{L['facts']}: " + " · ".join(parts)
