"""Review every meeting the same day, while it is fresh."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import short
from aftersale.rules.context import PlanContext


def meeting_reviews(ctx: PlanContext) -> Iterator[Candidate]:
    rules = ctx.playbook.meetings
    for meeting in ctx.history.meetings.values():
        if meeting.day > ctx.today:
            continue
        due = meeting.day + timedelta(days=rules.review_within)
        expires = due + timedelta(days=rules.expires_after)
        if ctx.unseen(due, expires):
            continue
        note = f" ({meeting.note})" if meeting.note else ""
        yield Candidate(
            id=f"meeting-review:{meeting.customer}:{meeting.day.isoformat()}",
            rule="review every meeting",
            kind=ActionKind.MEETING_REVIEW,
            customer=meeting.customer,
            opens=meeting.day,
            due=due,
            expires=expires,
            deal=meeting.deal,
            done_by=ActionKind.MEETING_REVIEW.done_by,
            reason=f"meeting on {short(meeting.day, ctx.today)}{note}; not reviewed yet",
            suggestion=(
                "Take ten minutes for a self-review: was the agenda agreed, did you learn the "
                "budget and who decides, did you get a clear yes or no, what will you do "
                "differently next time?"
            ),
            facts=(("meeting", meeting.day.isoformat()),),
        )
