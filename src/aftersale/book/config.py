"""Read aftersale.toml into `Settings`; its problems exit with the configuration code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from aftersale.book.files import DATA_FILES, SETTINGS_FILE
from aftersale.book.messages import describe
from aftersale.book.toml_read import read_toml_text, toml_positions
from aftersale.errors import ExitCode, Problem, Severity
from aftersale.playbook import Playbook, build_playbook, default_playbook
from aftersale.settings import Settings
from aftersale.text import quoted
from aftersale.values import did_you_mean


def _unknown_keys(
    data: dict[str, Any], model: type[BaseModel], prefix: str
) -> list[tuple[str, str]]:
    """(dotted key, hint) for every key the settings do not define."""
    fields = {info.alias or name: name for name, info in model.model_fields.items()}
    known = list(fields)
    found = []
    for key, value in data.items():
        if key not in known:
            hint = did_you_mean(key, known)
            if prefix and key in Settings.model_fields:
                hint = (
                    f"; it belongs at the top of the file, above [{prefix.split('.')[0]}] "
                    "(in TOML a key below a [section] header belongs to that section)"
                )
            found.append((prefix + key, hint))
            continue
        annotation = model.model_fields[fields[key]].annotation
        if (
            isinstance(value, dict)
            and isinstance(annotation, type)
            and issubclass(annotation, BaseModel)
        ):
            found.extend(_unknown_keys(value, annotation, f"{prefix}{key}."))
    return found


def _playbook_problems(
    settings: Settings, display: str, positions: dict[str, tuple[int, int | None]]
) -> tuple[Playbook, list[Problem]]:
    playbook, error = build_playbook(settings.playbook, settings.scoring)
    problems: list[Problem] = []
    for item in error.errors() if error else []:
        parts = [str(part) for part in item["loc"]]
        key = ".".join(parts if parts[0] == "scoring" else ["playbook", *parts])
        line, column = positions.get(key, positions.get(key.rsplit(".", 1)[0], (1, None)))
        if item["type"] == "extra_forbidden":
            section = default_playbook().model_dump()
            for part in parts[:-1]:
                section = section.get(part, {}) if isinstance(section, dict) else {}
            known = list(section) if isinstance(section, dict) else []
            message = f"unknown setting {quoted(key)}{did_you_mean(parts[-1], known)}"
        else:
            message = describe(item)
        problems.append(
            Problem(display, line, message, field=key, column=column, exit_code=ExitCode.CONFIG)
        )
    return playbook, problems


def load_settings(book_dir: Path, display: str) -> tuple[Settings, Playbook, list[Problem]]:
    """The book's settings, or defaults plus problems when the file is wrong."""
    problems: list[Problem] = []
    path = book_dir / SETTINGS_FILE
    data = read_toml_text(path, display, problems)
    if data is None:
        problems = [replace(p, exit_code=ExitCode.CONFIG) for p in problems]
        return Settings(), default_playbook(), problems
    positions = _key_positions(path)
    for key, hint in _unknown_keys(data, Settings, ""):
        line, column = positions.get(key, (1, None))
        problems.append(
            Problem(
                display,
                line,
                f"unknown setting {quoted(key)} is ignored{hint}",
                field=key,
                column=column,
                severity=Severity.WARNING,
            )
        )
    for name in data.get("files", {}) if isinstance(data.get("files"), dict) else {}:
        if name not in DATA_FILES:
            line, column = positions.get(f"files.{name}", (1, None))
            problems.append(
                Problem(
                    display,
                    line,
                    f"[files] names {quoted(name)}, which is not a file of the book"
                    + did_you_mean(name, list(DATA_FILES)),
                    field="files",
                    severity=Severity.WARNING,
                )
            )
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            key = ".".join(str(part) for part in item["loc"])
            line, column = positions.get(key, positions.get(str(item["loc"][0]), (1, None)))
            problems.append(
                Problem(
                    display,
                    line,
                    describe(item),
                    field=key,
                    column=column,
                    exit_code=ExitCode.CONFIG,
                )
            )
        settings = Settings()
    playbook, found = _playbook_problems(settings, display, positions)
    return settings, playbook, problems + found


def _key_positions(path: Path) -> dict[str, tuple[int, int | None]]:
    """Dotted key -> position, e.g. 'owner.email' or 'files.deals.csv.encoding'."""
    positions: dict[str, tuple[int, int | None]] = {}
    for table, header_line, keys in toml_positions(path):
        prefix = f"{table}." if table else ""
        if table:
            positions.setdefault(table, (header_line, None))
        for key, position in keys.items():
            positions.setdefault(prefix + key, position)
    return positions
