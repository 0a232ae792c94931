"""Where each customer stands: latest score, NPS group, and loyalty x share-of-wallet quadrant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from aftersale.models import Book, CaseSeverity, Customer, Feedback
from aftersale.playbook import Segments


class Group(StrEnum):
    PROMOTER = "promoter"
    PASSIVE = "passive"
    DETRACTOR = "detractor"


class Quadrant(StrEnum):
    """DOMAIN's loyalty x wallet matrix; each has its own strategy."""

    FIX_BASICS = "fix the basics"  # low loyalty, low share
    URGENT = "urgent: find the root cause"  # low loyalty, high share
    GROW = "sell more"  # high loyalty, low share
    REWARD = "reward and ask for referrals"  # high loyalty, high share


SEVERITY_RISK = {
    CaseSeverity.CRITICAL: 1.0,
    CaseSeverity.HIGH: 0.75,
    CaseSeverity.MEDIUM: 0.5,
    CaseSeverity.LOW: 0.25,
}


@dataclass(frozen=True, slots=True)
class Standing:
    """A customer's state as the planner needs it."""

    latest: Feedback | None
    group: Group | None
    quadrant: Quadrant | None
    open_cases: tuple[str, ...]
    risk: float
    serious_cases: tuple[str, ...] = ()
    last_case_closed: date | None = None


def group_of(score: int, rules: Segments) -> Group:
    if score >= rules.promoter_min:
        return Group.PROMOTER
    if score <= rules.detractor_max:
        return Group.DETRACTOR
    return Group.PASSIVE


def quadrant_of(group: Group | None, share: float | None, rules: Segments) -> Quadrant | None:
    if group is None or group is Group.PASSIVE or share is None:
        return None
    high_share = share >= rules.high_share
    if group is Group.DETRACTOR:
        return Quadrant.URGENT if high_share else Quadrant.FIX_BASICS
    return Quadrant.REWARD if high_share else Quadrant.GROW


def latest_scores(feedback: tuple[Feedback, ...], until: date) -> dict[str, Feedback]:
    """Each customer's most recent score on or before `until` (the latest one wins)."""
    latest: dict[str, Feedback] = {}
    for item in feedback:
        if item.date > until:
            continue
        current = latest.get(item.customer)
        if current is None or (item.date, item.line) >= (current.date, current.line):
            latest[item.customer] = item
    return latest


def standings(book: Book, today: date) -> dict[str, Standing]:
    rules = book.playbook.segments
    latest = latest_scores(book.feedback, today)
    open_cases: dict[str, list[tuple[str, float]]] = {}
    serious: dict[str, list[str]] = {}
    closed: dict[str, date] = {}
    for case in book.cases:
        if case.opened <= today and (case.resolved_on is None or case.resolved_on > today):
            open_cases.setdefault(case.customer, []).append((case.id, SEVERITY_RISK[case.severity]))
            if case.severity in (CaseSeverity.CRITICAL, CaseSeverity.HIGH):
                serious.setdefault(case.customer, []).append(case.id)
        elif case.resolved_on is not None and case.resolved_on <= today:
            closed[case.customer] = max(case.resolved_on, closed.get(case.customer, date.min))
    result = {}
    for customer in book.customers:
        score = latest.get(customer.id)
        group = group_of(score.score, rules) if score else None
        cases = open_cases.get(customer.id, [])
        risk = max([1.0 if group is Group.DETRACTOR else 0.0] + [r for _, r in cases])
        result[customer.id] = Standing(
            latest=score,
            group=group,
            quadrant=quadrant_of(group, customer.share_of_wallet, rules),
            open_cases=tuple(case_id for case_id, _ in cases),
            risk=risk,
            serious_cases=tuple(serious.get(customer.id, ())),
            last_case_closed=closed.get(customer.id),
        )
    return result


def value_share(customer: Customer, largest: float) -> float:
    """The customer's annual value relative to the book's largest (0 to 1)."""
    if not customer.annual_value or largest <= 0:
        return 0.0
    return min(customer.annual_value / largest, 1.0)
