"""`zhongshu bench meetings [--json]`: a county's five years of meetings and leaders' engagements in bulk,
then the time of a conflict check for a new meeting, a week's schedule of 50 leaders and a leader's
calendar feed.

The data never goes into the developer's database: a scratch database beside it (SQLite
`bench-meetings-<pid>.sqlite3` in the var folder, PostgreSQL `bench_meetings_<name>`) is migrated, filled with
raw multi-row inserts in one transaction and dropped at the end. By default (the issue's figure): 100,000
meetings with 6 to 14 invited people each and 200,000 engagements over five years, for 200 leaders and 2,000
other people in 50 units, 30 rooms. The conflict check times `scheduling.conflicts_for` for random new
meetings of two hours in working hours (a room, two leaders and eight others, read as the meeting staff);
the week times `week.leaders_week` for 50 leaders and a random Monday; the feed `feeds.calendar_for` for a
random leader over the feed's window (4 weeks back, 12 ahead).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.core.bench_data import RawTable, analyze, ms_since, optional, reset_sequences, scratch_database

BATCH = 20_000
SECRET_EVERY = 50  # one meeting and one engagement in this many is 机密
ROOMS = 30
UNITS = 50
YEARS = 5


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--meetings", type=int, default=100_000, help="meetings (default 100000)")
    parser.add_argument("--engagements", type=int, default=200_000, help="engagements (default 200000)")
    parser.add_argument("--leaders", type=int, default=200, help="leaders (default 200)")
    parser.add_argument("--people", type=int, default=2000, help="other people (default 2000)")
    parser.add_argument("--checks", type=int, default=300, help="conflict checks timed (default 300)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database and reuse a kept one holding the data"
    )


def _people(*, leaders: int, people: int) -> tuple[Any, list[int], list[int]]:
    """Units, rooms, the office's clerk (the viewer), `leaders` leaders by rank and `people` others."""
    from django.contrib.auth.models import Group

    from zhongshu.accounts.models import User
    from zhongshu.base.levels import Clearance
    from zhongshu.base.roles import Role
    from zhongshu.meetings.models import Room
    from zhongshu.org.models import Person, Unit, UnitKind

    units = Unit.objects.bulk_create(
        [Unit(name=f"基准单位{i:03d}", code=f"MBENCH{i:03d}", kind=UnitKind.BUREAU) for i in range(UNITS)]
    )
    office = units[0]
    Room.objects.bulk_create(
        [
            Room(name=f"基准会议室{i:02d}", capacity=20 + i * 5, cleared_for_classified=i % 5 == 0)
            for i in range(ROOMS)
        ]
    )
    clerk_user = User.objects.create(username="bench_wenshu", password="!")
    clerk_user.groups.add(Group.objects.get_or_create(name=Role.CLERK.value)[0])
    clerk = Person.objects.create(
        user=clerk_user, unit=office, name="基准文书", clearance=Clearance.IMPORTANT
    )
    total = leaders + people
    User.objects.bulk_create(
        (User(username=f"bench_m{i:05d}", password="!") for i in range(total)), batch_size=BATCH
    )
    users = dict(User.objects.filter(username__startswith="bench_m").values_list("username", "pk"))
    Person.objects.bulk_create(
        (
            Person(
                user_id=users[f"bench_m{i:05d}"],
                unit=office if i < leaders else units[1 + i % (UNITS - 1)],
                name=f"{'基准领导' if i < leaders else '基准人员'}{i:05d}",
                is_leader=i < leaders,
                leader_rank=i + 1 if i < leaders else None,
                clearance=Clearance.IMPORTANT if i < leaders else Clearance.NONE,
            )
            for i in range(total)
        ),
        batch_size=BATCH,
    )
    ids = list(
        Person.objects.filter(user__username__startswith="bench_m")
        .order_by("user__username")
        .values_list("pk", flat=True)
    )
    del clerk
    return clerk_user, ids[:leaders], ids[leaders:]


def _slot(rng: random.Random, first: date, days: int) -> tuple[datetime, datetime]:
    day = first + timedelta(days=rng.randrange(days))
    while day.weekday() >= 5:
        day -= timedelta(days=2)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
        minutes=rng.choice((510, 540, 570, 600, 870, 900, 930, 960))
    )
    return start, start + timedelta(minutes=rng.choice((60, 90, 120, 150, 180)))


def _generate(
    *, meetings: int, engagements: int, leaders: list[int], others: list[int], rng: random.Random
) -> tuple[date, int]:
    from django.db import connection, transaction

    from zhongshu.accounts.models import User
    from zhongshu.core.bulk import bulk_page_cache
    from zhongshu.meetings.models import Attendee, Engagement, Meeting, Room
    from zhongshu.meetings.states import MeetingState
    from zhongshu.org.models import Person, Unit

    today = timezone.localdate()
    first = today - timedelta(days=int(365 * (YEARS - 0.5)))
    days = 365 * YEARS
    rooms = list(Room.objects.values_list("pk", flat=True))
    office = Unit.objects.get(code="MBENCH000").pk
    clerk = User.objects.get(username="bench_wenshu").pk
    clerk_person = Person.objects.get(user_id=clerk).pk
    now = timezone.now()
    meeting_table, attendee_table, engagement_table = (
        RawTable(Meeting),
        RawTable(Attendee, with_id=False),
        RawTable(Engagement),
    )
    future = (MeetingState.PENDING, MeetingState.APPROVED, MeetingState.NOTIFIED, MeetingState.NOTIFIED)
    with bulk_page_cache(), transaction.atomic(), connection.cursor() as cursor:
        for batch in range(0, meetings, BATCH):
            rows, attendees = [], []
            for pk in range(batch + 1, min(meetings, batch + BATCH) + 1):
                start, end = _slot(rng, first, days)
                if start < now:
                    state = MeetingState.CLOSED if rng.random() < 0.93 else MeetingState.CANCELLED
                else:
                    state = rng.choice(future)
                rows.append(
                    meeting_table.row(
                        {
                            "id": pk,
                            "title": f"基准会议{pk:06d}",
                            "meeting_type": "topic",
                            "state": str(state),
                            "applicant_unit_id": office,
                            "chair_id": rng.choice(leaders),
                            "starts_at": start,
                            "ends_at": end,
                            "room_id": rng.choice(rooms) if rng.random() < 0.85 else None,
                            "is_video": False,
                            "classification": 3 if pk % SECRET_EVERY == 0 else 1,
                            "owner_unit_id": office,
                            "owner_person_id": clerk_person,
                            "created_by_id": clerk,
                            "created_at": start - timedelta(days=7),
                            "updated_at": start - timedelta(days=7),
                        }
                    )
                )
                invited = rng.sample(leaders, rng.randint(1, 3)) + rng.sample(others, rng.randint(5, 11))
                for order, person in enumerate(invited):
                    reply = "attending" if rng.random() < 0.9 else "absent"
                    attendees.append(
                        attendee_table.row(
                            {
                                "meeting_id": pk,
                                "person_id": person,
                                "role": "attend",
                                "reply": reply,
                                "sort_order": order,
                            }
                        )
                    )
            meeting_table.insert(cursor, rows)
            attendee_table.insert(cursor, attendees)
        kinds = ("research", "reception", "trip", "visit", "other")
        for batch in range(0, engagements, BATCH):
            rows = []
            for pk in range(batch + 1, min(engagements, batch + BATCH) + 1):
                start, end = _slot(rng, first, days)
                if rng.random() < 0.01:  # a trip of a few days
                    end = start + timedelta(days=rng.randint(2, 6))
                rows.append(
                    engagement_table.row(
                        {
                            "id": pk,
                            "leader_id": rng.choice(leaders),
                            "kind": rng.choice(kinds),
                            "title": f"基准活动{pk:06d}",
                            "starts_at": start,
                            "ends_at": end,
                            "classification": 3 if pk % SECRET_EVERY == 0 else 1,
                            "owner_unit_id": office,
                            "owner_person_id": clerk_person,
                            "created_by_id": clerk,
                            "created_at": start - timedelta(days=3),
                        }
                    )
                )
            engagement_table.insert(cursor, rows)
    reset_sequences([Meeting, Attendee, Engagement])
    return first, days


def measure(options: argparse.Namespace) -> dict[str, int | float | str]:
    """Generate the data in the current (scratch or test) database and time the three figures."""
    from django.db import connection

    from zhongshu.accounts.models import User
    from zhongshu.meetings.models import Engagement, Meeting, Room
    from zhongshu.meetings.scheduling import conflicts_for
    from zhongshu.org.models import Person

    rng = random.Random(options.seed)
    started = time.perf_counter()
    kept = User.objects.filter(username="bench_wenshu").exists()
    if kept and getattr(options, "keep", False):  # a kept database: its data as it is
        viewer = User.objects.get(username="bench_wenshu")
        ids = list(
            Person.objects.filter(user__username__startswith="bench_m")
            .order_by("user__username")
            .values_list("pk", flat=True)
        )
        leaders, others = ids[: options.leaders], ids[options.leaders :]
        first = timezone.localdate() - timedelta(days=int(365 * (YEARS - 0.5)))
        days = 365 * YEARS
    else:
        viewer, leaders, others = _people(leaders=options.leaders, people=options.people)
        first, days = _generate(
            meetings=options.meetings,
            engagements=options.engagements,
            leaders=leaders,
            others=others,
            rng=rng,
        )
    generate_s = time.perf_counter() - started
    if connection.get_autocommit():  # not inside a test's transaction, where VACUUM may not run
        analyze(("meetings_meeting", "meetings_attendee", "meetings_engagement"))
    rooms = list(Room.objects.values_list("pk", flat=True))

    conflict_ms, conflict_cpu, conflicts_found = [], [], 0
    for _ in range(options.checks):
        start, _end = _slot(rng, first, days)
        people = rng.sample(leaders, 2) + rng.sample(others, min(8, len(others)))
        begin, cpu = time.perf_counter(), time.process_time()
        found = conflicts_for(
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            room_id=rng.choice(rooms),
            people_ids=people,
            viewer=viewer,
        )
        conflict_ms.append(ms_since(begin))
        conflict_cpu.append((time.process_time() - cpu) * 1000)
        conflicts_found += len(found)

    week_ms, week_how = _time_week(viewer, leaders, first, days, rng)
    ics_ms, ics_how = _time_feed(viewer, leaders, first, days, rng)
    return {
        "database": connection.vendor,
        "meetings": Meeting.objects.count(),
        "engagements": Engagement.objects.count(),
        "leaders": len(leaders),
        "people": Person.objects.count(),
        "generate_s": round(generate_s, 1),
        "conflict_check_ms_p50": round(statistics.median(conflict_ms), 2),
        "conflict_check_ms_p90": round(statistics.quantiles(conflict_ms, n=10)[-1], 2)
        if len(conflict_ms) > 1
        else round(conflict_ms[0], 2),
        "conflicts_per_check": round(conflicts_found / max(1, options.checks), 1),
        # This process's own CPU time (SQLite runs in it): the figure a busy, shared machine does not inflate.
        "conflict_check_cpu_ms_p50": round(statistics.median(conflict_cpu), 2),
        "week_schedule_ms_p50": round(statistics.median(week_ms), 2),
        "week_schedule_timed": week_how,
        "ics_feed_ms_p50": round(statistics.median(ics_ms), 2),
        "ics_feed_timed": ics_how,
    }


def _random_monday(rng: random.Random, first: date, days: int) -> date:
    day = first + timedelta(days=rng.randrange(days - 7))
    return day - timedelta(days=day.weekday())


def _time_week(
    viewer: Any, leaders: list[int], first: date, days: int, rng: random.Random
) -> tuple[list[float], str]:
    # The schedule part's week; while it is not in, the same reads by this bench's own query.
    leaders_week = optional("zhongshu.meetings.week", "leaders_week")
    runs = []
    chosen = leaders[:50]
    for _ in range(30):
        monday = _random_monday(rng, first, days)
        begin = time.perf_counter()
        if leaders_week is not None:
            leaders_week(viewer, monday, chosen)
        else:
            _own_items(viewer, chosen, monday, monday + timedelta(days=7))
        runs.append(ms_since(begin))
    if leaders_week is None:
        return runs, "own query (week.leaders_week absent): meetings and engagements of 50 leaders"
    return runs, "week.leaders_week(viewer, monday, 50 leaders)"


def _own_items(viewer: Any, leader_ids: list[int], first: date, last: date) -> int:
    """The leaders' booked meetings and engagements between two days, through the access policy."""
    from django.db.models import Q

    from zhongshu.access.policy import visible
    from zhongshu.meetings.models import Attendee, Engagement, Meeting
    from zhongshu.meetings.states import BOOKED_STATES

    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(last, datetime.min.time()))
    attending = Attendee.objects.filter(person_id__in=leader_ids)
    meetings = Meeting.objects.filter(
        Q(chair_id__in=leader_ids) | Q(pk__in=attending.values("meeting_id")),
        state__in=BOOKED_STATES,
        starts_at__lt=end,
        ends_at__gt=start,
    )
    seen = set(visible(meetings, viewer).values_list("pk", flat=True))
    rows = list(meetings.values_list("pk", "title", "starts_at", "ends_at"))
    engagements = Engagement.objects.filter(leader_id__in=leader_ids, starts_at__lt=end, ends_at__gt=start)
    return len(rows) + len(seen) + len(list(engagements.values_list("pk", "title", "starts_at", "ends_at")))


def _time_feed(
    viewer: Any, leaders: list[int], first: date, days: int, rng: random.Random
) -> tuple[list[float], str]:
    from zhongshu.org.models import Person

    calendar_for = optional("zhongshu.meetings.feeds", "calendar_for")
    runs = []
    for _ in range(30):
        person = Person.objects.get(pk=rng.choice(leaders))
        monday = _random_monday(rng, first + timedelta(days=35), days - 120)
        start, end = monday - timedelta(weeks=4), monday + timedelta(weeks=12)
        begin = time.perf_counter()
        if calendar_for is not None:
            calendar_for(person, viewer, start, end)
        else:
            _own_items(viewer, [person.pk], start, end)
        runs.append(ms_since(begin))
    if calendar_for is None:
        return runs, "own query (feeds.calendar_for absent): one leader's 16 weeks, no iCalendar rendering"
    return runs, "feeds.calendar_for(leader, viewer, 16 weeks)"


def run(options: argparse.Namespace) -> dict[str, int | float | str]:
    with scratch_database("meetings", keep=options.keep) as name:
        figures = measure(options)
    return {**figures, "scratch_database": name if options.keep else f"{name} (dropped)"}


def register() -> None:
    from zhongshu.core.bench import register_bench

    register_bench(
        "meetings",
        run,
        add_arguments=_arguments,
        description="Conflict check for a new meeting, a week of 50 leaders and a leader's calendar feed over "
        "100,000 meetings and 200,000 engagements",
    )
