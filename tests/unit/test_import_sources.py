"""Source files to rows: encodings, delimiters, report footers, broken quotes, vCards."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from aftersale.errors import AftersaleError
from aftersale.importing.layouts import BY_NAME, closest, detect
from aftersale.importing.sources import join_soft_breaks, read_source


def write(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def values(path: Path) -> list[dict[str, str]]:
    return [dict(row.cells) for row in read_source(path).rows]


def test_a_quote_left_open_skips_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    data = b'Name,Email\nAnn,ann@example.com\n"Bob,bob@example.com\nCid,cid@example.com\n'
    table = read_source(write(tmp_path, data))
    assert [dict(r.cells)["Name"] for r in table.rows] == ["Ann", "Cid"]
    assert [(s.line, "never closed" in s.reason) for s in table.skipped] == [(3, True)]


def test_quoted_multiline_cells_keep_their_lines_and_numbers(tmp_path: Path) -> None:
    data = b'Name,Notes\r\nAnn,"one\r\ntwo"\r\nBob,three\r\n'
    table = read_source(write(tmp_path, data))
    assert [(r.line, dict(r.cells)["Notes"]) for r in table.rows] == [(2, "one\ntwo"), (4, "three")]


def test_report_totals_and_confidentiality_lines_are_not_rows(tmp_path: Path) -> None:
    data = (
        b'"Account Name","Amount"\n"Acme","$5.00"\n\n"Grand Totals (1 records)","$5.00"\n\n'
        b'"Confidential Information - Do Not Distribute"\n'
        b'"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
    )
    table = read_source(write(tmp_path, data))
    assert [dict(r.cells) for r in table.rows] == [{"Account Name": "Acme", "Amount": "$5.00"}]
    assert table.skipped == []


def test_a_report_title_above_the_header_is_left_out(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, b"My open deals\n\nDeal Name,Stage\nRoof,Open\n"))
    assert table.headers == ["Deal Name", "Stage"]
    assert len(table.rows) == 1


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "Name,City\nZoë,Köln\n".encode(), "utf-8"),
        (codecs.BOM_UTF16_LE + "Name\tCity\nZoë\tKöln\n".encode("utf-16-le"), "utf-16-le"),
        ("Name,City\nZoë,Köln\n".encode("utf-16-le"), "utf-16-le"),
        ("Name;City\nZoë;Köln\n".encode("cp1252"), "windows-1252"),
        (b"sep=;\nName;City\nZo\xc3\xab;K\xc3\xb6ln\n", "utf-8"),
    ],
)
def test_encodings_and_delimiters_exporters_use(tmp_path: Path, data: bytes, encoding: str) -> None:
    table = read_source(write(tmp_path, data))
    assert table.encoding == encoding
    assert [dict(r.cells) for r in table.rows] == [{"Name": "Zoë", "City": "Köln"}]


def test_decomposed_names_are_stored_composed(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Name,City\nZoe\u0308,x\n".encode()))
    assert dict(table.rows[0].cells)["Name"] == "Zoë"


def test_a_missing_file_is_exit_66(tmp_path: Path) -> None:
    with pytest.raises(AftersaleError) as caught:
        read_source(tmp_path / "nope.csv")
    assert caught.value.exit_code == 66


def test_soft_line_breaks_are_joined_only_inside_quoted_printable_properties() -> None:
    lines = [
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9E=D0=BA=",
        "=D1=81=D0=B0=D0=BD=D0=B0;;;",
        "NOTE:ends with an equals sign=",
        "TEL:+1 555 0100",
    ]
    assert join_soft_breaks(lines) == [
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9E=D0=BA=D1=81=D0=B0=D0=BD=D0=B0;;;",
        "NOTE:ends with an equals sign=",
        "TEL:+1 555 0100",
    ]


def test_a_damaged_vcard_is_reported_at_its_first_line_and_the_others_read(
    tmp_path: Path,
) -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad\r\nBDAY;VALUE=date\r\nthis is not a property\r\n"
        b"END:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cid Roe\r\nEND:VCARD\r\n"
    )
    table = read_source(write(tmp_path, data, "cards.vcf"))
    names = [dict(r.cells).get("FN") for r in table.rows]
    assert "Ann Lee" in names
    assert "Cid Roe" in names
    assert all(skip.line == 6 for skip in table.skipped)
    assert len(table.rows) + len(table.skipped) == 3


def test_layouts_are_recognised_by_their_headers() -> None:
    assert (
        detect(["Record ID", "First Name", "Last Name", "Email", "Phone Number"])
        is BY_NAME["hubspot-contacts"]
    )
    assert detect(["Deal - Title", "Deal - Value"]) is BY_NAME["pipedrive-deals"]
    assert (
        detect(["Record Id", "First Name", "Last Name", "Account Name", "Account Name.id", "Email"])
        is BY_NAME["zoho-contacts"]
    )
    assert detect(["Name", "Phone"]) is None
    layout, missing = closest(["Record ID", "First Name", "Surname"])
    assert layout is BY_NAME["hubspot-contacts"]
    assert missing == ["Last Name", "Email"]


def test_a_vcard_21_photo_in_base64_does_not_hide_the_card(tmp_path: Path) -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\n"
        b"PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQN\r\n"
        b" DAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2Q==\r\n"
        b"\r\n"
        b"EMAIL;HOME:ann@example.com\r\nEND:VCARD\r\n"
    )
    table = read_source(write(tmp_path, data, "photo.vcf"))
    assert table.skipped == []
    assert dict(table.rows[0].cells)["EMAIL"] == "ann@example.com"


def test_a_spreadsheet_workbook_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(AftersaleError, match="save it as CSV") as caught:
        read_source(write(tmp_path, b"PK\x03\x04\x14\x00\x06\x00rest of a zip", "deals.xlsx"))
    assert caught.value.exit_code == 65


def test_a_cyrillic_legacy_file_is_not_misread_as_windows_1252(tmp_path: Path) -> None:
    text = "Имя,Фамилия\nОльга,Петрова\n"  # noqa: RUF001
    path = write(tmp_path, text.encode("cp1251"))
    with pytest.raises(AftersaleError, match="--encoding") as caught:
        read_source(path)
    assert caught.value.exit_code == 65
    table = read_source(path, "cp1251")
    assert table.headers == ["Имя", "Фамилия"]
    assert table.encoding == "cp1251"


def test_an_unknown_encoding_name_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(AftersaleError) as caught:
        read_source(write(tmp_path, b"a,b\n1,2\n"), "no-such-codec")
    assert caught.value.exit_code == 2
