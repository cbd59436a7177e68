"""当前值班: who is on duty at a moment, per unit and for the whole county, with each unit's duty phone.

A person is on duty at `t` when a `DutyShift` of theirs has `starts_at <= t < ends_at`. A shift belongs to the
day it starts on and lasts at most a day (a 24-hour shift from 08:30 ends at 08:30 the next morning), so the
shifts covering `t` are among those of `t`'s day and the day before: the read asks the `(day, starts_at)`
index for those two days only, whatever the years of rosters behind them. Nothing here is stored: "on duty
now" is derived from the shifts' times each time it is asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhongshu.duty.models import DutyPoint, DutyRole, DutyShift
from zhongshu.org.models import Unit, UnitKind


def _days_around(t: datetime) -> list[date]:
    day = timezone.localtime(t).date()
    return [day - timedelta(days=1), day]


def covering(t: datetime) -> Q:
    """The shifts whose span covers `t` (for other parts that filter shifts themselves)."""
    return Q(day__in=_days_around(t), starts_at__lte=t, ends_at__gt=t)


def on_duty_at(unit: Unit, t: datetime | None = None) -> list[DutyShift]:
    """The shifts of `unit` covering `t` (now by default), in role order."""
    t = t or timezone.now()
    return list(
        DutyShift.objects.filter(covering(t), unit=unit)
        .select_related("person", "role")
        .order_by("role__sort_order", "role_id", "starts_at", "id")
    )


def is_on_duty(
    person_id: int, starts_at: datetime, ends_at: datetime, *, exclude_shift: int | None = None
) -> bool:
    """Whether `person_id` stands a shift overlapping [starts_at, ends_at) in any unit."""
    days = [timezone.localtime(starts_at).date() - timedelta(days=1), timezone.localtime(ends_at).date()]
    shifts = DutyShift.objects.filter(
        person_id=person_id,
        day__gte=days[0],
        day__lte=days[1],
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude_shift is not None:
        shifts = shifts.exclude(pk=exclude_shift)
    return shifts.exists()


@dataclass(frozen=True)
class OnDutyPerson:
    role: str
    person_id: int
    name: str
    phone: str
    starts_at: datetime
    ends_at: datetime


@dataclass
class UnitOnDuty:
    """One unit's line on 当前值班: its duty phone and who is on duty now, by role; `nobody` marks a unit
    with no one on duty at the moment."""

    unit_id: int
    name: str
    kind: str
    phone: str = ""
    place: str = ""
    people: list[OnDutyPerson] = field(default_factory=list)

    @property
    def nobody(self) -> bool:
        return not self.people

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.kind).label) if self.kind in UnitKind.values else self.kind


KIND_FILTERS: dict[str, tuple[str, ...]] = {
    "county": (UnitKind.PARTY_COMMITTEE, UnitKind.GOVERNMENT, UnitKind.OFFICE),
    "bureau": (UnitKind.BUREAU, UnitKind.OTHER),
    "town": (UnitKind.TOWN,),
}
KIND_LABELS = {"county": "县委县政府及办公室", "bureau": "部门", "town": "乡镇"}


def units_for(kind: str = "", name: str = "") -> QuerySet[Unit]:
    """The active units, narrowed to a kind group of `KIND_FILTERS` and a part of the name."""
    units = Unit.objects.filter(is_active=True)
    if kind in KIND_FILTERS:
        units = units.filter(kind__in=KIND_FILTERS[kind])
    if name:
        units = units.filter(Q(name__contains=name) | Q(short_name__contains=name))
    return units


def county_on_duty(
    t: datetime | None = None, units: Iterable[Unit] | QuerySet[Unit] | None = None
) -> list[UnitOnDuty]:
    """Per unit (all active units by default), the people on duty at `t` by role and the unit's duty phone.

    Three reads, none of which grows with the years of rosters: the units, their duty points, and the
    shifts of two days covering `t` (the `(day, starts_at)` index), read as plain values."""
    t = t or timezone.now()
    unit_rows: list[tuple[int, str, str, str]]
    if units is None:
        unit_rows = list(
            Unit.objects.filter(is_active=True)
            .order_by("sort_order", "code")
            .values_list("id", "name", "kind", "phone")
        )
        restrict: set[int] | None = None
    elif isinstance(units, QuerySet):
        unit_rows = list(units.order_by("sort_order", "code").values_list("id", "name", "kind", "phone"))
        restrict = {row[0] for row in unit_rows}
    else:
        unit_rows = [(u.pk, u.name, u.kind, u.phone) for u in units]
        restrict = {row[0] for row in unit_rows}
    lines = {
        uid: UnitOnDuty(unit_id=uid, name=name, kind=kind, phone=phone)
        for uid, name, kind, phone in unit_rows
    }
    points = DutyPoint.objects.values_list("unit_id", "phone", "place")
    shifts = DutyShift.objects.filter(covering(t))
    if restrict is not None and len(restrict) <= 500:
        points = points.filter(unit_id__in=restrict)
        shifts = shifts.filter(unit_id__in=restrict)
    for unit_id, phone, place in points:
        line = lines.get(unit_id)
        if line is not None:
            line.phone = phone or line.phone
            line.place = place
    roles = {role.pk: role for role in DutyRole.objects.all()}
    rows = shifts.values_list(
        "unit_id", "role_id", "person_id", "person__name", "person__phone", "starts_at", "ends_at"
    )
    for unit_id, role_id, person_id, person_name, person_phone, starts_at, ends_at in rows:
        line = lines.get(unit_id)
        if line is None:
            continue
        role = roles.get(role_id)
        line.people.append(
            OnDutyPerson(role.name if role else "", person_id, person_name, person_phone, starts_at, ends_at)
        )
    order = {pk: (role.sort_order, pk) for pk, role in roles.items()}
    names = {role.name: order[pk] for pk, role in roles.items()}
    for line in lines.values():
        line.people.sort(key=lambda p: (names.get(p.role, (0, 0)), p.starts_at, p.person_id))
    return list(lines.values())
