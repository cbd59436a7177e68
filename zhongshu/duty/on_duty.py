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

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
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


def _duty_points(unit_ids: Iterable[int] | None) -> dict[int, tuple[str, str]]:
    points = DutyPoint.objects.order_by()
    if unit_ids is not None:
        points = points.filter(unit_id__in=list(unit_ids))
    return {
        unit_id: (phone, place) for unit_id, phone, place in points.values_list("unit_id", "phone", "place")
    }


def _lines(
    t: datetime, unit_rows: Iterable[tuple[int, str, str, str]], *, only_these: bool
) -> list[UnitOnDuty]:
    """The lines of `unit_rows` (id, name, kind, phone) with their duty points and the people on duty at `t`.

    Three reads at most, none growing with the years of rosters: the duty points (of these units when
    `only_these`), the duty roles, and the shifts of two days covering `t` as plain values (of these units
    when `only_these`), from the index `duty_shift_covering` alone (day, start, end, unit, role, person)."""
    rows = list(unit_rows)
    points = _duty_points([row[0] for row in rows] if only_these else None)
    lines: dict[int, UnitOnDuty] = {}
    for uid, name, kind, phone in rows:
        duty_phone, duty_place = points.get(uid, ("", ""))
        lines[uid] = UnitOnDuty(
            unit_id=uid, name=name, kind=kind, phone=duty_phone or phone, place=duty_place or ""
        )
    if not lines:
        return []
    roles = {
        pk: (order, pk, name) for pk, order, name in DutyRole.objects.values_list("pk", "sort_order", "name")
    }
    columns = ("unit_id", "role_id", "person_id", "person__name", "person__phone")
    shifts = DutyShift.objects.filter(covering(t))
    if only_these:  # a page's units: still read from the covering index, never from the table's rows
        shifts = shifts.filter(unit_id__in=list(lines))
    values = shifts.order_by().values_list(*columns)
    for unit_id, role_id, person_id, person_name, person_phone in values:
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


def county_on_duty(
    t: datetime | None = None, units: Iterable[Unit] | QuerySet[Unit] | None = None
) -> list[UnitOnDuty]:
    """Per unit (all active units by default), the people on duty at `t` by role and the unit's duty phone.

    Four reads, none of which grows with the years of rosters: the units as plain values, their duty points,
    the duty roles, and the shifts of two days covering `t` (the covering `(day, starts_at, ...)` index), plain
    values (no datetimes: converting 10,000 of them cost more than the query). The whole county's list is
    the print/export; the page shows one page of it (`on_duty_page`)."""
    t = t or timezone.now()
    columns = ("id", "name", "kind", "phone")
    unit_rows: list[tuple[int, str, str, str]]
    if units is None or isinstance(units, QuerySet):
        chosen = Unit.objects.filter(is_active=True) if units is None else units
        unit_rows = list(chosen.order_by("sort_order", "code").values_list(*columns))
    else:
        unit_rows = [(u.pk, u.name, u.kind, u.phone) for u in units]
    return _lines(t, unit_rows, only_these=units is not None and len(unit_rows) <= 500)


PAGE_SIZE = 150


@dataclass
class OnDutyPage:
    """One page of 当前值班: `lines` for the units shown, and for all the units the filter matches (not just
    this page) how many there are and how many have someone on duty now."""

    lines: list[UnitOnDuty]
    total: int
    staffed: int
    number: int
    pages: int
    size: int

    @property
    def nobody_count(self) -> int:
        return self.total - self.staffed

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.number * self.size, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def on_duty_page(
    t: datetime | None = None,
    *,
    kind: str = "",
    name: str = "",
    page: int = 1,
    size: int = PAGE_SIZE,
    own_unit_id: int | None = None,
) -> OnDutyPage:
    """A page of 当前值班 as the duty room reads it: its own unit first, then the county organs, then the
    rest in the units' order; the counts are the whole filter's, from one aggregate query. Every unit is on
    some page (or found by name); `county_on_duty` gives the whole list at once for printing."""
    t = t or timezone.now()
    units = units_for(kind, name)
    covered = DutyShift.objects.filter(covering(t)).order_by().values("unit_id")
    counts = units.order_by().aggregate(total=Count("pk"), staffed=Count("pk", filter=Q(pk__in=covered)))
    total, staffed = int(counts["total"] or 0), int(counts["staffed"] or 0)
    size = max(1, size)
    pages = max(1, -(-total // size))
    number = min(max(1, page), pages)
    first = [When(kind__in=KIND_FILTERS["county"], then=Value(1))]
    if own_unit_id is not None:
        first.insert(0, When(pk=own_unit_id, then=Value(0)))
    start = (number - 1) * size
    unit_rows = (
        units.annotate(first=Case(*first, default=Value(2), output_field=IntegerField()))
        .order_by("first", "sort_order", "code")
        .values_list("id", "name", "kind", "phone")[start : start + size]
    )
    lines = _lines(t, unit_rows, only_these=True) if total else []
    return OnDutyPage(lines=lines, total=total, staffed=staffed, number=number, pages=pages, size=size)
