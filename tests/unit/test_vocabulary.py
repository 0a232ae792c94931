"""One vocabulary for the kinds of action: every kind is proposed, weighed, worded and drafted.

`kinds.KINDS` is the one table of action kinds; these tests check that each
row is backed by the rest of the package (a rule that proposes it, a weight
in the bundled playbook, an English draft template), that the touchpoint
kinds the log accepts are documented, and that the maps derived from the
table are the ones that used to be written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest

from aftersale.actions import KIND_TIERS, ActionKind, Candidate, Tier
from aftersale.book.demo import REFERENCE
from aftersale.book.open import load_book
from aftersale.history import history_of
from aftersale.kinds import KINDS, VOCABULARY
from aftersale.models import TouchKind
from aftersale.planner import book_start
from aftersale.playbook import KindWeights, default_playbook
from aftersale.rules import PlanContext, all_rules
from aftersale.standing import standings

ROOT = Path(__file__).resolve().parents[2]
A, T = ActionKind, TouchKind

# The maps as they were written by hand before the table replaced them: the regression pin.
OLD_KIND_TIERS = {
    A.RECOVERY: Tier.OBLIGATION,
    A.REPAIR: Tier.OBLIGATION,
    A.PROMISE: Tier.OBLIGATION,
    A.THANK_YOU: Tier.OBLIGATION,
    A.DELIVERY_NOTICE: Tier.OBLIGATION,
    A.DELIVERY_CHECK: Tier.OBLIGATION,
    A.VALUE_ADD: Tier.RELATIONSHIP,
    A.CHECK_IN: Tier.RELATIONSHIP,
    A.PERSONAL: Tier.RELATIONSHIP,
    A.FEEDBACK_REQUEST: Tier.ASK,
    A.REFERRAL_ASK: Tier.ASK,
    A.UPSELL: Tier.ASK,
    A.MEETING_REVIEW: Tier.ASK,
    A.ACCOUNT_REVIEW: Tier.ASK,
}
# What the rules passed as `done_by` for each kind (None: any contact; empty: only naming it).
OLD_DONE_BY: dict[ActionKind, frozenset[TouchKind] | None] = {
    A.THANK_YOU: frozenset({T.THANK_YOU}),
    A.DELIVERY_NOTICE: frozenset({T.DELIVERY_NOTICE}),
    A.DELIVERY_CHECK: frozenset({T.DELIVERY_CHECK}),
    A.VALUE_ADD: frozenset({T.VALUE_ADD}),
    A.CHECK_IN: None,
    A.PERSONAL: frozenset({T.PERSONAL}),
    A.PROMISE: frozenset(),
    A.RECOVERY: frozenset({T.RECOVERY, T.REPAIR}),
    A.REPAIR: frozenset({T.REPAIR, T.RECOVERY}),
    A.FEEDBACK_REQUEST: frozenset({T.FEEDBACK_REQUEST}),
    A.REFERRAL_ASK: frozenset({T.REFERRAL_ASK}),
    A.UPSELL: frozenset({T.UPSELL}),
    A.MEETING_REVIEW: frozenset({T.MEETING_REVIEW}),
    A.ACCOUNT_REVIEW: frozenset({T.ACCOUNT_REVIEW}),
}
# Wording, template and weight were all the kind's name, with spaces for the wording.
OLD_WORDING = {kind: kind.value.replace("_", " ") for kind in ActionKind}
OLD_TEMPLATE = {kind: kind.value for kind in ActionKind}
OLD_WEIGHT = {kind: kind.value for kind in ActionKind}
OLD_SALES = {A.UPSELL, A.REFERRAL_ASK}
# The actions whose rule asks for other touchpoints than their kind's, by their id's first part.
OTHER_DONE_BY = {
    "anniversary": frozenset({T.PERSONAL, T.VALUE_ADD}),
    "stay-fixed": None,
    "follow-up": None,
}


@dataclass(frozen=True)
class Proposed:
    rule: str
    candidate: Candidate


def _year_of_demo_candidates() -> Iterator[Proposed]:
    """Every candidate every rule proposes for the demo book, on each day of a year around it."""
    book, problems = load_book(Path(str(resources.files("aftersale") / "demo")))
    assert problems == []
    history = history_of(book)
    for offset in range(-182, 183):
        day = REFERENCE + timedelta(days=offset)
        context = PlanContext(
            book=book,
            today=day,
            history=history,
            standing=standings(book, day),
            earliest=day - timedelta(days=365),
            start=book_start(book, history, day),
        )
        for rule in all_rules():
            name = f"{rule.__module__.rsplit('.', 1)[-1]}.{rule.__name__}"
            for candidate in rule(context):
                yield Proposed(name, candidate)


@pytest.fixture(scope="module")
def proposed() -> list[Proposed]:
    return list(_year_of_demo_candidates())


def test_every_action_kind_has_exactly_one_row_in_the_vocabulary() -> None:
    assert [row.kind for row in VOCABULARY] == list(ActionKind)
    assert set(KINDS) == set(ActionKind)


def test_every_action_kind_is_proposed_by_a_rule_over_a_year_of_the_demo_book(
    proposed: list[Proposed],
) -> None:
    rules_by_kind: dict[ActionKind, set[str]] = {}
    for item in proposed:
        rules_by_kind.setdefault(item.candidate.kind, set()).add(item.rule)
    assert sorted(set(ActionKind) - set(rules_by_kind)) == []


def test_rules_ask_for_their_kinds_touchpoints_except_the_known_few(
    proposed: list[Proposed],
) -> None:
    others = {
        (item.candidate.id.split(":", 1)[0], item.candidate.done_by)
        for item in proposed
        if item.candidate.done_by != item.candidate.kind.done_by
    }
    assert others <= set(OTHER_DONE_BY.items())


def test_every_action_kind_has_a_scoring_weight_in_the_bundled_playbook() -> None:
    weights = default_playbook().scoring.kind
    for row in VOCABULARY:
        assert isinstance(getattr(weights, row.weight), float), row.kind


def test_the_bundled_playbook_weighs_only_kinds_that_exist() -> None:
    assert set(KindWeights.model_fields) == {row.weight for row in VOCABULARY}


def test_every_action_kind_has_a_wording_a_person_can_read() -> None:
    for row in VOCABULARY:
        assert re.fullmatch(r"[a-z]+( [a-z]+)*", row.wording), row.kind
        assert row.kind.wording == row.wording


def test_every_action_kind_has_an_english_draft_template() -> None:
    english = resources.files("aftersale") / "templates" / "en"
    for row in VOCABULARY:
        template = english / f"{row.template}.txt"
        assert template.is_file(), f"no templates/en/{row.template}.txt for {row.kind}"
        assert template.read_text(encoding="utf-8").startswith("Subject:"), row.kind


def test_marking_an_action_done_logs_a_touchpoint_kind_that_completes_it() -> None:
    # `done` logs the touchpoint kind named like the action's kind, with the action's id.
    for row in VOCABULARY:
        logged = TouchKind(row.kind.value)
        assert row.done_by is None or not row.done_by or logged in row.done_by, row.kind


def test_every_touchpoint_kind_the_log_accepts_is_documented() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    documented = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    missing = [kind.value for kind in TouchKind if f"`{kind.value}`" not in documented]
    assert missing == []


def test_the_maps_read_from_the_table_are_the_ones_written_by_hand_before() -> None:
    assert KIND_TIERS == OLD_KIND_TIERS
    assert {row.kind: row.done_by for row in VOCABULARY} == OLD_DONE_BY
    assert {row.kind: row.wording for row in VOCABULARY} == OLD_WORDING
    assert {row.kind: row.template for row in VOCABULARY} == OLD_TEMPLATE
    assert {row.kind: row.weight for row in VOCABULARY} == OLD_WEIGHT
    assert {kind for kind in ActionKind if kind.is_sales} == OLD_SALES
