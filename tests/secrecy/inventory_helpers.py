"""Helpers for the inventory tests: a cabinet, and carriers put on the ledger in it (through the carriers part's
register_carrier once it exists; until then a Carrier row and its REGISTER event, as the ledger would hold)."""

from __future__ import annotations

from typing import Any

from zhongshu.base.levels import Classification
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy.models_carriers import Cabinet, Carrier, CarrierEvent, CarrierState, EventKind


def cabinet(unit: Unit, keeper: Person, name: str = "机要室1号专柜") -> Cabinet:
    return Cabinet.objects.create(unit=unit, name=name, location="机要室", keeper=keeper)


def carrier(
    number: str,
    *,
    in_cabinet: Cabinet | None,
    classification: int = Classification.SECRET,
    title: str = "",
    state: str = CarrierState.IN_CABINET,
    holder: Person | None = None,
    **fields: Any,
) -> Carrier:
    keeper = in_cabinet.keeper if in_cabinet is not None else holder
    assert keeper is not None
    unit = in_cabinet.unit if in_cabinet is not None else keeper.unit
    made = Carrier.objects.create(
        number=number,
        title=title or f"涉密文件{number}",
        classification=classification,
        secrecy_term_years=10,
        cabinet=in_cabinet if state == CarrierState.IN_CABINET else None,
        state=state,
        holder=holder,
        registered_by=keeper.user,
        owner_unit=unit,
        owner_person=keeper,
        **fields,
    )
    CarrierEvent.objects.create(
        carrier=made, kind=EventKind.REGISTER, cabinet=in_cabinet, recorded_by=keeper.user
    )
    return made


def carriers(prefix: str, count: int, *, in_cabinet: Cabinet, **fields: Any) -> list[Carrier]:
    return [
        carrier(f"{prefix}-{index:04d}", in_cabinet=in_cabinet, **fields) for index in range(1, count + 1)
    ]
