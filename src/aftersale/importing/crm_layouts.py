"""The other CRM exports as layouts: HubSpot, Pipedrive and Zoho.

Each a small table of data: the headers that recognise the export and the
field each column holds. Adding a source is one `Layout(...)` in the module
of its family and a fixture in the tests.
"""

from __future__ import annotations

from aftersale.importing.layout import Layout

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
