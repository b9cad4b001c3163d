"""Excel workbooks (.xlsx): every sheet with an objective or key result column."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Mapping
from typing import Any

from coach.errors import InputError, Problem
from coach.readers.detect import InputFormat
from coach.readers.draft import Draft
from coach.readers.reading import Reading, SourceLocation
from coach.readers.table import Row, TableReader

logger = logging.getLogger(__name__)


def read_xlsx(
    data: bytes, source: str, columns: Mapping[str, str] | None = None
) -> Reading:
    """Read each visible sheet's rows; sheets without OKR columns are reported."""
    workbook = _open(data, source)
    draft = Draft(source, InputFormat.xlsx)
    read_any = False
    try:
        for sheet in workbook.worksheets:
            where = SourceLocation(sheet=sheet.title, row=1)
            if sheet.sheet_state != "visible":
                draft.warn(where, "hidden sheet not read")
                continue
            rows = _rows(sheet)
            if TableReader(draft, columns).read(rows):
                read_any = True
            elif any(r.cells for r in rows):
                draft.warn(where, "no objective or key result column; sheet not read")
    finally:
        workbook.close()
    if not read_any:
        message = (
            "no sheet has a header row with an objective or key result column; name "
            "them 'Objective' and 'Key result' (or 'Mục tiêu', 'Kết quả then chốt'), "
            "or map yours with --columns 'Your header=objective'"
        )
        raise InputError(source, [Problem("", message)])
    return draft.finish()


def _open(data: bytes, source: str) -> Any:
    # Limitation: formulas are read as the values Excel saved with them; a file
    # written by a tool that never computed them shows empty cells. Only the
    # top-left cell of a merged range has a value (an empty objective cell still
    # continues the objective above).
    import openpyxl  # only workbooks need it, and it is slow to import
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
    )
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except unreadable as exc:
        logger.info("cannot open %s as XLSX: %s", source, exc)
        problem = Problem("", f"not a readable XLSX workbook ({type(exc).__name__})")
        raise InputError(source, [problem], "unreadable") from None


def _rows(sheet: Any) -> list[Row]:
    rows = []
    for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
        values = [_value(cell) for cell in cells]
        while values and values[-1] is None:
            values.pop()
        rows.append(Row(SourceLocation(sheet=sheet.title, row=number), values))
    return rows


def _value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        return value.strip() or None
    # A cell shown as '55%' holds 0.55; keep what the author sees.
    number_format = getattr(cell, "number_format", "") or ""
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in number_format
    ):
        return f"{value * 100:g}%"
    return value
