"""Match what a source holds against the book, and decide what is new.

A row matches an existing customer by source id, then email, then phone,
then name and company; a person whose company is a customer is matched among
that customer's contacts. What matches is counted and its differences
reported, never written over what the seller typed. What is new gets a
readable, stable id and is validated with the book's own models.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aftersale.book.messages import describe
from aftersale.importing.convert import Converted, DealRow, Person
from aftersale.importing.sources import Skip
from aftersale.lookup import folded
from aftersale.models import Book, Customer, Deal, TouchKind
from aftersale.text import quoted

ID_PREFIX = {
    "hubspot": "HS",
    "salesforce": "SF",
    "pipedrive": "PD",
    "zoho": "ZO",
}


@dataclass
class Report:
    """What happened to one source file; the JSON summary's `files` entries."""

    file: str
    layout: str
    rows: int
    customers_added: int = 0
    customers_matched: int = 0
    contacts_added: int = 0
    deals_added: int = 0
    deals_matched: int = 0
    touchpoints_added: int = 0
    skipped: list[Skip] = field(default_factory=list)
    differences: list[Skip] = field(default_factory=list)
    # Optional values that did not validate: left out, the record imported without them.
    left_out: list[Skip] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "layout": self.layout,
            "rows": self.rows,
            "customers_added": self.customers_added,
            "customers_matched": self.customers_matched,
            "contacts_added": self.contacts_added,
            "deals_added": self.deals_added,
            "deals_matched": self.deals_matched,
            "touchpoints_added": self.touchpoints_added,
            "skipped": [{"line": s.line, "reason": s.reason} for s in self.skipped],
            "differences": [{"line": s.line, "difference": s.reason} for s in self.differences],
            "left_out": [{"line": s.line, "reason": s.reason} for s in self.left_out],
        }


@dataclass
class Additions:
    """Everything one import adds to the book, in the order it is written."""

    customers: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)  # for customers already there
    deals: list[dict[str, str]] = field(default_factory=list)
    touchpoints: list[dict[str, str]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.customers or self.contacts or self.deals or self.touchpoints)


def _digits(phone: str) -> str:
    """The last nine digits: the key under which numbers that may be the same are found."""
    digits = re.sub(r"\D", "", phone)
    return digits[-9:] if len(digits) >= 7 else ""


def same_phone(one: str, other: str) -> bool:
    """The same number, written nationally or internationally (089 5555 0100 and
    +49 89 5555 0100), but not two numbers of other countries that end alike."""
    a = re.sub(r"\D", "", one).lstrip("0")
    b = re.sub(r"\D", "", other).lstrip("0")
    if len(a) < 7 or len(b) < 7:
        return False
    shorter, longer = sorted((a, b), key=len)
    return longer.endswith(shorter) and (len(longer) - len(shorter) <= 3)


def slug(text: str, *, keep_case: bool = False) -> str:
    """A readable id from a name (`Ольга Петрова` -> `ольга-петрова`) or a source's id."""
    text = unicodedata.normalize("NFC", text).strip()
    cleaned = re.sub(r"[^\w.]+", "-", text if keep_case else folded(text)).strip("-_.")
    return cleaned[:40].rstrip("-") or "customer"


class Matcher:
    def __init__(self, book: Book, touched: set[tuple[str, date]]) -> None:
        self.ids: set[str] = set()
        self.by_source: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self.contact_emails: set[str] = set()
        self.by_phone: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        self.companies: dict[str, str] = {}
        self.by_company: dict[str, list[str]] = {}
        self.by_person: dict[str, list[str]] = {}
        self.contacts: dict[str, list[dict[str, str]]] = {}
        self.fields: dict[str, dict[str, str]] = {}
        self.deal_ids: set[str] = set()
        self.deal_by_source: dict[str, str] = {}
        self.deal_by_title: dict[tuple[str, str], str] = {}
        self.touched = set(touched)
        self.additions = Additions()
        self.new: dict[str, dict[str, Any]] = {}
        for customer in book.customers:
            self.remember(customer.id, _customer_fields(customer), is_company=None)
            for contact in customer.contacts:
                self.remember_contact(
                    customer.id,
                    {
                        k: v
                        for k, v in (
                            ("name", contact.name),
                            ("email", contact.email or ""),
                            ("phone", contact.phone or ""),
                        )
                        if v
                    },
                )
        for deal in book.deals:
            self.deal_ids.add(deal.id)
            if deal.source_id:
                self.deal_by_source[deal.source_id] = deal.id
            if deal.title:
                self.deal_by_title[(deal.customer, folded(deal.title))] = deal.id

    # -- indexes --------------------------------------------------------------------------

    def remember(self, cid: str, fields: dict[str, str], is_company: bool | None) -> None:
        self.ids.add(cid)
        self.fields[cid] = fields
        if fields.get("source_id"):
            self.by_source.setdefault(fields["source_id"], cid)
        if fields.get("email"):
            self.by_email.setdefault(folded(fields["email"]), cid)
        if fields.get("phone") and _digits(fields["phone"]):
            self.by_phone.setdefault(_digits(fields["phone"]), cid)
        name, company = folded(fields["name"]), folded(fields.get("company", ""))
        self.by_name.setdefault((name, company), cid)
        self.by_person.setdefault(name, []).append(cid)
        if company:
            self.by_company.setdefault(company, []).append(cid)
        if is_company or (is_company is None and company in ("", name)):
            self.companies.setdefault(name, cid)

    def remember_contact(self, cid: str, contact: dict[str, str]) -> None:
        self.contacts.setdefault(cid, []).append(contact)
        if contact.get("email"):
            key = folded(contact["email"])
            if key not in self.by_email:
                self.by_email[key] = cid
                self.contact_emails.add(key)

    def find_strong(self, person: Person) -> str | None:
        """A match by source id or email: these name one person or company for sure."""
        fields = person.fields
        if person.source_id and person.source_id in self.by_source:
            return self.by_source[person.source_id]
        if fields.get("email") and folded(fields["email"]) in self.by_email:
            return self.by_email[folded(fields["email"])]
        return None

    def find(self, person: Person) -> tuple[str | None, str]:
        """A match by phone, or name and company (after `find_strong` and contacts)."""
        fields = person.fields
        phone = fields.get("phone")
        if phone and _digits(phone) in self.by_phone:
            cid = self.by_phone[_digits(phone)]
            known = self.fields.get(cid, {})
            other_person = folded(known.get("name", "")) != folded(fields["name"]) and bool(
                known.get("email") and fields.get("email")
            )
            if same_phone(phone, known.get("phone", "")) and not other_person:
                return cid, "phone"
        key = (folded(fields["name"]), folded(fields.get("company", "")))
        if key in self.by_name:
            return self.by_name[key], "name and company"
        if person.is_company and key[0] in self.companies:
            return self.companies[key[0]], "name"
        return None, ""

    def company_of(self, person: Person) -> str | None:
        if person.company_id and person.company_id in self.by_source:
            return self.by_source[person.company_id]
        company = person.fields.get("company")
        if company:
            return self.companies.get(folded(company))
        return None

    def new_id(self, prefix: str | None, source: str | None, name: str) -> str:
        base = f"{prefix}-{slug(source, keep_case=True)}" if prefix and source else slug(name)
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.ids.add(candidate)
        return candidate


def _customer_fields(customer: Customer) -> dict[str, str]:
    return {
        key: str(value)
        for key, value in (
            ("name", customer.name),
            ("company", customer.company),
            ("email", customer.email),
            ("phone", customer.phone),
            ("source_id", customer.source_id),
        )
        if value
    }


def _differences(matcher: Matcher, cid: str, person: Person, report: Report) -> None:
    existing = matcher.fields.get(cid, {})
    for key in ("name", "email", "phone", "company"):
        theirs, ours = person.fields.get(key), existing.get(key)
        same = (
            same_phone(theirs, ours)
            if key == "phone" and theirs and ours
            else folded(theirs or "") == folded(ours or "")
        )
        if theirs and ours and not same:
            report.differences.append(
                Skip(
                    person.line,
                    f"{cid}: {key} is {quoted(ours)} in the book and {quoted(theirs)} here; "
                    "the book's is kept",
                )
            )


def _raw_id(source_id: str | None) -> str | None:
    return source_id.split(":", 1)[1] if source_id else None


def _touch(matcher: Matcher, cid: str, day: date | None, source: str, report: Report) -> None:
    if day is None or (cid, day) in matcher.touched:
        return
    matcher.touched.add((cid, day))
    matcher.additions.touchpoints.append(
        {
            "date": day.isoformat(),
            "customer": cid,
            "kind": TouchKind.IMPORTED.value,
            "note": f"last contact known to {source}",
        }
    )
    report.touchpoints_added += 1


def merge_people(matcher: Matcher, converted: Converted, report: Report) -> None:
    prefix = ID_PREFIX.get(converted.layout.source)
    for person in converted.people:
        cid = matcher.find_strong(person)
        company_cid = None if person.is_company or cid else matcher.company_of(person)
        if cid is None and company_cid is None:
            cid, _ = matcher.find(person)
        if cid is not None:
            report.customers_matched += 1
            if folded(person.fields.get("email", "")) not in matcher.contact_emails:
                _differences(matcher, cid, person, report)
            _touch(matcher, cid, person.last_contact, converted.layout.title, report)
            continue
        if company_cid is not None:
            _as_contact(matcher, company_cid, person, report)
            _touch(matcher, company_cid, person.last_contact, converted.layout.title, report)
            continue
        raw = _raw_id(person.source_id)
        kind_prefix = f"{prefix}-CO" if prefix and person.is_company else prefix
        new_id = matcher.new_id(kind_prefix, raw, person.fields["name"])
        kept = _valid_values(Customer, {"id": new_id, **person.fields}, person.line, report)
        if kept is None:
            matcher.ids.discard(new_id)
            continue
        values: dict[str, Any] = kept
        values["contact"] = []
        matcher.additions.customers.append(values)
        matcher.new[new_id] = values
        matcher.remember(new_id, person.fields, person.is_company)
        report.customers_added += 1
        _touch(matcher, new_id, person.last_contact, converted.layout.title, report)


def _as_contact(matcher: Matcher, cid: str, person: Person, report: Report) -> None:
    fields = person.fields
    for known in matcher.contacts.get(cid, []):
        same_email = fields.get("email") and folded(known.get("email", "")) == folded(
            fields["email"]
        )
        phone_too = fields.get("phone") and same_phone(known.get("phone", ""), fields["phone"])
        if same_email or phone_too or folded(known["name"]) == folded(fields["name"]):
            report.customers_matched += 1
            return
    contact = {k: fields[k] for k in ("name", "email", "phone", "birthday") if fields.get(k)}
    matcher.remember_contact(cid, contact)
    if cid in matcher.new:
        matcher.new[cid]["contact"].append(contact)
    else:
        matcher.additions.contacts.append({**contact, "customer": cid})
    report.contacts_added += 1


def merge_deals(matcher: Matcher, converted: Converted, report: Report) -> None:
    prefix = ID_PREFIX.get(converted.layout.source)
    for row in converted.deals:
        cid = _deal_customer(matcher, row, converted, report)
        if cid is None:
            named = row.company or row.person or "no one"
            report.skipped.append(
                Skip(row.line, f"the deal names {quoted(named)}, who is not in the book")
            )
            continue
        title = folded(row.fields.get("title", ""))
        found = (row.source_id and matcher.deal_by_source.get(row.source_id)) or (
            title and matcher.deal_by_title.get((cid, title))
        )
        if found:
            report.deals_matched += 1
            _touch(matcher, cid, row.last_contact, converted.layout.title, report)
            continue
        raw = _raw_id(row.source_id)
        base = (
            f"{prefix}-D-{slug(raw, keep_case=True)}"
            if prefix and raw
            else f"D-{slug(row.fields.get('title', cid))}"
        )
        deal_id, number = base, 2
        while deal_id in matcher.deal_ids:
            deal_id, number = f"{base}-{number}", number + 1
        values = _valid_values(
            Deal, {"id": deal_id, "customer": cid, **row.fields}, row.line, report
        )
        if values is None:
            continue
        matcher.deal_ids.add(deal_id)
        if row.source_id:
            matcher.deal_by_source[row.source_id] = deal_id
        if title:
            matcher.deal_by_title[(cid, title)] = deal_id
        matcher.additions.deals.append(values)
        report.deals_added += 1
        _touch(matcher, cid, row.last_contact, converted.layout.title, report)


def _deal_customer(
    matcher: Matcher, row: DealRow, converted: Converted, report: Report
) -> str | None:
    if row.company_id and row.company_id in matcher.by_source:
        return matcher.by_source[row.company_id]
    if row.company:
        found = matcher.companies.get(folded(row.company))
        if found:
            return found
        by_company = matcher.by_company.get(folded(row.company), [])
        if len(by_company) == 1:
            return by_company[0]
    if row.person:
        named = matcher.by_person.get(folded(row.person), [])
        if len(named) == 1:
            return named[0]
    if row.company:
        # A deal with a company no file describes: the company becomes a customer.
        company = Person(row.line, {"name": row.company}, is_company=True)
        merge_people(
            matcher,
            Converted(converted.file, converted.layout, 0, [company], [], [], [], ""),
            report,
        )
        return matcher.companies.get(folded(row.company))
    return None


def _valid_values(
    model: type[Customer] | type[Deal], values: dict[str, Any], line: int, report: Report
) -> dict[str, Any] | None:
    """The values as the book's model accepts them. An optional value that fails (a
    malformed email, a birthday typo) is left out and told, as the loader does, and the
    record comes in without it; a required one that fails skips the row, with why."""
    from pydantic import ValidationError

    from aftersale.book.load import without_bad_optional_fields

    try:
        model.model_validate(values)
        return values
    except ValidationError as error:
        failed = error
    kept = without_bad_optional_fields(model, values, failed)
    if kept is not None:
        try:
            model.model_validate(kept)
        except ValidationError:
            kept = None
    if kept is None:
        report.skipped.append(Skip(line, _told(failed.errors()[0])))
        return None
    report.left_out.extend(Skip(line, _told(item)) for item in failed.errors())
    return kept


def _told(item: Any) -> str:
    """A pydantic error as `field: expected ..., got ...`."""
    return f"{'.'.join(str(part) for part in item['loc'])}: {describe(item)}"
