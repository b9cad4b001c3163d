"""Read OKRs where people keep them: YAML, JSON, Markdown, plain text, CSV, XLSX.

Every format becomes the same validated OkrDocument, with a pointer from each
objective and key result back to its line (or sheet and row), the notes written
beside them, and a warning for every line that could not be placed.

    reading = read_file("handbook.md")
    reading.document, reading.source["o1.kr2"], reading.warnings
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import InputError, Problem
from coach.readers.detect import (
    InputFormat,
    decode,
    detect_format,
    format_for_media_type,
)
from coach.readers.reading import Note, Reading, ReadWarning, SourceLocation

if TYPE_CHECKING:
    from coach.report import Critique

logger = logging.getLogger(__name__)

__all__ = [
    "InputFormat",
    "Note",
    "ReadWarning",
    "Reading",
    "SourceLocation",
    "format_for_media_type",
    "read_bytes",
    "read_file",
    "with_source",
]


def read_file(
    source: str,
    fmt: InputFormat | None = None,
    columns: Mapping[str, str] | None = None,
) -> Reading:
    """Read the file at ``source`` (or stdin for ``-``) in ``fmt`` or the format
    its extension or content shows."""
    return read_bytes(_read(source), source, fmt, columns)


def read_bytes(
    data: bytes,
    source: str = "<input>",
    fmt: InputFormat | None = None,
    columns: Mapping[str, str] | None = None,
) -> Reading:
    """Read an input held in memory, such as an API request body."""
    started = time.perf_counter()
    fmt = fmt or detect_format(source, data)
    reading = _dispatch(data, source, fmt, columns)
    logger.info(
        "read %s as %s: %d objectives, %d key results, %d warnings in %.0f ms",
        source,
        fmt.value,
        len(reading.document.objectives),
        len(reading.document.key_results()),
        len(reading.warnings),
        (time.perf_counter() - started) * 1000,
    )
    return reading


def _dispatch(
    data: bytes, source: str, fmt: InputFormat, columns: Mapping[str, str] | None
) -> Reading:
    # Each reader is imported on use: YAML needs none of them, XLSX needs openpyxl.
    if fmt is InputFormat.xlsx:
        from coach.readers.xlsx import read_xlsx

        return read_xlsx(data, source, columns)
    text = decode(data, source)
    if not text.strip():
        raise InputError(source, [Problem("", "the document is empty")], "unreadable")
    if fmt in (InputFormat.yaml, InputFormat.json):
        from coach.readers.structured import read_structured

        return read_structured(text, source, fmt)
    if fmt is InputFormat.csv:
        from coach.readers.table import read_csv

        return read_csv(text, source, columns)
    from coach.readers.assemble import read_outline

    return read_outline(text, source, fmt, columns)


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError(
            source, [Problem("", "file not found")], "unreadable"
        ) from None
    except IsADirectoryError:
        problem = Problem("", "is a folder, not a file")
        raise InputError(source, [problem], "unreadable") from None


def with_source(critique: Critique, reading: Reading) -> Critique:
    """The critique with pointers from its items back to the input, and the
    reader's warnings among its notices."""
    notices = [f"input {warning}" for warning in reading.warnings] + critique.notices
    return critique.model_copy(update={"source": reading.source, "notices": notices})
