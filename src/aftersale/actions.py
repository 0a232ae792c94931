"""What the planner produces: actions, each with the facts behind it and a scored priority."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from aftersale.kinds import KIND_TIERS, ActionKind, Tier
from aftersale.models import TouchKind

# The kinds and tiers are declared in kinds.py, with everything that follows from a kind.
__all__ = [
    "KIND_TIERS",
    "Action",
    "ActionKind",
    "Candidate",
    "Term",
    "Tier",
    "score_of",
]


class Candidate(NamedTuple):
    """An action a rule proposes, before the planner checks it is done, due or allowed.

    `opens` is when the action became relevant (the close, the delivery, the
    meeting): a matching touchpoint from that day on completes it. `done_by`
    lists the touchpoint kinds that count (most rules take their kind's, from
    `kinds.KINDS`); None means any interaction does, an empty set that only a
    touchpoint naming the action does.
    `expires` is the last day the action makes sense: after it, the moment has
    passed and the action lapses (reported once as missed). Obligations (a
    thank-you, a delivery check, a promise, an open case) have none. `tier`
    overrides the kind's tier; from `trouble_from` on the action
    counts as trouble (a promise on its due date). `any_day` keeps the due date
    on a day off (a critical case cannot wait for Monday). `mends` marks an
    action that is part of mending the relationship (asking whether a fix held),
    which may be said while the customer is unhappy.
    """

    id: str
    rule: str
    kind: ActionKind
    customer: str
    opens: date
    due: date
    reason: str
    suggestion: str
    deal: str | None = None
    done_by: frozenset[TouchKind] | None = frozenset()
    expires: date | None = None
    channel: str | None = None
    facts: tuple[tuple[str, str], ...] = ()
    terms: tuple[tuple[str, float, str], ...] = ()
    tier: Tier | None = None
    trouble_from: date | None = None
    any_day: bool = False
    mends: bool = False


class Term(NamedTuple):
    """One named part of a score: weight x value, with what the value means."""

    name: str
    weight: float
    value: float
    note: str

    @property
    def points(self) -> float:
        return self.weight * self.value


def score_of(terms: tuple[Term, ...]) -> float:
    """A score: the points of its terms, summed, to two decimals."""
    return round(sum(term.weight * term.value for term in terms), 2)


class Action(NamedTuple):
    """A follow-up to do: the candidate, where it goes, and its explained score.

    Candidates, actions and their terms are named tuples: immutable like frozen
    dataclasses, and made several times faster (a day's plan of a large book
    makes tens of thousands of them).
    """

    id: str
    rule: str
    kind: ActionKind
    customer: str
    customer_name: str
    company: str | None
    due: date
    opens: date
    channel: str | None
    reason: str
    suggestion: str
    deal: str | None
    facts: tuple[tuple[str, str], ...]
    terms: tuple[Term, ...]
    score: float  # the terms' points summed and rounded (see `score_of`), as explain shows it
    suppressed: str | None = None
    notes: tuple[str, ...] = ()
    tier: Tier = Tier.RELATIONSHIP
    trouble_from: date | None = None
    expires: date | None = None
    planned: date | None = None

    def tier_on(self, day: date) -> Tier:
        """The tier on `day`: a promise becomes trouble on its due date."""
        if self.trouble_from is not None and day >= self.trouble_from:
            return Tier.TROUBLE
        return self.tier

    def rank_on(self, day: date) -> tuple[int, float, date, str]:
        """Sort key for `day`: tier first, then the score, the due date and the id."""
        return (int(self.tier_on(day)), -self.score, self.due, self.id)

    def overdue_days(self, today: date) -> int:
        return max((today - self.due).days, 0)
