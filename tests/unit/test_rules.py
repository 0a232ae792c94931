"""Each rule family of the method, on small books built in memory."""

from __future__ import annotations

import pytest

from aftersale.actions import ActionKind
from aftersale.channels import Channel
from aftersale.planner import plan
from aftersale.settings import WEEKDAYS, Settings
from tests.unit.planning import (
    book,
    case,
    customer,
    d,
    deal,
    find,
    promise,
    review,
    score,
    today_ids,
    touch,
)

QUIET = {"cadence": "1y", "since": "2027-06-01"}  # keeps check-ins out of the way


def one(**fields: object) -> tuple:  # type: ignore[type-arg]
    return (customer("C-1", **(QUIET | fields)),)


# --- thank-you ---------------------------------------------------------------------------


def test_thank_you_is_due_the_day_after_a_won_deal() -> None:
    b = book(one(), deals=(deal("D-1", stage="won", closed_on="2026-11-20", title="Roaster"),))
    assert "thank-you:D-1" not in today_ids(b, "2026-11-20")
    result = plan(b, d("2026-11-21"))
    action = find(result, "thank-you:D-1")
    assert action.kind is ActionKind.THANK_YOU
    assert action.due == d("2026-11-21")
    assert "won D-1 (Roaster) on Nov 20" in action.reason
    assert "Confirm what they ordered (Roaster)" in action.suggestion


def test_lost_deals_are_thanked_too() -> None:
    b = book(one(), deals=(deal("D-2", stage="lost", closed_on="2026-11-17"),))
    action = find(plan(b, d("2026-11-18")), "thank-you:D-2")
    assert "thank them anyway" in action.reason
    assert "no pitch" in action.suggestion


def test_a_thank_you_logged_on_the_day_of_the_close_completes_it() -> None:
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-11-20"),),
        touchpoints=(touch("2026-11-20", "thank_you", deal="D-1"),),
    )
    assert "thank-you:D-1" not in today_ids(b, "2026-11-21")


def test_a_thank_you_for_another_deal_does_not_count() -> None:
    b = book(
        one(),
        deals=(
            deal("D-1", stage="won", closed_on="2026-11-20"),
            deal("D-2", stage="won", closed_on="2026-11-20"),
        ),
        touchpoints=(touch("2026-11-20", "thank_you", deal="D-2"),),
    )
    assert today_ids(b, "2026-11-21") == ["thank-you:D-1"]


def test_open_deals_and_deals_without_dates_get_no_thank_you() -> None:
    b = book(one(), deals=(deal("D-1"), deal("D-2", stage="won")))
    assert today_ids(b, "2026-11-21") == []


def test_a_thank_you_owed_never_lapses_it_climbs() -> None:
    b = book(one(), deals=(deal("D-1", stage="won", closed_on="2026-01-05"),))
    assert "thank-you:D-1" in today_ids(b, "2026-11-21")
    late = find(plan(b, d("2026-11-21")), "thank-you:D-1")
    sooner = find(plan(b, d("2026-01-20")), "thank-you:D-1")
    assert late.score > sooner.score
    missed = plan(b, d("2026-11-21"), missed_since=d("2026-01-01")).missed
    assert "thank-you:D-1" not in [a.id for a in missed]


def test_a_close_well_before_the_book_was_started_is_taken_as_thanked() -> None:
    started = Settings.model_validate(
        {"working_days": list(WEEKDAYS), "agenda": {"start": "2026-06-01"}}
    )
    b = book(
        one(),
        settings=started,
        deals=(
            deal("D-1", stage="won", closed_on="2026-01-05"),
            deal("D-2", stage="won", closed_on="2026-05-28"),
        ),
    )
    assert today_ids(b, "2026-06-02") == ["thank-you:D-2"]


# --- delivery ----------------------------------------------------------------------------


def test_delivery_notice_before_the_due_date_then_late_delivery() -> None:
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-11-01", delivery_due="2026-11-26"),),
        touchpoints=(touch("2026-11-01", "thank_you", deal="D-1"),),
    )
    assert "delivery-notice:D-1" in today_ids(b, "2026-11-23")
    assert "delivery-notice:D-1" not in today_ids(b, "2026-11-22")
    late = today_ids(b, "2026-11-28")
    assert "late-delivery:D-1:2026-11-27" in late
    assert "delivery-notice:D-1" not in late


def test_a_late_delivery_is_announced_every_day_until_it_arrives() -> None:
    """Deliver as promised: tell them before they ask, every day while it is late."""
    told = (
        touch("2026-11-01", "thank_you", deal="D-1"),
        touch("2026-11-27", "delivery_notice", deal="D-1"),
    )
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-11-01", delivery_due="2026-11-26"),),
        touchpoints=told,
    )
    assert [i for i in today_ids(b, "2026-11-27") if i.startswith("late")] == []
    assert "late-delivery:D-1:2026-11-28" in today_ids(b, "2026-11-28")
    assert "late-delivery:D-1:2026-11-28" in today_ids(b, "2026-11-30")


def test_delivery_check_the_day_after_delivery() -> None:
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-11-20", delivered_on="2026-11-20"),),
        touchpoints=(touch("2026-11-20", "thank_you", deal="D-1"),),
    )
    assert today_ids(b, "2026-11-20") == []
    assert today_ids(b, "2026-11-21") == ["delivery-check:D-1"]


def test_same_day_close_and_delivery() -> None:
    b = book(
        one(), deals=(deal("D-1", stage="won", closed_on="2026-11-20", delivered_on="2026-11-20"),)
    )
    assert sorted(today_ids(b, "2026-11-21")) == ["delivery-check:D-1", "thank-you:D-1"]


def test_a_long_gap_between_close_and_delivery_gets_a_reassurance_midway() -> None:
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-11-18", delivery_due="2027-01-15"),),
        touchpoints=(touch("2026-11-18", "thank_you", deal="D-1"),),
    )
    result = plan(b, d("2026-11-23"), days=60)
    reassure = find(result, "reassure:D-1")
    assert reassure.due == d("2026-12-17")
    assert reassure.kind is ActionKind.CHECK_IN


# --- post-sale touches and anniversaries ---------------------------------------------------


def test_value_touches_follow_delivery_with_different_ideas() -> None:
    b = book(
        one(industry="food"),
        deals=(deal("D-1", stage="won", closed_on="2026-01-01", delivered_on="2026-01-10"),),
    )
    result = plan(b, d("2026-01-10"), days=200)
    touches = [a for a in result.actions if a.kind is ActionKind.VALUE_ADD]
    assert [a.due for a in touches] == [
        d("2026-01-17"),
        d("2026-02-09"),
        d("2026-04-10"),
        d("2026-07-09"),
    ]
    assert len({a.suggestion for a in touches}) > 1


def test_a_value_touch_logged_completes_the_current_step_only() -> None:
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-01-01", delivered_on="2026-01-10"),),
        touchpoints=(touch("2026-01-18", "value_add", deal="D-1"),),
    )
    ids = [a.id for a in plan(b, d("2026-01-10"), days=60).actions]
    assert "value-add:D-1:7d" not in ids
    assert "value-add:D-1:30d" in ids


def test_purchase_anniversary_with_lead_time() -> None:
    b = book(one(), deals=(deal("D-1", stage="won", closed_on="2025-11-30"),))
    action = find(plan(b, d("2026-11-23")), "anniversary:D-1:2026")
    assert action.due == d("2026-11-23")
    assert "1 year since" in action.reason


def test_leap_day_anniversary_falls_on_28_february() -> None:
    b = book(one(), deals=(deal("D-1", stage="won", closed_on="2024-02-29"),))
    action = find(plan(b, d("2026-02-21")), "anniversary:D-1:2026")
    assert "anniversary Feb 28" in action.reason


# --- keep in touch -------------------------------------------------------------------------


def test_check_in_when_the_cadence_has_passed_since_any_contact() -> None:
    b = book(
        (customer("C-1", cadence="2w", channel="video"),),
        touchpoints=(touch("2026-11-01", "other"),),
    )
    assert today_ids(b, "2026-11-14") == []
    action = find(plan(b, d("2026-11-15")), "check-in:C-1:2026-11-15")
    assert action.channel == Channel.VIDEO
    assert "last contact Nov 1 (14 days ago)" in action.reason


def test_logging_anything_resets_the_clock() -> None:
    b = book(
        (customer("C-1", cadence="2w"),),
        touchpoints=(touch("2026-11-01", "other"), touch("2026-11-10", "feedback_request")),
    )
    assert today_ids(b, "2026-11-15") == []
    assert today_ids(b, "2026-11-24") == ["check-in:C-1:2026-11-24"]


def test_default_cadence_applies_to_customers_without_one() -> None:
    b = book(
        (customer("C-1"),),
        settings=Settings.model_validate({"default_cadence": "10d", "working_days": []}),
        touchpoints=(touch("2026-11-01", "other"),),
    )
    assert today_ids(b, "2026-11-11") == ["check-in:C-1:2026-11-11"]


def test_a_customer_with_no_touchpoints_is_due_for_contact_under_one_id() -> None:
    b = book((customer("C-1"),))
    assert today_ids(b, "2026-11-23") == ["check-in:C-1:first"]
    assert today_ids(b, "2026-11-24") == ["check-in:C-1:first"]
    started = book((customer("C-1", since="2026-11-01", cadence="2w"),))
    (first,) = plan(started, d("2026-11-01"), days=14).actions
    assert d("2026-11-01") <= first.due < d("2026-11-15")
    (now,) = plan(started, d("2026-11-23")).actions
    assert (now.due - first.due).days % 14 == 0
    assert 0 <= (d("2026-11-23") - now.due).days < 14


def test_a_check_in_is_dropped_when_another_contact_is_due_anyway() -> None:
    b = book(
        (customer("C-1", cadence="1w"),),
        touchpoints=(touch("2026-11-01", "other"),),
        promises=(promise("P-1", "2026-11-23"),),
    )
    assert today_ids(b, "2026-11-23") == ["promise:P-1"]


def test_agreed_next_date_from_the_latest_touchpoint() -> None:
    b = book(
        one(),
        touchpoints=(touch("2026-10-12", "meeting", next="2026-11-23", note="Pilot scope agreed"),),
        reviews=(review("2026-10-12", "meeting-review:C-1:2026-10-12"),),
    )
    assert today_ids(b, "2026-11-22") == []
    action = find(plan(b, d("2026-11-23")), "follow-up:C-1:2026-11-23")
    assert "agreed to follow up on Nov 23: Pilot scope agreed" in action.reason


# --- birthdays ----------------------------------------------------------------------------


def test_birthday_with_lead_time_for_customers_and_contacts() -> None:
    c = customer(
        "C-1", birthday="1979-11-25", contact=[{"name": "Erik Berg", "birthday": "11-30"}], **QUIET
    )
    result = plan(book((c,)), d("2026-11-22"), days=10)
    mine = find(result, "birthday:C-1:2026")
    assert mine.due == d("2026-11-22")
    assert "turns 47" in mine.reason
    assert find(result, "birthday:C-1:erik-berg:2026").due == d("2026-11-27")


def test_leap_day_birthday_in_a_common_year_is_on_28_february() -> None:
    result = plan(book(one(birthday="02-29")), d("2026-02-25"))
    action = find(result, "birthday:C-1:2026")
    assert "birthday is on Feb 28" in action.reason


def test_a_birthday_long_past_is_dropped() -> None:
    assert today_ids(book(one(birthday="11-01")), "2026-11-23") == []


# --- promises ----------------------------------------------------------------------------


def test_a_promise_due_today_and_one_overdue() -> None:
    b = book(one(), promises=(promise("P-1", "2026-11-23"), promise("P-2", "2026-11-20")))
    result = plan(b, d("2026-11-23"))
    assert "3 days late" in find(result, "promise:P-2").reason
    assert find(result, "promise:P-2").score > find(result, "promise:P-1").score


def test_a_kept_promise_is_not_listed() -> None:
    b = book(one(), promises=(promise("P-1", "2026-11-20", done_on="2026-11-19"),))
    assert today_ids(b, "2026-11-23") == []


def test_naming_the_action_in_a_touchpoint_completes_it() -> None:
    b = book(
        one(),
        promises=(promise("P-1", "2026-11-20"),),
        touchpoints=(touch("2026-11-21", "promise", action="promise:P-1"),),
    )
    assert today_ids(b, "2026-11-23") == []


# --- cases -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "due"),
    [
        ("critical", "2026-11-20"),
        ("high", "2026-11-21"),
        ("medium", "2026-11-23"),
        ("low", "2026-11-27"),
    ],
)
def test_first_response_by_severity(severity: str, due: str) -> None:
    b = book(one(), cases=(case("K-1", "2026-11-20", severity=severity),))
    action = find(plan(b, d("2026-11-20"), days=10), "recovery:K-1")
    assert action.due == d(due)


def test_open_case_updates_escalate_with_age() -> None:
    b = book(
        one(),
        cases=(case("K-1", "2026-11-01", severity="high"),),
        touchpoints=(touch("2026-11-01", "recovery", action="recovery:K-1"),),
    )
    early = find(plan(b, d("2026-11-03")), "recovery:K-1:2026-11-03")
    late = find(plan(b, d("2026-11-20")), "recovery:K-1:2026-11-03")
    assert late.score > early.score


def test_a_case_resolved_today_gets_a_close_the_loop_touch() -> None:
    b = book(
        one(),
        cases=(
            case(
                "K-1",
                "2026-11-10",
                resolved_on="2026-11-23",
                root_cause="Loose strapping",
                fix="Re-trained",
            ),
        ),
        touchpoints=(touch("2026-11-10", "recovery"),),
    )
    result = plan(b, d("2026-11-23"), days=3)
    assert not any(a.id.startswith("recovery:K-1") for a in result.actions)
    loop = find(result, "close-loop:K-1")
    assert loop.due == d("2026-11-24")
    assert "Loose strapping" in loop.suggestion


# --- feedback and segments -------------------------------------------------------------------


def test_feedback_request_after_delivery_and_periodically() -> None:
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-10-01", delivered_on="2026-10-10"),),
    )
    assert find(plan(b, d("2026-10-31")), "feedback:D-1").due == d("2026-10-31")
    scored = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-10-01", delivered_on="2026-10-10"),),
        feedback=(score("2026-10-20", 8),),
    )
    ids = [a.id for a in plan(scored, d("2026-10-31"), days=200).actions]
    assert "feedback:D-1" not in ids
    assert "feedback:C-1:2027-04-18" in ids


def test_detractor_gets_repair_and_no_sales() -> None:
    b = book(one(share_of_wallet=0.2), feedback=(score("2026-11-20", 3, comment="Too slow"),))
    result = plan(b, d("2026-11-23"), days=400)
    kinds = {a.kind for a in result.actions}
    assert ActionKind.REPAIR in kinds
    assert not kinds & {ActionKind.UPSELL, ActionKind.REFERRAL_ASK}
    assert '"Too slow"' in find(result, "repair:C-1:2026-11-20").reason


def test_a_detractor_who_became_a_promoter_is_asked_for_referrals() -> None:
    b = book(
        one(share_of_wallet=0.8),
        feedback=(score("2026-05-01", 3), score("2026-11-01", 10)),
    )
    result = plan(b, d("2026-11-23"))
    kinds = {a.kind for a in result.actions}
    assert ActionKind.REPAIR not in kinds
    assert "referral:C-1:2026-11-04" in [a.id for a in result.actions]


def test_high_loyalty_low_share_gets_an_upsell_timed_before_the_budget() -> None:
    b = book(one(share_of_wallet=0.2, budget_month="february"), feedback=(score("2026-10-20", 9),))
    upsell = next(
        a for a in plan(b, d("2026-11-23"), days=60).actions if a.kind is ActionKind.UPSELL
    )
    assert upsell.due == d("2027-01-02")
    assert "budget in February" in upsell.reason


def test_open_case_holds_back_referrals_and_upsells_visibly() -> None:
    b = book(
        one(share_of_wallet=0.2),
        feedback=(score("2026-10-01", 10),),
        cases=(case("K-1", "2026-11-20"),),
    )
    result = plan(b, d("2026-11-23"), days=60)
    assert not any(a.kind.is_sales for a in result.actions)
    held = [a for a in result.suppressed if a.kind.is_sales]
    assert held
    assert all("case K-1 is open" in (a.suppressed or "") for a in held)


# --- quiet windows -----------------------------------------------------------------------


@pytest.mark.parametrize(("quiet_until", "held"), [("2026-11-24", True), ("2026-11-23", False)])
def test_quiet_window_keeps_only_promises_and_cases(quiet_until: str, held: bool) -> None:
    b = book(
        (customer("C-1", quiet_until=quiet_until, cadence="1w"),),
        touchpoints=(touch("2026-11-01", "other"),),
        promises=(promise("P-1", "2026-11-23"),),
        cases=(case("K-1", "2026-11-22", severity="critical"),),
        deals=(deal("D-1", stage="won", closed_on="2026-11-21"),),
    )
    result = plan(b, d("2026-11-23"))
    listed = {a.id for a in result.due_today()}
    assert {"promise:P-1", "recovery:K-1"} <= listed
    assert ("thank-you:D-1" in listed) is not held
    if held:
        assert find(result, "thank-you:D-1").suppressed == "customer away until Nov 24"


# --- meetings and accounts ---------------------------------------------------------------


def test_a_meeting_needs_a_review_the_same_day_until_one_is_saved() -> None:
    b = book(one(), touchpoints=(touch("2026-11-20", "meeting"),))
    assert "meeting-review:C-1:2026-11-20" in today_ids(b, "2026-11-20")
    reviewed = book(
        one(),
        touchpoints=(touch("2026-11-20", "meeting"),),
        reviews=(review("2026-11-20", "meeting-review:C-1:2026-11-20"),),
    )
    assert "meeting-review:C-1:2026-11-20" not in today_ids(reviewed, "2026-11-21")


def test_key_accounts_are_the_largest_and_are_reviewed_quarterly() -> None:
    customers = tuple(customer(f"C-{n}", annual_value=n * 1000, **QUIET) for n in range(1, 9))
    b = book(customers, touchpoints=(touch("2026-09-01", "account_review", customer="C-8"),))
    result = plan(b, d("2026-11-23"), days=30)
    reviews = {a.customer: a for a in result.actions if a.kind is ActionKind.ACCOUNT_REVIEW}
    assert set(reviews) == {"C-4", "C-5", "C-6", "C-7", "C-8"}
    assert reviews["C-8"].due == d("2026-11-30")
    assert reviews["C-7"].channel is None


# --- snooze ---------------------------------------------------------------------------------


def test_a_snoozed_action_returns_on_its_date() -> None:
    b = book(
        one(),
        promises=(promise("P-1", "2026-11-20"),),
        touchpoints=(touch("2026-11-20", "snooze", action="promise:P-1", next="2026-11-25"),),
    )
    assert today_ids(b, "2026-11-23") == []
    result = plan(b, d("2026-11-25"))
    assert find(result, "promise:P-1").due == d("2026-11-25")


# --- working days ------------------------------------------------------------------------


def test_a_due_date_on_a_day_off_moves_to_the_working_day_before() -> None:
    weekdays = Settings()  # mon to fri
    b = book(one(), settings=weekdays, promises=(promise("P-1", "2026-11-28"),))  # a Saturday
    assert find(plan(b, d("2026-11-23"), days=7), "promise:P-1").due == d("2026-11-27")
    weekend_workers = book(
        one(),
        settings=Settings.model_validate(
            {"working_days": ["mon", "tue", "wed", "thu", "fri", "sat"]}
        ),
        promises=(promise("P-1", "2026-11-28"),),
    )
    assert find(plan(weekend_workers, d("2026-11-23"), days=7), "promise:P-1").due == d(
        "2026-11-28"
    )


def test_a_due_date_never_moves_to_before_the_action_opened() -> None:
    b = book(
        one(),
        settings=Settings(),
        cases=(case("K-1", "2026-11-19", severity="high"),),
        touchpoints=(touch("2026-11-20", "recovery"),),  # Friday; next update due Sunday
    )
    assert find(plan(b, d("2026-11-23")), "recovery:K-1:2026-11-22").due == d("2026-11-23")


def test_a_word_given_on_the_delivery_day_does_not_silence_the_late_reminders() -> None:
    b = book(
        one(),
        deals=(deal("D-1", stage="won", closed_on="2026-11-01", delivery_due="2026-11-26"),),
        touchpoints=(
            touch("2026-11-01", "thank_you", deal="D-1"),
            touch("2026-11-26", "delivery_notice", deal="D-1"),
        ),
    )
    assert "late-delivery:D-1:2026-11-27" in today_ids(b, "2026-11-27")
    assert "late-delivery:D-1:2026-11-27" in today_ids(b, "2026-12-03")
