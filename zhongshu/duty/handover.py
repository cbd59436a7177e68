"""交接班: the outgoing officer hands over with the open matters listed (every entry of the unit not closed);
the next shift acknowledges each urgent matter, then the handover. A shift cannot be handed over while an
urgent matter is unacknowledged: completing is refused, naming the matter. Acknowledging locks the handover,
so two people acknowledging at once neither lose nor double an acknowledgement.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.todos import TodoItem
from zhongshu.core.workbench import Panel, PanelRow
from zhongshu.duty.actions_logbook import HANDOVER_RULES, acting_at
from zhongshu.duty.logbook import entries_for, may_write, open_entries, person_of, shift_of
from zhongshu.duty.models import DutyShift, Handover, HandoverItem, Urgency
from zhongshu.org.models import Unit

TODO_LABEL = "交接班"


def next_shift(shift: DutyShift) -> DutyShift | None:
    """The shift after `shift` in the same unit and duty role."""
    return (
        DutyShift.objects.filter(unit_id=shift.unit_id, role_id=shift.role_id, starts_at__gte=shift.ends_at)
        .select_related("person")
        .order_by("starts_at", "id")
        .first()
    )


def outgoing_shift(by: Actor, unit: Unit, now: datetime) -> DutyShift | None:
    """The hander's shift: the one covering now, else his latest that has begun."""
    person = person_of(by)
    if person is None:
        return None
    return shift_of(person, unit, now) or (
        DutyShift.objects.filter(unit=unit, person=person, starts_at__lte=now)
        .order_by("-starts_at", "-id")
        .first()
    )


def hand_over(
    by: Actor,
    unit: Unit,
    *,
    notes: str = "",
    item_notes: dict[int, str] | None = None,
    now: datetime | None = None,
) -> Handover:
    """交班: a handover listing every open matter of the unit's log, to the next shift of the hander's role."""
    now = now or timezone.now()
    if not may_write(by, unit.pk, now):
        raise Forbidden("只有本单位值班室可以交班", code="not_duty_room")
    item_notes = item_notes or {}
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one handover at a time per duty room
        from_shift = outgoing_shift(by, unit, now)
        waiting = Handover.objects.filter(unit=unit, acknowledged_at__isnull=True, handed_by=by)
        if from_shift is not None:
            waiting = waiting.filter(from_shift=from_shift)
        if waiting.exists():
            raise InvalidTransition("本班已交班，正在等待接班确认", code="already_handed_over")
        matters = list(open_entries(unit, now))
        for pk, note in item_notes.items():
            if len(note) > 200:
                raise ServiceError("交接说明不能超过200字", code="too_long", field=f"note_{pk}")
        handover = Handover.objects.create(
            unit=unit,
            from_shift=from_shift,
            to_shift=next_shift(from_shift) if from_shift else None,
            handed_by=by,
            handed_at=now,
            notes=notes.strip(),
        )
        HandoverItem.objects.bulk_create(
            HandoverItem(handover=handover, entry=entry, note=item_notes.get(entry.pk, "").strip())
            for entry in matters
        )
        audit_record(
            actor=by,
            action="duty.handover.create",
            target=handover,
            details={"items": len(matters), "urgent": sum(1 for e in matters if e.urgency == Urgency.URGENT)},
        )
    return handover


def _locked(handover: Handover, by: Actor, action: str, now: datetime) -> Handover:
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    HANDOVER_RULES.require(action, by, acting_at(locked, now))
    return locked


def acknowledge_item(by: Actor, item: HandoverItem, *, now: datetime | None = None) -> HandoverItem:
    """接班人 confirms one matter. A matter already confirmed (by someone else a moment ago) stays as it was."""
    now = now or timezone.now()
    with transaction.atomic():
        _locked(item.handover, by, "acknowledge_item", now)
        fresh = HandoverItem.objects.select_for_update().get(pk=item.pk)
        if fresh.acknowledged_at is None:
            fresh.acknowledged_at = now
            fresh.save(update_fields=["acknowledged_at"])
            audit_record(
                actor=by,
                action="duty.handover.item",
                target=fresh.handover,
                details={"entry": fresh.entry_id},
            )
    return fresh


def acknowledge(by: Actor, handover: Handover, *, now: datetime | None = None) -> Handover:
    """接班: completes only when every urgent matter is confirmed; the routine ones are taken over with it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(handover, by, "acknowledge", now)
        pending = list(
            locked.items.filter(acknowledged_at__isnull=True, entry__urgency=Urgency.URGENT).select_related(
                "entry"
            )
        )
        if pending:
            names = "、".join(f"「{item.entry.summary}」" for item in pending)
            raise InvalidTransition(f"紧急事项{names}尚未确认，不能完成交接班", code="urgent_unacknowledged")
        locked.items.filter(acknowledged_at__isnull=True).update(acknowledged_at=now)
        locked.acknowledged_by = by
        locked.acknowledged_at = now
        locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(actor=by, action="duty.handover.acknowledge", target=locked)
    return locked


# --- reading ----------------------------------------------------------------------------------------------


def _may_take_handovers(user: Any) -> bool:
    """Only the duty room writes a log and hands over: 值班员, the office director, and leaders as 带班领导.
    Everyone else's workbench asks nothing more of the duty module's handovers."""
    return any(user.has_role(role) for role in (Role.DUTY_OFFICER, Role.OFFICE_DIRECTOR, Role.LEADER))


def handovers_for(user: Any) -> QuerySet[Handover]:
    """The handovers of the duty rooms the user works in (his unit's; the unit he leads a shift in now)."""
    person = person_of(user)
    if person is None or not _may_take_handovers(user):
        return Handover.objects.none()
    # The workbench asks twice in one request (the 待办 and the panel): the units are kept on the request's
    # user object, as Django keeps its permission cache there, so the second ask costs no query.
    allowed = getattr(user, "_duty_handover_units", None)
    if allowed is None:
        units = {person.unit_id}
        units.update(
            DutyShift.objects.filter(person=person, role__is_leader_role=True)
            .order_by()
            .values_list("unit_id", flat=True)
            .distinct()
        )
        allowed = [unit for unit in units if may_write(user, unit)]
        user._duty_handover_units = allowed
    return Handover.objects.filter(unit_id__in=allowed).select_related(
        "unit", "from_shift__person", "to_shift__person", "handed_by", "acknowledged_by"
    )


def handover_for(user: Any, pk: Any) -> Handover:
    from zhongshu.access.policy import RecordNotFound

    try:
        return handovers_for(user).get(pk=int(pk))
    except (Handover.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound() from None


def items_shown(user: Any, handover: Handover) -> list[tuple[HandoverItem, bool]]:
    """The handover's matters, each with whether the user may read its entry (through the policy); an entry
    the user may not read shows as a matter without its text."""
    items = list(handover.items.select_related("entry"))
    readable = set(entries_for(user).filter(pk__in=[i.entry_id for i in items]).values_list("pk", flat=True))
    return [(item, item.entry_id in readable) for item in items]


def waiting_for(user: Any) -> QuerySet[Handover]:
    """Handovers waiting for the user: to his shift, or to nobody named, in a duty room he works in, not
    handed over by himself."""
    person = person_of(user)
    if person is None:
        return Handover.objects.none()
    return (
        handovers_for(user)
        .filter(acknowledged_at__isnull=True)
        .exclude(handed_by=user)
        .filter(Q(to_shift__person=person) | Q(to_shift__isnull=True))
        .order_by("handed_at")
    )


def hander_name(handover: Handover) -> str:
    person = getattr(handover.handed_by, "person_or_none", None)
    return person.name if person is not None else handover.handed_by.get_username()


def handover_todos(user: Any) -> list[TodoItem]:
    return [
        TodoItem(
            title=f"待确认交接：{h.unit.name} {timezone.localtime(h.handed_at):%m月%d日 %H:%M} {hander_name(h)}交班",
            url=reverse("duty:handover", args=[h.pk]),
            kind="duty.handover",
            source_label=TODO_LABEL,
            at=h.handed_at,
        )
        for h in waiting_for(user)[:50]
    ]


def handover_panel(user: Any, today: date) -> Panel | None:
    if person_of(user) is None:
        return None
    waiting = waiting_for(user)
    if not waiting.exists():
        return None
    return Panel.cut(
        waiting,
        lambda rows: [
            PanelRow(
                title=f"{h.unit.name} {timezone.localtime(h.handed_at):%m月%d日 %H:%M}交班",
                url=reverse("duty:handover", args=[h.pk]),
                note=f"交接事项{h.items.count()}项",
                at=h.handed_at,
            )
            for h in rows
        ],
        key="duty.handover",
        title="待确认交接",
        empty="暂无待确认的交接班。",
        columns=("note", "at"),
        order=15,
    )


def shift_panel(user: Any, today: date) -> Panel | None:
    """本班值班记录: the entries of the shift the user is on now."""
    person = person_of(user)
    if person is None:
        return None
    now = timezone.now()
    shift = (
        DutyShift.objects.filter(person=person, starts_at__lte=now, ends_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    if shift is None:
        return None
    return Panel.cut(
        entries_for(user).filter(shift=shift).order_by("-received_at", "-id"),
        lambda rows: [
            PanelRow(
                title=entry.summary,
                url=reverse("duty:log_entry", args=[entry.pk]),
                state_label=("紧急" if entry.urgency == Urgency.URGENT else "一般")
                + ("·已办结" if entry.closed_at else ""),
                at=entry.received_at,
                classification=int(entry.classification),
            )
            for entry in rows
        ],
        key="duty.shift_log",
        title="本班值班记录",
        empty="本班暂无值班记录。",
        columns=("state", "at"),
        order=14,
        more_url=reverse("duty:log"),
        more_label="查看值班记录",
    )
