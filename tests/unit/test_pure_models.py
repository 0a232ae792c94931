"""The models are data: a book built in memory is planned without a file or a clock.

The day comes from the caller (`clock.today` at the edge, or `--date`), and the
touchpoints of a loaded book are read again by the loading layer
(`book.load.touchpoints_of`), never by the book itself.
"""

from __future__ import annotations

import builtins
import dataclasses
import io
import os
import pathlib
from datetime import UTC, date, datetime
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import pytest

from aftersale import clock
from aftersale.book.load import touchpoints_of
from aftersale.models import Book
from aftersale.planner import plan
from aftersale.settings import WEEKDAYS, Settings
from tests.unit.planning import case, customer, deal, promise, review, score, touch

DAY = date(2026, 11, 23)


def a_full_book() -> Book:
    """A book with a record of every kind, built in memory as the planner tests build them."""
    settings = Settings.model_validate(
        {"working_days": list(WEEKDAYS), "timezone": "Asia/Shanghai"}
    )
    return Book(
        path=pathlib.Path("nowhere-on-disk"),
        settings=settings,
        customers=(
            customer("C-1", birthday="1980-11-25", cadence="1m", since="2025-01-10"),
            customer("C-2", email="b@example.com", since="2026-01-05"),
        ),
        deals=(
            deal("D-1", stage="won", closed_on="2026-11-16", amount="1200"),
            deal("D-2", customer="C-2", stage="open", title="Second line"),
        ),
        promises=(promise("P-1", "2026-11-24"),),
        touchpoints=(
            touch("2026-10-01", "check_in"),
            touch("2026-11-02", "value_add", customer="C-2"),
        ),
        feedback=(score("2026-11-01", 4, customer="C-2", category="service"),),
        cases=(case("K-1", "2026-11-20", customer="C-2", severity="critical"),),
        reviews=(review("2026-11-10", "kick-off"),),
    )


def _no_files(*args: Any, **kwargs: Any) -> NoReturn:
    raise AssertionError(f"a file was opened: {args!r}")


def forbid_opening_files(monkeypatch: pytest.MonkeyPatch) -> None:
    for owner, name in (
        (builtins, "open"),
        (io, "open"),
        (os, "open"),
        (pathlib.Path, "open"),
        (pathlib.Path, "read_bytes"),
        (pathlib.Path, "read_text"),
    ):
        monkeypatch.setattr(owner, name, _no_files)


@pytest.fixture
def the_clock_cannot_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_clock(settings: Settings) -> NoReturn:
        raise AssertionError("the clock was read")

    monkeypatch.setattr(clock, "today", no_clock)


def test_a_book_has_no_clock_of_its_own() -> None:
    assert not hasattr(Book, "today")
    assert not hasattr(a_full_book(), "today")


def test_a_book_holds_no_way_to_read_its_files() -> None:
    book = a_full_book()
    names = {field.name for field in dataclasses.fields(Book)}
    assert "reread_touchpoints" not in names
    assert not hasattr(book, "all_touchpoints")
    assert [name for name in names if callable(getattr(book, name))] == []


@pytest.mark.usefixtures("the_clock_cannot_be_read")
def test_planning_a_book_built_in_memory_opens_no_file_and_reads_no_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = a_full_book()  # (a book built without a playbook is given the bundled one)
    forbid_opening_files(monkeypatch)
    with pytest.raises(AssertionError, match="a file was opened"):
        pathlib.Path(__file__).read_text(encoding="utf-8")
    result = plan(book, DAY, days=30)
    assert result.actions
    assert {action.customer for action in result.actions} <= {"C-1", "C-2"}


def test_planning_twice_for_the_same_day_gives_the_same_plan() -> None:
    book = a_full_book()
    first = plan(book, DAY, days=30)
    second = plan(book, DAY, days=30)
    assert [(a.id, a.due, a.score) for a in first.actions] == [
        (a.id, a.due, a.score) for a in second.actions
    ]
    assert first.actions == second.actions


def test_the_day_planned_for_is_only_the_one_given() -> None:
    book = a_full_book()
    later = date(2027, 3, 1)
    assert plan(book, later).today == later
    assert plan(book, DAY).today == DAY


def test_the_touchpoints_of_a_book_built_in_memory_are_the_ones_it_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = a_full_book()
    forbid_opening_files(monkeypatch)
    assert tuple(touchpoints_of(book)) == book.touchpoints


def test_the_settings_turn_a_moment_into_a_day_without_reading_the_clock() -> None:
    moment = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert a_full_book().settings.today(moment) == date(2026, 11, 24)


def test_the_clock_gives_today_in_the_books_time_zone() -> None:
    settings = Settings.model_validate({"timezone": "Pacific/Kiritimati"})
    before = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    today = clock.today(settings)
    after = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert today in (before, after)


@pytest.mark.usefixtures("the_clock_cannot_be_read")
def test_a_profile_an_account_s_facts_and_a_report_open_no_file_and_read_no_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aftersale.insights.account import account_facts
    from aftersale.insights.report import build_report
    from aftersale.profile import build_profile

    book = a_full_book()
    anna = book.customers[0]
    forbid_opening_files(monkeypatch)
    result = plan(book, DAY, days=14)
    profile = build_profile(book, anna, result, DAY, book.touchpoints)
    facts = account_facts(book, anna, DAY, book.touchpoints)
    report = build_report(book, DAY, result, book.touchpoints, "month")
    assert [event.day for event in profile.history if "check in" in event.what] == [
        date(2026, 10, 1)
    ]
    assert facts.touches_by_kind == {"check_in": 1}
    assert report.done_by_kind == {"value_add": 1}  # the month from Oct 24
