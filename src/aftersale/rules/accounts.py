"""Review the key accounts (the largest by annual value) on a fixed rhythm."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import add_months, short
from aftersale.models import Customer, TouchKind
from aftersale.rules.context import PlanContext
from aftersale.text import money


def key_accounts(customers: tuple[Customer, ...], top: int) -> list[Customer]:
    valued = [c for c in customers if c.annual_value]
    valued.sort(key=lambda c: (-(c.annual_value or 0), c.id))
    return valued[:top]


def account_reviews(ctx: PlanContext) -> Iterator[Candidate]:
    """A review every `every` days after the last; never reviewed, one per quarter.

    A first review not made in its quarter lapses (reported as missed) and the
    next quarter's takes its place. On a new book the first reviews are planned
    a week apart from the book's start instead of all being due at once.
    """
    rules = ctx.playbook.accounts
    for rank, customer in enumerate(key_accounts(ctx.book.customers, rules.top), start=1):
        last = ctx.history.last_of_kind.get((customer.id, TouchKind.ACCOUNT_REVIEW))
        if last is not None:
            due = last + timedelta(days=rules.every)
            reason = f"key account #{rank}; last reviewed {short(last, ctx.today)}"
            yield _review(ctx, customer, rank, due, last + timedelta(days=1), None, reason)
            continue
        current = _quarter_start(ctx.today)
        for quarter in (add_months(current, -3), current):
            ends = add_months(quarter, 3) - timedelta(days=1)
            due = quarter
            if ctx.start is not None and ctx.start + timedelta(weeks=rank - 1) > due:
                due = ctx.start + timedelta(weeks=rank - 1)
            if due > ends or ends < ctx.lapse_floor:
                continue
            reason = f"key account #{rank}; never reviewed"
            yield _review(ctx, customer, rank, due, due, ends, reason)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _review(
    ctx: PlanContext,
    customer: Customer,
    rank: int,
    due: date,
    opens: date,
    expires: date | None,
    reason: str,
) -> Candidate:
    return Candidate(
        id=f"account-review:{customer.id}:{due.isoformat()}",
        rule="review key accounts",
        kind=ActionKind.ACCOUNT_REVIEW,
        customer=customer.id,
        opens=opens,
        due=due,
        expires=expires,
        done_by=ActionKind.ACCOUNT_REVIEW.done_by,
        reason=reason + f" ({money(customer.annual_value, None)} a year)",
        suggestion=(
            "Review the account: its potential per product, cost to serve against profit, "
            "who buys, uses, influences and decides, what competitors get from them, and "
            "how you will defend and grow it."
        ),
        facts=(("annual_value", money(customer.annual_value, None)), ("rank", str(rank))),
    )
