"""Cut Markdown or plain text into headings, list items, text lines and tables.

A small line scanner rather than a full Markdown parser: OKR pages use few
constructs, and markdown-it-py took 2 s on the 5,000-objective benchmark page.
"""

# Limitation: lists inside block quotes, HTML blocks and footnotes are read as
# plain lines; reference-style link definitions are reported as unplaced lines.

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from coach.readers.notes import strip_markup
from coach.readers.vocabulary import vocabulary

EntryKind = Literal["heading", "item", "text", "blank", "table", "skipped"]

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)"
    r"(?P<marker>[-*+•◦▪‣·–]|\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+"
    r"|[a-z][.)]|[IVX]{1,4}\.)"
    r"[ \t]+(?P<text>\S.*)$"
)
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_TABLE_DELIMITER = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(?:\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$"
)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass
class Entry:
    """One structural piece of the page, at the line where it starts."""

    line: int
    kind: EntryKind
    text: str = ""
    depth: int = 0  # heading level (1-6), or indentation of an item or text line
    ordered: bool = False
    end_line: int = 0
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def scan(text: str, markdown: bool) -> list[Entry]:
    """The entries of a page; plain text has no headings, tables or code blocks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    entries: list[Entry] = []
    i = 0
    if markdown and lines and lines[0].strip() == "---":
        i = _front_matter(lines, entries)
    while i < len(lines):
        raw = lines[i].expandtabs(4)
        if markdown:
            while _QUOTE.match(raw):
                raw = _QUOTE.sub("", raw, count=1)
            skipped = _skip_block(lines, i, entries)
            if skipped:
                i = skipped
                continue
            if _starts_table(lines, i):
                i = _table(lines, i, entries)
                continue
        _line(raw, i + 1, markdown, entries)
        i += 1
    return entries


def _line(raw: str, number: int, markdown: bool, entries: list[Entry]) -> None:
    if not raw.strip():
        entries.append(Entry(number, "blank"))
        return
    if markdown and (heading := _HEADING.match(raw)):
        entries.append(
            Entry(number, "heading", _clean(heading[2] or ""), len(heading[1]))
        )
        return
    if markdown and _setext(raw, entries):
        return
    if _RULE.match(raw):
        return  # a horizontal rule only decorates
    if item := _ITEM.match(raw):
        marker = item["marker"]
        ordered = marker[0].isdigit() or marker[0].isalpha()
        entries.append(
            Entry(number, "item", _clean(item["text"]), len(item["indent"]), ordered)
        )
        return
    depth = len(raw) - len(raw.lstrip())
    text = _clean(raw)
    if _continues(entries, depth, text, markdown):
        entries[-1].text = f"{entries[-1].text} {text}"
        return
    entries.append(Entry(number, "text", text, depth))


def _continues(entries: list[Entry], depth: int, text: str, markdown: bool) -> bool:
    """A wrapped line of the item or paragraph above, not a line of its own."""
    if not entries or entries[-1].kind not in ("item", "text"):
        return False
    words = vocabulary()
    if words.label(text) or words.field_line(text):
        return False
    previous = entries[-1]
    if previous.kind == "item":
        return depth > previous.depth + 1 or (markdown and depth <= previous.depth)
    return markdown and depth == previous.depth


def _setext(raw: str, entries: list[Entry]) -> bool:
    """'Title' over '=====' (level 1) or '-----' (level 2) is a heading too."""
    if not _SETEXT.match(raw) or not entries or entries[-1].kind != "text":
        return False
    entries[-1].kind = "heading"
    entries[-1].depth = 1 if raw.strip()[0] == "=" else 2
    return True


def _skip_block(lines: list[str], i: int, entries: list[Entry]) -> int:
    """Skip a fenced code block or an HTML comment; return the next line index."""
    raw = lines[i]
    fence = _FENCE.match(raw)
    if fence:
        end = next(
            (
                j
                for j in range(i + 1, len(lines))
                if lines[j].strip().startswith(fence[1])
            ),
            len(lines) - 1,
        )
        entries.append(Entry(i + 1, "skipped", "a code block", end_line=end + 1))
        return end + 1
    if raw.lstrip().startswith("<!--"):
        end = next(
            (j for j in range(i, len(lines)) if "-->" in lines[j]), len(lines) - 1
        )
        entries.append(Entry(i + 1, "skipped", "an HTML comment", end_line=end + 1))
        return end + 1
    return 0


def _starts_table(lines: list[str], i: int) -> bool:
    if "|" not in lines[i] or i + 1 >= len(lines) or "|" not in lines[i + 1]:
        return False
    return bool(_TABLE_DELIMITER.match(lines[i + 1]))


def _table(lines: list[str], i: int, entries: list[Entry]) -> int:
    rows = [(i + 1, _cells(lines[i]))]
    j = i + 2
    while j < len(lines) and "|" in lines[j] and lines[j].strip():
        rows.append((j + 1, _cells(lines[j])))
        j += 1
    entries.append(Entry(i + 1, "table", rows=rows, end_line=j))
    return j


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [_clean(cell.replace("\\|", "|")) for cell in _CELL_SPLIT.split(inner)]


def _front_matter(lines: list[str], entries: list[Entry]) -> int:
    """YAML front matter: its 'key: value' lines are read like field lines."""
    for j in range(1, len(lines)):
        if lines[j].strip() in ("---", "..."):
            return j + 1
        if lines[j].strip():
            entries.append(Entry(j + 1, "text", lines[j].strip()))
    return len(lines)


def _clean(text: str) -> str:
    return strip_markup(text.strip())
