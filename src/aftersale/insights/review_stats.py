"""The seller's coaching report: the meeting-review points most often missed, and the trend."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date

from aftersale.insights.questions import MEETING_POINTS
from aftersale.models import Answer, Review, ReviewType

MISS = {Answer.NO: 1.0, Answer.PARTLY: 0.5, Answer.YES: 0.0}


@dataclass(frozen=True, slots=True)
class PointStats:
    point: str
    question: str
    answered: int
    no: int
    partly: int
    yes: int
    miss_rate: float
    earlier: float | None
    recent: float | None

    @property
    def trend(self) -> str:
        if self.earlier is None or self.recent is None:
            return "not enough reviews yet"
        if self.recent < self.earlier - 0.1:
            return "improving"
        if self.recent > self.earlier + 0.1:
            return "slipping"
        return "steady"


@dataclass(frozen=True, slots=True)
class Steps:
    """The next steps decided in reviews (answers ending in "by DATE"), and how many are done."""

    decided: int
    done: int

    @property
    def open(self) -> int:
        return self.decided - self.done


def step_counts(reviews: Iterable[Review], named: Container[str], since: date | None) -> Steps:
    from aftersale.rules.steps import step_id, step_of

    ids = {
        step_id(r)
        for r in reviews
        if step_of(r.note) is not None and (since is None or r.date >= since)
    }
    return Steps(decided=len(ids), done=sum(1 for i in ids if i in named))


def _rate(answers: list[Answer]) -> float | None:
    scored = [MISS[a] for a in answers if a in MISS]
    return sum(scored) / len(scored) if scored else None


def review_stats(
    reviews: Iterable[Review], since: date | None = None
) -> tuple[int, list[PointStats]]:
    """(number of meetings reviewed, points ranked by how often they were missed)."""
    by_point: dict[str, list[tuple[date, Answer]]] = {}
    meetings: set[tuple[str, str]] = set()
    for review in reviews:
        if review.type is not ReviewType.MEETING or review.answer is None:
            continue
        if since is not None and review.date < since:
            continue
        meetings.add((review.customer, review.subject or review.date.isoformat()))
        by_point.setdefault(review.point, []).append((review.date, review.answer))
    questions = {p.id: p.question for p in MEETING_POINTS}
    stats = []
    for point, answers in by_point.items():
        answers.sort(key=lambda item: item[0])
        values = [a for _, a in answers]
        half = len(values) // 2
        rate = _rate(values) or 0.0
        stats.append(
            PointStats(
                point=point,
                question=questions.get(point, point),
                answered=sum(1 for a in values if a in MISS),
                no=values.count(Answer.NO),
                partly=values.count(Answer.PARTLY),
                yes=values.count(Answer.YES),
                miss_rate=rate,
                earlier=_rate(values[:half]) if half >= 2 else None,
                recent=_rate(values[half:]) if half >= 2 else None,
            )
        )
    stats.sort(key=lambda s: (-s.miss_rate, -s.answered, s.point))
    return len(meetings), stats
