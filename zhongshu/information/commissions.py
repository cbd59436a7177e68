"""约稿: the office's editors commission a piece on a topic from units, by a deadline counted in working days.

- The deadline is the N-th working day after the issue date (zhongshu.workdays: holidays and make-up days count
  as the calendar says), fixed when the 约稿 is issued. Refused with a clear message and nothing saved: no topic,
  no unit, fewer than one working day (a deadline that would not lie after the issue date), more than
  `MAX_WORKING_DAYS`.
- A unit answers by submitting an item with 所答约稿 set (the submissions part's form offers
  `open_targets_for(unit_id)`). A target's state is derived from the times, never stored: 已报送 (an item of the
  unit answering it was submitted by the end of the deadline day), 逾期报送 (submitted after it), 逾期未报
  (nothing submitted and the deadline has passed), 未报送 (nothing yet, not due). The first submission counts:
  an item returned or merged afterwards was still submitted.
- A late answer is still missed for the rule table's penalty (`missed_targets` counts every target with no
  answer by the deadline), but the pages show it as 逾期报送, not 逾期未报. A cancelled 约稿 never counts.
- The asked units' writers (信息员 and liaisons; the unit's leaders when it has none) get a notice on issue, a
  to-do 约稿待报 while it is open, a reminder `ZHONGSHU_INFORMATION_COMMISSION_REMIND_DAYS` working days before
  the deadline and one when late (the day after the deadline); the late reminder goes to the editors too.
  Each is one CommissionReminder row per target and kind, so the tick never sends twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.todos import TodoItem
from zhongshu.information.actions_commissions import COMMISSION_RULES
from zhongshu.information.models import (
    Commission,
    CommissionReminder,
    CommissionTarget,
    InfoReport,
)
from zhongshu.information.roles import WRITER_ROLES, is_editor, is_writer
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit
from zhongshu.org.offices import office_unit_ids
from zhongshu.workdays.calendar import add_workdays, deadline_in_workdays

TOPIC_MAX = 120
DETAIL_MAX = 2000
MAX_WORKING_DAYS = 60
MAX_UNITS = 500
# A late reminder is sent only for deadlines this recent: a tick first run long after leaves old ones alone.
LATE_WINDOW_DAYS = 30


class TargetState:
    ANSWERED = "answered"
    LATE = "late"  # answered after the deadline: still missed for scoring
    MISSED = "missed"  # nothing submitted, the deadline passed
    WAITING = "waiting"  # nothing submitted, not yet due


STATE_LABELS = {
    TargetState.ANSWERED: "已报送",
    TargetState.LATE: "逾期报送",
    TargetState.MISSED: "逾期未报",
    TargetState.WAITING: "未报送",
}
STATE_BADGES = {
    TargetState.ANSWERED: "ontime",
    TargetState.LATE: "late",
    TargetState.MISSED: "urgent",
    TargetState.WAITING: "due",
}


@dataclass(frozen=True)
class MissedCommission:
    unit_id: int
    commission_id: int
    topic: str
    deadline: date  # the penalty scores under the rule table in force on this date


def commission_url(commission: Commission | int) -> str:
    pk = commission if isinstance(commission, int) else commission.pk
    return reverse("information:commission", args=[pk])


def deadline_end(deadline: date) -> datetime:
    """The end of the deadline day, local time: an answer submitted before this moment is on time."""
    return timezone.make_aware(datetime.combine(deadline + timedelta(days=1), time(0, 0)))


def remind_days() -> int:
    return int(getattr(settings, "ZHONGSHU_INFORMATION_COMMISSION_REMIND_DAYS", 1))


# --- who ---------------------------------------------------------------------------------------------------


def may_commission(user: Any) -> bool:
    """The office's editors (its 信息员 and the office director) commission pieces."""
    return bool(getattr(user, "is_authenticated", False)) and is_editor(user)


def writers_of(units: Iterable[Unit | int]) -> list[Person]:
    """Who answers (and is reminded) for the units: their 信息员 and liaisons, else their leaders."""
    ids = [unit if isinstance(unit, int) else unit.pk for unit in units]
    people = list(
        Person.objects.filter(
            unit_id__in=ids,
            user__is_active=True,
            user__groups__name__in=[role.value for role in WRITER_ROLES],
        )
        .select_related("user")
        .distinct()
        .order_by("unit_id", "sort_order", "id")
    )
    covered = {person.unit_id for person in people}
    people += list(
        Person.objects.filter(
            unit_id__in=[pk for pk in ids if pk not in covered], is_leader=True, user__is_active=True
        )
        .select_related("user")
        .order_by("unit_id", "sort_order", "id")
    )
    return people


def editors() -> list[Person]:
    """The county office's 信息员 (信息科): the editors told when a unit is late."""
    return list(
        Person.objects.filter(
            unit_id__in=office_unit_ids(),
            user__is_active=True,
            user__groups__name=Role.INFO_OFFICER.value,
        )
        .select_related("user")
        .distinct()
        .order_by("sort_order", "id")
    )


# --- issuing and cancelling --------------------------------------------------------------------------------


def commission_issue(
    *,
    by: Actor,
    topic: str,
    detail: str = "",
    units: Iterable[Unit],
    working_days: int | None,
    today: date | None = None,
    now: datetime | None = None,
) -> Commission:
    """约稿: the topic, the requirements, the units asked and the time limit in working days; the deadline is
    the `working_days`-th working day after `today` (the issue date)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    if not may_commission(by):
        raise Forbidden("只有县委办信息科（编辑）可以约稿", code="not_editor")
    topic = (topic or "").strip()
    if not topic:
        raise ServiceError("请填写约稿主题", code="topic_required", field="topic")
    if len(topic) > TOPIC_MAX:
        raise ServiceError(f"约稿主题不能超过{TOPIC_MAX}字", code="too_long", field="topic")
    detail = (detail or "").strip()
    if len(detail) > DETAIL_MAX:
        raise ServiceError(f"约稿要求不能超过{DETAIL_MAX}字", code="too_long", field="detail")
    unit_list = list({unit.pk: unit for unit in units}.values())
    if not unit_list:
        raise ServiceError("请选择约稿单位", code="units_required", field="units")
    if len(unit_list) > MAX_UNITS:
        raise ServiceError(f"约稿单位不能超过{MAX_UNITS}个", code="too_many_units", field="units")
    if working_days is None:
        raise ServiceError("请填写约稿时限（工作日）", code="working_days_required", field="working_days")
    if working_days < 1:
        raise ServiceError(
            "约稿截止日期不能早于明天：时限至少为1个工作日", code="deadline_in_past", field="working_days"
        )
    if working_days > MAX_WORKING_DAYS:
        raise ServiceError(
            f"约稿时限不能超过{MAX_WORKING_DAYS}个工作日", code="too_many_days", field="working_days"
        )
    deadline = deadline_in_workdays(today, working_days).date
    with transaction.atomic():
        commission = Commission.objects.create(
            topic=topic,
            detail=detail,
            working_days=working_days,
            deadline=deadline,
            issued_on=today,
            created_by=by,
            created_at=now,
        )
        CommissionTarget.objects.bulk_create(
            CommissionTarget(commission=commission, unit=unit) for unit in unit_list
        )
        audit_record(
            actor=by,
            action="information.commission.issue",
            target=commission,
            details={"units": len(unit_list), "working_days": working_days, "deadline": deadline.isoformat()},
        )
        for person in writers_of(unit_list):
            notify(
                recipient=person.user,
                about=commission,
                kind="information.commission",
                title=f"约稿：{topic}",
                body=f"请于{deadline.year}年{deadline.month}月{deadline.day}日前报送（{working_days}个工作日）"
                + (f"。要求：{detail}" if detail else ""),
                link=commission_url(commission),
                dedupe_key=f"information.commission.{commission.pk}.{person.pk}",
            )
    return commission


def commission_cancel(*, by: Actor, commission: Commission, now: datetime | None = None) -> Commission:
    """撤销约稿: it is no longer asked, its targets never count as missed, nobody is reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        commission = Commission.objects.select_for_update().get(pk=commission.pk)
        COMMISSION_RULES.require("cancel", by, commission)
        commission.cancelled_at = now
        commission.save(update_fields=["cancelled_at"])
        audit_record(actor=by, action="information.commission.cancel", target=commission)
        for person in writers_of(commission.targets.values_list("unit_id", flat=True)):
            notify(
                recipient=person.user,
                about=commission,
                kind="information.commission_cancelled",
                title=f"约稿已撤销：{commission.topic}",
                link=commission_url(commission),
                dedupe_key=f"information.commission_cancelled.{commission.pk}.{person.pk}",
            )
    return commission


# --- state -------------------------------------------------------------------------------------------------


def first_answers(targets: Iterable[int] | QuerySet[CommissionTarget]) -> dict[int, datetime]:
    """When each target was first answered: the earliest submission of an item of the target's unit naming
    it (one grouped query; a queryset of targets is read as a subquery, however many they are)."""
    if isinstance(targets, QuerySet):
        chosen = Q(commission_target__in=targets.values("pk"))
    else:
        ids = list(targets)
        if not ids:
            return {}
        chosen = Q(commission_target_id__in=ids)
    rows = (
        InfoReport.objects.filter(chosen, submitted_at__isnull=False, unit_id=F("commission_target__unit_id"))
        .values("commission_target_id")
        .annotate(first=Min("submitted_at"))
        .values_list("commission_target_id", "first")
    )
    return {target_id: first for target_id, first in rows}


def target_state(deadline: date, answered_at: datetime | None, now: datetime) -> str:
    end = deadline_end(deadline)
    if answered_at is not None:
        return TargetState.ANSWERED if answered_at < end else TargetState.LATE
    return TargetState.MISSED if now >= end else TargetState.WAITING


@dataclass(frozen=True)
class TargetRow:
    target: CommissionTarget
    unit: Unit
    answered_at: datetime | None
    state: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]


def target_rows(
    commission: Commission, *, units: Iterable[int] | None = None, now: datetime | None = None
) -> list[TargetRow]:
    """Each asked unit (or only `units`) with when it answered and its state."""
    now = now or timezone.now()
    targets = commission.targets.select_related("unit").order_by("unit__sort_order", "unit__code", "id")
    if units is not None:
        targets = targets.filter(unit_id__in=list(units))
    target_list = list(targets)
    answers = first_answers(target.pk for target in target_list)
    return [
        TargetRow(
            target,
            target.unit,
            answers.get(target.pk),
            target_state(commission.deadline, answers.get(target.pk), now),
        )
        for target in target_list
    ]


def state_counts(rows: Iterable[TargetRow]) -> dict[str, int]:
    counts = {state: 0 for state in STATE_LABELS}
    for row in rows:
        counts[row.state] += 1
    return counts


def commission_states(
    commissions: list[Commission], *, units: Iterable[int] | None = None, now: datetime | None = None
) -> dict[int, dict[str, int]]:
    """Per commission the count of targets in each state (two queries whatever the number of commissions)."""
    now = now or timezone.now()
    targets = CommissionTarget.objects.filter(commission__in=commissions)
    if units is not None:
        targets = targets.filter(unit_id__in=list(units))
    pairs = list(targets.values_list("pk", "commission_id"))
    answers = first_answers(pk for pk, _ in pairs)
    deadlines = {commission.pk: commission.deadline for commission in commissions}
    counts = {commission.pk: {state: 0 for state in STATE_LABELS} for commission in commissions}
    for pk, commission_id in pairs:
        counts[commission_id][target_state(deadlines[commission_id], answers.get(pk), now)] += 1
    return counts


def open_targets_for(unit_id: int) -> list[CommissionTarget]:
    """The unit's commissions not yet answered and not cancelled, for the submission form's 所答约稿 choice
    (a late answer is still taken: the page shows it as 逾期报送). One query, soonest deadline first."""
    return list(
        CommissionTarget.objects.filter(unit_id=unit_id, commission__cancelled_at__isnull=True)
        .exclude(
            Exists(
                InfoReport.objects.filter(
                    commission_target_id=OuterRef("pk"), unit_id=unit_id, submitted_at__isnull=False
                )
            )
        )
        .select_related("commission", "unit")
        .order_by("commission__deadline", "commission_id")
    )


def missed_targets(start: date, end: date, *, now: datetime | None = None) -> list[MissedCommission]:
    """Targets whose deadline fell in [start, end] (and has passed) with no item of the unit answering them
    submitted by the deadline: each costs the rule table's penalty. A late answer is missed too; a cancelled
    约稿 never counts."""
    now = now or timezone.now()
    targets = CommissionTarget.objects.filter(
        commission__deadline__gte=start,
        commission__deadline__lte=end,
        commission__cancelled_at__isnull=True,
    )
    rows = list(
        targets.values_list(
            "pk", "unit_id", "commission_id", "commission__topic", "commission__deadline"
        ).order_by("commission__deadline", "commission_id", "unit_id")
    )
    answers = first_answers(targets) if rows else {}
    missed = []
    for pk, unit_id, commission_id, topic, deadline in rows:
        cut = deadline_end(deadline)
        if now < cut:
            continue
        answered_at = answers.get(pk)
        if answered_at is not None and answered_at < cut:
            continue
        missed.append(MissedCommission(unit_id, commission_id, topic, deadline))
    return missed


def visible_commissions(viewer: Any) -> QuerySet[Commission]:
    return visible(Commission.objects.all(), viewer).order_by("-issued_on", "-id")


# --- reminders and to-dos ----------------------------------------------------------------------------------


def _remember(target: CommissionTarget, kind: str, now: datetime) -> bool:
    """Record that `kind` was sent for `target`: False when it already was (so nothing is sent twice)."""
    if CommissionReminder.objects.filter(target=target, kind=kind).exists():
        return False
    try:
        with transaction.atomic():
            CommissionReminder.objects.create(target=target, kind=kind, sent_at=now)
    except IntegrityError:  # another tick got there first
        return False
    return True


def commission_reminders_tick(now: datetime | None = None) -> int:
    """Remind the units that have not answered: `remind_days()` working days before the deadline ("due"), and
    the day after it ("late", the editors too). Idempotent through CommissionReminder rows; returns the
    number of notices queued."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    due_until = add_workdays(today, remind_days())
    commissions = list(
        Commission.objects.filter(cancelled_at__isnull=True)
        .filter(
            Q(deadline__gte=today, deadline__lte=due_until)
            | Q(deadline__lt=today, deadline__gte=today - timedelta(days=LATE_WINDOW_DAYS))
        )
        .order_by("deadline", "id")
    )
    sent = 0
    office_editors = editors() if any(c.deadline < today for c in commissions) else []
    for commission in commissions:
        kind = "late" if commission.deadline < today else "due"
        waiting = [row for row in target_rows(commission, now=now) if row.answered_at is None]
        for row in waiting:
            with transaction.atomic():
                if not _remember(row.target, kind, now):
                    continue
                deadline = commission.deadline
                when = f"{deadline.year}年{deadline.month}月{deadline.day}日"
                if kind == "due":
                    title = f"约稿即将截止：{commission.topic}"
                    body = f"{row.unit.name}尚未报送，截止日期：{when}"
                else:
                    title = f"约稿已逾期：{commission.topic}"
                    body = f"{row.unit.name}尚未报送，截止日期：{when}已过"
                people = writers_of([row.unit.pk])
                if kind == "late":
                    people += editors_for(commission, office_editors)
                seen: set[int] = set()
                for person in people:
                    if person.pk in seen:
                        continue
                    seen.add(person.pk)
                    message = notify(
                        recipient=person.user,
                        about=commission,
                        kind=f"information.commission_{kind}",
                        title=title if person.unit_id == row.unit.pk else f"{title}（{row.unit.name}）",
                        body=body,
                        link=commission_url(commission),
                        dedupe_key=f"information.commission.{kind}.{row.target.pk}.{person.pk}",
                    )
                    sent += 1 if message is not None else 0
    return sent


def editors_for(commission: Commission, office_editors: list[Person]) -> list[Person]:
    """The office's 信息员 and whoever issued the 约稿."""
    people = list(office_editors)
    creator = Person.objects.filter(user_id=commission.created_by_id).select_related("user").first()
    if creator is not None and all(person.pk != creator.pk for person in people):
        people.append(creator)
    return people


def commission_todos(user: Any) -> list[TodoItem]:
    """约稿待报: the writer's unit's open 约稿 (not answered, not cancelled) in his 待办."""
    person = getattr(user, "person_or_none", None)
    if person is None or person.unit_id is None or not is_writer(user):
        return []
    targets = open_targets_for(person.unit_id)
    today = timezone.localdate()
    return [
        TodoItem(
            title=f"约稿待报：{target.commission.topic}",
            url=commission_url(target.commission_id),
            kind="information.commission",
            source_label="约稿",
            due=target.commission.deadline,
            overdue=target.commission.deadline < today,
            note=target.unit.name,
        )
        for target in targets
    ]


# --- access ------------------------------------------------------------------------------------------------


def _commission_scope(viewer: Viewer, action: Action) -> Q | None:
    """The editors see every 约稿; the people of an asked unit see (not change) the ones asking it."""
    if not viewer.is_business_person:
        return None
    if is_editor(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    return Q(pk__in=CommissionTarget.objects.filter(unit_id=viewer.unit_id or 0).values("commission_id"))


def register() -> None:
    register_scope(Commission, _commission_scope)
