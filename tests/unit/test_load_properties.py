"""Whatever is in a book file, loading returns problems, never a traceback."""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aftersale.book.files import DATA_FILES
from aftersale.book.open import load_book
from aftersale.book.schema import KINDS
from aftersale.errors import ExitCode, exit_code_for

BOOK_FILES = ["aftersale.toml", *DATA_FILES]

VALID_CUSTOMERS = """\
[[customer]]
id = "C-1"
name = "Anna Berg"
email = "anna@example.com"
birthday = "02-29"
cadence = "2w"

[[customer.contact]]
name = "Erik"
role = "buyer"

[[deal]]
id = "D-1"
"""

ALLOWED_CODES = {ExitCode.OK, ExitCode.DATA_ERR, ExitCode.NO_INPUT, ExitCode.CONFIG}


@contextmanager
def book_with(files: dict[str, bytes]) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-book-"))
    try:
        (folder / "aftersale.toml").write_bytes(b"")
        for name, data in files.items():
            (folder / name).write_bytes(data)
        yield folder
    finally:
        shutil.rmtree(folder)


def assert_well_formed(folder: Path) -> None:
    book, problems = load_book(folder)
    for problem in problems:
        assert isinstance(problem.file, str)
        assert problem.file
        assert isinstance(problem.line, int)
        assert problem.line >= 0
        assert problem.message
        assert "\x1b" not in problem.message
    assert exit_code_for(problems) in ALLOWED_CODES
    assert all(customer.id for customer in book.customers)


@given(st.sampled_from(BOOK_FILES), st.binary(max_size=600))
def test_arbitrary_bytes_in_any_file(name: str, data: bytes) -> None:
    with book_with({name: data}) as folder:
        assert_well_formed(folder)


cells = st.text(
    alphabet=st.sampled_from([*'abcXYZ019 ,;"\n\r\t-./:@%', "é", "王", "\x1b", "\u202e"]),
    max_size=12,
)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    known = list(kind.columns.known)
    header = draw(st.lists(st.sampled_from([*known, "extra", "Name ", ""]), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    data = buffer.getvalue().encode(encoding)
    if draw(st.booleans()):
        cut = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:cut]
    return f"{kind.name}.csv", data


@given(csv_files())
def test_any_csv_file_loads_into_records_or_problems_never_a_crash(file: tuple[str, bytes]) -> None:
    name, data = file
    extra = {} if name == "customers.csv" else {"customers.toml": VALID_CUSTOMERS.encode()}
    with book_with({name: data, **extra}) as folder:
        assert_well_formed(folder)


TOML_EDITS = ['"', "'", "[", "]", "=", "\n", "#", ",", "\r", "\x00", "1979-13-01", "[[customer]]"]


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(VALID_CUSTOMERS)), st.sampled_from(TOML_EDITS)
        ),
        max_size=4,
    ),
    st.sampled_from(["customers.toml", "deals.toml", "aftersale.toml"]),
)
def test_a_mutated_toml_file_loads_into_records_or_problems_never_a_crash(
    edits: list[tuple[int, str]], name: str
) -> None:
    text = VALID_CUSTOMERS
    for position, insert in edits:
        text = text[:position] + insert + text[position:]
    files = {name: text.encode("utf-8")}
    if name != "customers.toml":
        files["customers.toml"] = VALID_CUSTOMERS.encode()
    with book_with(files) as folder:
        assert_well_formed(folder)


def test_utf16_toml_is_an_error_not_a_crash() -> None:
    with book_with({"customers.toml": codecs.BOM_UTF16_LE + "x = 1".encode("utf-16-le")}) as f:
        assert_well_formed(f)
