"""Show a book's problems compiler-style (file:line:col: severity: field: message), or as JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

from aftersale.errors import Problem
from aftersale.text import json_safe, plural, safe

SCHEMA_VERSION = 1


def _location(problem: Problem) -> str:
    parts = [safe(problem.file)]
    if problem.line:
        parts.append(str(problem.line))
        if problem.column:
            parts.append(str(problem.column))
    return ":".join(parts)


def _caret(excerpt: str, column: int) -> str:
    """Spaces up to `column` (counting wide characters twice), then a caret."""
    pad = []
    for ch in excerpt[: max(column - 1, 0)]:
        if ch == "\t":
            pad.append("\t")
        else:
            pad.append("  " if unicodedata.east_asian_width(ch) in "WF" else " ")
    return "".join(pad) + "^"


def format_problem(problem: Problem) -> str:
    field = f"{safe(problem.field)}: " if problem.field else ""
    lines = [f"{_location(problem)}: {problem.severity.value}: {field}{problem.message}"]
    if problem.excerpt is not None:
        excerpt = safe(problem.excerpt, keep_tabs=True)
        lines.append(f"    {excerpt}")
        if problem.column:
            lines.append(f"    {_caret(excerpt, problem.column)}")
    if problem.hint:
        lines.append(f"    hint: {problem.hint}")
    return "\n".join(lines)


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})

    return f"{plural(errors, 'error')} and {plural(warnings, 'warning')} in {plural(files, 'file')}"


def render_text(problems: Sequence[Problem]) -> str:
    return "\n".join(format_problem(p) for p in problems)


def render_json(problems: Sequence[Problem], book: str, counts: dict[str, int]) -> str:
    """The `check --format json` document; fields may be added, never renamed or removed."""
    document = {
        "schema": SCHEMA_VERSION,
        "book": book,
        "ok": not any(p.is_error for p in problems),
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
        "records": counts,
        "problems": [
            {
                "file": p.file,
                "line": p.line or None,
                "column": p.column,
                "field": p.field,
                "severity": p.severity.value,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2))
