"""Whose books are read: yours, or ones you said you trust.

A book's aftersale.toml names the command that sends mail, and its files
decide what you are told to say to customers. A book that another user owns,
or that others can change, could be changed to run their command as you or to
put their words in your messages. So, as git does with `safe.directory`, such a
book is refused until its path is listed in your own trust file. Free of heavy
imports: it runs before every command that reads a book.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from aftersale.book.files import SETTINGS_FILE
from aftersale.errors import AftersaleError, ExitCode

TRUST_FILE = "trusted-books"


class UntrustedBookError(AftersaleError):
    exit_code = ExitCode.NO_PERM


def trust_file() -> Path:
    """Your own list of books you trust although they fail the ownership check."""
    import platformdirs

    return Path(platformdirs.user_config_dir("aftersale", appauthor=False)) / TRUST_FILE


def check_book_is_yours(folder: Path) -> None:
    """Refuse a book folder, or its settings file, owned by another user or writable by
    others, unless its path is in the trust file."""
    if not hasattr(os, "geteuid"):  # no owners to compare on this system
        return
    for path in (folder, folder / SETTINGS_FILE):
        reason = _why_not_yours(path)
        if reason is None:
            continue
        if _is_trusted(folder):
            return
        raise UntrustedBookError(_refusal(folder, path, reason))


def _why_not_yours(path: Path) -> str | None:
    try:
        info = path.stat()
    except OSError:
        return None  # a missing file is told elsewhere, with its own message
    me = os.geteuid()
    if info.st_uid != me:
        return f"it belongs to {_user_name(info.st_uid)}, not to you"
    if info.st_mode & stat.S_IWOTH:
        return "every user of this computer can change it"
    if info.st_mode & stat.S_IWGRP and not _private_group(info.st_gid, me):
        return f"the members of the group {_group_name(info.st_gid)} can change it"
    return None


def _private_group(gid: int, uid: int) -> bool:
    """A group that only you are in (the user-private group of most systems, where
    files are group-writable by default) is as good as yours."""
    import grp
    import pwd

    try:
        group = grp.getgrgid(gid)
        me = pwd.getpwuid(uid)
    except KeyError:
        return False
    if group.gr_mem and set(group.gr_mem) != {me.pw_name}:
        return False
    return me.pw_gid == gid and all(
        user.pw_uid == uid for user in pwd.getpwall() if user.pw_gid == gid
    )


def _is_trusted(folder: Path) -> bool:
    """The book's path, or `*`, is a line of the trust file, and that file is itself
    yours alone (a trust file others can change trusts nothing)."""
    listing = trust_file()
    if _why_not_yours(listing) is not None:
        return False
    try:
        lines = listing.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    wanted = {str(folder.resolve())}
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry == "*" or str(Path(entry).expanduser().resolve()) in wanted:
            return True
    return False


def _refusal(folder: Path, path: Path, reason: str) -> str:
    import shlex

    from aftersale.text import safe

    what = "it is not safe to read" if path == folder else f"its {path.name} is not safe"
    listing = trust_file()
    return (
        f"refusing the book {safe(str(folder))}: {what}, since {reason}.\n"
        "A book can name commands to run, so aftersale reads only books that you own "
        "and that only you can change.\nMake it yours (chown it, or chmod go-w it), or, "
        f"if you trust everyone who can change it, list it in {safe(str(listing))}:\n\n"
        f"    mkdir -p {shlex.quote(str(listing.parent))} && "
        f"echo {shlex.quote(str(folder.resolve()))} >> {shlex.quote(str(listing))}"
    )


def _user_name(uid: int) -> str:
    import pwd

    try:
        return f"the user {pwd.getpwuid(uid).pw_name}"
    except KeyError:
        return f"the user with id {uid}"


def _group_name(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)
