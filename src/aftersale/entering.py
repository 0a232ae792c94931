"""Records entered on the command line: checked by the loader's own models, and what follows.

A record typed as options goes through the same pydantic model, with the same
reading settings (date order, decimal mark), as a record read from a file, so
the messages are the loader's: `--birthday: expected a date ..., got "31-02"`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from aftersale.errors import AftersaleError, ExitCode

if TYPE_CHECKING:
    from aftersale.actions import Action
    from aftersale.book.edit import Value
    from aftersale.book.schema import FileKind
    from aftersale.models import Book, Record
    from aftersale.settings import Settings

# How far ahead the lines after a write look for what follows.
FOLLOWING_DAYS = 120


def validated(
    kind: FileKind, values: Mapping[str, Any], settings: Settings, names: Mapping[str, str]
) -> Record:
    """The record the loader would read from these values, or exit 65 naming each bad one.

    `names` says how the user typed each field (`--birthday`, `NAME`); others are
    shown as options spelled from the field.
    """
    from pydantic import ValidationError

    from aftersale.book.messages import describe

    context = {"date_order": settings.date_order, "decimal_mark": settings.decimal_mark}
    given = {key: value for key, value in values.items() if value is not None}
    try:
        return kind.model.model_validate(given, context=context)
    except ValidationError as error:
        details = []
        for item in error.errors():
            field = str(item["loc"][0]) if item["loc"] else ""
            shown = names.get(field, "--" + field.replace("_", "-"))
            details.append(f"{shown}: {describe(item)}")
        raise AftersaleError(
            "nothing written: " + "; ".join(details), exit_code=ExitCode.DATA_ERR
        ) from None


def stored(record: Record, raw: Mapping[str, Any]) -> dict[str, Value]:
    """What to write for each given field: dates and numbers as read, other text as typed."""
    out: dict[str, Value] = {}
    for key, text in raw.items():
        if text is None:
            continue
        value = getattr(record, key)
        if isinstance(value, date):
            out[key] = value
        elif isinstance(value, Enum):
            out[key] = str(value.value)
        elif isinstance(value, bool):
            out[key] = str(text)
        elif isinstance(value, int | float):
            out[key] = int(value) if value == int(value) else value
        elif isinstance(value, tuple):
            out[key] = [str(part) for part in value]
        else:
            out[key] = str(text).strip()
    return out


def following(book: Book, today: date, customer: str, related: Iterable[str] = ()) -> list[Action]:
    """The open actions for a customer in the coming months, soonest first; with `related`
    (a deal or case id), those about it, whoever they are for (the thank-you to whoever
    referred the customer follows their first won deal)."""
    from aftersale.planner import plan

    wanted = set(related)
    result = plan(book, today, days=FOLLOWING_DAYS)
    chosen = []
    for action in (*result.actions, *result.suppressed):
        about = {action.deal, *action.id.split(":"), *(value for _, value in action.facts)}
        if wanted & about or (action.customer == customer and not wanted):
            chosen.append(action)
    return sorted(chosen, key=lambda a: (a.due, a.id))


def describe_following(actions: list[Action], today: date, limit: int = 5) -> list[str]:
    """One line per action that follows, soonest first: when, what, its id (for `done`,
    `draft`); the rest counted."""
    from aftersale.dates import short
    from aftersale.text import safe

    if not actions:
        return [f"Nothing on the agenda for them in the next {FOLLOWING_DAYS} days."]
    lines = ["Next on the agenda:"]
    for action in actions[:limit]:
        if action.due < today:
            when = f"overdue since {short(action.due, today)}"
        elif action.due == today:
            when = "due today"
        else:
            when = f"due {short(action.due, today)}"
        held = " (held back for now)" if action.suppressed else ""
        what = action.kind.wording
        lines.append(f"  {what} {when}: {safe(action.id)}{held}")
    if len(actions) > limit:
        lines.append(f"  and {len(actions) - limit} more later")
    return lines
