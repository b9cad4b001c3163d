"""Markdown for a planning document or a wiki page."""

from __future__ import annotations

from coach.alignment.labels import word
from coach.alignment.models import AlignmentReport
from coach.alignment.render.common import depths, summary


def render_markdown(report: AlignmentReport) -> str:
    L = report.lang
    out = [f"# {word(L, 'title')}: {report.score}/100", "", summary(report), ""]
    if report.degraded:
        out += [f"> {word(L, 'degraded')}", ""]
    out += [f"> {n}" for n in report.notices] + ([""] if report.notices else [])
    out += [f"## {word(L, 'penalties')}", ""]
    if report.penalties:
        out += [f"| {word(L, 'type')} | {word(L, 'points')} | |", "|---|---|---|"]
        out += [
            f"| {p.type.value} | -{p.points} | {_cell(p.reason)} |"
            for p in report.penalties
        ]
    else:
        out.append(word(L, "no_penalties"))
    out += ["", f"## {word(L, 'findings')}", ""]
    if report.findings:
        out += [
            f"| {word(L, 'severity')} | {word(L, 'type')} | {word(L, 'subjects')} "
            f"| {word(L, 'message')} | {word(L, 'fix')} |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {f.severity.value} | {f.type.value} | "
            f"{', '.join(f'`{s}`' for s in f.subjects)} | {_cell(f.message)} "
            f"| {_cell(f.fix)} |"
            for f in report.findings
        ]
    else:
        out.append(word(L, "no_findings"))
    out += ["", f"## {word(L, 'units')}", ""]
    out += [
        f"| {word(L, 'unit')} | {word(L, 'kind')} | {word(L, 'score')} "
        f"| {word(L, 'objectives')} | {word(L, 'key_results')} "
        f"| {word(L, 'findings')} |",
        "|---|---|---|---|---|---|",
    ]
    depth = depths(report.units)
    for u in report.units:
        name = "&nbsp;&nbsp;" * depth[u.id] + _cell(u.name)
        out.append(
            f"| {name} | {word(L, u.kind.value)} | {u.score} | {u.objectives} "
            f"| {u.key_results} | {u.findings} |"
        )
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
