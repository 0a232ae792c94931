"""Deliver as promised: tell them before they ask, check it arrived, reassure in a long gap."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate, Tier
from aftersale.dates import short
from aftersale.models import Deal, Stage
from aftersale.rules.context import PlanContext
from aftersale.text import plural

NOTICE = ActionKind.DELIVERY_NOTICE.done_by


def delivery(ctx: PlanContext) -> Iterator[Candidate]:
    for deal in ctx.book.deals:
        if deal.stage is not Stage.WON:
            continue
        if deal.delivered_on is not None:
            check = _check(ctx, deal, deal.delivered_on)
            if not ctx.settled(check.due):
                yield check
        elif deal.delivery_due is not None:
            advance = _advance_notice(ctx, deal, deal.delivery_due)
            if not ctx.settled(advance.due) and deal.delivery_due >= ctx.lapse_floor:
                yield advance
            if deal.delivery_due < ctx.today:
                yield _late_notice(ctx, deal, deal.delivery_due)
            if deal.closed_on is not None:
                reassure = _reassure(ctx, deal, deal.closed_on, deal.delivery_due)
                if reassure is not None:
                    yield reassure


def _facts(deal: Deal) -> tuple[tuple[str, str], ...]:
    facts = [("deal", deal.id)]
    for name in ("closed_on", "delivery_due", "delivered_on"):
        value = getattr(deal, name)
        if value is not None:
            facts.append((name, value.isoformat()))
    return tuple(facts)


def _late_notice(ctx: PlanContext, deal: Deal, promised: date) -> Candidate:
    """Late: a word every day until it arrives, counted from the last one given."""
    late = (ctx.today - promised).days
    told = ctx.history.touched_since(deal.customer, promised + timedelta(days=1), NOTICE, deal.id)
    due = told + timedelta(days=1) if told is not None else promised + timedelta(days=1)
    said = f"; last told {short(told, ctx.today)}" if told is not None else ""
    return Candidate(
        id=f"late-delivery:{deal.id}:{due.isoformat()}",
        rule="deliver as promised",
        kind=ActionKind.DELIVERY_NOTICE,
        customer=deal.customer,
        opens=(told or promised) + timedelta(days=1),
        due=due,
        deal=deal.id,
        done_by=NOTICE,
        reason=(
            f"{deal.title or deal.id} was due on {short(promised, ctx.today)} and is not marked "
            f"delivered ({plural(late, 'day')} late){said}"
        ),
        suggestion=(
            "Find out where it is, then tell them the new date yourself before they have "
            "to ask. Once it arrives, set delivered_on in the deals file."
        ),
        facts=_facts(deal),
    )


def _advance_notice(ctx: PlanContext, deal: Deal, promised: date) -> Candidate:
    """Before it is due: the delivery details, before they have to ask."""
    due = promised - timedelta(days=ctx.playbook.delivery.notice_before)
    return Candidate(
        id=f"delivery-notice:{deal.id}",
        rule="deliver as promised",
        kind=ActionKind.DELIVERY_NOTICE,
        customer=deal.customer,
        opens=deal.closed_on or due,
        due=due,
        expires=promised,  # then it is late: the daily late-delivery word takes over
        deal=deal.id,
        done_by=NOTICE,
        reason=f"{deal.title or deal.id} is due for delivery on {short(promised, ctx.today)}",
        suggestion=(
            "Tell them the delivery details before they ask: the shipping date, tracking, "
            "who to call on the day, and anything they must prepare."
        ),
        facts=_facts(deal),
    )


def _check(ctx: PlanContext, deal: Deal, delivered: date) -> Candidate:
    due = delivered + timedelta(days=ctx.playbook.delivery.check_after)
    return Candidate(
        id=f"delivery-check:{deal.id}",
        rule="deliver as promised",
        kind=ActionKind.DELIVERY_CHECK,
        customer=deal.customer,
        opens=delivered,
        due=due,
        deal=deal.id,
        done_by=ActionKind.DELIVERY_CHECK.done_by,
        reason=f"{deal.title or deal.id} was delivered on {short(delivered, ctx.today)}",
        suggestion=(
            "Check with them that it arrived complete, works, and is what you promised. Ask "
            "who uses it and whether they need help getting started."
        ),
        facts=_facts(deal),
    )


def _reassure(ctx: PlanContext, deal: Deal, closed: date, promised: date) -> Candidate | None:
    gap = (promised - closed).days
    if gap < ctx.playbook.delivery.reassure_gap:
        return None
    midway = closed + timedelta(days=gap // 2)
    return Candidate(
        id=f"reassure:{deal.id}",
        rule="deliver as promised",
        kind=ActionKind.CHECK_IN,
        customer=deal.customer,
        opens=midway - timedelta(days=gap // 4),
        due=midway,
        expires=promised,
        deal=deal.id,
        done_by=ActionKind.CHECK_IN.done_by,
        tier=Tier.OBLIGATION,
        reason=(
            f"{plural(gap, 'day')} between the close of {deal.id} and its delivery on "
            f"{short(promised, ctx.today)}: room for second thoughts"
        ),
        suggestion=(
            "Get in touch midway: confirm the order is on track, remind them what it will do "
            "for them, and answer any doubts before a competitor does."
        ),
        facts=(*_facts(deal), ("gap_days", str(gap))),
    )
