"""Complaints: respond fast by severity, keep them informed, close the loop with the root cause."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from aftersale.actions import ActionKind, Candidate, Tier
from aftersale.dates import short
from aftersale.models import Case, CaseSeverity
from aftersale.rules.context import PlanContext
from aftersale.text import plural

RESPONSE = ActionKind.RECOVERY.done_by
# A customer with a case this severe is a customer in trouble: first on the day's list.
TROUBLE = frozenset({CaseSeverity.CRITICAL, CaseSeverity.HIGH})


def recovery(ctx: PlanContext) -> Iterator[Candidate]:
    for case in ctx.book.cases:
        if case.opened > ctx.today:
            continue
        if case.resolved_on is None or case.resolved_on > ctx.today:
            yield _open_case(ctx, case)
        else:
            for follow_up in (_close_loop(ctx, case), _stay_fixed(ctx, case)):
                if follow_up is not None:
                    yield follow_up


def _facts(case: Case) -> tuple[tuple[str, str], ...]:
    facts = [
        ("case", case.id),
        ("severity", case.severity.value),
        ("opened", case.opened.isoformat()),
    ]
    if case.category:
        facts.append(("category", case.category))
    return tuple(facts)


def _open_case(ctx: PlanContext, case: Case) -> Candidate:
    rules = ctx.playbook.cases
    severity = case.severity.value
    age = (ctx.today - case.opened).days
    last = ctx.history.touched_since(case.customer, case.opened, RESPONSE)
    summary = f": {case.summary}" if case.summary else ""
    reason = f"{severity} case {case.id} open for {plural(age, 'day')}{summary}"
    if last is None:
        due = case.opened + timedelta(days=rules.respond_within.of(severity))
        key, opens = f"recovery:{case.id}", case.opened
        suggestion = (
            "Respond now: own the problem even if someone else caused it, say what happens "
            "next and when they will hear from you again."
        )
    else:
        due = last + timedelta(days=rules.update_every.of(severity))
        key, opens = f"recovery:{case.id}:{due.isoformat()}", last + timedelta(days=1)
        reason += f"; last update {short(last, ctx.today)}"
        suggestion = (
            "Keep them informed: tell them where the fix stands, even if nothing changed. "
            "Find the root cause before you close it."
        )
    return Candidate(
        id=key,
        rule="recover complaints fast",
        kind=ActionKind.RECOVERY,
        customer=case.customer,
        opens=opens,
        due=due,
        deal=case.deal,
        done_by=RESPONSE,
        reason=reason,
        suggestion=suggestion,
        facts=(*_facts(case), ("age_days", str(age))),
        terms=(("age", min(age / 7, 4.0), f"open {plural(age, 'day')} (x weeks, max 4)"),),
        tier=Tier.TROUBLE if case.severity in TROUBLE else Tier.OBLIGATION,
        any_day=case.severity is CaseSeverity.CRITICAL,
    )


def _close_loop(ctx: PlanContext, case: Case) -> Candidate | None:
    assert case.resolved_on is not None
    due = case.resolved_on + timedelta(days=ctx.playbook.cases.close_loop_after)
    if ctx.settled(due):
        return None
    cause = f" ({case.root_cause})" if case.root_cause else ""
    fix = f" ({case.fix})" if case.fix else ""
    return Candidate(
        id=f"close-loop:{case.id}",
        rule="recover complaints fast",
        kind=ActionKind.RECOVERY,
        customer=case.customer,
        opens=case.resolved_on,
        due=due,
        deal=case.deal,
        done_by=RESPONSE,
        reason=f"case {case.id} was resolved on {short(case.resolved_on, ctx.today)}",
        suggestion=(
            f"Close the loop: tell them what went wrong{cause} and what you changed{fix} so "
            "it will not happen again, and ask whether they are satisfied."
        ),
        facts=(*_facts(case), ("resolved_on", case.resolved_on.isoformat())),
        mends=True,
    )


def _stay_fixed(ctx: PlanContext, case: Case) -> Candidate | None:
    """Some weeks after the fix: did it hold? Asked of every customer, happy or not."""
    assert case.resolved_on is not None
    rules = ctx.playbook.cases
    due = case.resolved_on + timedelta(days=rules.stay_fixed_after)
    if ctx.settled(due):
        return None
    return Candidate(
        id=f"stay-fixed:{case.id}",
        rule="recover complaints fast",
        kind=ActionKind.RECOVERY,
        customer=case.customer,
        opens=case.resolved_on + timedelta(days=rules.close_loop_after + 1),
        due=due,
        deal=case.deal,
        done_by=None,  # any contact can ask whether the fix held
        reason=(
            f"case {case.id} was resolved on {short(case.resolved_on, ctx.today)}; "
            "has the fix held?"
        ),
        suggestion=(
            "Check that the fix has held: is everything working as it should, and is "
            "there anything else they need from you?"
        ),
        facts=(*_facts(case), ("resolved_on", case.resolved_on.isoformat())),
        mends=True,
    )
