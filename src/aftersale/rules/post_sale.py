"""Value-adding touches after the sale (about 1 week, 1, 3 and 6 months) and anniversaries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import MonthDay, short
from aftersale.models import Deal, Stage, TouchKind
from aftersale.rules.context import PlanContext
from aftersale.suggestions import value_idea
from aftersale.text import plural

ANNIVERSARY_RULE = "purchase anniversary"


def value_touches(ctx: PlanContext) -> Iterator[Candidate]:
    rules = ctx.playbook.post_sale
    for deal in ctx.book.deals:
        if deal.stage is not Stage.WON or deal.closed_on is None:
            continue
        if deal.delivered_on is None and deal.delivery_due is not None:
            continue  # the sequence starts when it is delivered
        anchor = deal.delivered_on or deal.closed_on
        customer = ctx.customer(deal.customer)
        if customer is None:
            continue
        offsets = sorted(set(rules.touches))
        for number, offset in enumerate(offsets):
            due = anchor + timedelta(days=offset)
            previous = offsets[number - 1] if number else 0
            following = offsets[number + 1] if number + 1 < len(offsets) else None
            expires = due + timedelta(days=rules.expires_after)
            if following is not None:
                expires = min(expires, anchor + timedelta(days=following - 1))
            if ctx.unseen(due, expires):
                continue  # long past (its lapse already reported), or not for a while
            key = f"value-add:{deal.id}:{offset}d"
            yield Candidate(
                id=key,
                rule="value-adding touches after the sale",
                kind=ActionKind.VALUE_ADD,
                customer=deal.customer,
                opens=anchor + timedelta(days=(previous + offset + 1) // 2),
                due=due,
                expires=expires,
                deal=deal.id,
                done_by=ActionKind.VALUE_ADD.done_by,
                reason=(
                    f"{plural(offset, 'day')} since {deal.title or deal.id} was "
                    f"{'delivered' if deal.delivered_on else 'won'} "
                    f"({short(anchor, ctx.today)}): time for touch {number + 1} of {len(offsets)}"
                ),
                suggestion=value_idea(customer, key)
                + " Bring something of value, not a sales pitch.",
                facts=(
                    ("deal", deal.id),
                    ("since", anchor.isoformat()),
                    ("offset_days", str(offset)),
                ),
            )


def anniversaries(ctx: PlanContext) -> Iterator[Candidate]:
    rules = ctx.playbook.post_sale
    for deal in ctx.book.deals:
        if deal.stage is not Stage.WON or deal.closed_on is None:
            continue
        yearly = MonthDay(deal.closed_on.month, deal.closed_on.day)
        lapse = timedelta(days=rules.expires_after)
        first = deal.closed_on + timedelta(days=1)
        day = yearly.next_on_or_after(max(ctx.lapse_floor - lapse, first))
        yield from _anniversary(ctx, deal, day)
        if day + lapse < ctx.today:
            yield from _anniversary(ctx, deal, yearly.next_on_or_after(day + timedelta(days=1)))


def _anniversary(ctx: PlanContext, deal: Deal, day: date) -> Iterator[Candidate]:
    rules = ctx.playbook.post_sale
    assert deal.closed_on is not None
    years = day.year - deal.closed_on.year
    due = day - timedelta(days=rules.anniversary_lead)
    expires = day + timedelta(days=rules.expires_after)
    if years >= 1 and not ctx.unseen(due, expires):
        yield Candidate(
            id=f"anniversary:{deal.id}:{day.year}",
            rule=ANNIVERSARY_RULE,
            kind=ActionKind.PERSONAL,
            customer=deal.customer,
            opens=due - timedelta(days=14),
            due=due,
            expires=expires,
            deal=deal.id,
            # more than a personal touch: a value-adding one marks the anniversary too
            done_by=frozenset({TouchKind.PERSONAL, TouchKind.VALUE_ADD}),
            reason=(
                f"{years} year{'s' if years > 1 else ''} since they bought {deal.title or deal.id} "
                f"on {short(deal.closed_on, ctx.today)} (anniversary {short(day, ctx.today)})"
            ),
            suggestion=(
                "Mark the anniversary: thank them for the year, ask how it is serving them, "
                "and offer a check-up or a tip for the year ahead."
            ),
            facts=(("deal", deal.id), ("closed_on", deal.closed_on.isoformat())),
        )
