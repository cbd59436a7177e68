"""Which steps a viewer may record on a secondment now (the page offers these, the API returns them, the services
require them). The secrecy office records every step, in order: vetting → training → pledge → (in post) →
reminder talk → hand-over. The host liaison may open and end the secondee's access while in post. Nothing is
recorded once the cooling-off management has been handed over."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.secrecy import secondees
from zhongshu.secrecy.models_secondees import Secondment, StepKind
from zhongshu.secrecy.roles import keeps_ledger

# The steps recorded through secondees.secondment_record_step (the hand-over and the liaison have their own).
STEP_KINDS = (StepKind.VETTING, StepKind.TRAINING, StepKind.PLEDGE, StepKind.REMINDER_TALK)


def _keeper(viewer: Any, secondment: Secondment) -> Refusal | None:
    if not keeps_ledger(viewer):
        return not_allowed("只有保密办可以登记跟班学习人员手续", "not_allowed")
    return None


def _liaison_or_keeper(viewer: Any, secondment: Secondment) -> Refusal | None:
    person = getattr(viewer, "person_or_none", None)
    if keeps_ledger(viewer) or (person is not None and person.pk == secondment.liaison_id):
        return None
    return not_allowed("只有保密办或跟班处室的保密联络员可以办理知悉范围", "not_allowed")


def _open(secondment: Secondment, steps: dict[str, Any]) -> Refusal | None:
    if StepKind.HANDOVER in steps:
        return not_now("已移交脱密期管理，该跟班学习手续已办结", "handed_over")
    return None


def _before(previous: StepKind | None, kind: StepKind) -> Any:
    def rule(viewer: Any, secondment: Secondment) -> Refusal | None:
        steps = secondees.steps_by_kind(secondment)
        refusal = _keeper(viewer, secondment) or _open(secondment, steps)
        if refusal is not None:
            return refusal
        if kind in steps:
            return not_now(f"{kind.label}已经登记", "already_recorded")
        if previous is not None and previous not in steps:
            return not_now(f"请先登记{previous.label}，再登记{kind.label}", "out_of_order")
        return None

    return rule


def _in_post(secondment: Secondment, steps: dict[str, Any]) -> Refusal | None:
    """Open only once the secondee has started: the steps before the start done and the start date come."""
    if not secondees.pre_steps_done(steps):
        missing = "、".join(StepKind(kind).label for kind in secondees.BEFORE if kind not in steps)
        return not_now(f"跟班学习人员尚未上岗（未完成：{missing}）", "not_started")
    if timezone.localdate() < secondment.starts_on:
        return not_now(f"跟班学习尚未开始（{secondment.starts_on:%Y年%m月%d日}开始）", "not_started")
    return None


def _reminder_talk(viewer: Any, secondment: Secondment) -> Refusal | None:
    steps = secondees.steps_by_kind(secondment)
    refusal = _keeper(viewer, secondment) or _open(secondment, steps) or _in_post(secondment, steps)
    if refusal is not None:
        return refusal
    if StepKind.REMINDER_TALK in steps:
        return not_now("离岗提醒谈话已经登记", "already_recorded")
    return None


def _handover(viewer: Any, secondment: Secondment) -> Refusal | None:
    steps = secondees.steps_by_kind(secondment)
    refusal = _keeper(viewer, secondment) or _open(secondment, steps) or _in_post(secondment, steps)
    if refusal is not None:
        return refusal
    if StepKind.REMINDER_TALK not in steps:
        return not_now("请先进行离岗提醒谈话，再办理脱密期委托管理手续", "out_of_order")
    return None


def _liaison(viewer: Any, secondment: Secondment) -> Refusal | None:
    return _keeper(viewer, secondment) or _open(secondment, secondees.steps_by_kind(secondment))


def _open_access(viewer: Any, secondment: Secondment) -> Refusal | None:
    steps = secondees.steps_by_kind(secondment)
    refusal = (
        _liaison_or_keeper(viewer, secondment) or _open(secondment, steps) or _in_post(secondment, steps)
    )
    if refusal is not None:
        return refusal
    if timezone.localdate() > secondment.ends_on:
        return not_now("跟班学习已结束，不能再开通知悉范围", "ended")
    return None


def _end_access(viewer: Any, secondment: Secondment) -> Refusal | None:
    refusal = _liaison_or_keeper(viewer, secondment)
    if refusal is not None:
        return refusal
    if not secondees.has_live_access(secondment):
        return not_now("没有有效的知悉范围", "no_live_access")
    return None


def who_may(what: str, viewer: Any, secondment: Secondment) -> Refusal | None:
    """Who may ask for `what` at all (before the input is read): the steps, the liaison and the hand-over are the
    secrecy office's; access the office's or the host liaison's."""
    if what == "access":
        return _liaison_or_keeper(viewer, secondment)
    return _keeper(viewer, secondment)


RULES: ActionRules[Secondment] = ActionRules(
    noun="跟班学习",
    rules={
        StepKind.VETTING.value: _before(None, StepKind.VETTING),
        StepKind.TRAINING.value: _before(StepKind.VETTING, StepKind.TRAINING),
        StepKind.PLEDGE.value: _before(StepKind.TRAINING, StepKind.PLEDGE),
        StepKind.REMINDER_TALK.value: _reminder_talk,
        "handover": _handover,
        "liaison": _liaison,
        "open_access": _open_access,
        "end_access": _end_access,
    },
)
