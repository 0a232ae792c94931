"""The agenda as plain text (stable, greppable, one block per action) and as JSON.

Every user-derived string goes through `safe`: names and notes are shown
literally, with control characters escaped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from aftersale.actions import Action
from aftersale.suggestions import plural, short
from aftersale.text import json_safe, safe

SCHEMA_VERSION = 1


def long_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def due_text(action: Action, today: date) -> str:
    late = action.overdue_days(today)
    if late:
        return f"due {short(action.due, today)} ({plural(late, 'day')} overdue)"
    if action.due == today:
        return "due today"
    return f"due {short(action.due, today)}"


def who(action: Action) -> str:
    company = f" ({safe(action.company)})" if action.company else ""
    return f"{safe(action.customer_name)}{company}"


def what(action: Action) -> str:
    kind = action.kind.value.replace("_", " ")
    return f"{kind} by {action.channel.value}" if action.channel else kind


def headline(actions: Sequence[Action], today: date, noun: str = "follow-up") -> str:
    overdue = sum(1 for a in actions if a.due < today)
    text = f"{plural(len(actions), noun)} for {long_date(today)}"
    return text + (f", {overdue} overdue" if overdue else "")


def headline_later(actions: Sequence[Action], until: date) -> str:
    return f"{plural(len(actions), 'follow-up')} after today, until {long_date(until)}"


def _block(number: int, action: Action, today: date) -> list[str]:
    lines = [
        f"{number}. {who(action)} | {what(action)} | {due_text(action, today)} | "
        f"score {action.score:.1f}",
        f"   why: {safe(action.reason)}",
        f"   do:  {safe(action.suggestion)}",
        f"   id:  {safe(action.id)}",
    ]
    if action.suppressed:
        lines.append(f"   not now: {safe(action.suppressed)}")
    for note in action.notes:
        lines.append(f"   note: {safe(note)}")
    return lines


def render_plain(actions: Sequence[Action], today: date, suppressed: Sequence[Action] = ()) -> str:
    if not actions and not suppressed:
        return f"Nothing due for {long_date(today)}."
    lines = [headline(actions, today), ""]
    for number, action in enumerate(actions, start=1):
        lines += [*_block(number, action, today), ""]
    if suppressed:
        lines += [f"Held back ({len(suppressed)}): the method says not now", ""]
        for number, action in enumerate(suppressed, start=1):
            lines += [*_block(number, action, today), ""]
    return "\n".join(lines).rstrip()


def render_plain_by_date(actions: Sequence[Action], today: date, until: date) -> str:
    if not actions:
        return f"Nothing planned from {long_date(today)} to {long_date(until)}."
    lines = [headline_later(actions, until)]
    current: date | None = None
    number = 0
    for action in actions:
        if action.due != current:
            current = action.due
            lines += ["", long_date(current)]
            number = 0
        number += 1
        lines += [f"  {line}" for line in _block(number, action, today)]
    return "\n".join(lines)


def action_json(action: Action, today: date) -> dict[str, Any]:
    return {
        "id": action.id,
        "customer": action.customer,
        "customer_name": action.customer_name,
        "company": action.company,
        "kind": action.kind.value,
        "due": action.due.isoformat(),
        "overdue_days": action.overdue_days(today),
        "score": action.score,
        "channel": action.channel.value if action.channel else None,
        "reason": action.reason,
        "suggestion": action.suggestion,
        "deal": action.deal,
        "rule": action.rule,
        "suppressed": action.suppressed,
    }


def render_json(
    actions: Sequence[Action], today: date, suppressed: Sequence[Action] = (), **extra: Any
) -> str:
    """The agenda document; fields may be added, never renamed or removed; missing is null."""
    document: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "date": today.isoformat(),
        **extra,
        "actions": [action_json(a, today) for a in actions],
    }
    if suppressed:
        document["suppressed"] = [action_json(a, today) for a in suppressed]
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2))
