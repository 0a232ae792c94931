"""A fast path for the touchpoint log, the one file that grows to millions of rows.

A row written the usual way (ISO dates, kind and channel spelled exactly, no
stray spaces) is built directly; any other row returns None and goes through
full validation, which gives the same record or the right message. A property
test checks that both paths agree.
"""

from __future__ import annotations

from datetime import date

from aftersale.models import Channel, TouchKind, Touchpoint

_KINDS = {kind.value: kind for kind in TouchKind}
_CHANNELS = {channel.value: channel for channel in Channel}


def _iso(text: str) -> date | None:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _plain_id(text: str) -> bool:
    return text.isprintable() and " " not in text and text == text.strip()


def fast_touchpoint(values: dict[str, str], line: int) -> Touchpoint | None:
    """The record for a plainly written row, or None when it needs full validation."""
    day = _iso(values.get("date", ""))
    kind = _KINDS.get(values.get("kind", ""))
    customer = values.get("customer", "")
    if day is None or kind is None or not customer or not _plain_id(customer):
        return None
    fields: dict[str, object] = {"line": line, "date": day, "customer": customer, "kind": kind}
    for name, value in values.items():
        if name in fields:
            continue
        if name == "channel":
            channel = _CHANNELS.get(value)
            if channel is None:
                return None
            fields["channel"] = channel
        elif name == "next":
            following = _iso(value)
            if following is None:
                return None
            fields["next"] = following
        elif name == "deal":
            if not _plain_id(value):
                return None
            fields["deal"] = value
        elif value != value.strip():
            return None
        else:
            fields[name] = value
    return Touchpoint.model_construct(**fields)  # type: ignore[arg-type]
