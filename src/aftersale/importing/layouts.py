"""The layouts `aftersale import` knows: one small table of data per source.

A layout says which headers identify a source's export (its signature), and
which field of the import each column holds. Headers are compared as the book
compares its own (`normalize_token`: case, spaces and dashes aside). Adding a
source is one `Layout(...)` here and a fixture in the tests.

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


def _numbered(template: str, target: str, count: int = 6) -> dict[str, str]:
    return {template.format(n=n): target for n in range(1, count + 1)}


HUBSPOT_CONTACTS = Layout(
    "hubspot-contacts",
    "HubSpot contacts",
    "people",
    "hubspot",
    {
        "Record ID": "source_id",
        "Contact ID": "source_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Email": "email",
        "Additional email addresses": "email",
        "Phone Number": "phone",
        "Mobile Phone Number": "phone",
        "Company Name": "company",
        "Associated Company": "company",
        "Primary Associated Company ID": "company_id",
        "Associated Company ID": "company_id",
        "Job Title": "job_title",
        "Last Activity Date": "last_contact",
        "Last Contacted": "last_contact",
        "Lifecycle Stage": "lifecycle",
        "Create Date": "since",
        "Date of birth": "birthday",
        "City": "city",
        "Country/Region": "country",
        "Industry": "industry",
        "Street Address": "address",
        "Website URL": "website",
    },
    ("Record ID", "First Name", "Last Name", "Email"),
)

HUBSPOT_COMPANIES = Layout(
    "hubspot-companies",
    "HubSpot companies",
    "companies",
    "hubspot",
    {
        "Record ID": "source_id",
        "Company ID": "source_id",
        "Company name": "name",
        "Phone Number": "phone",
        "Last Activity Date": "last_contact",
        "Last Contacted": "last_contact",
        "Create Date": "since",
        "City": "city",
        "Country/Region": "country",
        "Industry": "industry",
        "Street Address": "address",
        "Company Domain Name": "website",
        "Website URL": "website",
        "Lifecycle Stage": "lifecycle",
        "Description": "notes",
    },
    ("Record ID", "Company name"),
)

HUBSPOT_DEALS = Layout(
    "hubspot-deals",
    "HubSpot deals",
    "deals",
    "hubspot",
    {
        "Record ID": "source_id",
        "Deal ID": "source_id",
        "Deal Name": "title",
        "Deal Stage": "stage",
        "Close Date": "closed_on",
        "Amount": "amount",
        "Currency": "currency",
        "Deal Currency Code": "currency",
        "Associated Company": "company",
        "Associated Company ID": "company_id",
        "Associated Contact": "person",
        "Last Activity Date": "last_contact",
    },
    ("Record ID", "Deal Name", "Deal Stage"),
)

GOOGLE_CONTACTS = Layout(
    "google-contacts",
    "Google Contacts (CSV)",
    "people",
    "google",
    {
        "First Name": "first_name",
        "Middle Name": "middle_name",
        "Last Name": "last_name",
        "Organization Name": "company",
        "Organization Title": "job_title",
        "Birthday": "birthday",
        "Notes": "notes",
        **_numbered("E-mail {n} - Value", "email"),
        **_numbered("Phone {n} - Value", "phone"),
        "Address 1 - Formatted": "address",
        "Address 1 - City": "city",
        "Address 1 - Country": "country",
        "Website 1 - Value": "website",
    },
    ("First Name", "Last Name", "File As", "Labels"),
)

GOOGLE_CONTACTS_LEGACY = Layout(
    "google-contacts-legacy",
    "Google Contacts (older CSV)",
    "people",
    "google",
    {
        "Name": "name",
        "Given Name": "first_name",
        "Additional Name": "middle_name",
        "Family Name": "last_name",
        "Birthday": "birthday",
        "Notes": "notes",
        "Organization 1 - Name": "company",
        "Organization 1 - Title": "job_title",
        **_numbered("E-mail {n} - Value", "email"),
        **_numbered("Phone {n} - Value", "phone"),
        "Address 1 - Formatted": "address",
        "Address 1 - City": "city",
        "Address 1 - Country": "country",
        "Website 1 - Value": "website",
    },
    ("Given Name", "Family Name", "Group Membership"),
)

# Not a CSV: vCards are read into rows whose "headers" are the property names.
VCARD = Layout(
    "vcard",
    "vCard (.vcf)",
    "people",
    "vcard",
    {
        "UID": "source_id",
        "FN": "name",
        "N.given": "first_name",
        "N.additional": "middle_name",
        "N.family": "last_name",
        "ORG": "company",
        "TITLE": "job_title",
        "EMAIL": "email",
        "TEL": "phone",
        "BDAY": "birthday",
        "NOTE": "notes",
        "ADR": "address",
        "URL": "website",
    },
    ("BEGIN:VCARD",),
)

SALESFORCE_CONTACTS = Layout(
    "salesforce-contacts",
    "Salesforce contacts",
    "people",
    "salesforce",
    {
        "Contact ID": "source_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Account Name": "company",
        "Account ID": "company_id",
        "Title": "job_title",
        "Email": "email",
        "Phone": "phone",
        "Mobile": "phone",
        "Birthdate": "birthday",
        "Last Activity": "last_contact",
        "Mailing City": "city",
        "Mailing Country": "country",
        "Description": "notes",
        "Created Date": "since",
    },
    ("First Name", "Last Name", "Account Name", "Contact Owner"),
)

SALESFORCE_LEADS = Layout(
    "salesforce-leads",
    "Salesforce leads",
    "people",
    "salesforce",
    {
        "Lead ID": "source_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Company / Account": "company",
        "Company": "company",
        "Title": "job_title",
        "Email": "email",
        "Phone": "phone",
        "Mobile": "phone",
        "Last Activity": "last_contact",
        "City": "city",
        "Country": "country",
        "Description": "notes",
    },
    ("First Name", "Last Name", "Lead Owner"),
    prospects=True,
)

SALESFORCE_ACCOUNTS = Layout(
    "salesforce-accounts",
    "Salesforce accounts",
    "companies",
    "salesforce",
    {
        "Account ID": "source_id",
        "Account Name": "name",
        "Type": "lifecycle",
        "Phone": "phone",
        "Industry": "industry",
        "Billing City": "city",
        "Billing Country": "country",
        "Website": "website",
        "Last Activity": "last_contact",
        "Created Date": "since",
        "Description": "notes",
    },
    ("Account Owner", "Account Name"),
)

SALESFORCE_OPPORTUNITIES = Layout(
    "salesforce-opportunities",
    "Salesforce opportunities",
    "deals",
    "salesforce",
    {
        "Opportunity ID": "source_id",
        "Opportunity Name": "title",
        "Account Name": "company",
        "Account ID": "company_id",
        "Stage": "stage",
        "Amount": "amount",
        "Amount Currency": "currency",
        "Opportunity Currency": "currency",
        "Close Date": "closed_on",
        "Last Activity": "last_contact",
    },
    ("Opportunity Name", "Account Name", "Stage"),
)

# Salesforce's data export and Data Loader write the API names of the fields.
SALESFORCE_CONTACTS_API = Layout(
    "salesforce-contacts-export",
    "Salesforce contacts (data export)",
    "people",
    "salesforce",
    {
        "Id": "source_id",
        "IsDeleted": "deleted",
        "AccountId": "company_id",
        "FirstName": "first_name",
        "LastName": "last_name",
        "Name": "name",
        "Title": "job_title",
        "Email": "email",
        "Phone": "phone",
        "MobilePhone": "phone",
        "Birthdate": "birthday",
        "LastActivityDate": "last_contact",
        "MailingCity": "city",
        "MailingCountry": "country",
        "Description": "notes",
        "CreatedDate": "since",
    },
    ("Id", "AccountId", "FirstName", "LastName"),
)

SALESFORCE_ACCOUNTS_API = Layout(
    "salesforce-accounts-export",
    "Salesforce accounts (data export)",
    "companies",
    "salesforce",
    {
        "Id": "source_id",
        "IsDeleted": "deleted",
        "Name": "name",
        "Type": "lifecycle",
        "Phone": "phone",
        "Industry": "industry",
        "BillingCity": "city",
        "BillingCountry": "country",
        "Website": "website",
        "LastActivityDate": "last_contact",
        "CreatedDate": "since",
        "Description": "notes",
    },
    ("Id", "Name", "BillingCity"),
)

SALESFORCE_OPPORTUNITIES_API = Layout(
    "salesforce-opportunities-export",
    "Salesforce opportunities (data export)",
    "deals",
    "salesforce",
    {
        "Id": "source_id",
        "IsDeleted": "deleted",
        "AccountId": "company_id",
        "Name": "title",
        "StageName": "stage",
        "Amount": "amount",
        "CurrencyIsoCode": "currency",
        "CloseDate": "closed_on",
        "LastActivityDate": "last_contact",
    },
    ("Id", "AccountId", "StageName"),
)

PIPEDRIVE_PEOPLE = Layout(
    "pipedrive-people",
    "Pipedrive people",
    "people",
    "pipedrive",
    {
        "Person - ID": "source_id",
        "Person - Name": "name",
        "Person - First name": "first_name",
        "Person - Last name": "last_name",
        "Person - Organization": "company",
        "Person - Email": "email",
        "Person - Email - Work": "email",
        "Person - Email - Home": "email",
        "Person - Email - Other": "email",
        "Person - Phone": "phone",
        "Person - Phone - Work": "phone",
        "Person - Phone - Mobile": "phone",
        "Person - Phone - Home": "phone",
        "Person - Phone - Other": "phone",
        "Person - Birthday": "birthday",
        "Person - Job title": "job_title",
        "Person - Last activity date": "last_contact",
        "Person - Person created": "since",
    },
    ("Person - Name",),
)

PIPEDRIVE_ORGANIZATIONS = Layout(
    "pipedrive-organizations",
    "Pipedrive organizations",
    "companies",
    "pipedrive",
    {
        "Organization - ID": "source_id",
        "Organization - Name": "name",
        "Organization - Address": "address",
        "Organization - Industry": "industry",
        "Organization - Last activity date": "last_contact",
        "Organization - Organization created": "since",
    },
    ("Organization - Name",),
)

PIPEDRIVE_DEALS = Layout(
    "pipedrive-deals",
    "Pipedrive deals",
    "deals",
    "pipedrive",
    {
        "Deal - ID": "source_id",
        "Deal - Title": "title",
        "Deal - Value": "amount",
        "Deal - Currency": "currency",
        "Deal - Currency of value": "currency",
        "Deal - Status": "status",
        "Deal - Stage": "stage",
        "Deal - Won time": "won_time",
        "Deal - Lost time": "lost_time",
        "Deal - Deal closed on": "closed_on",
        "Deal - Closed on": "closed_on",
        "Deal - Organization": "company",
        "Deal - Contact person": "person",
        "Deal - Last activity date": "last_contact",
    },
    ("Deal - Title",),
)

OUTLOOK_CONTACTS = Layout(
    "outlook-contacts",
    "Outlook contacts (CSV)",
    "people",
    "outlook",
    {
        "First Name": "first_name",
        "Middle Name": "middle_name",
        "Last Name": "last_name",
        "Company": "company",
        "Job Title": "job_title",
        "E-mail Address": "email",
        "E-mail 2 Address": "email",
        "E-mail 3 Address": "email",
        "Business Phone": "phone",
        "Mobile Phone": "phone",
        "Primary Phone": "phone",
        "Home Phone": "phone",
        "Birthday": "birthday",
        "Notes": "notes",
        "Business City": "city",
        "Business Country/Region": "country",
        "Web Page": "website",
    },
    ("First Name", "Last Name", "E-mail Address"),
)

ZOHO_CONTACTS = Layout(
    "zoho-contacts",
    "Zoho CRM contacts",
    "people",
    "zoho",
    {
        "Record Id": "source_id",
        "Contact Id": "source_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Account Name": "company",
        "Account Name.id": "company_id",
        "Email": "email",
        "Secondary Email": "email",
        "Phone": "phone",
        "Mobile": "phone",
        "Title": "job_title",
        "Date of Birth": "birthday",
        "Last Activity Time": "last_contact",
        "Mailing City": "city",
        "Mailing Country": "country",
        "Description": "notes",
        "Created Time": "since",
    },
    ("First Name", "Last Name", "Account Name.id"),
)

ZOHO_ACCOUNTS = Layout(
    "zoho-accounts",
    "Zoho CRM accounts",
    "companies",
    "zoho",
    {
        "Record Id": "source_id",
        "Account Id": "source_id",
        "Account Name": "name",
        "Account Type": "lifecycle",
        "Phone": "phone",
        "Industry": "industry",
        "Billing City": "city",
        "Billing Country": "country",
        "Website": "website",
        "Last Activity Time": "last_contact",
        "Created Time": "since",
        "Description": "notes",
    },
    ("Account Name", "Account Type"),
)

ZOHO_DEALS = Layout(
    "zoho-deals",
    "Zoho CRM deals",
    "deals",
    "zoho",
    {
        "Record Id": "source_id",
        "Deal Id": "source_id",
        "Deal Name": "title",
        "Account Name": "company",
        "Account Name.id": "company_id",
        "Contact Name": "person",
        "Stage": "stage",
        "Amount": "amount",
        "Currency": "currency",
        "Closing Date": "closed_on",
        "Last Activity Time": "last_contact",
    },
    ("Deal Name", "Account Name", "Stage"),
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
