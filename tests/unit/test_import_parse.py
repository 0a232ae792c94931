"""Values as exporters write them: money, dates decided per column, year-less birthdays."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersale.dates import MonthDay
from aftersale.importing.parse import (
    ColumnError,
    decide_mark,
    decide_order,
    parse_birthday,
    parse_day,
    parse_money,
    revealed_order,
    split_values,
)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$15,712.50", 15712.50, "USD"),
        ("12.500,00 €", 12500.00, "EUR"),
        ("CN¥ 88,000", 88000.0, "CNY"),
        ("UAH 250000", 250000.0, "UAH"),
        ("1250.5", 1250.5, None),
        ("£ 99", 99.0, "GBP"),
        ("4 200,00 ₴", 4200.0, "UAH"),
    ],
)
def test_money_as_exporters_write_it(text: str, amount: float, currency: str | None) -> None:
    mark = decide_mark("Amount", [text])
    money = parse_money(text, mark)
    assert money.amount == amount
    assert money.currency == currency


def test_a_money_columns_decimal_mark_comes_from_all_its_values() -> None:
    cells = ["1.234", "12.500,00 €"]
    assert decide_mark("Amount", cells) == ","
    assert decide_mark("Amount", ["1,234", "$15,712.50"]) == "."
    assert parse_money("1,234", ".").amount == 1234.0


def test_a_money_column_mixing_decimal_marks_is_refused() -> None:
    with pytest.raises(ColumnError, match="mixes"):
        decide_mark("Amount", ["1,234.50", "1.234,50"])


def test_an_amount_that_is_not_one_is_explained() -> None:
    with pytest.raises(ValueError, match=r"expected an amount such as 1250.50 or \$1,250.50"):
        parse_money("soon", ".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/20/2026", date(2026, 11, 20)),
        ("4/8/2025 17:19", date(2025, 4, 8)),
        ("2026-11-20 14:05:00", date(2026, 11, 20)),
        ("2026-11-20T14:05:00Z", date(2026, 11, 20)),
        ("11/20/2026 9:14 AM", date(2026, 11, 20)),
    ],
)
def test_dates_and_datetimes_of_a_month_first_column(text: str, expected: date) -> None:
    order = decide_order("Close Date", ["11/20/2026", text])
    assert parse_day(text, order) == expected


def test_a_column_is_decided_by_any_of_its_values() -> None:
    assert decide_order("Date", ["04/08/2025", "20/11/2026"]) == "DMY"
    assert parse_day("04/08/2025", "DMY") == date(2025, 8, 4)


def test_an_undecidable_column_asks_for_dayfirst_or_monthfirst() -> None:
    with pytest.raises(ColumnError, match="--dayfirst or --monthfirst"):
        decide_order("Date", ["04/08/2025", "03/02/2026"])
    assert decide_order("Date", ["04/08/2025"], forced="MDY") == "MDY"


def test_a_column_mixing_orders_is_refused() -> None:
    with pytest.raises(ColumnError, match="mixes"):
        decide_order("Date", ["20/11/2026", "11/20/2026"])


def test_a_value_contradicting_a_forced_order_is_an_error_of_its_row() -> None:
    with pytest.raises(ValueError, match=r"out of range|month"):
        parse_day("20/11/2026", "MDY")


numeric_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(st.lists(numeric_dates, min_size=1, max_size=12), st.sampled_from(["DMY", "MDY"]))
def test_a_columns_order_never_disagrees_with_a_value_read_on_its_own(
    days: list[date], order: str
) -> None:
    def spell(day: date) -> str:
        first, second = (day.day, day.month) if order == "DMY" else (day.month, day.day)
        return f"{first}/{second}/{day.year}"

    cells = [spell(day) for day in days]
    try:
        decided = decide_order("Date", cells)
    except ColumnError:
        assert all(revealed_order(cell) is None for cell in cells)
        return
    for cell, day in zip(cells, days, strict=True):
        alone = revealed_order(cell)
        assert alone is None or alone == decided
        assert parse_day(cell, decided) == day


@pytest.mark.parametrize(
    ("text", "omit", "expected"),
    [
        ("--03-14", None, MonthDay(3, 14)),
        ("--0314", None, MonthDay(3, 14)),
        ("1604-03-14", "1604", MonthDay(3, 14)),
        ("1980-03-14", None, MonthDay(3, 14, 1980)),
        ("19800314", None, MonthDay(3, 14, 1980)),
        ("19531015T231000Z", None, MonthDay(10, 15, 1953)),
        ("1953-10-15T23:10:00", None, MonthDay(10, 15, 1953)),
    ],
)
def test_birthdays_with_and_without_a_year(text: str, omit: str | None, expected: MonthDay) -> None:
    assert parse_birthday(text, None, omit) == expected


def test_several_values_in_one_cell() -> None:
    assert split_values("a@x.example ::: b@x.example") == ["a@x.example", "b@x.example"]
    assert split_values("+1 555 0100; +1 555 0101") == ["+1 555 0100", "+1 555 0101"]
