"""The layouts `aftersale import` knows, and the code that matches a file's header to one.

A layout says which headers identify a source's export (its signature), and
which field of the import each column holds (see `layout`). Headers are
compared as the book compares its own (`normalize_token`: case, spaces and
dashes aside). The tables themselves are data, one module per family of
sources (`crm_layouts`, `salesforce_layouts`, `address_book_layouts`); this
module lists them in the order detection prefers, and finds the right one.
"""

from __future__ import annotations

from collections.abc import Mapping

from aftersale.importing.address_book_layouts import (
    GOOGLE_CONTACTS,
    GOOGLE_CONTACTS_LEGACY,
    OUTLOOK_CONTACTS,
    VCARD,
)
from aftersale.importing.crm_layouts import (
    HUBSPOT_COMPANIES,
    HUBSPOT_CONTACTS,
    HUBSPOT_DEALS,
    PIPEDRIVE_DEALS,
    PIPEDRIVE_ORGANIZATIONS,
    PIPEDRIVE_PEOPLE,
    ZOHO_ACCOUNTS,
    ZOHO_CONTACTS,
    ZOHO_DEALS,
)
from aftersale.importing.layout import Kind, Layout
from aftersale.importing.salesforce_layouts import (
    SALESFORCE_ACCOUNTS,
    SALESFORCE_ACCOUNTS_API,
    SALESFORCE_CONTACTS,
    SALESFORCE_CONTACTS_API,
    SALESFORCE_LEADS,
    SALESFORCE_OPPORTUNITIES,
    SALESFORCE_OPPORTUNITIES_API,
)

LAYOUTS: tuple[Layout, ...] = (
    HUBSPOT_CONTACTS,
    HUBSPOT_COMPANIES,
    HUBSPOT_DEALS,
    GOOGLE_CONTACTS,
    GOOGLE_CONTACTS_LEGACY,
    VCARD,
    SALESFORCE_CONTACTS,
    SALESFORCE_LEADS,
    SALESFORCE_ACCOUNTS,
    SALESFORCE_OPPORTUNITIES,
    SALESFORCE_CONTACTS_API,
    SALESFORCE_ACCOUNTS_API,
    SALESFORCE_OPPORTUNITIES_API,
    PIPEDRIVE_PEOPLE,
    PIPEDRIVE_ORGANIZATIONS,
    PIPEDRIVE_DEALS,
    OUTLOOK_CONTACTS,
    ZOHO_CONTACTS,
    ZOHO_ACCOUNTS,
    ZOHO_DEALS,
)
BY_NAME = {layout.name: layout for layout in LAYOUTS}
CSV_LAYOUTS = tuple(layout for layout in LAYOUTS if layout is not VCARD)


def detect(headers: list[str]) -> Layout | None:
    """The layout whose signature the headers hold, most columns understood first."""
    fitting = [layout for layout in CSV_LAYOUTS if not layout.missing(headers)]
    if not fitting:
        return None
    return max(fitting, key=lambda layout: layout.matched(headers))


def closest(headers: list[str]) -> tuple[Layout, list[str]]:
    """The known layout nearest to these headers, and the signature columns it misses."""
    best = max(
        CSV_LAYOUTS,
        key=lambda layout: (
            1 - len(layout.missing(headers)) / len(layout.signature),
            layout.matched(headers),
        ),
    )
    return best, best.missing(headers)


def custom_layout(name: str, mapping: Mapping[str, str], base: Layout | None = None) -> Layout:
    """A layout from `--map COLUMN=FIELD` (over a detected one, or alone)."""
    columns = dict(base.columns) if base else {}
    columns.update(mapping)
    fields = set(columns.values())
    kind: Kind
    if base is not None:
        kind = base.kind
    elif fields & {"title", "amount", "stage", "status", "won_time", "lost_time"}:
        kind = "deals"
    elif fields & {"first_name", "last_name", "email", "phone", "birthday"}:
        kind = "people"
    else:
        kind = "companies"
    return Layout(
        base.name if base else name,
        base.title if base else f"your mapping {name}",
        kind,
        base.source if base else name,
        columns,
        tuple(mapping) if base is None else base.signature,
    )
