"""What the closing rules say, word for word: the reason and the suggestion a seller reads.

A thank-you names the deal, what was ordered, how to reach you and what
happens next; a referrer is thanked for the customer they sent once that
customer's first deal is won. The texts are pinned whole, so a lost word,
a wrong date or a step left out shows.
"""

from __future__ import annotations

from dataclasses import replace

from aftersale.planner import plan
from aftersale.playbook import default_playbook
from aftersale.settings import WEEKDAYS, Settings
from tests.unit.planning import book, customer, d, deal, find

QUIET = {"cadence": "1y", "since": "2027-06-01"}  # keeps check-ins out of the way
OWNER = Settings.model_validate(
    {
        "working_days": list(WEEKDAYS),
        "owner": {"name": "Sam", "phone": "+49 30 1234", "email": "sam@example.com"},
    }
)


def test_a_won_deal_s_thank_you_confirms_the_order_the_contact_and_the_delivery_date() -> None:
    b = book(
        (customer("C-1", **QUIET),),
        OWNER,
        deals=(
            deal(
                "D-7",
                stage="won",
                closed_on="2026-11-18",
                title="Two ovens",
                amount=12500,
                currency="EUR",
                delivery_due="2027-01-15",
            ),
        ),
    )
    action = find(plan(b, d("2026-11-20")), "thank-you:D-7")
    assert action.reason == "won D-7 (Two ovens) on Nov 18; no thank-you logged"
    assert action.suggestion == (
        "Send a personal thank-you. Confirm what they ordered (Two ovens, 12,500 EUR), "
        "say how to reach you (+49 30 1234, sam@example.com) and give the next steps: "
        "delivery by Jan 15, 2027. Tell them why it was a good decision."
    )
    assert action.rule == "thank you after every close"
    assert dict(action.facts) == {
        "deal": "D-7",
        "stage": "won",
        "closed_on": "2026-11-18",
        "amount": "12,500 EUR",
    }


def test_a_bare_won_deal_s_thank_you_asks_for_next_steps_and_your_direct_line() -> None:
    b = book((customer("C-1", **QUIET),), deals=(deal("D-8", stage="won", closed_on="2026-11-19"),))
    action = find(plan(b, d("2026-11-20")), "thank-you:D-8")
    assert action.reason == "won D-8 on Nov 19; no thank-you logged"
    assert action.suggestion == (
        "Send a personal thank-you. Confirm what they ordered, say how to reach you "
        "(your direct line) and give the next steps: what happens next, with dates. "
        "Tell them why it was a good decision."
    )
    assert dict(action.facts)["amount"] == "not recorded"


def test_a_lost_deal_is_thanked_without_a_pitch() -> None:
    b = book(
        (customer("C-1", **QUIET),),
        deals=(deal("D-9", stage="lost", closed_on="2025-12-30", title="Silo"),),
    )
    action = find(plan(b, d("2026-01-02"), days=0), "thank-you:D-9")
    assert action.reason == "lost D-9 (Silo) on Dec 30, 2025; thank them anyway"
    assert action.suggestion == (
        "Thank them for their time and for considering you, ask what made the difference, "
        "and say you would like to stay in touch. Nothing more: no pitch."
    )


def _referred_book(**settings: object) -> object:
    referrer = customer("C-1", name="Anna Berg", **QUIET)
    referred = customer("C-2", name="Jonas Weber", referred_by="C-1", **QUIET)
    stranger = customer("C-3", name="Lea Kim", **QUIET)
    deals = (
        deal("D-2", "C-2", stage="won", closed_on="2026-11-12"),
        deal("D-1", "C-2", stage="won", closed_on="2026-11-10"),  # the first win, listed later
        deal("D-4", "C-2", stage="open"),
        deal("D-3", "C-3", stage="won", closed_on="2026-11-10"),
    )
    playbook = default_playbook()
    if settings:
        thank_you = playbook.thank_you.model_copy(update=settings)
        playbook = playbook.model_copy(update={"thank_you": thank_you})
    return replace(book((referrer, referred, stranger), deals=deals), playbook=playbook)


def test_the_referrer_is_thanked_when_the_referred_customer_s_first_deal_is_won() -> None:
    result = plan(_referred_book(), d("2026-11-20"))  # type: ignore[arg-type]
    action = find(result, "thank-referrer:C-2")
    assert action.customer == "C-1"
    assert action.due == d("2026-11-11")  # the first win, a day later
    assert action.reason == "Jonas Weber, whom they referred, became a customer: won D-1 on Nov 10"
    assert action.suggestion == (
        "Thank them for sending you Jonas Weber: a personal note, or a small gift if that "
        "suits the relationship. Say how it turned out; no request attached."
    )
    assert dict(action.facts) == {"referred": "C-2", "deal": "D-1"}
    referrer_thanks = [a.id for a in result.actions if a.id.startswith("thank-referrer:")]
    assert referrer_thanks == ["thank-referrer:C-2"]  # nobody referred C-3 or C-1


def test_thanking_referrers_can_be_switched_off() -> None:
    result = plan(_referred_book(thank_referrers=False), d("2026-11-20"))  # type: ignore[arg-type]
    assert not [a for a in result.actions if a.id.startswith("thank-referrer:")]
    assert find(result, "thank-you:D-1")  # the customer's own thank-you stays


def test_an_open_or_unthanked_lost_deal_listed_first_does_not_hide_the_next_won_one() -> None:
    b = book(
        (customer("C-1", **QUIET), customer("C-2", name="Jonas Weber", referred_by="C-1", **QUIET)),
        deals=(
            deal("D-1", "C-2", stage="open"),
            deal("D-2", "C-2", stage="lost", closed_on="2026-11-18"),
            deal("D-3", "C-2", stage="won", closed_on="2026-11-19"),
        ),
    )
    playbook = default_playbook()
    no_lost = playbook.model_copy(
        update={"thank_you": playbook.thank_you.model_copy(update={"thank_lost_deals": False})}
    )
    ids = [a.id for a in plan(replace(b, playbook=no_lost), d("2026-11-20")).actions]
    assert "thank-you:D-3" in ids
    assert "thank-you:D-2" not in ids
    assert "thank-referrer:C-2" in ids  # the first won deal, after an open and a lost one
