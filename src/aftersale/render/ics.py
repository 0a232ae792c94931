"""Actions as an iCalendar file (RFC 5545): one all-day event per action.

The UID comes from the action id, so importing a newer export updates the
events instead of adding copies. Dates are all-day values, so no time zone
definitions are needed. Escaping and line folding are the icalendar
library's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from aftersale import __version__
from aftersale.actions import Action
from aftersale.render.agenda import due_text, what
from aftersale.text import safe

UID_DOMAIN = "aftersale"


def render_ics(actions: Sequence[Action], today: date, *, name: str = "aftersale") -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//aftersale//aftersale {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", safe(name))
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for action in actions:
        day = max(action.due, today)
        event = Event()
        event.add("uid", f"{action.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", safe(f"{action.customer_name}: {what(action)}"))
        event.add(
            "description",
            safe(
                f"{due_text(action, today)}\nWhy: {action.reason}\nDo: {action.suggestion}\n"
                f"Id: {action.id}",
                keep_newlines=True,
            ),
        )
        event.add("categories", [action.kind.value])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
