"""Personal touches: the birthdays of customers and of the people you deal with there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.dates import MonthDay
from aftersale.models import Channel, Customer, TouchKind
from aftersale.rules import PlanContext
from aftersale.suggestions import pick, short


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "contact"


def birthdays(ctx: PlanContext) -> Iterator[Candidate]:
    for customer in ctx.book.customers:
        people: list[tuple[str, MonthDay, str]] = []
        if customer.birthday:
            people.append((customer.name, customer.birthday, customer.id))
        for contact in customer.contacts:
            if contact.birthday:
                people.append(
                    (contact.name, contact.birthday, f"{customer.id}:{_slug(contact.name)}")
                )
        for name, birthday, key in people:
            yield from _birthdays(ctx, customer, name, birthday, key)


def _birthdays(
    ctx: PlanContext, customer: Customer, name: str, birthday: MonthDay, key: str
) -> Iterator[Candidate]:
    """The birthday still to greet, and the one just missed while its lapse is reported."""
    lapse = timedelta(days=ctx.playbook.personal.expires_after)
    day = birthday.next_on_or_after(ctx.lapse_floor - lapse)
    yield _birthday(ctx, customer, name, birthday, key, day)
    if day + lapse < ctx.today:
        following = birthday.next_on_or_after(day + timedelta(days=1))
        yield _birthday(ctx, customer, name, birthday, key, following)


def _birthday(
    ctx: PlanContext, customer: Customer, name: str, birthday: MonthDay, key: str, day: date
) -> Candidate:
    rules = ctx.playbook.personal
    due = day - timedelta(days=rules.birthday_lead)
    turns = f" (turns {day.year - birthday.year})" if birthday.year else ""
    idea = "Send a card or a short personal note"
    if customer.interests:
        idea += f"; a small gift about {pick(customer.interests, key)} shows you remember them"
    channel = customer.channel if customer.channel in (Channel.EMAIL, Channel.TEXT) else None
    return Candidate(
        id=f"birthday:{key}:{day.year}",
        rule="birthdays",
        kind=ActionKind.PERSONAL,
        customer=customer.id,
        opens=due - timedelta(days=14),
        due=due,
        expires=day + timedelta(days=rules.expires_after),
        done_by=frozenset({TouchKind.PERSONAL}),
        channel=channel or Channel.LETTER,
        reason=f"{name}'s birthday is on {short(day, ctx.today)}{turns}",
        suggestion=idea + ", timed to arrive on the day.",
        facts=(("person", name), ("birthday", str(birthday))),
    )
