"""One input contract per action of the secondees part (登记, 登记手续, 更换保密联络员, 脱密期委托管理, 开通 and
收回知悉范围), read alike from the page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese
message, an English code and the field. People are chosen through the access policy (org.inputs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.inputs import INT_LIMIT, Input, max_length_of
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Department, Person
from zhongshu.org.offices import office_unit_ids
from zhongshu.secrecy import secondees
from zhongshu.secrecy.models_secondees import Secondment, SecondmentAccess, SecondmentStep

NEEDS_MOST = 2000


def office_departments() -> Any:
    return Department.objects.filter(unit_id__in=sorted(office_unit_ids()), is_active=True).order_by(
        "unit_id", "sort_order", "name"
    )


@dataclass(frozen=True)
class SecondmentIn:
    """登记跟班学习人员."""

    person: Person | None
    host_department: Department | None
    liaison: Person | None
    starts_on: date | None
    ends_on: date | None
    needs: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> SecondmentIn:
        return cls(
            person=org_inputs.person(data, "person", viewer, label="跟班学习人员"),
            host_department=data.record(
                "host_department", office_departments(), label="跟班处室", code="unknown_department"
            ),
            liaison=org_inputs.person(data, "liaison", viewer, label="保密联络员"),
            starts_on=data.date("starts_on", label="开始日期"),
            ends_on=data.date("ends_on", label="结束日期"),
            needs=data.text("needs", label="工作所需接触范围", max_length=NEEDS_MOST),
        )

    def create(self, *, by: Actor) -> Secondment:
        return secondees.secondment_create(
            by=by,
            person=self.person,
            host_department=self.host_department,
            liaison=self.liaison,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            needs=self.needs,
        )


@dataclass(frozen=True)
class StepIn:
    """登记派出单位审查、保密教育培训、签订保密承诺书或离岗提醒谈话."""

    kind: str
    done_on: date | None
    done_by: Person | None
    note: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> StepIn:
        from zhongshu.secrecy.actions_secondees import STEP_KINDS

        return cls(
            kind=data.choice("kind", [str(kind) for kind in STEP_KINDS], label="手续"),
            done_on=data.date("done_on", label="办理日期"),
            done_by=org_inputs.person(data, "done_by", viewer, label="经办人"),
            note=data.text("note", label="说明", max_length=max_length_of(SecondmentStep, "note")),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, secondment: Secondment) -> SecondmentStep:
        return secondees.secondment_record_step(
            by=by,
            secondment=secondment,
            kind=self.kind,
            done_on=self.done_on,
            done_by=self.done_by,
            note=self.note,
            version=self.version,
        )


@dataclass(frozen=True)
class LiaisonIn:
    """更换保密联络员."""

    liaison: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> LiaisonIn:
        return cls(
            liaison=org_inputs.person(data, "liaison", viewer, label="保密联络员"),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, secondment: Secondment) -> SecondmentStep:
        return secondees.secondment_name_liaison(
            by=by, secondment=secondment, liaison=self.liaison, version=self.version
        )


@dataclass(frozen=True)
class HandoverIn:
    """办理脱密期委托管理手续."""

    done_on: date | None
    taken_over_by: Person | None
    cooling_off_years: int | None
    note: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> HandoverIn:
        return cls(
            done_on=data.date("done_on", label="办理日期"),
            taken_over_by=org_inputs.person(data, "taken_over_by", viewer, label="派出单位接收人"),
            cooling_off_years=data.integer("cooling_off_years", label="脱密期（年）", low=0, high=99),
            note=data.text("note", label="说明", max_length=max_length_of(SecondmentStep, "note")),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, secondment: Secondment) -> SecondmentStep:
        return secondees.secondment_hand_over(
            by=by,
            secondment=secondment,
            done_on=self.done_on,
            taken_over_by=self.taken_over_by,
            cooling_off_years=self.cooling_off_years,
            note=self.note,
            version=self.version,
        )


@dataclass(frozen=True)
class AccessIn:
    """开通知悉范围: one named record (its kind and number) and why the work needs it."""

    record_kind: str
    record_id: int | None
    reason: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> AccessIn:
        return cls(
            record_kind=data.choice("record_kind", list(secondees.record_kinds()), label="记录类型"),
            record_id=data.integer("record_id", label="记录编号", low=1, high=INT_LIMIT),
            reason=data.text("reason", label="工作所需理由", max_length=150),
        )

    def apply(self, *, by: Actor, secondment: Secondment) -> SecondmentAccess:
        return secondees.secondment_open_access(
            by=by,
            secondment=secondment,
            record_kind=self.record_kind,
            record_id=self.record_id,
            reason=self.reason,
        )
