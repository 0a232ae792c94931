"""Public holidays to greet: the ones the book names, in each customer's own country.

The calendar comes from the `holidays` package, loaded only when a book asks for
greetings; a country it does not know gives no greetings (`check` says so).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache

from aftersale.actions import ActionKind, Candidate
from aftersale.channels import Channel, channel_family
from aftersale.dates import short
from aftersale.models import Customer
from aftersale.rules.context import PlanContext


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> tuple[tuple[date, str], ...]:
    """A country's public holidays in a year, named in English; none for an unknown code."""
    import holidays

    try:
        calendar = holidays.country_holidays(country.upper(), years=year, language="en_US")
    except NotImplementedError:
        return ()
    return tuple(sorted((day, str(name)) for day, name in calendar.items()))


@lru_cache(maxsize=1)
def _supported() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


def known_country(country: str) -> bool:
    return country.upper() in _supported()


def greeted(name: str, greet: tuple[str, ...]) -> bool:
    """Whether a holiday is one the book greets: any of its words, in any case."""
    folded = name.casefold()
    return any(wanted.casefold() in folded for wanted in greet if wanted.strip())


def holiday_greetings(ctx: PlanContext) -> Iterator[Candidate]:
    greet = ctx.book.settings.holidays.greet
    if not greet:
        return
    rules = ctx.playbook.personal
    first = ctx.lapse_floor - timedelta(days=rules.expires_after)
    last = ctx.today + timedelta(days=rules.birthday_lead + 366)
    for customer in ctx.book.customers:
        if not customer.country or customer.is_prospect:
            continue
        for year in range(first.year, last.year + 1):
            for day, name in public_holidays(customer.country, year):
                if first <= day <= last and greeted(name, greet):
                    candidate = _greeting(ctx, customer, customer.country, day, name)
                    if candidate.expires is None or candidate.expires >= ctx.lapse_floor:
                        yield candidate


def _greeting(
    ctx: PlanContext, customer: Customer, country: str, day: date, name: str
) -> Candidate:
    rules = ctx.playbook.personal
    due = day - timedelta(days=rules.birthday_lead)
    written = channel_family(customer.channel) in (Channel.EMAIL, Channel.TEXT)
    return Candidate(
        id=f"holiday:{customer.id}:{day.isoformat()}",
        rule="holidays",
        kind=ActionKind.PERSONAL,
        customer=customer.id,
        opens=due - timedelta(days=14),
        due=due,
        expires=day,
        done_by=ActionKind.PERSONAL.done_by,
        channel=customer.channel if written else Channel.LETTER,
        reason=f"{name} is on {short(day, ctx.today)} in {country.upper()}",
        suggestion=(
            f"Send {customer.name} your good wishes for {name}: a short personal note, "
            "timed to arrive before the day, with nothing to sell."
        ),
        facts=(("holiday", name), ("on", day.isoformat()), ("country", country)),
    )
