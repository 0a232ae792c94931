"""The playbook: timings and weights of the method, bundled as data, overridable per key.

Defaults live in `playbook.toml` next to this module. A book's aftersale.toml
overrides timings under `[playbook.<section>]` and weights under `[scoring]`;
an unknown key there is a configuration error, not a silent no-op.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Days = int


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ThankYou(Section):
    due_after_close: Days = Field(ge=0)
    thank_lost_deals: bool
    thank_referrers: bool = True
    expires_after: Days | None = None  # read from older books, no longer used: never lapses


class Delivery(Section):
    notice_before: Days = Field(ge=0)
    check_after: Days = Field(ge=0)
    reassure_gap: Days = Field(ge=2)


class PostSale(Section):
    touches: tuple[Days, ...]
    anniversary_lead: Days = Field(ge=0)
    expires_after: Days = Field(ge=0)


class Personal(Section):
    birthday_lead: Days = Field(ge=0)
    expires_after: Days = Field(ge=0)


class BySeverity(Section):
    critical: Days = Field(ge=0)
    high: Days = Field(ge=0)
    medium: Days = Field(ge=0)
    low: Days = Field(ge=0)

    def of(self, severity: str) -> Days:
        return int(getattr(self, severity))


class Cases(Section):
    respond_within: BySeverity
    update_every: BySeverity
    close_loop_after: Days = Field(ge=0)
    stay_fixed_after: Days = Field(ge=1)


class Segments(Section):
    promoter_min: int = Field(ge=0, le=10)
    detractor_max: int = Field(ge=0, le=10)
    high_share: float = Field(ge=0, le=1)


class Referral(Section):
    after_score: Days = Field(ge=0)
    cooldown: Days = Field(ge=1)
    after_case: Days = Field(ge=0)


class Upsell(Section):
    lead_before_budget: Days = Field(ge=0)
    cooldown: Days = Field(ge=1)


class Meetings(Section):
    review_within: Days = Field(ge=0)
    expires_after: Days = Field(ge=0)


class Accounts(Section):
    top: int = Field(ge=0)
    every: Days = Field(ge=1)


class KindWeights(Section):
    recovery: float
    promise: float
    thank_you: float
    repair: float
    delivery_notice: float
    delivery_check: float
    meeting_review: float
    personal: float
    account_review: float
    referral_ask: float
    value_add: float
    check_in: float
    feedback_request: float
    upsell: float


class Triage(Section):
    fresh_score: Days = Field(ge=0)
    settled_before_start: Days = Field(ge=0)


class Feedback(Section):
    after_delivery: Days = Field(ge=0)
    every: Days = Field(ge=1)
    after_repair: Days = Field(ge=0)
    expires_after: Days = Field(ge=0)
    after_case: Days = Field(ge=0)


class Scoring(Section):
    overdue: float
    overdue_max: float = Field(ge=0)
    due_soon: float
    value: float
    risk: float
    staleness: float
    age: float
    kind: KindWeights


class Playbook(Section):
    thank_you: ThankYou
    delivery: Delivery
    post_sale: PostSale
    personal: Personal
    cases: Cases
    feedback: Feedback
    segments: Segments
    referral: Referral
    upsell: Upsell
    meetings: Meetings
    accounts: Accounts
    triage: Triage
    scoring: Scoring


def _defaults() -> dict[str, Any]:
    import tomli

    text = (resources.files("aftersale") / "playbook.toml").read_text(encoding="utf-8")
    return tomli.loads(text)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def build_playbook(
    playbook: dict[str, Any], scoring: dict[str, Any]
) -> tuple[Playbook, ValidationError | None]:
    """The defaults with a book's overrides; on a bad override, the defaults and the error."""
    defaults = _defaults()
    merged = _merge(defaults, {**playbook, "scoring": _merge(defaults["scoring"], scoring)})
    try:
        return Playbook.model_validate(merged), None
    except ValidationError as error:
        return Playbook.model_validate(defaults), error


def default_playbook() -> Playbook:
    return Playbook.model_validate(_defaults())
