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

from django.db.models import OuterRef, Q, QuerySet, Subquery
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
    """One person on duty in a unit's line (no times: reading 10,000 datetimes costs more than the query;
    `on_duty_at` gives a unit's shifts with their times)."""

    role: str
    person_id: int
    name: str
    phone: str


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

    Two reads (and the few duty roles), none of which grows with the years of rosters: the units with their
    duty points' phones, and the shifts of two days covering `t` (the `(day, starts_at)` index), read as plain
    values (no datetimes: converting 10,000 of them cost more than the query)."""
    t = t or timezone.now()
    point = DutyPoint.objects.filter(unit_id=OuterRef("pk"))
    columns = ("id", "name", "kind", "phone", "duty_phone", "duty_place")
    unit_rows: list[tuple[int, str, str, str, str | None, str | None]]
    if units is None or isinstance(units, QuerySet):
        chosen = Unit.objects.filter(is_active=True) if units is None else units
        unit_rows = list(
            chosen.annotate(
                duty_phone=Subquery(point.values("phone")[:1]), duty_place=Subquery(point.values("place")[:1])
            )
            .order_by("sort_order", "code")
            .values_list(*columns)
        )
    else:
        listed = list(units)
        places = {
            unit_id: (phone, place)
            for unit_id, phone, place in DutyPoint.objects.filter(unit__in=listed).values_list(
                "unit_id", "phone", "place"
            )
        }
        unit_rows = [(u.pk, u.name, u.kind, u.phone, *places.get(u.pk, (None, None))) for u in listed]
    lines = {
        uid: UnitOnDuty(unit_id=uid, name=name, kind=kind, phone=duty_phone or phone, place=duty_place or "")
        for uid, name, kind, phone, duty_phone, duty_place in unit_rows
    }
    shifts = DutyShift.objects.filter(covering(t))
    if units is not None and len(lines) <= 500:
        shifts = shifts.filter(unit_id__in=list(lines))
    roles = {role.pk: (role.sort_order, role.pk, role.name) for role in DutyRole.objects.all()}
    rows = shifts.order_by().values_list("unit_id", "role_id", "person_id", "person__name", "person__phone")
    for unit_id, role_id, person_id, person_name, person_phone in rows:
        line = lines.get(unit_id)
        if line is None:
            continue
        role = roles.get(role_id)
        line.people.append(OnDutyPerson(role[2] if role else "", person_id, person_name, person_phone))
    if len(roles) > 1:
        rank = {name: (order, pk) for order, pk, name in roles.values()}
        for line in lines.values():
            if len(line.people) > 1:
                line.people.sort(key=lambda p: (rank.get(p.role, (0, 0)), p.person_id))
    return list(lines.values())
