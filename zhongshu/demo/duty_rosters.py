"""The demo's rosters part (run first of the duty parts): the three duty roles, who rotates in each role for
the county office (县委办公室: the county leaders below the secretary and the county head as 带班领导, the
值班室's staff as 值班员, a driver), the 应急管理局 and the first town, their duty phones, and for each a published
roster of four weeks from the Monday of this week inside a 敏感时期 (24-hour duty every day), and one of a month through the latest public holiday the
office's calendar holds (国庆节 of 2026 when built in December 2026), 24-hour duty on the holiday. Everything
through the rosters services, as the office director would do it; run again, it adds nothing.

The demo never enters a holiday schedule of its own: a roster stops at the end of the last year the office's
calendar knows (2026 until the office enters 2027's published schedule on the workdays page), as the rosters
service would refuse to go beyond it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.duty import rosters
from zhongshu.duty.models import DutyEligibility, DutyPoint, DutyRole, DutyRoster, SensitivePeriod
from zhongshu.org.models import Person, Unit
from zhongshu.workdays.calendar import has_schedule
from zhongshu.workdays.models import CalendarDay, DayKind

ROLES = (
    ("leader", "带班领导", True, True),
    ("officer", "值班员", False, True),
    ("driver", "驾驶员", False, False),
)
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
            result.count("duty_roles")
        out[code] = role
    return out


def _eligible(result: Any, by: Any, unit: Unit, role: DutyRole, usernames: list[str]) -> None:
    for username in usernames:
        person = _person(username)
        if person is None or DutyEligibility.objects.filter(unit=unit, role=role, person=person).exists():
            continue
        rosters.eligibility_add(by, unit, role, person)
        result.count("duty_eligibility")


def _sensitive_period(by: Any, today: date, result: Any) -> None:
    """A 敏感时期 over these weeks (岁末年初 in December and January), so the county's duty rooms keep 24-hour
    duty every day of it, nights of working days included, as offices do then."""
    monday = today - timedelta(days=today.weekday())
    starts, ends = monday - timedelta(days=7), _known_until(monday + timedelta(days=27))
    if SensitivePeriod.objects.filter(starts_on__lte=ends, ends_on__gte=starts).exists():
        return
    name = "岁末年初安全稳定敏感时期" if today.month in (12, 1) else "重要活动安全稳定敏感时期"
    rosters.sensitive_period_add(by, name, starts, ends)
    result.count("sensitive_periods")


def _known_until(day: date) -> date:
    """`day`, or the last day of the last year before it that the office's calendar holds."""
    year = day.year
    while year > 2000 and not has_schedule(year):
        year -= 1
    return min(day, date(year, 12, 31))


def _periods(today: date) -> list[tuple[date, date, str]]:
    """Four weeks from this Monday, and a month through the latest holiday up to today (its first day a
    week in), each with its title's word."""
    monday = today - timedelta(days=today.weekday())
    periods = [(monday, _known_until(monday + timedelta(days=27)), "近期")]
    latest = CalendarDay.objects.filter(kind=DayKind.HOLIDAY, date__lte=today).order_by("-date").first()
    if latest is not None:
        first = latest.date
        while CalendarDay.objects.filter(kind=DayKind.HOLIDAY, date=first - timedelta(days=1)).exists():
            first -= timedelta(days=1)
        starts = first - timedelta(days=7)
        ends = min(starts + timedelta(days=30), monday - timedelta(days=1))
        if ends > first:
            periods.append((starts, ends, latest.name))
    return periods


def build_demo_rosters(result: Any) -> None:
    director = _person("zhuren")
    if director is None:
        return
    by = director.user
    roles = _roles(result)
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
            result.count("duty_points")
    _sensitive_period(by, timezone.localdate(), result)
    for starts, ends, word in _periods(timezone.localdate()):
        for code in ("XWB", "YJJ", "T01"):
            unit = units.get(code)
            if (
                unit is None
                or DutyRoster.objects.filter(unit=unit, starts_on__lte=ends, ends_on__gte=starts).exists()
            ):
                continue
            try:
                roster = rosters.roster_generate(by, unit, starts, ends, title=f"{unit.name}{word}值班表")
            except ServiceError:
                continue  # a unit whose people are all away on a holiday day keeps no demo roster
            rosters.roster_publish(by, roster.pk)
            result.count("duty_rosters")
