"""The words readers recognise (knowledge/formats.yaml), matched without accents.

Prefixes such as "Mục tiêu 1:" are matched on a folded copy of the line's start
that keeps every letter in place, so positions in the original text stay exact.
Whole values such as a column header or a status are compared as folded keys.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from coach.lexicon import fold, has_vietnamese_marks
from coach.paths import KNOWLEDGE

FORMATS = KNOWLEDGE / "formats.yaml"
LabelKind = Literal["objective", "key_result"]
_NUMBER = r"#?\s?(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?"
_SEP = r"(?:\s*[:：]|\s*[.)]\s|\s+[-–—|]\s|\s*[–—]\s)\s*"
_SECTION_MAX = 60
_SECTION_MAX_SPACES = 4
_NON_WORD = re.compile(r"[^\w%#]+")
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@dataclass(frozen=True)
class Label:
    """A line that names itself: 'O2: …' or 'KR1.3 …', with the text after it."""

    kind: LabelKind
    number: str | None
    rest: str


def plain(text: str) -> str:
    """Lower case without accents: 'Mục Tiêu' -> 'muc tieu'.

    The same result as coach.lexicon.fold for letters, by one table lookup even
    when the text holds dashes or emoji.
    """
    return text.lower().translate(_plain_table())


def key(text: str) -> str:
    """A folded comparison key: 'Người phụ trách:' -> 'nguoi phu trach'."""
    return " ".join(_NON_WORD.sub(" ", plain(text)).replace("_", " ").split())


class Vocabulary:
    """Compiled lookups over knowledge/formats.yaml."""

    def __init__(self, data: dict[str, Any]):
        labels = data["labels"]
        self._labels: list[tuple[LabelKind, re.Pattern[str]]] = []
        for kind in ("objective", "key_result"):
            long_ = _alternation(labels[kind])
            short = _alternation(labels[f"{kind}_short"], boundary=False)
            self._labels += [
                (kind, _compile(rf"^(?:{long_})(?:\s*{_NUMBER})?{_SEP}")),
                (kind, _compile(rf"^(?:{short})\s?{_NUMBER}(?:{_SEP}|\s+)")),
                (kind, _compile(rf"^(?:{short})\s*[:：]\s*")),
            ]
        self._sections = {
            key(word): name
            for name, words in data["sections"].items()
            for word in words
        }
        self._sections.update({key(w): "other" for w in data["other_sections"]})
        self.fields = _index(data["fields"])
        self._field_line = _compile(
            rf"^(?P<label>{_alternation(self.fields)})\s*[:：=]\s*\S"
        )
        # First letters of every label and field: most lines start with neither.
        label_words = [w for group in labels.values() for w in group]
        self._label_starts = frozenset(key(w)[:1] for w in label_words)
        self._field_starts = frozenset(k[:1] for k in self.fields)
        self._columns = {**self.fields, **_index(data["columns"])}
        self._levels = _index(data["levels"])
        self._types = _index(data["types"])
        self._directions = _index(data["directions"])
        self._statuses = _index(data["status_words"])
        self._unit_words = frozenset(key(w) for w in data["unit_words"])
        self._unit_exact = frozenset(w.lower() for w in data["unit_words"])

    def label(self, text: str) -> Label | None:
        if plain(text[:1]) not in self._label_starts:
            return None
        folded = folded_prefix(text)
        for kind, pattern in self._labels:
            match = pattern.match(folded)
            if match and match.end() < len(text):
                number = match.groupdict().get("num")
                return Label(kind, number, text[match.end() :].strip())
        return None

    def section(self, text: str) -> str | None:
        """'objectives', 'key_results' or 'other' when a heading only names a part."""
        if len(text) > _SECTION_MAX or text.count(" ") > _SECTION_MAX_SPACES:
            return None  # a sentence, not the name of a part
        return self._sections.get(key(_PARENTHESES.sub("", text)))

    def field_line(self, text: str) -> tuple[str, str] | None:
        """('owner', 'Lan') for 'Owner: Lan'; None when the text is no field."""
        if plain(text[:1]) not in self._field_starts:
            return None
        match = self._field_line.match(folded_prefix(text))
        if not match:
            return None
        return self.fields[key(match["label"])], text[match.end("label") :].lstrip(
            " \t:：="
        ).strip()

    def column(self, header: str) -> str | None:
        """The field a spreadsheet header names: 'Người phụ trách' -> 'owner'."""
        folded = key(header.replace("*", ""))
        return self._columns.get(folded) or self._columns.get(
            key(_PARENTHESES.sub("", header.replace("*", "")))
        )

    def column_of(self, header: object) -> str | None:
        return self.column(header) if isinstance(header, str) else None

    def level(self, value: str) -> str | None:
        return self._levels.get(key(value))

    def okr_type(self, value: str) -> str | None:
        return self._types.get(key(value))

    def direction(self, value: str) -> str | None:
        return self._directions.get(key(value))

    def status(self, value: str) -> str | None:
        return self._statuses.get(key(value))

    def is_unit_name(self, text: str) -> bool:
        """Whether a name contains a unit word ('Phòng Kinh doanh', 'Growth team').

        Text typed with Vietnamese marks is compared with its marks: folded,
        'Bản nháp' (a draft) would look like 'ban' (a board).
        """
        if has_vietnamese_marks(text):
            words, known = _NON_WORD.sub(" ", text.lower()).split(), self._unit_exact
        else:
            words, known = key(text).split(), self._unit_words
        pairs = {" ".join(p) for p in itertools.pairwise(words)}
        return bool(known & (set(words) | pairs))

    def is_person_name(self, text: str) -> bool:
        """Two to five capitalised words that name no unit: 'Nguyễn Minh Anh'."""
        words = text.strip().lstrip("@").split()
        if not 2 <= len(words) <= 5 or self.is_unit_name(text):
            return False
        if not all(w[:1].isupper() and not w.isupper() for w in words):
            return False
        return all(w.replace("-", "").replace("'", "").isalpha() for w in words)


@cache
def vocabulary() -> Vocabulary:
    data = yaml.load(FORMATS.read_text(encoding="utf-8"), Loader=_Loader)
    return Vocabulary(data)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _index(groups: dict[str, list[str]]) -> dict[str, str]:
    return {key(word): name for name, words in groups.items() for word in words}


def _alternation(words: dict[str, str] | list[str], boundary: bool = True) -> str:
    phrases = sorted({key(w) for w in words}, key=len, reverse=True)
    end = r"\b" if boundary else ""
    return "|".join(re.escape(p).replace(r"\ ", r"[\s\-]+") + end for p in phrases)


def folded_prefix(text: str, length: int = 80) -> str:
    """The start of ``text`` lower-cased and without accents, position for position."""
    head = text[:length]
    folded = head.lower().translate(_same_length_fold())
    if len(folded) == len(head):
        return folded
    # Rare letters whose lower case is longer ('İ'): fold them one by one.
    return "".join(
        c if len(f := c.lower().translate(_same_length_fold())) != 1 else f
        for c in head
    )


@cache
def _same_length_fold() -> dict[int, str]:
    """Every accented Latin letter to its bare letter: 'ệ' -> 'e', 'đ' -> 'd'."""
    table = {}
    for code in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base != char:
            table[code] = base
    return table


@cache
def _plain_table() -> dict[int, str | None]:
    """Accented letters to bare ones, and combining marks (decomposed text) to nothing."""
    table: dict[int, str | None] = dict(_same_length_fold())
    table.update({code: None for code in range(0x300, 0x370)})
    return table


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
