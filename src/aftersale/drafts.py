"""A message ready to send for an action: the right template, filled with the book's facts.

Templates are playbook data: `templates/<language>/<name>.txt` in the package,
which a book overrides with its own `templates/` folder. A template's first
line is `Subject: ...`, then a blank line, then the body; `$first_name`,
`$deal`, `$signature` and the other fields below are filled in. The most
specific template wins: one named after the action's variant
(`late-delivery`, `close-loop`, `thank-you-lost`) before one named after its
kind (`delivery_notice`), the book's before the bundled one, the customer's
language before English.

Everything taken from the book is data: control characters are removed, and
line breaks become spaces (the signature keeps its lines).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from aftersale.errors import AftersaleError, ExitCode

if TYPE_CHECKING:
    from aftersale.actions import Action
    from aftersale.models import Book, Contact, Customer

FIELDS = (
    "name",
    "first_name",
    "company",
    "deal",
    "deal_id",
    "amount",
    "closed_on",
    "delivery_due",
    "delivered_on",
    "delivery_plan",
    "case",
    "case_id",
    "root_cause",
    "fix",
    "promise",
    "due",
    "person",
    "person_first_name",
    "referred",
    "occasion",
    "occasion_date",
    "holiday",
    "holiday_date",
    "owner_name",
    "owner_email",
    "owner_phone",
    "signature",
)

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def clean(text: str | None, *, keep_lines: bool = False) -> str:
    """User text made inert for a message: no control or direction characters; one line
    unless `keep_lines`."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not keep_lines:
        text = " ".join(text.split("\n"))
    return _CONTROL.sub("", text).strip()


DELIVERY_PLAN = {
    "en": " Delivery is set for {day}.",
    "de": " Die Lieferung ist für den {day} geplant.",
    "fr": " La livraison est prévue pour le {day}.",
}


def _delivery_plan(due: date | None, delivered: date | None, language: str) -> str:
    """The next step a thank-you gives, as a sentence to follow another: when delivery is
    planned, if it is and has not happened yet; else nothing."""
    if due is None or delivered is not None:
        return ""
    sentence = DELIVERY_PLAN.get(language.split("-")[0], DELIVERY_PLAN["en"])
    return sentence.format(day=long_date(due, language))


def long_date(day: date | None, language: str) -> str:
    if day is None:
        return ""
    months = MONTHS.get(language.split("-")[0], MONTHS["en"]).split()
    month = months[day.month - 1]
    if language.startswith("de"):
        return f"{day.day}. {month} {day.year}"
    if language.startswith("fr"):
        return f"{day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


@dataclass(frozen=True)
class Draft:
    """A message for one action: to whom, about what, and its text."""

    action_id: str
    to_name: str
    to_email: str | None
    subject: str
    body: str
    template: str
    language: str


@dataclass(frozen=True)
class Template:
    name: str
    origin: str
    text: str


def variant(action: Action, book: Book) -> str:
    """The specific name of an action's template: its id's first part, `thank-you-lost` for
    the thank-you after a lost deal."""
    name = action.id.split(":", 1)[0]
    if name == "thank-you" and action.deal:
        deal = book.deal_by_id.get(action.deal)
        if deal is not None and deal.stage.value == "lost":
            return "thank-you-lost"
    return name


def languages(customer: Customer) -> list[str]:
    """The customer's language, then its main language, then English."""
    wanted = (customer.language or "").replace("_", "-").lower()
    found = [wanted, wanted.split("-")[0], "en"]
    return list(dict.fromkeys(item for item in found if item))


def find_template(book_dir: Path, names: list[str], langs: list[str]) -> tuple[Template, str]:
    """The most specific template there is, and its language."""
    bundled = resources.files("aftersale") / "templates"
    for language in langs:
        for name in names:
            own = book_dir / "templates" / language / f"{name}.txt"
            if own.is_file():
                return Template(name, f"templates/{language}/{name}.txt", _read(own)), language
            packaged = bundled / language / f"{name}.txt"
            if packaged.is_file():
                text = packaged.read_text(encoding="utf-8")
                return Template(name, f"(bundled) {language}/{name}.txt", text), language
    raise AftersaleError(
        f"no template for {names[-1]}: add templates/en/{names[-1]}.txt to the book",
        exit_code=ExitCode.CONFIG,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AftersaleError(
            f"cannot read the template {path}: {error}", exit_code=ExitCode.CONFIG
        ) from None


def addressee(action: Action, customer: Customer) -> tuple[str, str | None]:
    """Whom the message goes to: the person whose birthday it is, else the customer, or,
    when the customer has no email, the first of their people who has one."""
    facts = dict(action.facts)
    person = facts.get("person")
    if person is not None and person != customer.name:
        contact = next((c for c in customer.contacts if c.name == person), None)
        if contact is not None:
            return contact.name, contact.email or customer.email
    if customer.email:
        return customer.name, customer.email
    contact = _first_reachable(customer.contacts)
    if contact is not None:
        return contact.name, contact.email
    return customer.name, None


def _first_reachable(contacts: tuple[Contact, ...]) -> Contact | None:
    ranked = sorted(
        (c for c in contacts if c.email),
        key=lambda c: 0 if {r.value for r in c.role} & {"decision_maker", "buyer"} else 1,
    )
    return ranked[0] if ranked else None


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if len(parts) > 1 else name


def signature(book: Book) -> str:
    owner = book.settings.owner
    if owner.signature:
        return clean(owner.signature, keep_lines=True)
    lines = [clean(owner.name), clean(owner.phone), clean(owner.email)]
    return "\n".join(line for line in lines if line)


def fields(action: Action, book: Book, language: str) -> dict[str, str]:
    """Every field a template may use, from the book's records (empty when unknown)."""
    from aftersale.text import money

    customer = book.customer_by_id[action.customer]
    name, _ = addressee(action, customer)
    values = dict.fromkeys(FIELDS, "")
    values.update(name=clean(name), first_name=clean(first_name(name)))
    values["company"] = clean(customer.company)
    deal = book.deal_by_id.get(action.deal) if action.deal else None
    if deal is not None:
        values.update(
            deal=clean(deal.title) or deal.id,
            deal_id=deal.id,
            amount=money(deal.amount, deal.currency),
            closed_on=long_date(deal.closed_on, language),
            delivery_due=long_date(deal.delivery_due, language),
            delivered_on=long_date(deal.delivered_on, language),
            delivery_plan=_delivery_plan(deal.delivery_due, deal.delivered_on, language),
        )
    parts = set(action.id.split(":"))
    case = next((c for c in book.cases if c.id in parts), None)
    if case is not None:
        values.update(
            case=clean(case.summary) or clean(case.category) or case.id,
            case_id=case.id,
            root_cause=clean(case.root_cause),
            fix=clean(case.fix),
        )
    promise = next((p for p in book.promises if p.id in parts), None)
    if promise is not None:
        values.update(promise=clean(promise.what), due=long_date(promise.due, language))
    referred = book.customer_by_id.get(dict(action.facts).get("referred", ""))
    if referred is not None:
        values["referred"] = clean(referred.name)
    facts = dict(action.facts)
    if "what" in facts and "occasion" in facts:
        from aftersale.dates import parse_month_day

        when = parse_month_day(facts["occasion"]).next_on_or_after(action.due)
        values.update(occasion=clean(facts["what"]), occasion_date=long_date(when, language))
    if "holiday" in facts:
        from datetime import date

        values.update(
            holiday=clean(facts["holiday"]),
            holiday_date=long_date(date.fromisoformat(facts["on"]), language),
        )
    person = facts.get("person") or name
    values.update(person=clean(person), person_first_name=clean(first_name(person)))
    owner = book.settings.owner
    values.update(
        owner_name=clean(owner.name),
        owner_email=clean(owner.email),
        owner_phone=clean(owner.phone),
        signature=signature(book),
    )
    return values


def compose(action: Action, book: Book) -> Draft:
    """The draft for an action, from the most specific template there is."""
    from aftersale.kinds import KINDS

    customer = book.customer_by_id[action.customer]
    names = list(dict.fromkeys([variant(action, book), KINDS[action.kind].template]))
    template, language = find_template(book.path, names, languages(customer))
    subject, body = _split(template)
    values = fields(action, book, language)
    name, email = addressee(action, customer)
    return Draft(
        action_id=action.id,
        to_name=clean(name),
        to_email=email,
        subject=clean(_fill(subject, values, template)),
        body=_fill_paragraphs(body, values, template),
        template=template.origin,
        language=language,
    )


def _split(template: Template) -> tuple[str, str]:
    head, _, body = template.text.replace("\r\n", "\n").partition("\n")
    if not head.lower().startswith("subject:"):
        raise AftersaleError(
            f"{template.origin}: the first line must be 'Subject: ...', got {head[:40]!r}",
            exit_code=ExitCode.CONFIG,
        )
    return head.split(":", 1)[1].strip(), body.lstrip("\n")


WIDTH = 72


def _fill_paragraphs(body: str, values: dict[str, str], template: Template) -> str:
    """The body filled in, each paragraph of prose wrapped again to 72 columns; other
    paragraphs (lists, the closing and signature) keep their lines."""
    import textwrap

    out = []
    for paragraph in re.split(r"\n\s*\n", body.strip("\n")):
        filled = _fill(paragraph, values, template)
        lines = paragraph.splitlines()
        # Prose is written in full lines; short lines (a list, a greeting and signature,
        # "What caused it: ...") are kept as they are.
        prose = all(len(line) >= 50 for line in lines[:-1])
        if not prose or ("\n" not in filled and len(filled) <= WIDTH):
            out.append(filled)
        else:
            out.append(textwrap.fill(" ".join(filled.split()), width=WIDTH, break_on_hyphens=False))
    return "\n\n".join(out) + "\n"


def _fill(text: str, values: dict[str, str], template: Template) -> str:
    try:
        return string.Template(text).substitute(values)
    except KeyError as error:
        raise AftersaleError(
            f"{template.origin}: unknown field ${error.args[0]}; the fields are "
            + ", ".join(f"${name}" for name in FIELDS),
            exit_code=ExitCode.CONFIG,
        ) from None
    except ValueError:
        raise AftersaleError(
            f"{template.origin}: a lone $ (write $$ for a dollar sign)",
            exit_code=ExitCode.CONFIG,
        ) from None
