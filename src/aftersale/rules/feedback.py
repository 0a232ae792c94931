"""Ask for feedback: a 0-10 score some weeks after delivery, then whenever none is recent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import short
from aftersale.models import Stage, TouchKind
from aftersale.rules.context import PlanContext
from aftersale.standing import Group

ASKED = ActionKind.FEEDBACK_REQUEST.done_by
REPAIRED = ActionKind.REPAIR.done_by
SUGGESTION = (
    'Ask "how likely are you to recommend us, from 0 to 10?" and what would make it a 10. '
    "Log the answer in feedback.csv."
)


def feedback_requests(ctx: PlanContext) -> Iterator[Candidate]:
    rules = ctx.playbook.feedback
    pending: set[str] = set()
    scored: dict[str, date] = {}
    for item in ctx.book.feedback:
        if item.date <= ctx.today and item.date > scored.get(item.customer, date.min):
            scored[item.customer] = item.date
    for deal in ctx.book.deals:
        if deal.stage is not Stage.WON or deal.delivered_on is None:
            continue
        if scored.get(deal.customer, date.min) >= deal.delivered_on:
            continue
        due = deal.delivered_on + timedelta(days=rules.after_delivery)
        expires = due + timedelta(days=rules.expires_after)
        pending.add(deal.customer)
        if ctx.unseen(due, expires):
            continue
        yield Candidate(
            id=f"feedback:{deal.id}",
            rule="ask for feedback",
            kind=ActionKind.FEEDBACK_REQUEST,
            customer=deal.customer,
            opens=deal.delivered_on,
            due=due,
            expires=expires,
            deal=deal.id,
            done_by=ASKED,
            reason=(
                f"{deal.title or deal.id} was delivered on "
                f"{short(deal.delivered_on, ctx.today)}; no score since"
            ),
            suggestion=SUGGESTION,
            facts=(("deal", deal.id), ("delivered_on", deal.delivered_on.isoformat())),
        )
    for case in ctx.book.cases:
        resolved = case.resolved_on
        if resolved is None or resolved > ctx.today:
            continue
        if scored.get(case.customer, date.min) > resolved or case.customer in pending:
            continue
        due = resolved + timedelta(days=rules.after_case)
        if ctx.settled(due):
            continue
        expires = due + timedelta(days=rules.expires_after)
        pending.add(case.customer)
        if ctx.unseen(due, expires):
            continue
        yield Candidate(
            id=f"feedback:{case.id}",
            rule="ask for feedback",
            kind=ActionKind.FEEDBACK_REQUEST,
            customer=case.customer,
            opens=resolved + timedelta(days=1),
            due=due,
            expires=expires,
            deal=case.deal,
            done_by=ASKED,
            reason=(f"case {case.id} was resolved on {short(resolved, ctx.today)}; no score since"),
            suggestion=(
                "Ask how they rate you now, from 0 to 10, after the way the problem was "
                "handled, and what would make it a 10. Log the answer in feedback.csv."
            ),
            facts=(("case", case.id), ("resolved_on", resolved.isoformat())),
            mends=True,
        )
    for customer in ctx.book.customers:
        if customer.id in pending:
            continue
        asked = ctx.history.last_of_kind.get((customer.id, TouchKind.FEEDBACK_REQUEST))
        last = max((d for d in (scored.get(customer.id), asked) if d is not None), default=None)
        if last is None:
            continue
        due = last + timedelta(days=rules.every)
        standing = ctx.standing[customer.id]
        repaired = ctx.history.touched_since(customer.id, last, REPAIRED)
        mends = standing.group is Group.DETRACTOR and repaired is not None
        if mends and repaired is not None:
            due = repaired + timedelta(days=rules.after_repair)
        if ctx.unseen(due, None):
            continue
        reason = f"no score or request since {short(last, ctx.today)}"
        if mends and repaired is not None:
            reason = (
                f"last score {standing.latest.score if standing.latest else '?'}/10; you "
                f"repaired on {short(repaired, ctx.today)}: are they satisfied now?"
            )
        yield Candidate(
            id=f"feedback:{customer.id}:{due.isoformat()}",
            rule="ask for feedback",
            kind=ActionKind.FEEDBACK_REQUEST,
            customer=customer.id,
            opens=last + timedelta(days=1),
            due=due,
            done_by=ASKED,
            reason=reason,
            suggestion=SUGGESTION,
            facts=(("last_feedback", last.isoformat()),),
            mends=mends,
        )
