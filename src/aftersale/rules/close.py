"""Thank-you after every close: at once for a won deal, and for a lost one too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.models import Stage, TouchKind
from aftersale.rules.context import PlanContext
from aftersale.suggestions import money, short


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
            done_by=frozenset({TouchKind.THANK_YOU}),
            reason=reason,
            suggestion=suggestion,
            facts=(
                ("deal", deal.id),
                ("stage", deal.stage.value),
                ("closed_on", deal.closed_on.isoformat()),
                ("amount", money(deal.amount, deal.currency) or "not recorded"),
            ),
        )
