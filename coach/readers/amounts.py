"""Numbers, dates and cycles written the local way: '$1.2M', '1.000.000 đ', '31/03/2027'.

A value that two conventions read differently ('1,500': 1500 or 1.5;
'04/03/2027': 4 March or 3 April) is still read, and the reading says why it is
ambiguous so the reader can warn about it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from coach.readers.vocabulary import plain

_CURRENCY_BEFORE = r"(?P<pre>[$€£¥₫]|usd|eur|vnd|vnđ)?"
_CURRENCY_AFTER = {"đ", "₫", "vnd", "vnđ", "đồng", "dong", "usd", "eur", "€", "$"}
_DECIMAL_COMMA_CURRENCIES = {"đ", "₫", "vnd", "vnđ", "đồng", "dong"}
_SCALES = {
    "k": 1e3,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "tr": 1e6,
    "triệu": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "tỷ": 1e9,
    "tỉ": 1e9,
}
_AMOUNT = re.compile(
    rf"^\s*{_CURRENCY_BEFORE}\s*(?P<sign>[-+−])?\s*{_CURRENCY_BEFORE.replace('pre', 'pre2')}"
    r"\s*(?P<num>\d[\d.,'  ]*\d|\d)"
    r"\s*(?P<rest>.*?)\s*$",
    re.IGNORECASE,
)
_THOUSANDS_SPACE = re.compile(r"^\d{1,3}(?:[ '  ]\d{3})+$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*[/-]\s*(\d{4})$")
_MONTHS = {
    name: n
    for n in range(1, 13)
    for name in (
        calendar.month_name[n].lower(),
        calendar.month_abbr[n].lower(),
    )
}
_TEXT_DATE = re.compile(
    r"^(?:(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})|([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4}))$"
)
_QUARTER = re.compile(
    r"\b(?:q|quy|quarter)\s*(?P<q>[1-4]|iv|iii|ii|i)\b[\s/,.-]*(?:nam\s*)?(?P<y>20\d\d)\b"
    r"|\b(?P<y2>20\d\d)\s*[-/ ]?\s*q(?P<q2>[1-4])\b"
)
_HALF = re.compile(
    r"\bh(?P<h>[12])\s*[-/ ]?\s*(?P<y>20\d\d)\b|\b(?P<y2>20\d\d)\s*[-/ ]?\s*h(?P<h2>[12])\b"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Amount:
    """A number as written, read: value, unit, and why it is ambiguous if it is."""

    value: float
    unit: str | None = None
    ambiguous: str | None = None


@dataclass(frozen=True)
class DateReading:
    value: dt.date
    ambiguous: str | None = None


@lru_cache(maxsize=8192)
def read_amount(raw: str, decimal_comma: bool | None = None) -> Amount | None:
    """'$1.2M' -> 1200000 $, '€417,26' -> 417.26 €, '12,5 %' -> 12.5 %; None if no number.

    ``decimal_comma`` is the document's convention when known (Vietnamese and
    most of Europe write '4,5'); a currency can settle it for one value.
    """
    match = _AMOUNT.match(raw.replace("\u2212", "-"))
    if not match:
        return None
    currency = (match["pre"] or match["pre2"] or "").lower() or None
    rest = match["rest"]
    scale, rest = _scale(rest, bool(currency))
    unit, rest = _unit(rest, currency)
    if rest and len(rest) > 24:
        return None  # a sentence with a number in it, not an amount
    settled = True
    if unit in _DECIMAL_COMMA_CURRENCIES:
        decimal_comma = True
    elif currency == "$" or unit == "$":
        decimal_comma = False
    else:
        settled = False
    number = _number(match["num"], decimal_comma)
    if number is None:
        return None
    value, ambiguous = number
    ambiguous = None if settled else ambiguous
    sign = -1.0 if match["sign"] in ("-", "−") else 1.0
    return Amount(round(sign * value * scale, 10), unit or rest or None, ambiguous)


@lru_cache(maxsize=8192)
def read_date(raw: str, month_first: bool = False) -> DateReading | None:
    """ISO, day-first ('31/03/2027', '31.03.2027'), 'March 31, 2027', 'Q1 2027'
    (its last day) or '3/2027' (the month's last day); None when not a date."""
    text = plain(raw.strip()).replace("ngay ", "")
    if match := _ISO.match(text):
        return _date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(text):
        return _day_month(int(match[1]), int(match[2]), match[3], month_first)
    if match := _MONTH_YEAR.match(text):
        year, month = int(match[2]), int(match[1])
        return _date(year, month, _last_day(year, month))
    if match := _TEXT_DATE.match(text):
        day_first = bool(match[1])
        day = match[1] if day_first else match[5]
        name = match[2] if day_first else match[4]
        month_number = _MONTHS.get(name)
        year_text = match[3] if day_first else match[6]
        return _date(int(year_text), month_number, int(day)) if month_number else None
    if cycle := read_cycle(text):
        return DateReading(cycle[2])
    return None


def read_cycle(text: str) -> tuple[str, dt.date, dt.date] | None:
    """('2027-Q1', start, end) for 'Q1 2027', 'Quý 1/2027', '2027-Q1', 'H2 2027'."""
    folded = plain(text)
    if match := _QUARTER.search(folded):
        year = int(match["y"] or match["y2"])
        raw = match["q"] or match["q2"]
        quarter = int(raw) if raw.isdigit() else _ROMAN[raw]
        first = 3 * quarter - 2
        start = dt.date(year, first, 1)
        end = dt.date(year, first + 2, _last_day(year, first + 2))
        return f"{year}-Q{quarter}", start, end
    if match := _HALF.search(folded):
        year = int(match["y"] or match["y2"])
        half = int(match["h"] or match["h2"])
        start = dt.date(year, 1 if half == 1 else 7, 1)
        end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        return f"{year}-H{half}", start, end
    return None


def read_fraction(raw: str, decimal_comma: bool | None = None) -> float | None:
    """A confidence or score as 0-1: '70%', '0.7', '0,7', '7/10'."""
    text = raw.strip()
    if match := re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*/\s*(\d+)", text):
        whole = float(match[2])
        return float(match[1].replace(",", ".")) / whole if whole else None
    amount = read_amount(text, decimal_comma)
    if amount is None:
        return None
    if amount.unit == "%" or amount.value > 10:
        return amount.value / 100
    # A bare 1-10 is the other common confidence scale.
    return amount.value / 10 if amount.value > 1 else amount.value


def _scale(rest: str, has_currency: bool) -> tuple[float, str]:
    words = rest.split(maxsplit=1)
    if not words:
        return 1.0, rest
    first = words[0].rstrip(".").lower()
    # A bare 'm' is minutes or metres unless money is involved ('$1.2m').
    if first in _SCALES and (first != "m" or has_currency or words[0] == "M"):
        return _SCALES[first], words[1] if len(words) > 1 else ""
    return 1.0, rest


def _unit(rest: str, currency: str | None) -> tuple[str | None, str]:
    text = rest.strip()
    if text.startswith("%"):
        return "%", text[1:].strip()
    lowered = text.lower()
    for word in sorted(_CURRENCY_AFTER, key=len, reverse=True):
        if lowered == word or lowered.startswith(word + " "):
            return text[: len(word)], text[len(word) :].strip()
    return currency, text


def _number(raw: str, decimal_comma: bool | None) -> tuple[float, str | None] | None:
    digits = raw.strip()
    if _THOUSANDS_SPACE.match(digits):
        return float(re.sub(r"[ '  ]", "", digits)), None
    if re.search(r"[ '  ]", digits):
        return None
    marks = re.findall(r"[.,]", digits)
    if not marks:
        return float(digits), None
    if len(set(marks)) == 2:
        decimal = digits[max(digits.rfind("."), digits.rfind(","))]
        thousands = "," if decimal == "." else "."
        whole, _, fraction = digits.rpartition(decimal)
        if not re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})*", whole):
            return None
        return float(whole.replace(thousands, "") + "." + fraction), None
    mark = marks[0]
    groups = digits.split(mark)
    if len(groups) > 2:
        if all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
            return float("".join(groups)), None
        return None
    whole, fraction = groups
    if fraction == "000":
        return float(whole + fraction), None
    if len(fraction) != 3 or whole == "0":
        return float(f"{whole}.{fraction}"), None
    # '1,500' or '1.500': thousands in one convention, a decimal in the other.
    as_thousands = float(whole + fraction)
    as_decimal = float(f"{whole}.{fraction}")
    thousands_mark = "." if decimal_comma else ","
    if decimal_comma is None:
        value = as_thousands
    else:
        value = as_thousands if mark == thousands_mark else as_decimal
    other = as_decimal if value == as_thousands else as_thousands
    return value, f"'{raw}' could be {value:g} or {other:g}; read as {value:g}"


def _day_month(
    first: int, second: int, year_raw: str, month_first: bool
) -> DateReading | None:
    year = int(year_raw) + (2000 if len(year_raw) == 2 else 0)
    if first > 12 or second > 12:
        day, month = (first, second) if first > 12 else (second, first)
        return _date(year, month, day)
    day, month = (second, first) if month_first else (first, second)
    reading = _date(year, month, day)
    if reading is None or first == second:
        return reading
    why = (
        f"'{first:02d}/{second:02d}/{year}' could be day/month or month/day; "
        f"read as {reading.value.isoformat()}"
    )
    return DateReading(reading.value, why)


def _date(year: int, month: int, day: int) -> DateReading | None:
    try:
        return DateReading(dt.date(year, month, day))
    except ValueError:
        return None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 1
