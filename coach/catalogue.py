"""The check catalogue (knowledge/checks.yaml) and how a hit becomes a Finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from coach.paths import KNOWLEDGE
from coach.report import Finding, Severity
from coach.terms import term

_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class CheckInfo:
    code: str
    severity: Severity
    scope: str
    principle: str
    texts: dict[str, dict[str, str]]

    def text(self, lang: str, part: str) -> str:
        return self.texts.get(lang, self.texts["en"])[part]


@cache
def catalogue() -> dict[str, CheckInfo]:
    data = yaml.safe_load((KNOWLEDGE / "checks.yaml").read_text(encoding="utf-8"))
    return {
        code: CheckInfo(
            code=code,
            severity=Severity(entry["severity"]),
            scope=entry["scope"],
            principle=entry["principle"],
            texts={lang: entry[lang] for lang in ("en", "vi")},
        )
        for code, entry in data.items()
    }


def make_finding(
    code: str, subject: str, lang: str, evidence: list[str], **fields: Any
) -> Finding:
    info = catalogue()[code]
    values = {
        "evidence": ", ".join(term(lang, e) for e in evidence),
        **{k: term(lang, str(v)) for k, v in fields.items()},
    }

    def fill(template: str) -> str:
        # Only {known} fields are filled: fix texts may contain literal YAML braces.
        return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)

    return Finding(
        code=code,
        severity=info.severity,
        target=subject,
        title=info.text(lang, "title"),
        message=fill(info.text(lang, "message")),
        why=info.text(lang, "why"),
        fix=fill(info.text(lang, "fix")),
        evidence=evidence,
        principle=info.principle,
    )
