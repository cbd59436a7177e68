"""One input contract per action of the carriers part (登记, 领取, 传递, 借阅, 归还, 清退, 销毁, 设立专柜, the ledger's
filters), read alike from the page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese
message, an English code and the field. People and cabinets are resolved through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy import carriers
from zhongshu.secrecy.models_carriers import (
    Cabinet,
    Carrier,
    CarrierEvent,
    CarrierKind,
    CarrierState,
)

LEVEL_CHOICES = [str(int(level)) for level in carriers.STATE_SECRETS]


def _cabinet(data: Input, viewer: Any, *, name: str = "cabinet") -> Cabinet | None:
    return data.record(
        name, carriers.visible_cabinets(viewer).filter(retired=False), label="专柜", code="unknown_cabinet"
    )


def _person(data: Input, name: str, viewer: Any, *, label: str) -> Person | None:
    return org_inputs.person(data, name, viewer, label=label)


def _level(data: Input) -> int:
    """密级 as a number (a form's "3" or JSON's 3); one that is not a state secret is the service's refusal."""
    level = data.integer("classification", label="密级", low=0, high=4)
    if level is None:
        raise ServiceError("请选择密级", code="required", field="classification")
    return level


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


@dataclass(frozen=True)
class RegisterIn:
    """登记涉密载体: title, level and term, kind, 份号, source, cabinet, custodian, need-to-know."""

    title: str
    classification: int
    secrecy_term_years: int | None
    kind: str
    copy_number: str
    source: str
    cabinet: Cabinet | None
    custodian: Person | None
    need_to_know_people: list[Person]
    need_to_know_units: list[Unit]

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> RegisterIn:
        return cls(
            title=data.text("title", label="题名", max_length=max_length_of(Carrier, "title")),
            classification=_level(data),
            secrecy_term_years=data.integer("secrecy_term_years", label="保密期限（年）", low=1, high=30),
            kind=data.choice("kind", CarrierKind.values, label="载体类型", default=CarrierKind.PAPER),
            copy_number=data.text("copy_number", label="份号", max_length=6).strip(),
            source=data.text("source", label="来源", max_length=max_length_of(Carrier, "source")),
            cabinet=_cabinet(data, viewer),
            custodian=_person(data, "custodian", viewer, label="保管人"),
            need_to_know_people=org_inputs.people(data, "need_to_know_people", viewer, label="知悉人员"),
            need_to_know_units=org_inputs.units(data, "need_to_know_units", viewer, label="知悉单位"),
        )

    def apply(self, *, by: Actor) -> Carrier:
        return carriers.register_carrier(
            by=by,
            title=self.title,
            classification=self.classification,
            secrecy_term_years=self.secrecy_term_years,
            kind=self.kind,
            source=self.source,
            cabinet=self.cabinet,
            custodian=self.custodian,
            copy_number=self.copy_number,
            need_to_know_people=self.need_to_know_people,
            need_to_know_units=self.need_to_know_units,
        )


@dataclass(frozen=True)
class CollectIn:
    """领取 (by the named person, in person)."""

    second_person: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CollectIn:
        return cls(_person(data, "second_person", viewer, label="第二人"), _version(data))

    def apply(self, *, by: Actor, carrier: Carrier) -> CarrierEvent:
        return carriers.carrier_collect(
            by=by, carrier=carrier, version=self.version, second_person=self.second_person
        )


@dataclass(frozen=True)
class TransferIn:
    """传递: to whom, with a note."""

    to_person: Person | None
    second_person: Person | None
    note: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> TransferIn:
        return cls(
            to_person=_person(data, "to_person", viewer, label="接收人"),
            second_person=_person(data, "second_person", viewer, label="第二人"),
            note=data.text("note", label="说明", max_length=max_length_of(CarrierEvent, "note")),
            version=_version(data),
        )

    def apply(self, *, by: Actor, carrier: Carrier) -> CarrierEvent:
        return carriers.carrier_transfer(
            by=by,
            carrier=carrier,
            to_person=self.to_person,
            version=self.version,
            second_person=self.second_person,
            note=self.note,
        )


@dataclass(frozen=True)
class BorrowIn:
    """借阅: who borrows it and until when (blank: the default loan period)."""

    borrower: Person | None
    due_on: date | None
    second_person: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> BorrowIn:
        return cls(
            borrower=_person(data, "borrower", viewer, label="借阅人"),
            due_on=data.date("due_on", label="应还日期"),
            second_person=_person(data, "second_person", viewer, label="第二人"),
            version=_version(data),
        )

    def apply(self, *, by: Actor, carrier: Carrier) -> CarrierEvent:
        return carriers.carrier_borrow(
            by=by,
            carrier=carrier,
            borrower=self.borrower,
            due_on=self.due_on,
            version=self.version,
            second_person=self.second_person,
        )


@dataclass(frozen=True)
class ReturnIn:
    """归还: into which cabinet (blank: the one it was last kept in)."""

    cabinet: Cabinet | None
    second_person: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ReturnIn:
        return cls(
            cabinet=_cabinet(data, viewer),
            second_person=_person(data, "second_person", viewer, label="第二人"),
            version=_version(data),
        )

    def apply(self, *, by: Actor, carrier: Carrier) -> CarrierEvent:
        return carriers.carrier_return(
            by=by,
            carrier=carrier,
            cabinet=self.cabinet,
            version=self.version,
            second_person=self.second_person,
        )


@dataclass(frozen=True)
class ReturnToIssuerIn:
    """清退: to whom it went back."""

    note: str
    second_person: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ReturnToIssuerIn:
        return cls(
            note=data.text("note", label="清退去向", max_length=max_length_of(CarrierEvent, "note")),
            second_person=_person(data, "second_person", viewer, label="第二人"),
            version=_version(data),
        )

    def apply(self, *, by: Actor, carrier: Carrier) -> CarrierEvent:
        return carriers.carrier_return_to_issuer(
            by=by, carrier=carrier, note=self.note, version=self.version, second_person=self.second_person
        )


@dataclass(frozen=True)
class DestroyIn:
    """销毁: the two people and the record."""

    destroyer: Person | None
    second_person: Person | None
    note: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DestroyIn:
        return cls(
            destroyer=_person(data, "destroyer", viewer, label="销毁人"),
            second_person=_person(data, "second_person", viewer, label="监销人"),
            note=data.text("note", label="销毁记录", max_length=max_length_of(CarrierEvent, "note")),
            version=_version(data),
        )

    def apply(self, *, by: Actor, carrier: Carrier) -> CarrierEvent:
        return carriers.carrier_destroy(
            by=by,
            carrier=carrier,
            destroyer=self.destroyer,
            second_person=self.second_person,
            note=self.note,
            version=self.version,
        )


MOVEMENTS: dict[str, Any] = {
    "collect": CollectIn,
    "transfer": TransferIn,
    "borrow": BorrowIn,
    "return": ReturnIn,
    "return_to_issuer": ReturnToIssuerIn,
    "destroy": DestroyIn,
}


@dataclass(frozen=True)
class CabinetIn:
    """设立专柜."""

    unit: Unit | None
    name: str
    location: str
    keeper: Person | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CabinetIn:
        return cls(
            unit=org_inputs.unit(data, "unit", viewer),
            name=data.text("name", label="专柜名称", max_length=max_length_of(Cabinet, "name")),
            location=data.text("location", label="位置", max_length=max_length_of(Cabinet, "location")),
            keeper=_person(data, "keeper", viewer, label="保管人"),
        )

    def apply(self, *, by: Actor) -> Cabinet:
        return carriers.cabinet_create(
            by=by, unit=self.unit, name=self.name, keeper=self.keeper, location=self.location
        )


def parse_filters(data: Input) -> carriers.Filters:
    """The ledger's filters: state, level, cabinet (id), holder (id), overdue only."""
    level = data.choice("classification", ["", *LEVEL_CHOICES], label="密级")
    return carriers.Filters(
        state=data.choice("state", ["", *CarrierState.values], label="状态"),
        classification=int(level) if level else None,
        cabinet_id=data.integer("cabinet", label="专柜", low=1, high=2**31 - 1),
        holder_id=data.integer("holder", label="持有人", low=1, high=2**31 - 1),
        overdue_only=data.flag("overdue", label="只看逾期"),
    )


LEVEL_LABELS = [(int(level), str(Classification(level).label)) for level in carriers.STATE_SECRETS]
