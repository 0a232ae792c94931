"""The demo book, moved in time so that its agenda is as lively on any day as on its own.

The demo's files are written around `REFERENCE` (a Monday). Loaded for a
later or earlier day, every date in it moves by the same whole number of
weeks, so weekdays and intervals stay as written and the same follow-ups
come due.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

from aftersale.dates import MonthDay
from aftersale.models import Book

REFERENCE = date(2026, 11, 23)
M = TypeVar("M", bound=BaseModel)


def weeks_between(today: date) -> int:
    return (today - REFERENCE).days // 7


def _move(value: Any, delta: timedelta) -> Any:
    if isinstance(value, date):
        return value + delta
    if isinstance(value, MonthDay):
        moved = value.in_year(value.year or REFERENCE.year) + delta
        return MonthDay(moved.month, moved.day, moved.year if value.year else None)
    if isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
        return tuple(_shift_record(item, delta) for item in value)
    return value


def _shift_record(record: M, delta: timedelta) -> M:
    changes = {}
    for name in type(record).model_fields:
        value = getattr(record, name)
        moved = _move(value, delta)
        if moved is not value:
            changes[name] = moved
    return record.model_copy(update=changes) if changes else record


def shift_book(book: Book, weeks: int) -> Book:
    """The same book with every date moved by `weeks` weeks."""
    if weeks == 0:
        return book
    delta = timedelta(weeks=weeks)
    settings = book.settings
    if settings.agenda.start is not None:
        agenda = settings.agenda.model_copy(update={"start": settings.agenda.start + delta})
        settings = settings.model_copy(update={"agenda": agenda})
    return replace(
        book,
        settings=settings,
        customers=tuple(_shift_record(r, delta) for r in book.customers),
        deals=tuple(_shift_record(r, delta) for r in book.deals),
        promises=tuple(_shift_record(r, delta) for r in book.promises),
        touchpoints=tuple(_shift_record(r, delta) for r in book.touchpoints),
        feedback=tuple(_shift_record(r, delta) for r in book.feedback),
        cases=tuple(_shift_record(r, delta) for r in book.cases),
        reviews=tuple(_shift_record(r, delta) for r in book.reviews),
        history=None,
    )
