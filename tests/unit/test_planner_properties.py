"""Properties of any plan: deterministic, explainable, and never selling to the unhappy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar

from hypothesis import assume, given
from hypothesis import strategies as st

from aftersale.models import Book, Case, Customer, Deal, Feedback, Promise, Touchpoint
from aftersale.planner import plan
from aftersale.schedule import schedule
from aftersale.settings import WEEKDAYS, Settings
from aftersale.standing import Group, standings
from tests.unit.planning import book

TODAY = date(2026, 11, 23)
days = st.integers(min_value=-400, max_value=60).map(lambda n: TODAY + timedelta(days=n))
ids = st.sampled_from(["C-1", "C-2", "C-3"])


@st.composite
def books(draw: st.DrawFn) -> Book:
    customers = tuple(
        Customer(
            id=cid,
            name=f"Customer {cid}",
            cadence=draw(st.sampled_from([None, "2w", "1m", "quarterly"])),
            birthday=draw(st.sampled_from([None, "02-29", "11-25", "1980-12-01"])),
            since=draw(st.none() | days),
            annual_value=draw(st.none() | st.integers(0, 200_000)),
            share_of_wallet=draw(st.none() | st.floats(0, 1)),
            quiet_until=draw(st.none() | days),
            budget_month=draw(st.none() | st.integers(1, 12)),
        )
        for cid in ("C-1", "C-2", "C-3")
    )
    deals = tuple(
        Deal(
            id=f"D-{n}",
            customer=draw(ids),
            stage=draw(st.sampled_from(["open", "won", "lost"])),
            closed_on=draw(st.none() | days),
            delivery_due=draw(st.none() | days),
            delivered_on=draw(st.none() | days),
        )
        for n in range(draw(st.integers(0, 4)))
    )
    touches = tuple(
        Touchpoint(
            date=draw(days),
            customer=draw(ids),
            kind=draw(
                st.sampled_from(
                    ["thank_you", "check_in", "meeting", "recovery", "value_add", "referral_ask"]
                )
            ),
            next=draw(st.none() | days),
        )
        for _ in range(draw(st.integers(0, 6)))
    )
    feedback = tuple(
        Feedback(date=draw(days), customer=draw(ids), score=draw(st.integers(0, 10)))
        for _ in range(draw(st.integers(0, 4)))
    )
    cases = tuple(
        Case(
            id=f"K-{n}",
            customer=draw(ids),
            opened=draw(days),
            severity=draw(st.sampled_from(["critical", "high", "medium", "low"])),
            resolved_on=draw(st.none() | days),
        )
        for n in range(draw(st.integers(0, 2)))
    )
    promises = tuple(
        Promise(id=f"P-{n}", customer=draw(ids), what="Send it", due=draw(days))
        for n in range(draw(st.integers(0, 2)))
    )
    start = draw(days)
    return book(
        customers,
        settings=Settings.model_validate(
            {"working_days": list(WEEKDAYS), "agenda": {"start": start.isoformat()}}
        ),
        deals=deals,
        touchpoints=touches,
        feedback=feedback,
        cases=cases,
        promises=promises,
    )


@given(books())
def test_same_book_and_date_give_the_same_actions_in_the_same_order(a_book: Book) -> None:
    first = plan(a_book, TODAY, days=30)
    second = plan(replace(a_book), TODAY, days=30)
    assert [a.id for a in first.actions] == [a.id for a in second.actions]
    assert [a.score for a in first.actions] == [a.score for a in second.actions]
    assert len({a.id for a in first.actions}) == len(first.actions)


@given(books())
def test_every_score_is_the_sum_of_its_terms(a_book: Book) -> None:
    for action in plan(a_book, TODAY, days=30).actions:
        assert action.score == round(sum(t.weight * t.value for t in action.terms), 2)
        assert action.terms[0].name == "kind"


@given(books())
def test_no_sales_to_detractors_customers_with_open_cases_or_away(a_book: Book) -> None:
    standing = standings(a_book, TODAY)
    for action in plan(a_book, TODAY, days=400).actions:
        if action.kind.is_sales:
            state = standing[action.customer]
            assert state.group is not Group.DETRACTOR
            assert not state.open_cases
            quiet = a_book.customer_by_id[action.customer].quiet_until
            assert quiet is None or quiet <= TODAY


@given(books())
def test_ids_do_not_change_when_an_unrelated_customer_is_added(a_book: Book) -> None:
    before = {a.id for a in plan(a_book, TODAY, days=30).actions}
    stranger = Customer(id="C-9", name="Stranger", cadence="1y", since=TODAY)
    after = {
        a.id
        for a in plan(
            replace(a_book, customers=(*a_book.customers, stranger)), TODAY, days=30
        ).actions
    }
    assert before == {i for i in after if ":C-9" not in i}


@given(books())
def test_every_action_names_an_existing_customer_and_is_due_in_range(a_book: Book) -> None:
    result = plan(a_book, TODAY, days=14)
    for action in result.actions:
        assert action.customer in a_book.customer_by_id
        assert action.due <= TODAY + timedelta(days=14)


def _as_of(a_book: Book, day: date) -> Book:
    """The book as it stood at the end of `day`: no record dated later."""
    return replace(
        a_book,
        touchpoints=tuple(t for t in a_book.touchpoints if t.date <= day),
        feedback=tuple(f for f in a_book.feedback if f.date <= day),
        cases=tuple(
            _undo(c, "resolved_on", day, {"resolved_on": None})
            for c in a_book.cases
            if c.opened <= day
        ),
        promises=tuple(_undo(p, "done_on", day, {"done_on": None}) for p in a_book.promises),
        deals=tuple(
            _undo(
                _undo(deal, "delivered_on", day, {"delivered_on": None}),
                "closed_on",
                day,
                {"closed_on": None, "stage": "open", "delivered_on": None},
            )
            for deal in a_book.deals
        ),
    )


M = TypeVar("M", Case, Promise, Deal)


def _undo(record: M, field: str, day: date, changes: dict[str, object]) -> M:
    """The record as it was before an event dated after `day` happened."""
    when = getattr(record, field)
    if when is None or when <= day:
        return record
    return type(record).model_validate({**record.model_dump(), **changes})


@given(books(), st.integers(1, 3), st.integers(-30, 30))
def test_a_day_never_holds_more_than_its_capacity_and_loses_nothing_due(
    a_book: Book, capacity: int, offset: int
) -> None:
    today = TODAY + timedelta(days=offset)
    result = plan(a_book, today)
    (day,) = schedule(result.actions, today, today, capacity, a_book.settings.working_days)
    customers = [visit.customer for visit in day.visits]
    assert len(customers) <= capacity
    assert len(customers) == len(set(customers))
    shown_and_waiting = sorted(a.id for a in (*day.actions, *day.waiting))
    assert shown_and_waiting == sorted(a.id for a in result.due_today())


@given(books(), st.integers(-60, 45))
def test_nothing_due_leaves_the_agenda_without_being_done_or_reported_missed(
    a_book: Book, offset: int
) -> None:
    """From one day to the next, on an unchanged book, every action due stays on the
    agenda (shown, waiting or held back) or is reported the next day as missed."""
    first = TODAY + timedelta(days=offset)
    second = first + timedelta(days=1)
    # The day the book starts being kept, what lapsed before it is nobody's miss.
    assume(a_book.settings.agenda.start != second)
    a_book = _as_of(a_book, first)  # nothing happens on the second day
    before = plan(a_book, first).due_today()
    after = plan(a_book, second, missed_since=first)
    kept = {a.id for a in (*after.actions, *after.suppressed, *after.missed)}
    contacted = {a.customer for a in after.actions if not a.id.startswith("check-in:")}
    for action in before:
        covered = action.id.startswith("check-in:") and action.customer in contacted
        assert action.id in kept or covered, action.id


@given(books())
def test_a_lapsed_action_is_reported_on_one_day_only(a_book: Book) -> None:
    reported: dict[str, date] = {}
    day = TODAY - timedelta(days=20)
    while day <= TODAY:
        for action in plan(a_book, day, missed_since=day - timedelta(days=1)).missed:
            assert action.id not in reported, (action.id, reported.get(action.id), day)
            reported[action.id] = day
        day += timedelta(days=1)
