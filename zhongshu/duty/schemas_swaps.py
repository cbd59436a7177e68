"""One input contract per action of the swaps part (换班, 报备), read the same way by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.duty import roster_calls, swaps
from zhongshu.duty.models import DutyShift, RosterCall, ShiftSwap
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


@dataclass(frozen=True)
class SwapRequestIn:
    shift: DutyShift
    to_person: Person
    reason: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, shift: DutyShift) -> SwapRequestIn:
        person = org_inputs.person(data, "to_person", viewer, label="替班人员")
        if person is None:
            raise ServiceError("请选择替班人员", code="to_person_required", field="to_person")
        return cls(shift=shift, to_person=person, reason=data.text("reason", label="换班事由"))

    def apply(self, *, by: Actor) -> ShiftSwap:
        return swaps.swap_request(shift=self.shift, to_person=self.to_person, reason=self.reason, by=by)


@dataclass(frozen=True)
class SwapDecisionIn:
    action: str
    text: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, action: str) -> SwapDecisionIn:
        name = "opinion" if action == "approve" else "reason"
        return cls(action=action, text=data.text(name, label="意见"), version=_version(data))

    def apply(self, *, swap: ShiftSwap, by: Actor) -> ShiftSwap:
        if self.action == "approve":
            return swaps.swap_approve(swap=swap, by=by, opinion=self.text, version=self.version)
        if self.action == "refuse":
            return swaps.swap_refuse(swap=swap, by=by, reason=self.text, version=self.version)
        if self.action == "withdraw":
            return swaps.swap_withdraw(swap=swap, by=by, reason=self.text, version=self.version)
        raise ServiceError("未知的操作", code="unknown_action")


SWAP_DONE = {"approve": "已同意换班", "refuse": "已不同意换班", "withdraw": "已撤回换班申请"}


@dataclass(frozen=True)
class CallIssueIn:
    title: str
    starts_on: date | None
    ends_on: date | None
    due_on: date | None
    units: list[Unit]

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CallIssueIn:
        return cls(
            title=data.text("title", label="通知名称"),
            starts_on=data.date("starts_on", label="值班开始日期"),
            ends_on=data.date("ends_on", label="值班结束日期"),
            due_on=data.date("due_on", label="报备截止日期"),
            units=org_inputs.units(data, "units", viewer, label="报备单位"),
        )

    def apply(self, *, by: Actor) -> RosterCall:
        return roster_calls.call_issue(
            title=self.title,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            due_on=self.due_on,
            units=self.units,
            by=by,
        )


@dataclass(frozen=True)
class CallFileIn:
    unit: Unit

    @classmethod
    def parse(cls, data: Input, viewer: Any, call: RosterCall) -> CallFileIn:
        unit = data.record("unit", call.units.all(), label="单位", code="unknown_unit")
        if unit is None:
            person = getattr(viewer, "person_or_none", None)
            if person is None:
                raise ServiceError("请选择报备单位", code="unit_required", field="unit")
            unit = person.unit
        return cls(unit=unit)

    def apply(self, *, call: RosterCall, by: Actor) -> Any:
        return roster_calls.roster_file(call=call, unit=self.unit, by=by)
