"""Keep in touch: a check-in when a customer's rhythm has elapsed, and agreed next dates.

The clock restarts with any logged interaction, whatever its kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.rules import PlanContext
from aftersale.suggestions import short, value_idea


def keep_in_touch(ctx: PlanContext) -> Iterator[Candidate]:
    default = ctx.book.settings.default_cadence
    for customer in ctx.book.customers:
        cadence = customer.cadence or default
        last = ctx.history.last_contact.get(customer.id)
        anchor: date | None = last or customer.since
        due = cadence.next_after(anchor) if anchor else ctx.today
        period = max((cadence.next_after(due) - due).days, 1)
        since_last = (ctx.today - anchor).days if anchor else None
        stale = 0.0 if since_last is None else min(max(since_last / period - 1, 0.0), 3.0)
        if last:
            reason = (
                f"last contact {short(last, ctx.today)} ({since_last} days ago); "
                f"you keep in touch every {cadence}"
            )
        else:
            reason = f"no contact logged yet; you keep in touch every {cadence}"
        # Never contacted and no start date: always due, under one id that a snooze can name.
        key = f"check-in:{customer.id}:{due.isoformat() if anchor else 'first'}"
        yield Candidate(
            id=key,
            rule="keep in touch",
            kind=ActionKind.CHECK_IN,
            customer=customer.id,
            opens=anchor + timedelta(days=1) if anchor else due,
            due=due,
            done_by=None,
            reason=reason,
            suggestion=("Get in touch even without a reason to sell. " + value_idea(customer, key)),
            facts=(
                ("cadence", str(cadence)),
                ("last_contact", last.isoformat() if last else "none"),
            ),
            terms=(("staleness", stale, f"{stale:.1f} periods past the rhythm"),),
        )


def agreed_next_dates(ctx: PlanContext) -> Iterator[Candidate]:
    for agreed in ctx.history.next_dates.values():
        note = f": {agreed.note}" if agreed.note else ""
        yield Candidate(
            id=f"follow-up:{agreed.customer}:{agreed.day.isoformat()}",
            rule="agreed next date",
            kind=ActionKind.CHECK_IN,
            customer=agreed.customer,
            opens=agreed.day,
            due=agreed.day,
            expires=agreed.day + timedelta(days=60),
            deal=agreed.deal,
            done_by=None,
            reason=(
                f"on {short(agreed.set_on, ctx.today)} you agreed to follow up on "
                f"{short(agreed.day, ctx.today)}{note}"
            ),
            suggestion="Follow up as agreed; they are expecting to hear from you.",
            facts=(("agreed_on", agreed.set_on.isoformat()), ("next", agreed.day.isoformat())),
        )
