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
from aftersale.kinds import KINDS
from aftersale.models import Customer
from aftersale.playbook import Scoring
from aftersale.standing import Standing, value_share
from aftersale.text import article, plural


def score_terms(
    candidate: Candidate,
    due: date,
    today: date,
    customer: Customer,
    standing: Standing,
    largest_value: float,
    weights: Scoring,
) -> tuple[Term, ...]:
    kind = KINDS[candidate.kind]
    terms = [
        Term("kind", getattr(weights.kind, kind.weight), 1.0, f"{article(kind.wording)} action")
    ]
    overdue = (today - due).days
    if overdue > 0:
        lateness = math.log2(1 + overdue)
        capped = lateness > weights.overdue_max
        terms.append(
            Term(
                "overdue",
                weights.overdue,
                min(lateness, weights.overdue_max),
                f"{plural(overdue, 'day')} overdue" + (" (capped)" if capped else ""),
            )
        )
    elif overdue < 0 and -overdue < 7:
        terms.append(
            Term(
                "due_soon",
                weights.due_soon,
                1 - (-overdue) / 7,
                f"due in {plural(-overdue, 'day')}",
            )
        )
    share = value_share(customer, largest_value)
    if share > 0:
        terms.append(
            Term(
                "value",
                weights.value,
                share,
                f"annual value {customer.annual_value:,.0f} of the largest {largest_value:,.0f}",
            )
        )
    if standing.risk > 0:
        why = "open case" if standing.open_cases else "detractor"
        terms.append(Term("risk", weights.risk, standing.risk, f"relationship at risk ({why})"))
    for name, value, note in candidate.terms:
        if value > 0:
            terms.append(Term(name, float(getattr(weights, name)), value, note))
    return tuple(terms)
