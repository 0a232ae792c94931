"""What every command that enters a record shares: read under the lock, build, write, report.

A command gives `write_entry` a function that builds its `Entry` from the book
as it is under the lock (so ids are picked from what is really there), and
prints the result with `report`: what was written and what now follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aftersale.cli.app import SINGULAR, finish_written, parse_day_option, say
from aftersale.cli.options import BookChoice
from aftersale.errors import AftersaleError, ExitCode, Problem

if TYPE_CHECKING:
    from datetime import date

    from aftersale.book.edit import Value
    from aftersale.book.schema import FileKind
    from aftersale.models import Book, Customer, Deal

QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only the new id (for scripts).")
]
IdOption = Annotated[
    str | None,
    typer.Option(
        "--id",
        help="The id to give it (refused if taken; default: a new one: the next number of its "
        "file, or for a customer a short form of the name).",
    ),
]
DealOption = Annotated[str | None, typer.Option("--deal", help="The deal it is about.")]
DayOption = Annotated[
    str | None, typer.Option("--date", help="When (YYYY-MM-DD, yesterday, -2d; default: today).")
]


@dataclass
class Entry:
    """What a command writes: a new record, or changes to the record with `changes_id`."""

    kind: FileKind
    values: dict[str, Value]
    customer: str
    said: str
    related: tuple[str, ...] = ()
    changes_id: str | None = None
    new_id: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Written:
    """An entry once written, with the book as it reads now and that read's problems."""

    entry: Entry
    book: Book
    today: date
    problems: list[Problem]


def write_entry(
    source: BookChoice,
    needs: frozenset[str],
    make: Callable[[Book], Entry],
    *,
    quiet: bool = False,
) -> Written:
    """Under the book's lock: read what the entry needs, build it, write it; then read the
    whole book again to plan what follows (not when `quiet`: only the id is printed)."""
    from aftersale.book.edit import add_record, change_record
    from aftersale.book.locate import find_book
    from aftersale.book.open import load_book
    from aftersale.book.write import book_lock, spreadsheet_lock

    path = find_book(source.path)
    with book_lock(path):
        before, found = load_book(path, needs | {"customers"}, cache=source.cache)
        entry = make(before)
        if entry.changes_id is None:
            written, notes = add_record(path, entry.kind, entry.values, before.settings)
            entry.notes.extend(notes)
        else:
            written, notes = change_record(
                path, entry.kind, entry.changes_id, entry.values, before.settings
            )
            entry.notes.extend(notes)
    open_elsewhere = spreadsheet_lock(written)
    if open_elsewhere is not None:
        entry.notes.append(
            f"{written.name} seems to be open in a spreadsheet ({open_elsewhere.name}); "
            "saving it there may undo this change"
        )
    after, problems = (before, found) if quiet else load_book(path, cache=source.cache)
    for note in entry.notes:
        say(f"warning: {note}")
    entry.said = f"{entry.said} in {written.name}"
    from aftersale import clock

    return Written(entry, after, clock.today(after.settings), problems)


def report(written: Written, quiet: bool = False) -> None:
    """Print what was written and what follows for it; then the writing contract's end."""
    from aftersale.entering import describe_following, following

    entry = written.entry
    if quiet and entry.new_id is not None:
        from aftersale.text import safe

        print(safe(entry.new_id))
    else:
        print(entry.said)
        actions = following(written.book, written.today, entry.customer, entry.related)
        for line in describe_following(actions, written.today):
            print(line)
    finish_written(written.problems)


def the_day(when: str | None, book: Book, option: str = "--date") -> date:
    from aftersale import clock

    today = clock.today(book.settings)
    return parse_day_option(option, when, today) or today


def owned_deal(book: Book, deal: str | None, customer: Customer) -> str | None:
    """A deal named with --deal, which must be this customer's."""
    if deal is None:
        return None
    found: Deal = find_record(book.deal_by_id, deal, "deal")
    if found.customer != customer.id:
        raise AftersaleError(
            f"--deal: deal {found.id} belongs to customer {found.customer}, not {customer.id}",
            exit_code=ExitCode.DATA_ERR,
        )
    return found.id


def find_record(records: dict[str, Any], query: str, what: str) -> Any:
    """A record by id (exactly, or ignoring case when that is unambiguous); exit 65 naming
    the closest ids when none has it."""
    import difflib

    from aftersale.text import quoted

    if query in records:
        return records[query]
    same = [key for key in records if key.casefold() == query.casefold()]
    if len(same) == 1:
        return records[same[0]]
    close = difflib.get_close_matches(query, list(records), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise AftersaleError(f"no {what} has the id {quoted(query)}{hint}", exit_code=ExitCode.DATA_ERR)


def new_id(
    book: Book, kind: FileKind, chosen: str | None, what: str, make: Callable[[set[str]], str]
) -> str:
    """The id for a new record: the one chosen with --id when free, else a fresh one."""
    from aftersale.book.edit import existing_ids
    from aftersale.book.ids import chosen_id

    taken = existing_ids(book.path, kind, book.settings)
    return chosen_id(chosen.strip(), taken, what) if chosen else make(taken)


def with_new_id(
    kind: FileKind,
    given: dict[str, Any],
    book: Book,
    names: dict[str, str],
    chosen: str | None,
    fresh: Callable[[set[str]], str] | None = None,
) -> tuple[str, dict[str, Value]]:
    """A new record's id (--id when free, else `fresh`, else the next number of its file)
    and its values checked with that id. Check `given` first (with the id "new"), so that
    a bad value is told before a taken --id."""
    from aftersale.book.ids import FIRST_IDS, next_id

    what = SINGULAR[kind.name]
    record_id = new_id(
        book, kind, chosen, what, fresh or (lambda taken: next_id(taken, FIRST_IDS[kind.name]))
    )
    return record_id, build(kind, {"id": record_id, **given}, book, {**names, "id": "--id"})


def build(
    kind: FileKind, raw: dict[str, Any], book: Book, names: dict[str, str]
) -> dict[str, Value]:
    """Check the raw values with the loader's model; what to write for each."""
    from aftersale.entering import stored, validated

    record = validated(kind, raw, book.settings, names)
    return stored(record, raw)
