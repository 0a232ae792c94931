"""The weekly or monthly digest: what was done, what slipped, promises, complaints, loyalty."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from aftersale.actions import Action, ActionKind
from aftersale.dates import add_months
from aftersale.insights.loyalty import Nps, nps
from aftersale.models import Book, TouchKind, Touchpoint
from aftersale.planner import Plan

AHEAD_KINDS = (ActionKind.PERSONAL, ActionKind.DELIVERY_NOTICE, ActionKind.PROMISE)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    done_by_kind: dict[str, int]
    actions_done: int
    still_open: tuple[Action, ...]
    missed: tuple[Action, ...]
    overdue_now: int
    promises_due: int
    promises_on_time: int
    promises_late: int
    promises_open: int
    cases_opened: int
    cases_resolved: int
    days_to_resolve: float | None
    nps_now: Nps
    nps_before: Nps
    ahead: tuple[Action, ...]


def period(today: date, span: str) -> date:
    return (
        add_months(today, -1) + timedelta(days=1) if span == "month" else today - timedelta(days=6)
    )


def build_report(
    book: Book,
    today: date,
    plan_now: Plan,
    touchpoints: Iterable[Touchpoint],
    span: str = "week",
) -> Report:
    """The digest of the period ending today; `plan_now` must hold the lapses since its start,
    `touchpoints` is the book's log (the caller reads it)."""
    start = period(today, span)
    done: dict[str, int] = {}
    named = 0
    for touch in touchpoints:
        if start <= touch.date <= today and touch.kind is not TouchKind.SNOOZE:
            done[touch.kind.value] = done.get(touch.kind.value, 0) + 1
            named += 1 if touch.action else 0
    promises = [p for p in book.promises if start <= p.due <= today]
    on_time = sum(1 for p in promises if p.done_on is not None and p.done_on <= p.due)
    late = sum(1 for p in promises if p.done_on is not None and p.done_on > p.due)
    opened = [c for c in book.cases if start <= c.opened <= today]
    resolved = [c for c in book.cases if c.resolved_on and start <= c.resolved_on <= today]
    durations = [(c.resolved_on - c.opened).days for c in resolved if c.resolved_on]
    rules = book.playbook.segments
    year = timedelta(days=365)
    return Report(
        start=start,
        end=today,
        done_by_kind=dict(sorted(done.items(), key=lambda kv: (-kv[1], kv[0]))),
        actions_done=named,
        still_open=tuple(a for a in plan_now.actions if start <= a.due <= today),
        missed=tuple(
            a for a in plan_now.missed if a.expires is not None and a.expires >= start - DAY
        ),
        overdue_now=sum(1 for a in plan_now.actions if a.due < today),
        promises_due=len(promises),
        promises_on_time=on_time,
        promises_late=late,
        promises_open=len(promises) - on_time - late,
        cases_opened=len(opened),
        cases_resolved=len(resolved),
        days_to_resolve=sum(durations) / len(durations) if durations else None,
        nps_now=nps(book.feedback, rules, today - year, today),
        nps_before=nps(book.feedback, rules, start - year, start - timedelta(days=1)),
        ahead=tuple(
            a
            for a in plan_now.upcoming()
            if a.kind in AHEAD_KINDS and a.due <= today + timedelta(days=14)
        ),
    )
