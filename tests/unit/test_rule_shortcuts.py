"""Rules leave out early what the planner would leave out anyway, and no plan changes.

A rule asks `PlanContext.unseen` before wording a candidate that lapsed before
the days asked about or falls due well after them. These tests plan the same
books with that shortcut and without it and want the very same plan.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersale.book.locate import demo_dir
from aftersale.book.open import load_book
from aftersale.models import Book
from aftersale.planner import EXACT, Plan, plan
from aftersale.rules.context import LEEWAY, PlanContext
from aftersale.settings import Settings
from tests.unit.test_planner_properties import TODAY, books

ORIGINAL = PlanContext.unseen


def _planner_only(
    self: PlanContext, due: date, expires: date | None, leeway: timedelta = LEEWAY
) -> bool:
    """The planner's own test (no leeway) as it is; the rules' shortcut never skips."""
    return ORIGINAL(self, due, expires, leeway) if leeway == EXACT else False


def _both(a_book: Book, day: date, days: int, missed_since: date | None) -> tuple[Plan, Plan]:
    quick = plan(a_book, day, days=days, missed_since=missed_since)
    with mock.patch.object(PlanContext, "unseen", _planner_only):
        full = plan(a_book, day, days=days, missed_since=missed_since)
    return quick, full


def _working(a_book: Book, working_days: tuple[str, ...]) -> Book:
    data = a_book.settings.model_dump(mode="json")
    data["working_days"] = list(working_days)
    return replace(a_book, settings=Settings.model_validate(data))


@given(
    books(),
    st.sampled_from([("mon", "tue", "wed", "thu", "fri"), ("wed",), ("sat", "sun")]),
    st.integers(-60, 400),
    st.sampled_from([0, 1, 7, 30]),
    st.none() | st.integers(0, 40),
)
def test_a_plan_is_the_same_with_and_without_the_rules_shortcut(
    a_book: Book,
    working_days: tuple[str, ...],
    offset: int,
    days: int,
    missed_back: int | None,
) -> None:
    day = TODAY + timedelta(days=offset)
    missed_since = None if missed_back is None else day - timedelta(days=missed_back)
    quick, full = _both(_working(a_book, working_days), day, days, missed_since)
    assert quick == full


@pytest.mark.parametrize("days", [0, 7])
def test_the_demo_book_plans_the_same_with_and_without_the_shortcut_over_a_year(days: int) -> None:
    demo, _ = load_book(demo_dir(), cache=False)
    for offset in range(0, 366, 3):
        day = date(2026, 1, 1) + timedelta(days=offset)
        quick, full = _both(demo, day, days, day - timedelta(days=3))
        assert quick == full, day


def test_the_shortcut_does_leave_candidates_out_early() -> None:
    """Else the tests above would prove nothing: the shortcut must actually skip work."""
    demo, _ = load_book(demo_dir(), cache=False)
    asked: list[bool] = []

    def spy(self: PlanContext, due: date, expires: date | None, leeway: timedelta = LEEWAY) -> bool:
        answer = ORIGINAL(self, due, expires, leeway)
        if leeway != EXACT:  # asked by a rule
            asked.append(answer)
        return answer

    with mock.patch.object(PlanContext, "unseen", spy):
        plan(demo, date(2026, 11, 23))
    assert any(asked)
    assert not all(asked)
