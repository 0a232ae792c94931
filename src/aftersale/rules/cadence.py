"""Keep in touch: a check-in when a customer's rhythm has elapsed, and agreed next dates.

The clock restarts with any logged interaction, whatever its kind. A check-in
not made within its period lapses when the next period begins: the next one
takes its place instead of both nagging.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import Cadence, short
from aftersale.models import Customer
from aftersale.rules.context import PlanContext
from aftersale.settings import is_working_day
from aftersale.suggestions import value_idea
from aftersale.text import plural


def keep_in_touch(ctx: PlanContext) -> Iterator[Candidate]:
    """One check-in per period of each customer's rhythm; a period not kept lapses.

    The rhythm runs from the last contact. A customer never contacted starts
    level: at their `since` or the book's start, whichever is later, with the
    first check-ins spread over the working days of the first period (the most
    valuable customers early in it) instead of all falling due at once.
    """
    default = ctx.book.settings.default_cadence
    spread = _Spread(ctx)
    for customer in ctx.book.customers:
        if customer.is_prospect:
            continue  # a lead is not a customer yet: no after-sales rhythm
        cadence = customer.cadence or default
        last = ctx.history.last_contact.get(customer.id)
        if last is not None:
            first, opens = cadence.next_after(last), last + timedelta(days=1)
            anchor = last
        else:
            begun = max((d for d in (customer.since, ctx.start) if d is not None), default=None)
            if begun is None:
                yield _first_ever(ctx, customer, cadence)
                continue
            anchor = begun
            first, opens = spread.first_day(customer, cadence, anchor), anchor
        previous, current, following = cadence.period_on(first, ctx.today)
        period = max((following - current).days, 1)
        periods = [(current, following)]
        while (
            previous is not None
            and current - timedelta(days=1) >= ctx.lapse_floor
            and len(periods) < MAX_LAPSED
        ):
            periods.insert(0, (previous, current))
            current = previous
            previous = _before(cadence, first, previous)
        periods = [(d, e) for d, e in periods if not ctx.unseen(d, e - timedelta(days=1))]
        if not periods:
            continue
        if last is not None:
            reason = (
                f"last contact {short(last, ctx.today)} "
                f"({plural((ctx.today - last).days, 'day')} ago); "
                f"you keep in touch {cadence.every()}"
            )
        else:
            reason = f"no contact logged yet; you keep in touch {cadence.every()}"
        since_last = (ctx.today - anchor).days
        stale = min(max(since_last / period - 1, 0.0), 3.0)
        for due, ends in periods:
            key = f"check-in:{customer.id}:{due.isoformat()}"
            yield Candidate(
                id=key,
                rule="keep in touch",
                kind=ActionKind.CHECK_IN,
                customer=customer.id,
                opens=opens,
                due=due,
                expires=ends - timedelta(days=1),
                done_by=ActionKind.CHECK_IN.done_by,
                reason=reason,
                suggestion="Get in touch even without a reason to sell. "
                + value_idea(customer, key),
                facts=(
                    ("cadence", str(cadence)),
                    ("last_contact", last.isoformat() if last else "none"),
                    ("period", f"{due.isoformat()} to {(ends - timedelta(days=1)).isoformat()}"),
                ),
                terms=(("staleness", stale, f"{stale:.1f} periods past the rhythm"),),
            )


def _first_ever(ctx: PlanContext, customer: Customer, cadence: Cadence) -> Candidate:
    """No contact, no `since` and no start of the book: due now, under one id a snooze can name."""
    key = f"check-in:{customer.id}:first"
    return Candidate(
        id=key,
        rule="keep in touch",
        kind=ActionKind.CHECK_IN,
        customer=customer.id,
        opens=ctx.today,
        due=ctx.today,
        done_by=ActionKind.CHECK_IN.done_by,
        reason=f"no contact logged yet; you keep in touch {cadence.every()}",
        suggestion="Get in touch even without a reason to sell. " + value_idea(customer, key),
        facts=(("cadence", str(cadence)), ("last_contact", "none")),
    )


# A report over a month asks for the check-ins missed in it: a weekly rhythm has at most five.
MAX_LAPSED = 8


def _before(cadence: Cadence, first: date, day: date) -> date | None:
    """The date of the rhythm just before `day`, or None when `day` is its first."""
    if day <= first:
        return None
    _, current, _ = cadence.period_on(first, day - timedelta(days=1))
    return current


class _Spread:
    """Where in their first period each never-contacted customer's first check-in falls.

    Each customer gets a fixed place from a hash of their id, so the places are
    spread evenly and do not move when other customers are added (the check-in's
    id holds its date, and a snooze names that id). The place is pulled towards
    the start of the period by annual value, so the most valuable tend to come
    first; when more fall due than a day holds, the day's plan takes the most
    valuable first anyway (value is a term of the score).
    """

    def __init__(self, ctx: PlanContext) -> None:
        self._working = ctx.book.settings.working_days
        self._days: dict[tuple[date, date], list[date]] = {}

    def first_day(self, customer: Customer, cadence: Cadence, anchor: date) -> date:
        end = cadence.next_after(anchor)
        days = self._days.get((anchor, end))
        if days is None:
            days = [
                anchor + timedelta(days=n)
                for n in range(max((end - anchor).days, 1))
                if is_working_day(anchor + timedelta(days=n), self._working)
            ] or [anchor]
            self._days[(anchor, end)] = days
        place = zlib.crc32(customer.id.encode("utf-8")) / 2**32
        # 0 without a value, 1 from a million a year on a log scale; pulls by up to a third.
        weight = min(math.log10(1 + (customer.annual_value or 0.0) / 1000) / 3, 1.0)
        return days[min(int(place * (1 - weight / 3) * len(days)), len(days) - 1)]


def agreed_next_dates(ctx: PlanContext) -> Iterator[Candidate]:
    for agreed in ctx.history.next_dates.values():
        note = f": {agreed.note}" if agreed.note else ""
        yield Candidate(
            id=f"follow-up:{agreed.customer}:{agreed.day.isoformat()}",
            rule="agreed next date",
            kind=ActionKind.PROMISE,
            customer=agreed.customer,
            opens=agreed.day,
            due=agreed.day,
            deal=agreed.deal,
            done_by=None,  # unlike other promises, any contact with them keeps the date
            reason=(
                f"on {short(agreed.set_on, ctx.today)} you agreed to follow up on "
                f"{short(agreed.day, ctx.today)}{note}"
            ),
            suggestion="Follow up as agreed; they are expecting to hear from you.",
            trouble_from=agreed.day,
            facts=(("agreed_on", agreed.set_on.isoformat()), ("next", agreed.day.isoformat())),
        )
