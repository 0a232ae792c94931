"""The book's records as frozen pydantic models, and the `Book` that holds them.

Every record remembers the line it came from, so that later checks (a deal
naming an unknown customer, a duplicate id) can point at the right place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from aftersale.channels import ChannelName
from aftersale.playbook import Playbook, default_playbook

if TYPE_CHECKING:
    from aftersale.history import History
from aftersale.settings import Settings
from aftersale.values import (
    SPLIT_LIST,
    Amount,
    BookDate,
    CadenceValue,
    Email,
    Month,
    NamedDates,
    RecordId,
    Share,
    TextList,
    YearlyDate,
    enum_field,
)


class Stage(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Role(StrEnum):
    BUYER = "buyer"
    USER = "user"
    INFLUENCER = "influencer"
    DECISION_MAKER = "decision_maker"


class TouchKind(StrEnum):
    THANK_YOU = "thank_you"
    DELIVERY_NOTICE = "delivery_notice"
    DELIVERY_CHECK = "delivery_check"
    VALUE_ADD = "value_add"
    CHECK_IN = "check_in"
    PERSONAL = "personal"
    PROMISE = "promise"
    FEEDBACK_REQUEST = "feedback_request"
    REFERRAL_ASK = "referral_ask"
    UPSELL = "upsell"
    MEETING = "meeting"
    RECOVERY = "recovery"
    REPAIR = "repair"
    MEETING_REVIEW = "meeting_review"
    ACCOUNT_REVIEW = "account_review"
    SNOOZE = "snooze"
    OTHER = "other"
    # The last contact a CRM or address book knew of, brought in by `aftersale import`:
    # it restarts the keep-in-touch rhythm and completes nothing else.
    IMPORTED = "imported"


class CaseSeverity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ReviewType(StrEnum):
    MEETING = "meeting"
    ACCOUNT = "account"


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NA = "na"


_ROLE = enum_field(
    Role,
    {
        "decision": "decision_maker",
        "decider": "decision_maker",
        "dm": "decision_maker",
        "end_user": "user",
        "purchaser": "buyer",
        "procurement": "buyer",
    },
)
_STAGE = enum_field(Stage, {"closed_won": "won", "closed_lost": "lost", "pending": "open"})
_KIND = enum_field(
    TouchKind,
    {
        "thanks": "thank_you",
        "thankyou": "thank_you",
        "call": "check_in",
        "checkin": "check_in",
        "birthday": "personal",
        "holiday": "personal",
        "referral": "referral_ask",
        "review": "meeting_review",
        "nps": "feedback_request",
    },
)
_SEVERITY = enum_field(CaseSeverity, {"urgent": "critical", "normal": "medium", "minor": "low"})
_REVIEW_TYPE = enum_field(ReviewType)
_ANSWER = enum_field(
    Answer, {"y": "yes", "n": "no", "partial": "partly", "n_a": "na", "skip": "na"}
)

Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Common configuration: immutable, whitespace-trimmed, unknown keys reported elsewhere."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    line: int = 0


class Identified(Record):
    """A record others refer to by its id."""

    id: RecordId


class Contact(Record):
    """A person at the customer, with the part they play in buying."""

    name: Text
    role: Annotated[tuple[Annotated[Role, _ROLE], ...], SPLIT_LIST] = ()
    email: Email | None = None
    phone: str | None = None
    birthday: YearlyDate | None = None
    dates: NamedDates = ()
    interests: TextList = ()
    customer: RecordId | None = None


class Customer(Identified):
    name: Text
    company: str | None = None
    email: Email | None = None
    phone: str | None = None
    channel: ChannelName | None = None
    cadence: CadenceValue | None = None
    birthday: YearlyDate | None = None
    # Their own yearly dates besides the birthday: "wedding 06-12; founded 1998-03-01".
    dates: NamedDates = ()
    since: BookDate | None = None
    annual_value: Annotated[Amount, Field(ge=0)] | None = None
    share_of_wallet: Share | None = None
    quiet_from: BookDate | None = None
    quiet_until: BookDate | None = None
    budget_month: Annotated[Month, Field(ge=1, le=12)] | None = None
    interests: TextList = ()
    tags: TextList = ()
    industry: str | None = None
    country: str | None = None
    source: str | None = None
    timezone: str | None = None
    notes: str | None = None
    # The language drafts to this customer are written in ("de", "fr"), when a template exists.
    language: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")] | None = None
    # The customer who sent this one to you.
    referred_by: RecordId | None = None
    # Where an imported record came from ("hubspot:12345"), so that a later import matches it.
    source_id: str | None = None
    contacts: tuple[Contact, ...] = Field(default=(), alias="contact")

    model_config = ConfigDict(populate_by_name=True)

    @property
    def is_prospect(self) -> bool:
        """A lead, not a customer yet: tagged `prospect` (as `aftersale import` tags leads)."""
        return any(tag.casefold() == "prospect" for tag in self.tags)

    def away_on(self, day: date) -> bool:
        """Inside the quiet window: from `quiet_from` (or always) until the day before
        `quiet_until`, the first day they may be contacted again."""
        if self.quiet_until is None or day >= self.quiet_until:
            return False
        return self.quiet_from is None or day >= self.quiet_from


class Deal(Identified):
    customer: RecordId
    title: str | None = None
    amount: Annotated[Amount, Field(ge=0)] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")] | None = None
    stage: Annotated[Stage, _STAGE] = Stage.OPEN
    closed_on: BookDate | None = None
    delivery_due: BookDate | None = None
    delivered_on: BookDate | None = None
    lost_reason: str | None = None
    source_id: str | None = None


class Promise(Identified):
    """Something the seller said they would do, by a date."""

    customer: RecordId
    what: Text
    due: BookDate
    deal: RecordId | None = None
    done_on: BookDate | None = None
    note: str | None = None


class Touchpoint(Record):
    """One logged interaction; the log is append-only."""

    date: BookDate
    customer: RecordId
    kind: Annotated[TouchKind, _KIND]
    channel: ChannelName | None = None
    deal: RecordId | None = None
    action: str | None = None
    note: str | None = None
    next: BookDate | None = None


class Feedback(Record):
    """A 0-10 "would you recommend us" score, with what it was about."""

    date: BookDate
    customer: RecordId
    score: Annotated[int, Field(ge=0, le=10)]
    category: str | None = None
    comment: str | None = None
    deal: RecordId | None = None


class Case(Identified):
    """A complaint or service failure, open until resolved with its root cause."""

    customer: RecordId
    opened: BookDate
    severity: Annotated[CaseSeverity, _SEVERITY] = CaseSeverity.MEDIUM
    category: str | None = None
    summary: str | None = None
    deal: RecordId | None = None
    resolved_on: BookDate | None = None
    root_cause: str | None = None
    fix: str | None = None


class Review(Record):
    """One answered point of a saved meeting self-review or key-account review."""

    date: BookDate
    type: Annotated[ReviewType, _REVIEW_TYPE]
    customer: RecordId
    subject: str | None = None
    point: Text
    answer: Annotated[Answer, _ANSWER] | None = None
    note: str | None = None


R = TypeVar("R", bound=Identified)


def _index(records: tuple[R, ...]) -> dict[str, R]:
    return {record.id: record for record in records}


@dataclass(frozen=True)
class Book:
    """Everything in one book folder, validated; the planner's only input besides the date."""

    path: Path
    settings: Settings
    playbook: Playbook = field(default_factory=default_playbook)
    customers: tuple[Customer, ...] = ()
    deals: tuple[Deal, ...] = ()
    promises: tuple[Promise, ...] = ()
    touchpoints: tuple[Touchpoint, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    cases: tuple[Case, ...] = ()
    reviews: tuple[Review, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    # A loaded book folds its touchpoint log while reading it and keeps only the result;
    # the few views that show single touchpoints read the file again
    # (`book.load.touchpoints_of`): the book itself reads no file and no clock.
    history: History | None = None
    touchpoint_count: int | None = None

    @cached_property
    def customer_by_id(self) -> dict[str, Customer]:
        return _index(self.customers)

    @cached_property
    def deal_by_id(self) -> dict[str, Deal]:
        return _index(self.deals)

    def source(self, kind: str) -> str:
        """The file a kind of record was read from, as shown in messages."""
        return self.sources.get(kind, f"{kind}.csv")
