"""Loading a whole book: every problem found, located, and phrased for the user."""

from __future__ import annotations

import codecs
from datetime import date

from aftersale.book.open import load_book
from aftersale.channels import Channel
from aftersale.dates import MonthDay
from aftersale.errors import ExitCode, Problem, Severity, exit_code_for
from aftersale.models import Role, Stage
from tests.conftest import MakeBook


def errors(problems: list[Problem]) -> list[tuple[str, int, str | None]]:
    return [(p.file.rsplit("/", 1)[-1], p.line, p.field) for p in problems if p.is_error]


def test_a_full_toml_customer_is_read_with_contacts(make_book: MakeBook) -> None:
    path = make_book(
        {
            "customers.toml": """\
[[customer]]
id = "C-1"
name = "Anna Berg"
channel = "Phone"
cadence = "2w"
birthday = "02-29"
since = 2024-05-02
annual_value = 48000
share_of_wallet = "40%"
budget_month = "September"
interests = ["sailing", "sourdough"]
tags = "key account; bakery"

[[customer.contact]]
name = "Erik Berg"
role = ["decision maker", "Buyer"]
birthday = 1971-06-30
"""
        }
    )
    book, problems = load_book(path)
    assert problems == []
    anna = book.customer_by_id["C-1"]
    assert anna.channel == Channel.PHONE
    assert anna.birthday == MonthDay(2, 29)
    assert anna.since == date(2024, 5, 2)
    assert anna.share_of_wallet == 0.4
    assert anna.budget_month == 9
    assert anna.tags == ("key account", "bakery")
    assert anna.contacts[0].role == (Role.DECISION_MAKER, Role.BUYER)
    assert anna.contacts[0].birthday == MonthDay(6, 30, 1971)


def test_toml_syntax_error_has_line_column_source_and_hint(make_book: MakeBook) -> None:
    path = make_book({"customers.toml": '[[customer]]\nid = "C-1"\nname = Anna\n'})
    _, problems = load_book(path)
    (problem,) = problems
    assert (problem.line, problem.column) == (3, 8)
    assert problem.excerpt == "name = Anna"
    assert problem.hint is not None
    assert "quotes" in problem.hint


def test_toml_curly_quotes_and_decimal_commas_get_hints(make_book: MakeBook) -> None:
    path = make_book({"customers.toml": "[[customer]]\nid = \u201cC-1\u201d\n"})
    assert "straight quotes" in (load_book(path)[1][0].hint or "")
    path = make_book(
        {"customers.toml": '[[customer]]\nid = "C-1"\nname = "A"\nannual_value = 1,5\n'}
    )
    assert "decimal mark" in (load_book(path)[1][0].hint or "")


def test_an_impossible_bare_toml_date_is_named_as_such(make_book: MakeBook) -> None:
    path = make_book({"customers.toml": '[[customer]]\nid = "C-1"\nsince = 2025-13-10\n'})
    (problem,) = load_book(path)[1]
    assert problem.line == 3
    assert problem.hint == "2025-13-10 is not a date (month must be in 1..12)"


def test_toml_with_bom_is_accepted(make_book: MakeBook) -> None:
    text = codecs.BOM_UTF8 + b'[[customer]]\nid = "C-1"\nname = "Anna"\n'
    book, problems = load_book(make_book({"customers.toml": text}))
    assert problems == []
    assert book.customers[0].name == "Anna"


def test_duplicate_toml_key_is_located(make_book: MakeBook) -> None:
    path = make_book({"customers.toml": '[[customer]]\nid = "C-1"\nid = "C-2"\n'})
    (problem,) = load_book(path)[1]
    assert problem.line == 3
    assert problem.column is not None


def test_schema_errors_in_several_records_are_all_reported_at_their_keys(
    make_book: MakeBook,
) -> None:
    path = make_book(
        {
            "customers.toml": """\
[[customer]]
id = "C-1"
name = "Anna"
email = "anna@"

[[customer]]
id = "C-2"
name = "Bo"
channel = 42
share_of_wallet = 1.5

[[customer]]
id = "C-3"
name = "Cy"

[[customer.contact]]
name = "Dee"
role = "boss"
"""
        }
    )
    book, problems = load_book(path)
    found = [(p.line, p.column, p.field) for p in problems]
    assert found == [
        (4, 1, "email"),
        (9, 1, "channel"),
        (10, 1, "share_of_wallet"),
        (18, 1, "contact.role"),
    ]
    assert 'got "anna@"' in problems[0].message
    # Each record stays, without the fields in error: nothing that refers to it fails too.
    assert [(c.id, c.email, c.channel, c.share_of_wallet, c.contacts) for c in book.customers] == [
        ("C-1", None, None, None, ()),
        ("C-2", None, None, None, ()),
        ("C-3", None, None, None, ()),
    ]


def test_unknown_key_is_a_warning_with_did_you_mean(make_book: MakeBook) -> None:
    path = make_book(
        {
            "deals.toml": '[[deal]]\nid = "D-1"\ncustomer = "C-1"\nstagee = "won"\n',
        }
    )
    book, problems = load_book(path)
    (problem,) = problems
    assert problem.severity is Severity.WARNING
    assert problem.line == 4
    assert 'did you mean "stage"' in problem.message
    assert book.deals[0].stage is Stage.OPEN


def test_customers_in_both_toml_and_csv_is_an_error(make_book: MakeBook) -> None:
    path = make_book({"customers.csv": "id,name\nC-1,Anna\n", "customers.toml": ""})
    (problem,) = load_book(path)[1]
    assert "keep only one" in problem.message


def test_missing_customers_file_exits_as_missing_input(make_book: MakeBook) -> None:
    path = make_book({"customers.toml": None})
    _, problems = load_book(path)
    assert "customers.toml or customers.csv" in problems[0].message
    assert exit_code_for(problems) is ExitCode.NO_INPUT


def test_csv_customers_and_contacts_file(make_book: MakeBook) -> None:
    path = make_book(
        {
            "customers.csv": "ID,Name,Interests\nC-1,Anna,sailing; sourdough\n",
            "contacts.csv": "customer,name,role\nC-1,Erik,buyer\nC-9,Ghost,user\n",
        }
    )
    book, problems = load_book(path)
    assert book.customers[0].interests == ("sailing", "sourdough")
    assert [c.name for c in book.customers[0].contacts] == ["Erik"]
    assert errors(problems) == [("contacts.csv", 3, "customer")]


def test_references_resolve_across_files(make_book: MakeBook) -> None:
    path = make_book(
        {
            "deals.csv": "id,customer,stage,closed_on\nD-1,C-1,won,2026-11-20\nD-2,c-1,open,\n",
            "promises.csv": "id,customer,deal,what,due\nP-1,C-1,D-9,Send spec,2026-11-27\n",
            "touchpoints.csv": "date,customer,kind,deal\n2026-11-21,C-2,thank_you,D-1\n",
            "feedback.csv": "date,customer,score\n2026-11-01,C-1,11\n",
            "cases.csv": "id,customer,opened,severity\nK-1,C-1,2026-11-01,urgent\n",
        }
    )
    book, problems = load_book(path)
    assert errors(problems) == [
        ("deals.csv", 3, "customer"),
        ("feedback.csv", 2, "score"),
        ("promises.csv", 2, "deal"),
        ("touchpoints.csv", 2, "customer"),
    ]
    case_insensitive = next(p for p in problems if p.file.endswith("deals.csv"))
    assert 'did you mean "C-1"' in case_insensitive.message
    assert book.cases[0].severity.value == "critical"


def test_deal_of_another_customer_is_an_error(make_book: MakeBook) -> None:
    path = make_book(
        {
            "customers.csv": "id,name\nC-1,Anna\nC-2,Bo\n",
            "deals.csv": "id,customer\nD-1,C-1\n",
            "touchpoints.csv": "date,customer,kind,deal\n2026-11-21,C-2,thank_you,D-1\n",
        }
    )
    (problem,) = load_book(path)[1]
    assert "belongs to customer" in problem.message


def test_a_record_that_failed_does_not_cause_reference_errors(make_book: MakeBook) -> None:
    path = make_book(
        {
            "deals.csv": "id,customer,amount\nD-1,C-1,lots\n",
            "touchpoints.csv": "date,customer,kind,deal\n2026-11-21,C-1,thank_you,D-1\n",
        }
    )
    assert errors(load_book(path)[1]) == [("deals.csv", 2, "amount")]


def test_an_unreadable_file_does_not_cause_reference_errors(make_book: MakeBook) -> None:
    path = make_book(
        {
            "customers.csv": "id,name\nC-1,Caf\xe9\n".encode("cp1252"),
            "deals.csv": "id,customer\nD-1,C-1\n",
        }
    )
    assert errors(load_book(path)[1]) == [("customers.csv", 2, None)]


def test_duplicate_ids_keep_the_first_record(make_book: MakeBook) -> None:
    path = make_book({"customers.csv": "id,name\nC-1,Anna\nC-2,Bo\nc-1,Again\n"})
    book, problems = load_book(path)
    assert [c.name for c in book.customers] == ["Anna", "Bo"]
    assert "line 2 has it already (ignoring case)" in problems[0].message


def test_dates_out_of_order_and_warnings(make_book: MakeBook) -> None:
    path = make_book(
        {
            "deals.csv": "id,customer,stage,closed_on,delivered_on\n"
            "D-1,C-1,won,2026-11-20,2026-11-01\nD-2,C-1,lost,,\n",
            "cases.csv": "id,customer,opened,resolved_on,category\n"
            "K-1,C-1,2026-11-10,2026-11-12,prodcut\n",
        }
    )
    problems = load_book(path)[1]
    assert [(p.line, p.field, p.severity.value) for p in problems] == [
        (2, "category", "warning"),
        (2, "root_cause", "warning"),
        (2, "delivered_on", "error"),
        (3, "closed_on", "warning"),
    ]
    assert 'did you mean "product"' in problems[0].message


def test_decimal_comma_and_date_order_from_settings(make_book: MakeBook) -> None:
    path = make_book(
        {
            "aftersale.toml": 'decimal_mark = ","\ndate_order = "DMY"\n',
            "deals.csv": "id;customer;amount;closed_on\nD-1;C-1;1.234,50;01.02.2026\n"
            "D-2;C-1;1,5;2026-01-02\n",
        }
    )
    book, problems = load_book(path)
    assert problems == []
    assert [d.amount for d in book.deals] == [1234.5, 1.5]
    assert [d.closed_on for d in book.deals] == [date(2026, 2, 1), date(2026, 1, 2)]


def test_decimal_comma_without_setting_is_an_error_with_a_hint(make_book: MakeBook) -> None:
    path = make_book({"deals.csv": "id;customer;amount\nD-1;C-1;1.234,50\n"})
    (problem,) = load_book(path)[1]
    assert "decimal_mark" in problem.message


def test_mixed_day_month_orders_in_one_column_are_refused(make_book: MakeBook) -> None:
    path = make_book(
        {"deals.csv": "id,customer,closed_on\nD-1,C-1,23.11.2026\nD-2,C-1,11/23/2026\n"}
    )
    (problem,) = load_book(path)[1]
    assert problem.line == 3
    assert "earlier in this column" in problem.message


def test_settings_errors_exit_as_configuration(make_book: MakeBook) -> None:
    path = make_book(
        {"aftersale.toml": 'timezone = "Mars/Base"\ndate_order = "YMD"\n[owner]\nphone = 1\n'}
    )
    _, problems = load_book(path)
    assert [(p.line, p.field) for p in problems] == [
        (1, "timezone"),
        (2, "date_order"),
        (4, "owner.phone"),
    ]
    assert exit_code_for(problems) is ExitCode.CONFIG


def test_a_setting_below_a_section_is_explained(make_book: MakeBook) -> None:
    path = make_book({"aftersale.toml": '[owner]\nname = "Alex"\ntimezone = "Europe/Oslo"\n'})
    (problem,) = load_book(path)[1]
    assert problem.severity is Severity.WARNING
    assert "above [owner]" in problem.message


def test_dayfirst_is_the_same_as_dmy(make_book: MakeBook) -> None:
    path = make_book(
        {
            "aftersale.toml": "dayfirst = true\n",
            "deals.csv": "id,customer,closed_on\nD-1,C-1,01/02/2026\n",
        }
    )
    book, problems = load_book(path)
    assert problems == []
    assert book.deals[0].closed_on == date(2026, 2, 1)
