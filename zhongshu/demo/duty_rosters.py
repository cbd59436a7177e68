"""The demo's rosters part (run first of the duty parts): the three duty roles, who rotates in each role for
the county office (县委办公室: the county leaders below the secretary and the county head as 带班领导, the
值班室's staff as 值班员, a driver), the 应急管理局 and the first town, their duty phones, and a published
roster for each from the Monday of this week (or 14 December 2026, whichever is earlier) through the New Year
holiday of 2027. Everything through the rosters services, as the office director would do it; run again, it
adds nothing.

The State Council had not published 2027's holiday schedule when the demo was written: when the office's
calendar has no 2027, the demo enters the New Year holiday as 2027-01-01 … 2027-01-03 (ASSUMED dates, 手工录入
with a note saying so); the office replaces it with the published schedule on the workdays page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.duty import rosters
from zhongshu.duty.models import DutyEligibility, DutyPoint, DutyRole, DutyRoster
from zhongshu.org.models import Person, Unit
from zhongshu.workdays.calendar import has_schedule
from zhongshu.workdays.services import holiday_schedule_enter

ROLES = (
    ("leader", "带班领导", True, True),
    ("officer", "值班员", False, True),
    ("driver", "驾驶员", False, False),
)
NEW_YEAR_2027 = [(date(2027, 1, d), "holiday", "元旦") for d in (1, 2, 3)]  # assumed, see the docstring
PHONES = {
    "XWB": ("0000-6660001", "县委办公室值班室"),
    "YJJ": ("0000-6660110", "县应急管理局值班室"),
    "T01": ("0000-6660201", "镇值班室"),
}


def _person(username: str) -> Person | None:
    return Person.objects.filter(user__username=username, user__is_active=True).select_related("user").first()


def _roles(result: Any) -> dict[str, DutyRole]:
    out = {}
    for order, (code, name, leader, required) in enumerate(ROLES, start=1):
        role, made = DutyRole.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "is_leader_role": leader,
                "required_on_holidays": required,
                "sort_order": order,
            },
        )
        if made:
            result.count("值班岗位")
        out[code] = role
    return out


def _eligible(result: Any, by: Any, unit: Unit, role: DutyRole, usernames: list[str]) -> None:
    for username in usernames:
        person = _person(username)
        if person is None or DutyEligibility.objects.filter(unit=unit, role=role, person=person).exists():
            continue
        rosters.eligibility_add(by, unit, role, person)
        result.count("轮值人员")


def _period(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    starts = min(monday, date(2026, 12, 14))
    ends = date(2027, 1, 10) if today < date(2027, 1, 10) else monday + timedelta(days=27)
    return starts, ends


def build_demo_rosters(result: Any) -> None:
    director = _person("zhuren")
    if director is None:
        return
    by = director.user
    roles = _roles(result)
    if not has_schedule(2027):
        holiday_schedule_enter(
            by=None,
            year=2027,
            days=NEW_YEAR_2027,
            source="manual",
            note="演示数据：假定的2027年元旦假期，待国务院办公厅公布后替换",
        )
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=["XWB", "YJJ", "T01"])}
    office = units.get("XWB")
    if office is None:
        return
    officers = list(
        Person.objects.filter(unit=office, user__groups__name=Role.DUTY_OFFICER.value, user__is_active=True)
        .order_by("id")
        .values_list("user__username", flat=True)
    )
    _eligible(result, by, office, roles["leader"], [f"leader{n}" for n in range(3, 8)])
    _eligible(result, by, office, roles["officer"], officers)
    _eligible(result, by, office, roles["driver"], ["xwb_zhk_1"])
    if "YJJ" in units:
        _eligible(result, by, units["YJJ"], roles["leader"], ["yjj_jz", "yjj_fjz"])
        _eligible(result, by, units["YJJ"], roles["officer"], ["yjj_llr", "yjj_ky"])
    if "T01" in units:
        _eligible(result, by, units["T01"], roles["leader"], ["t01_sj", "t01_zz"])
        _eligible(result, by, units["T01"], roles["officer"], ["t01_llr", "t01_ky"])
    for code, (phone, place) in PHONES.items():
        if code in units and not DutyPoint.objects.filter(unit=units[code]).exists():
            rosters.duty_point_set(by, units[code], phone, place=place)
            result.count("值班电话")
    starts, ends = _period(timezone.localdate())
    for code in ("XWB", "YJJ", "T01"):
        unit = units.get(code)
        if (
            unit is None
            or DutyRoster.objects.filter(unit=unit, starts_on__lte=ends, ends_on__gte=starts).exists()
        ):
            continue
        try:
            roster = rosters.roster_generate(by, unit, starts, ends, title=f"{unit.name}元旦前后值班表")
        except ServiceError:
            continue  # a unit whose people are all away on a holiday day keeps no demo roster
        rosters.roster_publish(by, roster.pk)
        result.count("值班表")
