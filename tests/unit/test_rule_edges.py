"""The edges of the rules: the day itself, the day after, several records at once.

Each test pins a boundary that a plausible slip in a rule (`<` for `<=`, `break`
for `continue`, a field left out) would move; the rules are pure, so the books are
built in memory.
"""

from __future__ import annotations

from datetime import timedelta

from aftersale.actions import ActionKind
from aftersale.planner import plan
from aftersale.settings import Settings
from tests.unit.planning import EVERY_DAY, book, case, customer, d, deal, find, promise, score

QUIET = {"cadence": "1y", "since": "2027-06-01"}  # keeps check-ins out of the way


def quiet(*ids: str) -> tuple:  # type: ignore[type-arg]
    return tuple(customer(cid, **QUIET) for cid in ids)


def delivered(id: str, on: str, customer: str = "C-1", **fields: object) -> object:
    return deal(id, customer, stage="won", closed_on="2026-09-01", delivered_on=on, **fields)


def ids(a_book: object, today: str, days: int = 400) -> list[str]:
    return [a.id for a in plan(a_book, d(today), days=days).actions]  # type: ignore[arg-type]


# --- feedback after delivery ----------------------------------------------------------------


def test_a_score_given_on_the_delivery_day_answers_for_that_delivery() -> None:
    b = book(
        quiet("C-1"), deals=(delivered("D-1", "2026-10-10"),), feedback=(score("2026-10-10", 9),)
    )
    assert "feedback:D-1" not in ids(b, "2026-11-20")


def test_a_score_given_before_the_delivery_does_not_answer_for_it() -> None:
    b = book(
        quiet("C-1"), deals=(delivered("D-1", "2026-10-10"),), feedback=(score("2026-10-09", 9),)
    )
    assert "feedback:D-1" in ids(b, "2026-11-20")


def test_a_score_dated_after_today_does_not_count_yet_but_todays_does() -> None:
    deals = (delivered("D-1", "2026-10-10"),)
    later = book(quiet("C-1"), deals=deals, feedback=(score("2026-11-21", 9),))
    assert "feedback:D-1" in ids(later, "2026-11-20")
    today = book(quiet("C-1"), deals=deals, feedback=(score("2026-11-20", 9),))
    assert "feedback:D-1" not in ids(today, "2026-11-20")


def test_only_the_customer_who_scored_is_spared_the_request() -> None:
    b = book(
        quiet("C-1", "C-2"),
        deals=(delivered("D-1", "2026-10-10"), delivered("D-2", "2026-10-10", "C-2")),
        feedback=(score("2026-10-20", 9, customer="C-2"),),
    )
    found = ids(b, "2026-11-20")
    assert "feedback:D-1" in found
    assert "feedback:D-2" not in found


def test_every_unscored_delivery_is_asked_about_after_a_scored_one() -> None:
    b = book(
        quiet("C-1", "C-2"),
        deals=(delivered("D-1", "2026-10-10"), delivered("D-2", "2026-10-10", "C-2")),
        feedback=(score("2026-10-20", 9),),
    )
    assert "feedback:D-2" in ids(b, "2026-11-20")


def test_the_request_after_delivery_names_its_deal_and_lapses_after_the_window() -> None:
    b = book(quiet("C-1"), deals=(delivered("D-1", "2026-10-10", title="Two ovens"),))
    action = find(plan(b, d("2026-11-20"), days=30), "feedback:D-1")
    assert action.kind is ActionKind.FEEDBACK_REQUEST
    assert action.deal == "D-1"
    assert action.opens == d("2026-10-10")
    assert action.due == d("2026-10-31")
    assert action.expires == d("2026-10-31") + timedelta(days=90)
    assert action.reason.startswith("Two ovens was delivered on")
    assert dict(action.facts) == {"deal": "D-1", "delivered_on": "2026-10-10"}


def test_an_undelivered_or_lost_deal_is_not_asked_about() -> None:
    b = book(
        quiet("C-1"),
        deals=(
            deal("D-1", stage="won", closed_on="2026-09-01"),
            deal("D-2", stage="lost", closed_on="2026-09-01", delivered_on="2026-10-10"),
        ),
    )
    found = ids(b, "2026-11-20")
    assert "feedback:D-1" not in found
    assert "feedback:D-2" not in found


# --- feedback after a case ------------------------------------------------------------------


def test_a_case_resolved_today_brings_a_request_from_tomorrow() -> None:
    b = book(quiet("C-1"), cases=(case("K-1", "2026-11-01", resolved_on="2026-11-20"),))
    action = find(plan(b, d("2026-11-20"), days=60), "feedback:K-1")
    assert action.opens == d("2026-11-21")
    assert action.due == d("2026-12-20")
    assert action.expires == d("2026-12-20") + timedelta(days=90)


def test_a_case_resolved_after_today_brings_no_request_yet() -> None:
    b = book(quiet("C-1"), cases=(case("K-1", "2026-11-01", resolved_on="2026-11-21"),))
    assert "feedback:K-1" not in ids(b, "2026-11-20")


def test_a_score_on_the_day_a_case_was_resolved_does_not_answer_for_the_fix() -> None:
    b = book(
        quiet("C-1"),
        cases=(case("K-1", "2026-11-01", resolved_on="2026-11-10"),),
        feedback=(score("2026-11-10", 4),),
    )
    assert "feedback:K-1" in ids(b, "2026-11-20")


def test_a_score_after_the_fix_answers_for_it() -> None:
    b = book(
        quiet("C-1"),
        cases=(case("K-1", "2026-11-01", resolved_on="2026-11-10"),),
        feedback=(score("2026-11-11", 8),),
    )
    assert "feedback:K-1" not in ids(b, "2026-11-20")


def test_one_request_per_customer_when_a_delivery_and_a_fix_both_wait() -> None:
    b = book(
        quiet("C-1"),
        deals=(delivered("D-1", "2026-10-10"),),
        cases=(case("K-1", "2026-11-01", resolved_on="2026-11-10", deal="D-1"),),
    )
    found = ids(b, "2026-11-20")
    assert "feedback:D-1" in found
    assert "feedback:K-1" not in found
    assert not [i for i in found if i.startswith("feedback:C-1:")]


def test_the_request_after_a_fix_names_the_case_and_its_deal() -> None:
    b = book(
        quiet("C-1", "C-2"),
        deals=(delivered("D-1", "2026-10-10", "C-2"),),
        cases=(case("K-1", "2026-11-01", "C-2", resolved_on="2026-11-10", deal="D-9"),),
        feedback=(score("2026-10-20", 7, customer="C-2"),),
    )
    action = find(plan(b, d("2026-11-20"), days=60), "feedback:K-1")
    assert action.deal == "D-9"
    assert dict(action.facts) == {"case": "K-1", "resolved_on": "2026-11-10"}


def test_a_fix_long_before_the_book_was_started_is_not_asked_about() -> None:
    started = Settings.model_validate({**EVERY_DAY.model_dump(), "agenda": {"start": "2026-11-15"}})
    b = book(
        quiet("C-1"),
        settings=started,
        cases=(case("K-1", "2026-09-01", resolved_on="2026-09-10"),),
    )
    assert "feedback:K-1" not in ids(b, "2026-11-20")


# --- promises -------------------------------------------------------------------------------


def test_a_promise_kept_is_not_due_and_others_still_are() -> None:
    b = book(
        quiet("C-1"),
        promises=(
            promise("P-1", "2026-11-18", done_on="2026-11-17"),
            promise("P-2", "2026-11-19"),
        ),
    )
    found = ids(b, "2026-11-20", days=0)
    assert [i for i in found if i.startswith("promise:")] == ["promise:P-2"]
    assert find(plan(b, d("2026-11-20")), "promise:P-2").due == d("2026-11-19")


# --- feedback, again and again --------------------------------------------------------------


def test_a_score_is_asked_for_again_half_a_year_after_the_last_one() -> None:
    b = book(quiet("C-1", "C-2"), feedback=(score("2026-05-01", 8), score("2026-06-01", 9, "C-2")))
    result = plan(b, d("2026-11-20"), days=30)
    first = find(result, "feedback:C-1:2026-10-28")
    assert (first.opens, first.due) == (d("2026-05-02"), d("2026-10-28"))
    assert dict(first.facts) == {"last_feedback": "2026-05-01"}
    assert find(result, "feedback:C-2:2026-11-28").due == d("2026-11-28")


def test_a_request_logged_counts_like_a_score_for_the_next_one() -> None:
    from tests.unit.planning import touch

    b = book(
        quiet("C-1"),
        feedback=(score("2026-03-01", 8),),
        touchpoints=(touch("2026-05-01", "feedback_request"),),
    )
    assert "feedback:C-1:2026-10-28" in ids(b, "2026-11-20", days=30)


def test_logging_a_request_completes_the_one_due() -> None:
    from tests.unit.planning import touch

    deals = (delivered("D-1", "2026-10-10"),)
    asked = book(quiet("C-1"), deals=deals, touchpoints=(touch("2026-11-01", "feedback_request"),))
    assert "feedback:D-1" not in ids(asked, "2026-11-20", days=0)


def test_a_detractor_repaired_is_asked_again_a_month_after_the_repair() -> None:
    from tests.unit.planning import touch

    b = book(
        quiet("C-1"),
        feedback=(score("2026-10-01", 3),),
        touchpoints=(touch("2026-10-10", "repair"),),
    )
    found = ids(b, "2026-11-20", days=30)
    assert "feedback:C-1:2026-11-09" in found


def test_a_passive_who_was_called_about_a_repair_keeps_the_half_year_rhythm() -> None:
    from tests.unit.planning import touch

    b = book(
        quiet("C-1"),
        feedback=(score("2026-10-01", 7),),
        touchpoints=(touch("2026-10-10", "repair"),),
    )
    found = [i for i in ids(b, "2026-11-20", days=200) if i.startswith("feedback:")]
    assert found == ["feedback:C-1:2027-03-30"]


# --- complaints -----------------------------------------------------------------------------


def test_a_case_opened_today_is_answered_today_one_opened_tomorrow_not_yet() -> None:
    b = book(
        quiet("C-1", "C-2"),
        cases=(
            case("K-1", "2026-11-20", severity="critical"),
            case("K-2", "2026-11-21", "C-2", severity="critical"),
        ),
    )
    result = plan(b, d("2026-11-20"))
    action = find(result, "recovery:K-1")
    assert (action.opens, action.due) == (d("2026-11-20"), d("2026-11-20"))
    assert "recovery:K-2" not in [a.id for a in result.actions]


def test_the_first_answer_is_due_by_severity() -> None:
    severities = {"critical": 0, "high": 1, "medium": 3, "low": 7}
    b = book(
        quiet(*(f"C-{n}" for n in range(4))),
        cases=tuple(
            case(f"K-{n}", "2026-11-10", f"C-{n}", severity=severity)
            for n, severity in enumerate(severities)
        ),
    )
    result = plan(b, d("2026-11-10"), days=10)
    for n, days in enumerate(severities.values()):
        assert find(result, f"recovery:K-{n}").due == d("2026-11-10") + timedelta(days=days)


def test_after_the_first_answer_updates_follow_at_the_severitys_pace() -> None:
    from tests.unit.planning import touch

    b = book(
        quiet("C-1"),
        cases=(case("K-1", "2026-11-10", severity="high", summary="Oven fails"),),
        touchpoints=(touch("2026-11-11", "recovery"),),
    )
    action = find(plan(b, d("2026-11-12"), days=5), "recovery:K-1:2026-11-13")
    assert action.opens == d("2026-11-12")
    assert action.reason == "high case K-1 open for 2 days: Oven fails; last update Nov 11"
    assert ("age_days", "2") in action.facts


def test_a_case_resolved_after_today_is_still_open_today() -> None:
    b = book(quiet("C-1"), cases=(case("K-1", "2026-11-10", resolved_on="2026-11-21"),))
    found = ids(b, "2026-11-20", days=30)
    assert "recovery:K-1" in found
    assert "close-loop:K-1" not in found


def test_a_resolved_case_closes_the_loop_then_checks_the_fix_held() -> None:
    b = book(
        quiet("C-1"),
        cases=(case("K-1", "2026-11-10", resolved_on="2026-11-12", deal="D-3", category="x"),),
    )
    result = plan(b, d("2026-11-12"), days=30)
    loop = find(result, "close-loop:K-1")
    assert (loop.opens, loop.due, loop.deal) == (d("2026-11-12"), d("2026-11-13"), "D-3")
    held = find(result, "stay-fixed:K-1")
    assert (held.opens, held.due, held.deal) == (d("2026-11-14"), d("2026-11-26"), "D-3")
    assert dict(held.facts)["resolved_on"] == "2026-11-12"
    assert dict(held.facts)["category"] == "x"
    assert "recovery:K-1" not in [a.id for a in result.actions]


def test_a_case_resolved_long_before_the_book_was_started_asks_nothing() -> None:
    started = Settings.model_validate({**EVERY_DAY.model_dump(), "agenda": {"start": "2026-11-15"}})
    b = book(
        quiet("C-1"), settings=started, cases=(case("K-1", "2026-09-01", resolved_on="2026-09-02"),)
    )
    found = ids(b, "2026-11-20")
    assert "close-loop:K-1" not in found
    assert "stay-fixed:K-1" not in found


# --- thank-you ------------------------------------------------------------------------------


def test_a_thank_you_is_due_the_day_after_the_close_won_or_lost() -> None:
    b = book(
        quiet("C-1", "C-2"),
        deals=(
            deal("D-1", stage="won", closed_on="2026-11-19", amount="1200", currency="EUR"),
            deal("D-2", "C-2", stage="lost", closed_on="2026-11-19"),
            deal("D-3", stage="open", closed_on="2026-11-19"),
        ),
    )
    result = plan(b, d("2026-11-20"))
    won = find(result, "thank-you:D-1")
    assert (won.opens, won.due, won.deal) == (d("2026-11-19"), d("2026-11-20"), "D-1")
    assert dict(won.facts) == {
        "deal": "D-1",
        "stage": "won",
        "closed_on": "2026-11-19",
        "amount": "1,200 EUR",
    }
    assert find(result, "thank-you:D-2").reason.startswith("lost D-2")
    assert "thank-you:D-3" not in [a.id for a in result.actions]


def test_lost_deals_go_unthanked_when_the_playbook_says_so() -> None:
    from dataclasses import replace

    from aftersale.playbook import build_playbook

    playbook, error = build_playbook({"thank_you": {"thank_lost_deals": False}}, {})
    assert error is None
    b = book(quiet("C-1"), deals=(deal("D-2", stage="lost", closed_on="2026-11-19"),))
    assert "thank-you:D-2" in ids(b, "2026-11-20")
    assert "thank-you:D-2" not in ids(replace(b, playbook=playbook), "2026-11-20")
