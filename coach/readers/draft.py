"""The objectives a reader has found so far, and the step that validates them.

Readers of every format fill a Draft: objectives and key results with the place
each was written, their fields as written, notes and warnings. ``finish`` builds
the same OkrDocument the YAML loader does and keeps the places by id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from coach.errors import InputError, Problem
from coach.loader import validate_document
from coach.readers.detect import InputFormat
from coach.readers.fields import KEY_RESULT_FIELDS, Value, convert
from coach.readers.reading import Note, Reading, ReadWarning, SourceLocation

_PATH = re.compile(r"^objectives\[(\d+)\](?:\.key_results\[(\d+)\])?")
_INHERITED = ("owner", "unit", "level", "type")


@dataclass
class DraftKeyResult:
    text: str
    location: SourceLocation
    fields: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


@dataclass
class DraftObjective:
    title: str
    location: SourceLocation
    fields: dict[str, Any] = field(default_factory=dict)
    key_results: list[DraftKeyResult] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # Owner, unit or level from the heading above it; its own fields win.
    context: dict[str, Any] = field(default_factory=dict)
    due: Any = None  # a deadline written for all its key results


@dataclass
class Draft:
    source: str
    format: InputFormat
    decimal_comma: bool | None = None
    month_first: bool = False
    objectives: list[DraftObjective] = field(default_factory=list)
    cycle: dict[str, Any] | None = None
    context: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)

    def warn(self, location: SourceLocation, message: str) -> None:
        # Limitation: reader warnings are in English even for Vietnamese input.
        self.warnings.append(ReadWarning(location=location, message=message))

    def set_field(
        self,
        name: str,
        raw: Any,
        location: SourceLocation,
        objective: DraftObjective | None = None,
        key_result: DraftKeyResult | None = None,
    ) -> None:
        """Put a field where it belongs: on the key result, its objective or the
        whole document; warn when it has no place or its value is unreadable."""
        value = convert(name, raw, self.decimal_comma, self.month_first)
        label = name.replace("_", " ")
        if value.problem:
            self.warn(location, value.problem)
            return
        if value.doubt:
            self.warn(location, f"{label}: {value.doubt}")
        if value.note is not None:
            self._add_note(value.note, objective, key_result)
        elif value.key == "cycle":
            self._set_cycle(value, location)
        elif name in KEY_RESULT_FIELDS:
            self._set_key_result_field(name, value, location, objective, key_result)
        elif key_result is not None and name == "owner":
            # The model has no owner per key result: keep it beside, not lose it.
            key_result.notes.append(Note(kind="owner", text=str(value.value)))
        elif objective is not None:
            self._set_once(
                objective.fields, value, location, f"objective '{objective.title}'"
            )
        else:
            self.context.setdefault(str(value.key), value.value)

    def finish(self) -> Reading:
        """Validate what was found; InputError names the line of each problem."""
        if not self.objectives:
            raise InputError(self.source, self._nothing_found())
        data: dict[str, Any] = {
            "objectives": [self._objective_data(o) for o in self.objectives]
        }
        if self.cycle:
            data["cycle"] = self.cycle
        try:
            document = validate_document(data, self.source)
        except InputError as exc:
            problems = [self._locate(p) for p in exc.problems]
            raise InputError(self.source, problems, exc.kind) from None
        source: dict[str, SourceLocation] = {}
        notes: dict[str, list[Note]] = {}
        if self.notes:
            notes["document"] = self.notes
        for objective, drafted in zip(
            document.objectives, self.objectives, strict=True
        ):
            source[str(objective.id)] = drafted.location
            if drafted.notes:
                notes[str(objective.id)] = drafted.notes
            for kr, drafted_kr in zip(
                objective.key_results, drafted.key_results, strict=True
            ):
                source[str(kr.id)] = drafted_kr.location
                if drafted_kr.notes:
                    notes[str(kr.id)] = drafted_kr.notes
        return Reading(
            format=self.format,
            document=document,
            source=source,
            notes=notes,
            warnings=self.warnings,
        )

    def _add_note(
        self, note: Note, objective: DraftObjective | None, kr: DraftKeyResult | None
    ) -> None:
        holder = kr or objective
        (holder.notes if holder is not None else self.notes).append(note)

    def _set_cycle(self, value: Value, location: SourceLocation) -> None:
        if self.cycle and self.cycle["name"] != value.value["name"]:
            self.warn(
                location,
                f"cycle {value.value['name']} differs from {self.cycle['name']} "
                "read before; kept the first",
            )
            return
        self.cycle = value.value

    def _set_key_result_field(
        self,
        name: str,
        value: Value,
        location: SourceLocation,
        objective: DraftObjective | None,
        kr: DraftKeyResult | None,
    ) -> None:
        if kr is not None:
            self._set_once(kr.fields, value, location, f"key result '{kr.text}'")
            if value.unit and "unit" not in kr.fields:
                kr.fields["unit"] = value.unit
        elif name == "due" and objective is not None:
            objective.due = value.value
        elif name == "due":
            self.context.setdefault("due", value.value)
        else:
            where = f"objective '{objective.title}'" if objective else "the document"
            self.warn(
                location,
                f"{name.replace('_', ' ')} belongs to a key result, but this is "
                f"written for {where}; not read",
            )

    def _set_once(
        self, fields: dict[str, Any], value: Value, location: SourceLocation, what: str
    ) -> None:
        key = str(value.key)
        if key in fields and fields[key] != value.value:
            self.warn(
                location,
                f"{key} '{value.value}' differs from '{fields[key]}' given before for "
                f"{what}; kept the first",
            )
            return
        fields[key] = value.value

    def _objective_data(self, objective: DraftObjective) -> dict[str, Any]:
        inherited = {k: v for k, v in self.context.items() if k in _INHERITED}
        data = {**inherited, **objective.context, **objective.fields}
        due = objective.due or self.context.get("due")
        data["title"] = objective.title
        data["key_results"] = [
            {**({"due": due} if due else {}), **kr.fields, "text": kr.text}
            for kr in objective.key_results
        ]
        return data

    def _locate(self, problem: Problem) -> Problem:
        match = _PATH.match(problem.path)
        if not match:
            return problem
        objective = self.objectives[int(match[1])]
        location = objective.location
        if match[2] is not None:
            location = objective.key_results[int(match[2])].location
        if location.sheet is not None:
            return Problem(problem.path, f"{location}: {problem.message}")
        return Problem(problem.path, problem.message, location.line)

    def _nothing_found(self) -> list[Problem]:
        hint = (
            "no objectives found; no row names one in an objective column "
            "(Objective / Mục tiêu) under the header"
            if self.format in (InputFormat.csv, InputFormat.xlsx)
            else "no objectives found; write them as headings, list items or lines "
            "such as 'O1: …', 'Objective: …' or 'Mục tiêu 1: …'"
        )
        unplaced = [Problem("", w.message, w.location.line) for w in self.warnings[:10]]
        return [Problem("", hint), *unplaced]
