"""Find a customer the way a person types one: an id, or the start of an id or a name."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable

from aftersale.errors import AftersaleError, ExitCode
from aftersale.models import Book, Customer
from aftersale.text import quoted

_INVISIBLE = dict.fromkeys(
    ch for ch in range(0x2000, 0x2070) if unicodedata.category(chr(ch)) == "Cf"
) | {0xFEFF: None, 0x00AD: None}


def folded(text: str) -> str:
    """For matching only: NFC, case-folded, invisible characters removed."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE).casefold().strip()


# Letters that carry no combining accent to strip, spelled as a keyboard without them would.
_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "\u0131": "i", "ħ": "h"}  # \u0131: dotless i
)


def loose(text: str) -> str:
    """Folded, and without accents: 'José', 'jose' and 'JOSÉ' meet; so do 'Łucja' and 'lucja'."""
    decomposed = unicodedata.normalize("NFKD", folded(text).translate(_PLAIN_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _starts(customer: Customer, key: str, fold: Callable[[str], str]) -> bool:
    name = fold(customer.name)
    return (
        fold(customer.id).startswith(key)
        or name.startswith(key)
        or any(part.startswith(key) for part in name.split())
        or bool(customer.company and fold(customer.company).startswith(key))
    )


def find_customer(book: Book, query: str) -> Customer:
    """The one customer `query` means; a clear error (exit 65) when none or several match."""
    exact = book.customer_by_id.get(query)
    if exact is not None:
        return exact
    key = folded(query)
    if not key:
        raise AftersaleError("name a customer by id or name", exit_code=ExitCode.DATA_ERR)
    same_id = [c for c in book.customers if folded(c.id) == key]
    if len(same_id) == 1:
        return same_id[0]
    candidates = [c for c in book.customers if _starts(c, key, folded)]
    if not candidates:  # typed without accents, or with accents the book does not have
        candidates = [c for c in book.customers if _starts(c, loose(query), loose)]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listed = "; ".join(f"{c.id} {quoted(c.name)}" for c in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        raise AftersaleError(
            f"{quoted(query)} matches {len(candidates)} customers: {listed}{more}; "
            "use the id or more of the name",
            exit_code=ExitCode.DATA_ERR,
        )
    names = {folded(c.name): c for c in book.customers} | {folded(c.id): c for c in book.customers}
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    hint = (
        "; did you mean " + ", ".join(f"{names[n].id} {quoted(names[n].name)}" for n in close) + "?"
        if close
        else ""
    )
    raise AftersaleError(f"no customer matches {quoted(query)}{hint}", exit_code=ExitCode.DATA_ERR)
