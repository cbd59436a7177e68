"""`zhongshu bench secrecy [--json]`: a carrier's current custodian and place, an inventory count of 10,000
carriers, and the yearly classification review queue.

The data never goes into the developer's database: a scratch database beside it (core.bench_data) is migrated,
filled with raw multi-row inserts and dropped at the end. What is built (defaults; `--carriers` and `--decisions`
make a smaller run):

- 20 units, each with a cabinet, a keeper and 19 other cleared people;
- 200,000 carriers, 10,000 a unit, at 秘密, 机密 and 绝密, with 2,000,000 movement events (ten a carrier on
  average): each registered into its unit's cabinet, then borrowed and returned four or five times; four in ten
  are out at the end (lent — some overdue —, collected, destroyed or returned to the issuer), the rest in their
  cabinet. The carrier rows' snapshot (state, holder, cabinet, due date) is what the events leave;
- 200,000 classification decisions over twenty years (定密 with terms of 1 to 30 years, some changed, extended or
  declassified), so that a good part of them are still in force today.

Timed: the carriers part's `custody_of(carrier_id)` for random carriers (read from the events; each answer
checked against the snapshot); the inventory part's `compare` of one unit's 10,000 carriers against a list of the
numbers found (fifty missing, thirty from another unit, ten destroyed ones); the classification part's
`review_queue(on=today)`. A part whose function is not there yet gives null and says so in `notes`.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhongshu.core.bench_data import (
    RawTable,
    Timer,
    analyze,
    guarded,
    median,
    optional,
    reset_sequences,
    scratch_database,
    with_targets,
)

BATCH = 20_000
UNITS = 20
PEOPLE_PER_UNIT = 20
TARGETS = {
    "custodian_ms_p50": ("≤ 10 ms", 10.0),
    "inventory_10k_s": ("≤ 2 s", 2.0),
    "review_queue_s": ("≤ 1 s", 1.0),
}


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--carriers", type=int, default=200_000, help="carriers (default 200000; 20 units)")
    parser.add_argument(
        "--decisions", type=int, default=200_000, help="classification decisions (default 200000)"
    )
    parser.add_argument("--runs", type=int, default=200, help="timed custodian lookups (default 200)")
    parser.add_argument("--seed", type=int, default=2026)


class Ledger:
    """What the builders made, for the timed calls."""

    def __init__(self) -> None:
        self.units: list[int] = []
        self.cabinets: dict[int, int] = {}  # unit id -> its cabinet id
        self.people: dict[int, list[int]] = {}  # unit id -> its people's ids, the keeper first
        self.user: Any = None  # the office's 保密员 (User): records every event
        self.carriers = 0
        self.events = 0


def build_people(ledger: Ledger) -> None:
    from django.contrib.auth.models import Group

    from zhongshu.accounts.models import User
    from zhongshu.base.levels import Clearance
    from zhongshu.base.roles import Role
    from zhongshu.org.models import Person, Unit
    from zhongshu.secrecy.models import Cabinet

    units = Unit.objects.bulk_create(
        [Unit(name=f"基准保密单位{i:02d}", code=f"SBENCH{i:02d}", sort_order=i) for i in range(UNITS)]
    )
    ledger.units = [unit.pk for unit in units]
    officer = Group.objects.get_or_create(name=Role.SECRECY_OFFICER.value)[0]
    director = Group.objects.get_or_create(name=Role.OFFICE_DIRECTOR.value)[0]
    users = User.objects.bulk_create(
        [
            User(username=f"benchsec{u:02d}{p:02d}", password="!")
            for u in range(UNITS)
            for p in range(PEOPLE_PER_UNIT)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=user,
                unit_id=ledger.units[n // PEOPLE_PER_UNIT],
                name=f"保密人员{n:04d}",
                clearance=Clearance.CORE,
            )
            for n, user in enumerate(users)
        ]
    )
    for person in people:
        ledger.people.setdefault(person.unit_id, []).append(person.pk)
    # The first unit is the county office: its first person is its 保密员 and the office director besides.
    ledger.user = users[0]
    ledger.user.groups.add(officer, director)
    for unit in ledger.units:
        cabinet = Cabinet.objects.create(unit_id=unit, name="机要室专柜", keeper_id=ledger.people[unit][0])
        ledger.cabinets[unit] = cabinet.pk


# One movement as the builder writes it: kind, from, to, second person, cabinet, due date, time.
Event = tuple[str, int | None, int | None, int | None, int | None, date | None, datetime]


def carrier_number(unit_index: int, n: int) -> str:
    return f"SBENCH{unit_index:02d}-2026-{n:06d}"


def build_carriers(ledger: Ledger, *, carriers: int, today: date, rng: random.Random) -> None:
    """The carriers and their events, written so that each carrier's snapshot is what its events leave."""
    from zhongshu.secrecy.models import Carrier, CarrierEvent

    carrier_table = RawTable(Carrier)
    event_table = RawTable(CarrierEvent, with_id=False)
    per_unit = max(1, carriers // UNITS)
    start = timezone.now() - timedelta(days=720)
    carrier_rows: list[tuple[Any, ...]] = []
    event_rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for pk in range(1, carriers + 1):
            unit_index = min((pk - 1) // per_unit, UNITS - 1)
            unit = ledger.units[unit_index]
            cabinet, people = ledger.cabinets[unit], ledger.people[unit]
            keeper = people[0]
            at = start + timedelta(minutes=rng.randrange(60 * 24 * 30))
            events: list[Event] = [("register", None, keeper, None, cabinet, None, at)]
            out = rng.random() < 0.4
            loans = (
                4 if out or pk % 2 else 5
            )  # in-cabinet carriers: 9 or 11 events, out ones 10: ten on average
            for _ in range(loans):
                borrower = rng.choice(people[1:])
                at += timedelta(days=rng.randint(5, 30))
                events.append(("borrow", keeper, borrower, None, None, (at + timedelta(days=7)).date(), at))
                at += timedelta(days=rng.randint(1, 7))
                events.append(("return", borrower, keeper, None, cabinet, None, at))
            state = "in_cabinet"
            holder: int | None = None  # a carrier in its cabinet is held by nobody
            place: int | None = cabinet
            due: date | None = None
            if out:
                at += timedelta(days=rng.randint(1, 30))
                roll = rng.random()
                person = rng.choice(people[1:])
                if roll < 0.5:
                    due = today + timedelta(days=rng.randint(-10, 7))  # some overdue
                    events.append(("borrow", keeper, person, None, None, due, at))
                    state, holder, place = "lent", person, None
                elif roll < 0.75:
                    events.append(("collect", keeper, person, None, None, None, at))
                    state, holder, place = "held", person, None
                elif roll < 0.9:
                    events.append(("destroy", keeper, None, person, None, None, at))
                    state, holder, place = "destroyed", None, None
                else:
                    events.append(("return_to_issuer", keeper, None, person, None, None, at))
                    state, holder, place = "returned_to_issuer", None, None
            carrier_rows.append(
                carrier_table.row(
                    {
                        "id": pk,
                        "classification": 2 + pk % 3,
                        "secrecy_term_years": (10, 20, 30)[pk % 3],
                        "owner_unit_id": unit,
                        "owner_person_id": keeper,
                        "number": carrier_number(unit_index, pk),
                        "copy_number": f"{pk % 1000:06d}",
                        "kind": "paper",
                        "title": f"基准涉密载体{pk}",
                        "source": "本机关印制",
                        "registered_at": events[0][6],
                        "registered_by_id": ledger.user.pk,
                        "state": state,
                        "holder_id": holder,
                        "cabinet_id": place,
                        "due_on": due,
                        "version": len(events),
                    }
                )
            )
            for kind, source, target, second, cab, due_on, when in events:
                event_rows.append(
                    event_table.row(
                        {
                            "carrier_id": pk,
                            "kind": kind,
                            "at": when,
                            "from_person_id": source,
                            "to_person_id": target,
                            "second_person_id": second,
                            "cabinet_id": cab,
                            "due_on": due_on,
                            "recorded_by_id": ledger.user.pk,
                        }
                    )
                )
            if len(carrier_rows) >= BATCH // 10:
                carrier_table.insert(cursor, carrier_rows)
                event_table.insert(cursor, event_rows)
                ledger.events += len(event_rows)
                carrier_rows, event_rows = [], []
        carrier_table.insert(cursor, carrier_rows)
        event_table.insert(cursor, event_rows)
        ledger.events += len(event_rows)
    ledger.carriers = carriers
    reset_sequences([Carrier])


def build_decisions(
    ledger: Ledger, *, decisions: int, today: date, rng: random.Random, notes: list[str]
) -> int:
    """The classification part's decisions, through its own bench builder (it knows its model)."""
    build = optional("zhongshu.secrecy.classification_bench", "build_decisions")
    if build is None:
        notes.append("review_queue_s: no decisions built — classification_bench.build_decisions is not there")
        return 0
    made: int = build(
        units=ledger.units, people=ledger.people, user=ledger.user, count=decisions, today=today, rng=rng
    )
    return made


# --- the timed calls ----------------------------------------------------------------------------------------


def _custodian(ledger: Ledger, runs: int, rng: random.Random, notes: list[str]) -> dict[str, Any]:
    from zhongshu.secrecy.models import Carrier

    custody_of = optional("zhongshu.secrecy.carriers", "custody_of")
    if custody_of is None:
        notes.append("custodian_ms_p50: null — carriers.custody_of is not there")
        return {"custodian_ms_p50": None}
    timer, wrong = Timer(), 0
    for _ in range(runs):
        pk = rng.randint(1, ledger.carriers)
        with timer():
            custody = custody_of(pk)
        snapshot = Carrier.objects.values("state", "holder_id", "cabinet_id", "due_on").get(pk=pk)
        answer = {
            "state": custody.state,
            "holder_id": custody.holder_id,
            "cabinet_id": custody.cabinet_id,
            "due_on": custody.due_on,
        }
        wrong += answer != snapshot
    if wrong:
        notes.append(f"custodian: {wrong} of {runs} answers differ from the carriers' snapshots")
    return {
        "custodian_ms_p50": round(median(timer.wall), 3),
        "custodian_cpu_ms_p50": round(median(timer.cpu), 3),
        "custodian_answers_wrong": wrong,
    }


def _inventory(ledger: Ledger, rng: random.Random, notes: list[str]) -> dict[str, Any]:
    from zhongshu.org.models import Unit
    from zhongshu.secrecy.models import Carrier

    compare = optional("zhongshu.secrecy.inventory", "compare")
    if compare is None:
        notes.append("inventory_10k_s: null — inventory.compare is not there")
        return {"inventory_10k_s": None}
    unit = Unit.objects.get(pk=ledger.units[1])
    # What a count of the unit's cabinet finds: what is in it, less fifty carriers gone astray, plus ten the
    # ledger says were destroyed and thirty of another unit's.
    held = list(Carrier.objects.filter(owner_unit=unit, state="in_cabinet").values_list("number", flat=True))
    gone = list(
        Carrier.objects.filter(owner_unit=unit, state="destroyed").values_list("number", flat=True)[:10]
    )
    elsewhere = list(
        Carrier.objects.filter(owner_unit_id=ledger.units[2], state="in_cabinet").values_list(
            "number", flat=True
        )[:30]
    )
    rng.shuffle(held)
    found = held[50:] + gone + elsewhere
    started = time.perf_counter()
    comparison = compare(unit=unit, cabinet=None, found_numbers=found)
    seconds = time.perf_counter() - started
    missing = len(getattr(comparison, "missing", ()))
    if missing != 50:
        notes.append(f"inventory: {missing} carriers reported missing where 50 were left out of the count")
    return {
        "inventory_10k_s": round(seconds, 3),
        "inventory_carriers": Carrier.objects.filter(owner_unit=unit).count(),
        "inventory_found_numbers": len(found),
        "inventory_missing": missing,
    }


def _review_queue(today: date, notes: list[str]) -> dict[str, Any]:
    review_queue = optional("zhongshu.secrecy.classification", "review_queue")
    if review_queue is None:
        notes.append("review_queue_s: null — classification.review_queue is not there")
        return {"review_queue_s": None}
    started = time.perf_counter()
    lines = review_queue(on=today)
    seconds = time.perf_counter() - started
    return {"review_queue_s": round(seconds, 3), "review_queue_lines": len(lines)}


def measure(options: argparse.Namespace) -> dict[str, Any]:
    from zhongshu.secrecy.models import Carrier, CarrierEvent

    rng = random.Random(options.seed)
    today = timezone.localdate()
    notes: list[str] = []
    started = time.perf_counter()
    ledger = Ledger()
    with transaction.atomic():
        build_people(ledger)
        build_carriers(ledger, carriers=options.carriers, today=today, rng=rng)
        decisions = build_decisions(ledger, decisions=options.decisions, today=today, rng=rng, notes=notes)
    generate_s = time.perf_counter() - started
    if connection.get_autocommit():  # not inside a test's transaction, where VACUUM may not run
        analyze(("secrecy_carrier", "secrecy_carrierevent"))
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "carriers": Carrier.objects.count(),
        "events": CarrierEvent.objects.count(),
        "decisions": decisions,
        "generate_s": round(generate_s, 1),
    }
    figures |= guarded(
        "custodian_ms_p50", notes, {"custodian_ms_p50": None}, _custodian, ledger, options.runs, rng, notes
    )
    figures |= guarded("inventory_10k_s", notes, {"inventory_10k_s": None}, _inventory, ledger, rng, notes)
    figures |= guarded("review_queue_s", notes, {"review_queue_s": None}, _review_queue, today, notes)
    figures["notes"] = notes
    return figures


def run(options: argparse.Namespace) -> dict[str, Any]:
    with scratch_database("secrecy") as name:
        figures = measure(options)
    figures = {**figures, "scratch_database": f"{name} (dropped)"}
    return figures if getattr(options, "json", False) else with_targets(figures, TARGETS)


def register() -> None:
    from zhongshu.core.bench import register_bench

    register_bench(
        "secrecy",
        run,
        add_arguments=_arguments,
        description="A carrier's custodian and place over 200,000 carriers with 2,000,000 events, an inventory "
        "count of 10,000 carriers, and the yearly classification review queue over 200,000 decisions",
    )
