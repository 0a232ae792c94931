"""Load a book folder: every file read, every record validated, every problem collected.

`load_fresh` never raises on bad data. It returns the `Book` built from the
records that are valid, plus the list of problems sorted by file and line,
so that `check` can show them all and other commands can refuse to plan on
a broken book. The touchpoint log is folded into a `History` as it is read
and not kept; `touchpoints_of` reads it again for the views that show single
touchpoints, so that the `Book` itself stays data and never reads a file.
Reading and validating one file is `loader`'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from aftersale.book.checks import Gaps, run_checks, run_dated_checks
from aftersale.book.config import load_settings
from aftersale.book.files import SETTINGS_FILE
from aftersale.book.loader import Loader, display_path
from aftersale.book.read import ReadStatus
from aftersale.book.schema import KINDS, TOUCHPOINTS
from aftersale.clock import today
from aftersale.errors import Problem
from aftersale.history import History
from aftersale.models import (
    Book,
    Case,
    Customer,
    Deal,
    Feedback,
    Promise,
    Record,
    Review,
    Touchpoint,
)
from aftersale.settings import Settings


@dataclass
class Loaded:
    """A load's result, plus what a cache of it needs to fold later rows of the log in.

    `data_problems` depend on the files only; `dated_problems` also on the day
    the load ran (a birthday "in the future"), so a cache keeps the first only.
    """

    book: Book
    settings_problems: list[Problem]
    data_problems: list[Problem]
    gaps: Gaps
    log_context: dict[str, Any]
    log_status: ReadStatus
    dated_problems: list[Problem]

    @property
    def problems(self) -> list[Problem]:
        return sorted(
            (*self.settings_problems, *self.data_problems, *self.dated_problems),
            key=Problem.sort_key,
        )


def load_fresh(
    book_dir: Path, only: frozenset[str] | None = None, *, keep_touchpoints: bool = False
) -> Loaded:
    """Read every file the command needs from disk."""
    settings, playbook, problems = load_settings(book_dir, display_path(book_dir / SETTINGS_FILE))
    settings_problems = list(problems)
    problems.clear()
    loader = Loader(book_dir, settings, problems)
    wanted = [kind for kind in KINDS if only is None or kind.name in only]
    streamed = TOUCHPOINTS in wanted and not keep_touchpoints
    loaded: dict[str, tuple[Record, ...]] = {kind.name: () for kind in KINDS}
    history: History | None = None
    count: int | None = None
    for kind in wanted:
        if kind is TOUCHPOINTS and streamed:
            customers = {c.id: c for c in cast(tuple[Customer, ...], loaded["customers"])}
            deals = {d.id: d for d in cast(tuple[Deal, ...], loaded["deals"])}
            history = History()
            count = loader.fold_touchpoints(customers, deals, history)
        else:
            loaded[kind.name] = loader.load_kind(kind)
    loader.failed.update(kind.name for kind in KINDS if kind not in wanted)
    contacts = loader.load_contacts()
    customers_loaded = loaded["customers"]
    if contacts:
        customers_loaded = tuple(
            c.model_copy(update={"contacts": (*c.contacts, *contacts.pop(c.id, []))})
            if isinstance(c, Customer) and c.id in contacts
            else c
            for c in customers_loaded
        )
    reviews = cast(tuple[Review, ...], loaded["reviews"])
    if history is not None:
        for review in reviews:
            history.add_review(review)
    book = Book(
        path=book_dir,
        settings=settings,
        playbook=playbook,
        customers=cast(tuple[Customer, ...], customers_loaded),
        deals=cast(tuple[Deal, ...], loaded["deals"]),
        promises=cast(tuple[Promise, ...], loaded["promises"]),
        touchpoints=cast(tuple[Touchpoint, ...], loaded["touchpoints"]),
        feedback=cast(tuple[Feedback, ...], loaded["feedback"]),
        cases=cast(tuple[Case, ...], loaded["cases"]),
        reviews=reviews,
        sources=loader.sources,
        history=history,
        touchpoint_count=count,
    )
    gaps = loader.gaps()
    book, found = run_checks(book, gaps, contacts)
    problems.extend(found)
    return Loaded(
        book,
        settings_problems,
        problems,
        gaps,
        loader.log_context,
        loader.log_status,
        run_dated_checks(book, gaps, today(settings)),
    )


def fold_appended(loaded: Loaded, tail: tuple[int, int]) -> Loaded:
    """Fold the rows appended to the log after `tail` into a loaded book (not for a demo)."""
    book = loaded.book
    if book.history is None:
        raise ValueError("only a book whose log was folded can take appended rows")
    problems = list(loaded.data_problems)
    loader = Loader(book.path, book.settings, problems)
    loader.failed.update(loaded.gaps.failed)
    loader.invalid_ids = {kind: set(ids) for kind, ids in loaded.gaps.invalid_ids.items()}
    loader.file_context = {**loader.new_context(), **loaded.log_context}
    count = loader.fold_touchpoints(book.customer_by_id, book.deal_by_id, book.history, tail=tail)
    book = replace(book, touchpoint_count=(book.touchpoint_count or 0) + count)
    return Loaded(
        book,
        loaded.settings_problems,
        problems,
        loaded.gaps,
        loader.log_context,
        loader.log_status,
        loaded.dated_problems,
    )


def iter_touchpoints(book_dir: Path, settings: Settings) -> Iterator[Touchpoint]:
    """The valid touchpoints of a book, read again from its log (problems were reported)."""
    loader = Loader(book_dir, settings, [])
    name = loader.pick_file(TOUCHPOINTS)
    if name is None:
        return
    loader.file_context = loader.new_context()
    for raw in loader.raw_records(TOUCHPOINTS, name):
        touch = loader.validate(TOUCHPOINTS, name, raw)
        if isinstance(touch, Touchpoint):
            yield touch


def touchpoints_of(book: Book) -> Iterator[Touchpoint]:
    """Every touchpoint of a book: those it holds, or, for a loaded book whose log was
    folded while reading and not kept, the valid rows of its log read again."""
    if book.history is not None and not book.touchpoints:
        yield from iter_touchpoints(book.path, book.settings)
    else:
        yield from book.touchpoints
