"""The one place the program reads the clock: today's date where the seller is.

Models, rules and the planner never ask what day it is; they are given it.
The commands ask here once, and so does the loader for the checks whose
answer depends on the day (a birthday "in the future").
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from aftersale.settings import Settings


def today(settings: Settings) -> date:
    """Today in the book's time zone (cron may run in UTC for a seller in Shanghai); in
    local time when the book names none."""
    return settings.today(datetime.now(UTC))
