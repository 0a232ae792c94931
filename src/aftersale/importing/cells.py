"""A row's cells by the field they hold: the first, every one, dates, and people's names.

A source may have several columns for one field (`E-mail 1`, `E-mail 2`), so a
row's values are kept per field as (header, text) pairs; these read them the
same way for people and for deals. Apart from `convert`, which decides what a
row becomes.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from aftersale.dates import DateOrder
from aftersale.importing.parse import parse_day, split_values
from aftersale.importing.sources import Skip

# A row's values: for each field, the (header, text) of every column that holds it.
Values = dict[str, list[tuple[str, str]]]


def join_name(first: str, middle: str, last: str) -> str:
    parts = [part for part in (first, middle, last) if part]
    if first and last and is_cjk(first) and is_cjk(last):
        return f"{last}{middle}{first}"  # family name first, no spaces: 王芳
    return " ".join(parts)


def is_cjk(text: str) -> bool:
    return all(
        unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
        for ch in text
        if not ch.isspace()
    )


def first_of(values: Values, name: str) -> str:
    found = values.get(name)
    return found[0][1] if found else ""


def every(values: Values, name: str) -> list[str]:
    seen: dict[str, None] = {}
    for _, text in values.get(name, []):
        for part in split_values(text) if name in ("email", "phone") else [text]:
            seen.setdefault(part, None)
    return list(seen)


def day_of(values: Values, name: str, orders: dict[str, DateOrder | None]) -> date | None:
    found = values.get(name)
    if not found:
        return None
    header, text = found[0]
    try:
        return parse_day(text, orders.get(header))
    except ValueError as error:
        raise ValueError(f"{header}: {error}") from None


def optional_date(
    values: Values,
    name: str,
    orders: dict[str, DateOrder | None],
    line: int,
    left_out: list[Skip],
) -> date | None:
    try:
        return day_of(values, name, orders)
    except ValueError as error:
        left_out.append(Skip(line, str(error)))
        return None
