"""What the touchpoint log says, folded into per-customer state in one pass.

The planner never needs the whole log, only: when each customer was last
contacted, the latest touch of each kind (per customer, and per deal), which
action ids were named as done, what is snoozed until when, recent meetings,
and the latest agreed next date. Folding row by row keeps memory in
proportion to customers and open actions, not to the length of the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from aftersale.models import Book, Review, ReviewType, TouchKind, Touchpoint

# The seller's own reviews are logged against a customer but are no contact with them.
NOT_CONTACT = frozenset({TouchKind.MEETING_REVIEW, TouchKind.ACCOUNT_REVIEW})


@dataclass(frozen=True, slots=True)
class Meeting:
    customer: str
    day: date
    deal: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class NextDate:
    customer: str
    set_on: date
    day: date
    deal: str | None
    note: str | None


@dataclass(slots=True)
class History:
    last_contact: dict[str, date] = field(default_factory=dict)
    last_of_kind: dict[tuple[str, TouchKind], date] = field(default_factory=dict)
    last_of_kind_deal: dict[tuple[str, TouchKind, str], date] = field(default_factory=dict)
    last_untagged: dict[tuple[str, TouchKind], date] = field(default_factory=dict)
    named: dict[str, date] = field(default_factory=dict)
    snoozed: dict[str, date] = field(default_factory=dict)
    meetings: dict[tuple[str, date], Meeting] = field(default_factory=dict)
    next_dates: dict[str, NextDate] = field(default_factory=dict)
    touches: dict[str, int] = field(default_factory=dict)
    reviewed: dict[str, date] = field(default_factory=dict)
    first_day: date | None = None

    def add(self, touch: Touchpoint) -> None:
        """Fold one touchpoint in; order of the log does not matter."""
        customer, day, kind = touch.customer, touch.date, touch.kind
        if kind is TouchKind.SNOOZE:
            if touch.action and touch.next:
                self.snoozed[touch.action] = max(
                    touch.next, self.snoozed.get(touch.action, touch.next)
                )
            return
        self.touches[customer] = self.touches.get(customer, 0) + 1
        if kind is not TouchKind.IMPORTED and (self.first_day is None or day < self.first_day):
            self.first_day = day  # a date brought in from another tool is not the book's start
        if kind not in NOT_CONTACT:
            _latest(self.last_contact, customer, day)
        if kind is TouchKind.IMPORTED:
            # Only the date of the last contact: an imported touch meets no obligation.
            return
        key = (customer, kind)
        last = self.last_of_kind.get(key)
        if last is None or day > last:
            self.last_of_kind[key] = day
        if touch.deal:
            _latest(self.last_of_kind_deal, (customer, kind, touch.deal), day)
        else:
            _latest(self.last_untagged, key, day)
        if touch.action:
            _latest(self.named, touch.action, day)
        if kind is TouchKind.MEETING:
            self.meetings[(customer, day)] = Meeting(customer, day, touch.deal, touch.note)
        if touch.next:
            current = self.next_dates.get(customer)
            if current is None or (day, touch.next) >= (current.set_on, current.day):
                self.next_dates[customer] = NextDate(
                    customer, day, touch.next, touch.deal, touch.note
                )

    def add_review(self, review: Review) -> None:
        if review.subject:
            _latest(self.reviewed, review.subject, review.date)
        kind = (
            TouchKind.MEETING_REVIEW
            if review.type is ReviewType.MEETING
            else TouchKind.ACCOUNT_REVIEW
        )
        _latest(self.last_of_kind, (review.customer, kind), review.date)

    def touched_since(
        self,
        customer: str,
        since: date,
        kinds: frozenset[TouchKind] | None,
        deal: str | None = None,
    ) -> date | None:
        """The latest matching touch on or after `since`, if any.

        With a deal, a touch naming that deal counts, and so does one naming no
        deal; `kinds` None means any kind of interaction.
        """
        if kinds is None:
            last = self.last_contact.get(customer)
            return last if last is not None and last >= since else None
        best: date | None = None
        for kind in kinds:
            if deal is None:
                found = self.last_of_kind.get((customer, kind))
            else:
                on_deal = self.last_of_kind_deal.get((customer, kind, deal))
                untagged = self.last_untagged.get((customer, kind))
                found = max((d for d in (on_deal, untagged) if d is not None), default=None)
            if found is not None and found >= since and (best is None or found > best):
                best = found
        return best


K = TypeVar("K")


def _latest(table: dict[K, date], key: K, day: date) -> None:
    current = table.get(key)
    if current is None or day > current:
        table[key] = day


def fold(touchpoints: Iterable[Touchpoint], reviews: Iterable[Review] = ()) -> History:
    history = History()
    for touch in touchpoints:
        history.add(touch)
    for review in reviews:
        history.add_review(review)
    return history


def history_of(book: Book) -> History:
    """The folded log: made while loading, or folded now for a book built in memory."""
    if book.history is not None:
        return book.history
    return fold(book.touchpoints, book.reviews)
