"""Reading TOML book files: syntax errors with position and hint; where each table and key is."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from aftersale.book.decode import decode_problem
from aftersale.book.read import Position
from aftersale.errors import ExitCode, Problem
from aftersale.values import normalize_token

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=")


def read_toml_text(path: Path, display: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse a TOML file; a syntax error becomes a Problem with line, column and the line."""
    import tomli

    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(
            Problem(
                display, 0, f"cannot read this file: {error.strerror}", exit_code=ExitCode.NO_INPUT
            )
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(decode_problem(path, display, "utf-8-sig"))
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
                hint=_toml_hint(source, error.msg, text),
                excerpt=source,
            )
        )
        return None


def _toml_hint(source: str, message: str, text: str) -> str | None:
    if any(ch in source for ch in "\u201c\u201d\u2018\u2019"):
        return "use straight quotes (\" or ') instead of typographic ones"
    written = re.search(r"=\s*(\d{4})-(\d{2})-(\d{2})\b", source)
    if written:
        try:
            date(*(int(part) for part in written.groups()))
        except ValueError as error:
            return f"{written.group(0).lstrip('= ').strip()} is not a date ({error})"
    if re.search(r"=\s*-?\d+,\d", source):
        return "TOML numbers use a dot as the decimal mark: 1234.50"
    if "\r" in text.replace("\r\n", ""):
        return "the file has CR-only line endings; re-save it with LF or CRLF"
    if "Cannot overwrite" in message or "Cannot declare" in message:
        return "a key or table is given twice; keep one of them"
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
