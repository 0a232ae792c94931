"""Turn a book file into raw records: decoded text, cells by field name, source lines.

Nothing here knows what a customer is: the reader gets the field names it
should expect and returns `RawRecord`s plus `Problem`s. CSV is streamed row
by row so that a long touchpoint log never sits in memory whole.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from aftersale.errors import Problem, Severity
from aftersale.text import quoted, safe
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


# --- decoding -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _sniff_encoding(head: bytes, configured: str | None) -> tuple[str | None, str | None]:
    """Pick the encoding from a byte-order mark or the settings; or explain why we cannot."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, None
    if configured:
        return configured, None
    if b"\x00" in head:
        sample = head[:4096]
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        if max(odd_nuls, even_nuls) > len(sample) // 4:
            return None, (
                "looks like UTF-16 without a byte-order mark; re-save it as UTF-8 "
                '("CSV UTF-8" in Excel)'
            )
        return None, "contains NUL bytes; is it a text file?"
    return "utf-8", None


def _encoding_hint(data: bytes, name: str) -> str:
    try:
        guess = data.decode("gb18030")
        wide = sum("\u4e00" <= ch <= "\u9fff" for ch in guess)
        if wide and wide * 2 >= sum(not ch.isascii() for ch in guess):
            encoding = "gb18030"
        else:
            data.decode("cp1252")
            encoding = "cp1252"
    except UnicodeDecodeError:
        encoding = "cp1252"
    return (
        f're-save it as UTF-8 ("CSV UTF-8" in Excel), or say how it is encoded in '
        f'aftersale.toml:  [files."{name}"] encoding = "{encoding}"'
    )


def _decode_problem(path: Path, display: str, encoding: str) -> Problem:
    """Locate the first byte that does not decode, for a precise message."""
    data = path.read_bytes()
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        return Problem(
            display,
            line,
            f"not valid {encoding.upper().replace('-SIG', '')}: byte 0x{byte:02x} "
            f"at offset {error.start}",
            hint=_encoding_hint(data, path.name),
        )
    return Problem(display, 0, f"could not be decoded as {encoding}")


def open_text(
    path: Path, display: str, encoding: str | None, problems: list[Problem]
) -> TextIO | None:
    """Open a data file as text, or record why it cannot be read and return None."""
    try:
        with path.open("rb") as raw:
            head = raw.read(65536)
    except PermissionError:
        problems.append(Problem(display, 0, "permission denied: cannot read this file"))
        return None
    except OSError as error:
        problems.append(Problem(display, 0, f"cannot read this file: {error.strerror}"))
        return None
    chosen, reason = _sniff_encoding(head, encoding)
    if chosen is None:
        problems.append(Problem(display, 1, f"cannot be read: it {reason}"))
        return None
    return path.open(encoding=chosen, newline="", errors="strict")


# --- CSV ----------------------------------------------------------------------------------

_SEP_LINE = re.compile(r"^\s*sep=(.)\s*$")
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
) -> Iterator[RawRecord]:
    """Yield the records of a CSV file; every fault becomes a Problem with its line.

    An unterminated quote is reported where it opens, and reading resumes on
    the next line, so one stray quote does not hide the rest of the file.
    """
    status = status or ReadStatus()
    stream = open_text(path, display, encoding, problems)
    if stream is None:
        status.complete = False
        return
    try:
        yield from _read_csv_stream(path, display, stream, columns, problems, status, delimiter)
    except UnicodeDecodeError:
        status.complete = False
        problems.append(_decode_problem(path, display, stream.encoding))
    finally:
        stream.close()


def _read_csv_stream(
    path: Path,
    display: str,
    stream: TextIO,
    columns: Columns,
    problems: list[Problem],
    status: ReadStatus,
    delimiter: str | None,
) -> Iterator[RawRecord]:
    first = stream.readline()
    offset = 0
    sep_line = _SEP_LINE.match(first)
    if sep_line:
        delimiter = delimiter or sep_line.group(1)
        first = stream.readline()
        offset = 1
    while not first.strip():
        if not first:
            return
        first = stream.readline()
        offset += 1
    delimiter = delimiter or pick_delimiter(first)
    header_line = offset + 1
    header_rows = list(csv.reader([first], delimiter=delimiter))
    header = header_rows[0] if header_rows else []
    mapping = _map_header(display, header, header_line, columns, problems)
    if mapping is None:
        status.complete = False
        return
    width = len(header)
    lines = _Lines(stream)
    base = header_line
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
                    f"columns {seen[name] + 1} and {index + 1} both hold {name!r}; "
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
                f"this row has {len(row)} fields but the header has {width}; "
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
    values = {name: _nfc(row[index]) for index, name in mapping.items() if row[index].strip()}
    return RawRecord(line, values)


# --- TOML ---------------------------------------------------------------------------------

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=")


def read_toml_text(path: Path, display: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse a TOML file; a syntax error becomes a Problem with line, column and the line."""
    import tomli

    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(display, 0, f"cannot read this file: {error.strerror}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(_decode_problem(path, display, "utf-8-sig"))
        return None
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        lines = text.splitlines()
        source = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
        problems.append(
            Problem(
                display,
                error.lineno,
                f"TOML syntax: {error.msg}",
                column=error.colno,
                hint=_toml_hint(source, error.msg),
                excerpt=source,
            )
        )
        return None


def _toml_hint(source: str, message: str) -> str | None:
    if any(ch in source for ch in "\u201c\u201d\u2018\u2019"):
        return "use straight quotes (\" or ') instead of typographic ones"
    if re.search(r"=\s*-?\d+,\d", source):
        return "TOML numbers use a dot as the decimal mark: 1234.50"
    if "\r" in source:
        return "the file has CR-only line endings; re-save it with LF or CRLF"
    if re.search(r"=\s*[^\s\"'\[{0-9+\-tf]", source) or "Invalid value" in message:
        return 'text values need quotes: name = "Anna Berg"'
    return None


def toml_positions(path: Path) -> list[tuple[str, int, dict[str, Position]]]:
    """Each table header in file order, with its line and the positions of its keys.

    tomli returns values without positions; this light scan of the text finds
    the n-th `[[customer]]` and its `email = ...` line, which is what a user
    needs to find the record.
    """
    tables: list[tuple[str, int, dict[str, Position]]] = [("", 0, {})]
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header and not _KEY_LINE.match(line):
            name = re.sub(r"\s+", "", header.group(1)).replace('"', "")
            tables.append((name, number, {}))
            continue
        key = _KEY_LINE.match(line)
        if key:
            name = normalize_token(key.group(2).strip("\"'"))
            tables[-1][2].setdefault(name, (number, len(key.group(1)) + 1))
    return tables
