"""One file of a book read and validated: records with their lines, and every problem found.

The `Loader` picks a kind's file (CSV or TOML), reads raw records from it,
validates each with the book's pydantic model in the file's validation
context, and reports what is wrong as located `Problem`s, leaving out a bad
optional value so that the record still stands. `load` drives it over the
files of a book; this module knows nothing of the order of a load, the
folded log or the cache.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aftersale.book.checks import Gaps, record_dates, record_references
from aftersale.book.messages import describe
from aftersale.book.read import Columns, RawRecord, ReadStatus, read_csv
from aftersale.book.schema import CONTACT_COLUMNS, CONTACTS, TOUCHPOINTS, FileKind
from aftersale.book.toml_read import read_toml_text, toml_positions
from aftersale.errors import ExitCode, Problem, Severity
from aftersale.history import History
from aftersale.models import Contact, Deal, Record, Touchpoint
from aftersale.settings import Settings
from aftersale.text import quoted
from aftersale.values import did_you_mean, normalize_token


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def without_bad_optional_fields(
    model: type[Record], values: dict[str, Any], error: ValidationError
) -> dict[str, Any] | None:
    """The values without the optional fields that failed, so the record can stand without
    them; None when a required field failed (the record cannot stand)."""
    fields = model.model_fields
    by_alias = {info.alias or name: name for name, info in fields.items()}
    bad = {str(item["loc"][0]) for item in error.errors() if item["loc"]}
    names = {by_alias.get(key, key) for key in bad}
    if not names or any(n not in fields or fields[n].is_required() for n in names):
        return None
    return {k: v for k, v in values.items() if by_alias.get(k, k) not in names}


class Loader:
    """Holds what one load needs; one instance per load (or per re-reading of the log)."""

    def __init__(self, book_dir: Path, settings: Settings, problems: list[Problem]) -> None:
        self.dir = book_dir
        self.settings = settings
        self.problems = problems
        self.sources: dict[str, str] = {}
        self.failed: set[str] = set()
        self.invalid_ids: dict[str, set[str]] = {}
        self.file_context: dict[str, Any] = {}
        # The log's own validation context as its last row left it, so that rows appended
        # later are read as they would be at the end of the whole log.
        self.log_context: dict[str, Any] = {}
        self.log_status = ReadStatus()

    def display(self, name: str) -> str:
        return display_path(self.dir / name)

    def new_context(self) -> dict[str, Any]:
        """Validation context for one file; it also remembers the date order a column revealed."""
        return {"date_order": self.settings.date_order, "decimal_mark": self.settings.decimal_mark}

    def pick_file(self, kind: FileKind) -> str | None:
        present = [name for name in kind.file_names() if (self.dir / name).is_file()]
        if len(present) > 1:
            self.problems.append(
                Problem(
                    self.display(present[1]),
                    0,
                    f"both {present[0]} and {present[1]} exist; keep only one of them",
                )
            )
            self.failed.add(kind.name)
            return None
        if not present:
            if kind.required:
                self.problems.append(
                    Problem(
                        self.display(kind.file_names()[-1]),
                        0,
                        f"missing: a book needs {' or '.join(kind.file_names())}",
                        exit_code=ExitCode.NO_INPUT,
                    )
                )
                self.failed.add(kind.name)
            return None
        return present[0]

    def raw_records(
        self,
        kind: FileKind,
        name: str,
        status: ReadStatus | None = None,
        tail: tuple[int, int] | None = None,
    ) -> Iterator[RawRecord]:
        if name.endswith(".toml"):
            yield from self.toml_records(kind, name)
            return
        options = self.settings.file_options(name)
        status = status or ReadStatus()
        yield from read_csv(
            self.dir / name,
            self.display(name),
            kind.columns,
            self.problems,
            status=status,
            encoding=options.encoding,
            delimiter=options.delimiter,
            tail=tail,
        )
        if not status.complete:
            self.failed.add(kind.name)

    def toml_records(self, kind: FileKind, name: str) -> list[RawRecord]:
        path = self.dir / name
        display = self.display(name)
        data = read_toml_text(path, display, self.problems)
        if data is None:
            self.failed.add(kind.name)
            return []
        table = kind.toml_table or kind.name
        for key in data:
            if key != table:
                self.warn_unknown(display, 1, key, [table], f"top-level key {quoted(key)}")
        entries = data.get(table, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            self.problems.append(
                Problem(display, 1, f"expected [[{table}]] tables, got a plain value", field=table)
            )
            self.failed.add(kind.name)
            return []
        headers = toml_positions(path)
        return list(self.toml_entries(display, kind, entries, headers))

    def toml_entries(
        self,
        display: str,
        kind: FileKind,
        entries: list[dict[str, Any]],
        headers: list[tuple[str, int, dict[str, tuple[int, int | None]]]],
    ) -> Iterator[RawRecord]:
        table = kind.toml_table or kind.name
        own = [h for h in headers if h[0] == table]
        nested: list[list[tuple[int, dict[str, tuple[int, int | None]]]]] = [[] for _ in own]
        index = -1
        for name, line, keys in headers:
            if name == table:
                index += 1
            elif name == f"{table}.contact" and 0 <= index < len(nested):
                nested[index].append((line, keys))
        seen_unknown: set[str] = set()
        for number, entry in enumerate(entries):
            line, keys = (own[number][1], own[number][2]) if number < len(own) else (1, {})
            record = RawRecord(line, {}, dict(keys))
            record.values = self.toml_values(display, entry, kind.columns, keys, seen_unknown)
            contacts = entry.get("contact")
            if kind is not CONTACTS and table == "customer" and contacts is not None:
                record.values["contact"] = self.toml_contacts(
                    display,
                    contacts,
                    nested[number] if number < len(nested) else [],
                    record,
                    seen_unknown,
                )
            yield record

    def toml_contacts(
        self,
        display: str,
        contacts: Any,
        headers: list[tuple[int, dict[str, tuple[int, int | None]]]],
        record: RawRecord,
        seen_unknown: set[str],
    ) -> Any:
        if not isinstance(contacts, list):
            return contacts
        converted = []
        for number, contact in enumerate(contacts):
            line, keys = headers[number] if number < len(headers) else (record.line, {})
            record.positions[f"contact.{number}"] = (line, None)
            for key, position in keys.items():
                record.positions[f"contact.{number}.{key}"] = position
            if isinstance(contact, dict):
                contact = self.toml_values(display, contact, CONTACT_COLUMNS, keys, seen_unknown)
                contact.pop("customer", None)
            converted.append(contact)
        return converted

    def toml_values(
        self,
        display: str,
        entry: dict[str, Any],
        columns: Columns,
        keys: dict[str, tuple[int, int | None]],
        seen_unknown: set[str],
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in entry.items():
            if key == "contact" and columns is not CONTACT_COLUMNS:
                continue
            name = columns.resolve(key)
            if name is None:
                if key not in seen_unknown:
                    seen_unknown.add(key)
                    line, _ = keys.get(normalize_token(key), (1, None))
                    self.warn_unknown(display, line, key, list(columns.known), f"key {quoted(key)}")
                continue
            if isinstance(value, str) and not value.strip():
                continue
            values[name] = value
        return values

    def warn_unknown(self, display: str, line: int, key: str, known: list[str], what: str) -> None:
        self.problems.append(
            Problem(
                display,
                line,
                f"unknown {what} is ignored{did_you_mean(normalize_token(key), known)}",
                severity=Severity.WARNING,
            )
        )

    def validate(self, kind: FileKind, name: str, raw: RawRecord) -> Record | None:
        """The record, or None when a required field is wrong; every problem is reported.

        A wrong optional field (a birthday typo) is reported and left out, and the
        record stays, so nothing that refers to it fails in turn.
        """
        values = raw.values
        values["line"] = raw.line
        try:
            return kind.model.model_validate(values, context=self.file_context)
        except ValidationError as error:
            display = self.display(name)
            kept = self._without_bad_optional_fields(kind, values, error)
            record_id = values.get(kind.id_field) if kind.id_field else None
            if record_id is not None and kept is None:
                self.invalid_ids.setdefault(kind.name, set()).add(str(record_id))
            for item in error.errors():
                loc = tuple(item["loc"])
                line, column = raw.position(loc)
                self.problems.append(
                    Problem(
                        display,
                        line,
                        describe(item),
                        field=".".join(str(p) for p in loc if not isinstance(p, int)) or None,
                        column=column,
                    )
                )
            return kept

    def _without_bad_optional_fields(
        self, kind: FileKind, values: dict[str, Any], error: ValidationError
    ) -> Record | None:
        rest = without_bad_optional_fields(kind.model, values, error)
        if rest is None:
            return None
        try:
            return kind.model.model_validate(rest, context=self.file_context)
        except ValidationError:
            return None

    def load_kind(self, kind: FileKind) -> tuple[Record, ...]:
        name = self.pick_file(kind)
        if name is None:
            return ()
        self.sources[kind.name] = self.display(name)
        self.file_context = self.new_context()
        records = []
        for raw in self.raw_records(kind, name):
            record = self.validate(kind, name, raw)
            if record is not None:
                records.append(record)
        return tuple(records)

    def fold_touchpoints(
        self,
        customers: Mapping[str, object],
        deals: Mapping[str, Deal],
        history: History,
        tail: tuple[int, int] | None = None,
    ) -> int:
        """Validate and check the log row by row, folding each row in and dropping it.

        With `tail`, only the rows from that point on (appended since `history`
        was folded); returns how many valid rows were folded.
        """
        count = 0
        name = self.pick_file(TOUCHPOINTS)
        if name is None:
            return count
        file = self.display(name)
        self.sources[TOUCHPOINTS.name] = file
        if tail is None:
            self.file_context = self.new_context()
        gaps = self.gaps()
        for raw in self.raw_records(TOUCHPOINTS, name, self.log_status, tail):
            touch = self.validate(TOUCHPOINTS, name, raw)
            if not isinstance(touch, Touchpoint):
                continue
            count += 1
            self.problems.extend(record_references(touch, file, customers, deals, gaps))
            self.problems.extend(record_dates(TOUCHPOINTS.name, touch, file))
            history.add(touch)
        self.log_context = self.file_context
        return count

    def gaps(self) -> Gaps:
        return Gaps(
            frozenset(self.failed),
            {kind: frozenset(ids) for kind, ids in self.invalid_ids.items()},
        )

    def load_contacts(self) -> dict[str, list[Contact]]:
        """contacts.csv, grouped by customer id."""
        grouped: dict[str, list[Contact]] = {}
        name = "contacts.csv"
        if not (self.dir / name).is_file():
            return grouped
        self.sources["contacts"] = self.display(name)
        self.file_context = self.new_context()
        for raw in self.raw_records(CONTACTS, name):
            if "customer" not in raw.values:
                self.problems.append(
                    Problem(self.display(name), raw.line, "required, but missing", field="customer")
                )
                continue
            contact = self.validate(CONTACTS, name, raw)
            if isinstance(contact, Contact) and contact.customer is not None:
                grouped.setdefault(contact.customer, []).append(contact)
        return grouped
