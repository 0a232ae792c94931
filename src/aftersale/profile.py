"""Everything about one customer in one place: who, where they stand, what is due, what happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from aftersale.actions import Action
from aftersale.history import history_of
from aftersale.models import Book, Customer, Stage, Touchpoint
from aftersale.planner import Plan
from aftersale.standing import Standing, standings
from aftersale.text import money

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a customer's history."""

    day: date
    what: str
    detail: str


@dataclass(frozen=True)
class Profile:
    customer: Customer
    standing: Standing
    due: tuple[Action, ...]
    held: tuple[Action, ...]
    history: tuple[Event, ...]
    touches: int
    today: date


def _history(
    book: Book, customer_id: str, touchpoints: Iterable[Touchpoint]
) -> tuple[list[Event], int]:
    """The customer's history, newest first, and how many interactions it holds."""
    events: list[Event] = []
    touches = 0
    for touch in touchpoints:
        if touch.customer != customer_id:
            continue
        touches += 1
        parts = [x for x in (touch.channel, touch.deal) if x]
        detail = " ".join(f"[{p}]" for p in parts)
        if touch.note:
            detail = f"{detail} {touch.note}".strip()
        if touch.next:
            detail += f" (next: {touch.next.isoformat()})"
        events.append(Event(touch.date, touch.kind.value.replace("_", " "), detail))
    for deal in book.deals:
        if deal.customer != customer_id:
            continue
        title = " ".join(x for x in (deal.id, deal.title, money(deal.amount, deal.currency)) if x)
        if deal.closed_on and deal.stage is not Stage.OPEN:
            events.append(Event(deal.closed_on, f"deal {deal.stage.value}", title))
        if deal.delivered_on:
            events.append(Event(deal.delivered_on, "delivered", title))
    kept = history_of(book).named
    for promise in book.promises:
        if promise.customer == customer_id:
            done_on = promise.done_on or kept.get(f"promise:{promise.id}")
            state = f"kept {done_on.isoformat()}" if done_on else "open"
            events.append(Event(promise.due, "promise due", f"{promise.what} ({state})"))
    for case in book.cases:
        if case.customer != customer_id:
            continue
        summary = f"{case.id} {case.severity.value}: {case.summary or ''}".strip()
        events.append(Event(case.opened, "case opened", summary))
        if case.resolved_on:
            cause = f"; root cause: {case.root_cause}" if case.root_cause else ""
            events.append(Event(case.resolved_on, "case resolved", f"{case.id}{cause}"))
    for item in book.feedback:
        if item.customer == customer_id:
            comment = f": {item.comment}" if item.comment else ""
            category = f" ({item.category})" if item.category else ""
            events.append(Event(item.date, "feedback", f"{item.score}/10{category}{comment}"))
    events.sort(key=lambda e: e.day, reverse=True)
    return events, touches


def build_profile(
    book: Book, customer: Customer, plan: Plan, today: date, touchpoints: Iterable[Touchpoint]
) -> Profile:
    """The profile; actions that lapsed (in `plan.missed`) join the history as missed.
    `touchpoints` is the book's log (the caller reads it)."""
    mine = [a for a in plan.actions if a.customer == customer.id]
    held = [a for a in plan.suppressed if a.customer == customer.id]
    history, touches = _history(book, customer.id, touchpoints)
    for action in plan.missed:
        if action.customer == customer.id and action.expires is not None:
            what = f"missed {action.kind.wording}"
            history.append(Event(action.expires + ONE_DAY, what, f"{action.id}: {action.reason}"))
    history.sort(key=lambda e: e.day, reverse=True)
    return Profile(
        customer=customer,
        standing=standings(book, today)[customer.id],
        due=tuple(sorted(mine, key=lambda a: (a.due, -a.score))),
        held=tuple(held),
        history=tuple(history),
        touches=touches,
        today=today,
    )
