"""Numbers, dates and cycles written the local way, read as the author meant."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.readers.amounts import read_amount, read_cycle, read_date, read_fraction


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("$1.2M", 1_200_000.0, "$"),
        ("€417,26", 417.26, "€"),
        ("1.000.000 đ", 1_000_000.0, "đ"),
        ("12,5 %", 12.5, "%"),
        ("2.5k", 2_500.0, None),
        ("5,5 tỷ đồng", 5_500_000_000.0, "đồng"),
        ("$400k", 400_000.0, "$"),
        ("1,234.56", 1234.56, None),
        ("1.234,56", 1234.56, None),
        ("100 000 users", 100_000.0, "users"),
        ("25 min", 25.0, "min"),
        ("10.000", 10_000.0, None),
    ],
)
def test_local_amount_is_read_with_its_unit(
    written: str, value: float, unit: str | None
):
    amount = read_amount(written)

    assert amount is not None
    assert (amount.value, amount.unit, amount.ambiguous) == (value, unit, None)


def test_amount_with_one_group_of_three_digits_is_flagged_as_ambiguous():
    amount = read_amount("1,500")

    assert amount is not None and amount.value == 1500.0
    assert amount.ambiguous == "'1,500' could be 1500 or 1.5; read as 1500"


def test_document_using_decimal_commas_reads_the_ambiguous_comma_as_decimal():
    amount = read_amount("1,500", decimal_comma=True)

    assert amount is not None and amount.value == 1.5
    assert amount.ambiguous is not None


def test_currency_settles_which_mark_is_the_decimal():
    dollars, dong = read_amount("$1,500"), read_amount("1.500 đ")

    assert dollars is not None and (dollars.value, dollars.ambiguous) == (1500.0, None)
    assert dong is not None and (dong.value, dong.ambiguous) == (1500.0, None)


@pytest.mark.parametrize("written", ["about half", "", "Q1 2027"])
def test_text_without_an_amount_is_not_read_as_one(written: str):
    assert read_amount(written) is None


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2027-03-31", dt.date(2027, 3, 31)),
        ("31/03/2027", dt.date(2027, 3, 31)),
        ("31.03.2027", dt.date(2027, 3, 31)),
        ("3/31/2027", dt.date(2027, 3, 31)),
        ("March 31, 2027", dt.date(2027, 3, 31)),
        ("31 Mar 2027", dt.date(2027, 3, 31)),
        ("ngày 15/02/2027", dt.date(2027, 2, 15)),
        ("tháng 3/2027", dt.date(2027, 3, 31)),
        ("Q2 2027", dt.date(2027, 6, 30)),
    ],
)
def test_dates_are_read_in_common_forms(written: str, day: dt.date):
    reading = read_date(written)

    assert reading is not None and (reading.value, reading.ambiguous) == (day, None)


def test_day_and_month_that_could_swap_are_read_day_first_and_flagged():
    reading = read_date("03/04/2027")

    assert reading is not None and reading.value == dt.date(2027, 4, 3)
    assert (
        reading.ambiguous is not None and "day/month or month/day" in reading.ambiguous
    )


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Q1 2027", "2027-Q1"),
        ("Quý 1/2027", "2027-Q1"),
        ("OKR quý I năm 2027", "2027-Q1"),
        ("2027-Q3", "2027-Q3"),
        ("H2 2027", "2027-H2"),
    ],
)
def test_cycles_are_read_from_titles(written: str, name: str):
    cycle = read_cycle(written)

    assert cycle is not None and cycle[0] == name


@pytest.mark.parametrize(
    ("written", "value"),
    [("70%", 0.7), ("0.7", 0.7), ("0,7", 0.7), ("7/10", 0.7), ("7", 0.7)],
)
def test_confidence_is_read_on_any_common_scale(written: str, value: float):
    assert read_fraction(written) == pytest.approx(value)
