"""Markdown for pasting into a document or a wiki."""

from __future__ import annotations

from coach.render.labels import LABELS, place
from coach.report import Critique, Finding, Smart


def render_markdown(critique: Critique) -> str:
    L = LABELS[critique.lang]
    summary = L["summary"].format(score=critique.score, **critique.counts.model_dump())
    mode = L["mode_model"] if critique.mode == "model" else L["mode_offline"]
    out = [f"# OKR critique: {critique.score}/100", "", f"{summary} · {mode}", ""]
    if critique.degraded:
        out += [f"> {L['degraded']}", ""]
    out += [f"> {n}" for n in critique.notices] + ([""] if critique.notices else [])
    out += [
        f"## {L['facts']}",
        "",
        f"| | {L['score']} | {L['lowered']} |",
        "|---|---|---|",
    ]
    for name in ("focus", "alignment", "commitment", "tracking", "stretching"):
        sub = getattr(critique.facts, name)
        reasons = "; ".join(sub.lowered_by) or "–"
        out.append(f"| {L.get(name, name)} | {sub.score} | {reasons} |")
    out.append("")
    for objective in critique.objectives:
        owner = f" — {objective.owner}" if objective.owner else ""
        where = _where(critique, objective.id, L)
        out += [f"## {objective.id}: {objective.title}{owner}{where}", ""]
        out += _findings(objective.findings, L)
        out += _smart(objective.smart, L) + [""]
        for kr in objective.key_results:
            where = _where(critique, kr.id, L)
            out.append(f"### {kr.id} ({L[kr.kind.value]}): {kr.text}{where}")
            out.append("")
            suggestion = kr.suggestion
            out += _findings(kr.findings, L, suggestion.text if suggestion else None)
            out += _smart(kr.smart, L) + [""]
    if critique.findings:
        out += [f"## {L['document']}", ""] + _findings(critique.findings, L)
    return "\n".join(out)


def _where(critique: Critique, ident: str, L: dict[str, str]) -> str:
    where = place(critique.source.get(ident), L)
    return f" *({where})*" if where else ""


def _findings(
    found: list[Finding], L: dict[str, str], suggestion: str | None = None
) -> list[str]:
    """A list of findings, ended by a blank line: a table right after a list item
    would otherwise render as part of that item."""
    lines = [_finding(f, L) for f in found]
    if suggestion:
        lines.append(f"- **{L['suggestion']}:** {suggestion}")
    return [*lines, ""] if lines else []


def _finding(f: Finding, L: dict[str, str]) -> str:
    return (
        f"- **{L.get(f.severity.value, f.severity.value)} {f.code}:** {f.message} "
        f"*{L['why']}:* {f.why} *{L['fix']}:* {f.fix} ({L['principle']} `{f.principle}`)"
    )


def _smart(smart: Smart, L: dict[str, str]) -> list[str]:
    rows = [f"| {L['criterion']} | {L['verdict']} | {L['reason']} |", "|---|---|---|"]
    for name, criterion in smart:
        rows.append(
            f"| {L.get(name, name)} | {L.get(criterion.verdict.value, criterion.verdict.value)}"
            f" | {criterion.reason} |"
        )
    return rows
