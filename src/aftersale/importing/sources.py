"""Source files to rows with line numbers: CSV exports and vCard files.

Encodings: a byte-order mark (UTF-8, UTF-16) first, then UTF-16 told by its
NUL bytes, then strict UTF-8, then Windows-1252 (the plain Excel save on
Western Windows), which is said in the summary, never silent. CSV: delimiter
from the header line (or a `sep=` line), quoted multi-line cells, report
preambles and footers (Salesforce's "Grand Totals (5 records)", the
confidentiality line) left out. vCard: each card read on its own, so one
broken card is reported with its line and the others are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aftersale.book.read import pick_delimiter
from aftersale.errors import AftersaleError, ExitCode
from aftersale.text import safe


@dataclass(slots=True)
class Row:
    """One record of a source: (header, value) pairs in file order, and where it starts."""

    line: int
    cells: list[tuple[str, str]]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Skip:
    line: int
    reason: str


@dataclass(slots=True)
class Table:
    path: Path
    headers: list[str]
    rows: list[Row]
    skipped: list[Skip]
    encoding: str
    is_vcard: bool = False


def decode(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The text of a source file and the encoding it was read with.

    With `encoding` (from --encoding) that one is used, strictly. Otherwise a
    byte-order mark, then UTF-16 told by NUL bytes, then UTF-8, then
    Windows-1252 when the text it gives looks like a Western language.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AftersaleError(
            f"{safe(str(path))}: no such file", exit_code=ExitCode.NO_INPUT
        ) from None
    except OSError as error:
        raise AftersaleError(
            f"{safe(str(path))}: cannot read it: {error.strerror}", exit_code=ExitCode.NO_INPUT
        ) from None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise AftersaleError(
            f"{safe(str(path))}: a spreadsheet workbook, not a CSV file; save it as CSV "
            "(UTF-8) from the spreadsheet and import that",
            exit_code=ExitCode.DATA_ERR,
        )
    if encoding is not None:
        return _decode(path, data.removeprefix(codecs.BOM_UTF8), encoding), encoding
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode(path, data[len(bom) :], name), name
    head = data[:400]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return _decode(path, data, "utf-16-le"), "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return _decode(path, data, "utf-16-be"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise AftersaleError(
            f"{safe(str(path))}: neither UTF-8 nor Windows-1252 (byte "
            f"0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8 and import "
            "it again, or say its encoding with --encoding (cp1251, gb18030, shift_jis, ...)",
            exit_code=ExitCode.DATA_ERR,
        ) from None
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(1 for ch in letters if ord(ch) > 127) > len(letters) * 0.3:
        raise AftersaleError(
            f"{safe(str(path))}: not UTF-8, and read as Windows-1252 it is mostly accented "
            "letters, so it is in another encoding; say which with --encoding (cp1251 for "
            "Cyrillic, gb18030 for Chinese, shift_jis for Japanese, ...)",
            exit_code=ExitCode.DATA_ERR,
        )
    return text, "windows-1252"


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise AftersaleError(
            f"--encoding {safe(encoding)}: no such encoding", exit_code=ExitCode.USAGE
        ) from None
    except UnicodeDecodeError as error:
        raise AftersaleError(
            f"{safe(str(path))}: not valid {encoding.upper()} at offset {error.start}",
            exit_code=ExitCode.DATA_ERR,
        ) from None


def read_source(path: Path, encoding: str | None = None) -> Table:
    text, encoding = decode(path, encoding)
    if re.match(r"\s*BEGIN:VCARD", text, re.IGNORECASE):
        return read_vcards(path, text, encoding)
    return read_csv_text(path, text, encoding)


# --- CSV -----------------------------------------------------------------------------------

# Lines a report adds around its rows (Salesforce): totals, copyright, confidentiality, who ran it.
_TOTALS = re.compile(r"^(grand )?totals?( \(\d+ records?\))?$", re.IGNORECASE)
_FOOTER = re.compile(r"^(copyright\b|confidential information\b|generated by\b|©)", re.IGNORECASE)


_UNCLOSED = "a quote opened on this line is never closed; the line is skipped"


def _physical_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None]]:
    """(first line, cells) of each CSV record; quoted newlines stay inside their cell.

    A quote left open would swallow the rest of the file into one cell: its
    record comes back as None, and reading resumes on the next line.
    """
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines):
        reader = csv.reader(
            io.StringIO("".join(lines[start:]), newline=""), delimiter=delimiter, strict=True
        )
        line = start + 1
        try:
            for cells in reader:
                yield line, cells
                line = start + reader.line_num + 1
            return
        except csv.Error:
            yield line, None
            start = line  # the line after the one where the record began


def read_csv_text(path: Path, text: str, encoding: str) -> Table:
    lines = text.splitlines()
    first = next((number for number, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Table(path, [], [], [], encoding)
    separator = re.match(r"^\s*sep=(.)\s*$", lines[first])
    delimiter = separator.group(1) if separator else pick_delimiter(lines[first])
    headers: list[str] | None = None
    rows: list[Row] = []
    skipped: list[Skip] = []
    in_footer = False
    for line, found in _physical_rows(text, delimiter):
        if found is None:
            skipped.append(Skip(line, _UNCLOSED))
            continue
        cells = [_clean(cell) for cell in found]
        filled = [cell for cell in cells if cell.strip()]
        if not filled or (separator and line == first + 1):
            continue
        if headers is None:
            if len(filled) < 2:
                continue  # a report's title line above the header
            headers = [cell.strip() for cell in cells]
            while headers and not headers[-1]:
                headers.pop()
            continue
        if _TOTALS.match(cells[0].strip()) or (
            len(filled) == 1 and (in_footer or _FOOTER.match(filled[0].strip()))
        ):
            in_footer = True
            continue
        if len(cells) > len(headers) and any(cell.strip() for cell in cells[len(headers) :]):
            skipped.append(
                Skip(
                    line,
                    f"{len(cells)} fields where the header has {len(headers)} "
                    "(a stray delimiter or quote?)",
                )
            )
            continue
        pairs = [(header, cell) for header, cell in zip(headers, cells, strict=False) if header]
        rows.append(Row(line, pairs))
    return Table(path, headers or [], rows, skipped, encoding)


# --- vCard ---------------------------------------------------------------------------------

_QP_PROPERTY = re.compile(r"^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]", re.IGNORECASE)


def join_soft_breaks(lines: list[str]) -> list[str]:
    """Join quoted-printable soft line breaks (`=` at a line's end), only inside
    properties that say QUOTED-PRINTABLE: elsewhere a final `=` is data."""
    joined: list[str] = []
    carrying = False
    for line in lines:
        if carrying and joined:
            joined[-1] = (
                joined[-1][:-1] + line.lstrip(" \t")
                if line.startswith((" ", "\t"))
                else joined[-1][:-1] + line
            )
        else:
            joined.append(line)
        current = joined[-1]
        carrying = bool(_QP_PROPERTY.match(current)) and current.endswith("=")
    return joined


def split_cards(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, lines) of each BEGIN:VCARD ... END:VCARD block."""
    card: list[str] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            card, start = [line.strip("\r")], number
        elif card is not None:
            card.append(line.rstrip("\r"))
            if upper == "END:VCARD":
                yield start, card
                card = None
    if card is not None:
        yield start, [*card, "END:VCARD"]


def read_vcards(path: Path, text: str, encoding: str) -> Table:
    import vobject

    rows: list[Row] = []
    skipped: list[Skip] = []
    for line, card_lines in split_cards(text):
        card_text = "\r\n".join(join_soft_breaks(card_lines)) + "\r\n"
        try:
            card = vobject.readOne(card_text, ignoreUnreadable=True)
            rows.append(Row(line, *_card_cells(card)))
        except Exception as error:  # vobject raises many kinds on a damaged card
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            skipped.append(Skip(line, f"this vCard cannot be read: {reason[:120]}"))
    return Table(path, list(VCARD_HEADERS), rows, skipped, encoding, is_vcard=True)


VCARD_HEADERS = (
    "UID",
    "FN",
    "N.given",
    "N.additional",
    "N.family",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "BDAY",
    "NOTE",
    "ADR",
    "URL",
)


def _clean(text: str) -> str:
    """One line end, NFC (macOS writes NFD), no NUL."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_clean(str(part)) for part in value if str(part).strip())
    return _clean(str(value))


def _card_cells(card: object) -> tuple[list[tuple[str, str]], dict[str, str]]:
    contents: dict[str, list[object]] = getattr(card, "contents", {})
    cells: list[tuple[str, str]] = []
    extra: dict[str, str] = {}

    def values(name: str) -> list[object]:
        return contents.get(name, [])

    for name, header in (("uid", "UID"), ("fn", "FN"), ("title", "TITLE"), ("note", "NOTE")):
        for prop in values(name)[:1]:
            cells.append((header, _text(getattr(prop, "value", ""))))
    for prop in values("n")[:1]:
        value = getattr(prop, "value", None)
        for part, header in (("given", "N.given"), ("additional", "N.additional")):
            cells.append((header, _text(getattr(value, part, ""))))
        cells.append(("N.family", _text(getattr(value, "family", ""))))
    for prop in values("org")[:1]:
        value = getattr(prop, "value", "")
        first = value[0] if isinstance(value, list) and value else value
        cells.append(("ORG", str(first)))
    for name, header in (("email", "EMAIL"), ("tel", "TEL"), ("url", "URL")):
        for prop in values(name):
            text = _text(getattr(prop, "value", ""))
            if header == "TEL" and text.lower().startswith("tel:"):
                text = text[4:]  # vCard 4.0 writes numbers as tel: URIs
            cells.append((header, text))
    for prop in values("bday")[:1]:
        cells.append(("BDAY", _text(getattr(prop, "value", ""))))
        params: dict[str, list[str]] = getattr(prop, "params", {})
        omit = params.get("X-APPLE-OMIT-YEAR")
        if omit:
            extra["omit_year"] = omit[0]
    for prop in values("adr")[:1]:
        value = getattr(prop, "value", None)
        parts = [
            _text(getattr(value, name, ""))
            for name in ("box", "extended", "street", "city", "region", "code", "country")
        ]
        cells.append(("ADR", "\n".join(part for part in parts if part.strip())))
    return cells, extra
