"""What the book already holds, indexed for an import, and how a row is matched against it.

The indexes (source id, email, phone, name and company, contacts, deals), the
order in which a row is matched, and readable ids for what is new. Apart from
`merge`, which decides what each matched or new row does to the book.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aftersale.importing.convert import Person
from aftersale.lookup import folded
from aftersale.models import Book, Customer


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
