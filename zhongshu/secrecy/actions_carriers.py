"""Which movements a viewer may make of a carrier now (the page offers these, the API returns them, the service
requires them). A carrier gone from the ledger (清退, 销毁) moves no more; 领取 and 借阅 take it from a cabinet;
传递 is its holder's; 归还 only of a carrier that is out; 借阅, 清退 and 销毁 are the secrecy office's."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.secrecy.models_carriers import GONE_STATES, Carrier, CarrierState
from zhongshu.secrecy.roles import keeps_ledger


def _person_id(viewer: Any) -> int | None:
    person = getattr(viewer, "person_or_none", None)
    return person.pk if person is not None else getattr(viewer, "person_id", None)


def _not_gone(carrier: Carrier) -> Refusal | None:
    if carrier.state in GONE_STATES:
        return not_now(f"该载体{carrier.get_state_display()}，不能再流转", "carrier_gone")
    return None


def _keeper(viewer: Any) -> Refusal | None:
    if not keeps_ledger(viewer):
        return not_allowed("只有保密办可以办理该事项", "not_allowed")
    return None


def _in_cabinet(carrier: Carrier) -> Refusal | None:
    if carrier.state != CarrierState.IN_CABINET:
        return not_now(f"该载体{carrier.get_state_display()}，不在专柜中", "not_in_cabinet")
    return None


def _collect(viewer: Any, carrier: Carrier) -> Refusal | None:
    refusal = _not_gone(carrier)
    if refusal is not None:
        return refusal
    person_id = _person_id(viewer)
    named = person_id is not None and (
        carrier.owner_person_id == person_id or carrier.need_to_know_people.filter(pk=person_id).exists()
    )
    if not named:
        return not_allowed("只有该载体的保管人或指定人员本人可以领取", "not_named")
    return _in_cabinet(carrier)


def _transfer(viewer: Any, carrier: Carrier) -> Refusal | None:
    refusal = _not_gone(carrier)
    if refusal is not None:
        return refusal
    if _person_id(viewer) != carrier.holder_id and not keeps_ledger(viewer):
        return not_allowed("只有该载体的持有人或保密办可以传递", "not_holder")
    if carrier.state != CarrierState.HELD:
        return not_now(f"该载体{carrier.get_state_display()}，只有领用中的载体可以传递", "not_held")
    return None


def _borrow(viewer: Any, carrier: Carrier) -> Refusal | None:
    return _not_gone(carrier) or _keeper(viewer) or _in_cabinet(carrier)


def _return(viewer: Any, carrier: Carrier) -> Refusal | None:
    refusal = _not_gone(carrier)
    if refusal is not None:
        return refusal
    if carrier.state not in (CarrierState.HELD, CarrierState.LENT):
        return not_now("该载体未借出或领用，不能归还", "not_out")
    if _person_id(viewer) != carrier.holder_id and not keeps_ledger(viewer):
        return not_allowed("只有该载体的持有人或保密办可以办理归还", "not_holder")
    return None


def _leave_ledger(viewer: Any, carrier: Carrier) -> Refusal | None:
    refusal = _not_gone(carrier) or _keeper(viewer)
    if refusal is not None:
        return refusal
    if carrier.state == CarrierState.LENT:
        return not_now("该载体借出未还，请先办理归还", "lent_out")
    return None


RULES: ActionRules[Carrier] = ActionRules(
    noun="涉密载体",
    rules={
        "collect": _collect,
        "transfer": _transfer,
        "borrow": _borrow,
        "return": _return,
        "return_to_issuer": _leave_ledger,
        "destroy": _leave_ledger,
    },
)
