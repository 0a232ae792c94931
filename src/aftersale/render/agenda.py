"""The agenda as plain text (stable, greppable, one block per action) and as JSON.

Every user-derived string goes through `safe`: names and notes are shown
literally, with control characters escaped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from aftersale.actions import Action
from aftersale.dates import short
from aftersale.text import json_safe, plural, safe, safe_block

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
    kind = action.kind.wording
    return f"{kind} by {safe(action.channel)}" if action.channel else kind


def visits(actions: Sequence[Action]) -> list[list[Action]]:
    """Consecutive actions of one customer on one day: one conversation, shown together."""
    groups: list[list[Action]] = []
    for action in actions:
        last = groups[-1][0] if groups else None
        if last is not None and last.customer == action.customer and last.planned == action.planned:
            groups[-1].append(action)
        else:
            groups.append([action])
    return groups


def headline(actions: Sequence[Action], today: date, noun: str = "follow-up") -> str:
    overdue = sum(1 for a in actions if a.due < today)
    customers = len({a.customer for a in actions})
    text = f"{plural(len(actions), noun)} for {long_date(today)}"
    if customers and noun == "follow-up":
        text = f"{plural(customers, 'customer')}, {text}"
    return text + (f", {overdue} overdue" if overdue else "")


def headline_later(actions: Sequence[Action], until: date) -> str:
    return f"{plural(len(actions), 'follow-up')} after today, until {long_date(until)}"


@dataclass(frozen=True)
class Backlog:
    """What the day could not hold, and what lapsed since the last working day."""

    customers: int = 0
    actions: int = 0
    oldest: date | None = None
    missed: int = 0
    book_errors: int = 0

    @classmethod
    def of(
        cls, waiting: Sequence[Action], missed: Sequence[Action] = (), book_errors: int = 0
    ) -> Backlog:
        return cls(
            customers=len({a.customer for a in waiting}),
            actions=len(waiting),
            oldest=min((a.due for a in waiting), default=None),
            missed=len(missed),
            book_errors=book_errors,
        )

    def lines(self, today: date, *, later: bool = False) -> list[str]:
        """The one-line summaries: errors in the book, what waits (and for when), what lapsed."""
        lines = []
        if self.book_errors:
            lines.append(
                f"Warning: the book has {plural(self.book_errors, 'error')}; the records in "
                "error are left out of this plan (aftersale check shows them)."
            )
        if self.customers:
            oldest = f", the oldest due {short(self.oldest, today)}" if self.oldest else ""
            where = (
                "still waiting at the end of these days"
                if later
                else "waiting for the next working days (see aftersale upcoming)"
            )
            lines.append(
                f"{plural(self.customers, 'more customer')} {where}: "
                f"{plural(self.actions, 'follow-up')}{oldest}."
            )
        if self.missed:
            lines.append(
                f"{plural(self.missed, 'follow-up')} lapsed since the last working day: "
                "the moment passed (aftersale report lists what was missed)."
            )
        return lines


def _action_lines(action: Action, today: date, indent: str) -> list[str]:
    lines = [
        f"{indent}{what(action)} | {due_text(action, today)} | score {action.score:.1f}",
        f"{indent}why: {safe_block(action.reason, indent + '     ')}",
        f"{indent}do:  {safe(action.suggestion)}",
        f"{indent}id:  {safe(action.id)}",
    ]
    if action.suppressed:
        lines.append(f"{indent}not now: {safe(action.suppressed)}")
    for note in action.notes:
        lines.append(f"{indent}note: {safe(note)}")
    return lines


def _visit_lines(number: int, group: Sequence[Action], today: date, indent: str = "") -> list[str]:
    lines = [f"{indent}{number}. {who(group[0])}"]
    for position, action in enumerate(group):
        if position:
            lines.append("")
        lines += _action_lines(action, today, indent + "   ")
    return lines


def render_plain(
    actions: Sequence[Action],
    today: date,
    suppressed: Sequence[Action] = (),
    backlog: Backlog | None = None,
) -> str:
    summary = backlog.lines(today) if backlog else []
    if not actions and not suppressed:
        return "\n".join([f"Nothing due for {long_date(today)}.", *summary])
    lines = [headline(actions, today), *summary, ""]
    for number, group in enumerate(visits(actions), start=1):
        lines += [*_visit_lines(number, group, today), ""]
    if suppressed:
        lines += [f"Held back ({len(suppressed)}): the method says not now", ""]
        for number, group in enumerate(visits(suppressed), start=1):
            lines += [*_visit_lines(number, group, today), ""]
    return "\n".join(lines).rstrip()


def render_plain_by_date(
    actions: Sequence[Action], today: date, until: date, backlog: Backlog | None = None
) -> str:
    summary = backlog.lines(today, later=True) if backlog else []
    if not actions:
        return "\n".join(
            [f"Nothing planned from {long_date(today)} to {long_date(until)}.", *summary]
        )
    lines = [headline_later(actions, until), *summary]
    current: date | None = None
    number = 0
    for group in visits(actions):
        day = group[0].planned or group[0].due
        if day != current:
            current = day
            lines += [long_date(current)] if lines[-1] == "" else ["", long_date(current)]
            number = 0
        number += 1
        lines += [*_visit_lines(number, group, today, "  "), ""]
    return "\n".join(lines).rstrip()


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
        "channel": action.channel,
        "reason": action.reason,
        "suggestion": action.suggestion,
        "deal": action.deal,
        "rule": action.rule,
        "suppressed": action.suppressed,
        "tier": int(action.tier_on(today)),
        "planned": action.planned.isoformat() if action.planned else None,
    }


def render_json(
    actions: Sequence[Action],
    today: date,
    suppressed: Sequence[Action] = (),
    backlog: Backlog | None = None,
    missed: Sequence[Action] = (),
    **extra: Any,
) -> str:
    """The agenda document; fields may be added, never renamed or removed; missing is null."""
    document: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "date": today.isoformat(),
        **extra,
        "actions": [action_json(a, today) for a in actions],
    }
    if backlog is not None:
        document["book_errors"] = backlog.book_errors
        document["waiting"] = {
            "customers": backlog.customers,
            "actions": backlog.actions,
            "oldest_due": backlog.oldest.isoformat() if backlog.oldest else None,
        }
        document["missed"] = [action_json(a, today) for a in missed]
    if suppressed:
        document["suppressed"] = [action_json(a, today) for a in suppressed]
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2))
