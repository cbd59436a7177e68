"""报备: the county office asks the units to file their duty rosters for a holiday or period by a due date;
each unit files (its rosters must cover every day of the period; they become filed: `DutyRoster.filed_at`).

A unit's state on a call is derived from the times, never stored: 已报备 (filed by the end of the due date),
逾期报备 (filed after it), 逾期未报 (not filed and the due date has passed), 未报备 (not filed, not yet due).
A tick reminds the units not filed on the day before the due date and once when late (the outbox's dedupe
keys make it idempotent); a unit's people see their open calls in 待办.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.todos import TodoItem
from zhongshu.duty.actions_swaps import may_issue_calls
from zhongshu.duty.models import DutyRoster, DutyShift, RosterCall
from zhongshu.duty.roles import is_county_duty_room
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit

TITLE_MAX = 100
MAX_DAYS = 366


class FilingState:
    FILED = "filed"
    LATE = "late"  # filed after the due date
    OVERDUE = "overdue"  # not filed, the due date passed
    WAITING = "waiting"  # not filed, not yet due


FILING_LABELS = {
    FilingState.FILED: "已报备",
    FilingState.LATE: "逾期报备",
    FilingState.OVERDUE: "逾期未报",
    FilingState.WAITING: "未报备",
}
FILING_BADGES = {
    FilingState.FILED: "ontime",
    FilingState.LATE: "late",
    FilingState.OVERDUE: "urgent",
    FilingState.WAITING: "due",
}


def call_url(call: RosterCall) -> str:
    return reverse("duty:roster_call", args=[call.pk])


def deadline_of(call: RosterCall) -> datetime:
    """The end of the due date, local time."""
    return timezone.make_aware(datetime.combine(call.due_on + timedelta(days=1), time(0, 0)))


def days_of(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- issuing -----------------------------------------------------------------------------------------------


def call_issue(
    *,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    due_on: date | None,
    units: Iterable[Unit],
    by: Actor,
) -> RosterCall:
    """下发报备通知: the duty room names the period, the due date and the units."""
    if not may_issue_calls(by):
        raise Forbidden("只有县委办值班室才能下发值班表报备通知", code="not_duty_room")
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写通知名称", code="title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"名称不能超过{TITLE_MAX}字", code="too_long", field="title")
    if starts_on is None:
        raise ServiceError("请填写值班开始日期", code="starts_on_required", field="starts_on")
    if ends_on is None:
        raise ServiceError("请填写值班结束日期", code="ends_on_required", field="ends_on")
    if due_on is None:
        raise ServiceError("请填写报备截止日期", code="due_on_required", field="due_on")
    if ends_on < starts_on:
        raise ServiceError("值班结束日期不能早于开始日期", code="ends_before_starts", field="ends_on")
    if (ends_on - starts_on).days >= MAX_DAYS:
        raise ServiceError("报备时段不能超过一年", code="period_too_long", field="ends_on")
    if due_on > starts_on:
        raise ServiceError("报备截止日期不能晚于值班开始日期", code="due_after_start", field="due_on")
    unit_list = list({unit.pk: unit for unit in units}.values())
    if not unit_list:
        raise ServiceError("请选择报备单位", code="units_required", field="units")
    with transaction.atomic():
        call = RosterCall.objects.create(
            title=title, starts_on=starts_on, ends_on=ends_on, due_on=due_on, created_by=by
        )
        call.units.set(unit_list)
        audit_record(
            actor=by, action="duty.roster_call.issue", target=call, details={"units": len(unit_list)}
        )
        for person in filers(unit_list):
            notify(
                recipient=person.user,
                about=call,
                kind="duty.roster_call",
                title=f"请报备值班表：{title}",
                body=f"请于{due_on.month}月{due_on.day}日前报备{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}的值班表",
                link=call_url(call),
                dedupe_key=f"duty.roster_call.{call.pk}.{person.pk}",
            )
    return call


# --- filing ------------------------------------------------------------------------------------------------


FILER_ROLES = (Role.LIAISON.value, Role.DUTY_OFFICER.value)


def filers(units: Iterable[Unit | int]) -> list[Person]:
    """Who files (and is reminded) for the units: their liaisons and duty officers, else their leaders."""
    ids = [unit if isinstance(unit, int) else unit.pk for unit in units]
    people = list(
        Person.objects.filter(unit_id__in=ids, user__is_active=True, user__groups__name__in=FILER_ROLES)
        .select_related("user")
        .distinct()
    )
    covered = {person.unit_id for person in people}
    people += list(
        Person.objects.filter(
            unit_id__in=[pk for pk in ids if pk not in covered], is_leader=True, user__is_active=True
        ).select_related("user")
    )
    return people


def may_file(viewer: Any, unit: Unit) -> bool:
    person = getattr(viewer, "person_or_none", None)
    if person is None:
        return False
    return person.unit_id == unit.pk or is_county_duty_room(viewer)


def call_rosters(call: RosterCall, unit: Unit | int) -> list[DutyRoster]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return list(
        DutyRoster.objects.filter(
            unit_id=unit_id, starts_on__lte=call.ends_on, ends_on__gte=call.starts_on
        ).order_by("starts_on", "id")
    )


def roster_file(*, call: RosterCall, unit: Unit, by: Actor, now: datetime | None = None) -> list[DutyRoster]:
    """报备: the unit's rosters over the period are filed, once they cover every day of it."""
    now = now or timezone.now()
    if not call.units.filter(pk=unit.pk).exists():
        raise ServiceError(f"{unit.name}不在本次报备范围内", code="unit_not_called", field="unit")
    if not may_file(by, unit):
        raise Forbidden("只能报备本单位的值班表", code="not_own_unit")
    with transaction.atomic():
        rosters = list(
            DutyRoster.objects.select_for_update()
            .filter(unit=unit, starts_on__lte=call.ends_on, ends_on__gte=call.starts_on)
            .order_by("starts_on", "id")
        )
        if not rosters:
            raise ServiceError(
                f"{unit.name}尚无{call.starts_on:%Y-%m-%d}至{call.ends_on:%Y-%m-%d}的值班表，请先编排",
                code="roster_missing",
            )
        covered = set(
            DutyShift.objects.filter(
                roster__in=rosters, day__gte=call.starts_on, day__lte=call.ends_on
            ).values_list("day", flat=True)
        )
        missing = [day for day in days_of(call.starts_on, call.ends_on) if day not in covered]
        if missing:
            shown = "、".join(f"{day.month}月{day.day}日" for day in missing[:10])
            more = f"等{len(missing)}天" if len(missing) > 10 else ""
            raise ServiceError(f"值班表未覆盖报备时段：{shown}{more}无人值班", code="roster_incomplete")
        for roster in rosters:
            roster.filed_at = now
            roster.filed_by = by
            roster.version += 1
            roster.save(update_fields=["filed_at", "filed_by", "version"])
        audit_record(
            actor=by,
            action="duty.roster_call.file",
            target=call,
            details={"unit": unit.pk, "rosters": [roster.pk for roster in rosters]},
        )
    return rosters


# --- state -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFiling:
    unit: Unit
    filed_at: datetime | None
    state: str

    @property
    def label(self) -> str:
        return FILING_LABELS[self.state]

    @property
    def badge(self) -> str:
        return FILING_BADGES[self.state]


def filing_state(call: RosterCall, filed_at: datetime | None, now: datetime) -> str:
    deadline = deadline_of(call)
    if filed_at is not None:
        return FilingState.FILED if filed_at < deadline else FilingState.LATE
    return FilingState.OVERDUE if now >= deadline else FilingState.WAITING


def call_filings(
    call: RosterCall, *, now: datetime | None = None, units: Iterable[Unit] | None = None
) -> list[UnitFiling]:
    """Per unit of the call, when it filed and its state (one query for the units, one for the times)."""
    now = now or timezone.now()
    unit_list = list(units) if units is not None else list(call.units.order_by("sort_order", "code"))
    filed = dict(
        DutyRoster.objects.filter(
            unit__in=unit_list,
            starts_on__lte=call.ends_on,
            ends_on__gte=call.starts_on,
            filed_at__isnull=False,
        )
        .values("unit_id")
        .annotate(last=Max("filed_at"))
        .values_list("unit_id", "last")
    )
    return [
        UnitFiling(unit, filed.get(unit.pk), filing_state(call, filed.get(unit.pk), now))
        for unit in unit_list
    ]


def call_counts(filings: list[UnitFiling]) -> dict[str, int]:
    counts = {state: 0 for state in FILING_LABELS}
    for filing in filings:
        counts[filing.state] += 1
    return counts


def visible_calls(viewer: Any) -> Any:
    return visible(RosterCall.objects.all(), viewer).order_by("-starts_on", "-id")


# --- reminders and to-dos ----------------------------------------------------------------------------------


def roster_call_reminders_tick(now: datetime | None = None) -> int:
    """Remind the units that have not filed: the day before the due date, and once when late. Idempotent:
    each (call, unit, stage, person) is one outbox message."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sent = 0
    calls = RosterCall.objects.filter(
        due_on__gte=today - timedelta(days=1), due_on__lte=today + timedelta(days=1)
    )
    calls = RosterCall.objects.filter(Q(pk__in=calls) | Q(due_on__lt=today, ends_on__gte=today))
    for call in calls:
        if call.due_on == today + timedelta(days=1):
            stage = "before"
        elif call.due_on < today:
            stage = "late"
        else:
            continue
        waiting = [f.unit for f in call_filings(call, now=now) if f.filed_at is None]
        with transaction.atomic():
            for person in filers(waiting):
                title = (
                    f"明日截止报备值班表：{call.title}"
                    if stage == "before"
                    else f"值班表报备已逾期：{call.title}"
                )
                message = notify(
                    recipient=person.user,
                    about=call,
                    kind=f"duty.roster_call_{stage}",
                    title=title,
                    body=f"报备截止日期：{call.due_on.year}年{call.due_on.month}月{call.due_on.day}日",
                    link=call_url(call),
                    dedupe_key=f"duty.roster_call.{call.pk}.{stage}.{person.pk}",
                )
                sent += 1 if message is not None else 0
    return sent


def roster_call_todos(user: Any) -> list[TodoItem]:
    """The unit's open calls (not filed, period not over) in its people's 待办."""
    person = getattr(user, "person_or_none", None)
    if person is None or person.unit_id is None:
        return []
    # Those who file a unit's rosters (its liaisons, duty officers and leaders) see its calls; the others'
    # workbenches ask nothing.
    if not any(user.has_role(role) for role in (Role.LIAISON, Role.DUTY_OFFICER, Role.LEADER)):
        return []
    today = timezone.localdate()
    now = timezone.now()
    calls = list(RosterCall.objects.filter(units=person.unit_id, ends_on__gte=today).order_by("due_on", "id"))
    if not calls:
        return []
    items = []
    for call in calls:
        filing = call_filings(call, now=now, units=[person.unit])[0]
        if filing.filed_at is not None:
            continue
        items.append(
            TodoItem(
                title=f"值班表报备：{call.title}",
                url=call_url(call),
                kind="duty.roster_call",
                source_label="值班表报备",
                due=call.due_on,
                overdue=filing.state == FilingState.OVERDUE,
                note=person.unit.name,
            )
        )
    return items


def _call_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    if is_county_duty_room(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    return Q(units=viewer.unit_id or 0)


def register() -> None:
    register_scope(RosterCall, _call_scope)
