"""A TOML file of the book changed in place: a new `[[table]]` added, or keys of one set.

Through tomlkit, so comments and layout are kept and only the changed keys
differ; every new version is read back before it is returned. Its own module
beside `edit` (which picks the file and writes it, and edits CSV lines),
holding too the few helpers both formats share.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from aftersale.errors import AftersaleError, ExitCode, WriteError

Value = str | date | int | float | list[str]


def trouble(message: str) -> AftersaleError:
    return AftersaleError(message, exit_code=ExitCode.DATA_ERR)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise trouble(f"{path.name} is not UTF-8 text; it was left as it was") from None
    except OSError as error:
        raise WriteError(
            f"cannot read {path}: {error.strerror or error}", exit_code=ExitCode.IO_ERR
        ) from None


def toml_entries(text: str, table: str, name: str) -> list[dict[str, Any]]:
    import tomli

    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise trouble(f"{name} is not valid TOML ({error}); run `aftersale check`") from None
    entries = data.get(table, [])
    if not isinstance(entries, list):
        raise trouble(f"{name}: expected [[{table}]] tables, got a plain value")
    return entries


def toml_with_record(path: Path, table: str, values: Mapping[str, Value]) -> bytes:
    """The file's bytes followed by a new `[[table]]` holding `values`, in its line ending."""
    import tomlkit

    old = path.read_bytes() if path.exists() else b""
    text = read_text(path) if old else ""
    before = toml_entries(text, table, path.name)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = [f"[[{table}]]"]
    lines += [f"{key} = {tomlkit.item(value).as_string()}" for key, value in values.items()]
    block = newline.join(lines) + newline
    if text.strip():
        block = (newline if text.endswith("\n") else newline * 2) + block
    data = old + block.encode("utf-8")
    try:
        after = toml_entries(data.decode("utf-8-sig"), table, path.name)
    except AftersaleError:
        raise trouble(
            f"{path.name}: a new [[{table}]] at its end would not read back (its records are "
            f"not written as [[{table}]] tables?); it was left as it was"
        ) from None
    if len(after) != len(before) + 1 or any(
        after[-1].get(k) != _plain(v) for k, v in values.items()
    ):
        raise trouble(f"{path.name}: the new [[{table}]] would not read back as written")
    return data


def _plain(value: Value) -> Any:
    return list(value) if isinstance(value, list) else value


def _same_id(entry: Any, record_id: str) -> bool:
    return isinstance(entry, Mapping) and nfc(str(entry.get("id", ""))) == nfc(record_id)


def _set_key(table: Any, key: str, value: Value) -> None:
    """Set a key of a TOML table; a new key goes right after the table's last key, not after
    the blank lines and comments that end it (those introduce what follows)."""
    import tomlkit

    if key in table:
        table[key] = value
        return
    body = getattr(getattr(table, "value", None), "body", None)
    keys = [k for k, _ in body or [] if k is not None]
    if not keys or not hasattr(table.value, "_insert_after"):
        table[key] = value
        return
    table.value._insert_after(keys[-1].key, key, tomlkit.item(value))


def toml_with_changes(
    path: Path, table: str, record_id: str, changes: Mapping[str, Value]
) -> bytes:
    """The file with keys of one `[[table]]` set; everything else byte for byte as it was."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    text = read_text(path)
    before = toml_entries(text, table, path.name)
    matches = [number for number, entry in enumerate(before) if _same_id(entry, record_id)]
    if len(matches) != 1:
        raise trouble(f"{path.name} has {len(matches)} [[{table}]] with the id {record_id!r}")
    try:
        document = tomlkit.parse(text)
        entry = document[table][matches[0]]
        for key, value in changes.items():
            _set_key(entry, key, value)
        new_text = tomlkit.dumps(document)
    except (TOMLKitError, KeyError, IndexError, TypeError) as error:
        raise trouble(f"{path.name} could not be edited in place ({error})") from None
    after = toml_entries(new_text, table, path.name)
    expected = dict(before[matches[0]])
    expected.update({key: _plain(value) for key, value in changes.items()})
    others_kept = all(
        a == b
        for number, (a, b) in enumerate(zip(before, after, strict=False))
        if number != matches[0]
    )
    if len(after) != len(before) or after[matches[0]] != expected or not others_kept:
        raise trouble(f"{path.name}: the change would not read back as written")
    bom = "\ufeff" if path.read_bytes().startswith(b"\xef\xbb\xbf") else ""
    return (bom + new_text).encode("utf-8")
