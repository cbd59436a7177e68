"""One input contract per action of the inventory part (清点, 处理差异, 申请复制, 审批复制), read alike from the
page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese message, an English code and the
field. Records named by id are looked up through the access policy (or among what the viewer may count)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy import inventory
from zhongshu.secrecy.models_carriers import (
    Cabinet,
    Carrier,
    CopyRequest,
    Inventory,
    InventoryDiscrepancy,
)

# A pasted list of numbers: 20,000 numbers of up to 40 characters each, with their line breaks.
MOST_FOUND_TEXT = inventory.MOST_NUMBERS * 42


@dataclass(frozen=True)
class CountIn:
    """清点: the unit (or the cabinet's), the cabinet (blank: all the unit's cabinets), the day, the numbers
    found (one a line), the witness (监点人)."""

    unit: Unit
    cabinet: Cabinet | None
    counted_on: date | None
    found_numbers: str
    second_person: Person | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CountIn:
        cabinet = data.record(
            "cabinet", inventory.countable_cabinets(viewer), label="专柜", code="unknown_cabinet"
        )
        unit = data.record("unit", visible(Unit.objects.all(), viewer), label="单位", code="unknown_unit")
        if unit is None and cabinet is not None:
            unit = cabinet.unit
        if unit is None:
            raise ServiceError("请选择清点的专柜或单位", code="required", field="cabinet")
        return cls(
            unit=unit,
            cabinet=cabinet,
            counted_on=data.date("counted_on", label="清点日期"),
            found_numbers=data.text("found_numbers", label="清点到的载体编号", max_length=MOST_FOUND_TEXT),
            second_person=data.record(
                "second_person", visible(Person.objects.all(), viewer), label="监点人", code="unknown_person"
            ),
        )

    def record(self, *, by: Actor) -> Inventory:
        return inventory.inventory_record(
            by=by,
            unit=self.unit,
            cabinet=self.cabinet,
            counted_on=self.counted_on,
            found_numbers=self.found_numbers,
            second_person=self.second_person,
        )


@dataclass(frozen=True)
class ResolveIn:
    """处理清点差异: what was found or done."""

    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ResolveIn:
        return cls(
            note=data.text(
                "note", label="处理情况", max_length=max_length_of(InventoryDiscrepancy, "resolved_note")
            )
        )

    def apply(self, *, by: Actor, discrepancy: InventoryDiscrepancy) -> InventoryDiscrepancy:
        return inventory.discrepancy_resolve(by=by, discrepancy=discrepancy, note=self.note)


def carrier_of(data: Input, viewer: Any) -> Carrier:
    """The carrier to copy, by id (`carrier`) or by its number as written on it (`carrier_number`), among those
    the viewer may see: one he may not see is "not on the ledger" like one that does not exist."""
    seen = visible(Carrier.objects.all(), viewer)
    found = data.record("carrier", seen, label="涉密载体", code="unknown_carrier")
    if found is not None:
        return found
    number = inventory.normalise_number(data.text("carrier_number", label="载体编号", max_length=60))
    if not number:
        raise ServiceError("请填写要复制的载体编号", code="required", field="carrier_number")
    match = seen.filter(number=number).first()
    if match is None:
        raise ServiceError(
            f"台账上没有您可以查看的载体{number}", code="unknown_carrier", field="carrier_number"
        )
    return match


@dataclass(frozen=True)
class CopyIn:
    """申请复制: the carrier, how many copies, why, and (for 绝密) the originator's consent."""

    carrier: Carrier
    copies: int | None
    reason: str
    originator_consent: str

    carrier_of = staticmethod(carrier_of)

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CopyIn:
        return cls(
            carrier=carrier_of(data, viewer),
            copies=data.integer("copies", label="份数", low=1, high=inventory.MOST_COPIES),
            reason=data.text("reason", label="事由", max_length=max_length_of(CopyRequest, "reason")),
            originator_consent=data.text(
                "originator_consent",
                label="原定密机关同意情况",
                max_length=max_length_of(CopyRequest, "originator_consent"),
            ),
        )

    def request(self, *, by: Actor) -> CopyRequest:
        return inventory.copy_request(
            by=by,
            carrier=self.carrier,
            copies=self.copies,
            reason=self.reason,
            originator_consent=self.originator_consent,
        )


@dataclass(frozen=True)
class DecideIn:
    """审批复制: approve or not, the opinion, the originator's consent if not yet recorded, the version."""

    approve: bool
    opinion: str
    originator_consent: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DecideIn:
        verdict = data.choice("decision", ["approve", "refuse"], label="审批结果")
        return cls(
            approve=verdict == "approve",
            opinion=data.text("opinion", label="审批意见", max_length=max_length_of(CopyRequest, "opinion")),
            originator_consent=data.text(
                "originator_consent",
                label="原定密机关同意情况",
                max_length=max_length_of(CopyRequest, "originator_consent"),
            ),
            version=data.integer("version", label="版本号", low=1, high=2**31 - 1),
        )

    def apply(self, *, by: Actor, request: CopyRequest) -> CopyRequest:
        return inventory.copy_decide(
            by=by,
            request=request,
            approve=self.approve,
            opinion=self.opinion,
            originator_consent=self.originator_consent or None,
            version=self.version,
        )
