"""Rows of a source, read through a layout, become customers and deals for the book.

Column-wide decisions come first (date order, decimal mark); then each row is
turned into book fields and validated with the book's own models, so what is
written is what `aftersale check` accepts. A row that cannot be is skipped
with its line and the reason; the other rows go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from aftersale.dates import DateOrder
from aftersale.importing.cells import every, first_of, join_name, optional_date
from aftersale.importing.layout import DATE_FIELDS, MONEY_FIELDS, Layout
from aftersale.importing.parse import (
    ColumnError,
    decide_mark,
    decide_order,
    is_empty,
    parse_birthday,
    parse_money,
)
from aftersale.importing.sources import Skip, Table
from aftersale.lookup import folded
from aftersale.text import quoted
from aftersale.values import normalize_token

PROSPECT_STAGES = frozenset(
    {
        "subscriber",
        "lead",
        "marketing_qualified_lead",
        "marketingqualifiedlead",
        "sales_qualified_lead",
        "salesqualifiedlead",
        "opportunity",
        "prospect",
    }
)
PROSPECT_TAG = "prospect"


@dataclass
class Person:
    """A customer to be: a person, or a company (which may gather people as contacts)."""

    line: int
    fields: dict[str, str]
    is_company: bool
    source_id: str | None = None
    company_id: str | None = None
    last_contact: date | None = None
    contacts: list[dict[str, str]] = field(default_factory=list)


@dataclass
class DealRow:
    line: int
    fields: dict[str, str]
    source_id: str | None
    company: str | None
    company_id: str | None
    person: str | None
    last_contact: date | None


@dataclass
class Converted:
    file: str
    layout: Layout
    rows: int
    people: list[Person]
    deals: list[DealRow]
    skipped: list[Skip]
    columns: list[tuple[str, str | None]]
    encoding: str
    # Optional values that could not be read: the row comes in without them.
    left_out: list[Skip] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    order: DateOrder | None = None


class FileError(ValueError):
    """A whole file cannot be imported as it is (an undecidable date column, ...)."""


def _decisions(
    table: Table, layout: Layout, options: Options
) -> tuple[dict[str, DateOrder | None], dict[str, str]]:
    orders: dict[str, DateOrder | None] = {}
    marks: dict[str, str] = {}
    problems: list[str] = []
    for header in table.headers:
        name = layout.field_for(header)
        if name is None:
            continue
        cells = [value for row in table.rows for h, value in row.cells if h == header]
        cells = [value for value in cells if not is_empty(value)]
        try:
            if name in DATE_FIELDS or name == "birthday":
                orders[header] = decide_order(header, cells, options.order)
            elif name in MONEY_FIELDS:
                marks[header] = decide_mark(header, cells)
        except ColumnError as error:
            problems.append(str(error))
    if problems:
        raise FileError("; ".join(problems))
    return orders, marks


def convert(table: Table, layout: Layout, file: str, options: Options) -> Converted:
    orders, marks = _decisions(table, layout, options)
    columns = [(header, layout.field_for(header)) for header in table.headers]
    people: list[Person] = []
    deals: list[DealRow] = []
    skipped = list(table.skipped)
    left_out: list[Skip] = []
    for row in table.rows:
        values: dict[str, list[tuple[str, str]]] = {}
        for header, cell in row.cells:
            name = layout.field_for(header)
            text = cell.strip()
            if name is None or not text or is_empty(text):
                continue
            values.setdefault(name, []).append((header, text))
        if not values:
            skipped.append(Skip(row.line, "none of the columns aftersale reads has a value"))
            continue
        status = normalize_token(first_of(values, "status"))
        if normalize_token(first_of(values, "deleted")) in ("true", "1", "yes") or (
            status == "deleted"
        ):
            skipped.append(Skip(row.line, "marked deleted in its source"))
            continue
        try:
            if layout.kind == "deals":
                deals.append(_deal(row.line, values, layout, orders, marks, left_out))
            else:
                person = _person(row.line, values, layout, orders, row.extra, left_out)
                if person is not None:
                    people.append(person)
                else:
                    skipped.append(Skip(row.line, "no name and no company: nothing to call it"))
        except ValueError as error:
            skipped.append(Skip(row.line, str(error)))
    return Converted(
        file,
        layout,
        len(table.rows) + len(table.skipped),
        people,
        deals,
        skipped,
        columns,
        table.encoding,
        left_out,
    )


def _person(
    line: int,
    values: dict[str, list[tuple[str, str]]],
    layout: Layout,
    orders: dict[str, DateOrder | None],
    extra: dict[str, str],
    left_out: list[Skip],
) -> Person | None:
    """The row as a customer to be. A value the book could not hold (a malformed email,
    a birthday that is no date) is left out and told in `left_out`; the person stays."""
    from aftersale.values import _check_email

    first, middle, last = (first_of(values, k) for k in ("first_name", "middle_name", "last_name"))
    company = first_of(values, "company")
    name = join_name(first, middle, last) or first_of(values, "name")
    is_company = layout.kind == "companies"
    if is_company:
        name = name or company
        company = ""
    if not name and not company:
        # A phone's contact may be only a number or an address: call it by that.
        name = next(iter(every(values, "email") or every(values, "phone")), "")
        if not name:
            return None
    elif not name or (company and folded(company) == folded(name)):
        name, company, is_company = name or company, "", True
    fields: dict[str, str] = {"name": name}
    if company:
        fields["company"] = company
    emails = []
    for email in every(values, "email"):
        try:
            _check_email(email)
        except ValueError as error:
            left_out.append(Skip(line, f"email: {error}"))
        else:
            emails.append(email)
    phones = every(values, "phone")
    if emails:
        fields["email"] = emails[0]
    if phones:
        fields["phone"] = phones[0]
    found = values.get("birthday")
    if found:
        header, text = found[0]
        try:
            fields["birthday"] = str(
                parse_birthday(text, orders.get(header), extra.get("omit_year"))
            )
        except ValueError as error:
            left_out.append(Skip(line, f"{header}: {error}"))
    since = optional_date(values, "since", orders, line, left_out)
    if since:
        fields["since"] = since.isoformat()
    for key in ("industry", "country"):
        if first_of(values, key):
            fields[key] = first_of(values, key)
    notes = _notes(values, emails[1:], phones[1:])
    if notes:
        fields["notes"] = notes
    lifecycle = normalize_token(first_of(values, "lifecycle"))
    if layout.prospects or lifecycle in PROSPECT_STAGES:
        fields["tags"] = PROSPECT_TAG
    source = first_of(values, "source_id")
    source_id = f"{layout.source}:{source}" if source else None
    if source_id:
        fields["source_id"] = source_id
    company_id = first_of(values, "company_id")
    return Person(
        line,
        fields,
        is_company,
        source_id=source_id,
        company_id=f"{layout.source}:{company_id}" if company_id else None,
        last_contact=optional_date(values, "last_contact", orders, line, left_out),
    )


def _notes(values: dict[str, list[tuple[str, str]]], emails: list[str], phones: list[str]) -> str:
    parts = []
    if first_of(values, "notes"):
        parts.append(first_of(values, "notes"))
    for label, key in (("Job title", "job_title"), ("Website", "website")):
        if first_of(values, key):
            parts.append(f"{label}: {first_of(values, key)}")
    address = first_of(values, "address") or first_of(values, "city")
    if address:
        parts.append(f"Address: {address}")
    if emails:
        parts.append(f"Other emails: {', '.join(emails)}")
    if phones:
        parts.append(f"Other phones: {', '.join(phones)}")
    return "\n".join(parts)


_WON = re.compile(r"(^|_)(closed_?)?won($|_)")
_LOST = re.compile(r"(^|_)(closed_?)?lost($|_)")


def deal_stage(stage: str, status: str) -> str:
    """open, won or lost, from a status (Pipedrive) or a stage name (`Closed Won`)."""
    for text in (status, stage):
        key = normalize_token(text)
        if not key:
            continue
        if _WON.search(key):
            return "won"
        if _LOST.search(key):
            return "lost"
        if text is status and key == "open":
            return "open"
    return "open"


def _deal(
    line: int,
    values: dict[str, list[tuple[str, str]]],
    layout: Layout,
    orders: dict[str, DateOrder | None],
    marks: dict[str, str],
    left_out: list[Skip],
) -> DealRow:
    """The row as a deal to be; an amount or date that cannot be read is left out and
    told in `left_out`, and the deal comes in without it."""
    title = first_of(values, "title")
    stage = deal_stage(first_of(values, "stage"), first_of(values, "status"))
    fields: dict[str, str] = {"stage": stage}
    if title:
        fields["title"] = title
    found = values.get("amount")
    currency = first_of(values, "currency").upper() or None
    if found:
        header, text = found[0]
        try:
            money = parse_money(text, marks.get(header, "."))
            if money.currency and currency and money.currency != currency:
                raise ValueError(
                    f"{quoted(text)} is in {money.currency}, but the currency column "
                    f"says {currency}"
                )
        except ValueError as error:
            left_out.append(Skip(line, f"{header}: {error}"))
        else:
            fields["amount"] = f"{money.amount:.2f}".removesuffix(".00")
            currency = currency or money.currency
    if currency:
        fields["currency"] = currency
    closed: date | None = None
    if stage in ("won", "lost"):
        closed = optional_date(values, f"{stage}_time", orders, line, left_out) or optional_date(
            values, "closed_on", orders, line, left_out
        )
    if closed:
        fields["closed_on"] = closed.isoformat()
    source = first_of(values, "source_id")
    source_id = f"{layout.source}:{source}" if source else None
    if source_id:
        fields["source_id"] = source_id
    company_id = first_of(values, "company_id")
    return DealRow(
        line,
        fields,
        source_id,
        first_of(values, "company") or None,
        f"{layout.source}:{company_id}" if company_id else None,
        first_of(values, "person") or None,
        optional_date(values, "last_contact", orders, line, left_out),
    )
