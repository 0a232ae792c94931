"""Match what a source holds against the book, and decide what is new.

A row matches an existing customer by source id, then email, then phone,
then name and company; a person whose company is a customer is matched among
that customer's contacts. What matches is counted and its differences
reported, never written over what the seller typed. What is new gets a
readable, stable id and is validated with the book's own models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aftersale.book.messages import describe
from aftersale.importing.convert import Converted, DealRow, Person
from aftersale.importing.matching import Matcher, same_phone, slug
from aftersale.importing.sources import Skip
from aftersale.lookup import folded
from aftersale.models import Customer, Deal, TouchKind
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

    from aftersale.book.loader import without_bad_optional_fields

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
