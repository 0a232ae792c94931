"""Personal touches: the birthdays of customers and of the people you deal with there, and
their own dates (a wedding anniversary, the day their company was founded)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from aftersale.actions import ActionKind, Candidate
from aftersale.channels import Channel, channel_family
from aftersale.dates import MonthDay, short
from aftersale.models import Customer
from aftersale.rules.context import PlanContext
from aftersale.suggestions import pick


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "contact"


def birthdays(ctx: PlanContext) -> Iterator[Candidate]:
    for customer in ctx.book.customers:
        people: list[tuple[str, MonthDay, str, tuple[str, ...]]] = []
        if customer.birthday:
            people.append((customer.name, customer.birthday, customer.id, customer.interests))
        for contact in customer.contacts:
            if contact.birthday:
                key = f"{customer.id}:{_slug(contact.name)}"
                people.append((contact.name, contact.birthday, key, contact.interests))
        for name, birthday, key, interests in people:
            yield from _birthdays(ctx, customer, Person(name, birthday, key, interests))
        for person in _own_dates(customer):
            yield from _birthdays(ctx, customer, person)


def _own_dates(customer: Customer) -> Iterator[Person]:
    for named in customer.dates:
        key = f"{customer.id}:{_slug(named.label)}"
        yield Person(customer.name, named.when, key, customer.interests, named.label)
    for contact in customer.contacts:
        for named in contact.dates:
            key = f"{customer.id}:{_slug(contact.name)}:{_slug(named.label)}"
            yield Person(contact.name, named.when, key, contact.interests, named.label)


@dataclass(frozen=True, slots=True)
class Person:
    """Whose birthday: the customer or one of their people, with their own interests."""

    name: str
    birthday: MonthDay
    key: str
    interests: tuple[str, ...]
    # What the date is, when it is not their birthday ("wedding", "founded").
    occasion: str | None = None


def _birthdays(ctx: PlanContext, customer: Customer, person: Person) -> Iterator[Candidate]:
    """The birthday still to greet, and those missed while their lapse is reported.

    Looks back a year when the customer has a quiet window, which can hold a
    greeting back for long; otherwise only as far as a greeting can still be due.
    """
    back = 366 if customer.quiet_until is not None else ctx.playbook.personal.expires_after
    day = person.birthday.next_on_or_after(ctx.lapse_floor - timedelta(days=back))
    while True:
        candidate = _birthday(ctx, customer, person, day)
        if candidate is not None:
            yield candidate
        if day >= ctx.today:
            return
        day = person.birthday.next_on_or_after(day + timedelta(days=1))


def _birthday(ctx: PlanContext, customer: Customer, person: Person, day: date) -> Candidate | None:
    rules = ctx.playbook.personal
    due = day - timedelta(days=rules.birthday_lead)
    expires = day + timedelta(days=rules.expires_after)
    moved = ""
    if customer.away_on(due) and customer.quiet_until is not None:
        # Not lost in a quiet window: greeted on their first day back instead.
        due = customer.quiet_until
        expires = max(expires, due + timedelta(days=rules.expires_after))
        moved = f"; they are away until {short(due, ctx.today)}, so it waits until then"
    if ctx.unseen(due, expires):
        return None
    born = person.birthday.year
    if person.occasion is None:
        what, prefix = "birthday", "birthday"
        turns = f" (turns {day.year - born})" if born else ""
        idea = f"Send {person.name} a card or a short personal note"
    else:
        what, prefix = person.occasion, "date"
        turns = f" ({day.year - born} years)" if born else ""
        idea = f"Send {person.name} a short personal note for their {person.occasion}"
    if person.interests:
        idea += (
            f"; a small gift that suits their interest in {pick(person.interests, person.key)} "
            "shows you remember them"
        )
    written = channel_family(customer.channel) in (Channel.EMAIL, Channel.TEXT)
    channel = customer.channel if written else None
    return Candidate(
        id=f"{prefix}:{person.key}:{day.year}",
        rule="birthdays" if person.occasion is None else "their own dates",
        kind=ActionKind.PERSONAL,
        customer=customer.id,
        opens=due - timedelta(days=14),
        due=due,
        expires=expires,
        done_by=ActionKind.PERSONAL.done_by,
        channel=channel or Channel.LETTER,
        reason=f"{person.name}'s {what} is on {short(day, ctx.today)}{turns}{moved}",
        suggestion=idea + ", timed to arrive on the day.",
        facts=(
            ("person", person.name),
            (what if person.occasion is None else "occasion", str(person.birthday)),
            *((("what", person.occasion),) if person.occasion else ()),
        ),
    )
