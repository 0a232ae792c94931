"""Strict parsing of the book's dates, month-days and cadences.

The rule is: ISO first, other spellings only when they cannot be misread, and
an ambiguous value is an error, never a guess. A date order ("DMY" or "MDY")
set in aftersale.toml decides numeric dates such as 03/04/2026, but never
changes how an ISO date is read.

Dates written for people in the tool's own messages are here too: `short()`,
"Nov 20", with the year only when it is not this year's.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from aftersale.text import quoted

DateOrder = Literal["DMY", "MDY"]

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_NUMERIC = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$")
_MONTH_NAME_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")
_SERIAL = re.compile(r"^\d{4,6}(\.\d+)?$")

EMPTY_HINT = "leave the cell empty when the date is not known"


class DateError(ValueError):
    """A value that is not an acceptable date; the message says what was expected."""


def _make(year: int, month: int, day: int, raw: str) -> date:
    if not 1 <= year <= 9999:
        raise DateError(f"year {year} is out of range in {quoted(raw)}")
    if not 1 <= month <= 12:
        raise DateError(f"month {month} is out of range in {quoted(raw)}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"day {day} is out of range for {calendar.month_name[month]} {year}")
    return date(year, month, day)


def _iso(text: str) -> date | None:
    """Parse YYYY-MM-DD (or an ISO date-time, keeping its date); None if not ISO-shaped."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            year, month, day = text.split("-")
            if year.isdigit() and month.isdigit() and day.isdigit():
                return _make(int(year), int(month), int(day), text)
            raise DateError(f"expected a date as YYYY-MM-DD, got {quoted(text)}") from None
    if _ISO_DATETIME.match(text):
        try:
            return datetime.fromisoformat(text.replace(" ", "T", 1)).date()
        except ValueError:
            raise DateError(
                f"expected a date-time as YYYY-MM-DDTHH:MM[:SS][+HH:MM], got {quoted(text)}"
            ) from None
    return None


def parse_date(value: object, order: DateOrder | None = None) -> tuple[date, DateOrder | None]:
    """Parse one date strictly; return it with the day/month order it revealed, if any.

    The revealed order lets a loader refuse a column that mixes 23.11.2026 and
    11/23/2026 when no order is configured.
    """
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if not isinstance(value, str):
        raise DateError(f"expected a date as YYYY-MM-DD, got {quoted(value)}")
    text = value.strip()
    iso = _iso(text)
    if iso is not None:
        return iso, None
    match = _NUMERIC.match(text)
    if match:
        return _numeric(match, text, order)
    lowered = text.lower()
    for pattern, day_group, month_group in ((_DAY_MONTH_NAME, 1, 2), (_MONTH_NAME_DAY, 2, 1)):
        named = pattern.match(lowered)
        if named and named.group(month_group) in MONTHS:
            month = MONTHS[named.group(month_group)]
            return _make(int(named.group(3)), month, int(named.group(day_group)), text), None
    if _SERIAL.match(text):
        raise DateError(
            f"expected a date as YYYY-MM-DD, got {quoted(text)}, which looks like a spreadsheet "
            "serial number; format the column as a date before saving"
        )
    raise DateError(f"expected a date as YYYY-MM-DD, got {quoted(text)}")


def _numeric(
    match: re.Match[str], text: str, order: DateOrder | None
) -> tuple[date, DateOrder | None]:
    first, _, second, third = match.groups()
    if len(first) == 4:
        return _make(int(first), int(second), int(third), text), None
    if len(third) != 4:
        raise DateError(f"expected a four-digit year in {quoted(text)}; write it as YYYY-MM-DD")
    a, b, year = int(first), int(second), int(third)
    if order is not None:
        day, month = (a, b) if order == "DMY" else (b, a)
        try:
            return _make(year, month, day, text), order
        except DateError as error:
            reading = "day first" if order == "DMY" else "month first"
            raise DateError(f'{error} (read {reading}, as date_order = "{order}" says)') from None
    if a == b:
        return _make(year, a, b, text), None
    if a > 12 >= b:
        return _make(year, b, a, text), "DMY"
    if b > 12 >= a:
        return _make(year, a, b, text), "MDY"
    if a > 12 and b > 12:
        raise DateError(f"neither part of {quoted(text)} can be a month")
    raise DateError(
        f"ambiguous date {quoted(text)}: day-month or month-day? Write it as YYYY-MM-DD, "
        'or set date_order = "DMY" (or "MDY") in aftersale.toml'
    )


@dataclass(frozen=True, slots=True, order=True)
class MonthDay:
    """A yearly date such as a birthday: month and day, with the year when known."""

    month: int
    day: int
    year: int | None = None

    def in_year(self, year: int) -> date:
        """This month-day in `year`; 29 February falls on 28 February in common years."""
        if self.month == 2 and self.day == 29 and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def next_on_or_after(self, day: date) -> date:
        this_year = self.in_year(day.year)
        return this_year if this_year >= day else self.in_year(day.year + 1)

    def __str__(self) -> str:
        if self.year is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class NamedDate:
    """A person's own yearly date with what it is: `wedding 06-12`, `founded 1998-03-01`."""

    label: str
    when: MonthDay

    def __str__(self) -> str:
        return f"{self.label} {self.when}"


def parse_named_dates(value: object, order: DateOrder | None = None) -> tuple[NamedDate, ...]:
    """`wedding 06-12; founded 1998-03-01` (or a list of such items): a label, then a date."""
    if isinstance(value, tuple | list):
        items = [str(item) for item in value]
    elif isinstance(value, str):
        items = value.split(";")
    else:
        raise DateError(
            f'expected dates such as "wedding 06-12; founded 1998-03-01", got {value!r}'
        )
    found = []
    for item in items:
        text = item.strip()
        if not text:
            continue
        label, _, when = text.rpartition(" ")
        if not label.strip():
            raise DateError(
                f'expected what the date is, then the date ("wedding 06-12"), got {quoted(text)}'
            )
        found.append(NamedDate(label.strip(), parse_month_day(when, order)))
    return tuple(found)


def parse_month_day(value: object, order: DateOrder | None = None) -> MonthDay:
    """A full date or a year-less MM-DD (also --MM-DD); year-less dates are allowed only here."""
    if isinstance(value, MonthDay):
        return value
    if isinstance(value, str):
        match = _MONTH_DAY.match(value.strip())
        if match:
            month, day = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise DateError(f"expected MM-DD, got {quoted(value.strip())} (month {month})")
            if not 1 <= day <= calendar.monthrange(2000, month)[1]:
                raise DateError(f"day {day} is out of range for {calendar.month_name[month]}")
            return MonthDay(month, day)
    try:
        full, _ = parse_date(value, order)
    except DateError as error:
        raise DateError(f"{error} (or MM-DD when the year is not known)") from None
    return MonthDay(full.month, full.day, full.year)


_CADENCE = re.compile(r"^(\d+)\s*(d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years)$")
_CADENCE_WORDS = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "biweekly": (2, "w"),
    "fortnightly": (2, "w"),
    "monthly": (1, "m"),
    "bimonthly": (2, "m"),
    "quarterly": (3, "m"),
    "semiannually": (6, "m"),
    "halfyearly": (6, "m"),
    "yearly": (1, "y"),
    "annually": (1, "y"),
}


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often to keep in touch: every N days/weeks/months/years, or an RFC 5545 RRULE."""

    count: int = 0
    unit: Literal["d", "w", "m", "y", ""] = ""
    rrule: str | None = None

    def next_after(self, day: date) -> date:
        """The first date the cadence falls due after contact on `day`."""
        if self.rrule is not None:
            from dateutil.rrule import rrulestr

            rule = rrulestr(self.rrule, dtstart=datetime.combine(day, datetime.min.time()))
            following = rule.after(datetime.combine(day, datetime.min.time()))
            return following.date() if following is not None else date.max
        if self.unit == "d":
            return day + timedelta(days=self.count)
        if self.unit == "w":
            return day + timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        return add_months(day, months)

    def period_on(self, first: date, day: date) -> tuple[date | None, date, date]:
        """The rhythm's dates around `day` for a rhythm whose first date is `first`.

        Returns (previous, current, following): `current` is the latest date of
        the rhythm on or before `day` (or `first` when that is still ahead),
        `following` the one after it, and `previous` the one before it, if any.
        Fixed rhythms jump straight there; an RRULE is walked.
        """
        if day < first:
            return None, first, self.next_after(first)
        if self.rrule is None and self.unit in ("d", "w"):
            step = self.count * (7 if self.unit == "w" else 1)
            k = (day - first).days // step
            current = first + timedelta(days=k * step)
            previous = current - timedelta(days=step) if k else None
            return previous, current, current + timedelta(days=step)
        if self.rrule is None:
            months = self.count * (12 if self.unit == "y" else 1)
            k = ((day.year - first.year) * 12 + day.month - first.month) // months
            while k > 0 and add_months(first, k * months) > day:
                k -= 1
            current = add_months(first, k * months)
            previous = add_months(first, (k - 1) * months) if k else None
            return previous, current, add_months(first, (k + 1) * months)
        previous, current = None, first
        following = self.next_after(current)
        while following <= day:
            previous, current = current, following
            following = self.next_after(current)
        return previous, current, following

    def every(self) -> str:
        """In words: 'every month', 'every 2 weeks', 'on the rule RRULE:...'."""
        if self.rrule is not None:
            return f"on the rule RRULE:{self.rrule}"
        name = {"d": "day", "w": "week", "m": "month", "y": "year"}[self.unit or "d"]
        return f"every {name}" if self.count == 1 else f"every {self.count} {name}s"

    def __str__(self) -> str:
        return f"RRULE:{self.rrule}" if self.rrule is not None else f"{self.count}{self.unit}"


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's last day (31 Jan + 1m = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def parse_cadence(value: object) -> Cadence:
    if isinstance(value, Cadence):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return Cadence(value, "d")
    if not isinstance(value, str):
        raise ValueError(
            f"expected a cadence such as 14d, 2w, 1m or quarterly, got {quoted(value)}"
        )
    text = value.strip().lower()
    if text in _CADENCE_WORDS:
        count, unit = _CADENCE_WORDS[text]
        return Cadence(count, unit)  # type: ignore[arg-type]
    match = _CADENCE.match(text)
    if match:
        count = int(match.group(1))
        if count == 0:
            raise ValueError(f"a cadence must be at least 1, got {quoted(value)}")
        return Cadence(count, match.group(2)[0])  # type: ignore[arg-type]
    if text.startswith(("rrule:", "freq=")):
        return _parse_rrule(value.strip())
    raise ValueError(
        f"expected a cadence such as 14d, 2w, 1m, quarterly or RRULE:FREQ=..., got {quoted(value)}"
    )


def _parse_rrule(text: str) -> Cadence:
    from dateutil.rrule import rrulestr

    body = text[6:] if text.lower().startswith("rrule:") else text
    try:
        rrulestr(body, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a valid RRULE ({error}): {quoted(text)}") from None
    return Cadence(rrule=body)


_BACK = re.compile(r"^-(\d{1,5})\s*(d|days?|w|weeks?)$")


def parse_relative(text: str, today: date) -> date:
    """A date given on the command line: ISO, `today`, `tomorrow`, `yesterday`,
    `+3d` / `+2w` / `+1m`, or days and weeks back: `-2d` / `-1w`."""
    lowered = text.strip().lower()
    if lowered == "today":
        return today
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    if lowered == "yesterday":
        return today - timedelta(days=1)
    back = _BACK.match(lowered)
    if back:
        weeks = back.group(2).startswith("w")
        return today - timedelta(days=int(back.group(1)) * (7 if weeks else 1))
    if lowered.startswith("+"):
        cadence = parse_cadence(lowered[1:])
        try:
            return cadence.next_after(today)
        except (OverflowError, ValueError):
            raise DateError(f"{text.strip()} is further ahead than any calendar goes") from None
    return parse_date(text)[0]


_MONTH_ABBR = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def short(day: date, today: date | None = None) -> str:
    """'Nov 20', with the year when it is not this year's."""
    text = f"{_MONTH_ABBR[day.month]} {day.day}"
    if today is not None and day.year != today.year:
        text += f", {day.year}"
    return text
