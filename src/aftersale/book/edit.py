"""Add a record to a book's file, or change fields of one, in the file's own format.

A new record of a CSV file is appended (`book.write.append_record`). A new
TOML record is added after what is there, every old byte kept (`toml_edit`).
A changed field rewrites the file atomically (`book.replace.write_atomic`):
in TOML only the changed keys of that one table differ (tomlkit keeps
comments and layout), in CSV only that record's line, in the file's delimiter,
quoting and line ending. Every new version is read back before it replaces the old
one. Call these while holding `book_lock`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from aftersale.book.read import Columns
from aftersale.book.schema import FileKind
from aftersale.book.toml_edit import (
    Value as Value,  # named here too: what callers give to add and change
)
from aftersale.book.toml_edit import (
    nfc,
    read_text,
    toml_entries,
    toml_with_changes,
    toml_with_record,
    trouble,
)
from aftersale.settings import Settings

if TYPE_CHECKING:
    from aftersale.book.write import CsvLayout

# --- CSV -----------------------------------------------------------------------------------

_ENDING = re.compile(r"(\r\n|\r|\n)$")


def csv_cell(value: Value, decimal_mark: str = ".") -> str:
    """A value as a CSV cell of the book: dates ISO, lists `;`-separated."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", decimal_mark)
    return str(value)


def _decoded(path: Path, encoding: str | None) -> tuple[CsvLayout, str]:
    from aftersale.book.write import CsvLayout

    raw = path.read_bytes()
    layout = CsvLayout(raw[:65536], encoding)
    try:
        return layout, raw[len(layout.bom) :].decode(layout.encoding)
    except UnicodeDecodeError:
        raise trouble(
            f"{path.name} does not read as {layout.encoding}; it was left as it was"
        ) from None


def _with_columns(lines: list[str], delimiter: str, names: list[str]) -> list[str]:
    """The lines with columns added at the end: the names on the header, an empty cell at
    the end of every record (after its last physical line, so quoted line breaks are safe)."""
    out = list(lines)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    for number, row in enumerate(reader):
        end = reader.line_num
        if number == 0:
            quoted_header = all(
                part.startswith('"') for part in lines[end - 1].rstrip("\r\n").split(delimiter)
            )
            added = [f'"{name}"' if quoted_header else name for name in names]
            extra = delimiter + delimiter.join(added)
        else:
            extra = delimiter * len(names)
        if row:  # a blank line stays blank
            last = out[end - 1]
            body = last.rstrip("\r\n")
            out[end - 1] = body + extra + last[len(body) :]
    return out


def csv_lacking(
    path: Path, columns: Columns, wanted: Iterable[str], encoding: str | None
) -> list[str]:
    """The fields among `wanted` that the CSV file has no column for."""
    if not path.exists():
        return []
    layout, _ = _decoded(path, encoding)
    fields = {columns.resolve(cell) for cell in layout.header if cell.strip()}
    return [name for name in wanted if name not in fields]


def csv_with_added_columns(
    path: Path, columns: Columns, names: list[str], encoding: str | None
) -> bytes:
    """The file with `names` added as its last columns, every record given an empty cell."""
    layout, text = _decoded(path, encoding)
    lines = io.StringIO(text, newline="").readlines()
    preamble, lines = lines[: layout.preamble], lines[layout.preamble :]
    added = preamble + _with_columns(lines, layout.delimiter, names)
    return layout.bom + _encoded("".join(added), layout.encoding, path.name)


def added_columns_note(name: str, names: list[str]) -> str:
    return (
        f"{name} had no column for {', '.join(names)}; "
        f"{'they were' if len(names) > 1 else 'it was'} added at the end of its header, "
        "with an empty cell at the end of every other record"
    )


def csv_with_changes(
    path: Path,
    columns: Columns,
    record_id: str,
    changes: Mapping[str, Value],
    encoding: str | None = None,
    decimal_mark: str = ".",
) -> bytes:
    """The file with cells of one record set; every other line byte for byte as it was
    (unless a column had to be added: see `csv_with_added_columns`)."""
    layout, text = _decoded(path, encoding)
    lines = io.StringIO(text, newline="").readlines()
    preamble, lines = lines[: layout.preamble], lines[layout.preamble :]
    header_fields = [columns.resolve(cell) if cell.strip() else None for cell in layout.header]
    missing = [key for key in changes if key not in header_fields]
    if missing:
        lines = _with_columns(lines, layout.delimiter, missing)
    reader = csv.reader(iter(lines), delimiter=layout.delimiter)
    header = next(reader, [])
    fields = [columns.resolve(cell) if cell.strip() else None for cell in header]
    if "id" not in fields:
        raise trouble(f"{path.name} has no id column")
    id_at = fields.index("id")
    start = reader.line_num
    found: tuple[int, int, list[str]] | None = None
    for row in reader:
        end = reader.line_num
        if len(row) > id_at and nfc(row[id_at]) == nfc(record_id):
            if found is not None:
                raise trouble(f"{path.name} has more than one record with the id {record_id!r}")
            found = (start, end, row)
        start = end
    if found is None:
        raise trouble(f"{path.name} has no record with the id {record_id!r}")
    first, last, row = found
    cells = row + [""] * (len(header) - len(row))
    for key, value in changes.items():
        cells[fields.index(key)] = csv_cell(value, decimal_mark)
    original = "".join(lines[first:last])
    ending_match = _ENDING.search(original)
    ending = ending_match.group(1) if ending_match else ""
    quote_all = all(
        part.startswith('"') for part in original.rstrip("\r\n").split(layout.delimiter)
    )
    buffer = io.StringIO()
    csv.writer(
        buffer,
        delimiter=layout.delimiter,
        lineterminator="\r\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    ).writerow(cells)
    new_text = (
        "".join(preamble + lines[:first]) + buffer.getvalue()[:-2] + ending + "".join(lines[last:])
    )
    return layout.bom + _encoded(new_text, layout.encoding, path.name)


def _encoded(text: str, encoding: str, name: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        raise trouble(
            f"{name} is written in {encoding}, which cannot hold {error.object[error.start]!r}; "
            "nothing was written"
        ) from None


# --- which file, and the write itself ----------------------------------------------------


def file_for(book_dir: Path, kind: FileKind) -> Path:
    """The file a new record of `kind` goes to: the one there is; else TOML in a TOML book."""
    for name in kind.file_names():
        if (book_dir / name).exists():
            return book_dir / name
    toml_book = (book_dir / "customers.toml").exists()
    if kind.toml_table and toml_book:
        return book_dir / f"{kind.name}.toml"
    return book_dir / f"{kind.name}.csv"


def add_record(
    book_dir: Path, kind: FileKind, values: Mapping[str, Value], settings: Settings
) -> tuple[Path, list[str]]:
    """Write a new record; returns the file and notes on what had to be mended first."""
    from aftersale.book.replace import write_atomic
    from aftersale.book.write import append_record

    path = file_for(book_dir, kind)
    if path.suffix == ".toml":
        write_atomic(path, toml_with_record(path, kind.toml_table or kind.name, values))
        return path, []
    cells = {key: csv_cell(value, settings.decimal_mark) for key, value in values.items()}
    encoding = settings.file_options(path.name).encoding
    notes = []
    lacking = csv_lacking(path, kind.columns, [k for k, v in cells.items() if v], encoding)
    if lacking:
        write_atomic(path, csv_with_added_columns(path, kind.columns, lacking, encoding))
        notes.append(added_columns_note(path.name, lacking))
    return path, notes + append_record(path, kind.columns, cells, encoding=encoding)


def change_record(
    book_dir: Path,
    kind: FileKind,
    record_id: str,
    changes: Mapping[str, Value],
    settings: Settings,
) -> tuple[Path, list[str]]:
    """Set fields of one record, rewriting its file atomically; returns the file and notes
    on columns that had to be added."""
    from aftersale.book.replace import write_atomic

    path = file_for(book_dir, kind)
    notes = []
    if path.suffix == ".toml":
        data = toml_with_changes(path, kind.toml_table or kind.name, record_id, changes)
    else:
        encoding = settings.file_options(path.name).encoding
        lacking = csv_lacking(path, kind.columns, list(changes), encoding)
        data = csv_with_changes(
            path, kind.columns, record_id, changes, encoding, settings.decimal_mark
        )
        if lacking:
            notes.append(added_columns_note(path.name, lacking))
    write_atomic(path, data)
    return path, notes


def existing_ids(book_dir: Path, kind: FileKind, settings: Settings) -> set[str]:
    """Every id written in the kind's file, valid record or not: a new id must avoid them all."""
    path = file_for(book_dir, kind)
    if not path.exists():
        return set()
    if path.suffix == ".toml":
        entries = toml_entries(read_text(path), kind.toml_table or kind.name, path.name)
        return {nfc(str(e["id"])) for e in entries if isinstance(e, Mapping) and "id" in e}
    from aftersale.book.write import CsvLayout

    raw = path.read_bytes()
    options = settings.file_options(path.name)
    layout = CsvLayout(raw[:65536], options.encoding, options.delimiter)
    text = raw[len(layout.bom) :].decode(layout.encoding, errors="replace")
    lines = io.StringIO(text, newline="").readlines()[layout.preamble + 1 :]
    reader = csv.reader(lines, delimiter=layout.delimiter)
    fields = [kind.columns.resolve(cell) if cell.strip() else None for cell in layout.header]
    if "id" not in fields:
        return set()
    at = fields.index("id")
    return {nfc(row[at]) for row in reader if len(row) > at and row[at].strip()}


def has_field(book_dir: Path, kind: FileKind, name: str, settings: Settings) -> bool:
    """Whether a new record of `kind` can hold `name`: always in TOML, in CSV with a column."""
    path = file_for(book_dir, kind)
    if path.suffix == ".toml" or not path.exists():
        return True
    from aftersale.book.write import CsvLayout

    with path.open("rb") as stream:
        head = stream.read(65536)
    options = settings.file_options(path.name)
    layout = CsvLayout(head, options.encoding, options.delimiter)
    return name in {kind.columns.resolve(cell) for cell in layout.header if cell.strip()}
