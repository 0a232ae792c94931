"""Shell completion of customer and deal ids, from the book the command would use.

Typer's completion classes are registered only when the shell asks for
completions (`_AFTERSALE_COMPLETE` is set), so ordinary runs do not load them.
Enable it in a shell with, for bash, `eval "$(_AFTERSALE_COMPLETE=source_bash
aftersale)"` (source_zsh and source_fish for those shells).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

COMPLETE_VAR = "_AFTERSALE_COMPLETE"
MOST = 200


def enable_if_asked() -> None:
    """Register the shells' completion when a shell is asking for completions."""
    if os.environ.get(COMPLETE_VAR):
        from typer._completion_classes import completion_init

        completion_init()


def _book(ctx: Any) -> Any:
    from aftersale.book.locate import find_book
    from aftersale.book.open import load_book

    option = ctx.params.get("book") if ctx is not None else None
    path = find_book(Path(option) if option else None, demo=bool(ctx and ctx.params.get("demo")))
    return load_book(path, frozenset({"customers", "deals"}), cache=True)[0]


def complete_customer(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Customer ids starting with what was typed, each shown with the name (the shells
    offer only what starts with the word typed, so names are not offered)."""
    try:
        book = _book(ctx)
        return [
            (customer.id, customer.name)
            for customer in book.customers
            if customer.id.startswith(incomplete)
        ][:MOST]
    except Exception:  # a completion must never print a trace into the shell
        return []


def complete_deal(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Deal ids starting with what was typed, open deals first; each shown with its title."""
    try:
        book = _book(ctx)
        deals = sorted(book.deals, key=lambda d: (d.stage.value != "open", d.id))
        return [
            (deal.id, f"{deal.title or ''} ({deal.stage.value})".strip())
            for deal in deals
            if deal.id.startswith(incomplete)
        ][:MOST]
    except Exception:  # a completion must never print a trace into the shell
        return []
