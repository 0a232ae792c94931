"""Build books in memory for planner tests: the rules are pure, so no files are needed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from aftersale.actions import Action
from aftersale.models import Book, Case, Customer, Deal, Feedback, Promise, Review, Touchpoint
from aftersale.planner import Plan, plan
from aftersale.settings import WEEKDAYS, Settings

# Rules are tested apart from the working-day policy, which has its own test.
EVERY_DAY = Settings.model_validate({"working_days": list(WEEKDAYS)})


def d(text: str) -> date:
    return date.fromisoformat(text)


def customer(id: str = "C-1", **fields: Any) -> Customer:
    return Customer.model_validate({"id": id, "name": fields.pop("name", f"Name {id}"), **fields})


def deal(id: str, customer: str = "C-1", **fields: Any) -> Deal:
    return Deal.model_validate({"id": id, "customer": customer, **fields})


def touch(day: str, kind: str, customer: str = "C-1", **fields: Any) -> Touchpoint:
    return Touchpoint.model_validate({"date": day, "customer": customer, "kind": kind, **fields})


def score(day: str, value: int, customer: str = "C-1", **fields: Any) -> Feedback:
    return Feedback.model_validate({"date": day, "customer": customer, "score": value, **fields})


def case(id: str, opened: str, customer: str = "C-1", **fields: Any) -> Case:
    return Case.model_validate({"id": id, "customer": customer, "opened": opened, **fields})


def promise(id: str, due: str, customer: str = "C-1", **fields: Any) -> Promise:
    return Promise.model_validate(
        {
            "id": id,
            "customer": customer,
            "due": due,
            "what": fields.pop("what", "Send it"),
            **fields,
        }
    )


def review(day: str, subject: str, customer: str = "C-1", **fields: Any) -> Review:
    return Review.model_validate(
        {
            "date": day,
            "type": "meeting",
            "customer": customer,
            "subject": subject,
            "point": "agenda",
        }
        | fields
    )


def book(
    customers: tuple[Customer, ...] = (),
    settings: Settings | None = None,
    **records: tuple[Any, ...],
) -> Book:
    return Book(
        path=Path("."),
        settings=settings or EVERY_DAY,
        customers=customers or (customer(),),
        **records,
    )


def due_ids(a_book: Book, today: str, days: int = 0) -> list[str]:
    return [a.id for a in plan(a_book, d(today), days=days).actions]


def today_ids(a_book: Book, today: str) -> list[str]:
    return [a.id for a in plan(a_book, d(today)).due_today()]


def find(result: Plan, action_id: str) -> Action:
    found = result.find(action_id)
    assert found is not None, f"{action_id} not in {[a.id for a in result.actions]}"
    return found
