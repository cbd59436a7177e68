"""`rosters.generate_year` (the bench's year for many units) reads everything once and writes in bulk, but
must roster exactly as `roster_generate` does unit after unit: the same people on the same days, a person
shared by two units never twice the same day, absences and the previous roster's rotation honoured; and a
refusal for any unit writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from zhongshu.core.errors import ServiceError
from zhongshu.duty import rosters
from zhongshu.duty.models import Absence, AbsenceKind, AbsenceState, DutyEligibility, DutyRoster, DutyShift


def _shifts(units):
    return sorted(
        DutyShift.objects.filter(unit__in=units, day__year=2026).values_list(
            "unit_id", "day", "role_id", "person_id", "kind", "starts_at", "ends_at"
        )
    )


def _setup(county):
    DutyEligibility.objects.create(
        unit=county.emergency, role=county.roles["officer"], person=county.duty_officers[0], sort_order=5
    )
    leader = county.leaders[0]
    Absence.objects.create(
        person=leader,
        kind=AbsenceKind.LEAVE,
        starts_on=date(2026, 4, 3),
        ends_on=date(2026, 4, 12),
        reason="探亲",
        phone="1",
        state=AbsenceState.APPROVED,
        filed_by=leader.user,
    )
    # The office's December 2025 roster: 2026 continues its rotation.
    rosters.roster_generate(county.director.user, county.office, date(2025, 12, 1), date(2025, 12, 30))


def test_a_year_for_several_units_is_the_same_as_generating_them_one_by_one(county):
    by = county.director.user
    units = [county.office, county.emergency]
    _setup(county)
    for unit in units:
        rosters.roster_generate(by, unit, date(2026, 1, 1), date(2026, 12, 31), audit=False)
    one_by_one = _shifts(units)
    DutyRoster.objects.filter(unit__in=units, starts_on=date(2026, 1, 1)).delete()

    written = rosters.generate_year(by, units, 2026)

    assert _shifts(units) == one_by_one
    assert written == len(one_by_one)
    assert DutyRoster.objects.filter(unit__in=units, starts_on=date(2026, 1, 1)).count() == 2
    shared = county.duty_officers[0]
    days = list(DutyShift.objects.filter(person=shared, day__year=2026).values_list("day", flat=True))
    assert len(days) == len(set(days))
    assert DutyShift.objects.filter(unit=county.emergency, person=shared, day__year=2026).exists()


def test_a_refusal_for_one_unit_writes_nothing(county):
    DutyEligibility.objects.filter(unit=county.emergency, role=county.roles["leader"]).delete()
    with pytest.raises(ServiceError) as refused:
        rosters.generate_year(county.director.user, [county.office, county.emergency], 2026)
    assert refused.value.code == "holiday_unstaffed"
    assert not DutyRoster.objects.filter(starts_on=date(2026, 1, 1)).exists()
    with pytest.raises(ServiceError) as overlapping:
        rosters.roster_generate(county.director.user, county.office, date(2026, 3, 1), date(2026, 3, 2))
        rosters.generate_year(county.director.user, [county.office], 2026)
    assert overlapping.value.code == "roster_overlaps"
