"""What a rule may look at: the book, the day, the folded log and each customer's standing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from aftersale.actions import Candidate
from aftersale.history import History
from aftersale.models import Book, Customer
from aftersale.playbook import Playbook
from aftersale.standing import Standing

# Further than a due date on a day off can move back (to the last working day before it).
LEEWAY = timedelta(days=8)


@dataclass(frozen=True)
class PlanContext:
    """Everything a rule may look at.

    `earliest` is the first day whose lapses are asked for (the planner reports
    actions that lapsed since then as missed), so rules keep what expired on or
    after it. `start` is the day the book started being kept, if known. `until`
    is the last day the plan looks at (today, unless it looks ahead).
    """

    book: Book
    today: date
    history: History
    standing: dict[str, Standing]
    earliest: date | None = None
    start: date | None = None
    until: date | None = None

    def unseen(self, due: date, expires: date | None, leeway: timedelta = LEEWAY) -> bool:
        """Whether a candidate with these dates is left out of the plan, whatever else it
        says: it lapsed before the days asked about, or it falls due after them.

        The planner asks with the due date it settled on (moved off a day off, snoozed)
        and no leeway. Rules ask before wording a candidate, to spare that work on the
        many a large book holds: their due date may still move back to a working day, so
        they ask with a leeway of more than that move.
        """
        if expires is not None and expires < self.lapse_floor:
            return True
        horizon = self.until or self.today
        return due - leeway > horizon and (expires is None or expires >= self.today)

    @property
    def lapse_floor(self) -> date:
        """Candidates that expired before this day are of no interest to anyone."""
        return min(self.earliest or self.today, self.today)

    def settled(self, due: date) -> bool:
        """An obligation due well before the book was started is taken as met then."""
        if self.start is None:
            return False
        return (self.start - due).days > self.playbook.triage.settled_before_start

    @property
    def playbook(self) -> Playbook:
        return self.book.playbook

    def customer(self, customer_id: str) -> Customer | None:
        return self.book.customer_by_id.get(customer_id)


Rule = Callable[[PlanContext], Iterator[Candidate]]
