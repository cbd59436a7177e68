"""Reminders and to-dos of the checklist: a tick tells a unit's liaison and 文书 when a period of one of its lines
falls due within ZHONGSHU_REPORTING_REMIND_DAYS working days and nothing is filed, and once more the day after
it was missed. Each (line, period, kind) is recorded in ChecklistReminder in the same transaction as its
notices, so a tick run again, or twice at once, sends nothing more. The unit's filers see the same periods in
their 待办.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.core.todos import TodoItem
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.reporting.filings import period_label
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, ChecklistReminder, Cycle
from zhongshu.reporting.periods import Period, periods_of
from zhongshu.reporting.roles import files_for_unit
from zhongshu.workdays.calendar import add_workdays

LATE_WINDOW_DAYS = 31  # a period missed longer ago than this is the compliance view's, not a reminder's
REMINDED_ROLES = (Role.LIAISON.value, Role.CLERK.value)


@dataclass(frozen=True)
class OpenPeriod:
    line: ChecklistLine
    period: Period

    @property
    def label(self) -> str:
        return period_label(self.line, self.period.start)


def _remind_days() -> int:
    return int(getattr(settings, "ZHONGSHU_REPORTING_REMIND_DAYS", 3))


def open_periods(lines: list[ChecklistLine], today: date) -> list[OpenPeriod]:
    """The periods of `lines` due from LATE_WINDOW_DAYS ago to the end of the reminder window, not filed."""
    if not lines:
        return []
    horizon = add_workdays(today, _remind_days())
    found = [
        OpenPeriod(line, period)
        for line in lines
        for period in periods_of(line, today - timedelta(days=LATE_WINDOW_DAYS), horizon)
        if line.ends_on is None or period.start <= line.ends_on
    ]
    if not found:
        return []
    filed = set(
        ChecklistFiling.objects.filter(
            line__in=[item.line for item in found], period_start__isnull=False
        ).values_list("line_id", "period_start")
    )
    return [item for item in found if (item.line.pk, item.period.start) not in filed]


def _live_periodic_lines(today: date) -> list[ChecklistLine]:
    return list(
        ChecklistLine.objects.exclude(cycle=Cycle.AD_HOC)
        .filter(starts_on__lte=today + timedelta(days=LOOK_AHEAD))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today - timedelta(days=LATE_WINDOW_DAYS + 400)))
        .select_related("unit")
    )


LOOK_AHEAD = 60


def reminded_people(unit_id: int) -> list[Person]:
    """The unit's liaisons and 文书, else its leaders."""
    people = list(
        Person.objects.filter(unit_id=unit_id, user__is_active=True, user__groups__name__in=REMINDED_ROLES)
        .select_related("user")
        .distinct()
    )
    if people:
        return people
    return list(
        Person.objects.filter(unit_id=unit_id, is_leader=True, user__is_active=True).select_related("user")
    )


def checklist_url(line: ChecklistLine) -> str:
    return reverse("reporting:filing_new") + f"?line={line.pk}"


def checklist_reminders_tick(now: Any = None) -> int:
    """Send the due and late reminders not sent yet; returns how many notices were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for item in open_periods(_live_periodic_lines(today), today):
        due = item.period.due_on
        if today > due:
            kind = "late"
        elif today >= add_workdays(due, -_remind_days()):
            kind = "due"
        else:
            continue
        line = item.line
        if ChecklistReminder.objects.filter(line=line, period_start=item.period.start, kind=kind).exists():
            continue
        try:
            with transaction.atomic():
                ChecklistReminder.objects.create(
                    line=line, period_start=item.period.start, kind=kind, sent_at=now
                )
                due_text = f"{due.year}年{due.month}月{due.day}日"
                title = (
                    f"请按时报送：{line.matter}（{item.label}）"
                    if kind == "due"
                    else f"请示报告逾期未报：{line.matter}（{item.label}）"
                )
                body = f"报送截止：{due_text}；依据：{line.basis}"
                for person in reminded_people(line.unit_id):
                    message = notify(
                        recipient=person.user,
                        about=line,
                        kind=f"reporting.checklist_{kind}",
                        title=title,
                        body=body,
                        link=checklist_url(line),
                        dedupe_key=f"reporting.checklist.{line.pk}.{item.period.start}.{kind}.{person.pk}",
                    )
                    sent += 1 if message is not None else 0
        except IntegrityError:
            continue  # another tick recorded it first
    return sent


def checklist_todos(user: Any, today: date | None = None) -> list[TodoItem]:
    """A unit's filers: its periods due within the reminder window (or missed this past month), not filed."""
    person = getattr(user, "person_or_none", None)
    if person is None or person.unit_id is None or not files_for_unit(user):
        return []
    today = today or timezone.localdate()
    lines = list(
        ChecklistLine.objects.filter(unit_id=person.unit_id)
        .exclude(cycle=Cycle.AD_HOC)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today - timedelta(days=LATE_WINDOW_DAYS + 400)))
        .select_related("unit")
    )
    return [
        TodoItem(
            title=f"请示报告清单：{item.line.matter}（{item.label}）",
            url=checklist_url(item.line),
            kind="reporting.checklist",
            source_label="请示报告清单",
            due=item.period.due_on,
            overdue=item.period.due_on < today,
            note=item.line.unit.name,
        )
        for item in sorted(open_periods(lines, today), key=lambda i: (i.period.due_on, i.line.pk))
    ]
