"""Create a new book from the commented starter files shipped with the package."""

from __future__ import annotations

import os
from datetime import date
from importlib import resources
from pathlib import Path

from aftersale.book.replace import OWNER_ONLY, sync_folder
from aftersale.errors import CantCreateError

STARTER_FILES = (
    "aftersale.toml",
    "customers.toml",
    "deals.toml",
    "promises.csv",
    "touchpoints.csv",
    "feedback.csv",
    "cases.csv",
)


def create_book(target: Path, today: date) -> list[Path]:
    """Write the starter files into `target`; refuse before writing if any already exists.

    The settings name `today` as the day the book was started.
    """
    existing = [target / name for name in STARTER_FILES if (target / name).exists()]
    if existing:
        raise CantCreateError(
            f"{existing[0]} already exists; init never overwrites a file "
            "(choose another folder, or move the file away)"
        )
    try:
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise CantCreateError(f"cannot create {target}: {error.strerror}") from None
    source = resources.files("aftersale") / "starter"
    created: list[Path] = []
    try:
        for name in STARTER_FILES:
            path = target / name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                text = (source / name).read_text(encoding="utf-8")
                stream.write(text.replace("@TODAY@", today.isoformat()))
            created.append(path)
    except OSError as error:
        for path in created:
            path.unlink(missing_ok=True)
        raise CantCreateError(f"cannot create {error.filename}: {error.strerror}") from None
    sync_folder(target)  # the new names are on disk, not only the files' bytes
    return created
