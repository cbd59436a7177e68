"""The inventory part's demo on the county of the tests, with the demo's 保密办 head (xwb_bmb_kz, 重要) added and
a 机要科 cabinet holding four carriers registered through the carriers part: the count finds one missing (told
to the secrecy office, open on the head's to-do list), one copy request approved with its copy on the ledger and
one pending the head's decision; built twice, it adds nothing."""

from __future__ import annotations

from django.utils import timezone

from tests.secrecy.conftest import County
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.core.todos import todos_for
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_inventory import build_demo_inventory
from zhongshu.notifications.models import OutboxMessage
from zhongshu.secrecy import carriers
from zhongshu.secrecy.models_carriers import (
    Carrier,
    CarrierEvent,
    CopyRequest,
    CopyState,
    EventKind,
    Inventory,
    InventoryDiscrepancy,
)
from zhongshu.testing.factories import make_person


def test_the_demo_counts_the_cabinet_and_asks_for_copies_once(county: County) -> None:
    head = make_person(
        "吴保密",
        unit=county.office,
        department=county.secrecy_department,
        roles=[Role.SECRECY_OFFICER],
        clearance=Clearance.IMPORTANT,
        username="xwb_bmb_kz",
    )
    box = carriers.cabinet_create(
        by=county.secrecy_head.user,
        unit=county.office,
        name="机要室1号专柜",
        keeper=county.confidential_clerk,
    )
    for title, level in (
        ("县委常委会会议纪要（第12次）", Classification.SECRET),
        ("关于做好重要时段维稳工作的通知", Classification.SECRET),
        ("县国防动员工作要点", Classification.CONFIDENTIAL),
        ("边境防务预案", Classification.TOP_SECRET),
    ):
        carriers.register_carrier(
            by=county.secrecy_head.user,
            title=title,
            classification=level,
            secrecy_term_years=10,
            kind="paper",
            source="市委办公室",
            cabinet=box,
            custodian=county.confidential_clerk,
        )
    first = DemoResult()
    build_demo_inventory(first)
    assert first.created == {"secrecy_inventories": 1, "secrecy_copy_requests": 2}
    count = Inventory.objects.get()
    assert (count.cabinet, count.counted_on, count.counted_by, count.second_person) == (
        box,
        timezone.localdate(),
        county.confidential_clerk,
        head,
    )
    missing = InventoryDiscrepancy.objects.get()
    assert (missing.kind, missing.resolved_note) == ("missing", "")
    assert missing.carrier.classification <= Classification.SECRET  # the head may see it, and resolve it
    assert OutboxMessage.objects.filter(kind="secrecy.inventory_missing", recipient=head.user).exists()
    kinds = [item.kind for item in todos_for(head.user)]
    assert "secrecy.inventory_discrepancy" in kinds and "secrecy.copy_decide" in kinds
    approved = CopyRequest.objects.get(state=CopyState.APPROVED)
    assert approved.decided_by == head
    copy = Carrier.objects.get(copy_of=approved.carrier)
    assert copy.title.endswith("（复制件）") and copy.classification == approved.carrier.classification
    assert CarrierEvent.objects.filter(carrier=approved.carrier, kind=EventKind.COPY).count() == 1
    pending = CopyRequest.objects.get(state=CopyState.PENDING)
    assert pending.carrier != approved.carrier and pending.carrier != missing.carrier
    again = DemoResult()
    build_demo_inventory(again)
    assert not again.changed
    assert (Inventory.objects.count(), CopyRequest.objects.count(), Carrier.objects.count()) == (1, 2, 5)
