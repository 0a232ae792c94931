"""Checks across records and files, run after each record has been validated alone.

Each check is one plain function from the book to problems, listed in
`CHECKS`. A file that could not be read is in `failed`, and checks that
would only echo that failure (every reference to an unreadable deals file)
stay quiet about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from aftersale.errors import Problem, Severity
from aftersale.models import Book, Contact, Deal, Identified, Record, Stage
from aftersale.text import article, quoted
from aftersale.values import did_you_mean


@dataclass(frozen=True, slots=True)
class Gaps:
    """What could not be loaded: whole files, and ids of records that failed validation.

    References into a gap are not reported again: the user has already been
    told about the file or record itself.
    """

    failed: frozenset[str] = frozenset()
    invalid_ids: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def covers(self, kind: str, record_id: str) -> bool:
        return kind in self.failed or record_id in self.invalid_ids.get(kind, frozenset())


Check = Callable[[Book, Gaps], Iterator[Problem]]
# A check whose answer depends on the day the load runs (given) or on the program's calendar.
DatedCheck = Callable[[Book, Gaps, date], Iterator[Problem]]


RecordT = TypeVar("RecordT", bound=Identified)


def _dedupe(
    book: Book, kind: str, records: tuple[RecordT, ...]
) -> tuple[tuple[RecordT, ...], list[Problem]]:
    """Keep the first record of each id (compared ignoring case); report the others."""
    seen: dict[str, RecordT] = {}
    kept: list[RecordT] = []
    problems = []
    for record in records:
        first = seen.setdefault(record.id.casefold(), record)
        if first is record:
            kept.append(record)
            continue
        same = "" if first.id == record.id else " (ignoring case)"
        problems.append(
            Problem(
                book.source(kind),
                record.line,
                f"duplicate id {quoted(record.id)}: line {first.line} has it already{same}; "
                "ids must be unique",
                field="id",
            )
        )
    return tuple(kept), problems


def _unique_ids(book: Book) -> tuple[Book, list[Problem]]:
    customers, problems = _dedupe(book, "customers", book.customers)
    deals, found = _dedupe(book, "deals", book.deals)
    problems += found
    promises, found = _dedupe(book, "promises", book.promises)
    problems += found
    cases, found = _dedupe(book, "cases", book.cases)
    problems += found
    updated = replace(book, customers=customers, deals=deals, promises=promises, cases=cases)
    return updated, problems


def _missing(value: str, known: Mapping[str, object]) -> str:
    folded = {key.casefold(): key for key in known}
    if value.casefold() in folded:
        return f'; did you mean "{folded[value.casefold()]}"? (ids are case-sensitive)'
    return did_you_mean(value, list(known))


def record_references(
    record: Record,
    file: str,
    customers: Mapping[str, object],
    deals: Mapping[str, Deal],
    gaps: Gaps,
) -> Iterator[Problem]:
    """The customer and deal a record names exist, and the deal is that customer's."""
    customer = getattr(record, "customer", None)
    if (
        customer is not None
        and customer not in customers
        and not gaps.covers("customers", customer)
    ):
        yield Problem(
            file,
            record.line,
            f"no customer has the id {quoted(customer)}" + _missing(customer, customers),
            field="customer",
        )
    deal_id = getattr(record, "deal", None)
    if deal_id is None or gaps.covers("deals", deal_id):
        return
    deal = deals.get(deal_id)
    if deal is None:
        yield Problem(
            file,
            record.line,
            f"no deal has the id {quoted(deal_id)}" + _missing(deal_id, deals),
            field="deal",
        )
    elif customer in customers and deal.customer != customer:
        yield Problem(
            file,
            record.line,
            f"deal {quoted(deal_id)} belongs to customer {quoted(deal.customer)}, "
            f"not {quoted(customer)}",
            field="deal",
        )


def references_resolve(book: Book, gaps: Gaps) -> Iterator[Problem]:
    """Every customer and deal a record names exists (and the deal is that customer's)."""
    customers = book.customer_by_id
    deals = book.deal_by_id
    for kind in ("deals", "promises", "touchpoints", "feedback", "cases", "reviews"):
        file = book.source(kind)
        for record in getattr(book, kind):
            yield from record_references(record, file, customers, deals, gaps)


def referrers_exist(book: Book, gaps: Gaps) -> Iterator[Problem]:
    """A customer's `referred_by` names another customer of the book."""
    customers = book.customer_by_id
    for customer in book.customers:
        referrer = customer.referred_by
        if referrer is None or referrer in customers or gaps.covers("customers", referrer):
            continue
        yield Problem(
            book.source("customers"),
            customer.line,
            f"no customer has the id {quoted(referrer)}" + _missing(referrer, customers),
            field="referred_by",
        )


_DATE_ORDER: tuple[tuple[str, str, str, Severity], ...] = (
    ("deals", "closed_on", "delivered_on", Severity.ERROR),
    ("cases", "opened", "resolved_on", Severity.ERROR),
    ("customers", "quiet_from", "quiet_until", Severity.ERROR),
    ("touchpoints", "date", "next", Severity.WARNING),
)


def record_dates(kind: str, record: Record, file: str) -> Iterator[Problem]:
    """Within a record, a later step (delivery, resolution, next contact) is not earlier."""
    for name, earlier, later, severity in _DATE_ORDER:
        if name != kind:
            continue
        first, then = getattr(record, earlier), getattr(record, later)
        if first and then and then < first:
            yield Problem(
                file,
                record.line,
                f"{later} {then} is before {earlier} {first}",
                field=later,
                severity=severity,
            )


def dates_in_order(book: Book, gaps: Gaps) -> Iterator[Problem]:
    for kind, _, _, _ in _DATE_ORDER:
        file = book.source(kind)
        for record in getattr(book, kind):
            yield from record_dates(kind, record, file)


def closed_deals_have_dates(book: Book, gaps: Gaps) -> Iterator[Problem]:
    for deal in book.deals:
        if deal.stage is not Stage.OPEN and deal.closed_on is None:
            yield Problem(
                book.source("deals"),
                deal.line,
                f"{article(deal.stage.value)} deal without closed_on gets no thank-you reminder",
                field="closed_on",
                severity=Severity.WARNING,
            )


def resolved_cases_have_root_cause(book: Book, gaps: Gaps) -> Iterator[Problem]:
    for case in book.cases:
        if case.resolved_on and not case.root_cause:
            yield Problem(
                book.source("cases"),
                case.line,
                "resolved without a root cause; without one the same failure may come back",
                field="root_cause",
                severity=Severity.WARNING,
            )


def categories_are_known(book: Book, gaps: Gaps) -> Iterator[Problem]:
    known = list(book.settings.known_categories())
    for kind, records in (("feedback", book.feedback), ("cases", book.cases)):
        for record in records:
            category = getattr(record, "category", None)
            if category and category.strip().lower() not in known:
                yield Problem(
                    book.source(kind),
                    record.line,
                    f"unknown category {quoted(category)}{did_you_mean(category.lower(), known)}"
                    " (add it to categories in aftersale.toml to use it)",
                    field="category",
                    severity=Severity.WARNING,
                )


def birthdays_are_past(book: Book, gaps: Gaps, today: date) -> Iterator[Problem]:
    for customer in book.customers:
        people = [(customer.birthday, "birthday")] + [
            (contact.birthday, "contact.birthday") for contact in customer.contacts
        ]
        for birthday, name in people:
            if birthday and birthday.year and date(birthday.year, 1, 1) > today:
                yield Problem(
                    book.source("customers"),
                    customer.line,
                    f"birthday {birthday} is in the future",
                    field=name,
                    severity=Severity.WARNING,
                )


def holiday_countries_are_known(book: Book, gaps: Gaps, today: date) -> Iterator[Problem]:
    """With holiday greetings asked for, a country the holiday calendar does not know
    would silently get none. (Not the day but the calendar installed with the program
    makes this a check that is never cached.)"""
    if not book.settings.holidays.greet:
        return
    from aftersale.rules.holidays import known_country

    for customer in book.customers:
        if customer.country and not known_country(customer.country):
            yield Problem(
                book.source("customers"),
                customer.line,
                f"country {quoted(customer.country)} is not a country code the holiday "
                "calendar knows (such as SE, DE or US), so they get no holiday greetings",
                field="country",
                severity=Severity.WARNING,
            )


CHECKS: tuple[Check, ...] = (
    references_resolve,
    referrers_exist,
    dates_in_order,
    closed_deals_have_dates,
    resolved_cases_have_root_cause,
    categories_are_known,
)
# Checks whose answer depends on the day they run, or on the holiday calendar installed
# with the program rather than on the book: never kept in a cache, run on every load.
DATED_CHECKS: tuple[DatedCheck, ...] = (birthdays_are_past, holiday_countries_are_known)


def run_dated_checks(book: Book, gaps: Gaps, today: date) -> list[Problem]:
    """The checks never cached, on `today` (the day the load runs, given by the caller)."""
    return [problem for check in DATED_CHECKS for problem in check(book, gaps, today)]


def run_checks(
    book: Book, gaps: Gaps, unclaimed_contacts: dict[str, list[Contact]]
) -> tuple[Book, list[Problem]]:
    """Drop duplicate ids, then run every check; return the cleaned book and the problems."""
    book, problems = _unique_ids(book)
    for check in CHECKS:
        problems.extend(check(book, gaps))
    file = book.source("contacts")
    for customer_id, contacts in unclaimed_contacts.items():
        if gaps.covers("customers", customer_id):
            continue
        for contact in contacts:
            problems.append(
                Problem(
                    file,
                    contact.line,
                    f"no customer has the id {quoted(customer_id)}"
                    + _missing(customer_id, book.customer_by_id),
                    field="customer",
                )
            )
    return book, problems
