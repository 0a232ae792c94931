"""Phrase pydantic's validation errors in the user's terms: "expected X, got Y"."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from aftersale.text import quoted

_EXPECTED = {
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "finite_number": "expected a finite number",
    "string_type": "expected text",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
    "date_type": "expected a date as YYYY-MM-DD",
    "literal_error": "expected {expected}",
    "string_too_short": "expected a non-empty value",
    "string_too_long": "expected at most {max_length} characters",
    "string_pattern_mismatch": "expected a value of the form {pattern}",
    "greater_than_equal": "expected a value of at least {ge}",
    "greater_than": "expected a value above {gt}",
    "less_than_equal": "expected a value of at most {le}",
    "less_than": "expected a value below {lt}",
}

_PATTERNS = {r"^[A-Za-z]{3}$": "a three-letter currency code such as EUR"}


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return quoted(value)


def describe(error: ErrorDetails) -> str:
    """One sentence for one error; our own validators' messages are used as they are."""
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "missing":
        return "required, but missing"
    if kind in ("value_error", "assertion_error") and "error" in context:
        return str(context["error"])
    template = _EXPECTED.get(kind)
    if template is None:
        return f"{error['msg']}, got {_shown(error.get('input'))}"
    details = {key: _PATTERNS.get(str(value), value) for key, value in context.items()}
    return f"{template.format(**details)}, got {_shown(error.get('input'))}"
