"""`aftersale import` through the app: layouts, matching, dry runs, bad files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
DATA = Path(__file__).parents[1] / "data" / "import"
HUBSPOT = [DATA / "hubspot" / name for name in ("contacts.csv", "companies.csv", "deals.csv")]


def digest(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != ".aftersale.lock"
    }


def customer_json(cli: Cli, book: Path, name: str) -> dict[str, object]:
    result = cli("customer", name, "--book", book, "--format", "json", "--date", "2026-11-25")
    assert result.code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def summary(outcome: Outcome) -> dict[str, dict[str, object]]:
    document = json.loads(outcome.stdout)
    assert document["schema"] == 1
    return {Path(entry["file"]).name: entry for entry in document["files"]}


# --- HubSpot --------------------------------------------------------------------------------


def test_hubspot_contacts_companies_and_deals_import_and_check_clean(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    result = cli("import", *HUBSPOT, "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    files = summary(result)
    assert files["companies.csv"]["layout"] == "hubspot-companies"
    assert files["companies.csv"]["customers_added"] == 3
    # The row with a malformed email comes in without it: one bad cell costs one value.
    assert files["contacts.csv"]["customers_added"] == 4
    assert files["contacts.csv"]["contacts_added"] == 2
    assert files["deals.csv"]["deals_added"] == 4
    assert files["contacts.csv"]["skipped"] == []
    assert files["contacts.csv"]["left_out"] == [
        {
            "line": 6,
            "reason": "email: expected an email address such as name@example.com, got "
            '"marcus(at)example"',
        }
    ]
    assert "contacts.csv:6: left out: email" in result.stderr
    check = cli("check", "--book", book)
    assert check.code == 0, check.stdout + check.stderr
    assert cli("today", "--book", book, "--date", "2026-11-25").code == 0


def test_hubspot_people_keep_their_names_emails_phones_and_companies(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    assert cli("import", *HUBSPOT, "--book", book).code == 0
    jose = customer_json(cli, book, "HS-106")
    text = json.dumps(jose, ensure_ascii=False)
    assert "José Núñez" in text
    assert "jose@acmewidgets.example" in text
    assert "+1 312 555 0142" in text
    assert "Acme Widgets" in text
    company = cli("customer", "HS-CO-2001", "--book", book, "--date", "2026-11-25")
    assert "Северный Ветер" in company.stdout
    assert "Ольга Петрова" in company.stdout
    assert "olga.petrova@example.ru" in company.stdout
    chinese = cli("customer", "HS-CO-2002", "--book", book, "--date", "2026-11-25")
    assert "王芳" in chinese.stdout


def test_hubspot_deals_keep_exact_amounts_currencies_stages_and_dates(
    cli: Cli, make_book: MakeBook
) -> None:
    import tomli

    book = make_book()
    assert cli("import", *HUBSPOT, "--book", book).code == 0
    deals = {d["id"]: d for d in tomli.loads((book / "deals.toml").read_text())["deal"]}
    assert deals["HS-D-9001"] == {
        "id": "HS-D-9001",
        "customer": "HS-CO-2001",
        "title": "Cold-chain trailers",
        "amount": 15712.50,
        "currency": "USD",
        "stage": "won",
        "closed_on": "2026-11-20",
        "source_id": "hubspot:9001",
    }
    assert deals["HS-D-9002"]["amount"] == 88000
    assert deals["HS-D-9002"]["currency"] == "CNY"
    assert deals["HS-D-9002"]["stage"] == "open"
    assert "closed_on" not in deals["HS-D-9002"]
    assert deals["HS-D-9003"]["stage"] == "lost"
    assert deals["HS-D-9003"]["closed_on"] == "2026-10-03"
    assert deals["HS-D-9004"]["currency"] == "UAH"
    assert deals["HS-D-9004"]["customer"] == "HS-106"


def test_a_lead_becomes_a_prospect(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    assert cli("import", *HUBSPOT, "--book", book).code == 0
    marcus = customer_json(cli, book, "HS-104")
    assert "prospect" in json.dumps(marcus)


def test_the_last_activity_becomes_an_imported_touchpoint(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    assert cli("import", *HUBSPOT, "--book", book).code == 0
    log = (book / "touchpoints.csv").read_text()
    assert "2026-11-02,HS-103,imported" in log
    assert "2026-11-21,HS-CO-2001,imported" in log


def test_a_second_import_of_the_same_files_writes_nothing(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    assert cli("import", *HUBSPOT, "--book", book).code == 0
    before = digest(book)
    again = cli("import", *HUBSPOT, "--book", book, "--format", "json")
    assert again.code == 0, again.stderr
    assert digest(book) == before
    files = summary(again)
    assert files["contacts.csv"]["customers_matched"] == 6
    assert files["deals.csv"]["deals_matched"] == 4
    assert all(entry["customers_added"] == 0 for entry in files.values())


def test_differences_with_the_book_are_reported_not_written(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(
        {
            "customers.toml": '[[customer]]\nid = "Z-1"\nname = "Zoë Lefèvre"\n'
            'email = "zoe@lefevre.example"\nphone = "+33 1 00 00 00 00"\n'
        }
    )
    before = (book / "customers.toml").read_bytes()
    result = cli("import", DATA / "hubspot" / "contacts.csv", "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    assert (book / "customers.toml").read_bytes().startswith(before)
    differences = summary(result)["contacts.csv"]["differences"]
    assert any("Z-1: phone" in d["difference"] for d in differences)  # type: ignore[index, union-attr]
    assert "differs: Z-1: phone" in result.stderr


def test_a_dry_run_shows_the_mapping_and_writes_nothing(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    before = digest(book)
    result = cli("import", *HUBSPOT, "--book", book, "--dry-run")
    assert result.code == 0, result.stderr
    assert digest(book) == before
    assert "HubSpot contacts (hubspot-contacts)" in result.stdout
    assert "Record ID -> source_id" in result.stdout
    assert "not used: Contact owner" in result.stdout
    assert 'name = "Северный Ветер"' in result.stdout
    assert "nothing was written" in result.stdout


def test_an_unknown_file_exits_65_naming_the_closest_layout_and_writes_nothing(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    book = make_book()
    before = digest(book)
    odd = tmp_path / "odd.csv"
    odd.write_text("Record ID,First Name,Surname,Mail\n1,Ann,Lee,ann@example.com\n")
    result = cli("import", *HUBSPOT, odd, "--book", book)
    assert result.code == 65
    assert "closest is HubSpot contacts (hubspot-contacts)" in result.stderr
    assert "'Last Name', 'Email'" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert digest(book) == before


def test_a_missing_file_exits_66(cli: Cli, make_book: MakeBook, tmp_path: Path) -> None:
    result = cli("import", tmp_path / "nope.csv", "--book", make_book())
    assert result.code == 66
    assert "nope.csv: no such file" in result.stderr


def test_a_csv_book_gets_csv_rows_and_a_contacts_file(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(
        {
            "customers.csv": "id,name,company,email,phone,tags,source_id,notes\r\n"
            "C-1,Anna Berg,,anna@example.com,,,,\r\n",
        }
    )
    before = (book / "customers.csv").read_bytes()
    result = cli("import", *HUBSPOT, "--book", book)
    assert result.code == 0, result.stderr
    after = (book / "customers.csv").read_bytes()
    assert after.startswith(before)
    assert b"HS-CO-2001,\xd0\xa1\xd0\xb5\xd0\xb2" in after
    assert b"\r\n" in after[len(before) :]
    assert "HS-CO-2001" in (book / "contacts.csv").read_text()
    assert (book / "deals.csv").exists()
    assert cli("check", "--book", book).code == 0


def test_a_csv_book_without_a_column_keeps_its_header_and_says_what_was_left_out(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"customers.csv": "id,name,email\nC-1,Anna Berg,anna@example.com\n"})
    result = cli("import", DATA / "hubspot" / "companies.csv", "--book", book)
    assert result.code == 0, result.stderr
    assert (book / "customers.csv").read_text().startswith("id,name,email\n")
    assert "customers.csv has no column for" in result.stderr
    assert cli("check", "--book", book).code == 0


@pytest.mark.parametrize("flag", ["--dayfirst", "--monthfirst"])
def test_an_undecidable_date_column_is_refused_until_told(
    cli: Cli, make_book: MakeBook, tmp_path: Path, flag: str
) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(
        "Record ID,Company name,Last Activity Date\n1,Alpha Ltd,04/08/2025\n2,Beta Ltd,03/02/2026\n"
    )
    book = make_book()
    refused = cli("import", source, "--book", book)
    assert refused.code == 65
    assert "--dayfirst or --monthfirst" in refused.stderr
    assert cli("import", source, "--book", book, flag).code == 0
    expected = "2025-08-04" if flag == "--dayfirst" else "2025-04-08"
    assert expected in (book / "touchpoints.csv").read_text()


def test_map_reads_any_csv_and_can_be_saved_for_next_time(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "clients.csv"
    source.write_text(
        "Client;Mail;Tel;Born\nPetra Novak;petra@example.cz;+420 555 010 101;--07-30\n"
    )
    book = make_book()
    maps = ["--map", "Client=name", "--map", "Mail=email", "--map", "Tel=phone"]
    result = cli(
        "import", source, *maps, "--map", "Born=birthday", "--save-map", "clients", "--book", book
    )
    assert result.code == 0, result.stderr
    assert '[import."clients"]' in (book / "aftersale.toml").read_text()
    assert cli("check", "--book", book).code == 0
    petra = customer_json(cli, book, "petra-novak")
    assert "07-30" in json.dumps(petra)
    again = cli("import", source, "--from", "clients", "--book", book, "--format", "json")
    assert again.code == 0, again.stderr
    assert summary(again)["clients.csv"]["customers_matched"] == 1


def test_a_map_to_an_unknown_field_is_a_usage_error(cli: Cli, make_book: MakeBook) -> None:
    result = cli("import", HUBSPOT[0], "--map", "Email=emial", "--book", make_book())
    assert result.code == 2
    assert 'did you mean "email"' in result.stderr


def test_a_book_with_errors_is_not_imported_into(cli: Cli, make_book: MakeBook) -> None:
    book = make_book({"deals.csv": "id,customer\nD-1,NOBODY\n"})
    result = cli("import", HUBSPOT[1], "--book", book)
    assert result.code == 65
    assert "aftersale check" in result.stderr


# --- Google Contacts ------------------------------------------------------------------------


def test_google_contacts_current_and_legacy_import_and_check_clean(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    google = DATA / "google"
    result = cli(
        "import",
        google / "contacts.csv",
        google / "contacts-legacy.csv",
        "--book",
        book,
        "--format",
        "json",
    )
    assert result.code == 0, result.stderr
    files = summary(result)
    assert files["contacts.csv"]["layout"] == "google-contacts"
    assert files["contacts.csv"]["customers_added"] == 5
    assert files["contacts-legacy.csv"]["layout"] == "google-contacts-legacy"
    assert files["contacts-legacy.csv"]["customers_added"] == 3
    assert cli("check", "--book", book).code == 0
    assert cli("today", "--book", book, "--date", "2026-11-25").code == 0


def test_google_contacts_keep_every_email_phone_and_the_multiline_note(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    assert cli("import", DATA / "google" / "contacts.csv", "--book", book).code == 0
    ingrid = json.dumps(customer_json(cli, book, "ingrid-solberg"), ensure_ascii=False)
    assert "ingrid@fjordfisk.example" in ingrid
    assert "+47 555 01 234" in ingrid
    assert "Fjord Fisk AS" in ingrid
    assert "1979-06-30" in ingrid
    text = (book / "customers.toml").read_text()
    assert "Met at the Bergen trade fair.\\nPrefers mornings." in text
    assert "Other emails: ingrid.solberg@example.no" in text
    assert "Other phones: +47 555 09 876" in text
    assert "Bryggen 12\\n5003 Bergen" in text


def test_google_contacts_birthdays_with_and_without_a_year(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    assert cli("import", DATA / "google" / "contacts.csv", "--book", book).code == 0
    dmitry = cli("customer", "Дмитрий", "--book", book, "--date", "2026-11-25")
    assert "Дмитрий Соколов" in dmitry.stdout
    assert "03-14" in dmitry.stdout
    assert 'birthday = "1985-12-31"' in (book / "customers.toml").read_text()


def test_a_google_contact_with_only_an_organisation_is_a_company(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    assert cli("import", DATA / "google" / "contacts.csv", "--book", book).code == 0
    atelier = cli("customer", "atelier-dubois", "--book", book, "--date", "2026-11-25")
    assert "Atelier Dubois" in atelier.stdout
    assert "contact@atelier-dubois.example" in atelier.stdout


def test_a_legacy_google_export_in_utf16_is_read_and_said_so(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    result = cli("import", DATA / "google" / "contacts-legacy.csv", "--book", book)
    assert result.code == 0, result.stderr
    assert "read as utf-16-le" in result.stdout
    lucja = cli("customer", "łucja", "--book", book, "--date", "2026-11-25")
    assert "Łucja Wiśniewska" in lucja.stdout
    assert "11-02" in lucja.stdout


def test_a_windows_1252_file_is_read_and_said_so(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "outlook-ish.csv"
    header = (DATA / "google" / "contacts.csv").read_text().splitlines()[0]
    row = ["" for _ in header.split(",")]
    row[0], row[2] = "Renée", "Fäßler"
    source.write_bytes((header + "\r\n" + ",".join(row) + "\r\n").encode("cp1252"))
    book = make_book()
    result = cli("import", source, "--book", book)
    assert result.code == 0, result.stderr
    assert "read as windows-1252" in result.stdout
    assert 'name = "Renée Fäßler"' in (book / "customers.toml").read_text()


# --- vCard ----------------------------------------------------------------------------------

VCARDS = sorted((DATA / "vcard").glob("*.vcf"))


def test_vcards_from_android_iphone_outlook_and_v4_import_and_check_clean(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    result = cli("import", *VCARDS, "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    files = summary(result)
    assert {entry["layout"] for entry in files.values()} == {"vcard"}
    assert files["android.vcf"]["customers_added"] == 3
    assert files["iphone.vcf"]["customers_added"] == 3
    assert files["iphone.vcf"]["skipped"] == []
    assert files["iphone.vcf"]["left_out"] == [
        {
            "line": 28,
            "reason": "email: expected an email address such as name@example.com, got "
            '"broken-at-example"',
        }
    ]
    assert cli("check", "--book", book).code == 0
    assert cli("today", "--book", book, "--date", "2026-11-25").code == 0


def test_android_quoted_printable_names_survive_soft_line_breaks(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    assert cli("import", DATA / "vcard" / "android.vcf", "--book", book).code == 0
    oksana = cli("customer", "Оксана", "--book", book, "--date", "2026-11-25")
    assert "Оксана Коваленко" in oksana.stdout
    assert "+380505550101" in oksana.stdout
    text = (book / "customers.toml").read_text()
    assert "Rabattcode: AB12=" in text
    assert 'notes = "Voucher code QX7="' in text


def test_an_iphone_birthday_without_a_year_and_grouped_emails(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    assert cli("import", DATA / "vcard" / "iphone.vcf", "--book", book).code == 0
    camille = json.dumps(customer_json(cli, book, "camille-moreau"), ensure_ascii=False)
    assert "camille@boulangerie-moreau.example" in camille
    assert "Boulangerie Moreau" in camille
    assert "+33 6 55 55 01 23" in camille
    text = (book / "customers.toml").read_text()
    assert 'birthday = "03-14"' in text
    assert "Pays on delivery, never by card." in text


def test_outlook_and_v4_cards(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    vcards = DATA / "vcard"
    assert cli("import", vcards / "outlook.vcf", vcards / "v4.vcf", "--book", book).code == 0
    text = (book / "customers.toml").read_text()
    assert 'birthday = "1976-09-12"' in text
    assert 'phone = "+52-55-5555-0199"' in text
    assert 'birthday = "04-15"' in text
    assert 'source_id = "vcard:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"' in text


def test_vcards_imported_twice_write_nothing_the_second_time(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    assert cli("import", *VCARDS, "--book", book).code == 0
    before = digest(book)
    assert cli("import", *VCARDS, "--book", book).code == 0
    assert digest(book) == before


# --- Salesforce, Pipedrive, Outlook, Zoho ---------------------------------------------------


def _import_source(cli: Cli, book: Path, source: str) -> dict[str, dict[str, object]]:
    files = sorted((DATA / source).glob("*.csv"))
    result = cli("import", *files, "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    assert cli("check", "--book", book).code == 0
    assert cli("today", "--book", book, "--date", "2026-11-25").code == 0
    return summary(result)


def test_salesforce_reports_import_with_their_footers_left_out(
    cli: Cli, make_book: MakeBook
) -> None:
    import tomli

    book = make_book()
    files = _import_source(cli, book, "salesforce")
    assert files["opportunities.csv"]["layout"] == "salesforce-opportunities"
    assert files["opportunities.csv"]["rows"] == 3
    assert files["opportunities.csv"]["skipped"] == []
    assert files["accounts.csv"]["customers_added"] == 3
    assert files["contacts.csv"]["contacts_added"] == 2
    assert files["contacts.csv"]["skipped"] == []
    assert files["contacts.csv"]["left_out"] == [
        {"line": 4, "reason": 'Last Activity: expected a date as YYYY-MM-DD, got "broken date"'}
    ]
    deals = {d["title"]: d for d in tomli.loads((book / "deals.toml").read_text())["deal"]}
    assert deals["Tents for the spring catalogue"]["stage"] == "won"
    assert deals["Tents for the spring catalogue"]["amount"] == 48250.0
    assert deals["Tents for the spring catalogue"]["currency"] == "EUR"
    assert deals["Tents for the spring catalogue"]["closed_on"] == "2026-11-20"
    assert deals["Sleeping bags, autumn"]["stage"] == "open"
    assert deals["Showroom lighting"]["stage"] == "lost"
    assert deals["Showroom lighting"]["closed_on"] == "2026-11-03"
    kestrel = cli("customer", "kestrel", "--book", book, "--date", "2026-11-25")
    assert "Greta Vogel" in kestrel.stdout
    assert "greta.vogel@kestrel-outdoor.example" in kestrel.stdout
    assert 'tags = ["prospect"]' in (book / "customers.toml").read_text()


def test_pipedrive_won_and_lost_status_with_their_times(cli: Cli, make_book: MakeBook) -> None:
    import tomli

    book = make_book()
    files = _import_source(cli, book, "pipedrive")
    assert files["deals.csv"]["layout"] == "pipedrive-deals"
    deals = {d["id"]: d for d in tomli.loads((book / "deals.toml").read_text())["deal"]}
    assert deals["PD-D-71"]["stage"] == "won"
    assert deals["PD-D-71"]["closed_on"] == "2026-11-19"
    assert deals["PD-D-71"]["amount"] == 12500.0
    assert deals["PD-D-71"]["customer"] == "PD-CO-31"
    assert deals["PD-D-72"]["stage"] == "lost"
    assert deals["PD-D-72"]["closed_on"] == "2026-10-28"
    assert deals["PD-D-72"]["amount"] == 1980000.0
    assert deals["PD-D-73"]["amount"] == 4200.5
    assert deals["PD-D-73"]["customer"] == "PD-503"
    assert "PD-D-74" not in deals
    assert files["deals.csv"]["skipped"] == [{"line": 5, "reason": "marked deleted in its source"}]
    timber = cli("customer", "PD-CO-31", "--book", book, "--date", "2026-11-25")
    assert "Tallinn Timber OÜ" in timber.stdout
    assert "Kertu Tamm" in timber.stdout


def test_outlook_csv_in_windows_1252(cli: Cli, make_book: MakeBook) -> None:
    book = make_book()
    files = _import_source(cli, book, "outlook")
    assert files["contacts.csv"]["layout"] == "outlook-contacts"
    assert files["contacts.csv"]["customers_added"] == 3
    helene = json.dumps(customer_json(cli, book, "hélène"), ensure_ascii=False)
    assert "Garnier Optique" in helene
    assert "helene.garnier@example.fr" in helene
    assert "1980-03-14" in helene
    text = (book / "customers.toml").read_text()
    assert "Prefers calls after 4 pm.\\nAsks for invoices by post." in text
    assert "Tomás Ibáñez" in text


def test_zoho_contacts_join_their_accounts_by_id(cli: Cli, make_book: MakeBook) -> None:
    import tomli

    book = make_book()
    files = _import_source(cli, book, "zoho")
    assert files["contacts.csv"]["contacts_added"] == 1
    assert files["contacts.csv"]["customers_added"] == 1
    ridgeway = cli("customer", "ZO-CO-4876876000000111", "--book", book, "--date", "2026-11-25")
    assert "Samira Lee" in ridgeway.stdout
    deals = tomli.loads((book / "deals.toml").read_text())["deal"]
    assert {d["stage"] for d in deals} == {"won", "open"}


@pytest.mark.parametrize("source", ["salesforce", "pipedrive", "outlook", "zoho"])
def test_every_source_imported_twice_writes_nothing_the_second_time(
    cli: Cli, make_book: MakeBook, source: str
) -> None:
    book = make_book()
    files = sorted((DATA / source).glob("*.csv"))
    assert cli("import", *files, "--book", book).code == 0
    before = digest(book)
    assert cli("import", *files, "--book", book).code == 0
    assert digest(book) == before


# --- damaged and hostile input --------------------------------------------------------------


def test_a_corrupted_row_is_reported_with_its_line_and_the_rest_imports(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(
        "Record ID,Company name,Last Activity Date\n"
        "1,Alpha Ltd,2026-11-01\n"
        '2,"Beta Ltd,2026-11-02\n'
        "3,Gamma Ltd,2026-13-45\n"
        "4,Delta Ltd,2026-11-04\n"
    )
    book = make_book()
    result = cli("import", source, "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    entry = summary(result)["companies.csv"]
    # Gamma's unreadable last-activity date is left out; Gamma itself comes in.
    assert entry["customers_added"] == 3
    assert [s["line"] for s in entry["skipped"]] == [3]  # type: ignore[index, union-attr]
    assert [s["line"] for s in entry["left_out"]] == [4]  # type: ignore[index, union-attr]
    assert f"{source}:3: skipped: a quote opened on this line is never closed" in result.stderr
    assert f"{source}:4: left out: Last Activity Date:" in result.stderr
    assert cli("check", "--book", book).code == 0


def test_user_text_is_printed_literally_never_as_markup_or_escapes(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(
        'Record ID,Company name\n1,"[bold]Evil[/bold] \x1b]0;pwned\x07 Co"\n', encoding="utf-8"
    )
    book = make_book()
    result = cli("import", source, "--book", book, "--dry-run")
    assert result.code == 0, result.stderr
    assert "[bold]Evil[/bold]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert cli("import", source, "--book", book).code == 0
    assert cli("check", "--book", book).code == 0


def test_an_empty_file_is_refused_and_a_header_only_file_adds_nothing(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    book = make_book()
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    refused = cli("import", empty, "--book", book)
    assert refused.code == 65
    assert "has no header line" in refused.stderr
    header_only = tmp_path / "companies.csv"
    header_only.write_text("Record ID,Company name\n")
    before = digest(book)
    result = cli("import", header_only, "--book", book)
    assert result.code == 0
    assert "Nothing new" in result.stdout
    assert digest(book) == before


def test_a_person_known_as_a_contact_by_email_is_matched_not_added(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "customers.toml": '[[customer]]\nid = "K-1"\nname = "Kestrel Outdoor"\n\n'
            '[[customer.contact]]\nname = "Zoë L."\nemail = "zoe@lefevre.example"\n'
        }
    )
    result = cli("import", DATA / "hubspot" / "contacts.csv", "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    entry = summary(result)["contacts.csv"]
    assert entry["customers_added"] == 5
    assert entry["customers_matched"] == 1
    assert entry["differences"] == []


def test_the_same_phone_written_differently_is_not_a_difference(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "customers.toml": '[[customer]]\nid = "Z-1"\nname = "Zoë Lefèvre"\n'
            'email = "zoe@lefevre.example"\nphone = "+33155550177"\n'
        }
    )
    result = cli("import", DATA / "hubspot" / "contacts.csv", "--book", book, "--format", "json")
    assert summary(result)["contacts.csv"]["differences"] == []


def test_a_source_id_with_spaces_still_makes_a_valid_id(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "companies.csv"
    source.write_text("Record ID,Company name\nA 17/b,Alpha Ltd\n")
    book = make_book()
    assert cli("import", source, "--book", book).code == 0
    assert 'id = "HS-CO-A-17-b"' in (book / "customers.toml").read_text()
    assert 'source_id = "hubspot:A 17/b"' in (book / "customers.toml").read_text()
    assert cli("check", "--book", book).code == 0


def test_a_dry_run_on_a_csv_book_shows_csv_rows_in_its_columns(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"customers.csv": "id;name;email\nC-1;Anna Berg;anna@example.com\n"})
    files = sorted((DATA / "pipedrive").glob("*.csv"))
    result = cli("import", *files, "--book", book, "--dry-run")
    assert result.code == 0, result.stderr
    assert "id;name;email\nPD-CO-31;Tallinn Timber OÜ;\n" in result.stdout
    assert "PD-D-71,PD-CO-31,Tallinn Timber OÜ deal,12500,EUR,won,2026-11-19" in result.stdout
    assert not (book / "deals.csv").exists()


def test_saving_a_mapping_under_a_name_taken_leaves_the_old_one(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "clients.csv"
    source.write_text("Client,Mail\nPetra Novak,petra@example.cz\n")
    book = make_book({"aftersale.toml": '[import."clients"]\n"Who" = "name"\n'})
    result = cli("import", source, "--map", "Client=name", "--save-map", "clients", "--book", book)
    assert result.code == 0, result.stderr
    assert "already has a mapping named clients" in result.stderr
    settings = (book / "aftersale.toml").read_text()
    assert settings.startswith('[import."clients"]\n"Who" = "name"\n')
    assert settings.count("[import.") == 1  # only the book's start is added below it


def test_a_contact_with_only_an_email_is_called_by_it_and_an_empty_row_is_reported(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "contacts.csv"
    header = (DATA / "google" / "contacts.csv").read_text().splitlines()[0]
    width = len(header.split(","))
    email_at = header.split(",").index("E-mail 1 - Value")
    only_email = [""] * width
    only_email[email_at] = "someone@example.com"
    unused = [""] * width
    unused[header.split(",").index("Labels")] = "* myContacts"
    source.write_text("\n".join([header, ",".join(only_email), ",".join(unused)]) + "\n")
    book = make_book()
    result = cli("import", source, "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    entry = summary(result)["contacts.csv"]
    assert entry["customers_added"] == 1
    assert entry["skipped"] == [
        {"line": 3, "reason": "none of the columns aftersale reads has a value"}
    ]
    assert 'name = "someone@example.com"' in (book / "customers.toml").read_text()


def test_a_file_name_with_a_line_break_cannot_add_lines_to_the_book(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    import tomli

    source = tmp_path / 'x\n[[customer]]\nid = "EVIL"\nname = "E".csv'
    source.write_text("Record ID,Company name\n1,Alpha Ltd\n")
    book = make_book()
    assert cli("import", source, "--book", book).code == 0
    customers = tomli.loads((book / "customers.toml").read_text())["customer"]
    assert [c["id"] for c in customers] == ["C-1", "HS-CO-1"]


def test_a_symlinked_customers_file_is_written_through_its_link(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "customers.toml"
    real.write_text('[[customer]]\nid = "C-1"\nname = "Anna Berg"\n')
    real.chmod(0o640)
    book = make_book({"customers.toml": None})
    (book / "customers.toml").symlink_to(real)
    assert cli("import", DATA / "hubspot" / "companies.csv", "--book", book).code == 0
    assert (book / "customers.toml").is_symlink()
    assert "HS-CO-2001" in real.read_text()
    assert real.stat().st_mode & 0o777 == 0o640
    assert cli("check", "--book", book).code == 0


def test_json_output_writes_unsafe_characters_as_escapes(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "companies.csv"
    source.write_text("Record ID,Company name,Create Date\n1,\u202eEvil\x9b Co,soon\n")
    result = cli("import", source, "--book", make_book(), "--format", "json")
    assert result.code == 0, result.stderr
    assert "\u202e" not in result.stdout
    assert "\x9b" not in result.stdout
    assert json.loads(result.stdout)["files"][0]["left_out"][0]["line"] == 2


def test_map_adds_to_a_recognised_layout_and_the_dry_run_json_lists_columns(
    cli: Cli, make_book: MakeBook
) -> None:
    result = cli(
        "import",
        DATA / "hubspot" / "contacts.csv",
        "--map",
        "Lead Status=notes",
        "--book",
        make_book(),
        "--dry-run",
        "--format",
        "json",
    )
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["dry_run"] is True
    columns = {c["column"]: c["field"] for c in document["files"][0]["columns"]}
    assert columns["Lead Status"] == "notes"
    assert columns["Email"] == "email"
    assert columns["Contact owner"] is None
    assert document["files"][0]["layout"] == "hubspot-contacts"


def test_a_book_with_only_its_settings_gets_a_customers_file(cli: Cli, make_book: MakeBook) -> None:
    book = make_book({"customers.toml": None})
    result = cli("import", DATA / "vcard" / "iphone.vcf", "--book", book)
    assert result.code == 0, result.stderr
    assert (book / "customers.toml").exists()
    assert (book / "customers.toml").stat().st_mode & 0o777 == 0o600
    assert cli("check", "--book", book).code == 0


def test_a_salesforce_data_export_links_contacts_and_deals_by_account_id(
    cli: Cli, make_book: MakeBook
) -> None:
    import tomli

    book = make_book()
    files = sorted((DATA / "salesforce-export").glob("*.csv"))
    result = cli("import", *files, "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    entries = summary(result)
    assert entries["Contact.csv"]["layout"] == "salesforce-contacts-export"
    assert entries["Contact.csv"]["contacts_added"] == 1
    assert entries["Contact.csv"]["customers_added"] == 1
    assert entries["Contact.csv"]["skipped"] == [
        {"line": 4, "reason": "marked deleted in its source"}
    ]
    assert cli("check", "--book", book).code == 0
    hoang = cli("customer", "SF-CO-0015g00000AbCdEAAV", "--book", book, "--date", "2026-11-25")
    assert "Thị Mai Nguyễn" in hoang.stdout
    deals = {d["id"]: d for d in tomli.loads((book / "deals.toml").read_text())["deal"]}
    won = deals["SF-D-0065g00000ZxCvBAAV"]
    assert (won["stage"], won["amount"], won["currency"], won["closed_on"]) == (
        "won",
        1250000,
        "VND",
        "2026-11-18",
    )
    assert deals["SF-D-0065g00000ZxCvCAAV"]["customer"] == "SF-CO-0015g00000AbCdFAAV"
    assert deals["SF-D-0065g00000ZxCvCAAV"]["stage"] == "open"


def test_encoding_names_a_legacy_files_encoding(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    source = tmp_path / "clients.csv"
    text = "Клиент,Почта\nОльга Петрова,olga@example.ru\n"  # noqa: RUF001
    source.write_bytes(text.encode("cp1251"))
    book = make_book()
    maps = ["--map", "Клиент=name", "--map", "Почта=email"]
    refused = cli("import", source, *maps, "--book", book)
    assert refused.code == 65
    assert "--encoding" in refused.stderr
    result = cli("import", source, *maps, "--encoding", "cp1251", "--book", book)
    assert result.code == 0, result.stderr
    assert 'name = "Ольга Петрова"' in (book / "customers.toml").read_text()


PROFILES = [
    # (source folder, customer to show, fields its profile must hold)
    (
        "hubspot",
        "HS-106",
        {
            "name": "José Núñez",
            "email": "jose@acmewidgets.example",
            "phone": "+1 312 555 0142",
            "birthday": "1984-07-02",
            "company": "Acme Widgets",
        },
    ),
    (
        "google",
        "ingrid-solberg",
        {
            "name": "Ingrid Solberg",
            "email": "ingrid@fjordfisk.example",
            "phone": "+47 555 01 234",
            "birthday": "1979-06-30",
            "company": "Fjord Fisk AS",
        },
    ),
    (
        "vcard",
        "camille-moreau",
        {
            "name": "Camille Moreau",
            "email": "camille@boulangerie-moreau.example",
            "phone": "+33 6 55 55 01 23",
            "birthday": "03-14",
            "company": "Boulangerie Moreau",
        },
    ),
    (
        "outlook",
        "hélène-garnier",
        {
            "name": "Hélène Garnier",
            "email": "helene.garnier@example.fr",
            "phone": "+33 6 55 55 01 45",
            "birthday": "1980-03-14",
            "company": "Garnier Optique",
        },
    ),
    (
        "pipedrive",
        "PD-503",
        {"name": "Lina Haddad", "email": "lina.haddad@example.jo", "phone": "+962 7 5555 0123"},
    ),
    (
        "salesforce-export",
        "SF-0035g00000QwErUAAV",
        {
            "name": "Elsa Lindqvist",
            "email": "elsa.lindqvist@example.se",
            "phone": "+46 70 555 0104",
        },
    ),
    (
        "zoho",
        "ZO-4876876000000213",
        {"name": "Jo Homeowner", "email": "jo@example.com", "phone": "614-555-0300"},
    ),
]


@pytest.mark.parametrize(("source", "who", "expected"), PROFILES, ids=[p[0] for p in PROFILES])
def test_each_source_gives_the_customer_its_name_email_phone_birthday_and_company(
    cli: Cli, make_book: MakeBook, source: str, who: str, expected: dict[str, str]
) -> None:
    book = make_book()
    files = sorted((DATA / source).glob("*.csv")) + sorted((DATA / source).glob("*.vcf"))
    assert cli("import", *files, "--book", book).code == 0
    assert cli("check", "--book", book).code == 0
    assert cli("today", "--book", book, "--date", "2026-11-25").code == 0
    result = cli("customer", who, "--book", book, "--format", "json", "--date", "2026-11-25")
    assert result.code == 0, result.stderr
    shown = json.loads(result.stdout)["customer"]
    assert {key: shown[key] for key in expected} == expected


def test_people_of_a_company_keep_their_email_phone_and_birthday_as_contacts(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    files = sorted((DATA / "salesforce").glob("*.csv"))
    assert cli("import", *files, "--book", book).code == 0
    result = cli("customer", "kestrel", "--book", book, "--format", "json", "--date", "2026-11-25")
    contacts = json.loads(result.stdout)["customer"]["contacts"]
    greta = next(c for c in contacts if c["name"] == "Greta Vogel")
    assert greta["email"] == "greta.vogel@kestrel-outdoor.example"
    assert greta["phone"] == "+49 89 5555 0100"
    assert greta["birthday"] == "1981-07-24"


def test_numbers_of_two_countries_that_end_alike_do_not_merge_two_companies(
    cli: Cli, make_book: MakeBook
) -> None:
    """+7 495 555-01-00 (Moscow) and +49 89 5555 0100 (Munich) share their last nine
    digits; importing one CRM after another must keep both companies and every person."""
    book = make_book()
    assert cli("import", *HUBSPOT, "--book", book).code == 0
    salesforce = [DATA / "salesforce" / n for n in ("accounts.csv", "contacts.csv")]
    second = cli("import", *salesforce, "--book", book, "--format", "json")
    assert second.code == 0, second.stderr
    assert "Северный Ветер" not in second.stderr
    kestrel = customer_json(cli, book, "Kestrel")
    record = kestrel["customer"]
    assert "Kestrel Outdoor GmbH" in (record["name"], record["company"])
    people = [c["name"] for c in kestrel["customer"]["contacts"]]
    assert "Greta Vogel" in people


def test_the_same_number_written_nationally_or_internationally_is_the_same() -> None:
    from aftersale.importing.matching import same_phone

    assert same_phone("+49 89 5555 0100", "089 5555 0100")
    assert same_phone("0049 89 5555 0100", "+49 (89) 5555-0100")
    assert not same_phone("+49 89 5555 0100", "+7 495 555-01-00")
    assert not same_phone("+48 12 555 01 01", "+90 212 555 0101")
    assert not same_phone("555", "555")


def test_an_import_never_declares_agenda_twice_in_the_settings(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"aftersale.toml": "agenda.capacity = 5\n"})
    result = cli("import", *HUBSPOT, "--book", book)
    assert result.code == 0, result.stderr
    assert (book / "aftersale.toml").read_text() == "agenda.capacity = 5\n"
    assert "add start = " in result.stderr
    assert cli("check", "--book", book).code == 0


# --- one bad cell costs one value, not the row ------------------------------------------------


def test_a_deal_with_an_unreadable_amount_comes_in_without_it(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    import tomli

    companies = tmp_path / "companies.csv"
    companies.write_text('"Record ID","Company name"\n"1","Acme Ltd"\n')
    deals = tmp_path / "deals.csv"
    deals.write_text(
        '"Record ID","Deal Name","Deal Stage","Close Date","Amount","Associated Company"\n'
        '"9001","Trailers","Closed Won","11/20/2026","-$500","Acme Ltd"\n'
    )
    book = make_book()
    result = cli("import", companies, deals, "--book", book)
    assert result.code == 0, result.stderr
    assert "values left out: 1" in result.stdout
    assert f"{deals}:2: left out: Amount:" in result.stderr
    (deal,) = tomli.loads((book / "deals.toml").read_text())["deal"]
    assert (deal["title"], deal["stage"], deal["closed_on"]) == ("Trailers", "won", "2026-11-20")
    assert "amount" not in deal
    assert cli("check", "--book", book).code == 0


def test_a_currency_the_book_cannot_hold_is_left_out_and_the_deal_kept(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    import tomli

    header = (DATA / "pipedrive" / "deals.csv").read_text(encoding="utf-8").splitlines()[0]
    deals = tmp_path / "deals.csv"
    deals.write_text(
        header + '\n"72","Forklift","9000","US Dollar","Acme Ltd","","Won","won",'
        '"2026-11-19 15:42:10","","",""\n',
        encoding="utf-8",
    )
    book = make_book({"customers.toml": '[[customer]]\nid = "A-1"\nname = "Acme Ltd"\n'})
    result = cli("import", deals, "--book", book, "--format", "json")
    assert result.code == 0, result.stderr
    entry = summary(result)["deals.csv"]
    assert entry["deals_added"] == 1
    assert [item["line"] for item in entry["left_out"]] == [2]  # type: ignore[index, union-attr]
    assert "currency" in entry["left_out"][0]["reason"]  # type: ignore[index]
    (deal,) = tomli.loads((book / "deals.toml").read_text())["deal"]
    assert deal["amount"] == 9000
    assert "currency" not in deal
