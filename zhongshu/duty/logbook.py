"""值班记录: a duty room's log of calls, documents and visits (DOMAIN.md "Duty phone log fields").

The duty room of the entry's unit writes it: that unit's 值班员 and the office director, and the 带班领导
whose shift in the unit covers the moment. An entry is attached to the recorder's shift covering the time it
was received (if any), is 内部 unless the officer marks it higher, and is read only through the access policy
(`visible`, `get_for`); every change is audited. It may be edited while its shift is open (version checked)
and closed (办结) with a result; an entry not closed is an open matter that the handover carries on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhongshu.access.policy import Action, get_for, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.duty.models import DutyLogEntry, DutyShift, Urgency
from zhongshu.org.models import Person, Unit

# The fields an officer types, in the log book's order (DOMAIN.md); `received_at`, `kind`, `urgency` and the
# classification are set beside them.
TEXT_FIELDS = (
    "place",
    "summary",
    "cause",
    "course",
    "measures",
    "result",
    "impact",
    "trend",
    "told",
    "caller_unit",
    "caller_name",
    "caller_post",
    "caller_phone",
)


@dataclass(frozen=True)
class EntryData:
    """What an officer writes for one entry (schemas_logbook.EntryIn reads it from a form or JSON)."""

    kind: str
    urgency: str
    received_at: datetime
    classification: int
    texts: dict[str, str]


def person_of(user: Any) -> Person | None:
    person: Person | None = getattr(user, "person_or_none", None)
    return person


def shift_of(person: Person, unit: Unit | int, at: datetime) -> DutyShift | None:
    """The person's shift in the unit covering `at` (starts_at <= at < ends_at), if any."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return (
        DutyShift.objects.filter(unit_id=unit_id, person=person, starts_at__lte=at, ends_at__gt=at)
        .select_related("role")
        .order_by("starts_at", "id")
        .first()
    )


def leads_shift(person: Person, unit_id: int, at: datetime) -> bool:
    """Whether the person stands as 带班领导 in the unit at `at`."""
    return DutyShift.objects.filter(
        unit_id=unit_id, person=person, role__is_leader_role=True, starts_at__lte=at, ends_at__gt=at
    ).exists()


def may_write(user: Any, unit_id: int, at: datetime | None = None) -> bool:
    """The duty room of the unit: its 值班员 and office director, or the 带班领导 on shift there now."""
    person = person_of(user)
    if person is None or not getattr(user, "is_active", False):
        return False
    if person.unit_id == unit_id and (
        user.has_role(Role.DUTY_OFFICER) or user.has_role(Role.OFFICE_DIRECTOR)
    ):
        return True
    return leads_shift(person, unit_id, at or timezone.now())


def may_read_room(user: Any, unit_id: int) -> bool:
    """Whether the user may open a duty room's log at all (its people and those who write it); which entries
    he then reads is the access policy's answer."""
    person = person_of(user)
    return person is not None and (person.unit_id == unit_id or may_write(user, unit_id))


def duty_room_of(user: Any, at: datetime | None = None) -> Unit | None:
    """The duty room a person works in: his own unit when he is a duty officer or the office director there,
    else the unit where he stands as 带班领导 now."""
    person = person_of(user)
    if person is None:
        return None
    if may_write(user, person.unit_id, at):
        return person.unit
    shift = (
        DutyShift.objects.filter(
            person=person,
            role__is_leader_role=True,
            starts_at__lte=at or timezone.now(),
            ends_at__gt=at or timezone.now(),
        )
        .select_related("unit")
        .first()
    )
    return shift.unit if shift else None


# --- reading ----------------------------------------------------------------------------------------------


def entries_for(user: Any) -> QuerySet[DutyLogEntry]:
    """Every entry the policy lets the user read."""
    return visible(DutyLogEntry.objects.all(), user).select_related(
        "shift__person", "shift__role", "recorded_by"
    )


def entry_for(user: Any, pk: Any, action: Action = Action.VIEW) -> DutyLogEntry:
    """One entry through the policy (404 whether missing or forbidden; a state secret's read is audited)."""
    return get_for(
        user, DutyLogEntry.objects.select_related("unit", "shift__person", "recorded_by"), pk, action
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


@dataclass
class ShiftLog:
    """One shift's entries on the day's log (urgent first, then by time); `shift` None: entries outside any
    shift."""

    shift: DutyShift | None
    entries: list[DutyLogEntry]

    @property
    def label(self) -> str:
        if self.shift is None:
            return "班次以外"
        start = timezone.localtime(self.shift.starts_at)
        end = timezone.localtime(self.shift.ends_at)
        return (
            f"{self.shift.person.name}（{self.shift.role.name}） {start:%m月%d日 %H:%M}至{end:%m月%d日 %H:%M}"
        )


def day_log(user: Any, unit: Unit, day: date) -> list[ShiftLog]:
    """The unit's entries received on `day` (local time) that the user may read, grouped by shift in the
    shifts' order, urgent entries first within a shift."""
    start, end = day_bounds(day)
    rows = list(entries_for(user).filter(unit=unit, received_at__gte=start, received_at__lt=end))
    groups: dict[int | None, list[DutyLogEntry]] = {}
    for entry in rows:
        groups.setdefault(entry.shift_id, []).append(entry)
    shifts = {
        s.pk: s
        for s in DutyShift.objects.filter(pk__in=[k for k in groups if k]).select_related("person", "role")
    }
    out = [ShiftLog(shifts.get(key) if key else None, entries) for key, entries in groups.items()]
    for group in out:
        group.entries.sort(key=lambda e: (e.urgency != Urgency.URGENT, e.received_at, e.pk))
    out.sort(key=lambda g: (g.shift is None, g.shift.starts_at if g.shift else start))
    return out


def shift_entries(user: Any, shift: DutyShift) -> list[DutyLogEntry]:
    """A shift's log as the printed book lists it, by time: its entries, and the unit's entries received in
    its hours by someone on no shift (the office director taking a call at night)."""
    during = Q(
        shift__isnull=True,
        unit_id=shift.unit_id,
        received_at__gte=shift.starts_at,
        received_at__lt=shift.ends_at,
    )
    return list(entries_for(user).filter(Q(shift=shift) | during).order_by("received_at", "id"))


def open_entries(unit: Unit | int, before: datetime) -> QuerySet[DutyLogEntry]:
    """The unit's entries not closed (办结), received before `before`: the open matters a handover lists."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return DutyLogEntry.objects.filter(
        unit_id=unit_id, closed_at__isnull=True, received_at__lte=before
    ).order_by("received_at", "id")


def shift_is_open(entry: DutyLogEntry, now: datetime) -> bool:
    """While the entry's shift runs (an entry outside any shift: until the end of the day it was received)."""
    if entry.shift_id is None:
        return now < day_bounds(timezone.localtime(entry.received_at).date())[1]
    return now < entry.shift.ends_at  # type: ignore[union-attr]


# --- writing ----------------------------------------------------------------------------------------------


def _check(by: Actor, unit_id: int, data: EntryData, now: datetime) -> None:
    if not may_write(by, unit_id, now):
        from zhongshu.core.errors import Forbidden

        raise Forbidden(
            "只有本单位值班室（值班员、办公室主任、当班带班领导）可以记录值班记录", code="not_duty_room"
        )
    if data.received_at > now:
        raise ServiceError(
            "来电（来文、来访）时间不能晚于现在", code="received_in_future", field="received_at"
        )
    if not data.texts.get("summary", "").strip():
        raise ServiceError("请填写事由", code="summary_missing", field="summary")
    person = person_of(by)
    if person is not None and not clearance_covers(person.clearance, data.classification):
        raise ServiceError(
            f"密级（{Classification(data.classification).label}）高于本人的涉密等级",
            code="above_clearance",
            field="classification",
        )


def log_entry(by: Actor, unit: Unit, data: EntryData, *, now: datetime | None = None) -> DutyLogEntry:
    """Log one call, document or visit in the unit's duty log, on the recorder's shift covering its time."""
    now = now or timezone.now()
    _check(by, unit.pk, data, now)
    person = person_of(by)
    shift = shift_of(person, unit, data.received_at) if person else None
    if shift is None and person is not None:
        shift = shift_of(person, unit, now)
    with transaction.atomic():
        entry = DutyLogEntry.objects.create(
            unit=unit,
            shift=shift,
            kind=data.kind,
            urgency=data.urgency,
            received_at=data.received_at,
            classification=data.classification,
            owner_person=person,
            owner_unit=unit,
            recorded_by=by,
            recorded_at=now,
            **data.texts,
        )
        audit_record(actor=by, action="duty.log.create", target=entry, details={"urgency": data.urgency})
    return entry


def edit_entry(
    by: Actor, entry: DutyLogEntry, data: EntryData, *, version: int | None, now: datetime | None = None
) -> DutyLogEntry:
    """Change an entry while its shift is open; `version` is the one the form was drawn with."""
    from zhongshu.duty.actions_logbook import ENTRY_RULES, acting_at

    now = now or timezone.now()
    with transaction.atomic():
        locked = DutyLogEntry.objects.select_for_update().get(pk=entry.pk)
        ENTRY_RULES.require("edit", by, acting_at(locked, now))
        if version is not None and version != locked.version:
            raise Conflict("这条值班记录已被他人修改，请刷新后重新填写", code="version_conflict")
        _check(by, locked.unit_id, data, now)
        changed = [name for name in TEXT_FIELDS if getattr(locked, name) != data.texts.get(name, "")]
        for name in TEXT_FIELDS:
            setattr(locked, name, data.texts.get(name, ""))
        for name in ("kind", "urgency", "received_at", "classification"):
            if getattr(locked, name) != getattr(data, name):
                changed.append(name)
                setattr(locked, name, getattr(data, name))
        locked.version += 1
        locked.save()
        audit_record(actor=by, action="duty.log.edit", target=locked, details={"fields": changed})
    return locked


def close_entry(by: Actor, entry: DutyLogEntry, *, result: str, now: datetime | None = None) -> DutyLogEntry:
    """办结: the matter is settled, with its result."""
    from zhongshu.duty.actions_logbook import ENTRY_RULES, acting_at

    now = now or timezone.now()
    result = (result or "").strip()
    with transaction.atomic():
        locked = DutyLogEntry.objects.select_for_update().get(pk=entry.pk)
        ENTRY_RULES.require("close", by, acting_at(locked, now))
        if not result:
            raise ServiceError("办结须填写结果", code="result_missing", field="result")
        locked.result = result
        locked.closed_at = now
        locked.version += 1
        locked.save(update_fields=["result", "closed_at", "version"])
        audit_record(actor=by, action="duty.log.close", target=locked)
    return locked
