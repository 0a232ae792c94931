"""Act on loyalty: repair with detractors, referrals from promoters, upsell where share is low.

Sales actions (referral asks, upsells) are proposed here and suppressed by the
planner for customers who are unhappy or away; repair actions take their place.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate, Tier
from aftersale.dates import short
from aftersale.models import TouchKind
from aftersale.rules.context import PlanContext
from aftersale.standing import Group, Quadrant
from aftersale.suggestions import pick


def repair(ctx: PlanContext) -> Iterator[Candidate]:
    for customer in ctx.book.customers:
        standing = ctx.standing[customer.id]
        latest = standing.latest
        if standing.group is not Group.DETRACTOR or latest is None or standing.open_cases:
            continue
        urgent = standing.quadrant is Quadrant.URGENT
        fresh = (ctx.today - latest.date).days <= ctx.playbook.triage.fresh_score
        comment = f': "{latest.comment}"' if latest.comment else ""
        yield Candidate(
            id=f"repair:{customer.id}:{latest.date.isoformat()}",
            rule="repair before selling",
            kind=ActionKind.REPAIR,
            customer=customer.id,
            opens=latest.date,
            due=latest.date + timedelta(days=0 if urgent else 2),
            done_by=ActionKind.REPAIR.done_by,
            reason=(
                f"scored {latest.score}/10 on {short(latest.date, ctx.today)} (detractor"
                + (", and a large share of their spend is with you" if urgent else "")
                + f"){comment}"
            ),
            suggestion=(
                "Listen to them and find the root cause; fix it and tell them what you changed. "
                "No selling until they are at least neutral again."
            ),
            facts=(("score", str(latest.score)), ("scored_on", latest.date.isoformat()))
            + ((("category", latest.category),) if latest.category else ()),
            tier=Tier.TROUBLE if fresh else Tier.OBLIGATION,
        )


def referral_asks(ctx: PlanContext) -> Iterator[Candidate]:
    rules = ctx.playbook.referral
    for customer in ctx.book.customers:
        standing = ctx.standing[customer.id]
        latest = standing.latest
        if standing.group is not Group.PROMOTER or latest is None:
            continue
        closed = standing.last_case_closed
        if closed is not None and latest.date <= closed:
            continue  # a score from before the last failure says nothing about now
        asked = ctx.history.last_of_kind.get((customer.id, TouchKind.REFERRAL_ASK))
        due = latest.date + timedelta(days=rules.after_score)
        if closed is not None:
            due = max(due, closed + timedelta(days=rules.after_case))
        opens = latest.date
        if asked is not None:
            due = max(due, asked + timedelta(days=rules.cooldown))
            opens = max(opens, asked + timedelta(days=1))
        reward = standing.quadrant is Quadrant.REWARD
        yield Candidate(
            id=f"referral:{customer.id}:{due.isoformat()}",
            rule="ask happy customers for referrals",
            kind=ActionKind.REFERRAL_ASK,
            customer=customer.id,
            opens=opens,
            due=due,
            done_by=ActionKind.REFERRAL_ASK.done_by,
            reason=(
                f"scored {latest.score}/10 on {short(latest.date, ctx.today)} (promoter)"
                + (f"; last asked {short(asked, ctx.today)}" if asked else "")
            ),
            suggestion=(
                "Thank them for their trust"
                + (
                    " with something extra (training, an early look, a special offer)"
                    if reward
                    else ""
                )
                + ". Ask who else would benefit as they have, or for a short testimonial."
            ),
            facts=(("score", str(latest.score)), ("scored_on", latest.date.isoformat())),
        )


def before_budget(budget_month: int, lead: int, earliest: date) -> tuple[date, date]:
    """(when to propose, the budget month's first day): the next budget month starting
    on or after `earliest`, proposed `lead` days before it, or at once when that is past."""
    start = date(earliest.year, budget_month, 1)
    if start < earliest:
        start = date(earliest.year + 1, budget_month, 1)
    return max(earliest, start - timedelta(days=lead)), start


def upsell(ctx: PlanContext) -> Iterator[Candidate]:
    rules = ctx.playbook.upsell
    for customer in ctx.book.customers:
        standing = ctx.standing[customer.id]
        latest = standing.latest
        if standing.quadrant is not Quadrant.GROW or latest is None:
            continue
        pitched = ctx.history.last_of_kind.get((customer.id, TouchKind.UPSELL))
        earliest = latest.date + timedelta(days=14)
        if pitched is not None:
            earliest = max(earliest, pitched + timedelta(days=rules.cooldown))
        budget = ""
        if customer.budget_month:
            due, budget_start = before_budget(
                customer.budget_month, rules.lead_before_budget, earliest
            )
            budget = f"; they plan their budget in {budget_start:%B %Y}"
        else:
            due = earliest
        share = customer.share_of_wallet or 0.0
        topic = (
            f" that ties in with their interest in {pick(customer.interests, customer.id)}"
            if customer.interests
            else ""
        )
        yield Candidate(
            id=f"upsell:{customer.id}:{due.isoformat()}",
            rule="sell more where loyalty is high and share is low",
            kind=ActionKind.UPSELL,
            customer=customer.id,
            opens=max(latest.date, pitched + timedelta(days=1) if pitched else latest.date),
            due=due,
            done_by=ActionKind.UPSELL.done_by,
            reason=(
                f"promoter ({latest.score}/10) and you have only {share:.0%} of their spend"
                + budget
            ),
            suggestion=(
                "Ask what else they buy that you could take off their hands, and propose "
                f"one concrete next step{topic}. Time it for their budget."
            ),
            facts=(("score", str(latest.score)), ("share_of_wallet", f"{share:.2f}")),
        )
