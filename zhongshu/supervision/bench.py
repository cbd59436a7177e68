"""`zhongshu bench supervision --items N`: generate a county's ledger in bulk, then time a ledger page, a
liaison's 待办, the progress wall and one escalation tick over every open item.

The data never goes into the developer's database. The bench makes a scratch database beside it — on
PostgreSQL `bench_supervision_<name>` on the same server, on SQLite `bench-supervision.sqlite3` in the var
folder — migrates it, fills it with raw multi-row inserts in one transaction (SQLite: `synchronous=OFF`,
this connection only) and drops it at the end. With `--keep` it is left in place and the next `--keep` run
reuses it when it already holds N items; the timed tick runs in a transaction that is rolled back, so a
kept database stays the same starting point. Automatic notices due up to yesterday are seeded with the
data, so the tick evaluates every open item and sends one day's worth of new notices, as in service.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

BENCH_NOTE = "bench"
BATCH = 20_000
# One item in this many is a state secret (秘密) held by its lead unit: the wall's secret branch has rows.
SECRET_EVERY = 500


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--items", type=int, default=10000, help="items in the ledger (default 10000)")
    parser.add_argument("--units", type=int, default=0, help="units (default items/200, at most 5000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database and reuse a kept one holding N items"
    )


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class _Rollback(Exception):
    pass


@contextmanager
def scratch_database(*, keep: bool) -> Iterator[str]:
    """Point the default connection at a scratch database for the duration, then drop it (unless kept)."""
    from django.db import connection

    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    old_test = dict(settings_dict.get("TEST") or {})
    if connection.vendor == "sqlite":
        from django.conf import settings

        name = str(settings.VAR_DIR / "bench-supervision.sqlite3")
    else:
        name = f"bench_supervision_{old_name}"[:63]
    settings_dict["TEST"] = {**old_test, "NAME": name}
    connection.close()
    created = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A scratch file: losing it to a power cut costs a re-run, so skip the waits for the disk.
            cursor.execute("PRAGMA synchronous=OFF")
    try:
        yield created
    finally:
        if keep:
            connection.close()
            settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
            if connection.vendor == "sqlite":
                for suffix in ("-wal", "-shm"):
                    Path(created + suffix).unlink(missing_ok=True)
        settings_dict["TEST"] = old_test


def _people(units: list[tuple[int, str]]) -> tuple[Any, dict[int, Any], list[Any]]:
    from django.contrib.auth.models import Group

    from zhongshu.accounts.models import User
    from zhongshu.base.levels import Clearance
    from zhongshu.base.roles import Role
    from zhongshu.org.models import Person

    first_unit = units[0][0]
    supervisor_user, _ = User.objects.get_or_create(username="bench_duchayuan", defaults={"password": "!"})
    group, _ = Group.objects.get_or_create(name=Role.SUPERVISOR.value)
    supervisor_user.groups.add(group)
    # Cleared for 秘密 like a real 督查员: the wall and ledger then check the state secrets against need-to-know,
    # not just skip them.
    Person.objects.update_or_create(
        user=supervisor_user,
        defaults={"name": "基准督查员", "unit_id": first_unit, "clearance": Clearance.ORDINARY},
    )
    liaison_group, _ = Group.objects.get_or_create(name=Role.LIAISON.value)
    if not User.objects.filter(username__startswith="bench_llr_").exists():
        users = User.objects.bulk_create(
            (User(username=f"bench_llr_{code}", password="!") for _, code in units), batch_size=BATCH
        )
        by_name = {user.username: user.pk for user in User.objects.filter(username__startswith="bench_llr_")}
        Person.objects.bulk_create(
            (
                Person(user_id=by_name[f"bench_llr_{code}"], unit_id=pk, name=f"联络员{code}")
                for pk, code in units
            ),
            batch_size=BATCH,
        )
        User.groups.through.objects.bulk_create(
            (User.groups.through(user_id=pk, group_id=liaison_group.pk) for pk in by_name.values()),
            batch_size=BATCH,
        )
        del users
    leaders = list(Person.objects.filter(user__username__startswith="bench_leader_").order_by("pk"))
    if not leaders:
        for i in range(20):
            user = User.objects.create(username=f"bench_leader_{i}", password="!")
            leaders.append(
                Person.objects.create(
                    user=user, unit_id=first_unit, name=f"基准领导{i}", is_leader=True, leader_rank=i + 1
                )
            )
    liaisons = {
        p.unit_id: p.user
        for p in Person.objects.filter(user__username__startswith="bench_llr_").select_related("user")
    }
    return supervisor_user, liaisons, leaders


def _units(count: int) -> list[tuple[int, str]]:
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
    return list(
        Unit.objects.filter(code__startswith="BENCH").order_by("code").values_list("pk", "code")[:count]
    )


ITEM_COLUMNS = (
    "id, classification, deadline, deadline_provisional, kind, title, body, matter_key, source, source_note, "
    "category, priority, state, measure, assigned_on, completion_requested_at, closed_on, closed_on_time, "
    "handling_workdays, look_back_due, return_reason, withdraw_reason, round, progress, version, created_at, "
    "created_by_id, lead_unit_id, leader_id, owner_unit_id, supervisor_id"
)
# A row's fields by column name: a column added to the list above cannot shift what the links read.
COLUMN_AT = {name.strip(): index for index, name in enumerate(ITEM_COLUMNS.split(","))}


def _insert(cursor: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """Bulk rows without the ORM: SQLite runs one prepared statement per row in-process (no round trip);
    PostgreSQL takes them through COPY."""
    if cursor.db.vendor == "sqlite":
        one = "(" + ", ".join(["%s"] * (columns.count(",") + 1)) + ")"
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {one}", rows)  # noqa: S608 - our constants
        return
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _item_rows(
    start: int,
    stop: int,
    *,
    units: list[int],
    leaders: list[int],
    supervisor: tuple[int, int],
    today: date,
    rng: random.Random,
) -> Iterator[tuple[Any, ...]]:
    from zhongshu.supervision.models import Category, Source, matter_key_of
    from zhongshu.supervision.states import ItemState

    sources, categories = Source.values, Category.values
    open_states = [
        ItemState.ASSIGNED,
        ItemState.IN_PROGRESS,
        ItemState.IN_PROGRESS,
        ItemState.COMPLETION_REQUESTED,
    ]
    span_days = 4 * 365
    now = timezone.now()
    user_id, person_id = supervisor
    for pk in range(start, stop):
        assigned = today - timedelta(days=int(span_days * rng.random() ** 0.7))
        deadline = assigned + timedelta(days=rng.randint(7, 90))
        closed_on = requested = look_back = None
        on_time = workdays = None
        if deadline < today - timedelta(days=20) and rng.random() < 0.95:
            late = rng.random() < 0.15
            closed_on = (
                deadline + timedelta(days=rng.randint(1, 20))
                if late
                else deadline - timedelta(days=rng.randint(0, 5))
            )
            state, on_time = ItemState.CLOSED, not late
            workdays = max(1, (closed_on - assigned).days * 5 // 7)
            # Closed in the last two months: the look-back (30 working days on) may still be to come.
            if closed_on > today - timedelta(days=60):
                look_back = closed_on + timedelta(days=42)
        else:
            state = rng.choice(open_states)
            if state == ItemState.COMPLETION_REQUESTED:
                requested = now - timedelta(days=rng.randint(0, 30))
        unit = rng.choice(units)
        secret = pk % SECRET_EVERY == 0
        title = f"基准督查事项{pk:07d}"
        yield (
            pk,
            2 if secret else 1,
            deadline,
            False,
            "matter",
            title,
            "",
            matter_key_of(title),
            rng.choice(sources),
            BENCH_NOTE,
            rng.choice(categories),
            1,
            str(state),
            "",
            assigned,
            requested,
            closed_on,
            on_time,
            workdays,
            look_back,
            "",
            "",
            1,
            "" if state == ItemState.ASSIGNED else "按计划推进",
            1,
            # Opened when assigned: the wall's snapshot takes items created before its margin.
            datetime.combine(assigned, datetime.min.time(), tzinfo=UTC),
            user_id,
            unit,
            rng.choice(leaders),
            unit if secret else None,
            person_id,
        )


def _generate(n: int, units: list[int], supervisor: Any, leaders: list[int], rng: random.Random) -> None:
    from django.db import connection, transaction

    from zhongshu.core.bulk import bulk_page_cache
    from zhongshu.org.models import Person
    from zhongshu.supervision.escalation import DEFAULT_THRESHOLDS, level_ranges
    from zhongshu.supervision.models import SupervisionItem
    from zhongshu.supervision.reminders import _auto_key
    from zhongshu.supervision.states import ESCALATING_STATES

    have = SupervisionItem.objects.count()
    if have >= n:
        return
    start_id = (SupervisionItem.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    today = timezone.localdate()
    ranges = list(level_ranges(today - timedelta(days=1), DEFAULT_THRESHOLDS).items())
    escalating = {str(state) for state in ESCALATING_STATES}
    person_id = Person.objects.get(user=supervisor).pk
    now = timezone.now()
    # The cache goes back to the connection's own before the figures are timed on it.
    with bulk_page_cache(), transaction.atomic(), connection.cursor() as cursor:
        stop = start_id + n - have
        for first in range(start_id, stop, BATCH):
            rows = list(
                _item_rows(
                    first,
                    min(stop, first + BATCH),
                    units=units,
                    leaders=leaders,
                    supervisor=(supervisor.pk, person_id),
                    today=today,
                    rng=rng,
                )
            )
            _insert(cursor, "supervision_supervisionitem", ITEM_COLUMNS, rows)
            links = []
            reminders = []
            for row in rows:
                pk, deadline, state, unit = (
                    row[COLUMN_AT[name]] for name in ("id", "deadline", "state", "lead_unit_id")
                )
                links.append((pk, unit, "lead"))
                if rng.random() < 0.3:
                    co = rng.choice(units)
                    if co != unit:
                        links.append((pk, co, "co"))
                if state in escalating:
                    for level, (low, high) in ranges:
                        if deadline <= high and (low is None or deadline >= low):
                            key = _auto_key(pk, level, deadline)
                            reminders.append((pk, str(level), unit, deadline, now, "[]", "inapp", "", key))
            _insert(cursor, "supervision_itemunit", "item_id, unit_id, role", links)
            _insert(
                cursor,
                "supervision_reminder",
                "item_id, level, unit_id, deadline, issued_at, recipients, channel, note, dedupe_key",
                reminders,
            )
        for sql in connection.ops.sequence_reset_sql(_no_style(), [SupervisionItem]):
            cursor.execute(sql)


def _no_style() -> Any:
    from django.core.management.color import no_style

    return no_style()


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map, so the wall's covering indexes give index-only scans, as they
            # do in service once autovacuum has passed.
            for table in ("supervision_supervisionitem", "supervision_itemunit", "supervision_reminder"):
                cursor.execute(f"VACUUM ANALYZE {table}")
            # The units, people and accounts were bulk-loaded too: without statistics the planner takes 5,000
            # units for a few hundred and joins a ledger page to them row by row.
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")


def measure(options: argparse.Namespace) -> dict[str, int | float | str]:
    """Generate (or reuse) the data in the current database and time the four figures."""
    from django.db import connection, transaction

    from zhongshu.supervision.models import SupervisionItem
    from zhongshu.supervision.progress_wall import progress_wall
    from zhongshu.supervision.reminders import escalation_tick
    from zhongshu.supervision.selectors import LedgerFilter, ledger_page
    from zhongshu.supervision.states import ESCALATING_STATES, ItemState
    from zhongshu.supervision.todos import supervision_todos
    from zhongshu.supervision.wall import wall_snapshot_rebuild

    n = options.items
    rng = random.Random(options.seed)
    unit_count = options.units or max(10, min(5000, n // 200))
    started = time.perf_counter()
    units = _units(unit_count)
    supervisor, liaisons, leaders = _people(units)
    unit_ids = [pk for pk, _ in units]
    _generate(n, unit_ids, supervisor, [p.pk for p in leaders], rng)
    generate_s = time.perf_counter() - started
    if connection.get_autocommit():  # not inside a test's transaction, where VACUUM may not run
        _analyze()
    begin = time.perf_counter()
    wall_snapshot_rebuild()  # as the daily tick does
    snapshot_s = time.perf_counter() - begin

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
        for flt in [*filters, LedgerFilter(unit_id=rng.choice(unit_ids))]:
            for after in (None, rng.randint(1, max_id)):
                begin = time.perf_counter()
                ledger_page(supervisor, flt, after=after)
                page_ms.append(_ms(begin))
    todo_ms = []
    for unit in rng.sample(unit_ids, min(20, len(unit_ids))):
        user = liaisons[unit]
        begin = time.perf_counter()
        list(supervision_todos(user))
        todo_ms.append(_ms(begin))
    progress_wall(supervisor)
    wall_runs = []
    for _ in range(3):
        begin = time.perf_counter()
        progress_wall(supervisor)
        wall_runs.append(_ms(begin))
    open_items = SupervisionItem.objects.filter(state__in=ESCALATING_STATES).count()
    sent = 0
    begin = time.perf_counter()
    try:
        with transaction.atomic():
            sent = escalation_tick()
            tick_s = time.perf_counter() - begin
            raise _Rollback
    except _Rollback:
        pass
    return {
        "database": connection.vendor,
        "items": total,
        "units": len(units),
        "generate_s": round(generate_s, 1),
        "ledger_page_ms_p50": round(statistics.median(page_ms), 2),
        "ledger_page_ms_max": round(max(page_ms), 2),
        "todo_ms_p50": round(statistics.median(todo_ms), 2),
        "wall_ms": round(statistics.median(wall_runs), 1),
        "tick_s": round(tick_s, 2),
        "tick_open_items": open_items,
        "tick_notices": sent,
        "wall_snapshot_s": round(snapshot_s, 2),
    }


def run(options: argparse.Namespace) -> dict[str, int | float | str]:
    with scratch_database(keep=options.keep) as name:
        figures = measure(options)
    return {**figures, "scratch_database": name if options.keep else f"{name} (dropped)"}


def register() -> None:
    from zhongshu.core.bench import register_bench

    register_bench(
        "supervision",
        run,
        add_arguments=_arguments,
        description="Supervision ledger page, liaison to-do, progress wall and escalation tick over N items",
    )
