"""Write a realistic book of a given size, deterministically (the same arguments, the same bytes).

python bench/generate.py DIR --customers 10000 --touchpoints 100000
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

TODAY = date(2026, 11, 23)
FIRST = [
    "Anna",
    "Bo",
    "Chloé",
    "Dmytro",
    "Emma",
    "Fatima",
    "王",
    "陈",
    "Hiroshi",
    "Ingrid",
    "Jan",
    "Kwame",
]
LAST = [
    "Berg",
    "Ek",
    "Dubois",
    "Шевченко",
    "Schulz",
    "El Amrani",
    "芳",
    "静",
    "Tanaka",
    "Johansson",
]
INDUSTRIES = ["food", "logistics", "retail", "healthcare", "manufacturing", "energy", "textiles"]
KINDS = [
    "check_in",
    "check_in",
    "check_in",
    "value_add",
    "thank_you",
    "meeting",
    "feedback_request",
    "other",
]


def day(rng: random.Random, back: int, ahead: int = 0) -> str:
    return (TODAY + timedelta(days=rng.randint(-back, ahead))).isoformat()


def generate(folder: Path, customers: int, touchpoints: int, seed: int = 20261123) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "aftersale.toml").write_text(
        'timezone = "Europe/London"\n\n[owner]\nname = "Bench Seller"\n'
        'email = "seller@example.com"\n',
        encoding="utf-8",
    )
    ids = [f"C-{n:06d}" for n in range(customers)]

    def writer(name: str, header: list[str]) -> tuple[TextIO, Any]:
        stream = (folder / name).open("w", encoding="utf-8", newline="")
        out = csv.writer(stream, lineterminator="\n")
        out.writerow(header)
        return stream, out

    stream, out = writer(
        "customers.csv",
        [
            "id",
            "name",
            "company",
            "email",
            "channel",
            "cadence",
            "birthday",
            "since",
            "annual_value",
            "share_of_wallet",
            "industry",
        ],
    )
    for cid in ids:
        out.writerow(
            [
                cid,
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                f"Company {cid}",
                f"{cid.lower()}@example.com",
                rng.choice(["phone", "email", "visit", "video"]),
                rng.choice(["2w", "1m", "6w", "quarterly"]),
                rng.choice(["", "", f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]),
                day(rng, 2000, -30),
                rng.choice(["", str(rng.randint(1, 200) * 1000)]),
                rng.choice(["", "0.2", "0.5", "0.8"]),
                rng.choice(INDUSTRIES),
            ]
        )
    stream.close()
    deals = []
    stream, out = writer(
        "deals.csv",
        [
            "id",
            "customer",
            "title",
            "amount",
            "currency",
            "stage",
            "closed_on",
            "delivery_due",
            "delivered_on",
        ],
    )
    for n in range(customers // 2):
        cid = rng.choice(ids)
        stage = rng.choice(["won", "won", "lost", "open"])
        closed = day(rng, 700) if stage != "open" else ""
        delivered = ""
        if stage == "won" and rng.random() < 0.8:
            delivered = (
                date.fromisoformat(closed) + timedelta(days=rng.randint(0, 40))
            ).isoformat()
        out.writerow(
            [
                f"D-{n:06d}",
                cid,
                "Equipment",
                rng.randint(1, 100) * 500,
                "EUR",
                stage,
                closed,
                "",
                delivered,
            ]
        )
        deals.append((f"D-{n:06d}", cid))
    stream.close()
    stream, out = writer("promises.csv", ["id", "customer", "what", "due", "done_on"])
    for n in range(customers // 10):
        due = day(rng, 60, 30)
        out.writerow([f"P-{n:06d}", rng.choice(ids), "Send the offer", due, rng.choice(["", due])])
    stream.close()
    stream, out = writer(
        "cases.csv",
        [
            "id",
            "customer",
            "opened",
            "severity",
            "category",
            "summary",
            "resolved_on",
            "root_cause",
        ],
    )
    for n in range(customers // 20):
        opened = day(rng, 200)
        resolved = rng.choice(["", (date.fromisoformat(opened) + timedelta(days=5)).isoformat()])
        out.writerow(
            [
                f"K-{n:06d}",
                rng.choice(ids),
                opened,
                rng.choice(["critical", "high", "medium", "low"]),
                rng.choice(["product", "delivery", "price"]),
                "Something broke",
                resolved,
                "cause" if resolved else "",
            ]
        )
    stream.close()
    stream, out = writer("feedback.csv", ["date", "customer", "score", "category", "comment"])
    for _ in range(customers // 2):
        out.writerow(
            [
                day(rng, 500),
                rng.choice(ids),
                rng.randint(0, 10),
                rng.choice(["", "service", "price"]),
                "",
            ]
        )
    stream.close()
    stream, out = writer(
        "touchpoints.csv", ["date", "customer", "kind", "channel", "deal", "action", "note", "next"]
    )
    for _ in range(touchpoints):
        deal_id, cid = rng.choice(deals) if deals and rng.random() < 0.2 else ("", rng.choice(ids))
        out.writerow(
            [
                day(rng, 900),
                cid,
                rng.choice(KINDS),
                rng.choice(["phone", "email", "visit"]),
                deal_id,
                "",
                rng.choice(["", "Short call", "Sent the brochure, they liked it"]),
                "",
            ]
        )
    stream.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--touchpoints", type=int, default=2000)
    args = parser.parse_args()
    generate(args.folder, args.customers, args.touchpoints)


if __name__ == "__main__":
    main()
