"""Next steps decided in a review: an answer ending in "by DATE" is a commitment with a date.

"What will I do next, and by when?" is only worth asking if the answer reaches
the agenda. Each such answer becomes a promise-like action, done when it is
marked done (`aftersale done step:...`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import short
from aftersale.models import Review
from aftersale.rules.context import PlanContext

# "Send the proposal by 2026-12-05" (a relative date was written out when it was saved).
_BY_DATE = re.compile(r"^(?P<what>.*\S)\s+by\s+(?P<day>\d{4}-\d{2}-\d{2})\s*\.?\s*$", re.DOTALL)


def step_of(note: str | None) -> tuple[str, date] | None:
    """(what, by when) when a review answer names a next step with a date."""
    if not note:
        return None
    match = _BY_DATE.match(note)
    if match is None:
        return None
    try:
        return match.group("what"), date.fromisoformat(match.group("day"))
    except ValueError:
        return None


def step_id(review: Review) -> str:
    return (
        f"step:{review.subject or review.customer + ':' + review.date.isoformat()}:{review.point}"
    )


def review_steps(ctx: PlanContext) -> Iterator[Candidate]:
    for review in ctx.book.reviews:
        step = step_of(review.note)
        if step is None:
            continue
        what, due = step
        kind = "meeting" if review.type.value == "meeting" else "account"
        yield Candidate(
            id=step_id(review),
            rule="do what the review decided",
            kind=ActionKind.PROMISE,
            customer=review.customer,
            opens=review.date,
            due=due,
            done_by=ActionKind.PROMISE.done_by,
            reason=(
                f"in your {kind} review of {short(review.date, ctx.today)} you decided: {what} "
                f"(by {short(due, ctx.today)})"
            ),
            suggestion=(
                "Do it as you decided; if the date cannot hold, set a new one you will keep."
            ),
            facts=(("review", review.subject or review.date.isoformat()), ("point", review.point)),
            trouble_from=due,
        )
