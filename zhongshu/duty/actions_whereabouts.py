"""Which actions a person may take on an absence (请假外出报备) now: the page offers them, the API lists them,
the services require them (core.actions)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.duty.models import Absence, AbsenceState
from zhongshu.workflow.models import Step
from zhongshu.workflow.states import StepState


class AbsenceAction(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"
    CLOSE = "close"


def open_step(absence: Absence, viewer: Any) -> Step | None:
    """The viewer's open approval step on the absence's chain, if he holds one."""
    if absence.workflow_id is None or not getattr(viewer, "pk", None):
        return None
    return (
        Step.objects.filter(
            workflow_id=absence.workflow_id, state=StepState.OPEN, assignee__user_id=viewer.pk
        )
        .select_related("assignee")
        .first()
    )


def _person_id(viewer: Any) -> int | None:
    person = getattr(viewer, "person_or_none", None)
    return person.pk if person is not None else None


def _unit_id(viewer: Any) -> int | None:
    person = getattr(viewer, "person_or_none", None)
    return person.unit_id if person is not None else None


def _decide(viewer: Any, absence: Absence) -> Refusal | None:
    if absence.state != AbsenceState.PENDING:
        return not_now(f"该报备{absence.get_state_display()}，不能审批", "not_pending")
    if open_step(absence, viewer) is None:
        return not_allowed("只有当前审批人才能审批", "not_approver")
    return None


def _withdraw(viewer: Any, absence: Absence) -> Refusal | None:
    if absence.filed_by_id != getattr(viewer, "pk", None):
        return not_allowed("只有报备人才能撤回", "not_filer")
    if absence.state != AbsenceState.PENDING:
        return not_now(f"该报备{absence.get_state_display()}，不能撤回", "not_pending")
    return None


def _close(viewer: Any, absence: Absence) -> Refusal | None:
    person_id, unit_id = _person_id(viewer), _unit_id(viewer)
    if person_id is None or (person_id != absence.person_id and unit_id != absence.person.unit_id):
        return not_allowed("只有本人或本单位人员才能销假", "not_own_unit")
    if absence.state != AbsenceState.APPROVED:
        return not_now(f"该报备{absence.get_state_display()}，不能销假", "not_approved")
    return None


ABSENCE_RULES: ActionRules[Absence] = ActionRules(
    noun="请假外出报备",
    rules={
        AbsenceAction.APPROVE: _decide,
        AbsenceAction.REFUSE: _decide,
        AbsenceAction.CLOSE: _close,
        AbsenceAction.WITHDRAW: _withdraw,
    },
)

ACTION_LABELS = {
    AbsenceAction.APPROVE: "批准",
    AbsenceAction.REFUSE: "不予批准",
    AbsenceAction.CLOSE: "销假",
    AbsenceAction.WITHDRAW: "撤回",
}
