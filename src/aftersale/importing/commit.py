"""Write one import into the book, in the book's own format, all at once or not at all.

Customers and deals go to `customers.toml`/`deals.toml` as new `[[customer]]`
and `[[deal]]` tables after what is there, or as new rows of the CSV files;
contacts of customers already in the book go to `contacts.csv`; last contacts
to `touchpoints.csv`. Nothing already in a file is changed: each file's new
version is its old bytes followed by the new records. All files are replaced
together under the book's lock (`book.write.replace_together`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aftersale.importing.matching import Additions

CUSTOMER_ORDER = (
    "id",
    "name",
    "company",
    "email",
    "phone",
    "birthday",
    "since",
    "industry",
    "country",
    "tags",
    "source_id",
    "notes",
)
DEAL_ORDER = ("id", "customer", "title", "amount", "currency", "stage", "closed_on", "source_id")


def toml_string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\x7f", "\\u007f")


def _toml_value(key: str, value: Any) -> str:
    if key == "tags":
        parts = [part.strip() for part in str(value).split(";") if part.strip()]
        return "[" + ", ".join(toml_string(part) for part in parts) + "]"
    if key == "amount":
        return str(value)
    return toml_string(str(value))


def _toml_table(header: str, values: Mapping[str, Any], order: tuple[str, ...]) -> str:
    lines = [f"[[{header}]]"]
    for key in order:
        value = values.get(key)
        if value not in (None, ""):
            lines.append(f"{key} = {_toml_value(key, value)}")
    return "\n".join(lines) + "\n"


def render_toml_customers(customers: list[dict[str, Any]]) -> str:
    blocks = []
    for customer in customers:
        text = _toml_table("customer", customer, CUSTOMER_ORDER)
        for contact in customer.get("contact", []):
            text += _toml_table("customer.contact", contact, ("name", "email", "phone", "birthday"))
        blocks.append(text)
    return "\n".join(blocks)


def render_toml_deals(deals: list[dict[str, str]]) -> str:
    return "\n".join(_toml_table("deal", deal, DEAL_ORDER) for deal in deals)


def render_csv_rows(path: Path, records: list[dict[str, Any]]) -> str:
    """Records as the rows a CSV file of the book would get (for a dry run)."""
    import csv
    import io

    from aftersale.book.schema import CUSTOMERS, DEALS
    from aftersale.book.write import CsvLayout

    layout = CsvLayout(path.read_bytes()[:65536] if path.exists() else b"", None)
    delimiter = layout.delimiter
    columns = DEALS.columns if path.name.startswith("deals") else CUSTOMERS.columns
    header = layout.header or list(columns.known)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        fields = [columns.resolve(column) for column in header]
        writer.writerow([str(record.get(f, "")) if f else "" for f in fields])
    return buffer.getvalue()


def _append_text(path: Path, text: str, heading: str) -> bytes:
    old = path.read_bytes() if path.exists() else b""
    newline = "\r\n" if b"\r\n" in old[:4096] else "\n"
    prefix = ""
    if old and not old.endswith(b"\n"):
        prefix = newline
    body = f"{prefix}\n# {heading}\n{text}" if old.strip() else f"# {heading}\n{text}"
    return old + body.replace("\n", newline).encode("utf-8")


def planned_files(
    book_dir: Path, additions: Additions, heading: str, encodings: Mapping[str, str | None]
) -> tuple[dict[Path, bytes], list[str]]:
    """The new content of every file this import changes, and notes on values left out."""
    from aftersale.book.schema import CONTACTS, CUSTOMERS, DEALS, TOUCHPOINTS
    from aftersale.book.write import appended_rows

    files: dict[Path, bytes] = {}
    notes: list[str] = []
    toml_book = (book_dir / "customers.toml").exists() or not (book_dir / "customers.csv").exists()
    contacts = list(additions.contacts)
    if additions.customers:
        if toml_book:
            path = book_dir / "customers.toml"
            files[path] = _append_text(path, render_toml_customers(additions.customers), heading)
        else:
            path = book_dir / "customers.csv"
            rows = [_flat(c) for c in additions.customers]
            files[path], lacking = appended_rows(
                path, CUSTOMERS.columns, rows, encodings.get(path.name)
            )
            _lacking(notes, path.name, lacking)
            contacts += [
                {**contact, "customer": c["id"]}
                for c in additions.customers
                for contact in c.get("contact", [])
            ]
    if contacts:
        path = book_dir / "contacts.csv"
        files[path], lacking = appended_rows(
            path, CONTACTS.columns, contacts, encodings.get(path.name)
        )
        _lacking(notes, path.name, lacking)
    if additions.deals:
        if (book_dir / "deals.toml").exists() or (
            toml_book and not (book_dir / "deals.csv").exists()
        ):
            path = book_dir / "deals.toml"
            files[path] = _append_text(path, render_toml_deals(additions.deals), heading)
        else:
            path = book_dir / "deals.csv"
            files[path], lacking = appended_rows(
                path, DEALS.columns, additions.deals, encodings.get(path.name)
            )
            _lacking(notes, path.name, lacking)
    if additions.touchpoints:
        path = book_dir / "touchpoints.csv"
        files[path], lacking = appended_rows(
            path, TOUCHPOINTS.columns, additions.touchpoints, encodings.get(path.name)
        )
        _lacking(notes, path.name, lacking)
    return files, notes


def _flat(customer: Mapping[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in customer.items() if key != "contact"}


def _lacking(notes: list[str], name: str, lacking: list[str]) -> None:
    if lacking:
        notes.append(
            f"{name} has no column for {', '.join(lacking)}; those values were left out "
            "(add the columns to its header line to keep them next time)"
        )
