"""Reading CSV files as spreadsheets and people actually write them."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from aftersale.book.read import Columns, RawRecord, ReadStatus, read_csv
from aftersale.errors import Problem, Severity

COLUMNS = Columns(
    known=("id", "name", "email", "note", "next"),
    required=("id", "name"),
    aliases={"next_follow_up": "next", "next_followup": "next", "customer_id": "id"},
)


def read(
    tmp_path: Path, data: bytes | str, **options: str
) -> tuple[list[RawRecord], list[Problem]]:
    path = tmp_path / "people.csv"
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    problems: list[Problem] = []
    records = list(read_csv(path, "people.csv", COLUMNS, problems, **options))  # type: ignore[arg-type]
    return records, problems


def values(records: list[RawRecord]) -> list[dict[str, object]]:
    return [r.values for r in records]


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    records, problems = read(tmp_path, codecs.BOM_UTF8 + b"id,name\nC-1,Anna\n")
    assert values(records) == [{"id": "C-1", "name": "Anna"}]
    assert problems == []


def test_excel_unicode_text_utf16_tab_separated(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "id\tname\r\nC-1\t王芳\r\n".encode("utf-16-le")
    records, problems = read(tmp_path, data)
    assert values(records) == [{"id": "C-1", "name": "王芳"}]
    assert problems == []


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_parse_identically_and_notes_keep_their_newlines(
    tmp_path: Path, newline: str
) -> None:
    text = newline.join(["id,name,note", 'C-1,Anna,"two\nlines"', "C-2,Bo,x", ""])
    records, problems = read(tmp_path, text)
    assert problems == []
    assert [r.values["id"] for r in records] == ["C-1", "C-2"]
    assert records[0].values["note"] == "two\nlines"
    assert records[1].line == 4 if newline != "\r" else records[1].line >= 3


def test_semicolon_delimiter_is_detected_from_the_header(tmp_path: Path) -> None:
    records, _ = read(tmp_path, "id;name;note\nC-1;Anna;a, b\n")
    assert values(records) == [{"id": "C-1", "name": "Anna", "note": "a, b"}]


def test_sep_line_is_honoured_and_skipped(tmp_path: Path) -> None:
    records, problems = read(tmp_path, "sep=;\nid;name\nC-1;Anna\nC-2\n")
    assert values(records) == [{"id": "C-1", "name": "Anna"}]
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (4, "this row has 1 field but the header has 2")
    ]


def test_single_column_and_spaces_do_not_fool_the_delimiter_guess(tmp_path: Path) -> None:
    path_columns = Columns(known=("name",), required=("name",))
    path = tmp_path / "one.csv"
    path.write_text("name\nAnna Berg\nBo Ek\n", encoding="utf-8")
    problems: list[Problem] = []
    records = list(read_csv(path, "one.csv", path_columns, problems))
    assert [r.values["name"] for r in records] == ["Anna Berg", "Bo Ek"]


def test_unterminated_quote_is_reported_where_it_opens_and_reading_resumes(
    tmp_path: Path,
) -> None:
    rows = ["id,name"] + [f"C-{n},Name {n}" for n in range(1, 39)]
    rows += ['C-39,"Broken', "C-40,After"]
    records, problems = read(tmp_path, "\n".join(rows) + "\n")
    assert [p.line for p in problems] == [40]
    assert "unterminated quoted field" in problems[0].message
    assert records[-1].values == {"id": "C-40", "name": "After"}
    assert records[-1].line == 41
    assert len(records) == 39


def test_stray_quote_inside_a_field_is_a_row_error(tmp_path: Path) -> None:
    records, problems = read(tmp_path, 'id,name\nC-1,"Anna" Berg\nC-2,Bo\n')
    assert [p.line for p in problems] == [2]
    assert [r.values["id"] for r in records] == ["C-2"]


def test_duplicate_header_is_an_error_naming_both_columns(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "id,name,Email, email \nC-1,Anna,a@x.se,b@x.se\n")
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1
    assert "columns 3 and 4" in errors[0].message
    assert errors[0].field == "email"


@pytest.mark.parametrize(
    "header", ["Next Follow-up", " next_followup ", "NEXT FOLLOW UP", "next-follow-up"]
)
def test_header_variants_map_to_the_same_field(tmp_path: Path, header: str) -> None:
    records, problems = read(tmp_path, f"ID,Name,{header}\nC-1,Anna,2026-12-01\n")
    assert problems == []
    assert records[0].values["next"] == "2026-12-01"


def test_unknown_columns_are_one_warning_with_a_suggestion(tmp_path: Path) -> None:
    records, problems = read(tmp_path, "id,name,emial\nC-1,Anna,x\nC-2,Bo,y\n")
    assert len(records) == 2
    assert [(p.severity, p.line) for p in problems] == [(Severity.WARNING, 1)]
    assert 'did you mean "email"' in problems[0].message


def test_missing_required_column_stops_the_file_with_one_error(tmp_path: Path) -> None:
    status = ReadStatus()
    path = tmp_path / "p.csv"
    path.write_text("name,email\nAnna,a@x.se\n", encoding="utf-8")
    problems: list[Problem] = []
    assert list(read_csv(path, "p.csv", COLUMNS, problems, status=status)) == []
    assert "missing required column: id" in problems[0].message
    assert not status.complete


def test_short_long_and_footer_rows_are_row_errors_others_still_load(tmp_path: Path) -> None:
    text = "id,name,note\nC-1,Anna,x\nC-2\nC-3,Bo,y,extra\nC-4,Cy,z,,\nTotal: 4\n"
    records, problems = read(tmp_path, text)
    assert [r.values["id"] for r in records] == ["C-1", "C-4"]
    assert [p.line for p in problems] == [3, 4, 6]


def test_blank_rows_and_blank_header_cells_are_ignored(tmp_path: Path) -> None:
    records, problems = read(tmp_path, "id,,name,\n\nC-1,,Anna,\n,,,\n\n")
    assert values(records) == [{"id": "C-1", "name": "Anna"}]
    assert problems == []


def test_huge_field_is_read(tmp_path: Path) -> None:
    note = "x" * (200 * 1024)
    records, problems = read(tmp_path, f'id,name,note\nC-1,Anna,"{note}"\n')
    assert problems == []
    assert records[0].values["note"] == note


@pytest.mark.parametrize("text", ["", "id,name\n", "\n\n"])
def test_empty_and_header_only_files_have_no_records_and_no_problems(
    tmp_path: Path, text: str
) -> None:
    assert read(tmp_path, text) == ([], [])


def test_cp1252_is_refused_with_the_line_and_a_fix(tmp_path: Path) -> None:
    records, problems = read(tmp_path, "id,name\nC-1,Caf\xe9\n".encode("cp1252"))
    assert records == []
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "not valid UTF-8: byte 0xe9" in problems[0].message
    assert 'encoding = "cp1252"' in (problems[0].hint or "")


def test_configured_encoding_reads_the_legacy_file(tmp_path: Path) -> None:
    records, problems = read(tmp_path, "id,name\nC-1,Café\n".encode("cp1252"), encoding="cp1252")
    assert problems == []
    assert records[0].values["name"] == "Café"


def test_gb18030_is_refused_with_a_chinese_encoding_hint(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "id,name\nC-1,王芳\nC-2,陈静\n".encode("gb18030"))
    assert "gb18030" in (problems[0].hint or "")


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    records, problems = read(tmp_path, "id,name\nC-1,Anna\n".encode("utf-16-le"))
    assert records == []
    assert "UTF-16 without a byte-order mark" in problems[0].message


def test_nfd_names_are_normalised_to_nfc(tmp_path: Path) -> None:
    records, _ = read(tmp_path, "id,name\nC-1,Chloe\u0301\n")
    assert records[0].values["name"] == "Chlo\u00e9"
