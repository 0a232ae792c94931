"""The kinds of action, in one table: each kind's tier, what completes it, its words and files.

Everything else that depends on the kind of an action is read from `KINDS`:
the tier an action gets when its rule says nothing more precise, the
touchpoint kinds that count as doing it, how it is worded, the template its
draft falls back on and its weight under `[scoring.kind]` in the playbook.
Marking an action done logs a touchpoint of the kind with the same name, so
every action kind is also a touchpoint kind (`TouchKind`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from aftersale.models import TouchKind


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
        return KINDS[self].sales

    @property
    def done_by(self) -> frozenset[TouchKind] | None:
        """The touchpoint kinds that do an action of this kind (see `Kind.done_by`)."""
        return KINDS[self].done_by

    @property
    def wording(self) -> str:
        """The kind as a person reads it: 'thank you', 'referral ask'."""
        return KINDS[self].wording


class Tier(IntEnum):
    """The order of the day: a customer in trouble before any obligation, and so on down.

    Inside a tier the score decides; no score lifts an action into a higher tier.
    """

    TROUBLE = 1
    OBLIGATION = 2
    RELATIONSHIP = 3
    ASK = 4

    @property
    def label(self) -> str:
        return TIER_LABELS[self]


TIER_LABELS = {
    Tier.TROUBLE: "a customer in trouble",
    Tier.OBLIGATION: "an obligation",
    Tier.RELATIONSHIP: "relationship work",
    Tier.ASK: "an ask or an internal review",
}


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of action and everything that follows from it.

    `tier` is the kind's tier when its rule says nothing more precise (a rule
    knows, for instance, that a critical case is trouble and a low one an answer
    owed). `done_by` lists the touchpoint kinds that complete it: None means any
    contact with the customer does, an empty set that only a touchpoint naming
    the action does; a rule may ask for other kinds for one of its actions.
    `wording` is the kind in an agenda or a score's terms. `template` is the name
    of the draft template the kind falls back on (after the action's own
    variant); `weight` its key under `[scoring.kind]`. `sales` marks asking for
    more business.
    """

    kind: ActionKind
    tier: Tier
    done_by: frozenset[TouchKind] | None
    wording: str
    template: str
    weight: str
    sales: bool = False


def _row(
    kind: ActionKind,
    tier: Tier,
    done_by: frozenset[TouchKind] | None,
    wording: str,
    template: str,
    *,
    sales: bool = False,
) -> Kind:
    """A row of the table; its weight is the playbook's key named after the kind."""
    return Kind(kind, tier, done_by, wording, template, kind.value, sales)


def _by(*kinds: TouchKind) -> frozenset[TouchKind]:
    return frozenset(kinds)


_K, _T = ActionKind, TouchKind
_OBLIGATION, _RELATIONSHIP, _ASK = Tier.OBLIGATION, Tier.RELATIONSHIP, Tier.ASK

# kind, tier, the touchpoint kinds that do it, its wording, its draft template
VOCABULARY: tuple[Kind, ...] = (
    _row(_K.THANK_YOU, _OBLIGATION, _by(_T.THANK_YOU), "thank you", "thank_you"),
    _row(
        _K.DELIVERY_NOTICE,
        _OBLIGATION,
        _by(_T.DELIVERY_NOTICE),
        "delivery notice",
        "delivery_notice",
    ),
    _row(
        _K.DELIVERY_CHECK, _OBLIGATION, _by(_T.DELIVERY_CHECK), "delivery check", "delivery_check"
    ),
    _row(_K.VALUE_ADD, _RELATIONSHIP, _by(_T.VALUE_ADD), "value add", "value_add"),
    _row(_K.CHECK_IN, _RELATIONSHIP, None, "check in", "check_in"),
    _row(_K.PERSONAL, _RELATIONSHIP, _by(_T.PERSONAL), "personal", "personal"),
    _row(_K.PROMISE, _OBLIGATION, _by(), "promise", "promise"),
    _row(_K.RECOVERY, _OBLIGATION, _by(_T.RECOVERY, _T.REPAIR), "recovery", "recovery"),
    _row(_K.REPAIR, _OBLIGATION, _by(_T.REPAIR, _T.RECOVERY), "repair", "repair"),
    _row(
        _K.FEEDBACK_REQUEST,
        _ASK,
        _by(_T.FEEDBACK_REQUEST),
        "feedback request",
        "feedback_request",
    ),
    _row(_K.REFERRAL_ASK, _ASK, _by(_T.REFERRAL_ASK), "referral ask", "referral_ask", sales=True),
    _row(_K.UPSELL, _ASK, _by(_T.UPSELL), "upsell", "upsell", sales=True),
    _row(_K.MEETING_REVIEW, _ASK, _by(_T.MEETING_REVIEW), "meeting review", "meeting_review"),
    _row(_K.ACCOUNT_REVIEW, _ASK, _by(_T.ACCOUNT_REVIEW), "account review", "account_review"),
)

KINDS: dict[ActionKind, Kind] = {row.kind: row for row in VOCABULARY}

# The tier of each kind when its rule says nothing more precise.
KIND_TIERS: dict[ActionKind, Tier] = {row.kind: row.tier for row in VOCABULARY}
