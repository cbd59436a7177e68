"""Inventory counts (清点) and copying (复制审批): numbers normalised; missing, misplaced and gone carriers found;
an unknown number refuses the whole count (named, audited, nothing saved); a missing carrier tells the secrecy
office and stays on its to-do list until resolved; no copy exists before approval, a decision is taken once, a
绝密 carrier needs its originator's consent; 10,000 carriers compare in well under two seconds."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.secrecy.conftest import County
from tests.secrecy.inventory_helpers import cabinet, carrier, carriers
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.notifications.models import OutboxMessage
from zhongshu.secrecy import inventory
from zhongshu.secrecy.models_carriers import (
    Carrier,
    CarrierEvent,
    CarrierState,
    CopyRequest,
    CopyState,
    DiscrepancyKind,
    EventKind,
    Inventory,
    InventoryDiscrepancy,
)


def test_numbers_are_normalised() -> None:
    assert inventory.normalise_number("ＸＷＢ－２０２６－０００１") == "XWB-2026-0001"
    assert inventory.normalise_number("  xwb - 2026 – 0001 ") == "XWB-2026-0001"
    assert inventory.parse_found("a-1\r\n\n b-2 ，c-3、A-1") == ["A-1", "B-2", "C-3", "A-1"]


def _ledger(county: County) -> dict[str, Any]:
    office, clerk = county.office, county.confidential_clerk
    first = cabinet(office, clerk)
    second = cabinet(office, clerk, name="机要室2号专柜")
    here = carriers("XWB-2026", 4, in_cabinet=first)
    there = carrier("XWB-2026-0100", in_cabinet=second)
    lent = carrier(
        "XWB-2026-0200",
        in_cabinet=None,
        state=CarrierState.LENT,
        holder=county.director,
        due_on=date(2026, 1, 5),
    )
    destroyed = carrier("XWB-2026-0300", in_cabinet=None, state=CarrierState.DESTROYED, holder=clerk)
    return {"first": first, "second": second, "here": here, "there": there, "lent": lent, "gone": destroyed}


def test_compare_finds_the_missing_the_misplaced_and_the_gone(county: County) -> None:
    ledger = _ledger(county)
    found = ["xwb-2026-0001", "XWB-2026-0002", "ＸＷＢ－２０２６－０００３", "XWB-2026-0003", "XWB-2026-0100"]
    found += ["XWB-2026-0200", "XWB-2026-0300"]
    result = inventory.compare(unit=county.office, cabinet=ledger["first"], found_numbers=found)
    assert (result.expected_count, result.found_count, result.matched) == (4, 6, 3)
    assert [(line.number, line.ledger_says) for line in result.missing] == [
        ("XWB-2026-0004", "在柜：机要室1号专柜（县委办公室）")
    ]
    assert [(line.number, line.ledger_says) for line in result.misplaced] == [
        ("XWB-2026-0100", "在柜：机要室2号专柜（县委办公室）"),
        ("XWB-2026-0200", "借出：赵主任，应还2026-01-05"),
    ]
    assert [(line.number, line.kind) for line in result.gone] == [("XWB-2026-0300", DiscrepancyKind.GONE)]
    assert result.duplicates == ["XWB-2026-0003"]
    # The unit as a whole: the second cabinet's carrier is where the ledger says.
    whole = inventory.compare(unit=county.office, cabinet=None, found_numbers=found[:5])
    assert (whole.expected_count, whole.matched, [line.number for line in whole.missing]) == (
        5,
        4,
        ["XWB-2026-0004"],
    )
    assert not Inventory.objects.exists()


def test_an_unknown_number_refuses_the_count_names_it_is_audited_and_saves_nothing(county: County) -> None:
    ledger = _ledger(county)
    with pytest.raises(ServiceError) as refused:
        inventory.inventory_record(
            by=county.secrecy_head.user,
            unit=county.office,
            cabinet=ledger["first"],
            counted_on=timezone.localdate(),
            found_numbers="XWB-2026-0001\nXWB-2099-0001\nabc 9",
        )
    assert refused.value.code == "unknown_number"
    assert refused.value.message == "以下编号不在涉密载体台账上，请核对后重新录入：XWB-2099-0001、ABC9"
    assert (
        Inventory.objects.count(),
        InventoryDiscrepancy.objects.count(),
        OutboxMessage.objects.count(),
    ) == (
        0,
        0,
        0,
    )
    event = AuditEvent.objects.get(action="secrecy.inventory.record")
    assert event.outcome == "denied"
    assert event.details == {"code": "unknown_number", "unknown": ["XWB-2099-0001", "ABC9"]}


def test_a_count_stores_its_discrepancies_tells_the_office_and_waits_for_each_to_be_resolved(
    county: County,
) -> None:
    ledger = _ledger(county)
    head = county.secrecy_head.user
    made = inventory.inventory_record(
        by=county.confidential_clerk.user,
        unit=county.office,
        cabinet=ledger["first"],
        counted_on=timezone.localdate(),
        found_numbers="XWB-2026-0001\nXWB-2026-0002\nXWB-2026-0003\nXWB-2026-0300",
        second_person=county.secrecy_officer,
    )
    assert (made.expected_count, made.found_count, made.counted_by) == (4, 4, county.confidential_clerk)
    kinds = sorted(made.discrepancies.values_list("kind", "carrier__number"))
    assert kinds == [("gone", "XWB-2026-0300"), ("missing", "XWB-2026-0004")]
    audit = AuditEvent.objects.get(action="secrecy.inventory.record")
    assert audit.details == {"expected": 4, "found": 4, "matched": 3, "missing": 1, "misplaced": 0, "gone": 1}
    told = OutboxMessage.objects.filter(kind="secrecy.inventory_missing")
    # The secrecy office: its two 保密员, the 机要员 (a 保密员 of the office too) and the director.
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "baomi",
        "baomi2",
        "jiyao",
        "zhuren",
    ]
    assert all("涉密文件" not in message.title + message.body for message in told)
    assert [item.kind for item in todos_for(head) if item.kind.startswith("secrecy.inventory")] == [
        "secrecy.inventory_discrepancy"
    ]
    missing = made.discrepancies.get(kind="missing")
    with pytest.raises(Forbidden):
        inventory.discrepancy_resolve(by=county.office_clerk.user, discrepancy=missing, note="已找到")
    with pytest.raises(ServiceError) as blank:
        inventory.discrepancy_resolve(by=head, discrepancy=missing, note="  ")
    assert blank.value.code == "required"
    for discrepancy in made.discrepancies.all():
        inventory.discrepancy_resolve(by=head, discrepancy=discrepancy, note="已查明，借阅未登记，已补登")
    assert not [item for item in todos_for(head) if item.kind.startswith("secrecy.inventory")]
    with pytest.raises(InvalidTransition) as twice:
        inventory.discrepancy_resolve(by=head, discrepancy=missing, note="再次处理")
    assert twice.value.code == "already_resolved"
    assert InventoryDiscrepancy.objects.get(pk=missing.pk).resolved_note == "已查明，借阅未登记，已补登"
    denied = AuditEvent.objects.filter(action="secrecy.inventory.resolve", outcome="denied")
    assert sorted(event.details["code"] for event in denied) == [
        "already_resolved",
        "not_allowed",
        "required",
    ]


def test_who_may_count_and_what_a_count_refuses(county: County) -> None:
    ledger = _ledger(county)
    today = timezone.localdate()

    def count(user: Any, **change: Any) -> Inventory:
        fields: dict[str, Any] = {
            "unit": county.office,
            "cabinet": ledger["first"],
            "counted_on": today,
            "found_numbers": "XWB-2026-0001",
        }
        return inventory.inventory_record(by=user, **{**fields, **change})

    cases = [
        (county.office_clerk.user, {}, "not_allowed"),
        (county.secrecy_head.user, {"unit": county.units[0]}, "cabinet_not_in_unit"),
        (county.secrecy_head.user, {"counted_on": today + timedelta(days=1)}, "counted_in_future"),
        (county.secrecy_head.user, {"counted_on": None}, "required"),
        (county.secrecy_head.user, {"second_person": county.secrecy_head}, "second_is_counter"),
    ]
    for user, change, code in cases:
        with pytest.raises(ServiceError) as refused:
            count(user, **change)
        assert refused.value.code == code
    assert not Inventory.objects.exists()
    assert AuditEvent.objects.filter(action="secrecy.inventory.record", outcome="denied").count() == len(
        cases
    )
    # The keeper counts his own cabinet; an empty count finds every carrier missing.
    empty = count(county.confidential_clerk.user, found_numbers="")
    assert empty.discrepancies.filter(kind="missing").count() == 4


def _copy(county: County, **fields: Any) -> tuple[Carrier, CopyRequest]:
    ledger = _ledger(county)
    original = ledger["here"][0]
    original.need_to_know_people.add(county.leader)
    request = inventory.copy_request(
        by=county.leader.user, carrier=original, copies=2, reason="县委常委会学习使用", **fields
    )
    return original, request


def test_no_copy_exists_until_approved_and_the_copies_are_carriers_of_their_own(county: County) -> None:
    original, request = _copy(county)
    assert request.state == CopyState.PENDING
    assert not Carrier.objects.filter(copy_of=original).exists()
    assert not CarrierEvent.objects.filter(carrier=original, kind=EventKind.COPY).exists()
    head = county.secrecy_head.user
    assert [item.kind for item in todos_for(head) if item.kind == "secrecy.copy_decide"] == [
        "secrecy.copy_decide"
    ]
    decided = inventory.copy_decide(by=head, request=request, approve=True, opinion="同意", version=1)
    assert (decided.state, decided.decided_by, decided.version) == (
        CopyState.APPROVED,
        county.secrecy_head,
        2,
    )
    copies = list(Carrier.objects.filter(copy_of=original).order_by("number"))
    # Numbered by the ledger, registered into the original's cabinet, the requester their custodian.
    year = timezone.localdate().year
    assert [copy.number for copy in copies] == [f"XWB-{year}-000001", f"XWB-{year}-000002"]
    for copy in copies:
        assert copy.title == f"{original.title}（复制件）"
        assert (copy.classification, copy.secrecy_term_years) == (
            original.classification,
            original.secrecy_term_years,
        )
        assert (copy.state, copy.cabinet, copy.owner_person) == (
            CarrierState.IN_CABINET,
            original.cabinet,
            county.leader,
        )
    assert CarrierEvent.objects.filter(carrier=original, kind=EventKind.COPY).count() == 1
    assert OutboxMessage.objects.filter(kind="secrecy.copy_decided", recipient=county.leader.user).exists()
    # Deciding twice is refused, audited, and changes nothing.
    with pytest.raises(InvalidTransition) as twice:
        inventory.copy_decide(by=head, request=decided, approve=False, opinion="不同意")
    assert twice.value.code == "already_decided"
    assert CopyRequest.objects.get(pk=request.pk).state == CopyState.APPROVED
    assert Carrier.objects.filter(copy_of=original).count() == 2
    denied = AuditEvent.objects.get(action="secrecy.copy.refuse", outcome="denied")
    assert denied.details == {"code": "already_decided"}


def test_two_approvals_of_one_original_each_list_their_own_copies(county: County) -> None:
    original, first = _copy(county)
    second = inventory.copy_request(by=county.leader.user, carrier=original, copies=1, reason="传达学习")
    head = county.secrecy_head.user
    inventory.copy_decide(by=head, request=first, approve=True, opinion="同意", version=1)
    inventory.copy_decide(by=head, request=second, approve=True, opinion="同意", version=1)
    year = timezone.localdate().year
    made = {
        request.pk: [copy.number for copy in inventory.copies_made(head, request)]
        for request in (first, second)
    }
    assert made == {
        first.pk: [f"XWB-{year}-000001", f"XWB-{year}-000002"],
        second.pk: [f"XWB-{year}-000003"],
    }
    # Someone who may not see the copies is shown none of them.
    assert inventory.copies_made(county.clerks[1].user, first) == []


def test_a_top_secret_carrier_is_copied_only_with_its_originators_consent(county: County) -> None:
    original, request = _copy(county)
    Carrier.objects.filter(pk=original.pk).update(classification=Classification.TOP_SECRET)
    head = county.secrecy_head.user
    with pytest.raises(ServiceError) as refused:
        inventory.copy_decide(by=head, request=request, approve=True, opinion="同意")
    assert refused.value.code == "originator_consent_required"
    assert CopyRequest.objects.get(pk=request.pk).state == CopyState.PENDING
    assert not Carrier.objects.filter(copy_of=original).exists()
    assert AuditEvent.objects.filter(action="secrecy.copy.approve", outcome="denied").count() == 1
    inventory.copy_decide(
        by=head,
        request=request,
        approve=True,
        opinion="同意",
        originator_consent="市委保密办2026年12月1日书面同意",
    )
    assert Carrier.objects.filter(copy_of=original, classification=Classification.TOP_SECRET).count() == 2


def test_copy_requests_and_decisions_are_checked(county: County) -> None:
    original, request = _copy(county)
    # The secrecy office does not decide its own request; a refusal needs an opinion.
    own = inventory.copy_request(by=county.secrecy_head.user, carrier=original, copies=1, reason="存档")
    with pytest.raises(Forbidden) as refused:
        inventory.copy_decide(by=county.secrecy_head.user, request=own, approve=True, opinion="")
    assert refused.value.code == "own_request"
    with pytest.raises(ServiceError) as blank:
        inventory.copy_decide(by=county.secrecy_head.user, request=request, approve=False, opinion="")
    assert blank.value.code == "opinion_required"
    refused_request = inventory.copy_decide(
        by=county.director.user, request=request, approve=False, opinion="可借阅原件，不予复制"
    )
    assert refused_request.state == CopyState.REFUSED
    assert not Carrier.objects.filter(copy_of=original).exists()
    # A person who may not see the carrier may not ask to copy it; bad counts and blank reasons are refused.
    for user, copies, reason, code in (
        (county.office_clerk.user, 1, "学习", "not_allowed"),
        (county.leader.user, 0, "学习", "bad_copies"),
        (county.leader.user, 21, "学习", "bad_copies"),
        (county.leader.user, 1, " ", "required"),
    ):
        with pytest.raises(ServiceError) as bad:
            inventory.copy_request(by=user, carrier=original, copies=copies, reason=reason)
        assert bad.value.code == code
    assert CopyRequest.objects.count() == 2


def test_ten_thousand_carriers_compare_in_well_under_two_seconds(county: County) -> None:
    keeper = county.confidential_clerk
    box = cabinet(county.office, keeper)
    Carrier.objects.bulk_create(
        [
            Carrier(
                number=f"XWB-2026-{index:06d}",
                title="载体",
                classification=Classification.SECRET,
                cabinet=box,
                registered_by=keeper.user,
                owner_unit=county.office,
                owner_person=keeper,
            )
            for index in range(10_000)
        ],
        batch_size=1000,
    )
    found = [f"XWB-2026-{index:06d}" for index in range(10_000) if index % 1000]
    started = time.perf_counter()
    result = inventory.compare(unit=county.office, cabinet=box, found_numbers=found)
    elapsed = time.perf_counter() - started
    assert (result.expected_count, result.matched, len(result.missing)) == (10_000, 9_990, 10)
    assert elapsed < 1.0, elapsed
