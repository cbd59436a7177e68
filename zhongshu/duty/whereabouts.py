"""请假、外出报备: where every leading cadre is.

A leading cadre (`Person.is_leader`) files his leave or travel himself, or a person of his unit files it for
him: kind, first and last day with their half-days (上午/下午), destination, reason, a reachable phone and who
stands in (主持工作/代理). It goes up an approval chain on the workflow app set by his rank (`rank_of`,
`approval_chain`, configurable with the setting ZHONGSHU_DUTY_ABSENCE_CHAIN):

* a unit's deputy (a leader of the unit who is not its head) → the unit's head;
* a unit's head (its leader of the smallest rank) → the county leader in charge of the unit
  (ZHONGSHU_DUTY_LEADERS_IN_CHARGE: unit code → username), or the office director where none is set;
* a county leader (a leader in a 党委/政府 unit, or in a unit listed in ZHONGSHU_DUTY_COUNTY_UNITS) → the
  highest-ranked county leader other than himself (the secretary; the county head for the secretary).

Returning closes it (销假, `absence_close`); one still open after its last day raises a reminder once a day
(`unreturned_reminders`, a tick through the outbox). Whether someone is away is derived: `away_on`.

Refused, nothing saved: a span that ends before it starts (half-days included), one that overlaps the
person's own pending or approved leave, one that takes a day he is on the duty roster (he swaps first), a
stand-in who is himself or away then. Flagged (a warning the filer confirms, and on the board): the head and a
deputy of one unit away together, or more than a share (ZHONGSHU_DUTY_AWAY_SHARE, default 1/2) of a unit's
leaders away at once (two or more of them: a one-leader unit's leader away alone is no flag).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope, viewer_of
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.duty.actions_whereabouts import ABSENCE_RULES, AbsenceAction, open_step
from zhongshu.duty.models import Absence, AbsenceKind, AbsenceState, DutyShift, HalfDay
from zhongshu.duty.roles import DUTY_ROOM_ROLES, is_county_duty_room
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.workflow.services import StepSpec, step_approve, step_return, workflow_cancel, workflow_start
from zhongshu.workflow.states import StepKind
from zhongshu.workflow.subjects import SubjectHooks, WorkflowOutcome, register_subject

WORKFLOW_KIND = "duty_absence"
ACTIVE = (AbsenceState.PENDING, AbsenceState.APPROVED)
APPROVAL_WORKDAYS = 1
MAX_SPAN_DAYS = 366  # one filing spans at most a year (the board's query relies on it)

# Ranks and the approvers a rank's chain names, in order.
DEPUTY, HEAD, COUNTY = "deputy", "head", "county"
RANK_LABELS = {DEPUTY: "单位副职", HEAD: "单位正职", COUNTY: "县级领导"}
UNIT_HEAD, IN_CHARGE, DIRECTOR, PRINCIPAL = "unit_head", "in_charge", "director", "principal"
DEFAULT_CHAIN: dict[str, list[str]] = {DEPUTY: [UNIT_HEAD], HEAD: [IN_CHARGE], COUNTY: [PRINCIPAL]}
COUNTY_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.GOVERNMENT)


def chain_setting() -> dict[str, list[str]]:
    chain = getattr(settings, "ZHONGSHU_DUTY_ABSENCE_CHAIN", None) or DEFAULT_CHAIN
    return {rank: list(chain.get(rank, DEFAULT_CHAIN[rank])) for rank in DEFAULT_CHAIN}


def away_share() -> Fraction:
    return Fraction(str(getattr(settings, "ZHONGSHU_DUTY_AWAY_SHARE", "1/2")))


def overdue_days() -> int:
    return int(getattr(settings, "ZHONGSHU_DUTY_OVERDUE_DAYS", 30))


def _county_unit_codes() -> set[str]:
    return set(getattr(settings, "ZHONGSHU_DUTY_COUNTY_UNITS", ()))


# --- half-days ---------------------------------------------------------------------------------------------


def half_index(day: date, half: str) -> int:
    """A half-day as one number: 2 × the day's ordinal, +1 for the afternoon."""
    return day.toordinal() * 2 + (1 if half == HalfDay.AFTERNOON else 0)


def span_label(absence: Absence) -> str:
    def one(day: date, half: str) -> str:
        return f"{day.month}月{day.day}日{HalfDay(half).label}"

    return f"{one(absence.starts_on, absence.starts_half)}至{one(absence.ends_on, absence.ends_half)}"


def _active_covering(first: date, last: date) -> QuerySet[Absence]:
    return Absence.objects.filter(state__in=ACTIVE, starts_on__lte=last, ends_on__gte=first)


def _overlaps(absence: Absence, start: int, end: int) -> bool:
    return half_index(absence.starts_on, absence.starts_half) <= end and start <= half_index(
        absence.ends_on, absence.ends_half
    )


def away_on(person: Person | int, day: date) -> Absence | None:
    """The person's pending or approved absence covering any half of `day`, or None (the rosters and swaps
    ask this before putting someone on duty)."""
    person_id = person if isinstance(person, int) else person.pk
    return _active_covering(day, day).filter(person_id=person_id).order_by("starts_on", "id").first()


def away_between(person: Person, first: date, last: date) -> list[Absence]:
    return list(_active_covering(first, last).filter(person=person).order_by("starts_on", "id"))


# --- ranks and the chain -------------------------------------------------------------------------------------


def unit_leaders(unit: Unit | int) -> list[Person]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return list(
        Person.objects.filter(unit_id=unit_id, is_leader=True, user__is_active=True)
        .select_related("user")
        .order_by(F("leader_rank").asc(nulls_last=True), "sort_order", "id")
    )


def _rank_key(person: Person) -> tuple[int, int, int]:
    return (person.leader_rank if person.leader_rank is not None else 10**9, person.sort_order, person.pk)


def is_county_unit(unit: Unit) -> bool:
    return unit.kind in COUNTY_KINDS or unit.code in _county_unit_codes()


def rank_of(person: Person) -> str:
    """县级领导, 单位正职 (the unit's leader of the smallest rank) or 单位副职."""
    if is_county_unit(person.unit):
        return COUNTY
    leaders = unit_leaders(person.unit_id)
    if leaders and leaders[0].pk == person.pk:
        return HEAD
    return DEPUTY


def county_leaders() -> list[Person]:
    units = Q(unit__kind__in=COUNTY_KINDS) | Q(unit__code__in=_county_unit_codes())
    return sorted(
        Person.objects.filter(units, is_leader=True, user__is_active=True).select_related("user", "unit"),
        key=_rank_key,
    )


def office_director() -> Person | None:
    return (
        Person.objects.filter(user__groups__name=Role.OFFICE_DIRECTOR, user__is_active=True)
        .select_related("user")
        .order_by(F("leader_rank").asc(nulls_last=True), "sort_order", "id")
        .first()
    )


def _approver(kind: str, person: Person) -> Person | None:
    if kind == UNIT_HEAD:
        leaders = [p for p in unit_leaders(person.unit_id) if p.pk != person.pk]
        return leaders[0] if leaders else None
    if kind == IN_CHARGE:
        username = dict(getattr(settings, "ZHONGSHU_DUTY_LEADERS_IN_CHARGE", {})).get(person.unit.code)
        if username:
            found = Person.objects.filter(user__username=username, user__is_active=True).first()
            if found is not None:
                return found
        return office_director()
    if kind == DIRECTOR:
        return office_director()
    if kind == PRINCIPAL:
        others = [p for p in county_leaders() if p.pk != person.pk]
        return others[0] if others else None
    raise ServiceError(f"未知的审批环节：{kind}", code="unknown_chain_step")


def approval_chain(person: Person) -> list[Person]:
    """The approvers of `person`'s leave, in order, by his rank (ZHONGSHU_DUTY_ABSENCE_CHAIN): each once,
    never himself."""
    chain: list[Person] = []
    for kind in chain_setting()[rank_of(person)]:
        approver = _approver(kind, person)
        if approver is not None and approver.pk != person.pk and approver not in chain:
            chain.append(approver)
    return chain


# --- flags ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    unit: Unit
    day: date
    message: str


def _unit_flags(
    unit: Unit, day: date, leaders: list[Person], away_ids: set[int], share: Fraction | None = None
) -> list[str]:
    if not leaders:
        return []
    messages: list[str] = []
    head = leaders[0]
    away_deputies = [p for p in leaders[1:] if p.pk in away_ids]
    if head.pk in away_ids and away_deputies:
        names = "、".join(p.name for p in away_deputies)
        messages.append(f"{unit.name}正职{head.name}与副职{names}同时不在岗")
    away_count = sum(1 for p in leaders if p.pk in away_ids)
    share = share if share is not None else away_share()
    # "At once": one leader of a one-leader unit away is no flag; two or more beyond the share are.
    if away_count >= 2 and Fraction(away_count, len(leaders)) > share:
        messages.append(f"{unit.name}领导{len(leaders)}人中{away_count}人不在岗，超过{_share_label(share)}")
    return messages


def _share_label(share: Fraction) -> str:
    return "半数" if share == Fraction(1, 2) else f"{share.numerator}/{share.denominator}"


def flags_if_filed(
    person: Person,
    starts_on: date,
    ends_on: date,
    *,
    exclude_id: int | None = None,
) -> list[Flag]:
    """The flags that would stand on any day of the span if `person` were away then too."""
    leaders = unit_leaders(person.unit_id)
    if person.pk not in {p.pk for p in leaders}:
        return []
    others = _active_covering(starts_on, ends_on).filter(person__in=[p.pk for p in leaders])
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    rows = list(others.values_list("person_id", "starts_on", "ends_on"))
    found: list[Flag] = []
    seen: set[str] = set()
    day = starts_on
    while day <= ends_on:
        away_ids = {pid for pid, first, last in rows if first <= day <= last} | {person.pk}
        for message in _unit_flags(person.unit, day, leaders, away_ids):
            if message not in seen:
                seen.add(message)
                found.append(Flag(person.unit, day, message))
        day += timedelta(days=1)
    return found


# --- filing --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceFields:
    person: Person | None
    kind: str
    starts_on: date | None
    starts_half: str
    ends_on: date | None
    ends_half: str
    destination: str
    reason: str
    phone: str
    stand_in: Person | None
    confirm_flags: bool = False


def may_file_for(by: Actor, person: Person) -> bool:
    """A leader files for himself; a person of his unit (the unit's office staff) files for him."""
    me = getattr(by, "person_or_none", None)
    return me is not None and (me.pk == person.pk or me.unit_id == person.unit_id)


def _check(fields: AbsenceFields, by: Actor, *, now: datetime) -> tuple[Person, date, date, list[Flag]]:
    person = fields.person or getattr(by, "person_or_none", None)
    if person is None:
        raise ServiceError("请选择报备的领导", code="person_required", field="person")
    if not person.is_leader:
        raise ServiceError(f"{person.name}不是领导干部，无需报备", code="not_a_leader", field="person")
    if not may_file_for(by, person):
        raise ServiceError("只能为本人或本单位领导报备", code="not_own_unit", field="person")
    if fields.kind not in AbsenceKind.values:
        raise ServiceError("请选择请假或外出", code="kind_required", field="kind")
    if fields.starts_on is None:
        raise ServiceError("请填写开始日期", code="starts_on_required", field="starts_on")
    if fields.ends_on is None:
        raise ServiceError("请填写结束日期", code="ends_on_required", field="ends_on")
    for name, half in (("starts_half", fields.starts_half), ("ends_half", fields.ends_half)):
        if half not in HalfDay.values:
            raise ServiceError("请选择上午或下午", code="bad_half_day", field=name)
    start = half_index(fields.starts_on, fields.starts_half)
    end = half_index(fields.ends_on, fields.ends_half)
    if end < start:
        raise ServiceError("结束时间早于开始时间", code="ends_before_start", field="ends_on")
    if fields.ends_on - fields.starts_on > timedelta(days=MAX_SPAN_DAYS):
        raise ServiceError("一次报备不能超过一年", code="too_long_span", field="ends_on")
    if not fields.reason:
        raise ServiceError("请填写事由", code="reason_required", field="reason")
    if not fields.phone:
        raise ServiceError("请填写外出期间的联系电话", code="phone_required", field="phone")
    if fields.kind == AbsenceKind.TRAVEL and not fields.destination:
        raise ServiceError("请填写外出去向", code="destination_required", field="destination")
    own = [a for a in away_between(person, fields.starts_on, fields.ends_on) if _overlaps(a, start, end)]
    if own:
        raise ServiceError(
            f"与{person.name}已报备的{own[0].get_kind_display()}（{span_label(own[0])}）时间重叠",
            code="overlaps_own_leave",
            field="starts_on",
        )
    shift = (
        DutyShift.objects.filter(person=person, day__gte=fields.starts_on, day__lte=fields.ends_on)
        .select_related("unit")
        .order_by("day")
        .first()
    )
    if shift is not None:
        raise ServiceError(
            f"{person.name}{shift.day.month}月{shift.day.day}日在{shift.unit.name}值班表上，"
            "不能请假占用值班日，请先调班",
            code="on_duty_roster",
            field="starts_on",
        )
    stand_in = fields.stand_in
    if stand_in is None:
        raise ServiceError("请选择主持（代理）工作的人", code="stand_in_required", field="stand_in")
    if stand_in.pk == person.pk:
        raise ServiceError("代理人不能是本人", code="stand_in_self", field="stand_in")
    theirs = [a for a in away_between(stand_in, fields.starts_on, fields.ends_on) if _overlaps(a, start, end)]
    if theirs:
        raise ServiceError(
            f"代理人{stand_in.name}在此期间也不在岗（{theirs[0].get_kind_display()}，{span_label(theirs[0])}）",
            code="stand_in_away",
            field="stand_in",
        )
    flags = flags_if_filed(person, fields.starts_on, fields.ends_on)
    if flags and not fields.confirm_flags:
        raise ServiceError(
            "；".join(flag.message for flag in flags) + "。请确认后再报备",
            code="flags_unconfirmed",
            field="confirm_flags",
        )
    return person, fields.starts_on, fields.ends_on, flags


def absence_url(absence: Absence) -> str:
    return reverse("duty:absence", args=[absence.pk])


def _audit(absence: Absence, *, by: Actor, action: str, **details: Any) -> None:
    audit_record(actor=by, action=f"duty.absence.{action}", target=absence, details=details)


def absence_file(*, by: Actor, fields: AbsenceFields, now: datetime | None = None) -> Absence:
    """报备: checked, saved as 待审批 and sent up the chain of the person's rank, in one transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two filings for one person at once: the second waits for the first and then sees its overlap.
        if fields.person is not None:
            Person.objects.select_for_update().filter(pk=fields.person.pk).first()
        person, starts_on, ends_on, flags = _check(fields, by, now=now)
        chain = approval_chain(person)
        if not chain:
            raise ServiceError(f"找不到{person.name}的审批人", code="no_approver", field="person")
        absence = Absence.objects.create(
            person=person,
            kind=fields.kind,
            starts_on=starts_on,
            starts_half=fields.starts_half,
            ends_on=ends_on,
            ends_half=fields.ends_half,
            destination=fields.destination,
            reason=fields.reason,
            phone=fields.phone,
            stand_in=fields.stand_in,
            filed_by=by,
            filed_at=now,
        )
        absence.workflow = workflow_start(
            subject=absence,
            title=f"{person.name}{absence.get_kind_display()}报备（{span_label(absence)}）",
            kind=WORKFLOW_KIND,
            stages=[[StepSpec(StepKind.APPROVAL, approver, APPROVAL_WORKDAYS)] for approver in chain],
            by=by,
        )
        absence.save(update_fields=["workflow"])
        _audit(
            absence,
            by=by,
            action="file",
            person=person.pk,
            chain=[p.pk for p in chain],
            flags=[flag.message for flag in flags],
        )
    return absence


def _locked(absence: Absence, version: int | None) -> Absence:
    return lock_at_version(
        Absence.objects.all(), absence.pk, version, changed="该报备已被他人办理，请刷新后重试"
    )


def _bump(absence: Absence, *names: str) -> None:
    absence.version += 1
    absence.save(update_fields=[*names, "version"])


def _tell(absence: Absence, *, kind: str, title: str, body: str = "", key: str) -> None:
    recipients = {absence.filed_by_id: absence.filed_by}
    recipients.setdefault(absence.person.user_id, absence.person.user)
    for user in recipients.values():
        notify(
            recipient=user,
            about=absence,
            kind=kind,
            title=title,
            body=body,
            link=absence_url(absence),
            dedupe_key=f"{key}.{user.pk}",
        )


def absence_approve(*, absence: Absence, by: Actor, opinion: str = "", version: int | None = None) -> Absence:
    """批准: the approver's step; the chain's last approval makes it 已批准 (the hook)."""
    with transaction.atomic():
        absence = _locked(absence, version)
        ABSENCE_RULES.require(AbsenceAction.APPROVE, by, absence)
        step = open_step(absence, by)
        assert step is not None
        step_approve(step=step, by=by, opinion=(opinion or "").strip()[:500])
    return Absence.objects.get(pk=absence.pk)


def absence_refuse(*, absence: Absence, by: Actor, reason: str, version: int | None = None) -> Absence:
    """不予批准, with a reason: the step is returned and the absence 未批准 (the hook)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        absence = _locked(absence, version)
        ABSENCE_RULES.require(AbsenceAction.REFUSE, by, absence)
        if not reason:
            raise ServiceError("请填写不予批准的理由", code="reason_required", field="reason")
        step = open_step(absence, by)
        assert step is not None
        step_return(step=step, by=by, reason=reason[:500])
    return Absence.objects.get(pk=absence.pk)


def absence_withdraw(*, absence: Absence, by: Actor, version: int | None = None) -> Absence:
    """撤回 a pending filing: its chain is cancelled (the hook marks it 已撤回)."""
    with transaction.atomic():
        absence = _locked(absence, version)
        ABSENCE_RULES.require(AbsenceAction.WITHDRAW, by, absence)
        assert absence.workflow is not None
        workflow_cancel(workflow=absence.workflow, by=by, reason="报备人撤回")
    return Absence.objects.get(pk=absence.pk)


def absence_close(
    *, absence: Absence, by: Actor, now: datetime | None = None, version: int | None = None
) -> Absence:
    """销假: the person is back (he or his unit's staff say so), at `now`."""
    now = now or timezone.now()
    with transaction.atomic():
        absence = _locked(absence, version)
        ABSENCE_RULES.require(AbsenceAction.CLOSE, by, absence)
        absence.state = AbsenceState.RETURNED
        absence.returned_at = now
        _bump(absence, "state", "returned_at")
        _audit(absence, by=by, action="close", returned_at=now.isoformat())
    return absence


# --- the workflow's hooks -------------------------------------------------------------------------------------


def _subject(outcome: WorkflowOutcome) -> Absence | None:
    absence = Absence.objects.select_for_update().filter(pk=outcome.workflow.object_id).first()
    if absence is None or absence.workflow_id != outcome.workflow.pk or absence.state != AbsenceState.PENDING:
        return None
    return absence


def _approved(outcome: WorkflowOutcome) -> None:
    absence = _subject(outcome)
    if absence is None:
        return
    absence.state = AbsenceState.APPROVED
    _bump(absence, "state")
    _audit(absence, by=outcome.by, action="approve", opinion=outcome.opinion)
    _tell(
        absence,
        kind="duty.absence.approved",
        title=f"{absence.person.name}{absence.get_kind_display()}报备已批准",
        body=outcome.opinion,
        key=f"duty.absence.{absence.pk}.approved",
    )


def _returned(outcome: WorkflowOutcome) -> None:
    absence = _subject(outcome)
    if absence is None:
        return
    absence.state = AbsenceState.REFUSED
    _bump(absence, "state")
    _audit(absence, by=outcome.by, action="refuse", reason=outcome.reason)
    _tell(
        absence,
        kind="duty.absence.refused",
        title=f"{absence.person.name}{absence.get_kind_display()}报备未批准",
        body=outcome.reason,
        key=f"duty.absence.{absence.pk}.refused",
    )


def _resubmitted(outcome: WorkflowOutcome) -> None:
    raise ServiceError("未批准的报备不能重新提交，请重新填写报备", code="file_again")


def _cancelled(outcome: WorkflowOutcome) -> None:
    absence = _subject(outcome)
    if absence is None:
        return
    absence.state = AbsenceState.WITHDRAWN
    _bump(absence, "state")
    _audit(absence, by=outcome.by, action="withdraw")


# --- who may see what -------------------------------------------------------------------------------------------


def sees_all(viewer: Any) -> bool:
    """The county office's duty room (its 值班员 and the office director: `is_county_duty_room`) and the
    leaders see every unit's absences; everyone else, a bureau's own 值班员 too, his own unit's."""
    v = viewer if isinstance(viewer, Viewer) else viewer_of(viewer)
    return v.has_role(Role.LEADER) or is_county_duty_room(v)


def sees_destinations(viewer: Any) -> bool:
    """Where a leader went: the duty room and the leaders; others read 外出/请假 and the dates."""
    return sees_all(viewer)


def _scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    if action == Action.VIEW and sees_all(viewer):
        return Q()
    if action == Action.VIEW:
        return Q(person__unit_id=viewer.unit_id or 0) | Q(stand_in_id=viewer.person_id or 0)
    rule = Q(person_id=viewer.person_id or 0) | Q(person__unit_id=viewer.unit_id or 0)
    if any(viewer.has_role(role) for role in DUTY_ROOM_ROLES):
        return Q()
    return rule


# --- the board ------------------------------------------------------------------------------------------------


@dataclass
class BoardRow:
    """One absence on the board, read as plain values (no model instances: the board must stay fast)."""

    pk: int
    person_id: int
    name: str
    title: str
    rank: str
    kind: str
    destination: str
    starts_on: date
    starts_half: str
    ends_on: date
    ends_half: str
    stand_in: str
    phone: str
    state: str
    overdue: bool  # past its last day and not 销假
    away_until: date  # its last day, or the board's day while it is overdue
    sort_key: tuple[int, int, int]

    @property
    def rank_label(self) -> str:
        return RANK_LABELS[self.rank]

    @property
    def kind_label(self) -> str:
        return str(AbsenceKind(self.kind).label)

    @property
    def state_label(self) -> str:
        return str(AbsenceState(self.state).label)

    @property
    def span(self) -> str:
        return (
            f"{self.starts_on.month}月{self.starts_on.day}日{HalfDay(self.starts_half).label}至"
            f"{self.ends_on.month}月{self.ends_on.day}日{HalfDay(self.ends_half).label}"
        )


@dataclass
class BoardUnit:
    unit_id: int
    unit_name: str
    county: bool
    sort_order: int
    rows: list[BoardRow] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class Board:
    day: date
    monday: date
    sunday: date
    today: list[BoardUnit]
    week: list[BoardUnit]
    show_destinations: bool

    @property
    def flags(self) -> list[str]:
        seen: list[str] = []
        for group in (*self.today, *self.week):
            for message in group.flags:
                if message not in seen:
                    seen.append(message)
        return seen


_BOARD_FIELDS = (
    "pk",
    "person_id",
    "person__name",
    "person__title",
    "person__leader_rank",
    "person__sort_order",
    "person__unit_id",
    "person__unit__name",
    "person__unit__kind",
    "person__unit__code",
    "person__unit__sort_order",
    "kind",
    "destination",
    "starts_on",
    "starts_half",
    "ends_on",
    "ends_half",
    "stand_in__name",
    "phone",
    "state",
)


class _Named:
    """What `_unit_flags` reads of a unit or a person: a name and an id (no model instances: the board must
    stay fast)."""

    __slots__ = ("name", "pk")

    def __init__(self, pk: int, name: str) -> None:
        self.pk, self.name = pk, name


def _week_flags(
    group: BoardUnit, leaders: list[_Named], first: date, last: date, day: date, share: Fraction
) -> tuple[list[str], list[str]]:
    """The unit's flags over first..last and on `day` (within them), one pass over the days. Both flags need
    two leaders away at once, so a unit with fewer than two people away that week has none (no loop at all)."""
    if len(leaders) < 2 or len({r.person_id for r in group.rows}) < 2:
        return [], []
    unit = _Named(group.unit_id, group.unit_name)
    spans = [(r.person_id, r.starts_on, r.away_until) for r in group.rows]
    week: list[str] = []
    on_day: list[str] = []
    d = first
    while d <= last:
        away_ids = {pid for pid, begin, until in spans if begin <= d <= until}
        if len(away_ids) >= 2:
            messages = _unit_flags(unit, d, leaders, away_ids, share)  # type: ignore[arg-type]
            week.extend(m for m in messages if m not in week)
            if d == day:
                on_day = messages
        d += timedelta(days=1)
    return week, on_day


def _leaders_by_unit(absences: QuerySet[Absence]) -> dict[int, list[_Named]]:
    """The active leaders of the units with someone on the board, by unit, head first: one query, the units
    read by the database from the board's own query (no list of ids sent back and forth)."""
    leaders: dict[int, list[_Named]] = defaultdict(list)
    rows = (
        Person.objects.filter(
            unit_id__in=absences.values("person__unit_id"), is_leader=True, user__is_active=True
        )
        .order_by(F("leader_rank").asc(nulls_last=True), "sort_order", "id")
        .values_list("unit_id", "id", "name")
    )
    for unit_id, person_id, name in rows:
        leaders[unit_id].append(_Named(person_id, name))
    return leaders


def away_board(viewer: Any, day: date) -> Board:
    """Who is away on `day` and in its week (Monday to Sunday), by unit and rank, with the flags: two indexed
    queries read as plain values (the week's absences with their people and units; those units' leaders); an
    approved absence past its last day and not 销假 stays on the board, marked overdue. Flags are looked for
    only in the units with two or more people away that week, over the week's days once (today's are the
    day's of them)."""
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    # Not 销假 after its last day: on the board (overdue) for ZHONGSHU_DUTY_OVERDUE_DAYS days after it (the
    # daily reminder goes on regardless), so years of forgotten filings do not fill the board.
    oldest_late = day - timedelta(days=overdue_days())
    overdue = Q(state=AbsenceState.APPROVED, ends_on__lt=day, ends_on__gte=oldest_late)
    # A filing spans at most MAX_SPAN_DAYS (`_check`), so one covering the week started at most that long before
    # its Monday: the bound makes the first day a range on the (state, starts_on, ends_on) index.
    earliest = monday - timedelta(days=MAX_SPAN_DAYS)
    queryset = Absence.objects.filter(
        Q(state__in=ACTIVE, starts_on__gte=earliest, starts_on__lte=sunday, ends_on__gte=monday) | overdue
    )
    v = viewer if isinstance(viewer, Viewer) else viewer_of(viewer)
    show = sees_all(v)
    if not show:
        queryset = queryset.filter(person__unit_id=v.unit_id or 0)
    leaders = _leaders_by_unit(queryset)
    county_codes = _county_unit_codes()
    share = away_share()
    approved = AbsenceState.APPROVED
    groups: dict[int, BoardUnit] = {}
    heads: dict[int, int | None] = {}
    for values in queryset.order_by("starts_on", "id").values_list(*_BOARD_FIELDS):
        (pk, person_id, name, title, rank, sort, unit_id, unit_name, unit_kind, unit_code, unit_sort) = (
            values[:11]
        )
        kind, destination, starts_on, starts_half, ends_on, ends_half, stand_in, phone, state = values[11:]
        late = state == approved and oldest_late <= ends_on < day
        group = groups.get(unit_id)
        if group is None:
            county = unit_kind in COUNTY_KINDS or unit_code in county_codes
            group = groups[unit_id] = BoardUnit(unit_id, unit_name, county, unit_sort)
            unit_leaders_ = leaders.get(unit_id)
            heads[unit_id] = unit_leaders_[0].pk if unit_leaders_ else None
        group.rows.append(
            BoardRow(
                pk,
                person_id,
                name,
                title,
                COUNTY if group.county else (HEAD if person_id == heads[unit_id] else DEPUTY),
                kind,
                destination if show else "",
                starts_on,
                starts_half,
                ends_on,
                ends_half,
                stand_in or "",
                phone,
                state,
                late,
                max(ends_on, day) if late else ends_on,
                (rank if rank is not None else 10**9, sort, person_id),
            )
        )
    week: list[BoardUnit] = []
    today: list[BoardUnit] = []
    for group in sorted(groups.values(), key=lambda g: (not g.county, g.sort_order, g.unit_id)):
        group.rows.sort(key=lambda r: (r.sort_key, r.starts_on))
        group.flags, day_flags = _week_flags(
            group, leaders.get(group.unit_id, []), monday, sunday, day, share
        )
        week.append(group)
        on_day = [r for r in group.rows if r.starts_on <= day <= r.away_until]
        if on_day:
            today_group = BoardUnit(group.unit_id, group.unit_name, group.county, group.sort_order, on_day)
            today_group.flags = day_flags
            today.append(today_group)
    return Board(day, monday, sunday, today, week, show)


def my_filings(viewer: Actor) -> list[Absence]:
    """The viewer's own absences and those he filed for others, newest first."""
    me = getattr(viewer, "person_or_none", None)
    rule = Q(filed_by=viewer)
    if me is not None:
        rule |= Q(person=me)
    return list(
        Absence.objects.filter(rule).select_related("person", "stand_in").order_by("-starts_on", "-id")[:200]
    )


# --- the reminder -----------------------------------------------------------------------------------------------


def unreturned_reminders(now: datetime | None = None) -> int:
    """One reminder a day to the person and the filer of each approved absence past its last day and not 销假
    (the outbox's dedupe key carries the day, so a second run that day sends nothing)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    overdue = Absence.objects.filter(state=AbsenceState.APPROVED, ends_on__lt=today).select_related(
        "person__user", "filed_by"
    )
    for absence in overdue:
        recipients = {absence.person.user_id: absence.person.user, absence.filed_by_id: absence.filed_by}
        for user in recipients.values():
            message = notify(
                recipient=user,
                about=absence,
                kind="duty.absence.unreturned",
                title=f"请销假：{absence.person.name}{absence.get_kind_display()}已于"
                f"{absence.ends_on.month}月{absence.ends_on.day}日结束",
                body=span_label(absence),
                link=absence_url(absence),
                dedupe_key=f"duty.absence.{absence.pk}.unreturned.{today.isoformat()}.{user.pk}",
            )
            sent += message is not None
    return sent


def unreturned_tick() -> int:
    return unreturned_reminders()


def register() -> None:
    register_scope(Absence, _scope)
    register_subject(
        Absence,
        SubjectHooks(
            on_approved=_approved, on_returned=_returned, on_resubmitted=_resubmitted, on_cancelled=_cancelled
        ),
    )
