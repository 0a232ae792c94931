"""Turn a CSV file of the book into raw records: cells by field name, with source lines.

Nothing here knows what a customer is: the reader gets the field names it
should expect and returns `RawRecord`s plus `Problem`s. CSV is streamed row
by row so that a long touchpoint log never sits in memory whole.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from aftersale.book.decode import decode_problem, open_text
from aftersale.errors import Problem, Severity
from aftersale.text import plural, quoted, safe
from aftersale.values import did_you_mean, normalize_token

csv.field_size_limit(64 * 1024 * 1024)

Position = tuple[int, int | None]


@dataclass(slots=True)
class RawRecord:
    """One record as written: values by field name, and where each came from."""

    line: int
    values: dict[str, Any]
    positions: dict[str, Position] = field(default_factory=dict)

    def position(self, path: tuple[str | int, ...]) -> Position:
        """The most precise known position of a (possibly nested) field."""
        for end in range(len(path), 0, -1):
            key = ".".join(str(part) for part in path[:end])
            if key in self.positions:
                return self.positions[key]
        return (self.line, None)


@dataclass(slots=True)
class ReadStatus:
    """Whether a file was read to its end; a file that was not must not drive other checks."""

    complete: bool = True
    encoding: str = ""
    # False once the file's shape itself was at fault (a quote left open, a malformed or
    # cut-off line, an undecodable byte), not only the values of a row.
    clean: bool = True


@dataclass(frozen=True, slots=True)
class Columns:
    """What a file may contain: its fields, the required ones, and accepted synonyms."""

    known: tuple[str, ...]
    required: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)

    def resolve(self, header: str) -> str | None:
        key = normalize_token(header)
        key = self.aliases.get(key, key)
        return key if key in self.known else None


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# --- CSV ----------------------------------------------------------------------------------

SEP_LINE = re.compile(r"^\s*sep=(.)\s*$")
PARTIAL_LAST_LINE = (
    "the last line is incomplete (the file ends in the middle of a record, as after a crash "
    "while writing); it is skipped"
)


class _Lines:
    """Physical lines, remembering the latest one (was the file cut off mid-record?)."""

    def __init__(self, source: Iterator[str] | TextIO) -> None:
        self.source = iter(source)
        self.last = "\n"

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        self.last = next(self.source)
        return self.last

    @property
    def cut_off(self) -> bool:
        return not self.last.endswith(("\n", "\r"))


def pick_delimiter(header: str) -> str:
    """The delimiter used in the header line: the most frequent of , ; TAB outside quotes."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {sep: unquoted.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(
    path: Path,
    display: str,
    columns: Columns,
    problems: list[Problem],
    *,
    status: ReadStatus | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    tail: tuple[int, int] | None = None,
) -> Iterator[RawRecord]:
    """Yield the records of a CSV file; every fault becomes a Problem with its line.

    An unterminated quote is reported where it opens, and reading resumes on
    the next line, so one stray quote does not hide the rest of the file.
    With `tail` (a byte offset at a line start, and the number of lines before
    it), only the records from there on are read.
    """
    status = status or ReadStatus()
    stream = open_text(path, display, encoding, problems)
    if stream is None:
        status.complete = status.clean = False
        return
    status.encoding = stream.encoding
    try:
        yield from _read_csv_stream(
            path, display, stream, columns, problems, status, delimiter, tail
        )
    except UnicodeDecodeError:
        status.complete = status.clean = False
        problems.append(decode_problem(path, display, stream.encoding))
    finally:
        stream.close()


@dataclass(frozen=True, slots=True)
class _Header:
    delimiter: str
    line: int
    width: int
    mapping: dict[int, str]


def _read_header(
    display: str,
    stream: TextIO,
    columns: Columns,
    problems: list[Problem],
    status: ReadStatus,
    delimiter: str | None,
) -> _Header | None:
    """Read up to the header line (after an optional `sep=` line and blank lines)."""
    first = stream.readline()
    offset = 0
    sep_line = SEP_LINE.match(first)
    if sep_line:
        delimiter = delimiter or sep_line.group(1)
        first = stream.readline()
        offset = 1
    while not first.strip():
        if not first:
            return None
        first = stream.readline()
        offset += 1
    delimiter = delimiter or pick_delimiter(first)
    header_rows = list(csv.reader([first], delimiter=delimiter))
    header = header_rows[0] if header_rows else []
    mapping = _map_header(display, header, offset + 1, columns, problems)
    if mapping is None:
        status.complete = False
        return None
    return _Header(delimiter, offset + 1, len(header), mapping)


def _read_csv_stream(
    path: Path,
    display: str,
    stream: TextIO,
    columns: Columns,
    problems: list[Problem],
    status: ReadStatus,
    delimiter: str | None,
    tail: tuple[int, int] | None = None,
) -> Iterator[RawRecord]:
    # Reading on from `tail` (byte offset, lines before it), the header was read and
    # reported before: its problems are not told twice.
    header_problems: list[Problem] = [] if tail else problems
    header = _read_header(display, stream, columns, header_problems, status, delimiter)
    if header is None:
        return
    base = header.line
    if tail is not None:
        offset, base = tail
        stream.seek(offset)
    yield from _rows(path, display, stream, header, base, problems, status)


def _rows(
    path: Path,
    display: str,
    stream: TextIO,
    header: _Header,
    base: int,
    problems: list[Problem],
    status: ReadStatus,
) -> Iterator[RawRecord]:
    """The records after line `base`; unterminated quotes are reported and skipped."""
    lines = _Lines(stream)
    delimiter, width, mapping = header.delimiter, header.width, header.mapping
    while True:
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        resume_after: int | None = None
        while True:
            start = base + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                status.clean = False
                end = base + reader.line_num
                if "unexpected end of data" in str(error) and lines.cut_off:
                    problems.append(
                        Problem(display, start, PARTIAL_LAST_LINE, severity=Severity.WARNING)
                    )
                    return
                if "unexpected end of data" in str(error):
                    problems.append(
                        Problem(
                            display,
                            start,
                            "unterminated quoted field: a double quote opens a value here "
                            "and never closes",
                            hint='close the quote, or write a literal quote as ""',
                        )
                    )
                    resume_after = start
                    break
                problems.append(Problem(display, end, f"malformed CSV: {error}"))
                continue
            if lines.cut_off and len(row) != width:
                status.clean = False
                problems.append(
                    Problem(display, start, PARTIAL_LAST_LINE, severity=Severity.WARNING)
                )
                continue
            record = _row_to_record(display, row, start, width, mapping, problems)
            if record is not None:
                yield record
        if resume_after is None:
            return
        lines = _Lines(_lines_after(path, stream.encoding, resume_after))
        base = resume_after


def _lines_after(path: Path, encoding: str, line: int) -> Iterator[str]:
    """Physical lines of the file after `line` (for resuming past a broken quote)."""
    with path.open(encoding=encoding, newline="", errors="strict") as stream:
        yield from itertools.islice(stream, line, None)


def _map_header(
    display: str, header: list[str], line: int, columns: Columns, problems: list[Problem]
) -> dict[int, str] | None:
    """Column index -> field name; None when the file cannot be read at all."""
    mapping: dict[int, str] = {}
    seen: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        title = _nfc(cell).strip()
        if not title:
            continue
        name = columns.resolve(title)
        if name is None:
            unknown.append(title)
            continue
        if name in seen:
            problems.append(
                Problem(
                    display,
                    line,
                    f'columns {seen[name] + 1} and {index + 1} both hold "{name}"; '
                    "keep one (the second is ignored)",
                    field=name,
                )
            )
            continue
        seen[name] = index
        mapping[index] = name
    for title in unknown:
        problems.append(
            Problem(
                display,
                line,
                f"unknown column {quoted(title)} is ignored"
                + did_you_mean(normalize_token(title), list(columns.known)),
                severity=Severity.WARNING,
            )
        )
    missing = [name for name in columns.required if name not in seen]
    if missing:
        problems.append(
            Problem(
                display,
                line,
                f"missing required column{'s' if len(missing) > 1 else ''}: "
                + ", ".join(missing)
                + f" (the header has: {', '.join(safe(h.strip()) for h in header if h.strip())})",
            )
        )
        return None
    return mapping


def _row_to_record(
    display: str,
    row: list[str],
    line: int,
    width: int,
    mapping: dict[int, str],
    problems: list[Problem],
) -> RawRecord | None:
    if not any(cell.strip() for cell in row):
        return None
    if len(row) < width:
        problems.append(
            Problem(
                display,
                line,
                f"this row has {plural(len(row), 'field')} but the header has {width}; "
                "a separator is missing, or this is not a data row",
            )
        )
        return None
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        problems.append(
            Problem(
                display,
                line,
                f"this row has {len(row)} fields but the header has {width}; "
                "an extra separator, or a value that needs quotes?",
            )
        )
        return None
    values = {}
    for index, name in mapping.items():
        cell = row[index]
        if cell and not cell.isspace():
            values[name] = cell if cell.isascii() else _nfc(cell)
    return RawRecord(line, values)
