"""Spreadsheets of OKRs: one row per key result, columns named in either language.

The same rows come from CSV files, XLSX sheets and Markdown tables. Headers are
matched by meaning ('Người phụ trách' is the owner); ``--columns`` maps the rest.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coach.errors import InputError, Problem
from coach.lexicon import has_vietnamese_marks
from coach.readers.detect import InputFormat
from coach.readers.draft import Draft, DraftKeyResult, DraftObjective
from coach.readers.fields import (
    ALL_FIELDS,
    KEY_RESULT_FIELDS,
    NOTE_FIELDS,
    OBJECTIVE_FIELDS,
)
from coach.readers.notes import split_notes
from coach.readers.reading import Reading, SourceLocation
from coach.readers.vocabulary import key, plain, vocabulary

HEADER_SEARCH_ROWS = 10
_HEADER_UNIT = re.compile(r"\(([^()]{1,12})\)")


@dataclass
class Row:
    location: SourceLocation
    cells: list[Any]


def read_csv(
    text: str, source: str, columns: Mapping[str, str] | None = None
) -> Reading:
    """Read a CSV (comma, semicolon or tab separated) with one key result per row."""
    delimiter = _delimiter(text, source)
    # A semicolon is what Excel writes where the comma is the decimal mark.
    decimal_comma = (
        True if delimiter == ";" or has_vietnamese_marks(text[:4000]) else None
    )
    draft = Draft(source, InputFormat.csv, decimal_comma=decimal_comma)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append(Row(SourceLocation(line=line), cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        # Python's csv refuses fields over 128 KiB: no key result is that long.
        problem = Problem("", f"not readable as CSV: {exc}", line)
        raise InputError(source, [problem], "unreadable") from None
    if not TableReader(draft, columns).read(rows):
        raise InputError(source, [_no_header(rows)])
    return draft.finish()


def parse_columns(pairs: Iterable[str]) -> dict[str, str]:
    """'Chủ KR=owner' pairs as {header: field}; an unknown field is an input error."""
    mapping = {}
    for pair in pairs:
        for part in _split_pairs(pair):
            header, sep, name = part.rpartition("=")
            name = name.strip().lower().replace(" ", "_").replace("-", "_")
            if not sep or not header.strip() or name not in ALL_FIELDS:
                valid = ", ".join(sorted(ALL_FIELDS))
                message = (
                    f"expected HEADER=FIELD with FIELD one of {valid}; got '{part}'"
                )
                raise InputError("--columns", [Problem("", message)])
            mapping[header.strip()] = name
    return mapping


class TableReader:
    """Rows to objectives and key results, placed in a Draft."""

    def __init__(
        self,
        draft: Draft,
        columns: Mapping[str, str] | None = None,
        under: DraftObjective | None = None,
    ):
        self.draft = draft
        self.user_columns = {key(h): f for h, f in (columns or {}).items()}
        self.under = (
            under  # a table inside an objective's section lists its key results
        )
        self.fields: dict[int, str] = {}
        self.units: dict[int, str] = {}
        self.objective: DraftObjective | None = under
        self.objective_text: str | None = None
        self.by_key: dict[str, DraftObjective] = {}

    def read(self, rows: list[Row]) -> bool:
        """Read every row; False when no header row names an objective or key result."""
        header_index = self._find_header(rows)
        if header_index is None:
            return False
        for row in rows[:header_index]:
            self._above_header(row)
        self._map_columns(rows[header_index])
        for row in rows[header_index + 1 :]:
            self._row(row)
        return True

    def _find_header(self, rows: list[Row]) -> int | None:
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            names = {self._column(cell) for cell in row.cells}
            if "objective" in names or "key_result" in names:
                return index
        return None

    def _column(self, header: Any) -> str | None:
        if not isinstance(header, str) or not header.strip():
            return None
        return self.user_columns.get(key(header)) or vocabulary().column(header)

    def _above_header(self, row: Row) -> None:
        text = " ".join(str(c).strip() for c in row.cells if c not in (None, ""))
        if not text:
            return
        if not self._title(text, row.location):
            self.draft.warn(row.location, f"row above the header not read: '{text}'")

    def _title(self, text: str, location: SourceLocation) -> bool:
        from coach.readers.amounts import read_cycle

        if read_cycle(text) is None:
            return False
        self.draft.set_field("cycle", text, location)
        return True

    def _map_columns(self, header: Row) -> None:
        for index, cell in enumerate(header.cells):
            name = self._column(cell)
            label = str(cell or "").strip()
            if name == "ignore" or (name is None and not label):
                continue
            if name is None:
                self.draft.warn(
                    header.location,
                    f"column '{label}' not read; map it with --columns "
                    f"'{label}=FIELD' (FIELD: objective, key_result, owner, target…)",
                )
            elif name in self.fields.values():
                self.draft.warn(
                    header.location,
                    f"column '{label}' is a second {name.replace('_', ' ')} column; "
                    "not read",
                )
            else:
                self.fields[index] = name
                unit = _HEADER_UNIT.search(label)
                if name in ("baseline", "target") and unit:
                    self.units[index] = unit[1].strip()

    def _row(self, row: Row) -> None:
        values = {
            name: row.cells[i]
            for i, name in self.fields.items()
            if i < len(row.cells) and _filled(row.cells[i])
        }
        if not values:
            if any(_filled(c) for c in row.cells):
                self.draft.warn(row.location, "nothing in the columns that are read")
            return
        objective = self._objective(values, row.location)
        if objective is None:
            return
        kr = self._key_result(values, objective, row.location)
        for name, raw in values.items():
            self._field(name, raw, row.location, objective, kr)

    def _objective(
        self, values: dict[str, Any], location: SourceLocation
    ) -> DraftObjective | None:
        title = _text(values.get("objective"))
        ident = _text(values.get("objective_id"))
        group = ident or (plain(title) if title else "")
        if not group:
            if self.objective is None:
                text = _text(values.get("key_result")) or "this row"
                self.draft.warn(
                    location,
                    f"'{text}' has no objective (its objective cell is empty and no "
                    "row above names one); not read",
                )
            return self.objective
        if group in self.by_key:
            self.objective = self.by_key[group]
            return self.objective
        if not title:
            self.draft.warn(location, f"objective id '{ident}' has no title; not read")
            return None
        cleaned = split_notes(title, heading=True)
        objective = DraftObjective(cleaned.text, location, notes=cleaned.notes)
        self.draft.objectives.append(objective)
        for name, value in cleaned.fields:
            self.draft.set_field(name, value, location, objective)
        self.by_key[group] = self.objective = objective
        return objective

    def _key_result(
        self,
        values: dict[str, Any],
        objective: DraftObjective,
        location: SourceLocation,
    ) -> DraftKeyResult | None:
        text = _text(values.get("key_result"))
        if not text:
            return None
        cleaned = split_notes(text)
        kr = DraftKeyResult(cleaned.text, location, notes=cleaned.notes)
        objective.key_results.append(kr)
        for name, value in cleaned.fields:
            self.draft.set_field(name, value, location, objective, kr)
        for index, unit in self.units.items():
            if self.fields[index] in values and "unit" not in kr.fields:
                kr.fields["unit"] = unit
        return kr

    def _field(
        self,
        name: str,
        raw: Any,
        location: SourceLocation,
        objective: DraftObjective,
        kr: DraftKeyResult | None,
    ) -> None:
        if name in ("objective", "key_result"):
            return
        if name == "objective_id" and objective.fields.get("id") == _text(raw):
            return
        if name == "owner" and kr is not None and objective.fields.get("owner"):
            if objective.fields["owner"] != _text(raw):
                self.draft.set_field(name, raw, location, objective, kr)
            return
        if name in OBJECTIVE_FIELDS or name == "cycle":
            self.draft.set_field(name, raw, location, objective)
        elif name in KEY_RESULT_FIELDS or name in NOTE_FIELDS:
            self.draft.set_field(name, raw, location, objective, kr)


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _delimiter(text: str, source: str) -> str:
    if source.lower().endswith(".tsv"):
        return "\t"
    sample = "\n".join(text.split("\n", 5)[:5])
    counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _split_pairs(pair: str) -> list[str]:
    # 'A=objective,B=owner' holds two pairs; 'Budget, USD=target' holds one.
    parts = [p for p in pair.split(",") if p.strip()]
    return parts if all("=" in p for p in parts) else [pair]


def _no_header(rows: list[Row]) -> Problem:
    first = next((r for r in rows if any(_filled(c) for c in r.cells)), None)
    seen = (
        ", ".join(f"'{c}'" for c in first.cells if _filled(c)) if first else "nothing"
    )
    return Problem(
        "",
        f"no header row with an objective or key result column in the first "
        f"{HEADER_SEARCH_ROWS} rows (first row: {seen}); name them 'Objective' and "
        "'Key result' (or 'Mục tiêu', 'Kết quả then chốt'), or map yours with "
        "--columns 'Your header=objective'",
        first.location.line if first else None,
    )
