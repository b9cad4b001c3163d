"""Separate what an item says from what is written beside it.

"Raise activation to 55% (owner: Lan) => 70% ✅" is a key result, an owner, a
progress note and a status. Notes are peeled off the ends only, so numbers in the
middle of a key result ("from 35% -> 55%") stay part of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.readers.reading import Note
from coach.readers.vocabulary import plain, vocabulary

# Inner classes exclude '[' so a line of unmatched brackets is scanned once, not
# once per bracket (which was quadratic).
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_WIKI_LINK = re.compile(r"\[\[(?:[^\[\]|\n]*\|)?([^\[\]\n]+)\]\]")
_AUTO_LINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>\n]*>")
_EMPHASIS = re.compile(r"(\*\*|~~|\*)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORES = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_CODE = re.compile(r"`+([^`\n]+)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
_CHECKBOX = re.compile(r"^\[([ xX✓✔])\]\s+")
_MARKS = {
    "✅": "done",
    "✔": "done",
    "✓": "done",
    "☑": "done",
    "❌": "off track",
    "✗": "off track",
    "✘": "off track",
    "🟢": "on track",
    "🟡": "at risk",
    "🟠": "at risk",
    "⚠": "at risk",
    "🔴": "off track",
}
_MARK_CHARS = "".join(_MARKS) + "\ufe0f"
_LEADING_STARTS = frozenset("[" + "".join(_MARKS))
_NOTE_REACH = 90
_ARROWS = ("=>", "⇒", "->", "→", "—>")
_SEPARATORS = (" — ", " – ", " | ", " · ", " • ", " - ", " -- ", "; ", ", ")
_LEADING_MARKS = re.compile(rf"^([{_MARK_CHARS}]+)\s*")
_LEADING_RUN = re.compile(rf"^(?:\[[ xX✓✔]\]\s+|[{_MARK_CHARS}]+\s*)+")
_TRAILING_MARKS = re.compile(rf"\s*([{_MARK_CHARS}]+)$")
_TRAILING_GROUP = re.compile(r"\s*[(\[]([^()\[\]]{1,80})[)\]]$")
_ARROW = re.compile(r"\s+(=>|⇒|->|→|-->|—>)\s*([^=>→⇒]{1,40})$")
_SEPARATED = re.compile(r"(?:\s(?:[—–|·•]|--?)\s|[,;]\s)\s*([^—–|·•,;]{1,60})$")
_PROGRESS = re.compile(
    r"^(?:(?:progress|tien do|dat|hoan thanh|done|complete|completed)\s*:?\s*)?"
    r"(\d{1,3}(?:[.,]\d+)?)\s*%(?:\s*(?:done|complete|completed|hoan thanh|dat))?$"
)
_SCORE = re.compile(
    r"^(?:(?:score|diem|grade)\s*:?\s*)?(0(?:[.,]\d{1,2})?|1(?:[.,]0{1,2})?)(?:\s*/\s*1(?:[.,]0)?)?$"
    r"|^(?:score|diem|grade)\s*:?\s*(\d{1,2})\s*/\s*10$"
)
_NUMBER_END = re.compile(r"\d\s*%?$")
_LABELLED = re.compile(r"^(?:progress|tien do|score|diem|grade|dat|hoan thanh)\b")


@dataclass
class Cleaned:
    """An item's own wording, with the notes and fields written around it."""

    text: str
    notes: list[Note] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)


def strip_markup(text: str) -> str:
    """Markdown inline markup reduced to its words: links to their text."""
    escaped: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escaped.append(match[1])
        return f"\0{len(escaped) - 1}\0"

    if "\\" in text:
        # Hide escaped characters ("\*") from the emphasis and link patterns.
        text = _ESCAPE.sub(hide, text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "[" in text:
        text = _WIKI_LINK.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub("", _AUTO_LINK.sub(r"\1", text))
    if "*" in text or "~" in text:
        text = _EMPHASIS.sub(r"\2", text)
    if "_" in text:
        text = _UNDERSCORES.sub(r"\2", text)
    if escaped:
        text = _PLACEHOLDER.sub(lambda m: escaped[int(m[1])], text)
    return text.strip()


def split_notes(text: str, heading: bool = False) -> Cleaned:
    """Peel status, score, progress and owner notes off both ends of ``text``.

    ``heading`` is True for objectives: a bare name in parentheses there is the
    owner ("(Lan Pham)") or the unit ("(Customer Success)").
    """
    cleaned = Cleaned(text.strip())
    if cleaned.text[:1] in _LEADING_STARTS:
        _leading(cleaned)
    while _peel_one(cleaned, heading):
        pass
    cleaned.notes.reverse()  # peeled from the end: put them back in reading order
    cleaned.fields.reverse()
    return cleaned


def leading_marks(text: str) -> tuple[str, str]:
    """('[x] ✅', 'KR1: …') for '[x] ✅ KR1: …': check marks before a label."""
    match = _LEADING_RUN.match(text) if text[:1] in _LEADING_STARTS else None
    return (match[0].strip(), text[match.end() :]) if match else ("", text)


def _leading(cleaned: Cleaned) -> None:
    if match := _CHECKBOX.match(cleaned.text):
        done = match[1] != " "
        cleaned.notes.append(Note(kind="status", text="done" if done else "not done"))
        cleaned.text = cleaned.text[match.end() :]
    if match := _LEADING_MARKS.match(cleaned.text):
        cleaned.notes.append(_mark_note(match[1]))
        cleaned.text = cleaned.text[match.end() :]


def _peel_one(cleaned: Cleaned, heading: bool) -> bool:
    text = cleaned.text
    # Notes are short: searching only the tail keeps long items cheap.
    offset = max(0, len(text) - _NOTE_REACH)
    tail = text[offset:]
    last = tail[-1:]
    match = _TRAILING_MARKS.search(tail) if last in _MARK_CHARS else None
    if match and offset + match.start() > 0:
        cleaned.notes.append(_mark_note(match[1]))
        cleaned.text = text[: offset + match.start()].rstrip()
        return True
    # Plain string tests first: regex searches cost more than most items' notes.
    for kind, found in (
        ("group", _TRAILING_GROUP.search(tail) if last in ")]" else None),
        ("arrow", _ARROW.search(tail) if _has_any(tail, _ARROWS) else None),
        ("separated", _last_separated(tail)),
    ):
        if found is None or offset + found.start() == 0:
            continue
        start = offset + found.start()
        inner = found[2] if kind == "arrow" else found[1]
        arrow = found[1] if kind == "arrow" else None
        changes = arrow in ("->", "→") and inner.strip()[:1].isdigit()
        if changes and _NUMBER_END.search(text[:start]):
            continue  # "35% -> 55%" is a change the key result asks for
        strict = kind == "separated"
        if _take(cleaned, inner.strip(), heading and kind == "group", strict):
            cleaned.text = text[:start].rstrip(" ,;:—–-|")
            return True
    return False


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)


def _last_separated(tail: str) -> re.Match[str] | None:
    """The text after the last separator (' — ', ' | ', ', '…) when it is short."""
    if not _has_any(tail, _SEPARATORS):
        return None
    return _SEPARATED.search(tail)


def _take(cleaned: Cleaned, inner: str, heading: bool, strict: bool) -> bool:
    """Record ``inner`` as a note or field if it is one; False leaves it in the text.

    ``strict`` (after a dash or a bar) refuses a bare number: "churn 2% - 3%"
    is a range, while "- done" or "| score: 0.7" are notes.
    """
    words = vocabulary()
    folded = " ".join(plain(inner).split())
    labelled = bool(_LABELLED.match(folded))
    if words.status(inner):
        cleaned.notes.append(Note(kind="status", text=inner))
    elif (match := _PROGRESS.match(folded)) and (labelled or not strict):
        value = float(match[1].replace(",", ".")) / 100
        cleaned.notes.append(Note(kind="progress", text=inner, value=value))
    elif (match := _SCORE.match(folded)) and (labelled or not strict):
        value = float(match[1].replace(",", ".")) if match[1] else int(match[2]) / 10
        cleaned.notes.append(Note(kind="score", text=inner, value=value))
    elif found := words.field_line(inner):
        cleaned.fields.append(found)
    elif inner.startswith("@") and " " not in inner:
        cleaned.fields.append(("owner", inner[1:]))
    elif heading and words.is_unit_name(inner):
        cleaned.fields.append(("unit", inner))
    elif heading and words.is_person_name(inner):
        cleaned.fields.append(("owner", inner))
    else:
        return False
    return True


def _mark_note(marks: str) -> Note:
    status = next((_MARKS[c] for c in marks if c in _MARKS), "done")
    return Note(kind="status", text=status)
