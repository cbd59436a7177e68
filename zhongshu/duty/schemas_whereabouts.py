"""One input contract per action of 请假、外出报备, for the page and the API alike (core.inputs): the filing,
an approver's decision, 撤回 and 销假."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhongshu.core.inputs import Input, max_length_of
from zhongshu.duty.models import Absence, AbsenceKind, HalfDay
from zhongshu.duty.whereabouts import AbsenceFields
from zhongshu.org import inputs as org_inputs


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


@dataclass(frozen=True)
class AbsenceIn:
    """请假、外出报备: for whom (himself when empty), kind, span with half-days, destination, reason, phone,
    the stand-in, and the filer's confirmation of the flags shown to him."""

    fields: AbsenceFields

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> AbsenceIn:
        person = org_inputs.person(data, "person", viewer, label="报备人", leaders_only=True)
        return cls(
            AbsenceFields(
                person=person,
                kind=data.choice("kind", AbsenceKind.values, label="类别", default=AbsenceKind.TRAVEL),
                starts_on=data.date("starts_on", label="开始日期"),
                starts_half=data.choice(
                    "starts_half", HalfDay.values, label="开始半天", default=HalfDay.MORNING
                ),
                ends_on=data.date("ends_on", label="结束日期"),
                ends_half=data.choice(
                    "ends_half", HalfDay.values, label="结束半天", default=HalfDay.AFTERNOON
                ),
                destination=data.text(
                    "destination", label="去向", max_length=max_length_of(Absence, "destination")
                ).strip(),
                reason=data.text("reason", label="事由", max_length=max_length_of(Absence, "reason")).strip(),
                phone=data.text(
                    "phone", label="联系电话", max_length=max_length_of(Absence, "phone")
                ).strip(),
                stand_in=org_inputs.person(data, "stand_in", viewer, label="主持（代理）工作"),
                confirm_flags=data.flag("confirm_flags", label="确认提示"),
            )
        )


@dataclass(frozen=True)
class DecisionIn:
    """批准 (an opinion) or 不予批准 (a reason)."""

    opinion: str
    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DecisionIn:
        return cls(
            opinion=data.text("opinion", label="审批意见", max_length=500).strip(),
            reason=data.text("reason", label="理由", max_length=500).strip(),
            version=_version(data),
        )


@dataclass(frozen=True)
class VersionIn:
    """撤回 or 销假: the version the page showed."""

    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> VersionIn:
        return cls(version=_version(data))
