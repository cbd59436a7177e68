"""The inventory part's pages and API through their forms: a count with an unknown number is refused on the form
(400, the numbers named, nothing saved); a count is recorded and its report lists every discrepancy with what the
ledger says; a discrepancy is resolved from the report; a copy is asked for by the number written on the carrier
(full-width as typed) and approved from its page, its copy then named there; the API does the same."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from tests.secrecy.conftest import County, signed_in
from tests.secrecy.inventory_helpers import cabinet, carrier, carriers
from zhongshu.secrecy.models_carriers import Carrier, CopyRequest, CopyState, Inventory, InventoryDiscrepancy


def _cabinet(county: County) -> Any:
    box = cabinet(county.office, county.confidential_clerk)
    carriers("XWB-2026", 3, in_cabinet=box)
    carrier(
        "XWB-2026-0900", in_cabinet=cabinet(county.office, county.confidential_clerk, name="机要室2号专柜")
    )
    return box


def test_a_count_through_the_form_and_its_report(county: County) -> None:
    box = _cabinet(county)
    keeper = signed_in("jiyao")
    form = keeper.get("/secrecy/inventory/new/")
    assert form.status_code == 200 and "机要室1号专柜" in form.content.decode()
    today = timezone.localdate().isoformat()
    fields = {"cabinet": str(box.pk), "counted_on": today, "second_person": str(county.secrecy_head.pk)}
    refused = keeper.post("/secrecy/inventory/new/", {**fields, "found_numbers": "XWB-2026-0001\nxwb-2099-1"})
    assert refused.status_code == 400
    assert "以下编号不在涉密载体台账上，请核对后重新录入：XWB-2099-1" in refused.content.decode()
    assert not Inventory.objects.exists()
    found = "ｘｗｂ－２０２６－０００１\nXWB-2026-0002\nXWB-2026-0900"
    made = keeper.post("/secrecy/inventory/new/", {**fields, "found_numbers": found})
    count = Inventory.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/secrecy/inventory/{count.pk}/"
    report = keeper.get(made["Location"]).content.decode()
    assert "应在3件，实点3件；应在未见1件，位置不符1件，已注销仍在0件" in report
    assert "在柜：机要室1号专柜（县委办公室）" in report and "在柜：机要室2号专柜（县委办公室）" in report
    assert "钱保密" in report  # the witness
    listed = keeper.get("/secrecy/inventory/").content.decode()
    assert f'href="/secrecy/inventory/{count.pk}/"' in listed
    missing = InventoryDiscrepancy.objects.get(kind="missing")
    head = signed_in("baomi")
    done = head.post(
        f"/secrecy/inventory/discrepancies/{missing.pk}/resolve/", {"note": "系借阅未登记，已补登"}
    )
    assert done.status_code == 302
    assert "系借阅未登记，已补登" in head.get(f"/secrecy/inventory/{count.pk}/").content.decode()


def test_a_copy_asked_for_by_its_number_and_approved_from_its_page(county: County) -> None:
    _cabinet(county)
    original = Carrier.objects.get(number="XWB-2026-0001")
    original.need_to_know_people.add(county.leader)
    leader = signed_in("leader1")
    asked = leader.post(
        "/secrecy/inventory/copies/new/",
        {"carrier_number": "ｘｗｂ－２０２６－０００１", "copies": "1", "reason": "常委会学习"},
    )
    request = CopyRequest.objects.get()
    assert asked.status_code == 302 and asked["Location"] == f"/secrecy/inventory/copies/{request.pk}/"
    assert not Carrier.objects.filter(copy_of=original).exists()
    unknown = leader.post(
        "/secrecy/inventory/copies/new/", {"carrier_number": "XWB-2026-0002", "copies": "1", "reason": "学习"}
    )
    assert (
        unknown.status_code == 400 and "台账上没有您可以查看的载体XWB-2026-0002" in unknown.content.decode()
    )
    head = signed_in("baomi")
    page = head.get(f"/secrecy/inventory/copies/{request.pk}/").content.decode()
    assert 'data-action="approve"' in page and "涉密文件XWB-2026-0001" in page
    assert (
        'data-action="approve"' not in leader.get(f"/secrecy/inventory/copies/{request.pk}/").content.decode()
    )
    head.post(
        f"/secrecy/inventory/copies/{request.pk}/decide/",
        {"decision": "approve", "opinion": "同意", "version": "1"},
    )
    request.refresh_from_db()
    assert request.state == CopyState.APPROVED
    copy = Carrier.objects.get(copy_of=original)
    assert copy.number in leader.get(f"/secrecy/inventory/copies/{request.pk}/").content.decode()
    twice = head.post(
        f"/secrecy/inventory/copies/{request.pk}/decide/",
        {"decision": "refuse", "opinion": "不同意", "version": "2"},
    )
    assert twice.status_code == 302 and Carrier.objects.filter(copy_of=original).count() == 1


def test_the_api_counts_and_copies_with_the_same_rules(county: County) -> None:
    box = _cabinet(county)
    keeper = signed_in("jiyao")
    body = {
        "cabinet": box.pk,
        "counted_on": timezone.localdate().isoformat(),
        "found_numbers": "XWB-2099-0001",
    }
    refused = keeper.post("/api/secrecy/inventory/counts", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "unknown_number"
    body["found_numbers"] = "XWB-2026-0001\nXWB-2026-0002\nXWB-2026-0003"
    made = keeper.post("/api/secrecy/inventory/counts", json.dumps(body), content_type="application/json")
    assert made.status_code == 201
    answer = made.json()
    assert (answer["expected_count"], answer["found_count"], answer["lines"]) == (3, 3, [])
    original = Carrier.objects.get(number="XWB-2026-0002")
    asked = keeper.post(
        "/api/secrecy/inventory/copies",
        json.dumps({"carrier": original.pk, "copies": 2, "reason": "存档备查"}),
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["actions"] == []
    request_id = asked.json()["id"]
    decided = signed_in("baomi").post(
        f"/api/secrecy/inventory/copies/{request_id}/decide",
        json.dumps({"decision": "approve", "version": 1}),
        content_type="application/json",
    )
    assert decided.status_code == 200 and len(decided.json()["made"]) == 2
    again = signed_in("baomi").post(
        f"/api/secrecy/inventory/copies/{request_id}/decide",
        json.dumps({"decision": "approve", "version": 2}),
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "already_decided"
