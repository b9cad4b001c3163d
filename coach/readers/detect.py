"""Which reader a file needs: by its extension, its media type, or its content."""

from __future__ import annotations

import codecs
import re
from enum import StrEnum
from pathlib import PurePath

from coach.errors import InputError, Problem


class InputFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    markdown = "markdown"
    text = "text"
    csv = "csv"
    xlsx = "xlsx"


EXTENSIONS = {
    ".yaml": InputFormat.yaml,
    ".yml": InputFormat.yaml,
    ".json": InputFormat.json,
    ".md": InputFormat.markdown,
    ".markdown": InputFormat.markdown,
    ".mdown": InputFormat.markdown,
    ".txt": InputFormat.text,
    ".text": InputFormat.text,
    ".csv": InputFormat.csv,
    ".tsv": InputFormat.csv,
    ".xlsx": InputFormat.xlsx,
    ".xlsm": InputFormat.xlsx,
}
MEDIA_TYPES = {
    "application/yaml": InputFormat.yaml,
    "application/x-yaml": InputFormat.yaml,
    "text/yaml": InputFormat.yaml,
    "text/x-yaml": InputFormat.yaml,
    "application/json": InputFormat.json,
    "text/markdown": InputFormat.markdown,
    "text/x-markdown": InputFormat.markdown,
    "text/plain": InputFormat.text,
    "text/csv": InputFormat.csv,
    "text/tab-separated-values": InputFormat.csv,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        InputFormat.xlsx
    ),
}
_UNSUPPORTED = {
    ".xls": "Excel 97-2003 workbooks are not read; save it as .xlsx or CSV",
    ".ods": "OpenDocument spreadsheets are not read; save it as .xlsx or CSV",
    ".docx": "Word documents are not read; paste the text into a .md or .txt file",
}
_ZIP_MAGIC = b"PK\x03\x04"
_YAML_KEYS = re.compile(r"^(?:objectives|cycle)\s*:", re.MULTILINE)
# Headings, tables, fences, links or bold; a plain "- " list reads the same as text.
_MARKDOWN = re.compile(
    r"^ {0,3}(?:#{1,6}\s|\|.*\|\s*$|```|={3,}\s*$)|\[[^\]\n]+\]\([^)\n]+\)|\*\*\S",
    re.MULTILINE,
)


def format_for_media_type(media_type: str) -> InputFormat | None:
    """The format of a Content-Type value such as 'text/csv; charset=utf-8'."""
    return MEDIA_TYPES.get(media_type.split(";")[0].strip().lower())


def detect_format(source: str, data: bytes) -> InputFormat:
    """The format named by the file's extension, else the one its content looks like."""
    suffix = PurePath(source).suffix.lower() if source != "-" else ""
    if suffix in _UNSUPPORTED:
        raise InputError(source, [Problem("", _UNSUPPORTED[suffix])], "unreadable")
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if data.startswith(_ZIP_MAGIC):
        return InputFormat.xlsx
    return sniff_text(decode(data, source))


def sniff_text(text: str) -> InputFormat:
    """Guess the format of text that came without a name (stdin, an API body)."""
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return InputFormat.json
    if _YAML_KEYS.search(text):
        return InputFormat.yaml
    if _looks_like_csv(stripped):
        return InputFormat.csv
    if _MARKDOWN.search(text):
        return InputFormat.markdown
    return InputFormat.text


def decode(data: bytes, source: str) -> str:
    """Text of a file in UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Limitation: legacy code pages (Windows-1258, TCVN3) are not guessed.
        message = (
            f"not UTF-8 text (byte {exc.start}); save it as UTF-8 "
            "(in Excel: 'CSV UTF-8')"
        )
        raise InputError(source, [Problem("", message)], "unreadable") from None


def _looks_like_csv(text: str) -> bool:
    from coach.readers.vocabulary import vocabulary

    header = text.split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        cells = header.split(delimiter)
        if len(cells) >= 2:
            known = sum(vocabulary().column_of(cell) is not None for cell in cells)
            if known >= 2:
                return True
    return False
