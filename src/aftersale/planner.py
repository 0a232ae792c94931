"""Run the rules and decide: what is done, snoozed, suppressed, and in which order the rest go.

`plan(book, today)` is a pure function: the same book and date give the same
actions with the same ids, in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from aftersale.actions import KIND_TIERS, Action, ActionKind, Candidate, score_of
from aftersale.channels import Channel
from aftersale.dates import short
from aftersale.history import History, history_of
from aftersale.models import Book, Customer
from aftersale.rules import PlanContext, all_rules
from aftersale.rules.post_sale import ANNIVERSARY_RULE
from aftersale.scoring import Scorer
from aftersale.settings import is_working_day
from aftersale.standing import Group, Standing, standings

# Only these stay in a quiet window: a promise is a promise, a complaint cannot wait, and
# the seller's own reviews are no contact with the customer.
SELF_REVIEWS = (ActionKind.MEETING_REVIEW, ActionKind.ACCOUNT_REVIEW)
KEPT_WHEN_AWAY = (ActionKind.PROMISE, ActionKind.RECOVERY, *SELF_REVIEWS)
# Actions that assume a happy customer: news, celebrations, surveys and asks. None while
# a serious case is open or their latest score is a detractor's; the repair comes first.
HELD_WORDS = {
    ActionKind.VALUE_ADD: "no news or value-adding touch",
    ActionKind.FEEDBACK_REQUEST: "no survey",
    ActionKind.REFERRAL_ASK: "no referral ask",
    ActionKind.UPSELL: "no selling",
}
UPBEAT = tuple(HELD_WORDS)
EXACT = timedelta(0)  # the planner tests the due date as moved to a working day and snoozed


@dataclass(frozen=True)
class Plan:
    """Actions due up to `until`, best first; suppressed ones kept aside with their reason.

    `missed` holds the actions whose moment passed (they lapsed) from the day
    asked for up to yesterday: they leave the agenda and are reported once.
    """

    today: date
    until: date
    actions: tuple[Action, ...]
    suppressed: tuple[Action, ...]
    missed: tuple[Action, ...] = ()

    def due_today(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.due <= self.today)

    def upcoming(self) -> tuple[Action, ...]:
        later = [a for a in self.actions if a.due > self.today]
        return tuple(sorted(later, key=lambda a: (a.due, -a.score, a.id)))

    def find(self, action_id: str) -> Action | None:
        for action in (*self.actions, *self.suppressed, *self.missed):
            if action.id == action_id:
                return action
        return None


def _is_done(candidate: Candidate, history: History) -> bool:
    if candidate.id in history.named or candidate.id in history.reviewed:
        return True
    if candidate.done_by is not None and not candidate.done_by:
        return False
    found = history.touched_since(
        candidate.customer, candidate.opens, candidate.done_by, candidate.deal
    )
    return found is not None


def _suppression(
    candidate: Candidate, customer: Customer, standing: Standing, today: date
) -> str | None:
    kept = candidate.kind in KEPT_WHEN_AWAY and not candidate.mends  # not the fix's follow-ups
    if customer.away_on(today) and not kept:
        return f"customer away until {short(customer.quiet_until, today)}"  # type: ignore[arg-type]
    if candidate.kind.is_sales and standing.open_cases:
        return f"no selling while case {', '.join(standing.open_cases)} is open"
    upbeat = candidate.kind in UPBEAT or candidate.rule == ANNIVERSARY_RULE
    if upbeat and not candidate.mends:
        what = HELD_WORDS.get(candidate.kind, "no anniversary celebration")
        if standing.serious_cases:
            return f"{what} while case {', '.join(standing.serious_cases)} is open; fix it first"
        if standing.group is Group.DETRACTOR and standing.latest is not None:
            return (
                f"{what} while their latest score is {standing.latest.score}/10 (a detractor); "
                "repair first"
            )
    return None


def _channel(candidate: Candidate, customer: Customer) -> str | None:
    if candidate.kind in SELF_REVIEWS:
        return None
    return candidate.channel or customer.channel or Channel.PHONE.value


def working_due_date(due: date, opens: date, working_days: tuple[str, ...]) -> date:
    """A due date on a day off moves back to the last working day before it.

    Never to before the action opened (a case updated on Saturday is not due
    on Friday): then it moves forward to the next working day instead.
    """
    if is_working_day(due, working_days):
        return due
    for step in (-1, 1):
        day = due
        for _ in range(7):
            day += timedelta(days=step)
            if is_working_day(day, working_days):
                break
        if step == 1 or day >= opens:
            return day
    return due


def _drop_covered_check_ins(actions: list[Action], today: date) -> list[Action]:
    """A check-in is redundant when another contact with that customer is due by then."""
    contact_by: dict[str, date] = {}
    for action in actions:
        if action.kind not in SELF_REVIEWS and not action.id.startswith("check-in:"):
            current = contact_by.get(action.customer)
            if current is None or action.due < current:
                contact_by[action.customer] = action.due
    return [
        a
        for a in actions
        if not (
            a.id.startswith("check-in:")
            and contact_by.get(a.customer, date.max) <= max(a.due, today)
        )
    ]


def book_start(book: Book, history: History, today: date) -> date | None:
    """The day the book started being kept: `[agenda] start`, else the first logged contact.

    A log that only starts after `today` (a plan asked for a past day) says
    nothing about that day: the book had not started then.
    """
    if book.settings.agenda.start is not None:
        return book.settings.agenda.start
    first = history.first_day
    return first if first is not None and first <= today else None


def plan(
    book: Book,
    today: date,
    *,
    days: int = 0,
    history: History | None = None,
    missed_since: date | None = None,
) -> Plan:
    """Plan the actions due up to `days` after `today` (overdue ones included).

    Actions whose last day (`expires`) is `missed_since` or later, before today,
    come back in `missed` (snoozed or not); without it, none do.
    """
    until = today + timedelta(days=days)
    history = history if history is not None else history_of(book)
    standing = standings(book, today)
    floor = min(missed_since, today) if missed_since is not None else today
    context = PlanContext(
        book=book,
        today=today,
        history=history,
        standing=standing,
        earliest=floor,
        start=book_start(book, history, today),
        until=until,
    )
    largest = max((c.annual_value or 0.0 for c in book.customers), default=0.0)
    scorer = Scorer(book.playbook.scoring, today, largest)
    active: list[Action] = []
    suppressed: list[Action] = []
    missed: list[Action] = []
    seen: set[str] = set()
    for candidate in _candidates(context):
        customer = book.customer_by_id.get(candidate.customer)
        if customer is None or candidate.id in seen:
            continue
        seen.add(candidate.id)
        due = candidate.due
        if not candidate.any_day:
            due = working_due_date(due, candidate.opens, book.settings.working_days)
        snoozed = history.snoozed.get(candidate.id)
        if snoozed is not None:
            due = max(due, snoozed)
        if context.unseen(due, candidate.expires, leeway=EXACT):
            continue  # lapsed before the days asked about, or due after them
        lapsed = candidate.expires is not None and candidate.expires < today
        start = context.start
        if lapsed and start is not None and candidate.expires < start <= today:  # type: ignore[operator]
            continue  # lapsed before the book was kept: nobody could have done it here
        if _is_done(candidate, history):
            continue
        terms = scorer.terms(candidate, due, customer, standing[customer.id])
        action = Action(
            id=candidate.id,
            rule=candidate.rule,
            kind=candidate.kind,
            customer=customer.id,
            customer_name=customer.name,
            company=customer.company,
            due=due,
            opens=candidate.opens,
            channel=_channel(candidate, customer),
            reason=candidate.reason,
            suggestion=candidate.suggestion,
            deal=candidate.deal,
            facts=candidate.facts,
            terms=terms,
            score=score_of(terms),
            notes=(f"snoozed until {short(snoozed, today)}",) if snoozed else (),
            tier=candidate.tier or KIND_TIERS[candidate.kind],
            trouble_from=candidate.trouble_from,
            expires=candidate.expires,
        )
        reason = _suppression(candidate, customer, standing[customer.id], today)
        if lapsed:
            if reason is None:
                missed.append(action)
        elif reason is not None:
            suppressed.append(action._replace(suppressed=reason))
        else:
            active.append(action)
    active = _drop_covered_check_ins(active, today)
    order = _ordering(today)
    return Plan(
        today=today,
        until=until,
        actions=tuple(sorted(active, key=order)),
        suppressed=tuple(sorted(suppressed, key=order)),
        missed=tuple(sorted(missed, key=lambda a: (a.expires or a.due, a.id))),
    )


def _candidates(context: PlanContext) -> Iterable[Candidate]:
    for rule in all_rules():
        yield from rule(context)


def _ordering(today: date) -> Callable[[Action], tuple[int, float, date, str]]:
    """Tier first (trouble, obligations, relationship, asks), then the score."""

    def key(action: Action) -> tuple[int, float, date, str]:
        return action.rank_on(today)

    return key
