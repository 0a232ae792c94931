"""Decoding a book file: byte-order marks, UTF-16, and legacy encodings refused with a hint.

Text is never decoded by guesswork: a file that is not UTF-8 (or UTF-16 with
a byte-order mark) is an error naming the line and byte, until its encoding
is set in aftersale.toml.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TextIO

from aftersale.errors import ExitCode, Problem

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


def decode_problem(path: Path, display: str, encoding: str) -> Problem:
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
        problems.append(
            Problem(
                display, 0, "permission denied: cannot read this file", exit_code=ExitCode.NO_INPUT
            )
        )
        return None
    except OSError as error:
        problems.append(
            Problem(
                display, 0, f"cannot read this file: {error.strerror}", exit_code=ExitCode.NO_INPUT
            )
        )
        return None
    chosen, reason = _sniff_encoding(head, encoding)
    if chosen is None:
        problems.append(Problem(display, 1, f"cannot be read: it {reason}"))
        return None
    return path.open(encoding=chosen, newline="", errors="strict")
