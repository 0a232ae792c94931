"""`aftersale add customer|deal|promise|case|score`: new records without an editor.

Each command reads the book under its lock, builds the record, checks it with
the loader's model, picks a free id, writes it in the file's own format, and
then prints what it wrote and what now follows on the agenda
(`cli.writing`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from aftersale.cli.app import (
    CustomerArgument,
    add_command,
    parse_day_option,
)
from aftersale.cli.options import BookChoice, Shared
from aftersale.cli.writing import (
    DayOption,
    DealOption,
    Entry,
    IdOption,
    QuietOption,
    build,
    owned_deal,
    report,
    the_day,
    with_new_id,
    write_entry,
)
from aftersale.errors import AftersaleError, ExitCode

if TYPE_CHECKING:
    from aftersale.models import Book


@add_command("customer", Shared.BOOK)
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
    dates: Annotated[
        str | None,
        typer.Option(
            "--dates", help='Their own yearly dates: "wedding 06-12; founded 1998-03-01".'
        ),
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
    *,
    source: BookChoice,
) -> None:
    """Add a customer to customers.toml or customers.csv; prints the new id."""
    from aftersale import clock
    from aftersale.book.edit import has_field
    from aftersale.book.ids import customer_id
    from aftersale.book.schema import CUSTOMERS
    from aftersale.lookup import find_customer
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        today = clock.today(loaded.settings)
        referrer = find_customer(loaded, referred_by).id if referred_by else None
        given = {
            "name": name,
            "company": company,
            "email": email,
            "phone": phone,
            "channel": channel,
            "cadence": cadence,
            "birthday": birthday,
            "dates": dates,
            "referred_by": referrer,
            "language": language,
            "since": parse_day_option("--since", since, today),
        }
        if since is None and has_field(loaded.path, CUSTOMERS, "since", loaded.settings):
            given["since"] = today  # their rhythm starts now, not in arrears
        build(CUSTOMERS, {"id": "new", **given}, loaded, {"name": "NAME"})
        chosen, values = with_new_id(
            CUSTOMERS, given, loaded, {"name": "NAME"}, record_id, lambda t: customer_id(name, t)
        )
        return Entry(
            CUSTOMERS,
            values,
            chosen,
            f"Added customer {safe(chosen)} ({safe(name.strip())})",
            new_id=chosen,
        )

    report(write_entry(source, frozenset(), make, quiet=quiet), quiet)


@add_command("deal", Shared.BOOK)
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
    *,
    source: BookChoice,
) -> None:
    """Add a deal for a customer to deals.toml or deals.csv; prints the new id."""
    from aftersale import clock
    from aftersale.book.schema import DEALS
    from aftersale.lookup import find_customer
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        owner = find_customer(loaded, customer)
        due = parse_day_option("--delivery-due", delivery_due, clock.today(loaded.settings))
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
        chosen, values = with_new_id(DEALS, given, loaded, names, record_id)
        return Entry(
            DEALS,
            values,
            owner.id,
            f"Added deal {safe(chosen)} for {safe(owner.name)} ({safe(owner.id)})",
            related=(chosen,),
            new_id=chosen,
        )

    report(write_entry(source, frozenset({"deals"}), make, quiet=quiet), quiet)


@add_command("promise", Shared.BOOK)
def add_promise(
    customer: CustomerArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you promised.")],
    due: Annotated[str, typer.Option("--due", help="By when (YYYY-MM-DD, tomorrow, +3d).")],
    deal: DealOption = None,
    record_id: IdOption = None,
    quiet: QuietOption = False,
    *,
    source: BookChoice,
) -> None:
    """Add a promise you made to a customer, with its due date, to promises.csv."""
    from aftersale import clock
    from aftersale.book.schema import PROMISES
    from aftersale.dates import short
    from aftersale.lookup import find_customer
    from aftersale.text import safe

    def make(loaded: Book) -> Entry:
        owner = find_customer(loaded, customer)
        today = clock.today(loaded.settings)
        day = parse_day_option("--due", due, today)
        given = {
            "customer": owner.id,
            "what": text,
            "due": day,
            "deal": owned_deal(loaded, deal, owner),
        }
        names = {"what": "TEXT", "id": "--id"}
        build(PROMISES, {"id": "new", **given}, loaded, names)
        chosen, values = with_new_id(PROMISES, given, loaded, names, record_id)
        when = short(day, today) if day else ""
        return Entry(
            PROMISES,
            values,
            owner.id,
            f"Added promise {safe(chosen)} to {safe(owner.name)} ({safe(owner.id)}), due {when},",
            related=(chosen,),
            new_id=chosen,
        )

    report(
        write_entry(source, frozenset({"deals", "promises"}), make, quiet=quiet),
        quiet,
    )


@add_command("case", Shared.BOOK)
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
    *,
    source: BookChoice,
) -> None:
    """Open a case (a complaint or service failure) for a customer in cases.csv."""
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
        chosen, values = with_new_id(CASES, given, loaded, names, record_id)
        return Entry(
            CASES,
            values,
            owner.id,
            f"Opened case {safe(chosen)} ({values['severity']}) for {safe(owner.name)} "
            f"({safe(owner.id)})",
            related=(chosen,),
            new_id=chosen,
        )

    report(
        write_entry(source, frozenset({"deals", "cases"}), make, quiet=quiet),
        quiet,
    )


@add_command("score", Shared.BOOK)
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
    *,
    source: BookChoice,
) -> None:
    """Add a customer's 0-10 recommendation score to feedback.csv."""
    from aftersale.book.schema import FEEDBACK
    from aftersale.lookup import find_customer
    from aftersale.standing import group_of
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

    report(write_entry(source, frozenset({"deals", "feedback"}), make))
