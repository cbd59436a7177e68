"""The demo's 清点与复制 part, after the carriers demo: the 机要科 cabinet of the 县委办公室 is counted today by its
keeper with the 保密办 head (xwb_bmb_kz) as witness, and one carrier the ledger puts in it is not found — reported
to the secrecy office, not yet resolved (its to-do); two copy requests on carriers of that cabinet, by people who
may see them: one approved by xwb_bmb_kz (its copy registered on the ledger), one pending his decision.

Everything is found by querying the ledger the carriers demo left, and made through the part's services. Run
again, it adds nothing; without the cabinet or its carriers it adds nothing either."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from zhongshu.access.policy import can
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.org.models import Person
from zhongshu.secrecy import inventory
from zhongshu.secrecy.models_carriers import (
    Cabinet,
    Carrier,
    CarrierState,
    CopyRequest,
    Inventory,
)

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

HEAD = "xwb_bmb_kz"
APPROVED_REASON = "县委常委会会议学习传达需要"
PENDING_REASON = "乡镇党委书记专题会议学习使用"


def confidential_cabinet() -> Cabinet | None:
    """The 县委办公室's 机要科 cabinet: kept by a 机要科 person, or named for the 机要室."""
    cabinets = Cabinet.objects.filter(unit__code="XWB", retired=False).select_related("unit", "keeper")
    return (
        cabinets.filter(keeper__department__code="JYK").order_by("pk").first()
        or cabinets.filter(Q(name__contains="机要")).order_by("pk").first()
    )


def _head() -> Person | None:
    return Person.objects.filter(user__username=HEAD).select_related("user").first()


def _witness(keeper: Person, head: Person) -> Person | None:
    if keeper.pk != head.pk:
        return head
    return (
        Person.objects.filter(unit_id=head.unit_id or 0, department_id=head.department_id or 0)
        .exclude(pk=head.pk)
        .order_by("pk")
        .first()
    )


def _count(result: DemoResult, box: Cabinet, head: Person) -> Carrier | None:
    """The day's count: everything in the cabinet found but one (a carrier the 保密办 head may see, so the
    discrepancy is his to resolve)."""
    if Inventory.objects.filter(cabinet=box).exists():
        return None
    inside = list(Carrier.objects.filter(cabinet=box, state=CarrierState.IN_CABINET).order_by("number"))
    seen = [
        carrier
        for carrier in inside
        if carrier.copy_of_id is None and clearance_covers(head.clearance, carrier.classification)
    ]
    if len(inside) < 2 or not seen:
        return None
    missing = seen[-1]
    keeper = box.keeper
    inventory.inventory_record(
        by=keeper.user if keeper.user_id else head.user,
        unit=box.unit,
        cabinet=box,
        counted_on=timezone.localdate(),
        found_numbers="\n".join(carrier.number for carrier in inside if carrier.pk != missing.pk),
        second_person=_witness(keeper, head),
    )
    result.count("secrecy_inventories")
    return missing


def _requester(carrier: Carrier, head: Person) -> Person | None:
    """Someone other than the deciding head who may see the carrier: its custodian or a person who knows it."""
    people = [carrier.owner_person, *carrier.need_to_know_people.select_related("user").order_by("pk")]
    for person in people:
        if (
            person is not None
            and person.pk != head.pk
            and person.user_id is not None
            and clearance_covers(person.clearance, carrier.classification)
            and can(person.user, carrier)
        ):
            return person
    return None


def _copies(result: DemoResult, box: Cabinet, head: Person, missing: Carrier | None) -> None:
    if CopyRequest.objects.filter(reason__in=[APPROVED_REASON, PENDING_REASON]).exists():
        return
    candidates = [
        carrier
        for carrier in Carrier.objects.filter(
            cabinet=box,
            state=CarrierState.IN_CABINET,
            copy_of__isnull=True,
            classification__lte=Classification.SECRET,
        ).order_by("number")
        if (missing is None or carrier.pk != missing.pk) and can(head.user, carrier)
    ]
    asked = []
    for carrier in candidates:
        requester = _requester(carrier, head)
        if requester is not None:
            asked.append((carrier, requester))
        if len(asked) == 2:
            break
    for (carrier, requester), reason in zip(asked, (APPROVED_REASON, PENDING_REASON), strict=False):
        request = inventory.copy_request(by=requester.user, carrier=carrier, copies=1, reason=reason)
        result.count("secrecy_copy_requests")
        if reason == APPROVED_REASON:
            inventory.copy_decide(
                by=head.user, request=request, approve=True, opinion="同意复制1份，用后及时交回机要室"
            )


def build_demo_inventory(result: DemoResult) -> None:
    head = _head()
    box = confidential_cabinet()
    if head is None or box is None:
        return
    missing = _count(result, box, head)
    if missing is None:
        found = (
            Inventory.objects.filter(cabinet=box)
            .order_by("pk")
            .values_list("discrepancies__carrier_id", flat=True)
            .first()
        )
        missing = Carrier.objects.filter(pk=found).first() if found else None
    _copies(result, box, head, missing)
