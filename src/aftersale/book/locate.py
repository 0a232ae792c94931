"""Find the book: --book, then $AFTERSALE_BOOK, then upwards from here, then the data dir."""

from __future__ import annotations

import os
from pathlib import Path

from aftersale.book.files import SETTINGS_FILE
from aftersale.errors import NoBookError

NO_BOOK = """no book found.

A book is a folder holding aftersale.toml and your customers. aftersale looks
for one in --book DIR, then in $AFTERSALE_BOOK, then in this folder and its
parents, then in {data_dir}. Create one with

    aftersale init ~/sales      (then: export AFTERSALE_BOOK=~/sales)

or try the bundled demo book with `aftersale check --demo`."""


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("aftersale", appauthor=False))


def demo_dir() -> Path:
    """The demo book shipped inside the package."""
    from importlib import resources

    return Path(str(resources.files("aftersale") / "demo"))


def _must_be_book(path: Path, origin: str) -> Path:
    if not path.is_dir():
        raise NoBookError(f"{origin} {path} is not a folder")
    if not (path / SETTINGS_FILE).is_file():
        raise NoBookError(
            f"{origin} {path} is not a book: it has no {SETTINGS_FILE} "
            f"(create one there with `aftersale init {path}`)"
        )
    return path


def find_book(explicit: Path | None = None, *, demo: bool = False) -> Path:
    """The book this command reads, refused when it is not safely yours (see book/trust.py).

    The demo book is part of the installed program, so it is trusted as the program is.
    """
    if demo:
        return demo_dir()
    from aftersale.book.trust import check_book_is_yours

    found = _locate(explicit)
    check_book_is_yours(found)
    return found


def _locate(explicit: Path | None) -> Path:
    if explicit is not None:
        return _must_be_book(explicit, "--book")
    from_env = os.environ.get("AFTERSALE_BOOK")
    if from_env:
        return _must_be_book(Path(from_env).expanduser(), "AFTERSALE_BOOK")
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    data_dir = user_data_dir()
    if (data_dir / SETTINGS_FILE).is_file():
        return data_dir
    raise NoBookError(NO_BOOK.format(data_dir=data_dir))
