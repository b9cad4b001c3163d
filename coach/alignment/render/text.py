"""Plain text for a terminal."""

from __future__ import annotations

import textwrap

from coach.alignment.labels import word
from coach.alignment.models import AlignmentReport
from coach.alignment.render.common import depths, summary


def render_text(report: AlignmentReport) -> str:
    L = report.lang
    out = [f"{word(L, 'title')}: {report.score}/100", summary(report), ""]
    if report.degraded:
        out.append(f"! {word(L, 'degraded')}")
    out += [f"! {notice}" for notice in report.notices]
    out += [word(L, "penalties")]
    out += [
        f"  -{p.points:<3} {p.type.value:<18} {p.reason}" for p in report.penalties
    ] or [f"  {word(L, 'no_penalties')}"]
    out += ["", word(L, "findings")]
    if not report.findings:
        out.append(f"  {word(L, 'no_findings')}")
    for finding in report.findings:
        out.append(
            f"  {word(L, finding.severity.value).upper():<9}{finding.type.value}: "
            + ", ".join(finding.subjects)
        )
        out += _wrapped(finding.message, "    ")
        out += _wrapped(f"{word(L, 'fix')}: {finding.fix}", "    ")
    out += ["", word(L, "units")]
    depth = depths(report.units)
    for unit in report.units:
        indent = "  " * (depth[unit.id] + 1)
        kind = word(L, unit.kind.value)
        loose = f" ({word(L, 'unlinked')})" if not unit.linked else ""
        out.append(
            f"{indent}{unit.name} [{kind}] {unit.score}/100 · "
            f"{unit.objectives} {word(L, 'objectives')} · {unit.findings} "
            f"{word(L, 'findings').lower()}{loose}"
        )
    return "\n".join(out)


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text, width=100, initial_indent=indent, subsequent_indent=indent + "  "
    )
