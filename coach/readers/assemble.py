"""Decide what each line of a Markdown or plain-text page is, and build the Draft.

Pages come in a few shapes, and one page keeps to one of them:

- labelled: "O1: …" / "KR1.1: …" (or "Mục tiêu 1:", "Kết quả then chốt 1:");
- headings: each objective a heading, its key results the list below it;
- nested list: objectives as top-level items, key results nested under them;
- plain blocks: a line, then its key results, then a blank line.

Labels always win. Whatever fits no role is reported with its line number.
"""

# Limitation: the shape is decided once per page; a page that mixes heading
# objectives in one part with nested-list objectives in another reads the second
# part's nested items as warnings.

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from coach.lexicon import has_vietnamese_marks
from coach.readers.amounts import read_cycle
from coach.readers.detect import InputFormat
from coach.readers.draft import Draft, DraftKeyResult, DraftObjective
from coach.readers.fields import KEY_RESULT_FIELDS
from coach.readers.notes import leading_marks, split_notes
from coach.readers.outline import Entry, scan
from coach.readers.reading import Reading, SourceLocation
from coach.readers.table import Row, TableReader
from coach.readers.vocabulary import Label, plain, vocabulary


def read_outline(
    text: str,
    source: str,
    fmt: InputFormat,
    columns: Mapping[str, str] | None = None,
) -> Reading:
    """Read a Markdown page (``fmt`` markdown) or a plain-text draft."""
    text = unicodedata.normalize("NFC", text)
    markdown = fmt is InputFormat.markdown
    decimal_comma = True if has_vietnamese_marks(text[:4000]) else None
    draft = Draft(source, fmt, decimal_comma=decimal_comma)
    Outline(draft, scan(text, markdown), markdown, columns).build()
    return draft.finish()


@dataclass
class _Plan:
    """The page's shape, decided before reading it line by line."""

    objective_heading: int | None  # heading level of objectives, if headings are
    labelled_objectives: bool
    blocks: bool  # plain blocks: no labels, no lists, no headings


class Outline:
    """Reads entries in order, keeping the open objective, key result and list."""

    def __init__(
        self,
        draft: Draft,
        entries: list[Entry],
        markdown: bool,
        columns: Mapping[str, str] | None,
    ):
        self.draft = draft
        self.entries = entries
        self.markdown = markdown
        self.columns = columns
        self.words = vocabulary()
        self.labels = [self._label(e) for e in entries]
        self.plan = self._plan()
        self.objective: DraftObjective | None = None
        self.kr: DraftKeyResult | None = None
        self.kr_labelled = False  # the last key result had a label
        self.item_depths: list[int] = []  # open list levels, by indentation
        self.kr_level: int | None = None  # list level of this objective's key results
        self.headings: list[tuple[int, dict[str, str]]] = []  # context by level
        self.other: tuple[int, str] | None = None  # inside "## Notes" and the like
        self.started = False  # an objective has been seen: no more titles
        self.after_blank = True

    # -- the plan ---------------------------------------------------------

    def _label(self, entry: Entry) -> Label | None:
        if entry.kind not in ("heading", "item", "text"):
            return None
        marks, text = leading_marks(entry.text)
        label = self.words.label(text)
        if label and marks:  # keep '✅' for the notes: '✅ KR1: …' is done
            return Label(label.kind, label.number, f"{marks} {label.rest}")
        return label

    def _plan(self) -> _Plan:
        labelled = [
            (e, lab) for e, lab in zip(self.entries, self.labels, strict=True) if lab
        ]
        objective_headings = [
            e.depth
            for e, lab in labelled
            if lab.kind == "objective" and e.kind == "heading"
        ]
        labelled_objectives = any(lab.kind == "objective" for _, lab in labelled)
        if objective_headings:
            level: int | None = min(objective_headings)
        elif labelled_objectives:
            level = None
        else:
            level = self._unlabelled_heading_level()
        kinds = {e.kind for e in self.entries}
        blocks = not labelled and "item" not in kinds and "heading" not in kinds
        return _Plan(level, labelled_objectives, blocks)

    def _unlabelled_heading_level(self) -> int | None:
        """The deepest heading level that holds key-result lists, unless its lists
        nest (then top-level items are the objectives)."""
        runs: dict[int, list[list[Entry]]] = {}
        current: list[Entry] | None = None
        for entry in self.entries:
            if entry.kind == "heading":
                current = None
                if self._can_be_objective(entry.text):
                    current = []
                    runs.setdefault(entry.depth, []).append(current)
            elif entry.kind == "item" and current is not None:
                current.append(entry)
        levels = [lvl for lvl, lists in runs.items() if any(lists)]
        if not levels:
            return None
        level = max(levels)
        return None if self._nested(runs[level]) else level

    def _nested(self, lists: list[list[Entry]]) -> bool:
        tops = with_children = 0
        for items in filter(None, lists):
            top = min(e.depth for e in items)
            for index, item in enumerate(items):
                if item.depth != top:
                    continue
                tops += 1
                child = items[index + 1] if index + 1 < len(items) else None
                if (
                    child
                    and child.depth > top
                    and not self.words.field_line(child.text)
                ):
                    with_children += 1
        return tops > 0 and with_children * 2 >= tops

    def _can_be_objective(self, text: str) -> bool:
        words = plain(text).split()
        is_title = "okr" in words or "okrs" in words or read_cycle(text) is not None
        return bool(text) and not is_title and self.words.section(text) is None

    # -- reading, entry by entry --------------------------------------------

    def build(self) -> None:
        for entry, label in zip(self.entries, self.labels, strict=True):
            handler = getattr(self, f"_{entry.kind}")
            handler(entry, label)
            self.after_blank = entry.kind == "blank"

    def _blank(self, entry: Entry, label: Label | None) -> None:
        return None

    def _skipped(self, entry: Entry, label: Label | None) -> None:
        self._warn(entry, f"{entry.text} (to line {entry.end_line}) not read")

    def _table(self, entry: Entry, label: Label | None) -> None:
        if self.other:
            self._warn(
                entry,
                f"table under '{self.other[1]}' (to line {entry.end_line}) not read",
            )
            return
        rows = [Row(SourceLocation(line=n), cells) for n, cells in entry.rows]
        under = self.objective
        if not TableReader(self.draft, self.columns, under).read(rows):
            self._warn(entry, "table has no objective or key result column; not read")
        elif under is None and self.draft.objectives:
            self.objective = self.draft.objectives[-1]
        self.kr = None

    def _heading(self, entry: Entry, label: Label | None) -> None:
        self.item_depths = []
        self.headings = [(lvl, ctx) for lvl, ctx in self.headings if lvl < entry.depth]
        if self.other and entry.depth <= self.other[0]:
            self.other = None
        section = self.words.section(entry.text)
        objective_level = self.plan.objective_heading
        if label and label.kind == "objective":
            self._start_objective(label.rest, entry)
        elif label and label.kind == "key_result":
            self._start_key_result(label.rest, entry, labelled=True)
        elif section == "other":
            self.other = (entry.depth, entry.text)
            if objective_level is None or entry.depth <= objective_level:
                self._close()
        elif section is not None:
            self.kr = None
        elif objective_level is not None and entry.depth == objective_level:
            self._start_objective(entry.text, entry)
        elif (
            objective_level is not None
            and entry.depth > objective_level
            and self.objective is not None
        ):
            # A sub-heading names its key result as surely as a 'KR1:' label.
            self._start_key_result(entry.text, entry, labelled=True)
        else:
            self._context_heading(entry)

    def _item(self, entry: Entry, label: Label | None) -> None:
        level = self._list_level(entry.depth)
        if self.other:
            self._warn(entry, f"under '{self.other[1]}', not read: '{entry.text}'")
        elif label:
            self._labelled(entry, label, level)
        elif found := self.words.field_line(entry.text):
            self._field(
                found, entry, nested=self.kr_level is not None and level > self.kr_level
            )
        elif self.words.section(entry.text) is not None:
            self.kr = None
        elif self.plan.objective_heading is None and not self.plan.labelled_objectives:
            self._nested_list_item(entry, level)
        else:
            self._key_result_item(entry, level)

    def _text(self, entry: Entry, label: Label | None) -> None:
        if self.other:
            self._warn(entry, f"under '{self.other[1]}', not read: '{entry.text}'")
        elif label:
            self.item_depths = []
            self._labelled(entry, label, None)
        elif found := self.words.field_line(entry.text):
            self._field(found, entry, nested=entry.depth > 0)
        elif self.words.section(entry.text) is not None:
            self.kr = None
        elif not self.started and self._title(entry):
            pass
        elif not self.markdown and self.plan.blocks:
            self._block_line(entry)
        elif not self.markdown and self._plain_key_result(entry):
            pass
        else:
            self._warn(
                entry,
                f"line not read as an objective or key result: '{_clip(entry.text)}'",
            )

    # -- roles ------------------------------------------------------------

    def _labelled(self, entry: Entry, label: Label, level: int | None) -> None:
        if label.kind == "objective":
            self._start_objective(label.rest, entry)
        else:
            self._start_key_result(label.rest, entry, labelled=True)
            self.kr_level = level

    def _nested_list_item(self, entry: Entry, level: int) -> None:
        if level == 0:
            self._start_objective(entry.text, entry)
        elif level == 1 and self.objective is not None:
            self._start_key_result(entry.text, entry, labelled=False)
        else:
            self._nested_note(entry)

    def _key_result_item(self, entry: Entry, level: int) -> None:
        if self.objective is None:
            self._warn(
                entry, f"list item outside any objective, not read: '{entry.text}'"
            )
        elif self.kr_level is None or level <= self.kr_level:
            self._start_key_result(entry.text, entry, labelled=False)
            self.kr_level = level
        else:
            self._nested_note(entry)

    def _plain_key_result(self, entry: Entry) -> bool:
        """A bare line under an objective in plain text is a key result, unless
        its neighbours are labelled 'KR…' and it is not."""
        if self.objective is None or (self.kr is not None and self.kr_labelled):
            return False
        self._start_key_result(entry.text, entry, labelled=False)
        return True

    def _block_line(self, entry: Entry) -> None:
        if self.after_blank or self.objective is None:
            self._start_objective(entry.text, entry)
        else:
            self._start_key_result(entry.text, entry, labelled=False)

    def _nested_note(self, entry: Entry) -> None:
        parent = (
            self.kr.text
            if self.kr
            else (self.objective.title if self.objective else "")
        )
        self._warn(
            entry,
            f"nested under '{_short(parent)}', not read as a key result: "
            f"'{entry.text}'",
        )

    def _field(self, found: tuple[str, str], entry: Entry, nested: bool) -> None:
        name, value = found
        location = self._where(entry)
        if name in KEY_RESULT_FIELDS or (nested and self.kr is not None):
            self.draft.set_field(name, value, location, self.objective, self.kr)
        else:
            self.draft.set_field(name, value, location, self.objective)

    # -- objectives, key results, context -------------------------------------

    def _start_objective(self, text: str, entry: Entry) -> None:
        cleaned = split_notes(text, heading=True)
        if not cleaned.text:
            self._warn(entry, f"objective without a title, not read: '{text}'")
            return
        context: dict[str, str] = {}
        for _, found in self.headings:
            context.update(found)
        objective = DraftObjective(
            cleaned.text, self._where(entry), notes=cleaned.notes, context=context
        )
        self.draft.objectives.append(objective)
        for name, value in cleaned.fields:
            self.draft.set_field(name, value, objective.location, objective)
        self.objective, self.kr, self.kr_level = objective, None, None
        self.started = True

    def _start_key_result(self, text: str, entry: Entry, labelled: bool) -> None:
        if self.objective is None:
            self._warn(entry, f"key result before any objective, not read: '{text}'")
            return
        cleaned = split_notes(text)
        if not cleaned.text:
            self._warn(entry, f"key result without text, not read: '{text}'")
            return
        kr = DraftKeyResult(cleaned.text, self._where(entry), notes=cleaned.notes)
        self.objective.key_results.append(kr)
        for name, value in cleaned.fields:
            self.draft.set_field(name, value, kr.location, self.objective, kr)
        self.kr, self.kr_labelled = kr, labelled

    def _close(self) -> None:
        self.objective, self.kr, self.kr_level = None, None, None

    def _context_heading(self, entry: Entry) -> None:
        self._close()
        found = self._context(entry.text, entry)
        if found is None:
            self._warn(entry, f"heading read as a section title only: '{entry.text}'")
            return
        self.headings.append((entry.depth, found))

    def _title(self, entry: Entry) -> bool:
        """A first line such as 'OKR Quý 1/2027 - Nhóm CSKH' sets the document's
        cycle, owner or unit."""
        found = self._context(entry.text, entry)
        if found is None:
            return False
        for name, value in found.items():
            self.draft.set_field(name, value, self._where(entry))
        return True

    def _context(self, text: str, entry: Entry) -> dict[str, str] | None:
        """Cycle, owner, unit and level named by a title; None if it names none."""
        cycle = read_cycle(text)
        if cycle:
            self.draft.set_field("cycle", text, self._where(entry))
        cleaned = split_notes(text, heading=True)
        found = dict(cleaned.fields)
        for part in _SEPARATORS.split(cleaned.text):
            self._name_in(_subject(part), found)
        return found if found or cycle else None

    def _name_in(self, subject: str, found: dict[str, str]) -> None:
        """Owner or unit (and the unit's level) from one part of a title."""
        if not subject or len(subject.split()) > _MAX_SUBJECT_WORDS:
            return  # nothing, or a sentence rather than a name
        if subject.endswith(("'s", "’s")):
            found.setdefault("owner", subject[:-2].strip())
        elif self.words.is_person_name(subject):
            found.setdefault("owner", subject)
        elif self.words.is_unit_name(subject):
            found.setdefault("unit", subject)
            words = plain(subject).split()
            level = next((lvl for w in words if (lvl := self.words.level(w))), None)
            if level:
                found.setdefault("level", level)

    # -- helpers ----------------------------------------------------------

    def _list_level(self, depth: int) -> int:
        """0 for a top-level item, 1 for one nested under it, and so on."""
        while self.item_depths and self.item_depths[-1] > depth:
            self.item_depths.pop()
        if not self.item_depths or self.item_depths[-1] < depth:
            self.item_depths.append(depth)
        return len(self.item_depths) - 1

    def _where(self, entry: Entry) -> SourceLocation:
        return SourceLocation(line=entry.line)

    def _warn(self, entry: Entry, message: str) -> None:
        self.draft.warn(self._where(entry), message)


def _subject(part: str) -> str:
    """Who or what a part of a title is about: 'Customer Success OKRs' ->
    'Customer Success'."""
    kept = [w for w in part.split() if not _is_title_word(w)]
    return " ".join(kept).strip(" -,.;/")


def _is_title_word(word: str) -> bool:
    folded = plain(word).strip("()[],.;/-")
    return (
        folded in _TITLE_WORDS
        or folded in ("i", "ii", "iii", "iv")
        or any(c.isdigit() for c in folded)
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_MAX_SUBJECT_WORDS = 6
_SEPARATORS = re.compile(r"\s[-–—|:]\s|[—–|:,]")
_TITLE_WORDS = frozenset(
    {"okr", "okrs", "of", "for", "cua", "quy", "nam", "quarter", "cycle", "chu", "ky"}
)


def _clip(text: str, limit: int = 80) -> str:
    """A quoted line, cut short: a warning names the line, it need not repeat it."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
