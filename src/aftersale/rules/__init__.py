"""The after-sales method as rules: each family proposes candidate actions for a date.

A rule is a pure function of a `PlanContext`: no files, no clock, no output.
`RULES` lists them in the order their actions are generated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from aftersale.actions import Candidate
from aftersale.history import History
from aftersale.models import Book, Customer
from aftersale.playbook import Playbook
from aftersale.segments import Standing


@dataclass(frozen=True)
class PlanContext:
    """Everything a rule may look at."""

    book: Book
    today: date
    history: History
    standing: dict[str, Standing]

    @property
    def playbook(self) -> Playbook:
        return self.book.playbook

    def customer(self, customer_id: str) -> Customer | None:
        return self.book.customer_by_id.get(customer_id)


Rule = Callable[[PlanContext], Iterator[Candidate]]


def all_rules() -> tuple[Rule, ...]:
    from aftersale.rules import (
        accounts,
        cadence,
        cases,
        close,
        delivery,
        feedback,
        meetings,
        personal,
        post_sale,
        promises,
        segments,
    )

    return (
        close.thank_you,
        delivery.delivery,
        post_sale.value_touches,
        post_sale.anniversaries,
        cadence.keep_in_touch,
        cadence.agreed_next_dates,
        personal.birthdays,
        promises.promises,
        cases.recovery,
        feedback.feedback_requests,
        segments.repair,
        segments.referral_asks,
        segments.upsell,
        meetings.meeting_reviews,
        accounts.account_reviews,
    )
