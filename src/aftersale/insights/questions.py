"""The points of the reviews: after every meeting, for each key account, and of one's service.

Each point has a short stable id (saved in reviews.csv) and a question.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Point:
    id: str
    question: str
    open: bool = False  # answered in words, not yes/partly/no


MEETING_POINTS: tuple[Point, ...] = (
    Point("agenda", "Did we agree on the agenda before the meeting?"),
    Point("expectations", "Did we agree beforehand on what each side expected from it?"),
    Point("prepared", "Was I prepared in my head: calm, focused, confident?"),
    Point("materials", "Was I prepared in practice: the right documents, samples, figures?"),
    Point("objective", "Did I keep to the objective I set for this meeting?"),
    Point("play_to_win", "Did I play to win, rather than to avoid losing?"),
    Point("read_them", "Did I read the customer's mood and way of communicating?"),
    Point("adapted", "Did I adapt my own style to theirs?"),
    Point("problems", "Did I uncover the customer's real problems?"),
    Point("problems_confirmed", "Did I sum those problems up so that the customer agreed?"),
    Point(
        "cost_of_problem",
        "Does the customer know what solving those problems will cost them?",
    ),
    Point("budget", "Did I learn their budget?"),
    Point("decision", "Did I learn when, where, how and by whom the decision is made?"),
    Point("their_problems", "Did my presentation stay on their problems, not on my product?"),
    Point("jargon", "Did I explain every technical word and abbreviation I used?"),
    Point("clear_answer", "Did I get a clear yes or no?"),
    Point("why_no", "If the answer was no, did I find out why?", open=True),
    Point("listened", "Did I ask questions and let the buyer do most of the talking?"),
    Point("calm", "Did I stay calm under pressure, and answer objections with questions?"),
    Point("their_control", "Did the customer feel in control of the conversation?"),
    Point("lesson", "What did I learn, and what will I do differently next time?", open=True),
)

ACCOUNT_POINTS: tuple[Point, ...] = (
    Point(
        "potential",
        "What more could they buy from me, product by product, and what share of their "
        "spending on each do I have?",
        open=True,
    ),
    Point("share_of_mine", "What share of my own business does this account make up?", open=True),
    Point(
        "profitability",
        "What does serving them cost me in time and money, against the profit they bring?",
        open=True,
    ),
    Point(
        "product_mix",
        "Which products do they buy from me, and how profitable is that mix really?",
        open=True,
    ),
    Point(
        "their_health",
        "How is their own business doing, and is it growing (growing customers buy more)?",
        open=True,
    ),
    Point("supporters", "How strong is the relationship: who inside supports me?", open=True),
    Point(
        "how_won",
        "How was the account won: by referral or my own prospecting, over how long, alone or "
        "with a team?",
        open=True,
    ),
    Point("buying_drivers", "What drives their buying: price, service, something else?", open=True),
    Point(
        "dmu",
        "Who buys, who uses, who influences and who decides, and what will I do with each of them?",
        open=True,
    ),
    Point(
        "plans",
        "What are their short and long-term plans (reorganising, merging, outsourcing, new"
        " equipment), and what do they mean for my offer?",
        open=True,
    ),
    Point("fit", "Where am I strong and where weak against what they want to achieve?", open=True),
    Point(
        "competitors",
        "How much do they buy from competitors, from whom, and is that growing or shrinking?",
        open=True,
    ),
    Point("lead", "Where do I lead my competitors with this customer?", open=True),
    Point(
        "attack", "How would a competitor attack this account, and how do I defend it?", open=True
    ),
    Point("win_share", "Should I try to win the competitors' share, and how?", open=True),
    Point(
        "value_added", "What could I do that raises their profit or cuts their costs?", open=True
    ),
    Point("next_steps", "What will I do next, and by when?", open=True),
)

SERVICE_POINTS: tuple[Point, ...] = (
    Point(
        "handled_at_once", "Do I deal with every request the day it arrives, most important first?"
    ),
    Point(
        "status_known", "Do I know where every order and complaint stands, so I can step in fast?"
    ),
    Point("answer_first", "Do I tell customers news (delays, changes) before they have to ask?"),
    Point("expectations", "Do I say clearly, at every contact, what will happen next and when?"),
    Point("direct_line", "Does every customer have my direct number?"),
    Point("no_reason_calls", "Do I keep in touch even when there is nothing to sell?"),
    Point("visits", "Do I visit to see the product working for them?"),
    Point(
        "own_mistakes", "Do I take responsibility for my team's mistakes in front of the customer?"
    ),
    Point("their_time", "Do I respect their time: short meetings, no forms, one contact person?"),
    Point("fast", "Is my service fast: do customers get answers and help without waiting?"),
    Point("correct", "Is it correct: does what I sell work the way I said it would?"),
    Point(
        "economical",
        "Is it economical: do I keep their total cost low, not only the price?",
    ),
    Point("convenient", "Is it convenient: no training marathons, no forms, one person to call?"),
    Point("remember", "Is it personal: do I remember names, preferences and what matters?"),
)
