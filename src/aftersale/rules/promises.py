"""Promises: every explicit commitment is due on its date; a broken one costs the most."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import short
from aftersale.rules.context import PlanContext
from aftersale.text import plural


def promises(ctx: PlanContext) -> Iterator[Candidate]:
    for promise in ctx.book.promises:
        if promise.done_on is not None:
            continue
        late = (ctx.today - promise.due).days
        reason = f"you promised: {promise.what} (by {short(promise.due, ctx.today)})"
        if late > 0:
            reason += f"; {plural(late, 'day')} late"
        yield Candidate(
            id=f"promise:{promise.id}",
            rule="keep every promise",
            kind=ActionKind.PROMISE,
            customer=promise.customer,
            opens=date.min,  # a promise stands from when it was made; done_on ends it
            due=promise.due,
            deal=promise.deal,
            done_by=ActionKind.PROMISE.done_by,
            reason=reason,
            suggestion=(
                "Do it today. If it cannot be done, tell them before they notice, say why and give "
                "a new date you will keep. Then set done_on in promises.csv."
                if late >= 0
                else "Get it ready; it is due soon."
            ),
            facts=(("promise", promise.id), ("due", promise.due.isoformat()))
            + ((("note", promise.note),) if promise.note else ()),
            trouble_from=promise.due,
        )
