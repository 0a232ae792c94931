"""`aftersale import`: bring customers, contacts and deals in from CRM exports and address books."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aftersale.cli.app import command, say
from aftersale.cli.import_report import print_dry_run, print_summary
from aftersale.cli.options import BookChoice, Shared
from aftersale.errors import AftersaleError, ExitCode
from aftersale.text import safe

if TYPE_CHECKING:
    from aftersale.dates import DateOrder
    from aftersale.importing.convert import Converted
    from aftersale.importing.layout import Layout
    from aftersale.importing.matching import Additions
    from aftersale.importing.merge import Report
    from aftersale.models import Book
    from aftersale.settings import Settings


def _parse_maps(maps: list[str]) -> dict[str, str]:
    from aftersale.importing.layout import ALL_FIELDS
    from aftersale.values import did_you_mean

    mapping: dict[str, str] = {}
    for item in maps:
        column, sep, target = item.rpartition("=")
        column, target = column.strip(), target.strip().lower()
        if not sep or not column or not target:
            raise AftersaleError(
                f'--map {safe(item)}: expected COLUMN=FIELD, such as "Client=company"',
                exit_code=ExitCode.USAGE,
            )
        if target not in ALL_FIELDS and target != "ignore":
            raise AftersaleError(
                f"--map {safe(item)}: no field {safe(target)}"
                f"{did_you_mean(target, list(ALL_FIELDS))} (fields: {', '.join(ALL_FIELDS)})",
                exit_code=ExitCode.USAGE,
            )
        mapping[column] = target
    return mapping


def _layout_for(
    headers: list[str],
    is_vcard: bool,
    forced: str | None,
    mapping: dict[str, str],
    settings: Settings,
) -> tuple[Layout | None, str]:
    from aftersale.importing.address_book_layouts import VCARD
    from aftersale.importing.layouts import BY_NAME, closest, custom_layout, detect

    base: Layout | None
    if forced is not None:
        if forced in BY_NAME:
            base = BY_NAME[forced]
        elif forced in settings.imports:
            base = custom_layout(forced, settings.imports[forced])
        else:
            known = [*BY_NAME, *settings.imports]
            raise AftersaleError(
                f"--from {safe(forced)}: no such layout; known: {', '.join(known)}",
                exit_code=ExitCode.USAGE,
            )
    else:
        base = VCARD if is_vcard else detect(headers)
    if mapping:
        return custom_layout("map", mapping, base), ""
    if base is not None:
        return base, ""
    near, missing = closest(headers)
    return None, (
        f"not a layout aftersale knows; the closest is {near.title} ({near.name}), which "
        f"also has the column{'s' if len(missing) > 1 else ''} "
        f"{', '.join(repr(m) for m in missing)}. Name the columns with --map COLUMN=FIELD, "
        "or force a layout with --from"
    )


def _order(converted: Converted) -> int:
    return {"companies": 0, "people": 1, "deals": 2}[converted.layout.kind]


def _heading(files: list[Path], today: date) -> str:
    names = ", ".join(safe(path.name) for path in files)  # a comment line: no line breaks
    return f"imported {today.isoformat()} from {names}"


def _read_all(
    files: list[Path],
    forced: str | None,
    mapping: dict[str, str],
    order: DateOrder | None,
    settings: Settings,
    encoding: str | None = None,
) -> list[Converted]:
    from aftersale.importing.convert import FileError, Options, convert
    from aftersale.importing.sources import read_source

    converted: list[Converted] = []
    problems: list[str] = []
    for path in files:
        table = read_source(path, encoding)
        if not table.headers:
            problems.append(f"{safe(str(path))}: has no header line (is it empty?)")
            continue
        layout, why = _layout_for(table.headers, table.is_vcard, forced, mapping, settings)
        if layout is None:
            problems.append(f"{safe(str(path))}: {why}")
            continue
        try:
            converted.append(convert(table, layout, str(path), Options(order)))
        except FileError as error:
            problems.append(f"{safe(str(path))}: {error}")
    if problems:
        raise AftersaleError(
            "\n".join(problems) + "\nNothing was imported.", exit_code=ExitCode.DATA_ERR
        )
    return converted


def _match(book: Book, converted: list[Converted]) -> tuple[Additions, list[Report]]:
    from aftersale.book.load import touchpoints_of
    from aftersale.importing.matching import Matcher
    from aftersale.importing.merge import Report, merge_deals, merge_people
    from aftersale.models import TouchKind

    touched = {
        (touch.customer, touch.date)
        for touch in touchpoints_of(book)
        if touch.kind is TouchKind.IMPORTED
    }
    matcher = Matcher(book, touched)
    reports = {id(c): Report(c.file, c.layout.name, c.rows, skipped=[]) for c in converted}
    for item in sorted(converted, key=_order):
        report = reports[id(item)]
        report.skipped.extend(item.skipped)
        report.left_out.extend(item.left_out)
        if item.layout.kind == "deals":
            merge_deals(matcher, item, report)
        else:
            merge_people(matcher, item, report)
    ordered = [reports[id(c)] for c in converted]
    for report in ordered:
        report.skipped.sort(key=lambda s: s.line)
        report.left_out.sort(key=lambda s: s.line)
    return matcher.additions, ordered


def _saved_map_text(name: str, mapping: dict[str, str]) -> str:
    from aftersale.importing.commit import toml_string

    lines = [f"[import.{toml_string(name)}]"]
    lines += [
        f"{toml_string(column)} = {toml_string(target)}" for column, target in mapping.items()
    ]
    return "\n".join(lines) + "\n"


@command(Shared.BOOK, name="import")
def import_files(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="Exports to read: HubSpot, Salesforce, Pipedrive, Zoho, Google Contacts or "
            "Outlook CSV files, vCard (.vcf) files, or any CSV with --map.",
        ),
    ],
    layout: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="LAYOUT",
            help="Read the files as this layout (see docs/import.md), or as a mapping saved "
            "with --save-map, instead of recognising them by their headers.",
            show_default=False,
        ),
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="Read a column as a field (name, email, phone, company, birthday, amount, "
            "...); repeat for each column.",
            show_default=False,
        ),
    ] = None,
    save_map: Annotated[
        str | None,
        typer.Option(
            "--save-map",
            metavar="NAME",
            help="Keep the --map mapping in aftersale.toml as [import.NAME], for --from NAME.",
            show_default=False,
        ),
    ] = None,
    dayfirst: Annotated[
        bool, typer.Option("--dayfirst", help="Read numeric dates such as 04/08/2025 day first.")
    ] = False,
    monthfirst: Annotated[
        bool,
        typer.Option("--monthfirst", help="Read numeric dates such as 04/08/2025 month first."),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="The files' encoding when it is not UTF-8, UTF-16 or Windows-1252 "
            "(cp1251, gb18030, shift_jis, ...).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show the layout, what each column becomes and the first records; write nothing.",
        ),
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="plain (the default) or json.")
    ] = "plain",
    *,
    source: BookChoice,
) -> None:
    """Bring customers, contacts and deals in from a CRM export, an address book or a phone.

    New records are added after what your files hold; nothing you wrote is changed. A second
    import of the same file adds nothing. One import is written all at once, or not at all.
    """
    from aftersale.book.locate import find_book

    if output_format not in ("plain", "json", "auto"):
        raise AftersaleError("--format must be plain or json", exit_code=ExitCode.USAGE)
    if dayfirst and monthfirst:
        raise AftersaleError("say --dayfirst or --monthfirst, not both", exit_code=ExitCode.USAGE)
    mapping = _parse_maps(maps or [])
    if save_map is not None and not mapping:
        raise AftersaleError("--save-map needs --map COLUMN=FIELD", exit_code=ExitCode.USAGE)
    order: DateOrder | None = "DMY" if dayfirst else "MDY" if monthfirst else None
    path = find_book(source.path)
    if dry_run:
        loaded = _load(path, source.cache)
        converted = _read_all(files, layout, mapping, order, loaded.settings, encoding)
        additions, reports = _match(loaded, converted)
        print_dry_run(loaded, converted, additions, reports, output_format)
        return
    from aftersale.book.write import book_lock

    with book_lock(path):
        loaded = _load(path, source.cache)
        converted = _read_all(files, layout, mapping, order, loaded.settings, encoding)
        additions, reports = _match(loaded, converted)
        notes = _write(loaded, files, additions, save_map, mapping)
    for note in notes:
        say(f"note: {note}")
    print_summary(converted, reports, additions, output_format)


def _load(path: Path, cache: bool) -> Book:
    from aftersale.book.open import load_book

    loaded, problems = load_book(path, keep_touchpoints=False, cache=cache)
    # A new book without a customers file is what an import fills: not an error here.
    errors = [
        p for p in problems if p.is_error and not p.message.startswith("missing: a book needs")
    ]
    if errors:
        raise AftersaleError(
            f"the book has {len(errors)} error{'s' if len(errors) > 1 else ''}; run "
            "`aftersale check` and fix them first, so that what is imported can be matched "
            "against every record. Nothing was imported.",
            exit_code=ExitCode.DATA_ERR,
        )
    return loaded


def _write(
    loaded: Book,
    files: list[Path],
    additions: Additions,
    save_map: str | None,
    mapping: dict[str, str],
) -> list[str]:
    from aftersale import clock
    from aftersale.book.replace import replace_together
    from aftersale.importing.commit import planned_files

    encodings = {
        name: loaded.settings.file_options(name).encoding
        for name in ("customers.csv", "contacts.csv", "deals.csv", "touchpoints.csv")
    }
    planned, notes = planned_files(
        loaded.path, additions, _heading(files, clock.today(loaded.settings)), encodings
    )
    if save_map is not None and save_map in loaded.settings.imports:
        notes.append(
            f"aftersale.toml already has a mapping named {safe(save_map)}; it was left as it is"
        )
    elif save_map is not None:
        settings = loaded.path / "aftersale.toml"
        old = settings.read_bytes() if settings.exists() else b""
        gap = b"\n" if old and not old.endswith(b"\n") else b""
        planned[settings] = old + gap + b"\n" + _saved_map_text(save_map, mapping).encode()
    if additions.customers and loaded.settings.agenda.start is None:
        notes.append(_start_the_book(loaded, planned))
    if planned:
        replace_together(loaded.path, planned)
    return notes


def _start_the_book(loaded: Book, planned: dict[Path, bytes]) -> str:
    """Name today as the day the book started, so imported customers start level.

    Added as a new `[agenda]` table at the end of aftersale.toml; a file that
    has one already is left alone (the seller decides), and the note says how.
    """
    import tomli

    from aftersale import clock

    settings = loaded.path / "aftersale.toml"
    old = planned.get(settings) or (settings.read_bytes() if settings.exists() else b"")
    start = clock.today(loaded.settings).isoformat()
    try:
        has_agenda = "agenda" in tomli.loads(old.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError):
        has_agenda = True  # never append to a file that cannot be read
    if has_agenda:
        return (
            f"add start = {start} under [agenda] in aftersale.toml, so that imported customers "
            "start their rhythm today instead of in arrears"
        )
    gap = b"\n" if old and not old.endswith(b"\n") else b""
    planned[settings] = (
        old
        + gap
        + b"\n# The day this book started being kept (added by aftersale import): customers\n"
        + b"# without a logged contact start their keep-in-touch rhythm from here.\n"
        + f"[agenda]\nstart = {start}\n".encode()
    )
    return f"aftersale.toml: [agenda] start = {start}, so imported customers start level"
