"""Values as exporters write them: money, dates and date-times, year-less birthdays, lists.

Two decisions are taken per column, from all of its values, never per value:
the day/month order of numeric dates and the decimal mark of amounts. A value
that contradicts its column is an error of its row; a column that no value
decides is an error of the file (the user says `--dayfirst` or `--monthfirst`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from aftersale.dates import DateError, DateOrder, MonthDay, parse_date, parse_month_day
from aftersale.text import quoted

# --- lists ---------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"\s+:::\s+|\s*;\s*|\n")


def split_values(text: str) -> list[str]:
    """Several values in one cell: ` ::: ` (Google), `;` or one per line."""
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


# --- dates ---------------------------------------------------------------------------------

_TIME = re.compile(
    r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)$"
)
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
# Outlook writes 0/0/00 for a birthday it does not know.
_EMPTY = {"", "-", "--", "n/a", "na", "none", "null", "0/0/00", "0/0/0000", "00/00/0000"}


def date_part(text: str) -> str:
    """The date of a date-time as exporters write it (`4/8/2025 17:19`, `2026-11-20 14:05:00`)."""
    return _TIME.sub("", text.strip()).strip().rstrip(",")


def is_empty(text: str) -> bool:
    return text.strip().casefold() in _EMPTY


def revealed_order(text: str) -> DateOrder | None:
    """The day/month order one value shows on its own (`20/11/2026` is day first), if any."""
    match = _NUMERIC.match(date_part(text))
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return "DMY"
    if second > 12 >= first:
        return "MDY"
    return None


def is_ambiguous(text: str) -> bool:
    """Whether a value could be read either way (`04/08/2025`)."""
    match = _NUMERIC.match(date_part(text))
    if not match:
        return False
    first, second = int(match.group(1)), int(match.group(3))
    return first != second and first <= 12 and second <= 12


class ColumnError(ValueError):
    """A column that cannot be read as a whole: mixed orders, or no way to decide."""


def decide_order(
    column: str, values: Iterable[str], forced: DateOrder | None = None
) -> DateOrder | None:
    """The day/month order of a whole column, from all its values; never a guess.

    With `forced` (from --dayfirst or --monthfirst) that order is used; values
    that contradict it are reported row by row when parsed.
    """
    if forced is not None:
        return forced
    seen: dict[DateOrder, str] = {}
    ambiguous: str | None = None
    for value in values:
        order = revealed_order(value)
        if order is not None:
            seen.setdefault(order, value.strip())
        elif ambiguous is None and is_ambiguous(value):
            ambiguous = value.strip()
    if len(seen) > 1:
        raise ColumnError(
            f"column {quoted(column)} mixes day-first dates such as {quoted(seen['DMY'])} "
            f"and month-first dates such as {quoted(seen['MDY'])}; fix the file, or say "
            "--dayfirst or --monthfirst and the others are reported"
        )
    if seen:
        return next(iter(seen))
    if ambiguous is not None:
        raise ColumnError(
            f"column {quoted(column)} has dates such as {quoted(ambiguous)} that read either "
            "day first or month first, and no date in it decides; say --dayfirst or "
            "--monthfirst"
        )
    return None


def parse_day(text: str, order: DateOrder | None) -> date:
    """One date or date-time of a column whose order is decided; the time is dropped."""
    part = date_part(text)
    try:
        parsed, _ = parse_date(part, order)
    except DateError as error:
        raise ValueError(str(error)) from None
    return parsed


_YEARLESS = re.compile(r"^--(\d{2})-?(\d{2})$")


def parse_birthday(text: str, order: DateOrder | None, omit_year: str | None = None) -> MonthDay:
    """A birthday: a full date, or a year-less `--03-14` / `--0314`; `omit_year` is the
    placeholder year an iPhone writes when the year is unknown (X-APPLE-OMIT-YEAR=1604)."""
    value = text.strip()
    match = _YEARLESS.match(value)
    if match:
        return parse_month_day(f"{match.group(1)}-{match.group(2)}")
    basic = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?", value)
    if basic:  # vCard's basic format, with or without a time: 19531015T231000Z
        value = f"{basic.group(1)}-{basic.group(2)}-{basic.group(3)}"
    day = parse_day(value, order)
    if omit_year is not None and str(day.year) == omit_year.strip():
        return MonthDay(day.month, day.day)
    return MonthDay(day.month, day.day, day.year)


# --- money ---------------------------------------------------------------------------------

# Symbols and words exporters put next to amounts, to ISO 4217 codes. A lone `¥` or `kr`
# names several currencies and gives none.
_SYMBOLS = {
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "cn¥": "CNY",
    "rmb": "CNY",
    "元": "CNY",
    "jp¥": "JPY",
    "円": "JPY",
    "₴": "UAH",
    "грн": "UAH",
    "грн.": "UAH",
    "₽": "RUB",
    "\u0440\u0443\u0431": "RUB",  # the Russian abbreviation, spelled out for the linter
    "\u0440\u0443\u0431.": "RUB",
    "₹": "INR",
    "zł": "PLN",
    "₩": "KRW",
    "₺": "TRY",
    "r$": "BRL",
    "a$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "chf": "CHF",
    "fr.": "CHF",
    "¥": "",
    "kr": "",
    "kr.": "",
}
_CODE = re.compile(r"^[A-Z]{3}$")
_NUMBER = re.compile(r"[-+]?\d[\d.,'\s\u00a0\u202f]*")


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str | None


def _split_money(text: str) -> tuple[str, str]:
    """(number, the rest) of a cell such as `$15,712.50` or `12.500,00 €`."""
    found = _NUMBER.search(text)
    if not found:
        raise ValueError(f"expected an amount such as 1250.50 or $1,250.50, got {quoted(text)}")
    number = found.group(0).strip()
    rest = (text[: found.start()] + " " + text[found.end() :]).strip()
    return number, rest


def _currency(rest: str) -> str | None:
    key = rest.strip().casefold()
    if not key:
        return None
    if key in _SYMBOLS:
        return _SYMBOLS[key] or None
    if _CODE.match(rest.strip().upper()) and rest.strip().isalpha():
        return rest.strip().upper()
    raise ValueError(f"unknown currency {quoted(rest)}")


def revealed_mark(number: str) -> str | None:
    """The decimal mark one number shows on its own: `1.234,50` says `,`; `1,234` says nothing."""
    digits = re.sub(r"[\s\u00a0\u202f']", "", number)
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        return "." if digits.rfind(".") > digits.rfind(",") else ","
    for mark, count in ((".", dots), (",", commas)):
        if count > 1:
            return "," if mark == "." else "."
        if count == 1:
            decimals = len(digits) - digits.rfind(mark) - 1
            return None if decimals == 3 else mark
    return None


def decide_mark(column: str, cells: Iterable[str]) -> str:
    """The decimal mark of a whole money column; `.` when nothing says otherwise."""
    seen: dict[str, str] = {}
    for cell in cells:
        try:
            number, _ = _split_money(cell)
        except ValueError:
            continue
        mark = revealed_mark(number)
        if mark is not None:
            seen.setdefault(mark, cell.strip())
    if len(seen) > 1:
        raise ColumnError(
            f"column {quoted(column)} mixes {quoted(seen['.'])} (decimal point) and "
            f"{quoted(seen[','])} (decimal comma)"
        )
    return next(iter(seen), ".")


def parse_money(text: str, mark: str = ".") -> Money:
    """An amount with its currency, read with the column's decimal mark."""
    number, rest = _split_money(text.strip())
    currency = _currency(rest)
    digits = re.sub(r"[\s\u00a0\u202f']", "", number)
    other = "," if mark == "." else "."
    shown = revealed_mark(digits)
    if shown is not None and shown != mark:
        raise ValueError(
            f"{quoted(text)} has {quoted(shown)} as its decimal mark, but the rest of its "
            f"column uses {quoted(mark)}"
        )
    if mark == "," and shown is None and "," in digits:
        raise ValueError(
            f"{quoted(text)} reads as a thousands separator or a decimal comma; write the "
            "amount with its decimals (88.000,00)"
        )
    plain = digits.replace(other, "").replace(mark, ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", plain):
        raise ValueError(f"expected an amount such as 1250.50 or $1,250.50, got {quoted(text)}")
    return Money(float(plain), currency)
