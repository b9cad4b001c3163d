"""What a key result's wording says about its numbers: values, change, dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from coach.lexicon import fold

_NUM = r"[-+]?(?:\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]\d+)?"
_SCALE = r"(?:\s?(?:k|m|bn|b|ty|trieu|nghin|ngan|million|billion|thousand)\b)?"
NUMBER = re.compile(rf"(?<![\w.])[$€£¥₫]?\s?{_NUM}{_SCALE}\s?(?:%|percent|phan tram)?")
PERCENT = re.compile(rf"{_NUM}\s?(?:%|percent\b|phan tram\b)")
FROM_TO = re.compile(
    rf"\b(?:from|tu)\b[^0-9]{{0,40}}?({_NUM})[^0-9]{{0,40}}?"
    rf"\b(?:to|len|xuong|den|toi|con|->)\b[^0-9]{{0,30}}?({_NUM})"
)
ARROW = re.compile(rf"({_NUM})\s?%?\s?(?:->|→|=>)\s?({_NUM})")
BASELINE_NOTE = re.compile(
    rf"\b(?:baseline|currently|today|now|hien tai|hien nay)\b\D{{0,15}}{_NUM}"
)
RELATIVE = re.compile(
    rf"\b(?:by|them|thêm)\s+{_NUM}\s?(?:%|percent|x\b)|\b(?:double|triple|halve|gap doi|mot nua)\b"
)
PCT_OF_POPULATION = re.compile(rf"^\s*(?:{_NUM})\s?%\s+(?:of\s+)?\w")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DMY_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
YEAR_NUMBER = re.compile(r"^(?:19|20)\d{2}$")
# "[baseline]", "[Y]%", "[mục tiêu]": a value the author has still to fill in.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]")
# A point or span in time: "within 30 days", "by Q3", "quý 3", "tháng 6", "2027".
TIME_FRAME = re.compile(
    r"\b(?:within|in|by|before|until|trong|truoc|vong)\s+(?:the\s+)?(?:next\s+)?\d+\s*"
    r"(?:days?|weeks?|months?|quarters?|years?|ngay|tuan|thang|quy|nam)\b"
    r"|\b(?:q|h)[1-4]\b|\bquy\s?(?:[1-4]|i{1,3}|iv)\b|\bthang\s?\d{1,2}\b"
    r"|\b(?:19|20)\d{2}\b"
)


@dataclass
class Measure:
    """Numbers found in one text, without judgement."""

    numbers: list[str] = field(default_factory=list)
    has_percent: bool = False
    from_to: tuple[float, float] | None = None
    has_baseline_note: bool = False
    relative_change: bool = False
    pct_of_population: bool = False
    dates: list[dt.date] = field(default_factory=list)
    time_frame: bool = False
    placeholders: list[str] = field(default_factory=list)

    @property
    def has_number(self) -> bool:
        return bool(self.numbers)


def to_float(raw: str) -> float | None:
    """Read '1,000', '1.000', '4,5' or '12.5' the way the author most likely meant."""
    digits = raw.strip().lstrip("+")
    if (
        re.fullmatch(r"-?\d{1,3}(?:[.,]\d{3})+", digits)
        and len(set(re.findall(r"[.,]", digits))) == 1
    ):
        return float(re.sub(r"[.,]", "", digits))
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def measure(text: str) -> Measure:
    """Read the numbers of ``text``; a placeholder counts as a number still to come,
    so 'from [baseline] to [target]' has the shape of a measured change."""
    placeholders = PLACEHOLDER.findall(text)
    if placeholders:
        found = measure(PLACEHOLDER.sub(" 1 ", text))
        found.placeholders = placeholders
        if found.from_to:
            found.from_to, found.has_baseline_note = None, True
        return found
    folded = fold(text)
    without_dates = DMY_DATE.sub(" ", ISO_DATE.sub(" ", folded))
    numbers = [
        n.strip()
        for n in NUMBER.findall(without_dates)
        if not YEAR_NUMBER.match(n.strip()) and not _is_label_number(folded, n)
    ]
    change = FROM_TO.search(without_dates) or ARROW.search(without_dates)
    from_to = None
    if change:
        start, end = to_float(change.group(1)), to_float(change.group(2))
        if start is not None and end is not None:
            from_to = (start, end)
    return Measure(
        numbers=numbers,
        has_percent=bool(PERCENT.search(without_dates)),
        from_to=from_to,
        has_baseline_note=bool(BASELINE_NOTE.search(without_dates)),
        relative_change=bool(RELATIVE.search(without_dates)),
        pct_of_population=bool(PCT_OF_POPULATION.match(without_dates)),
        dates=_dates(folded),
        time_frame=bool(TIME_FRAME.search(folded)),
    )


def _is_label_number(folded: str, number: str) -> bool:
    # "Q1", "v2", "KR3", "p95" carry digits that are names, not quantities.
    index = folded.find(number.strip())
    return index > 0 and folded[index - 1].isalpha() and folded[index - 1] not in "$€£"


def _dates(folded: str) -> list[dt.date]:
    found = []
    for y, m, d in ISO_DATE.findall(folded):
        found.append(_safe_date(int(y), int(m), int(d)))
    for d, m, y in DMY_DATE.findall(folded):
        found.append(_safe_date(int(y), int(m), int(d)))
    return [d for d in found if d]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
