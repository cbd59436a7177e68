"""One input contract per action of the classification part (提出定密事项, 审定, 年度审查, 指定 / 终止定密责任人, the
register's and the queue's filters), read alike from the page's form and the API's JSON: a refusal is a
`ServiceError` with a Chinese message, an English code and the field.

A record is named by its kind and id as one value, "documents.officialdocument:12" (the form's search box
offers them); a compilation's parts are more such values under `part`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.access.policy import Action
from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy import classification as service
from zhongshu.secrecy.models_classification import (
    ClassificationDecision,
    ClassificationOfficer,
    ClassificationReview,
    DecisionKind,
    DecisionState,
    ReviewVerdict,
)

LEVEL_CODES = [str(level.value) for level in Classification]
MOST_PARTS = 50
REF_SCHEMA = {"type": "string", "description": "记录：类型:编号，如 documents.officialdocument:12"}


def _ref(data: Input, raw: Any, viewer: Any, *, action: Action, name: str) -> Classified:
    if not isinstance(raw, str):
        raise ServiceError("记录不存在或无权定密", code="no_such_record", field=name)
    key, object_id = service.parse_ref(raw)
    return service.record_for(viewer, key, object_id, action=action, field=name)


def _level(data: Input, *, default: int | None) -> int:
    """密级 as a code (0–4), sent as a number or as text; `default` when nothing was given."""
    raw = data.value("classification")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    text = data.text("classification", label="密级") if not isinstance(raw, str) else raw
    text = text.strip()
    if not text:
        if default is None:
            raise ServiceError("请选择密级", code="classification_required", field="classification")
        return default
    if text not in LEVEL_CODES:
        raise ServiceError(f"未知的密级：{text[:20]}", code="unknown_classification", field="classification")
    return int(text)


@dataclass(frozen=True)
class ProposeIn:
    """提出定密事项: kind, record, level, term, need-to-know, basis, reason, a compilation's parts."""

    kind: str
    record: Classified = field(metadata={"schema": REF_SCHEMA})
    classification: int
    secrecy_term_years: int | None
    basis: str
    reason: str
    set_need_to_know: bool
    need_to_know_people: list[Person]
    need_to_know_units: list[Unit]
    parts: list[Classified] = field(
        metadata={"name": "part", "schema": {"type": "array", "items": REF_SCHEMA}}
    )

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ProposeIn:
        kind = data.choice("kind", DecisionKind.values, label="事项类别")
        raw_record = data.value("record")
        if raw_record is None or (isinstance(raw_record, str) and not raw_record.strip()):
            raise ServiceError("请选择要定密的记录", code="record_required", field="record")
        record = _ref(data, raw_record, viewer, action=Action.CHANGE, name="record")
        raw_parts = [raw for raw in data.values("part") if not (isinstance(raw, str) and not raw.strip())]
        if len(raw_parts) > MOST_PARTS:
            raise ServiceError(f"组成部分最多{MOST_PARTS}项", code="too_many_parts", field="part")
        parts = [_ref(data, raw, viewer, action=Action.VIEW, name="part") for raw in raw_parts]
        level = _level(data, default=Classification.INTERNAL if kind == DecisionKind.DECLASSIFY else None)
        return cls(
            kind=kind,
            record=record,
            classification=level,
            secrecy_term_years=data.integer("secrecy_term_years", label="保密期限（年）", low=0, high=999),
            basis=data.text(
                "basis", label="定密依据", max_length=max_length_of(ClassificationDecision, "basis")
            ),
            reason=data.text(
                "reason", label="理由", max_length=max_length_of(ClassificationDecision, "reason")
            ),
            set_need_to_know=data.flag("set_need_to_know", label="确定知悉范围"),
            need_to_know_people=org_inputs.people(data, "need_to_know_people", viewer, label="知悉人员"),
            need_to_know_units=org_inputs.units(data, "need_to_know_units", viewer, label="知悉单位"),
            parts=parts,
        )

    def propose(self, *, by: Actor) -> ClassificationDecision:
        return service.decision_propose(
            by=by,
            kind=self.kind,
            record=self.record,
            classification=self.classification,
            secrecy_term_years=self.secrecy_term_years,
            basis=self.basis,
            reason=self.reason,
            need_to_know_people=self.need_to_know_people if self.set_need_to_know else None,
            need_to_know_units=self.need_to_know_units if self.set_need_to_know else None,
            parts=self.parts,
        )


@dataclass(frozen=True)
class DecideIn:
    """审定: approve (true) or refuse (false), with an opinion; the version the page was drawn from."""

    approve: bool
    opinion: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DecideIn:
        outcome = data.choice("outcome", ["approve", "refuse"], label="审定结果")
        return cls(
            approve=outcome == "approve",
            opinion=data.text(
                "opinion", label="审定意见", max_length=max_length_of(ClassificationDecision, "opinion")
            ),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, decision: ClassificationDecision) -> ClassificationDecision:
        return service.decision_decide(
            by=by, decision=decision, version=self.version, approve=self.approve, opinion=self.opinion
        )


@dataclass(frozen=True)
class ReviewIn:
    """年度定密审查: keep, change or declassify, with an opinion."""

    verdict: str
    opinion: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ReviewIn:
        return cls(
            verdict=data.choice("verdict", ReviewVerdict.values, label="审查结论"),
            opinion=data.text(
                "opinion", label="审查意见", max_length=max_length_of(ClassificationReview, "opinion")
            ),
        )

    def apply(self, *, by: Actor, decision: ClassificationDecision) -> ClassificationReview:
        return service.review_mark(by=by, decision=decision, verdict=self.verdict, opinion=self.opinion)


@dataclass(frozen=True)
class OfficerIn:
    """指定定密责任人: person, unit, from (and to)."""

    person: Person | None
    unit: Unit | None
    starts_on: date | None
    ends_on: date | None
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> OfficerIn:
        return cls(
            person=org_inputs.person(data, "person", viewer, label="定密责任人"),
            unit=org_inputs.unit(data, "unit", viewer, label="负责单位"),
            starts_on=data.date("starts_on", label="起始日期") or timezone.localdate(),
            ends_on=data.date("ends_on", label="终止日期"),
            note=data.text("note", label="说明", max_length=max_length_of(ClassificationOfficer, "note")),
        )

    def apply(self, *, by: Actor) -> ClassificationOfficer:
        return service.officer_name(
            by=by,
            person=self.person,
            unit=self.unit,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            note=self.note,
        )


@dataclass(frozen=True)
class OfficerEndIn:
    """终止定密责任人 from a day (today when not given)."""

    ends_on: date | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> OfficerEndIn:
        return cls(ends_on=data.date("ends_on", label="终止日期") or timezone.localdate())

    def apply(self, *, by: Actor, officer: ClassificationOfficer) -> ClassificationOfficer:
        return service.officer_end(by=by, officer=officer, ends_on=self.ends_on)


def parse_filters(data: Input) -> service.Filters:
    """The register's filters: kind, level, unit (id), year, state."""
    level = data.choice("classification", ["", *LEVEL_CODES], label="密级")
    return service.Filters(
        kind=data.choice("kind", ["", *DecisionKind.values], label="事项类别"),
        classification=int(level) if level else None,
        unit_id=data.integer("unit", label="单位", low=1),
        year=data.integer("year", label="年度", low=1900, high=2999),
        state=data.choice("state", ["", *DecisionState.values], label="状态"),
    )


def parse_queue(data: Input) -> tuple[date, int | None]:
    """The review queue's day (today when not given) and unit."""
    return (
        data.date("on", label="审查日期") or timezone.localdate(),
        data.integer("unit", label="单位", low=1),
    )
