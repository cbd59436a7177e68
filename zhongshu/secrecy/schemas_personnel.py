"""One input contract per action of the personnel part (审查, 承诺书, 培训, 离岗, 提醒谈话, 办结), read alike from
the page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese message, an English code and
the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.org.models import Person, Post
from zhongshu.secrecy import personnel
from zhongshu.secrecy.models_personnel import (
    Departure,
    Pledge,
    PledgeKind,
    TrainingRecord,
    Vetting,
    VettingKind,
    VettingResult,
)

_HOURS = re.compile(r"^\d{1,2}(\.\d)?$")


def _person(data: Input, name: str, viewer: Any, label: str) -> Person | None:
    return data.record(name, visible(Person.objects.all(), viewer), label=label, code="no_such_person")


def _post(data: Input) -> Post | None:
    return data.record("post", personnel.classified_posts(), label="岗位", code="no_such_post")


def parse_hours(data: Input, name: str = "hours") -> Decimal | None:
    raw = data.value(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ServiceError("学时应为数字，最多一位小数", code="bad_hours", field=name)
    text = f"{raw:.1f}" if isinstance(raw, float) else str(raw).strip()
    if not _HOURS.match(text):
        raise ServiceError("学时应为数字，最多一位小数", code="bad_hours", field=name)
    return Decimal(text)


def _upload(data: Input) -> Any:
    files = data.uploads("file", label="承诺书扫描件")
    return files[0] if files else None


@dataclass(frozen=True)
class VettingIn:
    """登记审查: the post, 上岗审查 or 复审, the result, the day, the vetter, the opinion."""

    post: Post | None
    kind: str
    result: str
    vetted_on: date | None
    vetted_by: Person | None
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> VettingIn:
        return cls(
            post=_post(data),
            kind=data.choice("kind", VettingKind.values, label="审查类别"),
            result=data.choice("result", VettingResult.values, label="审查结论"),
            vetted_on=data.date("vetted_on", label="审查日期"),
            vetted_by=_person(data, "vetted_by", viewer, "审查人"),
            note=data.text("note", label="审查意见", max_length=300),
        )

    def apply(self, *, by: Actor, person: Person) -> Vetting:
        return personnel.vetting_record(
            by=by,
            person=person,
            post=self.post,
            kind=self.kind,
            result=self.result,
            vetted_on=self.vetted_on,
            vetted_by=self.vetted_by,
            note=self.note,
        )


@dataclass(frozen=True)
class PledgeIn:
    """登记保密承诺书 (在岗; a leaving pledge is recorded on its departure), with its scan if uploaded."""

    kind: str
    signed_on: date | None
    note: str
    upload: Any

    @classmethod
    def parse(cls, data: Input, viewer: Any, *, kind: str | None = None) -> PledgeIn:
        return cls(
            kind=kind
            or data.choice("kind", PledgeKind.values, label="承诺书类别", default=PledgeKind.ON_POST),
            signed_on=data.date("signed_on", label="签订日期"),
            note=data.text("note", label="说明", max_length=200),
            upload=_upload(data),
        )

    def apply(self, *, by: Actor, person: Person, departure: Departure | None = None) -> Pledge:
        return personnel.pledge_record(
            by=by,
            person=person,
            kind=self.kind,
            signed_on=self.signed_on,
            departure=departure,
            note=self.note,
            upload=self.upload,
        )


@dataclass(frozen=True)
class TrainingIn:
    """登记保密培训."""

    title: str
    trained_on: date | None
    hours: Decimal | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> TrainingIn:
        return cls(
            title=data.text("title", label="培训名称", max_length=100),
            trained_on=data.date("trained_on", label="培训日期"),
            hours=parse_hours(data),
        )

    def apply(self, *, by: Actor, person: Person) -> TrainingRecord:
        return personnel.training_record(
            by=by, person=person, title=self.title, trained_on=self.trained_on, hours=self.hours
        )


@dataclass(frozen=True)
class DepartureIn:
    """登记离岗: the post left, the day, the cooling-off years (blank: the level's default)."""

    post: Post | None
    left_on: date | None
    cooling_off_years: int | None
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DepartureIn:
        return cls(
            post=_post(data),
            left_on=data.date("left_on", label="离岗日期"),
            cooling_off_years=data.integer("cooling_off_years", label="脱密期（年）", low=0, high=99),
            note=data.text("note", label="说明", max_length=200),
        )

    def apply(self, *, by: Actor, person: Person) -> Departure:
        return personnel.departure_record(
            by=by,
            person=person,
            post=self.post,
            left_on=self.left_on,
            cooling_off_years=self.cooling_off_years,
            note=self.note,
        )


@dataclass(frozen=True)
class TalkIn:
    """登记提醒谈话."""

    talk_on: date | None
    talk_by: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> TalkIn:
        return cls(
            talk_on=data.date("talk_on", label="谈话日期"),
            talk_by=_person(data, "talk_by", viewer, "谈话人"),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, departure: Departure) -> Departure:
        return personnel.departure_talk(
            by=by, departure=departure, version=self.version, talk_on=self.talk_on, talk_by=self.talk_by
        )


@dataclass(frozen=True)
class CompleteIn:
    """办结离岗手续."""

    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CompleteIn:
        return cls(version=data.integer("version", label="版本号", low=1))

    def apply(self, *, by: Actor, departure: Departure) -> Departure:
        return personnel.departure_complete(by=by, departure=departure, version=self.version)
