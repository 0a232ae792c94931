"""New ids, and records added or changed in a file's own format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aftersale.book.edit import csv_with_changes
from aftersale.book.ids import customer_id, next_id, slug
from aftersale.book.schema import DEALS
from aftersale.book.toml_edit import toml_with_changes, toml_with_record
from aftersale.errors import AftersaleError


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (["D-1042", "D-1041", "D-7"], "D-1043"),
        (["P-07", "P-01"], "P-08"),
        (["P-99"], "P-100"),
        (["K-01", "K-02", "legacy", "T1"], "K-03"),
        ([], "D-1001"),
        (["hubspot-deal"], "D-1001"),
    ],
)
def test_next_id_follows_the_highest_of_the_common_form(existing: list[str], expected: str) -> None:
    assert next_id(existing, "D-1001") == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("José Núñez-García", "jose-nunez-garcia"),
        ("Łucja  Østergaard", "lucja-ostergaard"),
        ("  Anna Berg (CEO) ", "anna-berg-ceo"),
        ("王芳", ""),
    ],
)
def test_slug_is_plain_ascii_a_person_can_type(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_customer_id_never_collides_even_by_case() -> None:
    assert customer_id("Anna Berg", {"Anna-Berg", "anna-berg-2"}) == "anna-berg-3"
    assert customer_id("王芳", {"C-009", "anna"}) == "C-010"


def test_a_new_toml_record_keeps_the_crlf_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "deals.toml"
    old = b'# deals\r\n[[deal]]\r\nid = "D-1"  # first\r\ncustomer = "C-1"'
    path.write_bytes(old)
    data = toml_with_record(path, "deal", {"id": "D-2", "customer": "C-1", "due": date(2026, 1, 2)})
    assert (
        data == old + b'\r\n\r\n[[deal]]\r\nid = "D-2"\r\ncustomer = "C-1"\r\ndue = 2026-01-02\r\n'
    )


def test_a_value_that_would_break_toml_is_escaped_not_injected(tmp_path: Path) -> None:
    path = tmp_path / "deals.toml"
    path.write_text('[[deal]]\nid = "D-1"\ncustomer = "C-1"\n', encoding="utf-8")
    sneaky = 'Oven"\n[[deal]]\nid = "D-666'
    data = toml_with_record(path, "deal", {"id": "D-2", "customer": "C-1", "title": sneaky})
    import tomli

    deals = tomli.loads(data.decode())["deal"]
    assert [d["id"] for d in deals] == ["D-1", "D-2"]
    assert deals[1]["title"] == sneaky


def test_a_toml_change_touches_only_the_changed_keys(tmp_path: Path) -> None:
    path = tmp_path / "deals.toml"
    text = (
        "# top\n\n[[deal]]\nid = 'D-1'\nstage = 'open'  # keep\n\n# between\n[[deal]]\nid = 'D-2'\n"
    )
    path.write_text(text, encoding="utf-8")
    data = toml_with_changes(path, "deal", "D-2", {"stage": "won", "closed_on": date(2026, 3, 4)})
    assert data.decode() == text + 'stage = "won"\nclosed_on = 2026-03-04\n'


def test_a_toml_change_refuses_an_id_written_twice(tmp_path: Path) -> None:
    path = tmp_path / "deals.toml"
    path.write_text('[[deal]]\nid = "D-1"\n[[deal]]\nid = "D-1"\n', encoding="utf-8")
    with pytest.raises(AftersaleError, match="2 \\[\\[deal\\]\\] with the id"):
        toml_with_changes(path, "deal", "D-1", {"stage": "won"})


def test_a_csv_change_keeps_bom_quoting_multiline_cells_and_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    old = (
        '\ufeff"id";"customer";"title";"stage";"closed_on"\r\n'
        '"D-1";"C-1";"Two\nlines; here";"open";""\r\n'
        '"D-2";"C-1";"Silo";"open";""\r\n'
        "D-3;C-1;Bare;open;\r\n"
    )
    path.write_bytes(old.encode("utf-8"))
    data = csv_with_changes(
        path, DEALS.columns, "D-2", {"stage": "won", "closed_on": date(2026, 5, 6)}
    )
    assert data.decode("utf-8") == old.replace(
        '"D-2";"C-1";"Silo";"open";""', '"D-2";"C-1";"Silo";"won";"2026-05-06"'
    )


def test_a_csv_change_in_a_legacy_encoding_refuses_what_it_cannot_hold(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes("id,customer,title\nD-1,C-1,Café\n".encode("cp1252"))
    data = csv_with_changes(path, DEALS.columns, "D-1", {"title": "Crème"}, "cp1252")
    assert data == "id,customer,title\nD-1,C-1,Crème\n".encode("cp1252")
    with pytest.raises(AftersaleError, match="cannot hold"):
        csv_with_changes(path, DEALS.columns, "D-1", {"title": "王"}, "cp1252")


def test_a_new_key_goes_after_the_last_key_not_under_the_next_tables_comment(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deals.toml"
    text = '[[deal]]\nid = "D-1"\nstage = "open"\n\n# --- next year ---\n[[deal]]\nid = "D-2"\n'
    path.write_text(text, encoding="utf-8")
    data = toml_with_changes(path, "deal", "D-1", {"stage": "won", "closed_on": date(2026, 1, 2)})
    assert data.decode() == text.replace(
        'stage = "open"\n', 'stage = "won"\nclosed_on = 2026-01-02\n'
    )


def test_a_toml_file_of_inline_records_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "deals.toml"
    path.write_text('deal = [{id = "D-1", customer = "C-1"}]\n', encoding="utf-8")
    with pytest.raises(AftersaleError, match="would not read back"):
        toml_with_record(path, "deal", {"id": "D-2", "customer": "C-1"})
