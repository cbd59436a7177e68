"""时限提醒: N minutes before each report clock is due (ReportingClock.alarm_before_minutes), and again when
it is late, a notice through the outbox to the duty officer and the 带班领导 on shift in the incident's unit
(falling back to the unit's duty-room people, and saying so). IncidentAlarm rows make it once each.

`incidents_due(now)` computes the running clocks of every open incident in three queries (incidents, their
reports, the clock rows), so the tick stays well under a second for ten thousand open incidents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, Max, Min, Q, Value, When
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.base.roles import Role
from zhongshu.duty.clocks import Clock, chinese_number, clock_for, clocks_of, report_times
from zhongshu.duty.models import (
    Channel,
    DutyShift,
    Incident,
    IncidentAlarm,
    IncidentReport,
    IncidentState,
    ReportingClock,
    ReportKind,
)
from zhongshu.notifications.services import notify

BEFORE, LATE = "before", "late"


@dataclass(frozen=True)
class DueClock:
    incident_id: int
    unit_id: int
    title: str
    clock: Clock
    stage: str  # before | late


class _Report:
    """The few columns of a report the clocks read (no model instance per row)."""

    __slots__ = ("pk", "kind", "channel", "sent_at")

    def __init__(self, pk: int, kind: str, channel: str, sent_at: datetime) -> None:
        self.pk, self.kind, self.channel, self.sent_at = pk, kind, channel, sent_at


Summary = tuple[datetime | None, datetime | None, datetime | None, int, int]


def report_summaries() -> dict[int, Summary]:
    """What the running clocks need of each open incident's reports, as clocks.report_times derives it, in one
    aggregate query: (first 首报 of any channel, first 首报 not by telephone, last report, 续报 counted, 日报
    counted). A 续报 is counted only after some report (report_times' order, by sent_at then id); the few
    incidents where a 续报 might come first (none through file_report, which refuses one before the 首报)
    are derived from their rows as report_times does."""
    follow = Q(kind=ReportKind.FOLLOW_UP)
    rows = (
        IncidentReport.objects.filter(incident__state=IncidentState.OPEN)
        .values("incident_id")
        .annotate(
            first_any=Min("sent_at", filter=Q(kind=ReportKind.FIRST)),
            first_written=Min("sent_at", filter=Q(kind=ReportKind.FIRST) & ~Q(channel=Channel.PHONE)),
            last_sent=Max("sent_at"),
            follow_ups=Count("id", filter=follow),
            dailies=Count("id", filter=Q(kind=ReportKind.DAILY)),
            early_follow=Min("sent_at", filter=follow),
            early_other=Min("sent_at", filter=~follow),
        )
        .annotate(
            odd=Case(
                When(
                    Q(early_follow__isnull=False)
                    & (Q(early_other__isnull=True) | Q(early_follow__lte=F("early_other"))),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by()
        .values_list("incident_id", "first_any", "first_written", "last_sent", "follow_ups", "dailies", "odd")
    )
    summaries: dict[int, Summary] = {}
    odd: list[int] = []
    for incident_id, first_any, first_written, last_sent, follow_ups, dailies, is_odd in rows:
        if is_odd:
            odd.append(incident_id)
        summaries[incident_id] = (first_any, first_written, last_sent, follow_ups, dailies)
    if odd:
        reports: dict[int, list[_Report]] = defaultdict(list)
        for pk, incident_id, kind, channel, sent_at in IncidentReport.objects.filter(
            incident_id__in=odd
        ).values_list("id", "incident_id", "kind", "channel", "sent_at"):
            reports[incident_id].append(_Report(pk, kind, channel, sent_at))
        for incident_id, own in reports.items():
            times = report_times(own)  # type: ignore[arg-type]
            summaries[incident_id] = (
                times.first_any,
                times.first_written,
                times.last_sent,
                len(times.follow_ups),
                len(times.dailies),
            )
    return summaries


def incidents_due(now: datetime | None = None) -> list[DueClock]:
    """Every running clock of every open incident whose alarm time has come (stage before) or whose due
    time has passed (stage late)."""
    now = now or timezone.now()
    clocks = list(ReportingClock.objects.all())
    params_by_key: dict[tuple[str, str], tuple[Any, ...]] = {}
    incidents = list(
        Incident.objects.filter(state=IncidentState.OPEN).values_list(
            "id", "unit_id", "title", "category", "severity", "learned_at"
        )
    )
    summaries = report_summaries()
    empty = (None, None, None, 0, 0)
    tz = timezone.get_current_timezone()
    one_day = timedelta(days=1)
    due: list[DueClock] = []
    # The running clocks only, as clocks.clocks_of derives them (tests compare the two), without building
    # the met ones: this loop runs for every open incident on every tick.
    for incident_id, unit_id, title, category, severity, learned_at in incidents:
        key = (category, severity)
        params = params_by_key.get(key)
        if params is None:
            row = clock_for(category, severity, clocks)
            params = params_by_key[key] = (
                timedelta(minutes=row.phone_minutes),
                timedelta(minutes=row.written_minutes),
                timedelta(minutes=row.follow_up_minutes) if row.follow_up_minutes else None,
                row.daily_report_at,
                timedelta(minutes=row.alarm_before_minutes),
            )
        phone, written, follow_up, daily_at, before = params
        first_any, first_written, last_sent, follow_ups, dailies = summaries.get(incident_id, empty)
        running: list[tuple[str, str, datetime]] = []
        if first_any is None:
            running.append(("first_phone", "电话首报", learned_at + phone))
        if first_written is None:
            running.append(("first_written", "书面首报", learned_at + written))
        if follow_up is not None and last_sent is not None and first_any is not None:
            number = follow_ups + 1
            running.append((f"follow_up:{number}", f"续报{chinese_number(number)}", last_sent + follow_up))
        if daily_at is not None:
            local = (learned_at + one_day).astimezone(tz)
            day = local.date() + timedelta(days=dailies + (1 if local.time() > daily_at else 0))
            running.append((f"daily:{day.isoformat()}", "日报", datetime.combine(day, daily_at, tzinfo=tz)))
        for clock_key, label, due_at in running:
            alarm_at = due_at - before
            if now >= alarm_at:
                stage = LATE if now >= due_at else BEFORE
                due.append(
                    DueClock(incident_id, unit_id, title, Clock(clock_key, label, due_at, alarm_at), stage)
                )
    return due


def recipients(unit_id: int, now: datetime) -> tuple[list[User], bool]:
    """The duty officer and the 带班领导 on shift in the unit now (a driver's role is not asked), or, when
    nobody is on shift, the unit's duty-room people (值班员, 办公室主任); the flag says which."""
    return recipients_by_unit([unit_id], now)[unit_id]


def recipients_by_unit(unit_ids: Iterable[int], now: datetime) -> dict[int, tuple[list[User], bool]]:
    """`recipients` for several units in two queries (the shifts covering now in those units; the duty-room
    people of the units nobody is on shift in), whatever their number."""
    units = sorted(set(unit_ids))
    on_shift: dict[int, dict[int, User]] = {unit_id: {} for unit_id in units}
    shifts = (
        DutyShift.objects.filter(unit_id__in=units, starts_at__lte=now, ends_at__gt=now)
        .filter(Q(role__is_leader_role=True) | Q(role__required_on_holidays=True))
        .select_related("person__user")
    )
    for shift in shifts:
        user = shift.person.user
        on_shift[shift.unit_id].setdefault(user.pk, user)
    found = {unit_id: (list(users.values()), False) for unit_id, users in on_shift.items() if users}
    missing = [unit_id for unit_id in units if unit_id not in found]
    if missing:
        fallback: dict[int, list[User]] = {unit_id: [] for unit_id in missing}
        for user in (
            User.objects.filter(
                person__unit_id__in=missing,
                is_active=True,
                groups__name__in=[Role.DUTY_OFFICER.value, Role.OFFICE_DIRECTOR.value],
            )
            .annotate(duty_unit_id=F("person__unit_id"))
            .distinct()
            .order_by("pk")
        ):
            fallback[user.duty_unit_id].append(user)
        found.update({unit_id: (users, True) for unit_id, users in fallback.items()})
    return found


def run_alarms(now: datetime | None = None) -> int:
    """The tick: send each due alarm once (before, then late). Returns how many alarms it sent."""
    from django.urls import reverse

    now = now or timezone.now()
    due = incidents_due(now)
    if not due:
        return 0
    # One read of the alarms already sent for open incidents (a join, not a list of ids: there may be
    # thousands).
    sent_before = set(
        IncidentAlarm.objects.filter(incident__state=IncidentState.OPEN).values_list(
            "incident_id", "clock", "stage"
        )
    )
    fresh = [item for item in due if (item.incident_id, item.clock.key, item.stage) not in sent_before]
    if not fresh:
        return 0
    incidents = Incident.objects.in_bulk({item.incident_id for item in fresh})
    people = recipients_by_unit((item.unit_id for item in fresh), now)
    with transaction.atomic():
        # The rows first (a concurrent tick's are skipped); the notices' dedupe keys make each person's
        # notice once even if two ticks raced past the read above.
        IncidentAlarm.objects.bulk_create(
            [
                IncidentAlarm(
                    incident_id=item.incident_id, clock=item.clock.key, stage=item.stage, sent_at=now
                )
                for item in fresh
            ],
            ignore_conflicts=True,
        )
        for item in fresh:
            users, fell_back = people[item.unit_id]
            title, body = alarm_text(item, now, fell_back)
            for user in users:
                notify(
                    recipient=user,
                    about=incidents[item.incident_id],
                    kind="duty.incident_alarm",
                    title=title,
                    body=body,
                    link=reverse("duty:incident", args=[item.incident_id]),
                    dedupe_key=f"duty.alarm:{item.incident_id}:{item.clock.key}:{item.stage}:{user.pk}",
                )
    return len(fresh)


def alarm_text(item: DueClock, now: datetime, fell_back: bool) -> tuple[str, str]:
    due = timezone.localtime(item.clock.due_at)
    if item.stage == LATE:
        title = f"【已超时】{item.title}：{item.clock.label}已超时{item.clock.late_minutes(now)}分钟"
    else:
        title = f"【即将到时】{item.title}：{item.clock.label}应于{due:%H:%M}前报送"
    body = f"{item.clock.label}时限：{due:%Y-%m-%d %H:%M}。"
    if fell_back:
        body += "本单位当前没有排班值班人员，已通知本单位值班室人员。"
    return title, body


def tick() -> Any:
    return run_alarms()


# --- 待办: the duty room's running clocks on the workbench ---------------------------------------------------

TODO_SOURCE_LABEL = "突发事件"
TODO_LIMIT = 100


def incident_todos(user: Any, *, now: datetime | None = None) -> list[Any]:
    """For the duty room's people (值班员, 办公室主任): each open incident of their unit they may see, with
    its next running clock — overdue when late, with the minutes late or left."""
    from django.urls import reverse

    from zhongshu.access.policy import visible
    from zhongshu.core.todos import TodoItem
    from zhongshu.duty.clocks import next_clock
    from zhongshu.duty.incidents import may_register

    person = getattr(user, "person_or_none", None)
    if person is None or not may_register(user):
        return []
    now = now or timezone.now()
    clocks = list(ReportingClock.objects.all())
    incidents = (
        visible(Incident.objects.filter(state=IncidentState.OPEN, unit_id=person.unit_id), user)
        .prefetch_related("reports")
        .order_by("learned_at", "id")[:TODO_LIMIT]
    )
    items = []
    for incident in incidents:
        running = clocks_of(
            learned_at=incident.learned_at,
            closed=False,
            closed_at=None,
            row=clock_for(incident.category, incident.severity, clocks),
            times=report_times(incident.reports.all()),
            now=now,
        )
        clock = next_clock(running)
        if clock is None:
            continue
        late = clock.state(now) == "late"
        note = (
            f"已超时{clock.late_minutes(now)}分钟"
            if late
            else f"应于{timezone.localtime(clock.due_at):%m-%d %H:%M}前报送，还剩{clock.minutes_left(now)}分钟"
        )
        items.append(
            TodoItem(
                title=f"{clock.label}：{incident.title}",
                url=reverse("duty:incident", args=[incident.pk]),
                kind="duty.incident_clock",
                source_label=TODO_SOURCE_LABEL,
                due=timezone.localtime(clock.due_at).date(),
                overdue=late,
                note=note,
                at=clock.due_at,
                classification=int(incident.classification),
                record=(Incident._meta.label_lower, str(incident.pk)),
            )
        )
    return items
