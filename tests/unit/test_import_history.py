"""An imported last contact restarts the rhythm and meets no obligation."""

from __future__ import annotations

from aftersale.history import fold
from aftersale.models import TouchKind
from tests.unit.planning import book, customer, d, deal, due_ids, touch


def test_a_won_deals_thank_you_is_still_due_after_an_imported_touchpoint() -> None:
    b = book(
        (customer("C-1"),),
        deals=(deal("D-1", stage="won", closed_on="2026-11-20"),),
        touchpoints=(touch("2026-11-21", "imported", deal="D-1"),),
    )
    assert "thank-you:D-1" in due_ids(b, "2026-11-22")


def test_an_imported_touchpoint_counts_as_the_last_contact_only() -> None:
    history = fold([touch("2026-10-01", "imported", deal="D-1")])
    assert history.last_contact["C-1"] == d("2026-10-01")
    assert ("C-1", TouchKind.IMPORTED) not in history.last_of_kind
    assert not history.last_of_kind_deal
    assert not history.last_untagged


def test_an_imported_last_contact_moves_the_next_check_in() -> None:
    without = book((customer("C-1", cadence="1m"),))
    with_contact = book(
        (customer("C-1", cadence="1m"),), touchpoints=(touch("2026-11-10", "imported"),)
    )
    assert any(i.startswith("check-in:C-1") for i in due_ids(without, "2026-11-20"))
    assert not any(i.startswith("check-in:C-1") for i in due_ids(with_contact, "2026-11-20"))
