"""The facts a key-account review starts from, taken from the book."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from aftersale.models import Book, Customer, Role, Stage, Touchpoint
from aftersale.rules.accounts import key_accounts

ROLE_NAMES = {
    Role.BUYER: "buyer",
    Role.USER: "user",
    Role.INFLUENCER: "influencer",
    Role.DECISION_MAKER: "decision maker",
}


@dataclass(frozen=True)
class AccountFacts:
    customer: Customer
    rank: int | None
    share_of_book: float | None
    deals_won: int
    deals_lost: int
    deals_open: int
    won_totals: dict[str, float]
    touches_last_year: int
    touches_by_kind: dict[str, int]
    scores: tuple[tuple[date, int], ...]
    open_cases: tuple[str, ...]
    case_categories: dict[str, int]
    people_by_role: dict[str, tuple[str, ...]]
    gaps: tuple[str, ...]


def account_facts(
    book: Book, customer: Customer, today: date, touchpoints: Iterable[Touchpoint]
) -> AccountFacts:
    """The account's facts on `today`; `touchpoints` is the book's log (the caller reads it)."""
    total_value = sum(c.annual_value or 0 for c in book.customers)
    ranked = [c.id for c in key_accounts(book.customers, len(book.customers))]
    deals = [d for d in book.deals if d.customer == customer.id]
    won: dict[str, float] = {}
    for deal in deals:
        if deal.stage is Stage.WON and deal.amount is not None:
            key = (deal.currency or "").upper() or "-"
            won[key] = won.get(key, 0.0) + deal.amount
    year_ago = today - timedelta(days=365)
    by_kind: dict[str, int] = {}
    for touch in touchpoints:
        if touch.customer == customer.id and year_ago < touch.date <= today:
            by_kind[touch.kind.value] = by_kind.get(touch.kind.value, 0) + 1
    cases = [c for c in book.cases if c.customer == customer.id]
    categories: dict[str, int] = {}
    for case in cases:
        if case.category:
            categories[case.category] = categories.get(case.category, 0) + 1
    people: dict[str, list[str]] = {name: [] for name in ROLE_NAMES.values()}
    for contact in customer.contacts:
        for role in contact.role:
            people[ROLE_NAMES[role]].append(contact.name)
    gaps = tuple(f"no {role} known" for role, names in people.items() if not names)
    return AccountFacts(
        customer=customer,
        rank=ranked.index(customer.id) + 1 if customer.id in ranked else None,
        share_of_book=(customer.annual_value or 0) / total_value if total_value else None,
        deals_won=sum(1 for d in deals if d.stage is Stage.WON),
        deals_lost=sum(1 for d in deals if d.stage is Stage.LOST),
        deals_open=sum(1 for d in deals if d.stage is Stage.OPEN),
        won_totals=won,
        touches_last_year=sum(by_kind.values()),
        touches_by_kind=dict(sorted(by_kind.items(), key=lambda kv: -kv[1])),
        scores=tuple(sorted((f.date, f.score) for f in book.feedback if f.customer == customer.id)),
        open_cases=tuple(
            c.id
            for c in cases
            if c.opened <= today and (c.resolved_on is None or c.resolved_on > today)
        ),
        case_categories=categories,
        people_by_role={role: tuple(names) for role, names in people.items()},
        gaps=gaps,
    )
