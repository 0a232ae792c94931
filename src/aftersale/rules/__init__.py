"""The after-sales method as rules: each family proposes candidate actions for a date.

A rule is a pure function of a `PlanContext`: no files, no clock, no output.
`all_rules()` lists them in the order their actions are generated.
"""

from __future__ import annotations

from aftersale.rules.context import PlanContext, Rule

__all__ = ["PlanContext", "Rule", "all_rules"]


def all_rules() -> tuple[Rule, ...]:
    from aftersale.rules import (
        accounts,
        cadence,
        cases,
        close,
        delivery,
        feedback,
        holidays,
        loyalty,
        meetings,
        personal,
        post_sale,
        promises,
        steps,
    )

    return (
        close.thank_you,
        close.thank_referrers,
        delivery.delivery,
        post_sale.value_touches,
        post_sale.anniversaries,
        cadence.keep_in_touch,
        cadence.agreed_next_dates,
        personal.birthdays,
        holidays.holiday_greetings,
        promises.promises,
        cases.recovery,
        feedback.feedback_requests,
        loyalty.repair,
        loyalty.referral_asks,
        loyalty.upsell,
        meetings.meeting_reviews,
        accounts.account_reviews,
        steps.review_steps,
    )
