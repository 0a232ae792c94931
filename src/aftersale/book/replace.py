"""Replacing files whole: one file atomically, or several as one journaled change.

A crash leaves either the old files or the new ones, never half of either.
Apart from `write`, which appends records to the touchpoint log and the other
CSV files in their own form; both write through the same checks of links and
report failures the same way, from here.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path

from aftersale.book.files import FILES
from aftersale.errors import ExitCode, WriteError

OWNER_ONLY = 0o600  # the files aftersale creates hold personal data about customers
PENDING_NAME = ".aftersale-pending.json"


def target_of(path: Path) -> Path:
    """The file a write of `path` lands in: where a link points, when the link leads to a
    file. A link to nothing is refused: writing would create a file wherever it points."""
    target = Path(os.path.realpath(path))
    if path.is_symlink() and not target.exists():
        raise WriteError(
            f"{path} is a link to {target}, which does not exist; aftersale writes through "
            "a link only to a file that is there (create that file, or remove the link)",
            exit_code=ExitCode.CANT_CREATE,
        )
    return target


def write_error(target: Path, error: OSError) -> WriteError:
    reason = error.strerror or str(error)
    if isinstance(error, PermissionError) or error.errno in (
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,
    ):
        return WriteError(f"cannot write {target}: {reason}", exit_code=ExitCode.CANT_CREATE)
    return WriteError(
        f"could not write {target}: {reason}; the file was left as it was",
        exit_code=ExitCode.IO_ERR,
    )


def sync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file whole: temp file, fsync, rename, fsync the folder; keep its permissions
    (a new file is the owner's only, 0600, like every file aftersale creates).

    A crash leaves either the old file or the new one, never half of either.
    """
    import tempfile

    target = target_of(path)
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else None
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise write_error(target, error) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:
            mode = OWNER_ONLY  # a new file holds customer data: readable by its owner only
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise write_error(target, error) from None
    sync_folder(folder)


def replace_together(book_dir: Path, contents: Mapping[Path, bytes]) -> None:
    """Replace several files of a book as one change; call it holding `book_lock`.

    Every new version is written and synced to a temporary file first; a
    journal naming them is then put in place, the files are renamed over
    their targets, and the journal removed. A run killed before the journal
    changed nothing; one killed after it is finished by the next writer
    (`finish_pending`, called by `book_lock`), so the change is never half made.
    """
    import json
    import tempfile

    staged: list[tuple[str, str]] = []
    try:
        for path, data in contents.items():
            target = target_of(path)
            mode = target.stat().st_mode & 0o777 if target.exists() else OWNER_ONLY
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((temp, str(target)))
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, mode)
        journal = book_dir / PENDING_NAME
        write_atomic(journal, json.dumps(staged).encode("utf-8"))
    except OSError as error:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)
        raise write_error(book_dir, error) from None
    finish_pending(book_dir)


def finish_pending(book_dir: Path) -> None:
    """Complete a change that `replace_together` journaled but could not finish, then
    remove the temporary files of writers that died before their rename.

    Runs under the book's lock, which every writer of the book's files holds, so a
    temporary file of one of them found then belongs to no living writer.
    """
    import json

    journal = book_dir / PENDING_NAME
    try:
        staged = json.loads(journal.read_bytes())
    except (OSError, ValueError):
        _remove_dead_temporaries(book_dir)
        return
    try:
        for temp, target in staged:
            if Path(temp).exists():
                os.replace(temp, target)
                sync_folder(Path(target).parent)
        journal.unlink(missing_ok=True)
        sync_folder(book_dir)
    except OSError as error:
        raise write_error(book_dir, error) from None
    _remove_dead_temporaries(book_dir)


def _remove_dead_temporaries(book_dir: Path) -> None:
    for name in FILES:
        for temp in book_dir.glob(f".{name}.*.tmp"):
            if temp.is_file() and not temp.is_symlink():
                temp.unlink(missing_ok=True)
