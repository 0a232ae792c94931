"""What each file of a book may hold: its model, its columns and their accepted synonyms.

Synonyms cover the header spellings of common spreadsheet and CRM exports
("Next Follow-up", "Close Date", "Customer ID"); headers are compared after
`normalize_token`, so case, spaces and dashes do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from aftersale.book.read import Columns
from aftersale.models import (
    Case,
    Contact,
    Customer,
    Deal,
    Feedback,
    Promise,
    Record,
    Review,
    Touchpoint,
)


def _columns(model: type[Record], aliases: dict[str, str], skip: tuple[str, ...] = ()) -> Columns:
    fields = {
        name: info
        for name, info in model.model_fields.items()
        if name != "line" and name not in skip
    }
    return Columns(
        known=tuple(fields),
        required=tuple(name for name, info in fields.items() if info.is_required()),
        aliases=aliases,
    )


@dataclass(frozen=True, slots=True)
class FileKind:
    """One kind of record: where it lives (TOML table and/or CSV) and how it is read."""

    name: str
    model: type[Record]
    columns: Columns
    toml_table: str | None = None
    id_field: str | None = "id"
    required: bool = False

    def file_names(self) -> tuple[str, ...]:
        toml = (f"{self.name}.toml",) if self.toml_table else ()
        return (*toml, f"{self.name}.csv")


CONTACT_COLUMNS = _columns(
    Contact,
    {
        "customer_id": "customer",
        "account": "customer",
        "full_name": "name",
        "roles": "role",
        "mail": "email",
        "e_mail": "email",
        "email_address": "email",
        "telephone": "phone",
        "mobile": "phone",
        "phone_number": "phone",
        "dob": "birthday",
        "date_of_birth": "birthday",
        "occasions": "dates",
    },
)

CUSTOMERS = FileKind(
    "customers",
    Customer,
    _columns(
        Customer,
        {
            "customer_id": "id",
            "full_name": "name",
            "account_name": "company",
            "account": "company",
            "organisation": "company",
            "organization": "company",
            "mail": "email",
            "e_mail": "email",
            "email_address": "email",
            "telephone": "phone",
            "mobile": "phone",
            "phone_number": "phone",
            "preferred_channel": "channel",
            "frequency": "cadence",
            "follow_up_every": "cadence",
            "dob": "birthday",
            "date_of_birth": "birthday",
            "customer_since": "since",
            "annual_revenue": "annual_value",
            "yearly_value": "annual_value",
            "share": "share_of_wallet",
            "wallet_share": "share_of_wallet",
            "away_until": "quiet_until",
            "away_from": "quiet_from",
            "do_not_contact_until": "quiet_until",
            "budget": "budget_month",
            "hobbies": "interests",
            "tz": "timezone",
            "note": "notes",
            "lead_source": "source",
            "lang": "language",
            "occasions": "dates",
            "anniversaries": "dates",
            "locale": "language",
            "referrer": "referred_by",
            "referred": "referred_by",
        },
        skip=("contacts",),
    ),
    toml_table="customer",
    required=True,
)

DEALS = FileKind(
    "deals",
    Deal,
    _columns(
        Deal,
        {
            "deal_id": "id",
            "opportunity_id": "id",
            "customer_id": "customer",
            "account": "customer",
            "name": "title",
            "deal_name": "title",
            "opportunity_name": "title",
            "value": "amount",
            "status": "stage",
            "close_date": "closed_on",
            "closed": "closed_on",
            "delivery_date": "delivery_due",
            "due": "delivery_due",
            "delivered": "delivered_on",
            "loss_reason": "lost_reason",
            "reason_lost": "lost_reason",
        },
    ),
    toml_table="deal",
)

PROMISES = FileKind(
    "promises",
    Promise,
    _columns(
        Promise,
        {
            "promise": "what",
            "text": "what",
            "description": "what",
            "customer_id": "customer",
            "due_on": "due",
            "due_date": "due",
            "kept_on": "done_on",
            "done": "done_on",
            "notes": "note",
        },
    ),
)

TOUCHPOINTS = FileKind(
    "touchpoints",
    Touchpoint,
    _columns(
        Touchpoint,
        {
            "customer_id": "customer",
            "type": "kind",
            "via": "channel",
            "notes": "note",
            "action_id": "action",
            "next_follow_up": "next",
            "next_followup": "next",
            "follow_up": "next",
            "next_date": "next",
        },
    ),
    id_field=None,
)

FEEDBACK = FileKind(
    "feedback",
    Feedback,
    _columns(
        Feedback,
        {"customer_id": "customer", "nps": "score", "rating": "score", "comments": "comment"},
    ),
    id_field=None,
)

CASES = FileKind(
    "cases",
    Case,
    _columns(
        Case,
        {
            "case_id": "id",
            "ticket": "id",
            "customer_id": "customer",
            "opened_on": "opened",
            "created": "opened",
            "priority": "severity",
            "resolved": "resolved_on",
            "closed_on": "resolved_on",
            "cause": "root_cause",
            "description": "summary",
            "title": "summary",
        },
    ),
)

REVIEWS = FileKind(
    "reviews",
    Review,
    _columns(Review, {"customer_id": "customer", "question": "point", "notes": "note"}),
    id_field=None,
)

CONTACTS = FileKind("contacts", Contact, CONTACT_COLUMNS, id_field=None)

KINDS = (CUSTOMERS, DEALS, PROMISES, TOUCHPOINTS, FEEDBACK, CASES, REVIEWS)
