"""New ids a person can read and type: `D-1043` after `D-1042`, `anna-berg` for Anna Berg.

Called while the book's lock is held, with every id already in the file, so
that two runs adding at the same moment never hand out the same id.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection

from aftersale.errors import AftersaleError, ExitCode
from aftersale.text import quoted

_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)$")

# The first id of each kind in a book that has none yet.
FIRST_IDS = {"customers": "C-001", "deals": "D-1001", "promises": "P-01", "cases": "K-01"}


def next_id(existing: Collection[str], first: str) -> str:
    """The id after the highest one of the form most ids share (`D-1042` -> `D-1043`).

    The number keeps its width (`P-07` -> `P-08`); with no numbered ids yet, `first`.
    """
    forms: Counter[str] = Counter()
    highest: dict[str, tuple[int, int]] = {}
    for record_id in existing:
        match = _NUMBERED.match(record_id)
        if match is None:
            continue
        prefix, digits = match["prefix"], match["number"]
        forms[prefix] += 1
        number, width = highest.get(prefix, (0, 0))
        highest[prefix] = (max(number, int(digits)), max(width, len(digits)))
    if not forms:
        prefix, number, width = _split(first)
        number -= 1
    else:
        prefix = max(forms, key=lambda p: (forms[p], highest[p][0], p))
        number, width = highest[prefix]
    taken = set(existing)
    while True:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if candidate not in taken:
            return candidate


def _split(record_id: str) -> tuple[str, int, int]:
    match = _NUMBERED.match(record_id)
    if match is None:
        raise ValueError(f"not a numbered id: {record_id}")
    return match["prefix"], int(match["number"]), len(match["number"])


def slug(name: str) -> str:
    """`José Núñez-García` -> `jose-nunez-garcia`: lower case ASCII letters, digits, dashes."""
    from aftersale.lookup import loose

    folded = loose(name)
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:40].strip("-")


def customer_id(name: str, existing: Collection[str]) -> str:
    """A slug of the name, made unique with `-2`, `-3`...; a numbered id when the name
    has no letters a keyboard without accents can type (`王芳`)."""
    base = slug(name)
    if not base:
        return next_id(existing, FIRST_IDS["customers"])
    taken = {record_id.casefold() for record_id in existing}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def chosen_id(record_id: str, existing: Collection[str], what: str) -> str:
    """An id given with --id, refused when another record of the kind has it."""
    if record_id in existing:
        raise AftersaleError(
            f"--id: the id {quoted(record_id)} is taken by another {what}; choose another "
            "or leave --id out to get the next free one",
            exit_code=ExitCode.DATA_ERR,
        )
    return record_id
