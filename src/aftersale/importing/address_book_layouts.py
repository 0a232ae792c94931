"""Address-book exports as layouts: Google Contacts (both forms), vCard, Outlook.

People only, no companies or deals; kept apart from the CRM tables so each
family of sources reads as one table.
"""

from __future__ import annotations

from aftersale.importing.layout import Layout


def _numbered(template: str, target: str, count: int = 6) -> dict[str, str]:
    """Columns an export numbers (`E-mail 1 - Value`, `E-mail 2 - Value`, ...), all to one field."""
    return {template.format(n=n): target for n in range(1, count + 1)}


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
