"""Concrete things to say and send, chosen from the method's ideas for adding value.

Choices are stable: the same action always gets the same idea (picked by a
checksum of its id), and neighbouring touches of one deal get different ones.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date

from aftersale.models import Customer

VALUE_IDEAS = (
    "send a short article or industry news that matters to {their} business",
    "share a tip that gets more out of what they bought, something most users miss",
    "introduce them to someone useful: an expert, a partner, or a customer who solved the same"
    " problem",
    "invite them to an event, a webinar or a site visit worth their time",
    "show them, with their own numbers, where they could cut a cost or save time",
    "offer a short training for the people who use it every day",
    "send news that raises the value of what they bought (an update, a new use, an accessory)",
    "offer to take a chore off their hands (set-up, reporting, maintenance planning)",
)


def pick(options: Sequence[str], key: str) -> str:
    return options[zlib.crc32(key.encode("utf-8")) % len(options)]


def value_idea(customer: Customer, key: str) -> str:
    idea = pick(VALUE_IDEAS, key)
    their = f"their {customer.industry}" if customer.industry else "their"
    text = idea.format(their=their)
    if customer.interests:
        text += f"; they care about {pick(customer.interests, key)}"
    return text[0].upper() + text[1:] + "."


_MONTH_ABBR = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def short(day: date, today: date | None = None) -> str:
    """'Nov 20', with the year when it is not this year's."""
    text = f"{_MONTH_ABBR[day.month]} {day.day}"
    if today is not None and day.year != today.year:
        text += f", {day.year}"
    return text


def money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return ""
    text = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    return f"{text} {currency.upper()}" if currency else text


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def article(phrase: str) -> str:
    """'a thank you', 'an account review', 'an upsell': the article the sound asks for."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"
