"""Priority as a sum of named terms, each a weight from the playbook times a value.

Like Taskwarrior's urgency: the overdue term grows more slowly each day and
stops at a cap, so lateness orders actions inside their tier but never lifts a
routine one over a customer in trouble (tiers are compared before scores).
Every weight is a setting. `explain` prints the very terms summed here.
"""

from __future__ import annotations

import math
from datetime import date

from aftersale.actions import Candidate, Term
from aftersale.kinds import KINDS, ActionKind
from aftersale.models import Customer
from aftersale.playbook import Scoring
from aftersale.standing import Standing, value_share
from aftersale.text import article, plural


class Scorer:
    """The terms of each action's score on one day.

    Terms that depend only on the kind, on how late the action is, or on the
    customer are made once per plan and shared by every action they apply to
    (terms are immutable), instead of being worded again for each of the
    thousands of actions a large book has due.
    """

    def __init__(self, weights: Scoring, today: date, largest_value: float) -> None:
        self.weights = weights
        self.today = today
        self.largest_value = largest_value
        self._kind: dict[ActionKind, Term] = {}
        self._timing: dict[int, tuple[Term, ...]] = {}
        self._customer: dict[str, tuple[Term, ...]] = {}

    def terms(
        self, candidate: Candidate, due: date, customer: Customer, standing: Standing
    ) -> tuple[Term, ...]:
        kind = self._kind.get(candidate.kind)
        if kind is None:
            kind = self._kind[candidate.kind] = self._kind_term(candidate.kind)
        overdue = (self.today - due).days
        timing = self._timing.get(overdue)
        if timing is None:
            timing = self._timing[overdue] = self._timing_terms(overdue)
        own = self._customer.get(customer.id)
        if own is None:
            own = self._customer[customer.id] = self._customer_terms(customer, standing)
        weights = self.weights
        extra = tuple(
            Term(name, float(getattr(weights, name)), value, note)
            for name, value, note in candidate.terms
            if value > 0
        )
        return (kind, *timing, *own, *extra)

    def _kind_term(self, action_kind: ActionKind) -> Term:
        kind = KINDS[action_kind]
        weight = getattr(self.weights.kind, kind.weight)
        return Term("kind", weight, 1.0, f"{article(kind.wording)} action")

    def _timing_terms(self, overdue: int) -> tuple[Term, ...]:
        weights = self.weights
        if overdue > 0:
            lateness = math.log2(1 + overdue)
            capped = lateness > weights.overdue_max
            note = f"{plural(overdue, 'day')} overdue" + (" (capped)" if capped else "")
            return (Term("overdue", weights.overdue, min(lateness, weights.overdue_max), note),)
        if overdue < 0 and -overdue < 7:
            soon = 1 - (-overdue) / 7
            return (Term("due_soon", weights.due_soon, soon, f"due in {plural(-overdue, 'day')}"),)
        return ()

    def _customer_terms(self, customer: Customer, standing: Standing) -> tuple[Term, ...]:
        terms = []
        share = value_share(customer, self.largest_value)
        if share > 0:
            terms.append(
                Term(
                    "value",
                    self.weights.value,
                    share,
                    f"annual value {customer.annual_value:,.0f} "
                    f"of the largest {self.largest_value:,.0f}",
                )
            )
        if standing.risk > 0:
            why = "open case" if standing.open_cases else "detractor"
            terms.append(
                Term("risk", self.weights.risk, standing.risk, f"relationship at risk ({why})")
            )
        return tuple(terms)
