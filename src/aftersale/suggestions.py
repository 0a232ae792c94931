"""Concrete things to say and send, chosen from the method's ideas for adding value.

Choices are stable: the same action always gets the same idea (picked by a
checksum of its id), and neighbouring touches of one deal get different ones.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

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
