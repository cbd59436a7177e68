"""换班: the person on a shift (or the county duty room for him) asks to hand it to another person eligible
for the role in that unit; the unit's duty manager approves or refuses on the workflow app.

Who decides (the unit's duty manager): in a unit that has an office director (the county office, whose duty
room keeps the county's duty) the office director; in any other unit its first-ranked leader (局长, 乡镇长);
failing both, the county office director. The chain is one approval step, so it shows in the approver's 待办
and on the workflow's pages; whichever page decides it, the workflow's hooks below move the swap.

Refused with a clear message and nothing saved: a shift already begun or past, the same person, someone not
eligible for the role in the unit, someone away that day (an absence pending or approved covering it), someone
on duty at an overlapping time, a second pending swap of one shift. Approval checks again under the shift's
lock (the world may have moved since the request) and moves the shift to the new person.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.duty.actions_swaps import SWAP_RULES, SwapAction, open_step
from zhongshu.duty.models import (
    Absence,
    DutyEligibility,
    DutyShift,
    ShiftSwap,
    SwapState,
)
from zhongshu.duty.on_duty import is_on_duty
from zhongshu.duty.roles import is_county_duty_room
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit
from zhongshu.workflow.services import StepSpec, step_approve, step_return, workflow_cancel, workflow_start
from zhongshu.workflow.states import StepKind
from zhongshu.workflow.subjects import SubjectHooks, WorkflowOutcome, register_subject

WORKFLOW_KIND = "duty_swap"
REASON_MAX = 200


def swap_url(swap: ShiftSwap) -> str:
    return reverse("duty:swap", args=[swap.pk])


# --- who ---------------------------------------------------------------------------------------------------


def swap_approver(unit: Unit | int) -> Person | None:
    """The unit's duty manager (see the module's docstring)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    active = Person.objects.filter(user__is_active=True).select_related("user")
    director = (
        active.filter(unit_id=unit_id, user__groups__name=Role.OFFICE_DIRECTOR.value).order_by("id").first()
    )
    if director is not None:
        return director
    leader = (
        active.filter(unit_id=unit_id, is_leader=True).order_by("leader_rank", "sort_order", "id").first()
    )
    if leader is not None:
        return leader
    return active.filter(user__groups__name=Role.OFFICE_DIRECTOR.value).order_by("id").first()


def may_request(viewer: Any, shift: DutyShift) -> bool:
    """The person on the shift, or the county duty room for him."""
    person = getattr(viewer, "person_or_none", None)
    if person is None:
        return False
    return person.pk == shift.person_id or is_county_duty_room(viewer)


def away_on(person_id: int, day: date) -> Absence | None:
    """An absence pending or approved covering any half of `day`: the whereabouts part's rule, asked there."""
    from zhongshu.duty.whereabouts import away_on as absence_covering

    return absence_covering(person_id, day)


def eligible_people(shift: DutyShift) -> list[Person]:
    """Who may stand the shift's role in its unit (the rotation's active people), besides its holder."""
    ids = DutyEligibility.objects.filter(unit_id=shift.unit_id, role_id=shift.role_id, active=True).values(
        "person_id"
    )
    return list(Person.objects.filter(pk__in=ids).exclude(pk=shift.person_id).order_by("sort_order", "id"))


# --- checks ------------------------------------------------------------------------------------------------


def check_swap(shift: DutyShift, to_person: Person, *, now: datetime) -> None:
    """Why `to_person` may not take `shift` now, as a ServiceError; silent when he may."""
    if shift.starts_at <= now:
        raise ServiceError("该班次已开始或已结束，不能换班", code="shift_past", field="shift")
    if to_person.pk == shift.person_id:
        raise ServiceError("替班人员不能是原值班人员本人", code="same_person", field="to_person")
    eligible = DutyEligibility.objects.filter(
        unit_id=shift.unit_id, role_id=shift.role_id, person=to_person, active=True
    ).exists()
    if not eligible:
        raise ServiceError(
            f"{to_person.name}不在本单位{shift.role.name}的轮值人员中，不能替班",
            code="not_eligible",
            field="to_person",
        )
    absence = away_on(to_person.pk, shift.day)
    if absence is not None:
        raise ServiceError(
            f"{to_person.name}{shift.day.month}月{shift.day.day}日{absence.get_kind_display()}"
            f"（{absence.get_state_display()}），不能替班",
            code="person_away",
            field="to_person",
        )
    if is_on_duty(to_person.pk, shift.starts_at, shift.ends_at, exclude_shift=shift.pk):
        raise ServiceError(
            f"{to_person.name}在该时段已有值班，不能替班", code="person_on_duty", field="to_person"
        )


def _reason(reason: str, *, label: str, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ServiceError(f"请填写{label}", code="reason_required", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"{label}不能超过{REASON_MAX}字", code="too_long", field="reason")
    return reason


def _audit(swap: ShiftSwap, *, by: Any, action: str, **details: Any) -> None:
    audit_record(
        actor=by,
        action=f"duty.swap.{action}",
        target=swap,
        details={"shift": swap.shift_id, "from": swap.from_person_id, "to": swap.to_person_id, **details},
    )


def _tell(swap: ShiftSwap, people: list[Any], *, kind: str, title: str, body: str = "") -> None:
    seen: set[int] = set()
    for user in people:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notify(
            recipient=user,
            about=swap,
            kind=kind,
            title=title,
            body=body,
            link=swap_url(swap),
            dedupe_key=f"{kind}.{swap.pk}.{user.pk}",
        )


def _describe(shift: DutyShift) -> str:
    return f"{shift.unit.name}{shift.day.month}月{shift.day.day}日{shift.role.name}"


# --- the services ------------------------------------------------------------------------------------------


def swap_request(
    *, shift: DutyShift, to_person: Person, reason: str, by: Actor, now: datetime | None = None
) -> ShiftSwap:
    """申请换班: checked, then one approval step for the unit's duty manager on the workflow app."""
    now = now or timezone.now()
    reason = _reason(reason, label="换班事由")
    with transaction.atomic():
        shift = (
            DutyShift.objects.select_for_update()
            .select_related("unit", "role", "person__user")
            .get(pk=shift.pk)
        )
        if not may_request(by, shift):
            from zhongshu.core.errors import Forbidden

            raise Forbidden("只有本班次的值班人员或值班室才能申请换班", code="not_on_shift")
        check_swap(shift, to_person, now=now)
        if ShiftSwap.objects.filter(shift=shift, state=SwapState.PENDING).exists():
            raise Conflict("该班次已有待审批的换班申请，请等审批或撤回后再申请", code="swap_pending")
        approver = swap_approver(shift.unit_id)
        if approver is None:
            raise ServiceError("本单位没有换班审批人（单位领导或办公室主任）", code="approver_required")
        swap = ShiftSwap.objects.create(
            shift=shift,
            from_person=shift.person,
            to_person=to_person,
            reason=reason,
            requested_by=by,
            requested_at=now,
        )
        swap.workflow = workflow_start(
            subject=swap,
            title=f"换班申请：{_describe(shift)} {shift.person.name}→{to_person.name}",
            kind=WORKFLOW_KIND,
            stages=[[StepSpec(StepKind.APPROVAL, approver, 1)]],
            by=by,
        )
        swap.save(update_fields=["workflow"])
        _audit(swap, by=by, action="request", approver=approver.pk)
        _tell(
            swap,
            [shift.person.user, to_person.user],
            kind="duty.swap_requested",
            title=f"换班申请：{_describe(shift)}由{shift.person.name}换给{to_person.name}",
            body=reason,
        )
    return swap


def _locked(swap: ShiftSwap, version: int | None) -> ShiftSwap:
    return lock_at_version(
        ShiftSwap.objects.all(), swap.pk, version, changed="该换班申请已被他人办理，请刷新后重试"
    )


def _bump(swap: ShiftSwap, *fields: str) -> None:
    swap.version += 1
    swap.save(update_fields=[*fields, "version"])


def swap_approve(*, swap: ShiftSwap, by: Actor, opinion: str = "", version: int | None = None) -> ShiftSwap:
    """同意: the approver's step is approved; the hook moves the shift."""
    with transaction.atomic():
        swap = _locked(swap, version)
        SWAP_RULES.require(SwapAction.APPROVE, by, swap)
        opinion = _reason(opinion, label="审批意见", required=False)
        step = open_step(swap, by)
        assert step is not None
        step_approve(step=step, by=by, opinion=opinion)
    return ShiftSwap.objects.get(pk=swap.pk)


def swap_refuse(*, swap: ShiftSwap, by: Actor, reason: str, version: int | None = None) -> ShiftSwap:
    """不同意, with the reason: the chain ends by returning the step; the hook marks the swap refused."""
    with transaction.atomic():
        swap = _locked(swap, version)
        SWAP_RULES.require(SwapAction.REFUSE, by, swap)
        reason = _reason(reason, label="不同意的理由")
        step = open_step(swap, by)
        assert step is not None
        step_return(step=step, by=by, reason=reason)
    return ShiftSwap.objects.get(pk=swap.pk)


def swap_withdraw(*, swap: ShiftSwap, by: Actor, reason: str = "", version: int | None = None) -> ShiftSwap:
    """撤回: the requester cancels the chain; the hook marks the swap withdrawn."""
    with transaction.atomic():
        swap = _locked(swap, version)
        SWAP_RULES.require(SwapAction.WITHDRAW, by, swap)
        reason = _reason(reason, label="撤回说明", required=False)
        assert swap.workflow is not None
        workflow_cancel(workflow=swap.workflow, by=by, reason=reason)
    return ShiftSwap.objects.get(pk=swap.pk)


# --- the workflow's hooks ----------------------------------------------------------------------------------


def _subject_of(outcome: WorkflowOutcome) -> ShiftSwap | None:
    swap = (
        ShiftSwap.objects.select_for_update()
        .select_related("shift__unit", "shift__role", "from_person__user", "to_person__user", "requested_by")
        .filter(pk=outcome.workflow.object_id)
        .first()
    )
    if swap is None or swap.workflow_id != outcome.workflow.pk or swap.state != SwapState.PENDING:
        return None
    return swap


def _decided(swap: ShiftSwap, outcome: WorkflowOutcome, state: str, note: str) -> None:
    swap.state = state
    swap.decided_by = outcome.by
    swap.decided_at = outcome.at
    swap.decision_note = note[:REASON_MAX]
    _bump(swap, "state", "decided_by", "decided_at", "decision_note")


def swap_workflow_approved(outcome: WorkflowOutcome) -> None:
    """The approval: checked again under the shift's lock, then the shift changes hands."""
    swap = _subject_of(outcome)
    if swap is None:
        return
    shift = DutyShift.objects.select_for_update().select_related("unit", "role").get(pk=swap.shift_id)
    if shift.person_id != swap.from_person_id:
        raise Conflict("该班次的值班人员已变动，不能按原申请换班", code="shift_changed")
    check_swap(shift, swap.to_person, now=outcome.at)
    shift.person = swap.to_person
    shift.save(update_fields=["person"])
    _decided(swap, outcome, SwapState.APPROVED, outcome.opinion)
    _audit(swap, by=outcome.by, action="approve")
    _tell(
        swap,
        [swap.requested_by, swap.from_person.user, swap.to_person.user],
        kind="duty.swap_approved",
        title=f"换班已同意：{_describe(shift)}由{swap.to_person.name}值班",
        body=outcome.opinion,
    )


def swap_workflow_returned(outcome: WorkflowOutcome) -> None:
    swap = _subject_of(outcome)
    if swap is None:
        return
    _decided(swap, outcome, SwapState.REFUSED, outcome.reason)
    _audit(swap, by=outcome.by, action="refuse")
    _tell(
        swap,
        [swap.requested_by, swap.from_person.user],
        kind="duty.swap_refused",
        title=f"换班未同意：{_describe(swap.shift)}",
        body=outcome.reason,
    )


def swap_workflow_resubmitted(outcome: WorkflowOutcome) -> None:
    raise ServiceError("换班申请未同意后请重新申请", code="resubmit_as_new_swap")


def swap_workflow_cancelled(outcome: WorkflowOutcome) -> None:
    swap = _subject_of(outcome)
    if swap is None:
        return
    swap.state = SwapState.WITHDRAWN
    _bump(swap, "state")
    _audit(swap, by=outcome.by, action="withdraw")
    _tell(
        swap,
        [swap.to_person.user],
        kind="duty.swap_withdrawn",
        title=f"换班申请已撤回：{_describe(swap.shift)}",
        body=outcome.reason,
    )


# --- reads -------------------------------------------------------------------------------------------------


def _swap_scope(viewer: Viewer, action: Action) -> Q | None:
    """The county duty room sees every swap; anyone else the swaps of his unit's shifts and his own."""
    if not viewer.is_business_person:
        return None
    if is_county_duty_room(viewer):
        return Q()
    person = viewer.person_id or 0
    return (
        Q(shift__unit_id=viewer.unit_id or 0)
        | Q(from_person_id=person)
        | Q(to_person_id=person)
        | Q(requested_by_id=viewer.user_id or 0)
    )


def register() -> None:
    register_scope(ShiftSwap, _swap_scope)
    register_subject(
        ShiftSwap,
        SubjectHooks(
            on_approved=swap_workflow_approved,
            on_returned=swap_workflow_returned,
            on_resubmitted=swap_workflow_resubmitted,
            on_cancelled=swap_workflow_cancelled,
        ),
    )
