"""Field types of the book: how a cell of text (or a TOML value) becomes a typed value.

Each type is a pydantic `Annotated` type whose validator gives a message in the
user's terms ("expected ..., got ..."). Settings that change how text is read
(date order, decimal mark) arrive through the validation context, so the
same models serve every file.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, ValidationInfo

from aftersale.dates import (
    EMPTY_HINT,
    Cadence,
    DateError,
    DateOrder,
    MonthDay,
    NamedDate,
    parse_cadence,
    parse_date,
    parse_month_day,
    parse_named_dates,
)
from aftersale.text import quoted


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context if isinstance(info.context, dict) else {}


# A spreadsheet's date-time (`11/20/2026 9:14 AM`, `4/8/2025 17:19`): its date is used.
_NUMERIC_DATETIME = re.compile(
    r"^(\d{1,2}[./-]\d{1,2}[./-]\d{4})[ T]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?$"
)


def _to_date(value: Any, info: ValidationInfo) -> date:
    context = _context(info)
    order: DateOrder | None = context.get("date_order")
    day = value
    if isinstance(value, str) and ":" in value:
        timed = _NUMERIC_DATETIME.match(value.strip())
        day = timed.group(1) if timed else value
    try:
        parsed, revealed = parse_date(day, order)
    except DateError as error:
        message = str(error)
        if isinstance(value, str) and not value.strip():
            message = f"expected a date as YYYY-MM-DD; {EMPTY_HINT}"
        raise ValueError(message) from None
    if revealed is not None and order is None:
        seen: dict[str, tuple[str, str]] = context.setdefault("orders_seen", {})
        key = info.field_name or ""
        first = seen.setdefault(key, (revealed, str(value).strip()))
        if first[0] != revealed:
            names = {"DMY": "day-month", "MDY": "month-day"}
            raise ValueError(
                f"{quoted(str(value).strip())} can only be {names[revealed]}, but "
                f"{quoted(first[1])} earlier in this column can only be {names[first[0]]}; "
                "write dates as YYYY-MM-DD, or set date_order in aftersale.toml"
            )
    return parsed


def _to_month_day(value: Any, info: ValidationInfo) -> MonthDay:
    try:
        return parse_month_day(value, _context(info).get("date_order"))
    except DateError as error:
        raise ValueError(str(error)) from None


def _to_named_dates(value: Any, info: ValidationInfo) -> tuple[NamedDate, ...]:
    if isinstance(value, tuple) and all(isinstance(item, NamedDate) for item in value):
        return value
    try:
        return parse_named_dates(value, _context(info).get("date_order"))
    except DateError as error:
        raise ValueError(str(error)) from None


def _serialize_named_dates(value: tuple[NamedDate, ...]) -> str:
    return "; ".join(str(item) for item in value)


@functools.lru_cache(maxsize=1024)
def _cadence_of_text(text: str) -> Cadence:
    """A book repeats a few rhythms thousands of times; a Cadence is immutable, so share it."""
    return parse_cadence(text)


def _to_cadence(value: Any) -> Cadence:
    return _cadence_of_text(value) if isinstance(value, str) else parse_cadence(value)


_PLAIN = {".": re.compile(r"^[+-]?\d+(\.\d+)?$"), ",": re.compile(r"^[+-]?\d+(,\d+)?$")}
_THOUSANDS = {
    ".": re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"),
    ",": re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"),
}


# A currency sign or ISO code written next to an amount ($1,250.50, 1.250,50 €, EUR 99).
_CURRENCY = re.compile(r"^(?:[$€£¥₴₽₹₩]|[A-Z]{3})\s*|\s*(?:[$€£¥₴₽₹₩]|[A-Z]{3})$")


def _to_amount(value: Any, info: ValidationInfo) -> Any:
    """Read a money amount with the book's decimal mark; never misread 1.234,50 as 1.2345."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a number such as 1250.50, got {quoted(value)}")
    if not isinstance(value, str):
        return value
    mark = _context(info).get("decimal_mark", ".")
    stripped = _CURRENCY.sub("", value.strip(), count=1)
    text = stripped.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    other = "," if mark == "." else "."
    if _PLAIN[mark].match(text) or _THOUSANDS[mark].match(text):
        return float(text.replace(other, "").replace(mark, "."))
    example = "1250.50 or $1,250.50" if mark == "." else "1250,50 or 1.250,50 €"
    hint = (
        f'; this book reads "{mark}" as the decimal mark (decimal_mark in aftersale.toml)'
        if (other in text and _THOUSANDS[other].match(text)) or _PLAIN[other].match(text)
        else ""
    )
    raise ValueError(f"expected a number such as {example}, got {quoted(value)}{hint}")


def _to_share(value: Any) -> Any:
    """A share of wallet: 0.4, "0.4" or "40%"."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number = value.strip()[:-1].strip().replace(",", ".")
        try:
            return float(number) / 100
        except ValueError:
            raise ValueError(f"expected a share such as 0.4 or 40%, got {quoted(value)}") from None
    return value


def _check_share(value: float) -> float:
    if not 0 <= value <= 1:
        raise ValueError(f"expected a share between 0 and 1 (or 0% to 100%), got {value:g}")
    return value


_LABEL = r"[A-Za-z0-9\u00a0-\uffff]"
_EMAIL = re.compile(rf"^[^@\s,;<>\"]+@{_LABEL}(?:[A-Za-z0-9\u00a0-\uffff.\-]*{_LABEL})?$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"expected an email address such as name@example.com, got {quoted(value)}")
    return value


def _to_list(value: Any) -> Any:
    """A list from a TOML array or from a `;`-separated cell."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return value


def _to_id(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


_SPACE = re.compile(r"\s")


def _check_id(value: str) -> str:
    if not value:
        raise ValueError("an id cannot be empty")
    if not value.isprintable() or _SPACE.search(value):
        raise ValueError(f"an id cannot contain spaces or control characters, got {quoted(value)}")
    return value


_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def _to_month(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _MONTH_NAMES:
            return _MONTH_NAMES[text]
        if not text.isdigit():
            raise ValueError(
                f"expected a month (1-12 or a name such as March), got {quoted(value)}"
            )
    return value


@functools.lru_cache(maxsize=4096)
def normalize_token(text: str) -> str:
    """How enum values and headers are compared: case, spaces, dashes and accents aside."""
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    return re.sub(r"[\s\-./]+", "_", folded).strip("_")


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


E = TypeVar("E", bound=Enum)


def enum_field(enum: type[E], aliases: dict[str, str] | None = None) -> BeforeValidator:
    """A lenient reader for an enum: any case, spaces or dashes, plus a few synonyms."""
    names = [str(member.value) for member in enum]
    table = {name: name for name in names} | (aliases or {})

    exact = {name: enum(name) for name in names}

    def convert(value: Any) -> Any:
        if isinstance(value, enum):
            return value
        member = exact.get(value) if isinstance(value, str) else None
        if member is not None:
            return member
        if not isinstance(value, str):
            raise ValueError(f"expected one of {', '.join(names)}, got {quoted(value)}")
        key = normalize_token(value)
        if key in table:
            return enum(table[key])
        raise ValueError(
            f"expected one of {', '.join(names)}, got {quoted(value)}{did_you_mean(key, names)}"
        )

    return BeforeValidator(convert)


def _serialize_str(value: object) -> str:
    return str(value)


BookDate = Annotated[date, BeforeValidator(_to_date)]
YearlyDate = Annotated[
    MonthDay, BeforeValidator(_to_month_day), PlainSerializer(_serialize_str, return_type=str)
]
NamedDates = Annotated[
    tuple[NamedDate, ...],
    BeforeValidator(_to_named_dates),
    PlainSerializer(_serialize_named_dates, return_type=str),
]
CadenceValue = Annotated[
    Cadence, BeforeValidator(_to_cadence), PlainSerializer(_serialize_str, return_type=str)
]
Amount = Annotated[float, BeforeValidator(_to_amount)]
Share = Annotated[float, BeforeValidator(_to_share), AfterValidator(_check_share)]
Email = Annotated[str, AfterValidator(_check_email)]
SPLIT_LIST = BeforeValidator(_to_list)
TextList = Annotated[tuple[str, ...], SPLIT_LIST]
Month = Annotated[int, BeforeValidator(_to_month)]
RecordId = Annotated[str, BeforeValidator(_to_id), AfterValidator(_check_id)]
