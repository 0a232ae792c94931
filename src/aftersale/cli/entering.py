"""`aftersale add customer|deal|promise|case|score`: new records without an editor.

Each command reads the book under its lock, builds the record, checks it with
the loader's model, picks a free id, writes it in the file's own format, and
then prints what it wrote and what now follows on the agenda.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aftersale.cli.app import (
    BookOption,
    CustomerArgument,
    DebugOption,
    NoCacheOption,
    add_command,
    finish_written,
    parse_day_option,
    say,
)
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
    typer.Option("--id", help="The id to give it (refused if taken; default: the next free one)."),
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
    book: Path | None, needs: frozenset[str], make: Callable[[Book], Entry], *, cache: bool
) -> Written:
    """Under the book's lock: read it, build the entry, write it; then read it again."""
    from aftersale.book.edit import add_record, change_record
    from aftersale.book.load import load_book
    from aftersale.book.locate import find_book
    from aftersale.book.write import book_lock, spreadsheet_lock

    path = find_book(book)
    with book_lock(path):
        before, _ = load_book(path, needs | {"customers"}, cache=cache)
        entry = make(before)
        if entry.changes_id is None:
            written, notes = add_record(path, entry.kind, entry.values, before.settings)
            entry.notes.extend(notes)
        else:
            written = change_record(
                path, entry.kind, entry.changes_id, entry.values, before.settings
            )
    open_elsewhere = spreadsheet_lock(written)
    if open_elsewhere is not None:
        entry.notes.append(
            f"{written.name} seems to be open in a spreadsheet ({open_elsewhere.name}); "
            "saving it there may undo this change"
        )
    after, problems = load_book(path, cache=cache)
    for note in entry.notes:
        say(f"warning: {note}")
    entry.said = f"{entry.said} in {written.name}"
    return Written(entry, after, after.today(), problems)


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
    return parse_day_option(option, when, book.today()) or book.today()


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


def build(
    kind: FileKind, raw: dict[str, Any], book: Book, names: dict[str, str]
) -> dict[str, Value]:
    """Check the raw values with the loader's model; what to write for each."""
    from aftersale.entering import stored, validated

    record = validated(kind, raw, book.settings, names)
    return stored(record, raw)


@add_command("customer")
def add_customer(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Their name.")],
    company: Annotated[str | None, typer.Option("--company", help="Their company.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Their email address.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Their phone number.")] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", help="How they like to be reached: visit, phone, email, ..."),
    ] = None,
    cadence: Annotated[
        str | None, typer.Option("--cadence", help="How often to keep in touch: 2w, 1m, ...")
    ] = None,
    birthday: Annotated[
        str | None, typer.Option("--birthday", help="YYYY-MM-DD, or MM-DD without the year.")
    ] = None,
    referred_by: Annotated[
        str | None, typer.Option("--referred-by", help="The customer who sent them to you.")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="The language to write to them in: de, fr...")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Your customer since (default: today); their rhythm starts here."
        ),
    ] = None,
    record_id: IdOption = None,
    quiet: QuietOption = False,
    book: BookOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Add a customer to customers.toml or customers.csv; prints the new id."""
    from aftersale.book.edit import has_field
    from aftersale.book.ids import customer_id
    from aftersale.book.schema import CUSTOMERS
    from aftersale.lookup import find_customer
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        referrer = find_customer(loaded, referred_by).id if referred_by else None
        given = {
            "name": name,
            "company": company,
            "email": email,
            "phone": phone,
            "channel": channel,
            "cadence": cadence,
            "birthday": birthday,
            "referred_by": referrer,
            "language": language,
            "since": parse_day_option("--since", since, loaded.today()),
        }
        if since is None and has_field(loaded.path, CUSTOMERS, "since", loaded.settings):
            given["since"] = loaded.today()  # their rhythm starts now, not in arrears
        build(CUSTOMERS, {"id": "new", **given}, loaded, {"name": "NAME"})
        chosen = new_id(loaded, CUSTOMERS, record_id, "customer", lambda t: customer_id(name, t))
        values = build(CUSTOMERS, {"id": chosen, **given}, loaded, {"name": "NAME", "id": "--id"})
        return Entry(
            CUSTOMERS,
            values,
            chosen,
            f"Added customer {safe(chosen)} ({safe(name.strip())})",
            new_id=chosen,
        )

    report(write_entry(book, frozenset(), make, cache=not no_cache), quiet)


@add_command("deal")
def add_deal(
    customer: CustomerArgument,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What they are buying.")],
    amount: Annotated[str | None, typer.Option("--amount", help="Its value: 12500.")] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="A three-letter code: EUR, USD...")
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="open (the default), won or lost.")
    ] = None,
    delivery_due: Annotated[
        str | None, typer.Option("--delivery-due", help="When it is to be delivered.")
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--date", help="With --stage won or lost: the day it closed (default today)."),
    ] = None,
    record_id: IdOption = None,
    quiet: QuietOption = False,
    book: BookOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Add a deal for a customer to deals.toml or deals.csv; prints the new id."""
    from aftersale.book.ids import FIRST_IDS, next_id
    from aftersale.book.schema import DEALS
    from aftersale.lookup import find_customer
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        owner = find_customer(loaded, customer)
        due = parse_day_option("--delivery-due", delivery_due, loaded.today())
        given: dict[str, Any] = {
            "customer": owner.id,
            "title": title,
            "amount": amount,
            "currency": currency,
            "stage": stage,
            "delivery_due": due,
        }
        names = {"title": "TITLE", "id": "--id"}
        checked = build(DEALS, {"id": "new", **given}, loaded, names)
        if str(checked.get("stage", "open")) in ("won", "lost") or (
            stage and stage.strip().lower() in ("won", "lost", "closed_won", "closed_lost")
        ):
            given["closed_on"] = the_day(when, loaded)
        elif when is not None:
            raise AftersaleError(
                "--date: a deal that is still open has no close date; give --stage won or lost",
                exit_code=ExitCode.USAGE,
            )
        chosen = new_id(loaded, DEALS, record_id, "deal", lambda t: next_id(t, FIRST_IDS["deals"]))
        values = build(DEALS, {"id": chosen, **given}, loaded, names)
        return Entry(
            DEALS,
            values,
            owner.id,
            f"Added deal {safe(chosen)} for {safe(owner.name)} ({safe(owner.id)})",
            related=(chosen,),
            new_id=chosen,
        )

    report(write_entry(book, frozenset({"deals"}), make, cache=not no_cache), quiet)


@add_command("promise")
def add_promise(
    customer: CustomerArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you promised.")],
    due: Annotated[str, typer.Option("--due", help="By when (YYYY-MM-DD, tomorrow, +3d).")],
    deal: DealOption = None,
    record_id: IdOption = None,
    quiet: QuietOption = False,
    book: BookOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Add a promise you made to a customer, with its due date, to promises.csv."""
    from aftersale.book.ids import FIRST_IDS, next_id
    from aftersale.book.schema import PROMISES
    from aftersale.lookup import find_customer
    from aftersale.suggestions import short
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        owner = find_customer(loaded, customer)
        day = parse_day_option("--due", due, loaded.today())
        given = {
            "customer": owner.id,
            "what": text,
            "due": day,
            "deal": owned_deal(loaded, deal, owner),
        }
        names = {"what": "TEXT", "id": "--id"}
        build(PROMISES, {"id": "new", **given}, loaded, names)
        chosen = new_id(
            loaded, PROMISES, record_id, "promise", lambda t: next_id(t, FIRST_IDS["promises"])
        )
        values = build(PROMISES, {"id": chosen, **given}, loaded, names)
        when = short(day, loaded.today()) if day else ""
        return Entry(
            PROMISES,
            values,
            owner.id,
            f"Added promise {safe(chosen)} to {safe(owner.name)} ({safe(owner.id)}), due {when},",
            related=(chosen,),
            new_id=chosen,
        )

    report(write_entry(book, frozenset({"deals", "promises"}), make, cache=not no_cache), quiet)


@add_command("case")
def add_case(
    customer: CustomerArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What went wrong, in a line.")],
    severity: Annotated[str, typer.Option("--severity", help="low, medium, high or critical.")],
    category: Annotated[
        str | None, typer.Option("--category", help="product, price, service, delivery...")
    ] = None,
    deal: DealOption = None,
    when: DayOption = None,
    record_id: IdOption = None,
    quiet: QuietOption = False,
    book: BookOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Open a case (a complaint or service failure) for a customer in cases.csv."""
    from aftersale.book.ids import FIRST_IDS, next_id
    from aftersale.book.schema import CASES
    from aftersale.lookup import find_customer
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        owner = find_customer(loaded, customer)
        given = {
            "customer": owner.id,
            "summary": text,
            "severity": severity,
            "category": category,
            "opened": the_day(when, loaded),
            "deal": owned_deal(loaded, deal, owner),
        }
        names = {"summary": "TEXT", "id": "--id"}
        build(CASES, {"id": "new", **given}, loaded, names)
        chosen = new_id(loaded, CASES, record_id, "case", lambda t: next_id(t, FIRST_IDS["cases"]))
        values = build(CASES, {"id": chosen, **given}, loaded, names)
        return Entry(
            CASES,
            values,
            owner.id,
            f"Opened case {safe(chosen)} ({values['severity']}) for {safe(owner.name)} "
            f"({safe(owner.id)})",
            related=(chosen,),
            new_id=chosen,
        )

    report(write_entry(book, frozenset({"deals", "cases"}), make, cache=not no_cache), quiet)


@add_command("score")
def add_score(
    customer: CustomerArgument,
    score: Annotated[
        str, typer.Argument(metavar="0-10", help="How likely they are to recommend you, 0 to 10.")
    ],
    category: Annotated[
        str | None, typer.Option("--category", help="What it was about: product, service...")
    ] = None,
    comment: Annotated[str | None, typer.Option("--comment", help="What they said.")] = None,
    deal: DealOption = None,
    when: DayOption = None,
    book: BookOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Add a customer's 0-10 recommendation score to feedback.csv."""
    from aftersale.book.schema import FEEDBACK
    from aftersale.lookup import find_customer
    from aftersale.segments import group_of
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        owner = find_customer(loaded, customer)
        given = {
            "customer": owner.id,
            "score": score.strip(),
            "category": category,
            "comment": comment,
            "date": the_day(when, loaded),
            "deal": owned_deal(loaded, deal, owner),
        }
        values = build(FEEDBACK, given, loaded, {"score": "0-10"})
        number = int(str(values["score"]))
        group = group_of(number, loaded.playbook.segments).value
        return Entry(
            FEEDBACK,
            values,
            owner.id,
            f"Added score {number} ({group}) from {safe(owner.name)} ({safe(owner.id)})",
        )

    report(write_entry(book, frozenset({"deals", "feedback"}), make, cache=not no_cache))


def deal_summary(deal: Deal) -> str:
    from aftersale.text import safe

    return f"{safe(deal.id)}" + (f" ({safe(deal.title)})" if deal.title else "")
