"""Appending to a book: the book's lock, and a single-write append to the touchpoint log.

The tool never rewrites a file the user edits. Appending follows the file's
own conventions (delimiter, line ending, byte-order mark, column order),
starts on a new line when a crash or an editor left the last one open,
writes the whole record with one `write()`, and syncs it to disk. If the
write fails, the file is cut back to its old length: a record is there whole
or not at all. One lock file per book keeps two runs (cron and the user)
from interleaving. Replacing a file whole (edits, imports) is in `replace`.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from aftersale.book.read import SEP_LINE, Columns, pick_delimiter
from aftersale.book.replace import OWNER_ONLY, finish_pending, sync_folder, target_of, write_error
from aftersale.errors import CantCreateError, ExitCode, WriteError

LOCK_NAME = ".aftersale.lock"
DEFAULT_LOCK_TIMEOUT = 10.0


def lock_timeout() -> float:
    """$AFTERSALE_LOCK_TIMEOUT in seconds; anything but a finite number >= 0 is a usage error."""
    text = os.environ.get("AFTERSALE_LOCK_TIMEOUT")
    if text is None:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise WriteError(
            f"AFTERSALE_LOCK_TIMEOUT must be a number of seconds such as 10, got {text!r}",
            exit_code=ExitCode.USAGE,
        )
    return seconds


@contextmanager
def book_lock(book_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the book's lock; give up with exit 75 when another run keeps it too long."""
    from filelock import FileLock, Timeout

    lock = FileLock(
        str(book_dir / LOCK_NAME), timeout=lock_timeout() if timeout is None else timeout
    )
    try:
        with lock:
            finish_pending(book_dir)
            yield
    except Timeout:
        raise WriteError(
            f"another aftersale is running on this book (waited {lock.timeout:g}s for "
            f"{book_dir / LOCK_NAME}); try again in a moment",
            exit_code=ExitCode.TEMP_FAIL,
        ) from None
    except PermissionError:
        raise CantCreateError(
            f"cannot create the lock file {book_dir / LOCK_NAME}: permission denied"
        ) from None


class CsvLayout:
    """How an existing CSV file is written: encoding, BOM, delimiter, line ending, columns.

    The header is found as the reader finds it: after a `sep=` line (as Excel writes
    them, naming the delimiter) and blank lines; a delimiter set in the settings wins.
    """

    def __init__(self, head: bytes, encoding: str | None, delimiter: str | None = None) -> None:
        self.bom = b""
        self.encoding = encoding or "utf-8"
        if head.startswith(codecs.BOM_UTF8):
            self.bom, self.encoding = codecs.BOM_UTF8, "utf-8"
        elif head.startswith(codecs.BOM_UTF16_LE):
            self.bom, self.encoding = codecs.BOM_UTF16_LE, "utf-16-le"
        elif head.startswith(codecs.BOM_UTF16_BE):
            self.bom, self.encoding = codecs.BOM_UTF16_BE, "utf-16-be"
        text = head[len(self.bom) :].decode(self.encoding, errors="replace")
        lines = io.StringIO(text, newline="").readlines() or [""]
        first = lines[0]
        self.newline = "\r\n" if first.endswith("\r\n") else "\r" if first.endswith("\r") else "\n"
        # How many lines come before the header: the `sep=` line, then blank ones.
        self.preamble = 0
        sep_line = SEP_LINE.match(first)
        if sep_line:
            delimiter = delimiter or sep_line.group(1)
            self.preamble = 1
        while self.preamble < len(lines) and not lines[self.preamble].strip():
            self.preamble += 1
        header = lines[self.preamble] if self.preamble < len(lines) else ""
        self.delimiter = delimiter or (pick_delimiter(header) if header.strip() else ",")
        self.header = next(csv.reader([header.rstrip("\r\n")], delimiter=self.delimiter), [])


def _unclosed_quote(path: Path, layout: CsvLayout) -> bool:
    """Whether the file ends inside a quoted field (an odd number of quotes in all).

    Appending then would put the new record inside that field. Inside a quoted
    field a quote is doubled, so a file that ends at a record boundary always
    has an even number of them.
    """
    text = path.read_bytes()[len(layout.bom) :].decode(layout.encoding, errors="replace")
    return text.count('"') % 2 == 1


def _missing_newline(path: Path, layout: CsvLayout) -> bool:
    """Whether the last line is unfinished (a crash, or an editor without a final newline)."""
    size = path.stat().st_size
    if size <= len(layout.bom):
        return False
    width = 2 if layout.encoding.startswith("utf-16") else 1
    with path.open("rb") as stream:
        stream.seek(size - width)
        last = stream.read(width).decode(layout.encoding, errors="replace")
    return last not in ("\n", "\r")


def _encode_row(values: list[str], layout: CsvLayout) -> bytes:
    buffer = io.StringIO()
    # The writer quotes a field holding any character of its line terminator; with both
    # CR and LF there, a note with a lone CR is quoted too, whatever the file's own ending.
    csv.writer(buffer, delimiter=layout.delimiter, lineterminator="\r\n").writerow(values)
    return (buffer.getvalue()[:-2] + layout.newline).encode(layout.encoding)


def _row_for(
    header: list[str], columns: Columns, values: Mapping[str, str], name: str
) -> list[str]:
    fields = [columns.resolve(cell) if cell.strip() else None for cell in header]
    missing = [key for key, value in values.items() if value and key not in fields]
    if missing:
        raise WriteError(
            f"{name} has no column for {', '.join(missing)}; add "
            f"{'them' if len(missing) > 1 else 'it'} to its header line first",
            exit_code=ExitCode.DATA_ERR,
        )
    return [values.get(field, "") if field else "" for field in fields]


def append_record(
    path: Path,
    columns: Columns,
    values: Mapping[str, str],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> list[str]:
    """Append one record to a CSV file of the book, creating it with a header if needed.

    Call it while holding `book_lock`. Raises WriteError (exit 73 or 74) and
    leaves the file as it was when anything goes wrong. Returns what it had to
    mend first (see `append_records`).
    """
    return append_records(path, columns, [values], encoding=encoding, delimiter=delimiter)


def append_records(
    path: Path,
    columns: Columns,
    records: Sequence[Mapping[str, str]],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> list[str]:
    """Append records in one write: all of them are in the file afterwards, or none.

    A file that ends inside a quoted field is closed with a quote first, so that
    neither its last record nor the new ones are lost; that is returned as a note.
    """
    if not records:
        return []
    if any("\x00" in value for values in records for value in values.values()):
        raise WriteError("a value contains a NUL character", exit_code=ExitCode.DATA_ERR)
    target = target_of(path)
    if not target.exists():
        _create(target, columns, records)
        return []
    try:
        with target.open("rb") as stream:
            head = stream.read(65536)
        layout = CsvLayout(head, encoding, delimiter)
        unclosed = _unclosed_quote(target, layout)
    except OSError as error:
        raise write_error(target, error) from None
    data = b"".join(
        _encode_row(_row_for(layout.header, columns, values, path.name), layout)
        for values in records
    )
    notes = []
    if unclosed:
        data = ('"' + layout.newline).encode(layout.encoding) + data
        notes.append(
            f"{path.name} ended inside a quoted field (a quote never closed); a closing quote "
            "was added first so that no record is swallowed: check its last record"
        )
    elif _missing_newline(target, layout):
        data = layout.newline.encode(layout.encoding) + data
    _append_bytes(target, data)
    return notes


def _create(target: Path, columns: Columns, records: Sequence[Mapping[str, str]]) -> None:
    header = list(columns.known)
    layout = CsvLayout(b"", None)
    rows = b"".join(_encode_row([values.get(f, "") for f in header], layout) for values in records)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        _append_bytes(target, rows)
        return
    except OSError as error:
        raise write_error(target, error) from None
    try:
        _write_all(fd, _encode_row(header, layout) + rows)
        os.fsync(fd)
    except OSError as error:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise write_error(target, error) from None
    os.close(fd)
    sync_folder(target.parent)  # the new file's name is on disk too, not only its bytes


def _append_bytes(target: Path, data: bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND)
    except OSError as error:
        raise write_error(target, error) from None
    try:
        size = os.fstat(fd).st_size
        try:
            _write_all(fd, data)
            os.fsync(fd)
        except OSError as error:
            os.ftruncate(fd, size)
            raise write_error(target, error) from None
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    """One write() for the record; a short write (rare, on a full disk) is an error."""
    written = os.write(fd, data)
    if written != len(data):
        raise OSError(errno.ENOSPC, "short write: the disk may be full")


def spreadsheet_lock(path: Path) -> Path | None:
    """The lock file a spreadsheet keeps beside a file it has open, if there is one."""
    for name in (f".~lock.{path.name}#", f"~${path.name}"):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


def appended_rows(
    path: Path, columns: Columns, rows: Sequence[Mapping[str, str]], encoding: str | None = None
) -> tuple[bytes, list[str]]:
    """A CSV file's bytes with rows added in its own form, and the fields it has no column for.

    A missing file gets a header of every known column. Values for fields the
    header lacks are left out (and named), never added by rewriting the header.
    """
    target = target_of(path)
    if not target.exists():
        layout = CsvLayout(b"", None)
        header = list(columns.known)
        data = _encode_row(header, layout) + b"".join(
            _encode_row([row.get(f, "") for f in header], layout) for row in rows
        )
        return data, []
    old = target.read_bytes()
    layout = CsvLayout(old[:65536], encoding)
    fields = [columns.resolve(cell) if cell.strip() else None for cell in layout.header]
    lacking = sorted({key for row in rows for key, value in row.items() if value} - set(fields))
    body = b"".join(
        _encode_row([row.get(f, "") if f else "" for f in fields], layout) for row in rows
    )
    if _unclosed_quote(target, layout):  # never let the file's open quote swallow the rows
        body = ('"' + layout.newline).encode(layout.encoding) + body
    elif _missing_newline(target, layout):
        body = layout.newline.encode(layout.encoding) + body
    return old + body, lacking
