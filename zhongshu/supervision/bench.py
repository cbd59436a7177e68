"""`zhongshu bench supervision --items N`: generate a county's ledger in bulk, then time a ledger page, a
liaison's 待办, the progress wall and one escalation tick over every open item.

The data goes into the configured database in batches (bulk inserts, no per-row save) and is kept between
runs: a second run with the same or a smaller N reuses it. Automatic reminders already due yesterday are
seeded with the data, so the timed tick does one day's work, as the daily tick does in service.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import timedelta
from typing import Any

from django.utils import timezone

BENCH_NOTE = "bench"
BATCH = 5000


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--items", type=int, default=10000, help="items in the ledger (default 10000)")
    parser.add_argument("--units", type=int, default=0, help="units (default items/200, at most 5000)")
    parser.add_argument("--seed", type=int, default=2026)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _people(units: list[Any], rng: random.Random) -> tuple[Any, dict[int, Any], list[Any]]:
    from django.contrib.auth.models import Group

    from zhongshu.accounts.models import User
    from zhongshu.accounts.roles import Role
    from zhongshu.org.models import Person

    supervisor_user, _ = User.objects.get_or_create(username="bench_duchayuan", defaults={"password": "!"})
    group, _ = Group.objects.get_or_create(name=Role.SUPERVISOR.value)
    supervisor_user.groups.add(group)
    Person.objects.get_or_create(user=supervisor_user, defaults={"name": "基准督查员", "unit": units[0]})
    liaison_group, _ = Group.objects.get_or_create(name=Role.LIAISON.value)
    have = set(
        Person.objects.filter(unit__in=units, user__username__startswith="bench_llr_").values_list(
            "unit_id", flat=True
        )
    )
    missing = [unit for unit in units if unit.pk not in have]
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        users = User.objects.bulk_create(User(username=f"bench_llr_{u.code}", password="!") for u in chunk)
        users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("username"))
        by_name = {user.username: user for user in users}
        Person.objects.bulk_create(
            Person(user=by_name[f"bench_llr_{u.code}"], unit=u, name=f"联络员{u.code}") for u in chunk
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=liaison_group.pk) for user in users
        )
    leaders = list(Person.objects.filter(user__username__startswith="bench_leader_"))
    if not leaders:
        for i in range(20):
            user = User.objects.create(username=f"bench_leader_{i}", password="!")
            leaders.append(
                Person.objects.create(
                    user=user, unit=units[0], name=f"基准领导{i}", is_leader=True, leader_rank=i + 1
                )
            )
    liaisons = {
        p.unit_id: p.user
        for p in Person.objects.filter(user__username__startswith="bench_llr_").select_related("user")
    }
    return supervisor_user, liaisons, leaders


def _units(count: int) -> list[Any]:
    from zhongshu.org.models import Unit, UnitKind

    have = Unit.objects.filter(code__startswith="BENCH").count()
    if have < count:
        Unit.objects.bulk_create(
            [
                Unit(name=f"基准单位{i:05d}", code=f"BENCH{i:05d}", kind=UnitKind.BUREAU)
                for i in range(have, count)
            ],
            batch_size=BATCH,
        )
    return list(Unit.objects.filter(code__startswith="BENCH").order_by("code")[:count])


def _generate(n: int, units: list[Any], supervisor: Any, leaders: list[Any], rng: random.Random) -> None:
    from django.db import transaction

    from zhongshu.supervision.escalation import DEFAULT_THRESHOLDS, level_ranges
    from zhongshu.supervision.models import (
        Category,
        ItemUnit,
        Reminder,
        Source,
        SupervisionItem,
        UnitRole,
        matter_key_of,
    )
    from zhongshu.supervision.reminders import _auto_key
    from zhongshu.supervision.states import ItemState

    have = SupervisionItem.objects.filter(source_note=BENCH_NOTE).count()
    if have >= n:
        return
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    ranges = level_ranges(yesterday, DEFAULT_THRESHOLDS)
    sources, categories = Source.values, Category.values
    span_days = 4 * 365
    for start in range(have, n, BATCH):
        items = []
        for i in range(start, min(n, start + BATCH)):
            assigned = today - timedelta(days=int(span_days * rng.random() ** 0.7))
            deadline = assigned + timedelta(days=rng.randint(7, 90))
            closed = deadline < today - timedelta(days=20) and rng.random() < 0.95
            if closed:
                late = rng.random() < 0.15
                closed_on = (
                    deadline + timedelta(days=rng.randint(1, 20))
                    if late
                    else deadline - timedelta(days=rng.randint(0, 5))
                )
                state = ItemState.CLOSED
            else:
                closed_on, late = None, False
                state = rng.choice(
                    [
                        ItemState.ASSIGNED,
                        ItemState.IN_PROGRESS,
                        ItemState.IN_PROGRESS,
                        ItemState.COMPLETION_REQUESTED,
                    ]
                )
            title = f"基准督查事项{i:07d}"
            items.append(
                SupervisionItem(
                    title=title,
                    matter_key=matter_key_of(title),
                    source=rng.choice(sources),
                    category=rng.choice(categories),
                    state=state,
                    lead_unit=rng.choice(units),
                    leader=rng.choice(leaders),
                    supervisor=None,
                    assigned_on=assigned,
                    deadline=deadline,
                    closed_on=closed_on,
                    closed_on_time=(not late) if closed else None,
                    handling_workdays=max(1, (closed_on - assigned).days * 5 // 7) if closed_on else None,
                    progress="按计划推进" if state != ItemState.ASSIGNED else "",
                    source_note=BENCH_NOTE,
                    created_by=supervisor,
                )
            )
        with transaction.atomic():
            created = SupervisionItem.objects.bulk_create(items)
            if created[0].pk is None:  # a backend that returns no ids
                created = list(SupervisionItem.objects.filter(title__in=[i.title for i in items]))
            links = [
                ItemUnit(item_id=item.pk, unit_id=item.lead_unit_id or 0, role=UnitRole.LEAD)
                for item in created
            ]
            for item in created:
                if rng.random() < 0.3:
                    co = rng.choice(units)
                    if co.pk != item.lead_unit_id:
                        links.append(ItemUnit(item_id=item.pk, unit_id=co.pk, role=UnitRole.CO))
            ItemUnit.objects.bulk_create(links)
            reminders = []
            for item in created:
                if item.state not in (ItemState.ASSIGNED, ItemState.IN_PROGRESS) or item.deadline is None:
                    continue
                for level, (first, last) in ranges.items():
                    if item.deadline <= last and (first is None or item.deadline >= first):
                        reminders.append(
                            Reminder(
                                item_id=item.pk,
                                level=level,
                                unit_id=item.lead_unit_id or 0,
                                deadline=item.deadline,
                                dedupe_key=_auto_key(item.pk, level, item.deadline),
                                recipients=[],
                            )
                        )
            Reminder.objects.bulk_create(reminders, ignore_conflicts=True)


def run(options: argparse.Namespace) -> dict[str, int | float | str]:
    from django.db import connection

    from zhongshu.supervision.models import SupervisionItem
    from zhongshu.supervision.reminders import escalation_tick
    from zhongshu.supervision.selectors import LedgerFilter, ledger_page, progress_wall
    from zhongshu.supervision.states import ItemState
    from zhongshu.supervision.todos import supervision_todos

    n = options.items
    rng = random.Random(options.seed)
    unit_count = options.units or max(10, min(5000, n // 200))
    started = time.perf_counter()
    units = _units(unit_count)
    supervisor, liaisons, leaders = _people(units, rng)
    _generate(n, units, supervisor, leaders, rng)
    generate_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE supervision_supervisionitem; ANALYZE supervision_itemunit; "
                "ANALYZE supervision_reminder"
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    total = SupervisionItem.objects.count()
    max_id = SupervisionItem.objects.order_by("-id").values_list("id", flat=True).first() or 1
    today = timezone.localdate()
    filters = [
        LedgerFilter(),
        LedgerFilter(state=ItemState.IN_PROGRESS),
        LedgerFilter(overdue=True),
        LedgerFilter(source="instruction"),
        LedgerFilter(leader_id=leaders[0].pk),
        LedgerFilter(period_from=today - timedelta(days=400), period_to=today - timedelta(days=300)),
    ]
    page_ms = []
    for _ in range(3):
        for flt in [*filters, LedgerFilter(unit_id=rng.choice(units).pk)]:
            for after in (None, rng.randint(1, max_id)):
                begin = time.perf_counter()
                ledger_page(supervisor, flt, after=after)
                page_ms.append(_ms(begin))
    todo_ms = []
    for unit in rng.sample(units, min(20, len(units))):
        user = liaisons[unit.pk]
        begin = time.perf_counter()
        list(supervision_todos(user))
        todo_ms.append(_ms(begin))
    progress_wall(supervisor)
    begin = time.perf_counter()
    progress_wall(supervisor)
    wall_ms = _ms(begin)
    begin = time.perf_counter()
    sent = escalation_tick()
    tick_s = time.perf_counter() - begin
    return {
        "database": connection.vendor,
        "items": total,
        "units": len(units),
        "generate_s": round(generate_s, 1),
        "ledger_page_ms_p50": round(statistics.median(page_ms), 2),
        "ledger_page_ms_max": round(max(page_ms), 2),
        "todo_ms_p50": round(statistics.median(todo_ms), 2),
        "wall_ms": round(wall_ms, 1),
        "tick_s": round(tick_s, 2),
        "tick_notices": sent,
    }


def register() -> None:
    from zhongshu.core.bench import register_bench

    register_bench(
        "supervision",
        run,
        add_arguments=_arguments,
        description="Supervision ledger page, liaison to-do, progress wall and escalation tick over N items",
    )
