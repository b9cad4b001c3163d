"""Evaluation of task detection: precision, recall and F1 with 'task' as positive."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from coach.classify import classify
from coach.errors import InputError, Problem


class LabelledItem(BaseModel):
    id: str
    text: str
    label: Literal["task", "result"]
    lang: str = "en"
    note: str | None = None


class Miss(BaseModel):
    id: str
    lang: str
    text: str
    label: str
    predicted: str
    confidence: float


class Scores(BaseModel):
    n: int
    precision: float
    recall: float
    f1: float


class EvalReport(BaseModel):
    source: str
    overall: Scores
    by_lang: dict[str, Scores]
    misjudged: list[Miss]

    def summary(self) -> str:
        lines = [f"{self.source}: {_line(self.overall)}"]
        lines += [f"  {lang}: {_line(s)}" for lang, s in sorted(self.by_lang.items())]
        lines.append(f"misjudged: {len(self.misjudged)}")
        return "\n".join(lines)


def _line(s: Scores) -> str:
    return f"n={s.n} precision={s.precision:.3f} recall={s.recall:.3f} F1={s.f1:.3f}"


def read_items(path: str) -> list[LabelledItem]:
    items, problems = [], []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            path, [Problem("", exc.strerror or str(exc))], "unreadable"
        ) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(LabelledItem.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            problems.append(Problem(f"line {number}", str(exc).splitlines()[0], number))
    if problems:
        raise InputError(path, problems)
    return items


def evaluate(items: list[LabelledItem], source: str = "<items>") -> EvalReport:
    by_lang: dict[str, list[tuple[str, str]]] = defaultdict(list)
    misjudged = []
    for item in items:
        verdict = classify(item.text)
        by_lang[item.lang].append((item.label, verdict.kind.value))
        if verdict.kind.value != item.label:
            misjudged.append(
                Miss(
                    id=item.id,
                    lang=item.lang,
                    text=item.text,
                    label=item.label,
                    predicted=verdict.kind.value,
                    confidence=verdict.confidence,
                )
            )
    pairs = [p for group in by_lang.values() for p in group]
    return EvalReport(
        source=source,
        overall=_scores(pairs),
        by_lang={lang: _scores(group) for lang, group in by_lang.items()},
        misjudged=misjudged,
    )


def evaluate_file(path: str) -> EvalReport:
    return evaluate(read_items(path), path)


def _scores(pairs: list[tuple[str, str]]) -> Scores:
    tp = sum(1 for gold, got in pairs if gold == got == "task")
    fp = sum(1 for gold, got in pairs if gold == "result" and got == "task")
    fn = sum(1 for gold, got in pairs if gold == "task" and got == "result")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(n=len(pairs), precision=precision, recall=recall, f1=f1)
