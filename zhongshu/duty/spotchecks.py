"""值班抽查: the county duty room draws a round of calls to units' duty phones and records what it found.

A round is drawn by the platform, not chosen by a person: from the units with a duty phone (all of them, or
all bureaus, or all towns; never the drawer's own unit) it picks `count` distinct units and gives each a
random minute in the window, one per equal slice of the window so the calls spread over it. The draw is a
pure function of the candidate units, the window, the count and the seed (`draw_plan`); the round records the
seed and scope, so the same seed draws the same units at the same times again (`redraw`).

Each check is then called and recorded once: the number dialled, when, and the result — answered by the
officer the unit's roster puts on duty at that moment (a `DutyShift` covering the time), by someone else
(named), or not answered. Results per unit and period (month, quarter, year) are counted from the recorded
checks; the units found absent (someone else or no answer) go into the period's 通报 (spotcheck_docx).
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.periods import CalendarPeriod
from zhongshu.core.todos import TodoItem
from zhongshu.duty.actions_spotchecks import RULES
from zhongshu.duty.models import CheckResult, DutyPoint, DutyShift, SpotCheck, SpotCheckRound
from zhongshu.duty.roles import is_county_duty_room
from zhongshu.org.models import Unit, UnitKind

# 抽查范围: which units a round draws from.
SCOPES: dict[str, str] = {"all": "全部单位", "bureaus": "县直部门", "towns": "乡镇"}
_SCOPE_KINDS: dict[str, tuple[str, ...]] = {"bureaus": (UnitKind.BUREAU,), "towns": (UnitKind.TOWN,)}
ABSENT = (CheckResult.SOMEONE_ELSE, CheckResult.NO_ANSWER)
NOT_ALLOWED = "只有县委办值班室可以组织值班抽查"


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def may_spot_check(user: Any) -> bool:
    """The county duty room (roles.is_county_duty_room: the office director and the 值班员 of his unit). A
    bureau's or a town's own 值班员 keeps a duty room too, but must never see when the county will call it."""
    return is_county_duty_room(user)


def require_duty_room(by: Any) -> None:
    if not may_spot_check(by):
        raise Forbidden(NOT_ALLOWED, code="not_duty_room")


# --- the draw ----------------------------------------------------------------------------------------------


def candidates(scope: str, *, exclude_unit_id: int | None = None) -> QuerySet[Unit]:
    """The units a round of `scope` may draw: active, with a duty phone (DutyPoint), in id order."""
    if scope not in SCOPES:
        raise ServiceError(f"未知的抽查范围：{scope}", code="bad_scope", field="scope")
    unit_ids = DutyPoint.objects.values("unit_id")
    units = Unit.objects.filter(is_active=True, pk__in=unit_ids)
    if scope in _SCOPE_KINDS:
        units = units.filter(kind__in=_SCOPE_KINDS[scope])
    if exclude_unit_id is not None:
        units = units.exclude(pk=exclude_unit_id)
    return units.order_by("pk")


def draw_plan(
    unit_ids: Sequence[int], *, starts_at: datetime, ends_at: datetime, count: int, seed: int
) -> list[tuple[int, datetime]]:
    """The draw itself, a pure function: `count` distinct units of `unit_ids` (taken in ascending order, so the
    caller's order does not matter) and for each a whole minute in its own equal slice of the window, in time
    order. The same arguments always give the same plan."""
    ordered = sorted(unit_ids)
    rng = random.Random(seed)
    chosen = rng.sample(ordered, count)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    plan = []
    for slot, unit_id in enumerate(chosen):
        low, high = slot * minutes // count, (slot + 1) * minutes // count
        plan.append((unit_id, starts_at + timedelta(minutes=rng.randrange(low, high))))
    return plan


def default_title(starts_at: datetime) -> str:
    return f"{_local(starts_at):%Y年%m月%d日}值班抽查".replace("年0", "年").replace("月0", "月")


def draw_round(
    *,
    by: Actor,
    window_starts_at: datetime | None,
    window_ends_at: datetime | None,
    count: int | None = None,
    scope: str = "all",
    seed: int | None = None,
    title: str = "",
    now: datetime | None = None,
) -> SpotCheckRound:
    """抽取: a new round of `count` units of `scope` (every one of them when `count` is None) at random times in
    the window. Refused when the window is missing, reversed, already begun or shorter than one minute per
    unit, or when more units are asked for than the scope holds."""
    require_duty_room(by)
    now = now or timezone.now()
    if window_starts_at is None:
        raise ServiceError("请填写抽查时段的开始时间", code="window_required", field="window_starts_at")
    if window_ends_at is None:
        raise ServiceError("请填写抽查时段的结束时间", code="window_required", field="window_ends_at")
    if window_ends_at <= window_starts_at:
        raise ServiceError("抽查时段的结束时间应晚于开始时间", code="window_reversed", field="window_ends_at")
    if window_starts_at < now:
        raise ServiceError(
            f"抽查时段不能早于现在（{_local(now):%Y-%m-%d %H:%M}），请重新选择",
            code="window_past",
            field="window_starts_at",
        )
    units = list(candidates(scope, exclude_unit_id=getattr(by, "unit_id", None)).values_list("pk", flat=True))
    if not units:
        raise ServiceError(f"{SCOPES[scope]}中没有登记值班电话的单位", code="no_units", field="scope")
    if count is None:
        count = len(units)
    if count < 1:
        raise ServiceError("抽查单位数至少为1", code="bad_count", field="count")
    if count > len(units):
        raise ServiceError(
            f"抽查单位数（{count}）超过{SCOPES[scope]}中登记值班电话的单位数（{len(units)}）",
            code="too_many_units",
            field="count",
        )
    if (window_ends_at - window_starts_at) < timedelta(minutes=count):
        raise ServiceError(
            f"抽查时段过短：{count}个单位至少需要{count}分钟", code="window_too_short", field="window_ends_at"
        )
    if seed is None:
        seed = secrets.randbelow(2**31)
    plan = draw_plan(units, starts_at=window_starts_at, ends_at=window_ends_at, count=count, seed=seed)
    phones = dict(DutyPoint.objects.filter(unit_id__in=units).values_list("unit_id", "phone"))
    with transaction.atomic():
        round_ = SpotCheckRound.objects.create(
            title=title.strip() or default_title(window_starts_at),
            window_starts_at=window_starts_at,
            window_ends_at=window_ends_at,
            seed=seed,
            scope=scope,
            drawn_by=by,
            drawn_at=now,
        )
        SpotCheck.objects.bulk_create(
            SpotCheck(round=round_, unit_id=unit_id, planned_at=planned, phone=phones.get(unit_id, ""))
            for unit_id, planned in plan
        )
        audit_record(
            actor=by,
            action="duty.spot_check.draw",
            target=round_,
            details={"seed": seed, "scope": scope, "count": count},
        )
    return round_


def redraw(round_: SpotCheckRound, unit_ids: Iterable[int]) -> list[tuple[int, datetime]]:
    """The plan the round's seed draws from `unit_ids` (the candidates as they were): equal to the round's
    checks when the candidates have not changed."""
    count = round_.checks.count()
    return draw_plan(
        list(unit_ids),
        starts_at=round_.window_starts_at,
        ends_at=round_.window_ends_at,
        count=count,
        seed=round_.seed,
    )


# --- calling and recording ---------------------------------------------------------------------------------


def on_roster_at(unit_id: int, moment: datetime) -> list[DutyShift]:
    """Who the unit's roster puts on duty at `moment` (a shift with starts_at <= moment < ends_at)."""
    return list(
        DutyShift.objects.filter(unit_id=unit_id, starts_at__lte=moment, ends_at__gt=moment)
        .select_related("person", "role")
        .order_by("role__sort_order", "pk")
    )


def rostered_for_checks(checks: Sequence[SpotCheck]) -> dict[int, list[DutyShift]]:
    """For each check (by id) the shifts covering its moment — the time called once recorded, else the planned
    time — in one query for the whole round."""
    if not checks:
        return {}
    moments = [check.called_at or check.planned_at for check in checks]
    shifts = list(
        DutyShift.objects.filter(
            unit_id__in={check.unit_id for check in checks},
            starts_at__lte=max(moments),
            ends_at__gt=min(moments),
        )
        .select_related("person", "role")
        .order_by("role__sort_order", "pk")
    )
    by_unit: dict[int, list[DutyShift]] = defaultdict(list)
    for shift in shifts:
        by_unit[shift.unit_id].append(shift)
    found: dict[int, list[DutyShift]] = {}
    for check, moment in zip(checks, moments, strict=True):
        found[check.pk] = [s for s in by_unit[check.unit_id] if s.starts_at <= moment < s.ends_at]
    return found


def roster_names(shifts: Iterable[DutyShift]) -> str:
    return "、".join(f"{shift.person.name}（{shift.role.name}）" for shift in shifts)


def record_check(
    *,
    check: SpotCheck,
    by: Actor,
    result: str,
    called_at: datetime | None = None,
    answered_by: str = "",
    note: str = "",
    phone: str = "",
    now: datetime | None = None,
) -> SpotCheck:
    """记录抽查结果, once per check. The time called may not fall before the planned day nor after now;
    someone else's answer needs the name; an answer by the officer on the roster takes the roster's names
    (or the name given when the roster has nobody on duty then)."""
    now = now or timezone.now()
    called_at = called_at or now
    answered_by = answered_by.strip()
    with transaction.atomic():
        locked = SpotCheck.objects.select_for_update().select_related("round").get(pk=check.pk)
        RULES.require("record", by, locked)
        if result not in CheckResult.values:
            raise ServiceError("请选择抽查结果", code="result_required", field="result")
        planned_day = _local(locked.planned_at).date()
        if _local(called_at).date() < planned_day:
            raise ServiceError(
                f"拨打时间不能早于计划抽查日（{planned_day:%Y-%m-%d}）",
                code="called_before_planned_day",
                field="called_at",
            )
        if called_at > now:
            raise ServiceError(
                f"拨打时间不能晚于现在（{_local(now):%Y-%m-%d %H:%M}）",
                code="called_in_future",
                field="called_at",
            )
        if result == CheckResult.SOMEONE_ELSE and not answered_by:
            raise ServiceError(
                "他人代接的，请填写接听人姓名", code="answered_by_required", field="answered_by"
            )
        if result == CheckResult.ON_ROSTER:
            names = "、".join(shift.person.name for shift in on_roster_at(locked.unit_id, called_at))
            if names:
                answered_by = names
            elif not answered_by:
                raise ServiceError(
                    "该单位此时没有值班表人员在班，请填写接听人姓名",
                    code="answered_by_required",
                    field="answered_by",
                )
        if result == CheckResult.NO_ANSWER:
            answered_by = ""
        dialled = phone.strip() or locked.phone or _duty_phone(locked.unit_id)
        locked.called_at = called_at
        locked.phone = dialled
        locked.result = result
        locked.answered_by = answered_by[:40]
        locked.note = note.strip()
        locked.recorded_by = by
        locked.save(update_fields=["called_at", "phone", "result", "answered_by", "note", "recorded_by"])
        audit_record(
            actor=by,
            action="duty.spot_check.record",
            target=locked,
            details={"result": result, "round": locked.round_id},
        )
    return locked


def _duty_phone(unit_id: int) -> str:
    return DutyPoint.objects.filter(unit_id=unit_id).values_list("phone", flat=True).first() or ""


# --- results per unit and period ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period(CalendarPeriod):
    """A month (`2026-11`), a quarter (`2026-Q4`) or a year (`2026`) of spot checks (core.periods)."""

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=tz)
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)
        return start, end

    @classmethod
    def month_of(cls, moment: datetime) -> Period:
        local = _local(moment)
        return cls.of("month", local.year, local.month)


@dataclass(frozen=True)
class UnitResult:
    unit_id: int
    unit_name: str
    checks: int
    on_roster: int
    someone_else: int
    no_answer: int

    @property
    def absent(self) -> int:
        return self.someone_else + self.no_answer

    @property
    def on_roster_rate(self) -> float | None:
        """在岗率 in per cent, one decimal; None when nothing was recorded."""
        return round(100 * self.on_roster / self.checks, 1) if self.checks else None


def _in_period(period: Period) -> QuerySet[SpotCheck]:
    start, end = period.bounds()
    return SpotCheck.objects.filter(planned_at__gte=start, planned_at__lt=end).exclude(result="")


def results(period: Period) -> list[UnitResult]:
    """Per unit, the recorded checks planned in the period: how many, and how each ended, by unit name."""
    rows = (
        _in_period(period)
        .values("unit_id", "unit__name")
        .annotate(
            checks=Count("pk"),
            on_roster=Count("pk", filter=Q(result=CheckResult.ON_ROSTER)),
            someone_else=Count("pk", filter=Q(result=CheckResult.SOMEONE_ELSE)),
            no_answer=Count("pk", filter=Q(result=CheckResult.NO_ANSWER)),
        )
        .order_by("unit__name", "unit_id")
    )
    return [
        UnitResult(
            unit_id=row["unit_id"],
            unit_name=row["unit__name"],
            checks=row["checks"],
            on_roster=row["on_roster"],
            someone_else=row["someone_else"],
            no_answer=row["no_answer"],
        )
        for row in rows
    ]


def totals(rows: Sequence[UnitResult]) -> UnitResult:
    return UnitResult(
        unit_id=0,
        unit_name="合计",
        checks=sum(row.checks for row in rows),
        on_roster=sum(row.on_roster for row in rows),
        someone_else=sum(row.someone_else for row in rows),
        no_answer=sum(row.no_answer for row in rows),
    )


def absent_checks(period: Period) -> list[SpotCheck]:
    """The checks of the period that found a unit absent (someone else answered, or nobody), by unit and time."""
    return list(
        _in_period(period)
        .filter(result__in=ABSENT)
        .select_related("unit")
        .order_by("unit__name", "unit_id", "planned_at")
    )


def periods_with_checks(limit: int = 24) -> list[Period]:
    """The months that hold checks, newest first (the results page's choices)."""
    months: list[Period] = []
    seen: set[str] = set()
    for planned in SpotCheck.objects.order_by("-planned_at").values_list("planned_at", flat=True)[:2000]:
        period = Period.month_of(planned)
        if period.code not in seen:
            seen.add(period.code)
            months.append(period)
        if len(months) >= limit:
            break
    return months


# --- the duty room's 待办 --------------------------------------------------------------------------------------

TODO_AHEAD = timedelta(hours=12)


def todo_items(user: Any, now: datetime | None = None) -> list[TodoItem]:
    """待办 for the county duty room: each round whose window has begun or begins within 12 hours and that still
    has calls to record, late (overdue) once its window has ended. One query; nothing for anyone else."""
    if not may_spot_check(user):
        return []
    now = now or timezone.now()
    rounds = (
        SpotCheckRound.objects.filter(window_starts_at__lte=now + TODO_AHEAD)
        .annotate(pending=Count("checks", filter=Q(checks__result="")))
        .filter(pending__gt=0)
        .order_by("window_starts_at")[:20]
    )
    return [
        TodoItem(
            title=f"{round_.title}：{round_.pending}个单位待拨打",
            url=reverse("duty:spot_check_round", args=[round_.pk]),
            kind="duty.spot_check",
            source_label="值班抽查",
            due=_local(round_.window_starts_at).date(),
            overdue=round_.window_ends_at < now,
            at=round_.window_starts_at,
        )
        for round_ in rounds
    ]
