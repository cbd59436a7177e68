"""Rosters across the Spring Festival and National Day of 2026 (the calendar chinesecalendar seeds) and 2027
(entered here through the workdays service as the office would; the dates below are ASSUMED, since the State
Council had not published 2027's schedule when this was written):

* 2027 New Year's Day: 2027-01-01 … 2027-01-03 休.
* 2027 Spring Festival: 2027-02-05 … 2027-02-13 休; 2027-01-31 (Sun) and 2027-02-20 (Sat) 班.
* 2027 National Day: 2027-10-01 … 2027-10-07 休; 2027-09-26 (Sun) and 2027-10-09 (Sat) 班.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.duty import rosters
from zhongshu.duty.models import (
    Absence,
    AbsenceKind,
    AbsenceState,
    DutyEligibility,
    DutyRoster,
    DutyShift,
    RosterState,
    SensitivePeriod,
    ShiftKind,
)
from zhongshu.workdays.calendar import has_schedule, is_workday
from zhongshu.workdays.services import holiday_schedule_enter

ASSUMED_2027 = [
    *[(date(2027, 1, d), "holiday", "元旦") for d in (1, 2, 3)],
    *[(date(2027, 2, d), "holiday", "春节") for d in range(5, 14)],
    (date(2027, 1, 31), "workday", "春节"),
    (date(2027, 2, 20), "workday", "春节"),
    *[(date(2027, 10, d), "holiday", "国庆节") for d in range(1, 8)],
    (date(2027, 9, 26), "workday", "国庆节"),
    (date(2027, 10, 9), "workday", "国庆节"),
]

# (first day, last day, holidays, make-up days) of each holiday the tests roster across.
HOLIDAYS = {
    "spring_2026": (
        date(2026, 2, 8),
        date(2026, 3, 7),
        (date(2026, 2, 15), date(2026, 2, 23)),
        [date(2026, 2, 14), date(2026, 2, 28)],
    ),
    "national_2026": (
        date(2026, 9, 14),
        date(2026, 10, 17),
        (date(2026, 10, 1), date(2026, 10, 7)),
        [date(2026, 9, 20), date(2026, 10, 10)],
    ),
    "spring_2027": (
        date(2027, 1, 25),
        date(2027, 2, 28),
        (date(2027, 2, 5), date(2027, 2, 13)),
        [date(2027, 1, 31), date(2027, 2, 20)],
    ),
    "national_2027": (
        date(2027, 9, 20),
        date(2027, 10, 17),
        (date(2027, 10, 1), date(2027, 10, 7)),
        [date(2027, 9, 26), date(2027, 10, 9)],
    ),
}


def enter_2027(by=None):
    holiday_schedule_enter(by=by, year=2027, days=ASSUMED_2027, source="manual", note="测试假定的2027年安排")


def days(a, b):
    return [a + timedelta(days=n) for n in range((b - a).days + 1)]


@pytest.mark.parametrize("name", list(HOLIDAYS))
def test_every_holiday_day_has_a_leader_and_an_officer_on_24_hour_duty(county, name):
    if name.endswith("2027"):
        enter_2027()
    first, last, (h1, h2), makeups = HOLIDAYS[name]
    assert has_schedule(first.year)
    roster = rosters.roster_generate(county.director.user, county.office, first, last)
    assert roster.state == RosterState.DRAFT
    shifts = list(roster.shifts.select_related("role"))
    by_day = {}
    for s in shifts:
        by_day.setdefault(s.day, {})[s.role.code] = s
    for d in days(h1, h2):
        assert not is_workday(d)
        for code in ("leader", "officer"):
            s = by_day[d][code]
            assert s.kind == ShiftKind.FULL_DAY, (d, code)
            assert s.ends_at - s.starts_at == timedelta(days=1)
            assert timezone.localtime(s.starts_at).time() == time(8, 30)
    for d in makeups:
        assert d.weekday() >= 5 and is_workday(d)
        for s in by_day[d].values():
            assert s.kind == ShiftKind.OFFICE_HOURS, d
            assert timezone.localtime(s.ends_at).time() == time(17, 30)
    # An ordinary weekend is a rest day, 24 hours; an ordinary weekday office hours.
    saturday = next(d for d in days(first, last) if d.weekday() == 5 and d not in makeups)
    assert by_day[saturday]["officer"].kind == ShiftKind.FULL_DAY
    # Fair: holiday/rest days and working days each go round evenly (at most one apart) in each role.
    for code, people in (("leader", county.leaders), ("officer", county.duty_officers)):
        for rest in (True, False):
            counts = Counter(
                s.person_id for s in shifts if s.role.code == code and (not is_workday(s.day)) == rest
            )
            assert set(counts) == {p.pk for p in people}
            assert max(counts.values()) - min(counts.values()) <= 1, (code, rest, counts)


def test_the_rotation_continues_from_the_previous_roster(county):
    by = county.director.user
    first = rosters.roster_generate(by, county.office, date(2026, 3, 2), date(2026, 3, 3))  # Mon, Tue
    officers = [s.person_id for s in first.shifts.filter(role__code="officer").order_by("day")]
    assert officers == [county.duty_officers[0].pk, county.duty_officers[1].pk]
    second = rosters.roster_generate(by, county.office, date(2026, 3, 4), date(2026, 3, 4))
    assert second.shifts.get(role__code="officer").person == county.duty_officers[2]


def test_nobody_away_is_rostered(county):
    by = county.director.user
    officer = county.duty_officers[0]
    Absence.objects.create(
        person=officer,
        kind=AbsenceKind.LEAVE,
        starts_on=date(2026, 2, 14),
        ends_on=date(2026, 2, 24),
        reason="探亲",
        phone="1",
        state=AbsenceState.APPROVED,
        filed_by=officer.user,
    )
    leader = county.leaders[0]
    Absence.objects.create(  # pending counts too; one afternoon is enough to be away that day
        person=leader,
        kind=AbsenceKind.TRAVEL,
        starts_on=date(2026, 2, 16),
        starts_half="pm",
        ends_on=date(2026, 2, 16),
        reason="开会",
        phone="1",
        state=AbsenceState.PENDING,
        filed_by=leader.user,
    )
    Absence.objects.create(  # withdrawn does not
        person=county.duty_officers[1],
        kind=AbsenceKind.LEAVE,
        starts_on=date(2026, 2, 10),
        ends_on=date(2026, 2, 28),
        reason="x",
        phone="1",
        state=AbsenceState.WITHDRAWN,
        filed_by=officer.user,
    )
    roster = rosters.roster_generate(by, county.office, date(2026, 2, 8), date(2026, 3, 7))
    assert not roster.shifts.filter(
        person=officer, day__range=(date(2026, 2, 14), date(2026, 2, 24))
    ).exists()
    assert roster.shifts.filter(person=officer).exists()
    assert not roster.shifts.filter(person=leader, day=date(2026, 2, 16)).exists()
    assert roster.shifts.filter(
        person=county.duty_officers[1], day__range=(date(2026, 2, 10), date(2026, 2, 28))
    ).exists()


def test_a_roster_with_nobody_on_a_holiday_day_is_refused_naming_day_and_role(county):
    by = county.director.user
    for person in county.duty_officers:
        Absence.objects.create(
            person=person,
            kind=AbsenceKind.LEAVE,
            starts_on=date(2026, 10, 3),
            ends_on=date(2026, 10, 3),
            reason="x",
            phone="1",
            state=AbsenceState.APPROVED,
            filed_by=person.user,
        )
    with pytest.raises(ServiceError) as refused:
        rosters.roster_generate(by, county.office, date(2026, 9, 28), date(2026, 10, 8))
    assert refused.value.code == "holiday_unstaffed"
    assert (
        "2026年10月03日" in str(refused.value)
        and "国庆节" in str(refused.value)
        and "值班员" in str(refused.value)
    )
    assert not DutyRoster.objects.exists() and not DutyShift.objects.exists()


def test_a_unit_without_a_leader_in_rotation_is_refused_on_its_first_rest_day(county):
    with pytest.raises(ServiceError) as refused:
        rosters.roster_generate(county.director.user, county.water, date(2026, 10, 1), date(2026, 10, 2))
    assert refused.value.code == "no_eligible"
    DutyEligibility.objects.create(
        unit=county.water, role=county.roles["officer"], person=county.water_liaison
    )
    with pytest.raises(ServiceError) as refused:
        rosters.roster_generate(county.director.user, county.water, date(2026, 10, 1), date(2026, 10, 2))
    assert refused.value.code == "holiday_unstaffed" and "带班领导" in str(refused.value)
    assert not DutyRoster.objects.exists()


def test_a_year_without_a_holiday_schedule_is_refused_naming_it(county):
    assert not has_schedule(2031)
    with pytest.raises(ServiceError) as refused:
        rosters.roster_generate(county.director.user, county.office, date(2030, 12, 20), date(2031, 1, 10))
    assert refused.value.code == "calendar_missing" and "2031年" in str(refused.value)
    assert not DutyRoster.objects.exists()


@pytest.mark.parametrize(
    ("a", "b", "code"),
    [((2026, 3, 5), (2026, 3, 1), "period_reversed"), ((2026, 1, 1), (2027, 1, 5), "period_too_long")],
)
def test_bad_periods(county, a, b, code):
    with pytest.raises(ServiceError) as refused:
        rosters.roster_generate(county.director.user, county.office, date(*a), date(*b))
    assert refused.value.code == code
    assert not DutyRoster.objects.exists()


def test_an_overlapping_roster_is_refused(county):
    rosters.roster_generate(county.director.user, county.office, date(2026, 3, 1), date(2026, 3, 10))
    with pytest.raises(ServiceError) as refused:
        rosters.roster_generate(county.director.user, county.office, date(2026, 3, 10), date(2026, 3, 12))
    assert refused.value.code == "roster_overlaps"
    assert DutyRoster.objects.count() == 1


def test_a_sensitive_period_makes_working_days_24_hours(county):
    SensitivePeriod.objects.create(name="全国两会", starts_on=date(2026, 3, 4), ends_on=date(2026, 3, 5))
    roster = rosters.roster_generate(county.director.user, county.office, date(2026, 3, 3), date(2026, 3, 6))
    kinds = {s.day: s.kind for s in roster.shifts.filter(role__code="officer")}
    assert kinds == {
        date(2026, 3, 3): ShiftKind.OFFICE_HOURS,
        date(2026, 3, 4): ShiftKind.FULL_DAY,
        date(2026, 3, 5): ShiftKind.FULL_DAY,
        date(2026, 3, 6): ShiftKind.OFFICE_HOURS,
    }


def test_workday_nights_and_times_are_the_offices_settings(county, settings):
    settings.ZHONGSHU_DUTY_WORKDAY_NIGHT = True
    settings.ZHONGSHU_DUTY_SHIFT_START = "09:00"
    roster = rosters.roster_generate(county.director.user, county.office, date(2026, 3, 3), date(2026, 3, 3))
    shift = roster.shifts.get(role__code="officer")
    assert shift.kind == ShiftKind.FULL_DAY
    assert timezone.localtime(shift.starts_at) == timezone.make_aware(datetime(2026, 3, 3, 9, 0))


def test_someone_on_duty_in_another_unit_is_not_rostered_twice(county):
    DutyEligibility.objects.create(
        unit=county.emergency, role=county.roles["officer"], person=county.duty_officers[0]
    )
    rosters.roster_generate(county.director.user, county.office, date(2026, 3, 2), date(2026, 3, 2))
    second = rosters.roster_generate(
        county.director.user, county.emergency, date(2026, 3, 2), date(2026, 3, 2)
    )
    assert second.shifts.get(role__code="officer").person == county.emergency_officer
    assert DutyShift.objects.filter(person=county.duty_officers[0], day=date(2026, 3, 2)).count() == 1


def test_a_shift_is_edited_by_hand_with_the_same_checks_then_published_and_no_longer_edited(county):
    by = county.director.user
    roster = rosters.roster_generate(by, county.office, date(2026, 3, 2), date(2026, 3, 3))
    shift = roster.shifts.get(day=date(2026, 3, 2), role__code="officer")
    assert shift.person == county.duty_officers[0]
    # Not in rotation for the role, away, or already on duty that day: refused, nothing changed.
    with pytest.raises(ServiceError) as refused:
        rosters.shift_replace(by, shift.pk, county.driver)
    assert refused.value.code == "not_eligible"
    Absence.objects.create(
        person=county.duty_officers[2],
        kind=AbsenceKind.LEAVE,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 2),
        reason="x",
        phone="1",
        state=AbsenceState.APPROVED,
        filed_by=by,
    )
    with pytest.raises(ServiceError) as refused:
        rosters.shift_replace(by, shift.pk, county.duty_officers[2])
    assert refused.value.code == "person_away"
    other_day = roster.shifts.get(day=date(2026, 3, 3), role__code="officer")
    assert other_day.person == county.duty_officers[1]
    tuesday = rosters.shift_replace(by, other_day.pk, county.duty_officers[0])
    assert tuesday.person == county.duty_officers[0]
    county.put_shift(county.duty_officers[1], date(2026, 3, 2), unit=county.emergency)
    with pytest.raises(ServiceError) as refused:  # officer 1 is on duty for the bureau on the 2nd
        rosters.shift_replace(by, shift.pk, county.duty_officers[1])
    assert refused.value.code == "person_on_duty"
    shift.refresh_from_db()
    assert shift.person == county.duty_officers[0]
    roster.refresh_from_db()
    assert roster.version == 2
    with pytest.raises(Conflict):
        rosters.roster_publish(by, roster.pk, version=1)
    rosters.roster_publish(by, roster.pk, version=2)
    roster.refresh_from_db()
    assert roster.state == RosterState.PUBLISHED
    with pytest.raises(InvalidTransition):
        rosters.shift_replace(by, shift.pk, county.duty_officers[2])
    with pytest.raises(InvalidTransition):
        rosters.roster_delete(by, roster.pk)


def test_a_draft_is_deleted_with_its_shifts(county):
    roster = rosters.roster_generate(county.director.user, county.office, date(2026, 3, 2), date(2026, 3, 8))
    rosters.roster_delete(county.director.user, roster.pk, version=roster.version)
    assert not DutyRoster.objects.exists() and not DutyShift.objects.exists()


def test_a_units_own_people_manage_their_unit_only(county):
    liaison = county.town_liaisons[0].user
    with pytest.raises(Forbidden):
        rosters.roster_generate(liaison, county.office, date(2026, 3, 2), date(2026, 3, 3))
    with pytest.raises(Forbidden):
        rosters.roster_generate(county.leaders[0].user, county.office, date(2026, 3, 2), date(2026, 3, 3))
    own = rosters.roster_generate(
        county.emergency_officer.user, county.emergency, date(2026, 3, 2), date(2026, 3, 3)
    )
    assert own.shifts.count() == 4  # a leader and an officer each day
    with pytest.raises(Forbidden):
        rosters.roster_publish(liaison, own.pk)
    with pytest.raises(Forbidden):
        rosters.sensitive_period_add(liaison, "x", date(2026, 3, 1), date(2026, 3, 2))


def test_configuration_checks(county):
    by = county.director.user
    with pytest.raises(ServiceError) as refused:
        rosters.eligibility_add(by, county.office, county.roles["leader"], county.driver)
    assert refused.value.code == "not_a_leader"
    with pytest.raises(ServiceError) as refused:
        rosters.eligibility_add(by, county.office, county.roles["officer"], county.duty_officers[0])
    assert refused.value.code == "already_eligible"
    with pytest.raises(ServiceError) as refused:
        rosters.eligibility_add(
            county.water_liaison.user, county.water, county.roles["officer"], county.driver
        )
    assert refused.value.code == "not_in_unit"
    row = rosters.eligibility_add(
        county.water_liaison.user, county.water, county.roles["officer"], county.water_liaison
    )
    rosters.eligibility_set_active(county.water_liaison.user, row.pk, False)
    row.refresh_from_db()
    assert not row.active
    with pytest.raises(ServiceError) as refused:
        rosters.duty_point_set(by, county.water, "  ")
    assert refused.value.code == "phone_required"
    with pytest.raises(ServiceError) as refused:
        rosters.sensitive_period_add(by, "国庆", date(2026, 10, 8), date(2026, 10, 1))
    assert refused.value.code == "period_reversed"
    assert not SensitivePeriod.objects.exists()
    role = rosters.duty_role_add(by, "medic", "医护人员", required=False)
    assert role.sort_order > county.roles["driver"].sort_order


def test_nobody_comes_off_a_24_hour_shift_onto_the_next_days_duty(county):
    roster = rosters.roster_generate(
        county.director.user, county.office, date(2026, 9, 28), date(2026, 10, 16)
    )
    by_day = {(s.day, s.role.code): s.person_id for s in roster.shifts.select_related("role")}
    for day in days(date(2026, 9, 28), date(2026, 10, 15)):
        shift = roster.shifts.filter(day=day, role__code="officer").first()
        if shift is not None and shift.kind == ShiftKind.FULL_DAY:
            following = day + timedelta(days=1)
            for code in ("leader", "officer"):
                assert by_day[(following, code)] != by_day[(day, code)], (day, code)
