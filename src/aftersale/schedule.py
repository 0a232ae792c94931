"""A plan a person can keep: a day's capacity of customers, the rest placed on the days after.

A seller acts on about ten customers a day. Each working day takes the
customers with the most pressing due actions, in tier order and then by
score, up to the capacity; each customer comes once, with every action due
for them by then (one customer, one conversation). Those left over wait and
compete again the next working day, with what falls due then. On a day off
only customers in trouble are taken. An action is never planned on a day
after it lapses. Pure: the same actions, days and capacity give the same plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from aftersale.actions import Action, Tier
from aftersale.settings import is_working_day


@dataclass(frozen=True, slots=True)
class Visit:
    """One customer on one day, with all of their actions due by then, the most pressing first."""

    customer: str
    day: date
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class Day:
    """What one day holds, and what is due by then but still waits for a later day."""

    day: date
    visits: tuple[Visit, ...]
    waiting: tuple[Action, ...]

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(action for visit in self.visits for action in visit.actions)


def previous_working_day(day: date, working_days: Sequence[str]) -> date:
    """The last working day before `day` (yesterday when every day is a working day)."""
    before = day - timedelta(days=1)
    for _ in range(7):
        if is_working_day(before, working_days):
            return before
        before -= timedelta(days=1)
    return day - timedelta(days=1)


def lapses_told_since(today: date, working_days: Sequence[str]) -> date:
    """The first day whose lapses `today` tells: those since the last working day, told
    on a working day only, so that each is told once whichever days the plan is read."""
    if is_working_day(today, working_days):
        return previous_working_day(today, working_days)
    return today


def schedule(
    actions: Iterable[Action],
    today: date,
    until: date,
    capacity: int | None,
    working_days: Sequence[str],
) -> tuple[Day, ...]:
    """Place the actions due up to `until` on the days from `today`, `capacity` customers a day.

    Without a capacity every due action is shown on the day it falls due (or
    today, if overdue), on any day.
    """
    pending = sorted(actions, key=lambda a: (a.due, a.id))
    days: list[Day] = []
    pool: dict[str, list[Action]] = {}
    position = 0
    day = today
    while day <= until:
        while position < len(pending) and pending[position].due <= day:
            action = pending[position]
            pool.setdefault(action.customer, []).append(action)
            position += 1
        for customer in list(pool):
            # Whatever would lapse before this day is not planned on it: it is missed.
            pool[customer] = [a for a in pool[customer] if a.expires is None or a.expires >= day]
            if not pool[customer]:
                del pool[customer]
        working = is_working_day(day, working_days)
        # Each action's rank on this day, worked out once (by identity: the same action
        # may not be hashed cheaply, and is never copied here).
        rank = {id(a): a.rank_on(day) for group in pool.values() for a in group}
        first = {customer: min(rank[id(a)] for a in group) for customer, group in pool.items()}
        ranked = sorted(pool, key=first.__getitem__)
        if capacity is not None:
            if not working:
                ranked = [c for c in ranked if any(a.tier_on(day) is Tier.TROUBLE for a in pool[c])]
            ranked = ranked[:capacity]
        visits = []
        for customer in ranked:
            chosen = sorted(pool.pop(customer), key=lambda a: rank[id(a)])
            placed = tuple(a._replace(planned=day) for a in chosen)
            visits.append(Visit(customer, day, placed))
        waiting = sorted((a for group in pool.values() for a in group), key=lambda a: rank[id(a)])
        days.append(Day(day, tuple(visits), tuple(waiting)))
        day += timedelta(days=1)
    return tuple(days)
