"""Ways to show a cascade: YAML to edit and re-run, text for people, Markdown for
documents, JSON for tools."""

from __future__ import annotations

from typing import Any

import yaml

from coach.cascade.models import CascadeResult, Proposal, to_document
from coach.report import Finding, Severity
from coach.terms import term

LABELS = {
    "en": {
        "heading": "Proposed OKRs for {unit} ({level})",
        "offline": "offline: catalogue templates, numbers left in [brackets]",
        "model": "drafted with a model",
        "degraded": "degraded: the model failed, showing the offline draft",
        "rounds": "{n} critique round(s)",
        "supports": "supports",
        "owner": "owner",
        "uncovered": "Parent key results no proposal supports",
        "not_a_lever": "not this unit's lever",
        "not_yet_covered": "not yet covered",
        "remaining": "Critique: {errors} error(s), {warnings} warning(s) left",
        "clean": "Critique: no findings left",
        "next": "Fill in every [bracket], then check the draft: okr-coach critique FILE",
        "none": "No proposals.",
    },
    "vi": {
        "heading": "Đề xuất OKR cho {unit} ({level})",
        "offline": "ngoại tuyến: theo mẫu, các con số để trong [ngoặc vuông]",
        "model": "soạn cùng mô hình ngôn ngữ",
        "degraded": "chế độ dự phòng: mô hình lỗi, đây là bản nháp ngoại tuyến",
        "rounds": "{n} vòng góp ý",
        "supports": "hỗ trợ",
        "owner": "người phụ trách",
        "uncovered": "Kết quả then chốt cấp trên chưa có đề xuất nào hỗ trợ",
        "not_a_lever": "không thuộc tầm tác động của đơn vị",
        "not_yet_covered": "chưa được hỗ trợ",
        "remaining": "Góp ý: còn {errors} lỗi, {warnings} cảnh báo",
        "clean": "Góp ý: không còn vấn đề nào",
        "next": "Điền mọi chỗ trong [ngoặc vuông], rồi kiểm tra lại: okr-coach critique FILE",
        "none": "Chưa có đề xuất.",
    },
}
_MARK = {Severity.error: "✖", Severity.warning: "▲", Severity.info: "•"}


def render(result: CascadeResult, fmt: str, source: str = "") -> str:
    if fmt == "json":
        return result.model_dump_json(indent=2)
    if fmt == "markdown":
        return render_markdown(result)
    if fmt == "text":
        return render_text(result)
    return render_yaml(result, source)


def render_yaml(result: CascadeResult, source: str = "") -> str:
    """An OKR document ``okr-coach critique`` reads; what only a person needs (the
    contribution, findings, coverage) goes into comments."""
    L = _labels(result)
    head = [f"# {_heading(result)}" + (f" ← {source}" if source else "")]
    head += [f"# {line}" for line in [_mode(result), *result.notices, L["next"]]]
    head += _comment_uncovered(result)
    document = to_document(result.proposals, result.cycle)
    if document is None:
        return "\n".join([*head, f"# {L['none']}"]) + "\n"
    out = [*head]
    if result.cycle:
        cycle = result.cycle.model_dump()
        out.append("cycle: " + _flow(cycle))
    out.append("objectives:")
    for proposal, objective in zip(result.proposals, document.objectives, strict=True):
        out.append(f"  # {L['supports']} {proposal.parent}: {proposal.contribution}")
        out += [f"  # {line}" for line in _critique_lines(proposal, L)]
        data: dict[str, Any] = objective.model_dump(mode="json", exclude_none=True)
        data["key_results"] = [kr.text for kr in objective.key_results]
        block = yaml.safe_dump([data], sort_keys=False, allow_unicode=True, width=1000)
        out += ["  " + line for line in block.splitlines()]
    return "\n".join(out) + "\n"


def render_text(result: CascadeResult) -> str:
    L = _labels(result)
    out = [_heading(result), _mode(result), *result.notices, ""]
    if not result.proposals:
        out += [L["none"], ""]
    for proposal in result.proposals:
        owner = (
            f" [{proposal.type or '-'}, {L['owner']}: {proposal.owner}]"
            if (proposal.owner)
            else f" [{proposal.type or '-'}]"
        )
        out.append(f"{proposal.id}: {proposal.title}{owner}")
        out.append(f"  {L['supports']} {proposal.parent}: {proposal.contribution}")
        for kr in proposal.key_results:
            out.append(f"  - {kr.id}: {kr.text}")
            out += [f"      {_finding(f)}" for f in _on(proposal, kr.id)]
        out += [f"  {_finding(f)}" for f in _on(proposal, proposal.id)]
        out += [f"  {line}" for line in _critique_lines(proposal, L)] + [""]
    out += [_finding(f) for f in result.findings]
    if result.uncovered:
        out.append(L["uncovered"] + ":")
        out += [f"  {u.id} ({L[u.reason.value]}): {u.detail}" for u in result.uncovered]
        out.append("")
    out.append(L["next"])
    return "\n".join(out)


def render_markdown(result: CascadeResult) -> str:
    L = _labels(result)
    out = [f"# {_heading(result)}", "", f"*{_mode(result)}*", ""]
    out += [f"> {n}" for n in result.notices] + ([""] if result.notices else [])
    for proposal in result.proposals:
        owner = f" — {proposal.owner}" if proposal.owner else ""
        out += [f"## {proposal.id}: {proposal.title}{owner}", ""]
        out += [f"{L['supports']} `{proposal.parent}`: {proposal.contribution}", ""]
        for kr in proposal.key_results:
            out.append(f"- **{kr.id}** {kr.text}")
            out += [f"  - {_finding(f)}" for f in _on(proposal, kr.id)]
        out += [f"- {_finding(f)}" for f in _on(proposal, proposal.id)]
        out += ["", *_critique_lines(proposal, L), ""]
    if result.uncovered:
        out += [f"## {L['uncovered']}", ""]
        out += [
            f"- `{u.id}` ({L[u.reason.value]}): {u.detail}" for u in result.uncovered
        ]
        out.append("")
    out.append(L["next"])
    return "\n".join(out)


def _labels(result: CascadeResult) -> dict[str, str]:
    return LABELS.get(result.lang, LABELS["en"])


def _heading(result: CascadeResult) -> str:
    level = term(result.lang, result.level.value)
    return _labels(result)["heading"].format(unit=result.unit, level=level)


def _mode(result: CascadeResult) -> str:
    L = _labels(result)
    mode = L["degraded"] if result.degraded else L[result.mode]
    return f"{mode} · {L['rounds'].format(n=result.rounds)}"


def _critique_lines(proposal: Proposal, L: dict[str, str]) -> list[str]:
    verdict = proposal.critique
    if not verdict.findings:
        return [L["clean"]]
    line = L["remaining"].format(errors=verdict.errors, warnings=verdict.warnings)
    codes = sorted({f"{f.code} ({f.target})" for f in verdict.findings})
    return [f"{line}: {', '.join(codes)}"]


def _comment_uncovered(result: CascadeResult) -> list[str]:
    if not result.uncovered:
        return []
    L = _labels(result)
    lines = [f"# {L['uncovered']}:"]
    lines += [f"#   {u.id} ({L[u.reason.value]}): {u.detail}" for u in result.uncovered]
    return lines


def _on(proposal: Proposal, target: str) -> list[Finding]:
    return [f for f in proposal.critique.findings if f.target == target]


def _finding(f: Finding) -> str:
    return f"{_MARK[f.severity]} {f.code} {f.message} {f.fix}"


def _flow(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, default_flow_style=True, sort_keys=False).strip()
