"""The carriers part's demo on the county of the tests (with the demo's 保密办, 机要科 and leader4 added under the
demo's usernames): two cabinets, the 机密 notice lent to leader4 and three days overdue (marked, in his 待办, the
reminder sent), carriers in the other states, and a 机密 document's printed copy on the ledger; built twice, it
adds nothing."""

from __future__ import annotations

from tests.secrecy.carriers_helpers import secret_document
from tests.secrecy.conftest import County
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.core.todos import todos_for
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_carriers import OVERDUE_TITLE, build_demo_carriers
from zhongshu.notifications.models import OutboxMessage
from zhongshu.secrecy import carriers
from zhongshu.secrecy.models_carriers import Cabinet, Carrier
from zhongshu.testing.factories import make_person


def test_the_demo_ledger_once(county: County) -> None:
    office, bmb, jyk = county.office, county.secrecy_department, county.confidential_department
    people = {
        username: make_person(
            name,
            unit=unit,
            department=department,
            roles=roles,
            clearance=Clearance.IMPORTANT,
            username=username,
        )
        for username, name, unit, department, roles in (
            ("xwb_bmb_kz", "保密科长", office, bmb, [Role.SECRECY_OFFICER]),
            ("xwb_bmb_1", "保密科员", office, bmb, [Role.SECRECY_OFFICER]),
            ("xwb_jyk_kz", "机要科长", office, jyk, [Role.CLERK]),
            ("xwb_jyk_1", "机要科员", office, jyk, [Role.CLERK]),
            ("leader4", "办公室主任常委", office, None, [Role.LEADER]),
        )
    }
    document = secret_document(county)
    document.need_to_know_people.add(people["xwb_jyk_1"])
    first = DemoResult()
    build_demo_carriers(first)
    assert first.created == {"secrecy_cabinets": 2, "secrecy_carriers": 8, "secrecy_printed_copies": 1}
    assert sorted(Cabinet.objects.values_list("name", flat=True)) == ["保密办专柜", "机要科1号专柜"]
    states = sorted(Carrier.objects.values_list("state", flat=True))
    # The 保密办's disk and the three papers of the 机要科's cabinet (which the inventory demo counts) in cabinets.
    assert states == ["destroyed", "held", "held", *["in_cabinet"] * 4, "lent", "returned_to_issuer"]
    lent = Carrier.objects.get(title=OVERDUE_TITLE)
    assert (lent.classification, lent.holder, carriers.days_overdue(lent)) == (3, people["leader4"], 3)
    assert [
        item.title for item in todos_for(people["leader4"].user) if item.kind == "secrecy.carrier_overdue"
    ] == [f"归还涉密载体：{lent.number}"]
    assert (
        OutboxMessage.objects.filter(kind="secrecy.carrier_overdue", recipient=people["leader4"].user).count()
        == 1
    )
    printed = Carrier.objects.get(source_id=document.pk)
    assert (printed.holder, printed.copy_number) == (people["xwb_jyk_1"], "000001")
    for record in Carrier.objects.all():
        assert carriers.custody_of(record.pk) == carriers.snapshot(record)
    again = DemoResult()
    build_demo_carriers(again)
    assert not again.changed and Carrier.objects.count() == 9
    assert OutboxMessage.objects.filter(kind="secrecy.carrier_overdue").count() == 1
