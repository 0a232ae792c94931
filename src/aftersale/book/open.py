"""Opening a book: the cached state when it may be used, else every file read afresh.

Above both the loader and the cache, so that neither imports the other's caller.
"""

from __future__ import annotations

import gc
from pathlib import Path

from aftersale.book.load import load_fresh
from aftersale.errors import Problem
from aftersale.models import Book


def load_book(
    book_dir: Path,
    only: frozenset[str] | None = None,
    *,
    keep_touchpoints: bool = False,
    cache: bool = False,
) -> tuple[Book, list[Problem]]:
    """Read and validate a book; return what is valid and every problem found.

    `only` names the kinds of record a command needs (say customers and deals
    for `log`); the other files are not read. The touchpoint log is folded as
    it is read and not kept, unless `keep_touchpoints` (the demo book, which is
    moved in time after loading). With `cache`, a stored result for files with
    the same content is used (see `book.cache`). The cyclic garbage collector
    is paused while the records are built: they all live until the command ends.
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if cache and not keep_touchpoints:
            from aftersale.book.cache import load_cached

            return load_cached(book_dir, only)
        loaded = load_fresh(book_dir, only, keep_touchpoints=keep_touchpoints)
        return loaded.book, loaded.problems
    finally:
        gc.freeze()
        if gc_was_enabled:
            gc.enable()
