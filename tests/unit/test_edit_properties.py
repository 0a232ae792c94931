"""Whatever a seller types is written so that it reads back exactly, and nothing else moves."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st

from aftersale.book.edit import csv_with_changes
from aftersale.book.schema import DEALS
from aftersale.book.toml_edit import toml_with_changes, toml_with_record

# Any text but NUL (which no file of the book may hold) and lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))

TOML = '# kept\n[[deal]]\nid = "D-1"  # first\ncustomer = "C-1"\n\n# also kept\n'
CSV = 'id,customer,title\r\nD-1,C-1,"Two\nlines"\r\nD-2,C-1,Silo\r\nD-3,C-1,"a,b"\r\n'


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("edits")


def written(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


@given(title=TEXT)
def test_a_new_toml_record_reads_back_as_typed_after_every_old_byte(
    folder: Path, title: str
) -> None:
    path = written(folder, "deals.toml", TOML)
    data = toml_with_record(path, "deal", {"id": "D-2", "customer": "C-1", "title": title})
    assert data.startswith(TOML.encode())
    assert tomli.loads(data.decode())["deal"][1]["title"] == title


@given(title=TEXT)
def test_a_toml_change_reads_back_as_typed_and_keeps_the_comments(folder: Path, title: str) -> None:
    path = written(folder, "deals.toml", TOML)
    text = toml_with_changes(path, "deal", "D-1", {"title": title}).decode()
    assert text.startswith('# kept\n[[deal]]\nid = "D-1"  # first\ncustomer = "C-1"\n')
    assert "# also kept\n" in text
    assert tomli.loads(text)["deal"] == [{"id": "D-1", "customer": "C-1", "title": title}]


@given(title=TEXT)
def test_a_csv_change_reads_back_as_typed_and_moves_no_other_record(
    folder: Path, title: str
) -> None:
    path = written(folder, "deals.csv", CSV)
    text = csv_with_changes(path, DEALS.columns, "D-2", {"title": title}).decode()
    assert text.startswith('id,customer,title\r\nD-1,C-1,"Two\nlines"\r\n')
    assert text.endswith('\r\nD-3,C-1,"a,b"\r\n')
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[2] == ["D-2", "C-1", title]
    assert len(rows) == 4
