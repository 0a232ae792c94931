"""What a layout is: the fields an import can fill, and `Layout`, one source's export as data.

Its own module so that the tables of known exports (one module per family of
sources) and the code that matches a file's header to them can share it.

Fields a column can hold:

- people and companies: source_id, name, first_name, middle_name, last_name,
  company, company_id, job_title, email, phone, birthday, notes, address,
  last_contact, since, lifecycle, industry, country, city, website;
- deals: source_id, title, amount, currency, stage, status, closed_on,
  won_time, lost_time, company, company_id, person, last_contact;
- both: deleted (a row marked deleted in its source is skipped).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from aftersale.values import normalize_token

Kind = Literal["people", "companies", "deals"]

PEOPLE_FIELDS = (
    "source_id",
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "company",
    "company_id",
    "job_title",
    "email",
    "phone",
    "birthday",
    "notes",
    "address",
    "last_contact",
    "since",
    "lifecycle",
    "industry",
    "country",
    "city",
    "website",
    "deleted",
)
DEAL_FIELDS = (
    "source_id",
    "title",
    "amount",
    "currency",
    "stage",
    "status",
    "closed_on",
    "won_time",
    "lost_time",
    "company",
    "company_id",
    "person",
    "last_contact",
    "deleted",
)
ALL_FIELDS = tuple(dict.fromkeys((*PEOPLE_FIELDS, *DEAL_FIELDS)))
DATE_FIELDS = frozenset({"last_contact", "since", "closed_on", "won_time", "lost_time"})
MONEY_FIELDS = frozenset({"amount"})


@dataclass(frozen=True)
class Layout:
    """One source's export: how to recognise it and what each column holds."""

    name: str
    title: str
    kind: Kind
    source: str
    columns: Mapping[str, str]
    signature: tuple[str, ...]
    prospects: bool = False  # every row is a lead, not yet a customer
    keys: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = {normalize_token(header): name for header, name in self.columns.items()}
        object.__setattr__(self, "keys", keys)

    def field_for(self, header: str) -> str | None:
        return self.keys.get(normalize_token(header))

    def missing(self, headers: list[str]) -> list[str]:
        """The signature headers a file lacks, as this layout spells them."""
        present = {normalize_token(h) for h in headers}
        return [h for h in self.signature if normalize_token(h) not in present]

    def matched(self, headers: list[str]) -> int:
        return sum(1 for h in headers if self.field_for(h) is not None)
