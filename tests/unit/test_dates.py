"""Dates are read strictly: ISO first, other spellings only when unambiguous, never a guess."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersale.dates import (
    Cadence,
    DateError,
    MonthDay,
    add_months,
    parse_cadence,
    parse_date,
    parse_month_day,
    parse_relative,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23", date(2026, 11, 23)),
        (" 2026-11-23 ", date(2026, 11, 23)),
        ("2026-11-23T10:00", date(2026, 11, 23)),
        ("2026-11-23 23:59:59+08:00", date(2026, 11, 23)),
        ("23.11.2026", date(2026, 11, 23)),
        ("11/23/2026", date(2026, 11, 23)),
        ("2026/11/23", date(2026, 11, 23)),
        ("05/05/2026", date(2026, 5, 5)),
        ("23 Nov 2026", date(2026, 11, 23)),
        ("November 23, 2026", date(2026, 11, 23)),
        ("Sept 3rd, 2026", date(2026, 9, 3)),
    ],
)
def test_unambiguous_spellings_are_read(text: str, expected: date) -> None:
    assert parse_date(text)[0] == expected


@pytest.mark.parametrize("order", ["DMY", "MDY"])
def test_iso_is_never_flipped_by_the_date_order(order: str) -> None:
    assert parse_date("2026-01-02", order)[0] == date(2026, 1, 2)  # type: ignore[arg-type]


def test_ambiguous_date_is_an_error_naming_the_setting() -> None:
    with pytest.raises(DateError, match=r"ambiguous.*date_order"):
        parse_date("01.02.2026")


def test_configured_order_decides_numeric_dates() -> None:
    assert parse_date("01.02.2026", "DMY")[0] == date(2026, 2, 1)
    assert parse_date("01.02.2026", "MDY")[0] == date(2026, 1, 2)


def test_configured_order_rejects_the_other_order_instead_of_flipping() -> None:
    with pytest.raises(DateError, match="month 23"):
        parse_date("11/23/2026", "DMY")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("29.02.2026", "day 29 is out of range for February 2026"),
        ("31/04/2026", "day 31 is out of range for April 2026"),
        ("2026-13-01", "month 13 is out of range"),
        ("2026-02-30", "day 30 is out of range"),
        ("0", "expected a date"),
        ("TBD", "expected a date"),
        ("N/A", "expected a date"),
        ("46349", "spreadsheet serial number"),
        ("11/23", "expected a date"),
        ("Feb 29", "expected a date"),
        ("1/2/26", "four-digit year"),
        ("2026-11-23T10:00 PST", "expected a date-time"),
    ],
)
def test_bad_dates_are_errors_never_guesses(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(text)


def test_numbers_are_never_unix_timestamps() -> None:
    with pytest.raises(DateError):
        parse_date(0)


def test_month_day_allows_year_less_dates_and_leap_day() -> None:
    assert parse_month_day("02-29") == MonthDay(2, 29)
    assert parse_month_day("--12-24") == MonthDay(12, 24)
    assert parse_month_day("1980-06-30") == MonthDay(6, 30, 1980)
    with pytest.raises(DateError, match="day 30 is out of range for February"):
        parse_month_day("02-30")
    with pytest.raises(DateError, match="MM-DD"):
        parse_month_day("13-01")


def test_leap_day_birthday_falls_on_28_february_in_common_years() -> None:
    leap = MonthDay(2, 29)
    assert leap.in_year(2026) == date(2026, 2, 28)
    assert leap.in_year(2028) == date(2028, 2, 29)
    assert leap.next_on_or_after(date(2026, 3, 1)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "after", "expected"),
    [
        ("14d", date(2026, 1, 1), date(2026, 1, 15)),
        ("2w", date(2026, 1, 1), date(2026, 1, 15)),
        ("1m", date(2026, 1, 31), date(2026, 2, 28)),
        ("quarterly", date(2026, 11, 30), date(2027, 2, 28)),
        ("1y", date(2024, 2, 29), date(2025, 2, 28)),
        ("Monthly", date(2026, 5, 10), date(2026, 6, 10)),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO", date(2026, 11, 23), date(2026, 11, 30)),
    ],
)
def test_each_cadence_names_the_next_date_after_a_given_day(
    text: str, after: date, expected: date
) -> None:
    assert parse_cadence(text).next_after(after) == expected


@pytest.mark.parametrize("text", ["0d", "every week", "FREQ=SOMETIMES", "-1m", ""])
def test_bad_cadences_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match=r"cadence|RRULE"):
        parse_cadence(text)


def test_relative_dates_for_the_command_line() -> None:
    today = date(2026, 11, 23)
    assert parse_relative("+3d", today) == date(2026, 11, 26)
    assert parse_relative("+2w", today) == date(2026, 12, 7)
    assert parse_relative("tomorrow", today) == date(2026, 11, 24)
    assert parse_relative("2026-12-01", today) == date(2026, 12, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_round_trips_in_each_spelling(day: date) -> None:
    assert parse_date(day.isoformat())[0] == day
    assert parse_date(day.strftime("%d.%m.%Y"), "DMY")[0] == day
    assert parse_date(day.strftime("%m/%d/%Y"), "MDY")[0] == day


@given(st.dates(), st.integers(min_value=-400, max_value=400))
def test_add_months_stays_inside_the_target_month(day: date, months: int) -> None:
    try:
        moved = add_months(day, months)
    except ValueError:
        return  # beyond year 1..9999
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


@given(st.text(max_size=40))
def test_parsing_arbitrary_text_raises_only_date_errors(text: str) -> None:
    with contextlib.suppress(DateError):
        parse_date(text)
    with contextlib.suppress(ValueError):
        parse_cadence(text)


def test_a_cadence_reads_back_as_the_words_it_was_written_in() -> None:
    assert str(Cadence(2, "w")) == "2w"
    assert str(parse_cadence("RRULE:FREQ=MONTHLY")) == "RRULE:FREQ=MONTHLY"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yesterday", date(2026, 12, 1)), ("-2d", date(2026, 11, 30)), ("-1w", date(2026, 11, 25))],
)
def test_days_back_on_the_command_line(text: str, expected: date) -> None:
    from aftersale.dates import parse_relative

    assert parse_relative(text, date(2026, 12, 2)) == expected
