"""Salesforce exports as layouts: the report export's labels and the data export's API names.

Salesforce has the most layouts of any source (contacts, leads, accounts,
opportunities, each in two spellings), so they have a module of their own.
"""

from __future__ import annotations

from aftersale.importing.layout import Layout

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
