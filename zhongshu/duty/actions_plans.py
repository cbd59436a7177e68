"""Which plans-part actions a viewer may take now (the pages offer these, the API returns them): on an incident
启用预案 and 办理步骤 (duty room), 记录批示 (a leader or the duty room) — after the 终报 too, as 补录 of what was
done before it; on a drill 记录演练
(duty room, once held, before its problems went to 整改) and 转为整改 (a supervisor or the office director, once
recorded with problems)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.duty.drills import may_rectify
from zhongshu.duty.incident_joints import may_record_instruction
from zhongshu.duty.models import Drill, Incident
from zhongshu.duty.plans import may_edit_plans


def _open(incident: Incident) -> Refusal | None:
    """Nothing refused by the state: after the 终报 the duty room still 补录 what was done before it (the
    services refuse a time after the 终报)."""
    return None


def _choose_plan(viewer: Any, incident: Incident) -> Refusal | None:
    if not may_edit_plans(viewer):
        return not_allowed("只有值班室人员可以启用预案", "not_allowed")
    return _open(incident)


def _tick_step(viewer: Any, incident: Incident) -> Refusal | None:
    if not may_edit_plans(viewer):
        return not_allowed("只有值班室人员可以记录处置步骤", "not_allowed")
    if incident.plan_id is None:
        return not_now("尚未启用预案", "no_plan")
    return _open(incident)


def _record_instruction(viewer: Any, incident: Incident) -> Refusal | None:
    if not may_record_instruction(viewer):
        return not_allowed("只有领导本人或值班室人员可以记录领导批示", "not_allowed")
    return _open(incident)


INCIDENT_RULES: ActionRules[Incident] = ActionRules(
    noun="突发事件",
    rules={"choose_plan": _choose_plan, "tick_step": _tick_step, "record_instruction": _record_instruction},
)


def _record(viewer: Any, drill: Drill) -> Refusal | None:
    if not may_edit_plans(viewer):
        return not_allowed("只有值班室人员和办公室主任可以记录演练", "not_allowed")
    if drill.held_on > timezone.localdate():
        return not_now("演练尚未举行，不能记录", "drill_not_held")
    if drill.rectification_at is not None:
        return not_now("问题已转为整改事项，不能再修改记录", "drill_rectified")
    return None


def _rectify(viewer: Any, drill: Drill) -> Refusal | None:
    if not may_rectify(viewer):
        return not_allowed("只有督查员或办公室主任可以将问题转为整改事项", "not_allowed")
    if drill.recorded_at is None:
        return not_now("演练尚未记录", "drill_not_recorded")
    if drill.rectification_at is not None:
        return not_now("问题已转为整改事项", "drill_already_rectified")
    if not drill.problems.exists():
        return not_now("演练未发现问题", "no_problems")
    return None


DRILL_RULES: ActionRules[Drill] = ActionRules(noun="应急演练", rules={"record": _record, "rectify": _rectify})
