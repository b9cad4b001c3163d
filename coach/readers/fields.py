"""Turn a field as written ('Target: 1.000.000 đ', a 'Due' cell) into a model value.

Every reader funnels owners, targets, deadlines and notes through here, so the
same words and number formats work in Markdown, plain text, CSV and XLSX.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from coach.readers.amounts import read_amount, read_cycle, read_date, read_fraction
from coach.readers.reading import Note, NoteKind
from coach.readers.vocabulary import vocabulary

OBJECTIVE_FIELDS = frozenset(
    {"owner", "unit", "level", "parent", "type", "objective_id"}
)
KEY_RESULT_FIELDS = frozenset(
    {"baseline", "target", "metric_unit", "due", "confidence", "direction"}
    | {"key_result_id", "score"}
)
NOTE_FIELDS = frozenset({"status", "progress", "comment"})
ALL_FIELDS = (
    OBJECTIVE_FIELDS
    | KEY_RESULT_FIELDS
    | NOTE_FIELDS
    | {"cycle", "objective", "key_result", "ignore"}
)


@dataclass
class Value:
    """A field read: the model key and value, or why it could not be read."""

    key: str | None = None
    value: Any = None
    unit: str | None = None  # a metric unit that came with a number ('55%')
    note: Note | None = None
    problem: str | None = None  # the value was not used
    doubt: str | None = None  # the value was used, but could be read another way


def convert(
    name: str, raw: Any, decimal_comma: bool | None = None, month_first: bool = False
) -> Value:
    """Read ``raw`` as the field ``name`` (a key of ALL_FIELDS)."""
    if isinstance(raw, str):
        raw = raw.strip()
    text = _text(raw)
    if name in ("owner", "unit", "parent", "metric_unit"):
        key = {"metric_unit": "unit"}.get(name, name)
        return Value(key, text.lstrip("@") if name == "owner" else text)
    if name in ("objective_id", "key_result_id"):
        return Value("id", text)
    if name in ("level", "type", "direction"):
        return _choice(name, text)
    if name in ("baseline", "target"):
        return _amount(name, raw, decimal_comma)
    if name == "due":
        return _due(raw, month_first)
    if name in ("confidence", "score"):
        return _fraction(name, raw, decimal_comma)
    if name == "cycle":
        return _cycle(text)
    return _note(name, text, decimal_comma)


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def _choice(name: str, text: str) -> Value:
    words = vocabulary()
    lookup = {
        "level": words.level,
        "type": words.okr_type,
        "direction": words.direction,
    }
    value = lookup[name](text)
    if value is None:
        valid = {
            "level": "company, department, team or individual",
            "type": "committed or aspirational",
            "direction": "increase, decrease or maintain",
        }[name]
        return Value(problem=f"{name} '{text}' is not one of {valid}; left empty")
    return Value(name, value)


def _amount(name: str, raw: Any, decimal_comma: bool | None) -> Value:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Value(name, float(raw))
    amount = read_amount(str(raw), decimal_comma)
    if amount is None:
        return Value(problem=f"{name} '{raw}' is not a number; left empty")
    return Value(name, amount.value, unit=amount.unit, doubt=amount.ambiguous)


def _due(raw: Any, month_first: bool) -> Value:
    if isinstance(raw, dt.datetime):
        return Value("due", raw.date())
    if isinstance(raw, dt.date):
        return Value("due", raw)
    reading = read_date(str(raw), month_first)
    if reading is None:
        return Value(
            problem=f"due '{raw}' is not a date (write YYYY-MM-DD); left empty"
        )
    return Value("due", reading.value, doubt=reading.ambiguous)


def _fraction(name: str, raw: Any, decimal_comma: bool | None) -> Value:
    value = read_fraction(_text(raw), decimal_comma)
    if value is None or not 0.0 <= value <= 1.0:
        return Value(problem=f"{name} '{raw}' is not 0-1, 0-10 or a percentage")
    return Value(name, round(value, 4))


def _cycle(text: str) -> Value:
    cycle = read_cycle(text)
    if cycle is None:
        return Value(problem=f"cycle '{text}' is not a quarter or half such as 2027-Q1")
    name, start, end = cycle
    return Value("cycle", {"name": name, "start": start, "end": end})


def _note(name: str, text: str, decimal_comma: bool | None) -> Value:
    value = read_fraction(text, decimal_comma) if name == "progress" else None
    kinds: dict[str, NoteKind] = {"status": "status", "progress": "progress"}
    kind = kinds.get(name, "comment")
    return Value(note=Note(kind=kind, text=text, value=value))
