"""What the planner produces: actions, each with the facts behind it and a scored priority."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from aftersale.models import Channel, TouchKind


class ActionKind(StrEnum):
    THANK_YOU = "thank_you"
    DELIVERY_NOTICE = "delivery_notice"
    DELIVERY_CHECK = "delivery_check"
    VALUE_ADD = "value_add"
    CHECK_IN = "check_in"
    PERSONAL = "personal"
    PROMISE = "promise"
    RECOVERY = "recovery"
    REPAIR = "repair"
    FEEDBACK_REQUEST = "feedback_request"
    REFERRAL_ASK = "referral_ask"
    UPSELL = "upsell"
    MEETING_REVIEW = "meeting_review"
    ACCOUNT_REVIEW = "account_review"

    @property
    def is_sales(self) -> bool:
        """Asking for more business: never for unhappy or unreachable customers."""
        return self in (ActionKind.UPSELL, ActionKind.REFERRAL_ASK)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An action a rule proposes, before the planner checks it is done, due or allowed.

    `opens` is when the action became relevant (the close, the delivery, the
    meeting): a matching touchpoint from that day on completes it. `done_by`
    lists the touchpoint kinds that count; None means any interaction does.
    """

    id: str
    rule: str
    kind: ActionKind
    customer: str
    opens: date
    due: date
    reason: str
    suggestion: str
    deal: str | None = None
    done_by: frozenset[TouchKind] | None = frozenset()
    expires: date | None = None
    channel: Channel | None = None
    facts: tuple[tuple[str, str], ...] = ()
    terms: tuple[tuple[str, float, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    """One named part of a score: weight x value, with what the value means."""

    name: str
    weight: float
    value: float
    note: str

    @property
    def points(self) -> float:
        return self.weight * self.value


@dataclass(frozen=True, slots=True)
class Action:
    """A follow-up to do: the candidate, where it goes, and its explained score."""

    id: str
    rule: str
    kind: ActionKind
    customer: str
    customer_name: str
    company: str | None
    due: date
    opens: date
    channel: Channel
    reason: str
    suggestion: str
    deal: str | None
    facts: tuple[tuple[str, str], ...]
    terms: tuple[Term, ...]
    suppressed: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def score(self) -> float:
        return round(sum(term.points for term in self.terms), 2)

    def overdue_days(self, today: date) -> int:
        return max((today - self.due).days, 0)
