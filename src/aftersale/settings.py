"""Settings of a book (aftersale.toml): who the seller is, how dates are read, time zone.

The playbook and scoring tables are kept as given here and validated by the
planner, which owns their meaning.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from aftersale.text import quoted
from aftersale.values import CadenceValue, Email

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DEFAULT_CATEGORIES = (
    "product",
    "price",
    "service",
    "delivery",
    "speed",
    "quality",
    "cost",
    "convenience",
    "personal",
    "billing",
    "other",
)


def is_working_day(day: date, working_days: Sequence[str]) -> bool:
    """Whether `day` is one of the working days (every day is, when none are named)."""
    return not working_days or WEEKDAYS[day.weekday()] in working_days


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {quoted(value)}; use an IANA name such as Europe/Berlin"
        ) from None
    return value


def _check_encoding(value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise ValueError(
            f"unknown encoding {quoted(value)}; try utf-8, cp1252 or gb18030"
        ) from None
    return value


def _check_weekday(value: str) -> str:
    short = value.strip().lower()[:3]
    if short not in WEEKDAYS:
        raise ValueError(f"expected a weekday such as mon or Monday, got {quoted(value)}")
    return short


Zone = Annotated[str, AfterValidator(_check_zone)]


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)


class Owner(Section):
    name: str | None = None
    email: Email | None = None
    phone: str | None = None
    # How drafts are signed; several lines allowed. Default: name, phone and email.
    signature: str | None = None


class Mail(Section):
    """Where the morning email goes, and the command that sends it (run without a shell)."""

    to: Email | None = None
    sender: Email | None = Field(default=None, alias="from")
    command: tuple[str, ...] = ("sendmail", "-t", "-oi")

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class FileOptions(Section):
    """How to read one data file exported by a spreadsheet or another tool."""

    encoding: Annotated[str, AfterValidator(_check_encoding)] | None = None
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] | None = None


class Agenda(Section):
    """How much a day holds, and since when the book is kept."""

    capacity: int = Field(default=10, ge=1)
    start: date | None = None


class Holidays(Section):
    """Public holidays to greet customers on, by the names the holiday calendar gives them
    in English ("Christmas", "New Year", "National Day"), for customers whose `country`
    is a country code. Empty: no holiday greetings, and the calendar is never loaded."""

    greet: tuple[str, ...] = ()


class Settings(Section):
    owner: Owner = Owner()
    agenda: Agenda = Agenda()
    mail: Mail = Mail()
    holidays: Holidays = Holidays()
    timezone: Zone | None = None
    working_days: tuple[Annotated[str, AfterValidator(_check_weekday)], ...] = WEEKDAYS[:5]
    date_order: Literal["DMY", "MDY"] | None = None
    dayfirst: bool | None = None
    decimal_mark: Literal[".", ","] = "."
    default_cadence: CadenceValue = Field(default="1m", validate_default=True)
    categories: tuple[str, ...] = ()
    files: dict[str, FileOptions] = {}
    playbook: dict[str, Any] = {}
    scoring: dict[str, Any] = {}
    # Column mappings saved by `aftersale import --save-map NAME`, as [import.NAME].
    imports: dict[str, dict[str, str]] = Field(default={}, alias="import")

    @model_validator(mode="after")
    def _dayfirst_means_dmy(self) -> Settings:
        if self.dayfirst is not None and self.date_order is None:
            object.__setattr__(self, "date_order", "DMY" if self.dayfirst else "MDY")
        return self

    def zone(self) -> ZoneInfo | None:
        return ZoneInfo(self.timezone) if self.timezone else None

    def today(self, now: datetime) -> date:
        """The day it is at `now` in the book's time zone (local time when it names none).
        The clock itself is read in `clock.today`."""
        zone = self.zone()
        return (now.astimezone(zone) if zone else now.astimezone()).date()

    def file_options(self, name: str) -> FileOptions:
        return self.files.get(name, FileOptions())

    def known_categories(self) -> tuple[str, ...]:
        return DEFAULT_CATEGORIES + tuple(c.strip().lower() for c in self.categories)
