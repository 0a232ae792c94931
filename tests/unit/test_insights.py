"""NPS, problem ranking, quadrants, review statistics, account facts and the period report."""

from __future__ import annotations

from datetime import date

import pytest

from aftersale.insights.account import account_facts
from aftersale.insights.loyalty import matrix, nps, problem_ranking, trend
from aftersale.insights.report import build_report
from aftersale.insights.review_stats import review_stats
from aftersale.models import Review
from aftersale.planner import plan
from aftersale.playbook import build_playbook
from aftersale.standing import Quadrant
from tests.unit.planning import book, case, customer, d, deal, promise, score, touch

RULES = build_playbook({}, {})[0].segments


def scores(*values: int, day: str = "2026-11-01") -> tuple:  # type: ignore[type-arg]
    return tuple(score(day, v, customer=f"C-{n}") for n, v in enumerate(values))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((10, 9, 9), 100.0),
        ((0, 3, 6), -100.0),
        ((10, 8, 3, 9), 25.0),
        ((7, 8), 0.0),
        ((10, 6, 6), -33.3),
    ],
)
def test_nps_is_the_share_of_promoters_minus_the_share_of_detractors(
    values: tuple[int, ...], expected: float
) -> None:
    assert nps(scores(*values), RULES, None, d("2026-11-30")).nps == expected


def test_nps_of_nobody_is_none() -> None:
    assert nps((), RULES, None, d("2026-11-30")).nps is None


def test_each_customer_counts_once_with_the_latest_score_in_the_window() -> None:
    feedback = (score("2026-01-10", 2), score("2026-06-10", 10), score("2026-12-01", 0))
    result = nps(feedback, RULES, d("2026-01-10"), d("2026-11-30"))
    assert (result.nps, result.promoters) == (100.0, ("C-1",))
    earlier = nps(feedback, RULES, None, d("2026-06-09"))
    assert earlier.detractors == ("C-1",)
    outside = nps(feedback, RULES, d("2026-01-11"), d("2026-06-09"))
    assert outside.nps is None


def test_trend_by_quarter_and_month() -> None:
    feedback = (
        score("2026-04-02", 10),
        score("2026-08-15", 3, customer="C-2"),
        score("2026-11-01", 9),
    )
    quarters = {
        label: item.nps for label, item in trend(feedback, RULES, d("2026-11-23"), "quarter", 4)
    }
    assert quarters == {"2026-Q1": None, "2026-Q2": 100.0, "2026-Q3": -100.0, "2026-Q4": 100.0}
    months = [label for label, _ in trend(feedback, RULES, d("2026-11-23"), "month", 3)]
    assert months == ["2026-09", "2026-10", "2026-11"]


def test_the_problem_that_hurts_loyalty_most_ranks_first() -> None:
    customers = tuple(customer(f"C-{n}") for n in range(8))
    feedback = (
        score("2026-10-01", 2, customer="C-0", category="delivery"),
        score("2026-10-01", 3, customer="C-1", category="delivery"),
        score("2026-10-01", 4, customer="C-2", category="delivery"),
        score("2026-10-01", 8, customer="C-3", category="price"),
        score("2026-10-01", 9, customer="C-4"),
        score("2026-10-01", 10, customer="C-5"),
        score("2026-10-01", 9, customer="C-6"),
        score("2026-10-01", 10, customer="C-7", category="billing"),
    )
    cases = (case("K-1", "2026-10-02", customer="C-7", category="billing"),)
    ranking = problem_ranking(
        book(customers, feedback=feedback, cases=cases), None, d("2026-11-23")
    )
    assert ranking[0].category == "delivery"
    assert {r.category: r.weight for r in ranking[1:]} == {"billing": 0.0, "price": 0.0}
    first = ranking[0]
    assert first.customers == ("C-0", "C-1", "C-2")
    assert first.score_with == 3.0
    assert first.impact == pytest.approx(9.2 - 3.0)


@pytest.mark.parametrize(
    ("value", "share", "quadrant"),
    [
        (9, 0.5, Quadrant.REWARD),
        (9, 0.49, Quadrant.GROW),
        (6, 0.5, Quadrant.URGENT),
        (6, 0.1, Quadrant.FIX_BASICS),
        (7, 0.9, None),
        (8, 0.1, None),
    ],
)
def test_quadrants_at_the_boundaries(value: int, share: float, quadrant: Quadrant | None) -> None:
    b = book((customer("C-1", share_of_wallet=share),), feedback=(score("2026-10-01", value),))
    grid = matrix(b, None, d("2026-11-23"))
    placed = [q for q, ids in grid.cells.items() if "C-1" in ids]
    assert placed == ([quadrant] if quadrant else [])


def test_quadrant_thresholds_come_from_the_playbook() -> None:
    playbook, error = build_playbook({"segments": {"promoter_min": 8, "high_share": 0.3}}, {})
    assert error is None
    b = book((customer("C-1", share_of_wallet=0.35),), feedback=(score("2026-10-01", 8),))
    from dataclasses import replace

    grid = matrix(replace(b, playbook=playbook), None, d("2026-11-23"))
    assert grid.cells[Quadrant.REWARD] == ["C-1"]


def meeting(day: str, customer_id: str, answers: dict[str, str]) -> list[Review]:
    subject = f"meeting-review:{customer_id}:{day}"
    return [
        Review.model_validate(
            {
                "date": day,
                "type": "meeting",
                "customer": customer_id,
                "subject": subject,
                "point": p,
                "answer": a,
            }
        )
        for p, a in answers.items()
    ]


def test_review_stats_rank_the_weakest_point_first_with_a_trend() -> None:
    reviews = [
        *meeting("2026-01-10", "C-1", {"budget": "no", "agenda": "yes", "listened": "no"}),
        *meeting("2026-02-10", "C-2", {"budget": "no", "agenda": "yes", "listened": "no"}),
        *meeting("2026-03-10", "C-1", {"budget": "no", "agenda": "yes", "listened": "yes"}),
        *meeting("2026-04-10", "C-3", {"budget": "partly", "agenda": "yes", "listened": "yes"}),
    ]
    meetings, stats = review_stats(reviews)
    assert meetings == 4
    assert [s.point for s in stats] == ["budget", "listened", "agenda"]
    assert stats[0].miss_rate == pytest.approx(3.5 / 4)
    assert stats[1].trend == "improving"
    assert stats[2].trend == "steady"
    assert review_stats(reviews, since=date(2026, 3, 1))[0] == 2


def test_account_facts_share_of_business_and_decision_gaps() -> None:
    customers = (
        customer(
            "C-1",
            annual_value=60000,
            share_of_wallet=0.3,
            contact=[{"name": "Bo", "role": "buyer"}, {"name": "Cy", "role": "user; influencer"}],
        ),
        customer("C-2", annual_value=140000),
    )
    b = book(
        customers,
        deals=(
            deal("D-1", stage="won", amount=1000, currency="eur", closed_on="2026-01-01"),
            deal("D-2", stage="won", amount=500, currency="EUR", closed_on="2026-02-01"),
            deal("D-3", stage="lost", closed_on="2026-03-01"),
        ),
        touchpoints=(touch("2026-06-01", "check_in"), touch("2025-06-01", "check_in")),
        cases=(case("K-1", "2026-11-01", category="delivery"),),
    )
    facts = account_facts(b, customers[0], d("2026-11-23"), b.touchpoints)
    assert facts.share_of_book == pytest.approx(0.3)
    assert facts.rank == 2
    assert (facts.deals_won, facts.deals_lost) == (2, 1)
    assert facts.won_totals == {"EUR": 1500.0}
    assert facts.touches_last_year == 1
    assert facts.open_cases == ("K-1",)
    assert facts.gaps == ("no decision maker known",)
    assert facts.people_by_role["influencer"] == ("Cy",)


def test_report_counts_a_crafted_month() -> None:
    b = book(
        (customer("C-1", cadence="1y", since="2026-01-01", birthday="11-01"),),
        touchpoints=(
            touch("2026-11-02", "check_in"),
            touch("2026-11-10", "thank_you", action="thank-you:D-1", deal="D-1"),
            touch("2026-11-12", "snooze", action="x", next="2026-11-20"),
            touch("2026-10-01", "check_in"),
        ),
        deals=(deal("D-1", stage="won", closed_on="2026-11-09"),),
        promises=(
            promise("P-1", "2026-11-05", done_on="2026-11-04"),
            promise("P-2", "2026-11-06", done_on="2026-11-09"),
            promise("P-3", "2026-11-20"),
            promise("P-4", "2026-12-20"),
        ),
        cases=(
            case("K-1", "2026-11-01", resolved_on="2026-11-05"),
            case("K-2", "2026-11-10", resolved_on="2026-11-20"),
            case("K-3", "2026-11-21"),
        ),
        feedback=(score("2026-10-01", 3), score("2026-11-15", 10)),
    )
    today = d("2026-11-23")
    now = plan(b, today, days=14, missed_since=d("2026-10-23"))
    report = build_report(b, today, now, b.touchpoints, "month")
    assert report.start == d("2026-10-24")
    assert report.done_by_kind == {"check_in": 1, "thank_you": 1}
    assert report.actions_done == 1
    assert (
        report.promises_due,
        report.promises_on_time,
        report.promises_late,
        report.promises_open,
    ) == (3, 1, 1, 1)
    assert (report.cases_opened, report.cases_resolved) == (3, 2)
    assert report.days_to_resolve == 7.0
    assert (report.nps_before.nps, report.nps_now.nps) == (-100.0, 100.0)
    assert "promise:P-3" in [a.id for a in report.still_open]
    # a call is not a birthday greeting: the birthday passed unmarked
    assert [a.id for a in report.missed] == ["birthday:C-1:2026"]
