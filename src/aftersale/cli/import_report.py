"""What `aftersale import` tells: a summary per file, the rows skipped or left out, a dry run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aftersale.cli.app import say
from aftersale.text import json_safe, safe

if TYPE_CHECKING:
    from aftersale.importing.convert import Converted
    from aftersale.importing.matching import Additions
    from aftersale.importing.merge import Report
    from aftersale.models import Book

PREVIEW = 3  # records shown as they would be written


def print_summary(
    converted: list[Converted], reports: list[Report], additions: Additions, output_format: str
) -> None:
    if output_format == "json":
        import json

        document = {"schema": 1, "files": [r.as_json() for r in reports]}
        print(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
        print_skipped(reports)
        return
    for item, report in zip(converted, reports, strict=True):
        encoding = "" if item.encoding in ("utf-8",) else f", read as {item.encoding}"
        print(
            f"{safe(report.file)}: {item.layout.title}, {report.rows} "
            f"row{'s' if report.rows != 1 else ''}{encoding}"
        )
        print(
            f"  customers: {report.customers_added} added, {report.customers_matched} already "
            f"in the book; contacts: {report.contacts_added} added; deals: "
            f"{report.deals_added} added, {report.deals_matched} already in the book; last "
            f"contacts: {report.touchpoints_added} added; skipped: {len(report.skipped)}"
            + (f"; values left out: {len(report.left_out)}" if report.left_out else "")
        )
    print_skipped(reports)
    if additions.empty():
        print("Nothing new: everything in these files is in the book already.")
    else:
        print(
            "Next: `aftersale check` to review the book, then `aftersale today` for "
            "what to do first."
        )


def print_skipped(reports: list[Report]) -> None:
    for report in reports:
        for skip in report.skipped:
            say(f"{safe(report.file)}:{skip.line}: skipped: {safe(skip.reason)}")
        for left in report.left_out:
            say(f"{safe(report.file)}:{left.line}: left out: {safe(left.reason)}")
        for diff in report.differences:
            say(f"{safe(report.file)}:{diff.line}: differs: {safe(diff.reason)}")


def print_dry_run(
    loaded: Book,
    converted: list[Converted],
    additions: Additions,
    reports: list[Report],
    output_format: str,
) -> None:
    from aftersale.importing.commit import (
        render_csv_rows,
        render_toml_customers,
        render_toml_deals,
    )
    from aftersale.text import plural

    if output_format == "json":
        import json

        document = {
            "schema": 1,
            "dry_run": True,
            "files": [
                {**r.as_json(), "columns": [{"column": h, "field": f} for h, f in c.columns]}
                for c, r in zip(converted, reports, strict=True)
            ],
        }
        print(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
        return
    for item, report in zip(converted, reports, strict=True):
        print(
            f"{safe(item.file)}: {item.layout.title} ({item.layout.name}), "
            f"{plural(item.rows, 'row')}"
        )
        for header, target in item.columns:
            if target:
                print(f"  {safe(header)} -> {target}")
        unused = [safe(h) for h, target in item.columns if not target and h]
        if unused:
            print(f"  not used: {', '.join(unused)}")
        print(
            f"  would add {plural(report.customers_added, 'customer')}, "
            f"{plural(report.contacts_added, 'contact')}, {plural(report.deals_added, 'deal')}, "
            f"{plural(report.touchpoints_added, 'last contact')}; "
            f"{report.customers_matched + report.deals_matched} already in the book; "
            f"{len(report.skipped)} skipped"
        )
    if additions.customers and loaded.settings.agenda.start is None:
        from aftersale import clock

        print(
            f"would add [agenda] start = {clock.today(loaded.settings).isoformat()} "
            "to aftersale.toml, so imported customers start level"
        )
    toml_book = (loaded.path / "customers.toml").exists() or not (
        loaded.path / "customers.csv"
    ).exists()
    if additions.customers:
        print("\nFirst customers as they would be written:")
        if toml_book:
            text = render_toml_customers(additions.customers[:PREVIEW])
        else:
            text = render_csv_rows(loaded.path / "customers.csv", additions.customers[:PREVIEW])
        print(safe(text, keep_newlines=True))
    if additions.deals:
        print("First deals as they would be written:")
        deals_csv = loaded.path / "deals.csv"
        toml_deals = (loaded.path / "deals.toml").exists() or (toml_book and not deals_csv.exists())
        if not toml_deals:
            text = render_csv_rows(deals_csv, additions.deals[:PREVIEW])
        else:
            text = render_toml_deals(additions.deals[:PREVIEW])
        print(safe(text, keep_newlines=True))
    print_skipped(reports)
    print("Dry run: nothing was written.")
