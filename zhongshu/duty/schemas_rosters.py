"""One input contract per action of the rosters part, read the same way by the pages' forms and the API
(core.inputs.Input): Chinese messages on the form, the English `code` in the API's errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.duty import rosters
from zhongshu.duty.actions_rosters import RULES
from zhongshu.duty.models import DutyEligibility, DutyRole, DutyRoster, DutyShift, SensitivePeriod
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


def _required_date(data: Input, name: str, label: str) -> date:
    value = data.date(name, label=label)
    if value is None:
        raise ServiceError(f"请填写{label}", code=f"{name}_required", field=name)
    return value


def _unit(data: Input, viewer: Any) -> Unit:
    unit = org_inputs.unit(data, "unit", viewer)
    if unit is None:
        raise ServiceError("请选择单位", code="unit_required", field="unit")
    return unit


def _person(data: Input, viewer: Any, label: str = "人员") -> Person:
    person = org_inputs.person(data, "person", viewer, label=label)
    if person is None:
        raise ServiceError(f"请选择{label}", code="person_required", field="person")
    return person


@dataclass(frozen=True)
class GenerateIn:
    """生成值班表: the unit, the first and last day, an optional title."""

    unit: Unit
    starts_on: date
    ends_on: date
    title: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> GenerateIn:
        return cls(
            unit=_unit(data, viewer),
            starts_on=_required_date(data, "starts_on", "开始日期"),
            ends_on=_required_date(data, "ends_on", "结束日期"),
            title=data.text("title", label="名称", max_length=100),
        )

    def apply(self, *, by: Actor) -> DutyRoster:
        return rosters.roster_generate(by, self.unit, self.starts_on, self.ends_on, title=self.title)


@dataclass(frozen=True)
class ReplaceIn:
    """换人: another eligible person on one shift of a draft."""

    shift: DutyShift
    person: Person
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, roster: DutyRoster) -> ReplaceIn:
        shift = data.record(
            "shift", DutyShift.objects.filter(roster=roster), label="班次", code="unknown_shift"
        )
        if shift is None:
            raise ServiceError("请选择班次", code="shift_required", field="shift")
        return cls(shift=shift, person=_person(data, viewer, "值班人员"), version=_version(data))

    def apply(self, *, by: Actor) -> Any:
        return rosters.shift_replace(by, self.shift.pk, self.person, version=self.version)


def roster_action(action: str, *, roster: DutyRoster, by: Actor, data: Input) -> Any:
    """Who and when first (RULES), then the input, then the service."""
    if action not in ("edit", "publish", "delete"):
        raise ServiceError("未知操作", code="unknown_action")
    RULES.require(action, by, roster)
    if action == "edit":
        return ReplaceIn.parse(data, by, roster).apply(by=by)
    version = _version(data)
    if action == "publish":
        return rosters.roster_publish(by, roster.pk, version=version)
    rosters.roster_delete(by, roster.pk, version=version)
    return None


# ---------------------------------------------------------------- configuration


def _role(data: Input) -> DutyRole:
    role = data.record("role", DutyRole.objects.all(), label="岗位", code="unknown_role")
    if role is None:
        raise ServiceError("请选择岗位", code="role_required", field="role")
    return role


def _add_role(data: Input, by: Actor) -> Any:
    return rosters.duty_role_add(
        by,
        data.text("code", label="岗位代码", max_length=32),
        data.text("name", label="岗位名称", max_length=30),
        leader=data.flag("is_leader_role", label="带班领导岗位"),
        required=data.flag("required_on_holidays", label="节假日必须有人"),
    )


def _add_eligibility(data: Input, by: Actor) -> Any:
    return rosters.eligibility_add(by, _unit(data, by), _role(data), _person(data, by))


def _set_active(data: Input, by: Actor) -> Any:
    row = data.record(
        "eligibility", DutyEligibility.objects.all(), label="轮值人员", code="unknown_eligibility"
    )
    if row is None:
        raise ServiceError("请选择轮值人员", code="eligibility_required", field="eligibility")
    return rosters.eligibility_set_active(by, row.pk, data.flag("active", label="参加轮值"))


def _set_point(data: Input, by: Actor) -> Any:
    return rosters.duty_point_set(
        by,
        _unit(data, by),
        data.text("phone", label="值班电话", max_length=40),
        place=data.text("place", label="值班地点", max_length=100),
        fax=data.text("fax", label="传真", max_length=40),
    )


def _add_period(data: Input, by: Actor) -> Any:
    return rosters.sensitive_period_add(
        by,
        data.text("name", label="名称", max_length=60),
        _required_date(data, "starts_on", "开始日期"),
        _required_date(data, "ends_on", "结束日期"),
    )


def _delete_period(data: Input, by: Actor) -> Any:
    period = data.record("period", SensitivePeriod.objects.all(), label="敏感时期", code="unknown_period")
    if period is None:
        raise ServiceError("请选择敏感时期", code="period_required", field="period")
    rosters.sensitive_period_delete(by, period.pk)
    return None


CONFIG_ACTIONS: dict[str, Callable[[Input, Actor], Any]] = {
    "role": _add_role,
    "eligibility": _add_eligibility,
    "eligibility_active": _set_active,
    "duty_point": _set_point,
    "sensitive_period": _add_period,
    "sensitive_period_delete": _delete_period,
}


def config_action(action: str, *, by: Actor, data: Input) -> Any:
    step = CONFIG_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    return step(data, by)
