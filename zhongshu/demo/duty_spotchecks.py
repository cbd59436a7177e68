"""The sample county's 值班抽查 (issue 17, item 3): one round last week, drawn by the county office's 值班员
over the towns and bureaus, with every call recorded — most answered by the officer the unit's roster puts on
duty (or, where a unit has no roster yet, by one of its people, named), one by someone else, one not
answered — so the results page and the month's 通报 have something to show.

Everything goes through the spot-check services as the duty officer would: the draw is made "the day before"
(`now=`, since a new round's window may not lie in the past) and each call is recorded a minute after its
planned time. A unit without a duty phone gets one through the rosters part's `duty_point_set`, as the duty
room would enter it. A round with the demo's title already there is left as it is.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.duty import spotchecks
from zhongshu.duty.models import CheckResult, DutyPoint, SpotCheckRound
from zhongshu.org.models import Person, Unit, UnitKind

if TYPE_CHECKING:
    from zhongshu.accounts.models import User
    from zhongshu.demo.build import DemoResult

TITLE = "上周夜间值班抽查"
MOST_UNITS = 10
SOMEONE_ELSE = ("门卫刘师傅", "值班员临时外出，由门卫代接")
NO_ANSWER_NOTE = "连续拨打三次无人接听"


def _duty_officer() -> User | None:
    """A 值班员 of the county office (the unit of an office director)."""
    for person in Person.objects.filter(unit__code="XWB", user__is_active=True).select_related(
        "user", "unit"
    ):
        if person.user.has_role(Role.DUTY_OFFICER) and spotchecks.may_spot_check(person.user):
            return person.user
    return None


def _duty_phones(by: User, result: DemoResult) -> None:
    """Towns and bureaus without a duty phone get one, as the duty room enters them."""
    from zhongshu.duty.rosters import duty_point_set

    have = set(DutyPoint.objects.values_list("unit_id", flat=True))
    units = Unit.objects.filter(is_active=True, kind__in=(UnitKind.TOWN, UnitKind.BUREAU)).exclude(
        pk__in=have
    )
    for n, unit in enumerate(units.order_by("pk")):
        phone = unit.phone or f"0000-668{n:04d}"
        try:
            duty_point_set(by, unit, phone, place=f"{unit.name}值班室")
        except ServiceError:
            continue
        result.count("duty_points")


def _someone_in(unit_id: int) -> str:
    person = Person.objects.filter(unit_id=unit_id, user__is_active=True).order_by("pk").first()
    return person.name if person is not None else "值班人员"


def build_demo_spotchecks(result: DemoResult) -> None:
    if SpotCheckRound.objects.filter(title=TITLE).exists():
        return
    by = _duty_officer()
    if by is None:
        return
    _duty_phones(by, result)
    today = timezone.localdate()
    last_tuesday = today - timedelta(days=today.weekday() + 6)
    starts_at = timezone.make_aware(datetime.combine(last_tuesday, time(21, 0)))
    ends_at = starts_at + timedelta(hours=10)
    units = spotchecks.candidates(
        "all", exclude_unit_id=by.person_or_none.unit_id if by.person_or_none else None
    )
    count = min(MOST_UNITS, units.filter(kind__in=(UnitKind.TOWN, UnitKind.BUREAU)).count(), units.count())
    if count < 3:
        return
    round_ = spotchecks.draw_round(
        by=by,
        window_starts_at=starts_at,
        window_ends_at=ends_at,
        count=count,
        scope="all",
        seed=20260000 + last_tuesday.toordinal() % 10000,
        title=TITLE,
        now=starts_at - timedelta(hours=6),
    )
    result.count("spot_check_rounds")
    checks = list(round_.checks.order_by("planned_at"))
    for n, check in enumerate(checks):
        called = check.planned_at + timedelta(minutes=1)
        if n == 1:
            outcome, who, note = CheckResult.SOMEONE_ELSE, SOMEONE_ELSE[0], SOMEONE_ELSE[1]
        elif n == len(checks) - 2:
            outcome, who, note = CheckResult.NO_ANSWER, "", NO_ANSWER_NOTE
        else:
            rostered = spotchecks.on_roster_at(check.unit_id, called)
            outcome, who, note = CheckResult.ON_ROSTER, "" if rostered else _someone_in(check.unit_id), ""
        spotchecks.record_check(
            check=check, by=by, result=outcome, answered_by=who, note=note, called_at=called, now=called
        )
        result.count("spot_checks")
