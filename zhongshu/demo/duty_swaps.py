"""The demo's swaps part (run after the rosters part's demo): in the county office's rosters one swap approved
and one pending, and a RosterCall for the latest public holiday (the one the rosters part's demo rosters run through) to the units that keep rosters and a few that do
not: some filed on time, one late, the others missing. Everything through the part's services, as the people
would do it; run again, it adds nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.duty import roster_calls, swaps
from zhongshu.duty.actions_swaps import open_step
from zhongshu.duty.models import DutyRoster, DutyShift, RosterCall, ShiftSwap
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.workdays.models import CalendarDay, DayKind

CALL_TITLE = "假期值班表报备"
REASONS = ["家中老人住院，需陪护", "参加市里业务培训"]


def _director() -> Person | None:
    return (
        Person.objects.filter(user__groups__name=Role.OFFICE_DIRECTOR.value, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )


def _swaps(result: Any, office_id: int, now: datetime) -> None:
    if ShiftSwap.objects.filter(shift__unit_id=office_id).exists():
        return
    made = 0
    shifts = (
        DutyShift.objects.filter(unit_id=office_id, starts_at__gt=now + timedelta(days=1))
        .select_related("unit", "role", "person__user")
        .order_by("starts_at", "id")[:80]
    )
    for shift in shifts:
        for candidate in swaps.eligible_people(shift):
            try:
                swaps.check_swap(shift, candidate, now=now)
            except ServiceError:
                continue
            swap = swaps.swap_request(
                shift=shift, to_person=candidate, reason=REASONS[made], by=shift.person.user, now=now
            )
            result.count("shift_swaps")
            if made == 0:
                step = swap.workflow.steps.get() if swap.workflow else None
                if step is not None:
                    approver = step.assignee.user
                    assert open_step(swap, approver) is not None
                    swaps.swap_approve(swap=swap, by=approver, opinion="同意")
            made += 1
            break
        if made == len(REASONS):
            return


def _holiday(today: date) -> tuple[date, date, str] | None:
    """The latest public holiday up to today in the office's calendar (the one the rosters part's demo rosters
    run through): its first and last day and its name."""
    latest = CalendarDay.objects.filter(kind=DayKind.HOLIDAY, date__lte=today).order_by("-date").first()
    if latest is None:
        return None
    first = last = latest.date
    while CalendarDay.objects.filter(kind=DayKind.HOLIDAY, date=first - timedelta(days=1)).exists():
        first -= timedelta(days=1)
    return first, last, latest.name


def _call(result: Any, director: Person, today: date) -> None:
    holiday = _holiday(today)
    if holiday is None or RosterCall.objects.filter(title__endswith=CALL_TITLE).exists():
        return
    starts_on, ends_on, name = holiday
    with_rosters = list(
        Unit.objects.filter(
            pk__in=DutyRoster.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).values("unit_id")
        )
        .exclude(pk=director.unit_id)
        .order_by("sort_order", "code")
    )
    without = list(
        Unit.objects.filter(is_active=True, kind__in=[UnitKind.BUREAU, UnitKind.TOWN])
        .exclude(pk__in=[unit.pk for unit in with_rosters])
        .exclude(pk=director.unit_id)
        .order_by("kind", "sort_order", "code")[:3]
    )
    due_on = starts_on - timedelta(days=4)
    call = roster_calls.call_issue(
        title=f"{starts_on.year}年{name}{CALL_TITLE}",
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        units=[*with_rosters, *without],
        by=director.user,
    )
    result.count("roster_calls")
    on_time = timezone.make_aware(datetime.combine(due_on - timedelta(days=1), time(16, 0)))
    late = timezone.make_aware(datetime.combine(due_on + timedelta(days=1), time(9, 30)))
    for n, unit in enumerate(with_rosters):
        filer = roster_calls.filers([unit])
        by = filer[0].user if filer else director.user
        try:
            roster_calls.roster_file(
                call=call, unit=unit, by=by, now=late if n == len(with_rosters) - 1 and n > 0 else on_time
            )
        except ServiceError:
            continue  # a roster that leaves a day of the holiday uncovered stays unfiled: missing
        result.count("roster_filings")


def build_demo_swaps(result: Any) -> None:
    director = _director()
    if director is None or director.unit_id is None:
        return
    now = timezone.now()
    _swaps(result, director.unit_id, now)
    _call(result, director, timezone.localdate())
