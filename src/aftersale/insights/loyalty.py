"""Net Promoter Score, its trend, which problems hurt loyalty most, and the loyalty x wallet matrix.

NPS counts each customer once, by their latest score in the window:
promoters score 9-10, passives 7-8, detractors 0-6 (thresholds from the
playbook), and NPS = % promoters - % detractors, from -100 to +100.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from aftersale.dates import add_months
from aftersale.models import Book, Feedback
from aftersale.playbook import Segments
from aftersale.standing import Group, Quadrant, group_of, quadrant_of

STRATEGY = {
    Quadrant.URGENT: "Urgent: they spend a lot with you and are unhappy. Find the root cause "
    "and tell them now what you are doing about it.",
    Quadrant.FIX_BASICS: "Fix the basics first and hold off selling until they are neutral again.",
    Quadrant.GROW: "Sell more: they like you, and most of their spending still goes elsewhere.",
    Quadrant.REWARD: "Reward them (training, special offers) and ask for referrals, "
    "testimonials and a public recommendation.",
}


@dataclass(frozen=True)
class Nps:
    nps: float | None
    promoters: tuple[str, ...] = ()
    passives: tuple[str, ...] = ()
    detractors: tuple[str, ...] = ()

    @property
    def answered(self) -> int:
        return len(self.promoters) + len(self.passives) + len(self.detractors)


def latest_in(feedback: Iterable[Feedback], start: date | None, end: date) -> dict[str, Feedback]:
    latest: dict[str, Feedback] = {}
    for item in feedback:
        if item.date > end or (start is not None and item.date < start):
            continue
        current = latest.get(item.customer)
        if current is None or (item.date, item.line) >= (current.date, current.line):
            latest[item.customer] = item
    return latest


def nps(feedback: Iterable[Feedback], rules: Segments, start: date | None, end: date) -> Nps:
    groups: dict[Group, list[str]] = {group: [] for group in Group}
    for customer, item in sorted(latest_in(feedback, start, end).items()):
        groups[group_of(item.score, rules)].append(customer)
    total = sum(len(v) for v in groups.values())
    if not total:
        return Nps(None)
    score = 100 * (len(groups[Group.PROMOTER]) - len(groups[Group.DETRACTOR])) / total
    return Nps(
        round(score, 1),
        tuple(groups[Group.PROMOTER]),
        tuple(groups[Group.PASSIVE]),
        tuple(groups[Group.DETRACTOR]),
    )


def period_start(day: date, by: str) -> date:
    if by == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def period_label(start: date, by: str) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}" if by == "quarter" else f"{start:%Y-%m}"


def trend(
    feedback: tuple[Feedback, ...],
    rules: Segments,
    end: date,
    by: str = "quarter",
    periods: int = 6,
) -> list[tuple[str, Nps]]:
    """NPS of each of the last `periods` months or quarters (scores given in that period)."""
    step = 3 if by == "quarter" else 1
    starts = [add_months(period_start(end, by), -step * n) for n in range(periods - 1, -1, -1)]
    result = []
    for first in starts:
        last = add_months(first, step) - timedelta(days=1)
        result.append((period_label(first, by), nps(feedback, rules, first, min(last, end))))
    return result


@dataclass(frozen=True)
class ProblemRank:
    category: str
    customers: tuple[str, ...]
    score_with: float | None
    score_without: float | None

    @property
    def impact(self) -> float:
        if self.score_with is None or self.score_without is None:
            return 0.0
        return self.score_without - self.score_with

    @property
    def weight(self) -> float:
        return len(self.customers) * max(self.impact, 0.0)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def problem_ranking(book: Book, start: date | None, end: date) -> list[ProblemRank]:
    """Categories customers had trouble with, by how many had it x how much lower they score.

    A customer "had" a problem when they opened a case in that category, or
    gave a score below promoter level with that category.
    """
    rules = book.playbook.segments
    had: dict[str, set[str]] = {}
    for case in book.cases:
        if case.category and case.opened <= end and (start is None or case.opened >= start):
            had.setdefault(case.category.lower(), set()).add(case.customer)
    for item in book.feedback:
        in_window = item.date <= end and (start is None or item.date >= start)
        if item.category and in_window and item.score < rules.promoter_min:
            had.setdefault(item.category.lower(), set()).add(item.customer)
    latest = {c: f.score for c, f in latest_in(book.feedback, start, end).items()}
    ranks = []
    for category, customers in had.items():
        with_scores = [latest[c] for c in customers if c in latest]
        without = [s for c, s in latest.items() if c not in customers]
        ranks.append(
            ProblemRank(category, tuple(sorted(customers)), _mean(with_scores), _mean(without))
        )
    ranks.sort(key=lambda r: (-r.weight, -len(r.customers), r.category))
    return ranks


@dataclass(frozen=True)
class Matrix:
    cells: dict[Quadrant, list[str]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)


def matrix(book: Book, start: date | None, end: date) -> Matrix:
    """Customers by loyalty (latest score) x share of wallet; passives and unknowns unplaced."""
    rules = book.playbook.segments
    latest = latest_in(book.feedback, start, end)
    cells: dict[Quadrant, list[str]] = {q: [] for q in Quadrant}
    unplaced = []
    for customer in book.customers:
        score = latest.get(customer.id)
        group = group_of(score.score, rules) if score else None
        quadrant = quadrant_of(group, customer.share_of_wallet, rules)
        if quadrant is None:
            unplaced.append(customer.id)
        else:
            cells[quadrant].append(customer.id)
    return Matrix(cells, unplaced)
