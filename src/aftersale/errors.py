"""Problems are values, exit codes are one enum, and errors carry their exit code.

Loaders never raise on bad data: they return every `Problem` they find so the
user sees all of them at once. Exceptions are kept for conditions that stop a
command outright (no book, a file that cannot be written, a busy lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """Process exit codes, following sysexits.h where it has a meaning for us."""

    OK = 0
    USAGE = 2
    OVERDUE = 3
    DATA_ERR = 65
    NO_INPUT = 66
    UNAVAILABLE = 69
    SOFTWARE = 70
    CANT_CREATE = 73
    IO_ERR = 74
    TEMP_FAIL = 75
    NO_PERM = 77
    CONFIG = 78
    INTERRUPTED = 130


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or suspicious) in the book, located as precisely as we can.

    `line` and `column` count from 1; `line` is 0 when the problem concerns a
    whole file (a missing file, two conflicting files).
    """

    file: str
    line: int
    message: str
    field: str | None = None
    column: int | None = None
    severity: Severity = Severity.ERROR
    hint: str | None = None
    excerpt: str | None = None
    exit_code: ExitCode = ExitCode.DATA_ERR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column or 0, self.field or "")


def error_count(problems: list[Problem]) -> int:
    """How many of the problems are errors (warnings do not count)."""
    return sum(1 for p in problems if p.is_error)


def exit_code_for(problems: list[Problem]) -> ExitCode:
    """The exit code a set of problems deserves: configuration beats missing input beats data."""
    codes = {p.exit_code for p in problems if p.is_error}
    for code in (ExitCode.CONFIG, ExitCode.NO_INPUT, ExitCode.DATA_ERR):
        if code in codes:
            return code
    return ExitCode.OK


class AftersaleError(Exception):
    """An error that ends the command with a message and a documented exit code."""

    exit_code: ExitCode = ExitCode.SOFTWARE

    def __init__(self, message: str, *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class NoBookError(AftersaleError):
    exit_code = ExitCode.NO_INPUT


class CantCreateError(AftersaleError):
    exit_code = ExitCode.CANT_CREATE


class WriteError(AftersaleError):
    """A write that could not be done; the file is left as it was."""

    exit_code = ExitCode.IO_ERR
