"""Thank-you after every close: at once for a won deal, and for a lost one too; and to
whoever referred a new customer, once that customer's first deal is won."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import short
from aftersale.models import Deal, Stage
from aftersale.rules.context import PlanContext
from aftersale.text import money


def thank_you(ctx: PlanContext) -> Iterator[Candidate]:
    rules = ctx.playbook.thank_you
    owner = ctx.book.settings.owner
    for deal in ctx.book.deals:
        if deal.closed_on is None or deal.stage is Stage.OPEN:
            continue
        if deal.stage is Stage.LOST and not rules.thank_lost_deals:
            continue
        due = deal.closed_on + timedelta(days=rules.due_after_close)
        if ctx.settled(due):
            continue
        title = f" ({deal.title})" if deal.title else ""
        if deal.stage is Stage.WON:
            reason = (
                f"won {deal.id}{title} on {short(deal.closed_on, ctx.today)}; no thank-you logged"
            )
            reach = ", ".join(x for x in (owner.phone, owner.email) if x) or "your direct line"
            details = ", ".join(x for x in (deal.title, money(deal.amount, deal.currency)) if x)
            steps = (
                f"delivery by {short(deal.delivery_due, ctx.today)}"
                if deal.delivery_due
                else "what happens next, with dates"
            )
            suggestion = (
                "Send a personal thank-you. Confirm what they ordered"
                + (f" ({details})" if details else "")
                + f", say how to reach you ({reach}) and give the next steps: {steps}. "
                "Tell them why it was a good decision."
            )
        else:
            reason = (
                f"lost {deal.id}{title} on {short(deal.closed_on, ctx.today)}; thank them anyway"
            )
            suggestion = (
                "Thank them for their time and for considering you, ask what made the "
                "difference, and say you would like to stay in touch. Nothing more: no pitch."
            )
        yield Candidate(
            id=f"thank-you:{deal.id}",
            rule="thank you after every close",
            kind=ActionKind.THANK_YOU,
            customer=deal.customer,
            opens=deal.closed_on,
            due=due,
            deal=deal.id,
            done_by=ActionKind.THANK_YOU.done_by,
            reason=reason,
            suggestion=suggestion,
            facts=(
                ("deal", deal.id),
                ("stage", deal.stage.value),
                ("closed_on", deal.closed_on.isoformat()),
                ("amount", money(deal.amount, deal.currency) or "not recorded"),
            ),
        )


def thank_referrers(ctx: PlanContext) -> Iterator[Candidate]:
    """A referral that became business is thanked: the customer who sent a new one hears
    from you when the new customer's first deal is won."""
    rules = ctx.playbook.thank_you
    if not rules.thank_referrers:
        return
    first_won: dict[str, Deal] = {}
    for deal in ctx.book.deals:
        if deal.stage is not Stage.WON or deal.closed_on is None:
            continue
        known = first_won.get(deal.customer)
        if known is None or (deal.closed_on, deal.id) < (known.closed_on, known.id):
            first_won[deal.customer] = deal
    for customer in ctx.book.customers:
        referrer = ctx.customer(customer.referred_by) if customer.referred_by else None
        won = first_won.get(customer.id)
        if referrer is None or won is None or won.closed_on is None:
            continue
        due = won.closed_on + timedelta(days=rules.due_after_close)
        if ctx.settled(due):
            continue
        yield Candidate(
            id=f"thank-referrer:{customer.id}",
            rule="thank whoever sent you business",
            kind=ActionKind.THANK_YOU,
            customer=referrer.id,
            opens=won.closed_on,
            due=due,
            done_by=ActionKind.THANK_YOU.done_by,
            reason=(
                f"{customer.name}, whom they referred, became a customer: won {won.id} on "
                f"{short(won.closed_on, ctx.today)}"
            ),
            suggestion=(
                f"Thank them for sending you {customer.name}: a personal note, or a small gift "
                "if that suits the relationship. Say how it turned out; no request attached."
            ),
            facts=(("referred", customer.id), ("deal", won.id)),
        )
