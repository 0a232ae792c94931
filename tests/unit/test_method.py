"""The method's tone and timing, each test written from a sentence of the method.

Tone follows the customer's situation; repair comes before any news, survey or ask;
moments are chosen, not merely computed.
"""

from __future__ import annotations

from datetime import date, timedelta

from aftersale.actions import ActionKind
from aftersale.planner import Plan, plan
from aftersale.rules.loyalty import before_budget
from aftersale.settings import WEEKDAYS, Settings
from tests.unit.planning import (
    book,
    case,
    customer,
    d,
    deal,
    find,
    score,
    touch,
)

FAR = {"cadence": "1y", "since": "2027-06-01"}
DELIVERED = deal("D-1", stage="won", closed_on="2026-08-01", delivered_on="2026-08-01")


def held(result: Plan, action_id: str) -> str | None:
    """Why the action is held back, or None when it is on the agenda."""
    for action in result.suppressed:
        if action.id == action_id:
            return action.suppressed
    find(result, action_id)
    return None


# --- Do not sell to unhappy customers: repair first -------------------------------------------


def test_no_value_adding_news_while_a_serious_complaint_is_open() -> None:
    b = book(
        (customer("C-1", **FAR),),
        deals=(DELIVERED,),
        cases=(case("K-1", "2026-10-28", severity="high"),),
    )
    why = held(plan(b, d("2026-10-30")), "value-add:D-1:90d")
    assert why is not None
    assert "case K-1 is open; fix it first" in why
    assert "recovery:K-1" in [a.id for a in plan(b, d("2026-10-30")).actions]


def test_a_low_complaint_does_not_silence_a_useful_touch() -> None:
    b = book(
        (customer("C-1", **FAR),),
        deals=(DELIVERED,),
        cases=(case("K-1", "2026-10-28", severity="low"),),
    )
    assert held(plan(b, d("2026-10-30")), "value-add:D-1:90d") is None


def test_no_survey_no_anniversary_and_no_ask_while_the_latest_score_is_a_detractors() -> None:
    b = book(
        (customer("C-1", share_of_wallet=0.1, **FAR),),
        deals=(deal("D-1", stage="won", closed_on="2025-11-27", delivered_on="2025-11-27"),),
        feedback=(score("2026-05-01", 10), score("2026-11-10", 4)),
    )
    result = plan(b, d("2026-11-20"), days=30)
    assert "anniversary celebration" in (held(result, "anniversary:D-1:2026") or "")
    assert "4/10 (a detractor); repair first" in (held(result, "anniversary:D-1:2026") or "")
    assert "repair:C-1:2026-11-10" in [a.id for a in result.actions]
    assert not [a for a in result.actions if a.kind is ActionKind.FEEDBACK_REQUEST]


def test_a_birthday_is_still_greeted_while_a_case_is_open() -> None:
    b = book(
        (customer("C-1", birthday="11-25", **FAR),),
        cases=(case("K-1", "2026-11-20", severity="critical"),),
    )
    assert held(plan(b, d("2026-11-22")), "birthday:C-1:2026") is None


def test_a_referral_ask_needs_a_promoter_score_given_after_the_last_case_closed() -> None:
    stale = book(
        (customer("C-1", **FAR),),
        feedback=(score("2026-09-01", 10),),
        cases=(case("K-1", "2026-10-01", resolved_on="2026-10-10", root_cause="x"),),
    )
    ids = [a.id for a in (*plan(stale, d("2026-11-20"), days=60).actions,)]
    assert not [i for i in ids if i.startswith("referral:")]
    fresh = book(
        (customer("C-1", **FAR),),
        feedback=(score("2026-09-01", 10), score("2026-10-20", 10)),
        cases=(case("K-1", "2026-10-01", resolved_on="2026-10-10", root_cause="x"),),
    )
    (ask,) = [a for a in plan(fresh, d("2026-10-21"), days=90).actions if a.id.startswith("ref")]
    assert ask.due == d("2026-12-09")  # not within 60 days of the case closing


def test_after_every_resolved_case_a_did_it_stay_fixed_check_and_a_feedback_request_follow() -> (
    None
):
    b = book(
        (customer("C-1", **FAR),),
        feedback=(score("2026-06-01", 10),),  # a promoter: the loop is closed for everyone
        cases=(case("K-1", "2026-10-01", resolved_on="2026-10-10", root_cause="x"),),
        touchpoints=(touch("2026-10-11", "recovery"),),
    )
    result = plan(b, d("2026-11-20"))
    ids = [a.id for a in result.actions]
    assert "close-loop:K-1" not in ids
    assert find(result, "stay-fixed:K-1").due == d("2026-10-24")
    assert find(result, "feedback:K-1").due == d("2026-11-09")


def test_the_feedback_after_a_repair_is_asked_even_of_a_detractor() -> None:
    b = book(
        (customer("C-1", **FAR),),
        feedback=(score("2026-09-01", 3),),
        touchpoints=(touch("2026-09-05", "repair"),),
    )
    result = plan(b, d("2026-10-05"))
    (request,) = [a for a in result.actions if a.kind is ActionKind.FEEDBACK_REQUEST]
    assert request.due == d("2026-10-05")


# --- Timing -----------------------------------------------------------------------------------


def test_a_quiet_window_holds_back_contact_but_not_the_sellers_own_reviews() -> None:
    b = book(
        (customer("C-1", quiet_until="2026-12-01", cadence="1w", annual_value=10_000),),
        touchpoints=(touch("2026-11-02", "meeting"),),
    )
    result = plan(b, d("2026-11-10"))
    assert held(result, "meeting-review:C-1:2026-11-02") is None
    assert "away until" in (held(result, "check-in:C-1:2026-11-09") or "")


def test_a_quiet_window_can_start_later_with_quiet_from() -> None:
    b = book(
        (customer("C-1", quiet_from="2026-12-10", quiet_until="2027-01-04", cadence="1w"),),
        touchpoints=(touch("2026-11-02", "other"),),
    )
    assert held(plan(b, d("2026-11-10")), "check-in:C-1:2026-11-09") is None
    assert "away until" in (held(plan(b, d("2026-12-14")), "check-in:C-1:2026-12-14") or "")


def test_a_birthday_inside_a_quiet_window_moves_to_the_first_day_after_it() -> None:
    b = book((customer("C-1", birthday="08-10", quiet_until="2026-08-20", **FAR),))
    result = plan(b, d("2026-08-20"))
    greeting = find(result, "birthday:C-1:2026")
    assert greeting.due == d("2026-08-20")
    assert "away until" in greeting.reason
    assert plan(b, d("2026-08-26")).missed == ()


def test_internal_reviews_and_snoozes_never_count_as_contact_with_the_customer() -> None:
    b = book(
        (customer("C-1", cadence="1m"),),
        touchpoints=(
            touch("2026-09-01", "other"),
            touch("2026-10-15", "meeting_review"),
            touch("2026-10-16", "account_review"),
            touch("2026-10-17", "snooze", action="x", next="2026-10-20"),
        ),
    )
    assert [a.id for a in plan(b, d("2026-11-20")).actions] == ["check-in:C-1:2026-11-01"]


def test_an_agreed_follow_up_is_a_promise_and_climbs_like_one() -> None:
    b = book(
        (customer("C-1", **FAR),),
        touchpoints=(touch("2026-11-02", "meeting", next="2026-11-16"),),
    )
    result = plan(b, d("2026-11-20"), missed_since=d("2026-11-01"))
    follow_up = find(result, "follow-up:C-1:2026-11-16")
    assert follow_up.kind is ActionKind.PROMISE
    assert int(follow_up.tier_on(d("2026-11-20"))) == 1
    much_later = plan(b, d("2027-03-01"), missed_since=d("2026-11-01"))
    assert "follow-up:C-1:2026-11-16" in [a.id for a in much_later.actions]


def test_the_upsell_is_timed_before_the_budget_month_in_every_month_of_the_year() -> None:
    """Even a happy customer is not called at the wrong point in their budget cycle."""
    today = date(2026, 6, 15)
    for month in range(1, 13):
        due, start = before_budget(month, 30, today)
        assert start == date(2026 if month >= 7 else 2027, month, 1)
        assert due == max(today, start - timedelta(days=30))


def test_inside_the_lead_window_across_the_year_end_the_upsell_is_due_now_not_next_year() -> None:
    due, start = before_budget(1, 30, date(2026, 12, 10))
    assert (due, start) == (date(2026, 12, 10), date(2027, 1, 1))
    b = book(
        (customer("C-1", budget_month=1, share_of_wallet=0.2, **FAR),),
        feedback=(score("2026-11-01", 10),),
    )
    (upsell,) = [
        a for a in plan(b, d("2026-12-10"), days=40).actions if a.kind is ActionKind.UPSELL
    ]
    assert "they plan their budget in January 2027" in upsell.reason


def test_working_days_do_not_move_a_critical_case() -> None:
    b = book(
        (customer("C-1", **FAR),),
        settings=Settings.model_validate({"working_days": list(WEEKDAYS[:5])}),
        cases=(case("K-1", "2026-11-22", severity="critical"),),  # a Sunday
    )
    assert find(plan(b, d("2026-11-22")), "recovery:K-1").due == d("2026-11-22")


# --- Words ------------------------------------------------------------------------------------

CHANNEL_VERBS = {
    "call": {"phone", "video"},
    "phone": {"phone"},
    "visit": {"visit"},
    "email": {"email"},
    "text": {"text"},
    "write": {"email", "letter"},
}


def test_no_suggestion_tells_you_to_use_another_channel_than_the_one_planned() -> None:
    """Every suggestion fits its channel: never "by email - Call them"."""
    from dataclasses import replace

    from aftersale.book.open import load_book
    from aftersale.channels import Channel
    from tests.test_meta import ROOT

    demo, _ = load_book(ROOT / "examples" / "demo")
    checked = 0
    for channel in Channel:
        customers = tuple(c.model_copy(update={"channel": channel}) for c in demo.customers)
        a_book = replace(demo, customers=customers)
        for day in ("2026-10-05", "2026-11-23", "2027-02-15"):
            result = plan(a_book, d(day), days=30)
            for action in (*result.actions, *result.suppressed):
                if action.channel is None:
                    continue
                for sentence in action.suggestion.replace(":", ".").split(". "):
                    verb = sentence.split(" ", 1)[0].strip(",").lower()
                    fits = CHANNEL_VERBS.get(verb)
                    assert fits is None or action.channel.value in fits, (
                        action.id,
                        action.channel,
                        sentence,
                    )
                checked += 1
    assert checked > 500


def test_a_contacts_birthday_names_the_contact_and_their_interests_never_the_customers() -> None:
    from aftersale.models import Contact

    person = Contact(name="Li Wei", birthday="11-30", interests=("tea",))
    quiet = Contact(name="Bo Ek", birthday="12-02")
    b = book(
        (customer("C-1", interests=("sailing",), contact=(person, quiet), **FAR),),
    )
    result = plan(b, d("2026-11-27"), days=7)
    li = find(result, "birthday:C-1:li-wei:2026")
    assert li.suggestion.startswith("Send Li Wei a card")
    assert "their interest in tea" in li.suggestion
    bo = find(result, "birthday:C-1:bo-ek:2026")
    assert "sailing" not in bo.suggestion
    assert "Bo Ek's birthday" in bo.reason


def test_interests_read_naturally_in_an_upsell() -> None:
    b = book(
        (customer("C-1", share_of_wallet=0.2, interests=("sailing",), **FAR),),
        feedback=(score("2026-11-01", 10),),
    )
    (upsell,) = [
        a for a in plan(b, d("2026-11-20"), days=30).actions if a.kind is ActionKind.UPSELL
    ]
    assert "around sailing" not in upsell.suggestion
    assert "their interest in sailing" in upsell.suggestion


def test_counts_and_articles_read_as_english_for_every_kind() -> None:
    import re

    b = book(
        (customer("C-1", annual_value=10_000, cadence="1w"),),
        deals=(deal("D-1", stage="won", closed_on="2026-11-19", delivery_due="2026-11-21"),),
        promises=(),
        cases=(case("K-1", "2026-11-19", severity="medium"),),
        touchpoints=(touch("2026-11-19", "meeting"),),
    )
    result = plan(b, d("2026-11-20"), days=3)
    texts = [
        text
        for action in (*result.actions, *result.suppressed)
        for text in (action.reason, action.suggestion, *(t.note for t in action.terms))
    ]
    joined = "\n".join(texts)
    assert "1 days" not in joined
    assert not re.search(r"\ba [aeiou]", joined), joined
    assert "an account review action" in "\n".join(
        t.note
        for a in plan(
            book((customer("C-1", annual_value=5, **FAR),)), d("2026-11-20"), days=3
        ).actions
        for t in a.terms
    )


# --- The review sheets ------------------------------------------------------------------------

# Each practice the method lists for a review, and the points that ask about it.
MEETING_METHOD = {
    "agreed agenda and expectations beforehand": {"agenda", "expectations"},
    "prepared mentally and practically": {"prepared", "materials"},
    "stayed on my objective": {"objective"},
    "played to win or not to lose": {"play_to_win"},
    "read the customer's attitude and style, and adapted mine": {"read_them", "adapted"},
    "uncovered their problems and stated them to their satisfaction": {
        "problems",
        "problems_confirmed",
    },
    "does the customer know what solving them costs": {"cost_of_problem"},
    "learned the budget": {"budget"},
    "learned when, where, how and who decides": {"decision"},
    "kept the presentation on the customer's problems": {"their_problems"},
    "explained jargon": {"jargon"},
    "got a clear yes or no, and if no, why": {"clear_answer", "why_no"},
    "asked questions and let the buyer talk": {"listened"},
    "stayed calm under pressure, answering with questions": {"calm"},
    "let the customer feel in control": {"their_control"},
    "what I learned and will do differently": {"lesson"},
}
ACCOUNT_METHOD = {
    "sales potential per product": {"potential"},
    "its share of my business": {"share_of_mine"},
    "cost to serve against profit": {"profitability"},
    "real profitability and product mix": {"product_mix"},
    "how well the customer itself is doing": {"their_health"},
    "how strong the relationship is": {"supporters"},
    "how the account was won": {"how_won"},
    "what drives their buying": {"buying_drivers"},
    "the decision-making unit": {"dmu"},
    "their short and long-term plans": {"plans"},
    "my strengths and weaknesses against their goals": {"fit"},
    "how much business they give competitors and which": {"competitors"},
    "where I lead": {"lead"},
    "how a competitor would attack and how I defend": {"attack"},
    "whether and how to win the competitors' share": {"win_share"},
}
SERVICE_METHOD = {
    "nothing sits: handled at once, in priority order": {"handled_at_once"},
    "know the status of everything": {"status_known"},
    "anticipate: answer before being asked": {"answer_first"},
    "manage expectations at every touchpoint": {"expectations"},
    "give everyone your direct number": {"direct_line"},
    "keep in touch with no reason": {"no_reason_calls"},
    "visit to see the product working": {"visits"},
    "take responsibility for the team's mistakes": {"own_mistakes"},
    "respect the customer's time": {"their_time"},
    "fast": {"fast"},
    "correct (works as promised)": {"correct"},
    "economical (low total cost, not low price)": {"economical"},
    "convenient": {"convenient"},
    "personal (remember names and preferences)": {"remember"},
}


def test_the_review_sheets_ask_about_every_point_of_the_method() -> None:
    from aftersale.insights.questions import ACCOUNT_POINTS, MEETING_POINTS, SERVICE_POINTS

    for method, points in (
        (MEETING_METHOD, MEETING_POINTS),
        (ACCOUNT_METHOD, ACCOUNT_POINTS),
        (SERVICE_METHOD, SERVICE_POINTS),
    ):
        ids = [p.id for p in points]
        assert len(ids) == len(set(ids))
        covered = set().union(*method.values())
        assert covered <= set(ids), covered - set(ids)
        assert all(p.question.endswith("?") for p in points)
    assert len(MEETING_POINTS) == 21
    assert len(ACCOUNT_POINTS) == 17  # the method's 15, plus adding value and next steps
    assert len(SERVICE_POINTS) == 14


def test_the_cost_question_asks_what_solving_the_problem_costs_the_customer() -> None:
    from aftersale.insights.questions import MEETING_POINTS

    (cost,) = [p for p in MEETING_POINTS if p.id == "cost_of_problem"]
    assert "solving" in cost.question
    assert "cost" in cost.question


def test_only_an_answer_ending_in_by_and_a_date_is_a_next_step() -> None:
    from aftersale.cli.answers import dated_step
    from aftersale.rules.steps import step_of

    assert step_of("Send the proposal by 2026-12-05") == ("Send the proposal", d("2026-12-05"))
    assert step_of("Send the proposal by 2026-12-05.") == ("Send the proposal", d("2026-12-05"))
    assert step_of("Paid by bank transfer") is None
    assert step_of("Call by 2026-02-30") is None
    assert step_of(None) is None
    assert dated_step("Call Li Wei by tomorrow", d("2026-11-20")) == "Call Li Wei by 2026-11-21"
    assert dated_step("Call Li Wei by +2w", d("2026-11-20")) == "Call Li Wei by 2026-12-04"
    assert dated_step("Shipped by sea", d("2026-11-20")) == "Shipped by sea"


# --- Channels ---------------------------------------------------------------------------------


def test_any_channel_a_seller_uses_is_kept_and_the_known_apps_are_spelled_right() -> None:
    from aftersale.channels import Channel, channel_family

    wechat = customer("C-1", channel="wechat", birthday="11-30", **FAR)
    fax = customer("C-2", channel="  Fax  machine ", birthday="11-30", **FAR)
    call = customer("C-3", channel="Call", **FAR)
    assert (wechat.channel, fax.channel, call.channel) == ("WeChat", "Fax machine", "phone")
    assert channel_family("WeChat") is Channel.TEXT
    assert channel_family("Fax machine") is None
    result = plan(book((wechat, fax)), d("2026-11-27"))
    assert find(result, "birthday:C-1:2026").channel == "WeChat"  # a message app: written
    assert find(result, "birthday:C-2:2026").channel == "letter"  # unknown: a card by post


def test_a_delivery_notice_not_given_before_the_date_is_missed_and_the_late_word_follows() -> None:
    b = book(
        (customer("C-1", **FAR),),
        deals=(deal("D-1", stage="won", closed_on="2026-11-01", delivery_due="2026-11-20"),),
        touchpoints=(touch("2026-11-02", "thank_you", deal="D-1"),),
    )
    after = plan(b, d("2026-11-21"), missed_since=d("2026-11-20"))
    assert [a.id for a in after.missed] == ["delivery-notice:D-1"]
    assert "late-delivery:D-1:2026-11-21" in [a.id for a in after.actions]


def test_a_prospect_is_never_thanked_for_what_they_bought_nor_put_on_a_rhythm() -> None:
    lead = customer("C-1", tags=("prospect",), cadence="1w", since="2026-01-01")
    b = book((lead,), deals=(deal("D-1", stage="lost", closed_on="2026-11-19"),))
    result = plan(b, d("2026-11-20"))
    assert [a.id for a in result.actions] == ["thank-you:D-1"]
    (thanks,) = result.actions
    assert "ordered" not in thanks.suggestion
    assert "for their time and for considering you" in thanks.suggestion


def test_a_channel_that_looks_like_a_typo_is_an_error_that_names_the_likely_one() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match='did you mean "email"'):
        customer("C-1", channel="emial")
    with pytest.raises(ValidationError, match='did you mean "WhatsApp"'):
        customer("C-1", channel="whatsap")
    assert customer("C-1", channel="Zalo").channel == "Zalo"
