"""`zhongshu bench duty [--json]`: a year's roster for 100 units, who is on duty now across the county, the
whereabouts board and the incident alarm tick.

The data never goes into the developer's database: a scratch database beside it (SQLite
`bench-duty-<pid>.sqlite3` in the var folder, PostgreSQL `bench_duty_<name>`) is migrated, filled with raw
multi-row inserts in one transaction and dropped at the end. What is built (defaults; `--units`,
`--incidents` and the others make a smaller run):

- 5,000 units, each with its duty phone (值班室), two leaders (正职 rank 1, 副职 rank 2) and two 值班员;
- shifts in two roles a day (带班领导, 值班员): ten years back and a month ahead for a sample of 100 units
  (`--history-units`), and 30 days back and 30 ahead for every unit (`--recent-days`) — 5,000 units × 10 years
  × 2 roles would be about 36 million rows, too many to build in a bench run; every unit's rows around today are
  there, so the read of "now" meets all 5,000 units and a decade of history beside them. Rest days (weekends)
  are 24-hour shifts (08:30 to 08:30), working days 08:30–17:30;
- twelve absences (请假/外出) per leader over two years, about one leader in twenty away today;
- 10,000 open incidents learned over the last ten days, a third with their 首报 filed, some with 续报.

The roster year is timed through the rosters part's generation service for 100 units with their eligibility
and the year's holiday schedule; "now" through the swaps part's page (`duty:on_duty_now`, Django's test client:
server time without a network) and its service `on_duty.county_on_duty(t)`; the board through the whereabouts
part's board function; the tick through the incidents part's alarm tick with `now=`. A part whose function is
not there yet gives `null` and says so in `notes`.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

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
    signed_in_client,
    with_targets,
)

BATCH = 20_000
ROLES = (("leader", "带班领导", True), ("officer", "值班员", False))

TARGETS = {
    "roster_year_s": ("≤ 2 s", 2.0),
    "on_duty_now_ms_p50": ("≤ 30 ms", 30.0),
    "away_board_ms_p50": ("≤ 30 ms", 30.0),
    "incident_tick_s": ("≤ 1 s", 1.0),
}


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=int, default=5000, help="units (default 5000)")
    parser.add_argument("--incidents", type=int, default=10_000, help="open incidents (default 10000)")
    parser.add_argument(
        "--roster-units", type=int, default=100, help="units whose year's roster is generated (default 100)"
    )
    parser.add_argument(
        "--history-units", type=int, default=100, help="units with ten years of shifts (default 100)"
    )
    parser.add_argument("--years", type=int, default=10, help="years of history for those units (default 10)")
    parser.add_argument(
        "--recent-days", type=int, default=30, help="days of shifts before and after today, every unit"
    )
    parser.add_argument("--runs", type=int, default=30, help="timed reads of each kind (default 30)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only",
        default=",".join(FIGURES),
        help="which figures to build for and time, comma-separated (default all: " + ",".join(FIGURES) + ")",
    )


class County:
    """What the builders made: ids by unit, the viewer (the county office's 值班员) and the roles."""

    def __init__(self) -> None:
        self.units: list[int] = []
        self.leaders: dict[int, list[int]] = {}  # unit id -> [head, deputy] person ids
        self.officers: dict[int, list[int]] = {}
        self.viewer: Any = None
        self.viewer_person: Any = None
        self.roles: dict[str, int] = {}


def build_county(units: int) -> County:
    """`units` units with their duty phones, two leaders and two officers each, the two duty roles, and the
    county office's duty officer who reads the pages (a 值班员 cleared for 重要) and its office director."""
    from django.contrib.auth.models import Group

    from zhongshu.accounts.models import User
    from zhongshu.base.levels import Clearance
    from zhongshu.base.roles import Role
    from zhongshu.duty.models import DutyPoint, DutyRole
    from zhongshu.org.models import Person, Unit, UnitKind

    county = County()
    made = Unit.objects.bulk_create(
        [
            Unit(
                name=f"基准值班单位{i:05d}",
                code=f"DBENCH{i:05d}",
                kind=UnitKind.TOWN if i % 5 == 4 else UnitKind.BUREAU,
                sort_order=i,
            )
            for i in range(units)
        ],
        batch_size=BATCH,
    )
    county.units = [u.pk for u in made]
    DutyPoint.objects.bulk_create(
        [DutyPoint(unit_id=pk, phone=f"0571-8{i:07d}") for i, pk in enumerate(county.units)], batch_size=BATCH
    )
    for order, (code, name, leader) in enumerate(ROLES):
        role, _ = DutyRole.objects.get_or_create(
            code=code, defaults={"name": name, "is_leader_role": leader, "sort_order": order * 10}
        )
        county.roles[code] = role.pk

    viewer = User.objects.create(username="bench_duty_viewer", password="!")
    viewer.groups.add(Group.objects.get_or_create(name=Role.DUTY_OFFICER.value)[0])
    county.viewer = viewer
    county.viewer_person = Person.objects.create(
        user=viewer, unit_id=county.units[0], name="基准值班员", clearance=Clearance.IMPORTANT
    )
    # The office director works in the same unit: that makes it the county office, whose 值班员 keep the
    # county's duty (and may generate every unit's roster).
    director = User.objects.create(username="bench_duty_director", password="!")
    director.groups.add(Group.objects.get_or_create(name=Role.OFFICE_DIRECTOR.value)[0])
    Person.objects.create(
        user=director, unit_id=county.units[0], name="基准办公室主任", clearance=Clearance.IMPORTANT
    )
    User.objects.bulk_create(
        (User(username=f"benchduty{i:06d}", password="!") for i in range(units * 4)), batch_size=BATCH
    )
    users = dict(User.objects.filter(username__startswith="benchduty").values_list("username", "pk"))
    Person.objects.bulk_create(
        (
            Person(
                user_id=users[f"benchduty{i:06d}"],
                unit_id=county.units[i // 4],
                name=f"{'基准领导' if i % 4 < 2 else '基准值班'}{i:06d}",
                title=("局长", "副局长", "值班员", "值班员")[i % 4],
                is_leader=i % 4 < 2,
                leader_rank=i % 4 + 1 if i % 4 < 2 else None,
                phone=f"139{i:08d}",
            )
            for i in range(units * 4)
        ),
        batch_size=BATCH,
    )
    people = Person.objects.filter(user__username__startswith="benchduty").order_by("user__username")
    for i, (pk, unit_id) in enumerate(people.values_list("pk", "unit_id")):
        (county.leaders if i % 4 < 2 else county.officers).setdefault(unit_id, []).append(pk)
    return county


def build_eligibility(county: County, units: list[int]) -> None:
    """Who stands which role in the units whose roster the bench generates: both leaders, both officers."""
    from zhongshu.duty.models import DutyEligibility

    DutyEligibility.objects.bulk_create(
        [
            DutyEligibility(unit_id=unit, role_id=county.roles[code], person_id=person, sort_order=order)
            for unit in units
            for code, people in (("leader", county.leaders[unit]), ("officer", county.officers[unit]))
            for order, person in enumerate(people)
        ],
        batch_size=BATCH,
    )


def _shift_times(day: date) -> tuple[str, datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, clock(8, 30)))
    if day.weekday() >= 5:
        return "full_day", start, start + timedelta(days=1)
    return "office_hours", start, start + timedelta(hours=9)


def build_shifts(
    county: County, *, today: date, history_units: int, years: int, recent_days: int, skip: set[int]
) -> int:
    """Published rosters and their shifts in both roles: `years` back for the first `history_units` units,
    `recent_days` either side of today for all. Units in `skip` (the ones whose year the bench generates
    through the service) get none here. Returns the number of shifts."""
    from django.db import connection, transaction

    from zhongshu.duty.models import DutyRoster, DutyShift

    roster_table, shift_table = RawTable(DutyRoster), RawTable(DutyShift, with_id=False)
    now = timezone.now()
    creator = county.viewer.pk
    recent_first, last = today - timedelta(days=recent_days), today + timedelta(days=recent_days)
    history_first = today - timedelta(days=365 * years)
    roster_id, count = 0, 0
    days = [history_first + timedelta(days=n) for n in range((last - history_first).days + 1)]
    times = {day: _shift_times(day) for day in days}
    with transaction.atomic(), connection.cursor() as cursor:
        rosters: list[tuple[Any, ...]] = []
        shifts: list[tuple[Any, ...]] = []
        for index, unit in enumerate(county.units):
            if unit in skip:
                continue
            first = history_first if index < history_units else recent_first
            # One published roster per calendar year the unit's shifts touch.
            year_roster: dict[int, int] = {}
            for year in range(first.year, last.year + 1):
                roster_id += 1
                year_roster[year] = roster_id
                rosters.append(
                    roster_table.row(
                        {
                            "id": roster_id,
                            "unit_id": unit,
                            "title": f"基准{year}年值班表",
                            "starts_on": max(first, date(year, 1, 1)),
                            "ends_on": min(last, date(year, 12, 31)),
                            "state": "published",
                            "created_by_id": creator,
                            "created_at": now,
                        }
                    )
                )
            leaders, officers = county.leaders[unit], county.officers[unit]
            start_at = (first - history_first).days
            for n, day in enumerate(days[start_at:]):
                kind, starts_at, ends_at = times[day]
                for code, person in (("leader", leaders[n % 2]), ("officer", officers[n % 2])):
                    shifts.append(
                        shift_table.row(
                            {
                                "roster_id": year_roster[day.year],
                                "unit_id": unit,
                                "day": day,
                                "role_id": county.roles[code],
                                "person_id": person,
                                "kind": kind,
                                "starts_at": starts_at,
                                "ends_at": ends_at,
                            }
                        )
                    )
            if len(shifts) >= BATCH:
                roster_table.insert(cursor, rosters)
                shift_table.insert(cursor, shifts)
                count += len(shifts)
                rosters, shifts = [], []
        roster_table.insert(cursor, rosters)
        shift_table.insert(cursor, shifts)
        count += len(shifts)
    reset_sequences([DutyRoster, DutyShift])
    return count


def build_absences(county: County, *, today: date, rng: random.Random, per_leader: int = 12) -> int:
    """`per_leader` absences per leader over the last two years and the next month: past ones returned
    (销假), current and future ones approved or pending, with the other leader of the unit standing in."""
    from django.db import connection, transaction

    from zhongshu.duty.models import Absence

    table = RawTable(Absence, with_id=False)
    filer = county.viewer.pk
    now = timezone.now()
    rows: list[tuple[Any, ...]] = []
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for unit in county.units:
            head, deputy = county.leaders[unit]
            for person, stand_in in ((head, deputy), (deputy, head)):
                for _ in range(per_leader):
                    starts = today + timedelta(days=rng.randint(-730, 30))
                    ends = starts + timedelta(days=rng.choice((0, 0, 1, 2, 3, 4)))
                    if ends < today:
                        state = "returned" if rng.random() < 0.95 else "withdrawn"
                    else:
                        state = "approved" if rng.random() < 0.8 else "pending"
                    rows.append(
                        table.row(
                            {
                                "person_id": person,
                                "kind": "travel" if rng.random() < 0.6 else "leave",
                                "starts_on": starts,
                                "starts_half": "am",
                                "ends_on": ends,
                                "ends_half": "pm" if rng.random() < 0.8 else "am",
                                "destination": "市里" if rng.random() < 0.5 else "省城",
                                "reason": "基准外出事由",
                                "phone": "13900000000",
                                "stand_in_id": stand_in,
                                "state": state,
                                "filed_by_id": filer,
                                "filed_at": now,
                                "returned_at": now if state == "returned" else None,
                            }
                        )
                    )
            if len(rows) >= BATCH:
                table.insert(cursor, rows)
                count += len(rows)
                rows = []
        table.insert(cursor, rows)
        count += len(rows)
    return count


def build_incidents(county: County, *, incidents: int, now: datetime, rng: random.Random) -> int:
    """`incidents` open incidents learned over the last ten days (a tenth in the last hour, so their 首报 clocks
    run), a third with both 首报 (phone and written) filed and some of those with 续报; a fallback reporting
    clock (20 / 40 minutes, 续报 every 2 hours, a daily report at 17:00) unless the database holds one."""
    from django.db import connection, transaction

    from zhongshu.duty.models import Incident, IncidentReport, ReportingClock

    if not ReportingClock.objects.exists():
        ReportingClock.objects.create(
            category="",
            severity="",
            phone_minutes=20,
            written_minutes=40,
            follow_up_minutes=120,
            daily_report_at=clock(17, 0),
            alarm_before_minutes=10,
        )
    incident_table, report_table = RawTable(Incident), RawTable(IncidentReport, with_id=False)
    categories = ("natural", "accident", "health", "security")
    severities = ("I", "II", "III", "IV", "IV", "IV")
    opener = county.viewer.pk
    sender = county.viewer_person.pk
    with transaction.atomic(), connection.cursor() as cursor:
        for batch in range(0, incidents, BATCH):
            rows, reports = [], []
            for pk in range(batch + 1, min(incidents, batch + BATCH) + 1):
                if rng.random() < 0.1:
                    learned = now - timedelta(minutes=rng.randint(1, 60))
                else:
                    learned = now - timedelta(minutes=rng.randint(60, 60 * 24 * 10))
                unit = county.units[rng.randrange(len(county.units))]
                rows.append(
                    incident_table.row(
                        {
                            "id": pk,
                            "title": f"基准突发事件{pk:06d}",
                            "category": rng.choice(categories),
                            "severity": rng.choice(severities),
                            "place": "基准地点",
                            "occurred_at": learned - timedelta(minutes=rng.randint(0, 30)),
                            "learned_at": learned,
                            "unit_id": unit,
                            "summary": "基准事件概要",
                            "state": "open",
                            "opened_by_id": opener,
                            "opened_at": learned,
                            "owner_unit_id": unit,
                        }
                    )
                )
                if pk % 3:
                    continue
                for channel, minutes in (("phone", rng.randint(5, 30)), ("written", rng.randint(20, 60))):
                    reports.append(
                        report_table.row(
                            {
                                "incident_id": pk,
                                "kind": "first",
                                "number": 0,
                                "channel": channel,
                                "sent_at": learned + timedelta(minutes=minutes),
                                "sent_by_id": sender,
                                "sent_to": "县委办公室、县政府办公室",
                                "source": "基准来源",
                                "nature": "基准性质",
                                "extent": "基准范围",
                                "casualties": "无",
                                "losses": "无",
                                "trend": "平稳",
                                "leaders_on_site": "无",
                                "measures": "基准措施",
                                "recorded_by_id": opener,
                                "recorded_at": learned + timedelta(minutes=minutes),
                            }
                        )
                    )
                for number in range(1, rng.randint(1, 4)):
                    sent = learned + timedelta(minutes=60 + 120 * number)
                    if sent >= now:
                        break
                    reports.append(
                        report_table.row(
                            {
                                "incident_id": pk,
                                "kind": "follow_up",
                                "number": number,
                                "channel": "system",
                                "sent_at": sent,
                                "sent_by_id": sender,
                                "sent_to": "县委办公室、县政府办公室",
                                "body": "基准续报",
                                "recorded_by_id": opener,
                                "recorded_at": sent,
                            }
                        )
                    )
            incident_table.insert(cursor, rows)
            report_table.insert(cursor, reports)
    reset_sequences([Incident, IncidentReport])
    return incidents


FIGURES = ("roster", "on_duty", "away", "incidents")


def _only(options: argparse.Namespace) -> set[str]:
    chosen = {
        name.strip() for name in str(getattr(options, "only", ",".join(FIGURES))).split(",") if name.strip()
    }
    unknown = chosen - set(FIGURES)
    if unknown:
        raise SystemExit(f"--only: unknown figure {', '.join(sorted(unknown))} (use {', '.join(FIGURES)})")
    return chosen


# --- the four figures -------------------------------------------------------------------------------------


def _roster_year(county: County, units: list[int], year: int, notes: list[str]) -> float | None:
    """The rosters part's `generate_year(by, units, year)`: a draft roster for each unit by rotation over its
    eligible people, honouring the office's calendar of the year (24-hour duty on rest days and holidays)."""
    generate_year = optional("zhongshu.duty.rosters", "generate_year")
    if generate_year is None:
        notes.append("roster_year_s: null — zhongshu.duty.rosters.generate_year is not there yet")
        return None
    from zhongshu.org.models import Unit
    from zhongshu.workdays.calendar import has_schedule

    chosen = list(Unit.objects.filter(pk__in=units).order_by("pk"))
    begin = time.perf_counter()
    shifts = generate_year(county.viewer, chosen, year)
    seconds = time.perf_counter() - begin
    notes.append(
        f"roster_year_s: rosters.generate_year for {len(chosen)} units, {year}-01-01 to {year}-12-31, "
        f"{shifts} shifts written (2 roles, 2 eligible people each; the office's {year} holiday schedule "
        f"{'present' if has_schedule(year) else 'MISSING'})"
    )
    return seconds


def _on_duty_now(
    county: County, today: date, runs: int, rng: random.Random, notes: list[str], extra: dict[str, Any]
) -> tuple[float | None, float | None]:
    """(page median through the test client, service median) in ms; None where the part is not there."""
    from django.urls import NoReverseMatch, reverse

    county_on_duty = optional("zhongshu.duty.on_duty", "county_on_duty")
    service_ms: float | None = None
    if county_on_duty is not None:
        timer = Timer()
        for _ in range(runs):
            at = timezone.make_aware(
                datetime.combine(today + timedelta(days=rng.randint(-20, 20)), clock(0, 0))
            ) + timedelta(minutes=rng.randrange(24 * 60))
            with timer():
                len(list(county_on_duty(at)))
        service_ms = median(timer.wall)
        extra["on_duty_now_service_cpu_ms_p50"] = round(median(timer.cpu), 2)
        notes.append(
            "on_duty_now_service_ms_p50: on_duty.county_on_duty(t) for random moments ±20 days of today"
        )
    else:
        notes.append(
            "on_duty_now_service_ms_p50: null — zhongshu.duty.on_duty.county_on_duty is not there yet"
        )
    try:
        url = reverse("duty:on_duty_now")
    except NoReverseMatch:
        url = ""
    if not url:
        notes.append("on_duty_now_ms_p50: the service's figure — the page duty:on_duty_now is not there yet")
        return service_ms, service_ms
    client = signed_in_client(county.viewer)
    client.get(url)  # warm the templates
    timer = Timer()
    status = 0
    for _ in range(runs):
        with timer():
            response = client.get(url)
        status = response.status_code
    if status != 200:
        notes.append(f"on_duty_now_ms_p50: the page answered {status}; the service's figure is given instead")
        return service_ms, service_ms
    extra["on_duty_now_cpu_ms_p50"] = round(median(timer.cpu), 2)
    notes.append(
        f"on_duty_now_ms_p50: GET {url} through Django's test client (server time, now: the county-wide counts "
        "and the first page of units, the viewer's own and the county organs first; every unit is reached by "
        "paging, search or the print route)"
    )
    return median(timer.wall), service_ms


def _away_board(
    county: County, today: date, runs: int, rng: random.Random, notes: list[str], extra: dict[str, Any]
) -> float | None:
    board = optional("zhongshu.duty.whereabouts", "away_board")
    if board is None:
        notes.append("away_board_ms_p50: null — zhongshu.duty.whereabouts.away_board is not there yet")
        return None
    timer = Timer()
    for _ in range(runs):
        day = today + timedelta(days=rng.randint(-7, 7))
        with timer():
            board(county.viewer, day)
    extra["away_board_cpu_ms_p50"] = round(median(timer.cpu), 2)
    notes.append(
        f"away_board_ms_p50: whereabouts.away_board(viewer, day) for {len(county.units)} units, "
        "days ±7 of today (today and its week)"
    )
    return median(timer.wall)


def _incident_tick(now: datetime, notes: list[str]) -> dict[str, Any]:
    """The alarm tick as it runs every minute: the alarms due a minute earlier are recorded as sent (what the
    earlier ticks did), then `alarms.run_alarms(now=)` is timed — it works out which clocks of every open
    incident are due or late and sends those newly due. The due computation alone is timed too."""
    run_alarms = optional("zhongshu.duty.alarms", "run_alarms")
    incidents_due = optional("zhongshu.duty.alarms", "incidents_due")
    if run_alarms is None or incidents_due is None:
        notes.append("incident_tick_s: null — zhongshu.duty.alarms.run_alarms is not there yet")
        return {"incident_tick_s": None}
    from zhongshu.duty.models import IncidentAlarm

    earlier = now - timedelta(minutes=1)
    IncidentAlarm.objects.bulk_create(
        [
            IncidentAlarm(
                incident_id=item.incident_id, clock=item.clock.key, stage=item.stage, sent_at=earlier
            )
            for item in incidents_due(earlier)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    already = IncidentAlarm.objects.count()
    begin = time.perf_counter()
    due = incidents_due(now)
    due_s = time.perf_counter() - begin
    begin = time.perf_counter()
    sent = run_alarms(now=now)
    tick_s = time.perf_counter() - begin
    notes.append(
        f"incident_tick_s: alarms.run_alarms(now=) over the open incidents, {already} alarms of the ticks "
        f"before already recorded; it found {len(due)} running clocks due or late and sent {sent} new alarms; "
        "incidents_due_s: alarms.incidents_due(now) alone"
    )
    return {
        "incident_tick_s": tick_s,
        "incidents_due_s": due_s,
        "clocks_due_or_late": len(due),
        "alarms_sent": sent,
    }


def measure(options: argparse.Namespace) -> dict[str, Any]:
    """Build the data in the current (scratch or test) database and time the four figures."""
    from django.db import connection

    from zhongshu.duty.models import Absence, DutyShift, Incident

    rng = random.Random(options.seed)
    notes: list[str] = []
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()
    county = build_county(options.units)
    roster_units = county.units[-options.roster_units :] if options.roster_units else []
    build_eligibility(county, roster_units)
    only = _only(options)
    shifts = (
        build_shifts(
            county,
            today=today,
            history_units=options.history_units,
            years=options.years,
            recent_days=options.recent_days,
            skip=set(roster_units),
        )
        if only & {"roster", "on_duty"}
        else 0
    )
    absences = build_absences(county, today=today, rng=rng) if only & {"roster", "away"} else 0
    if "incidents" in only:
        build_incidents(county, incidents=options.incidents, now=now, rng=rng)
    generate_s = time.perf_counter() - started
    if connection.get_autocommit():  # not inside a test's transaction, where VACUUM may not run
        analyze(("duty_dutyshift", "duty_dutyroster", "duty_absence", "duty_incident"))

    roster_s = (
        guarded("roster_year_s", notes, None, _roster_year, county, roster_units, today.year, notes)
        if "roster" in only
        else None
    )
    extra: dict[str, Any] = {}
    on_duty_ms, on_duty_service_ms = (
        guarded(
            "on_duty_now_ms_p50",
            notes,
            (None, None),
            _on_duty_now,
            county,
            today,
            options.runs,
            rng,
            notes,
            extra,
        )
        if "on_duty" in only
        else (None, None)
    )
    board_ms = (
        guarded("away_board_ms_p50", notes, None, _away_board, county, today, options.runs, rng, notes, extra)
        if "away" in only
        else None
    )
    tick = (
        guarded("incident_tick_s", notes, {"incident_tick_s": None}, _incident_tick, now, notes)
        if "incidents" in only
        else {"incident_tick_s": None}
    )
    skipped = [name for name in FIGURES if name not in only]
    if skipped:
        notes.append(f"not measured in this run (--only): {', '.join(skipped)}")

    def rounded(value: float | None, digits: int) -> float | None:
        return None if value is None else round(value, digits)

    return {
        "database": connection.vendor,
        "units": len(county.units),
        "shifts": DutyShift.objects.count(),
        "shifts_built": shifts,
        "history_units": min(options.history_units, len(county.units)),
        "history_years": options.years,
        "recent_days": options.recent_days,
        "absences": Absence.objects.count() if absences else 0,
        "open_incidents": Incident.objects.filter(state="open").count(),
        "generate_s": round(generate_s, 1),
        "roster_units": len(roster_units),
        "roster_year_s": rounded(roster_s, 3),
        "on_duty_now_ms_p50": rounded(on_duty_ms, 2),
        "on_duty_now_service_ms_p50": rounded(on_duty_service_ms, 2),
        "away_board_ms_p50": rounded(board_ms, 2),
        "incident_tick_s": rounded(tick["incident_tick_s"], 3),
        "incidents_due_s": rounded(tick.get("incidents_due_s"), 3),
        "clocks_due_or_late": tick.get("clocks_due_or_late"),
        "alarms_sent": tick.get("alarms_sent"),
        **extra,
        "notes": notes,
    }


def run(options: argparse.Namespace) -> dict[str, Any]:
    with scratch_database("duty") as name:
        figures = measure(options)
    figures = {**figures, "scratch_database": f"{name} (dropped)"}
    return figures if getattr(options, "json", False) else with_targets(figures, TARGETS)


def register() -> None:
    from zhongshu.core.bench import register_bench

    register_bench(
        "duty",
        run,
        add_arguments=_arguments,
        description="A year's roster for 100 units, who is on duty now across 5,000 units with years of shifts, "
        "the whereabouts board and the incident tick over 10,000 open incidents",
    )
