"""The carriers pages and API: registering through the form (clear messages, nothing saved on bad input), setting
up a cabinet, a carrier's page offering exactly the movements open now and doing them, "my carriers", the API's
answers (201, English codes on refusal), and every page and audit line speaking Chinese."""

from __future__ import annotations

import json

from django.utils import timezone

from tests.secrecy.carriers_helpers import cabinet, carrier, fresh
from tests.secrecy.conftest import County, signed_in
from tests.web.test_vocabulary import codes_on_pages, unnamed_details
from zhongshu.secrecy.models_carriers import Cabinet, Carrier, CarrierState


def test_registering_through_the_form_and_its_refusals(county: County) -> None:
    place = cabinet(county)
    head = signed_in("baomi")
    assert head.get("/secrecy/carriers/new/").status_code == 200
    form = {
        "title": "市委关于某专项工作的机密通知",
        "classification": "3",
        "kind": "paper",
        "copy_number": "000012",
        "source": "市委办公室",
        "cabinet": str(place.pk),
        "custodian": str(county.confidential_clerk.pk),
    }
    for change, words in [
        ({"title": " "}, "请填写载体题名"),
        ({"classification": "1"}, "涉密载体台账只登记国家秘密载体"),
        ({"secrecy_term_years": "25"}, "机密事项的保密期限应在1至20年之间"),
        ({"custodian": str(county.office_clerk.pk)}, "周文书的涉密等级不能保管机密载体"),
        ({"copy_number": "12a"}, "份号应为不超过6位的数字"),
        ({"cabinet": ""}, "请选择在用的专柜"),
    ]:
        page = head.post("/secrecy/carriers/new/", {**form, **change})
        assert page.status_code == 400, change
        assert words in page.content.decode(), change
    assert not Carrier.objects.exists()
    done = head.post("/secrecy/carriers/new/", form)
    made = Carrier.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/secrecy/carriers/{made.pk}/"
    assert (made.copy_number, made.cabinet, made.owner_person) == ("000012", place, county.confidential_clerk)
    assert signed_in("wenshu").get("/secrecy/carriers/new/").status_code == 403


def test_setting_up_a_cabinet(county: County) -> None:
    head = signed_in("baomi")
    form = {
        "unit": str(county.office.pk),
        "name": "保密办专柜",
        "location": "二楼",
        "keeper": str(county.secrecy_head.pk),
    }
    assert (
        head.post("/secrecy/carriers/cabinets/", {**form, "keeper": str(county.clerks[1].pk)}).status_code
        == 400
    )
    assert head.post("/secrecy/carriers/cabinets/", form).status_code == 302
    assert head.post("/secrecy/carriers/cabinets/", form).status_code == 400  # the same name again
    assert Cabinet.objects.get().keeper == county.secrecy_head
    assert signed_in("wenshu").post("/secrecy/carriers/cabinets/", form).status_code == 403
    assert "保密办专柜" in signed_in("wenshu").get("/secrecy/carriers/cabinets/").content.decode()


def test_a_carrier_s_page_offers_the_movements_open_now_and_does_them(county: County) -> None:
    record = carrier(county, people=(county.director,))
    head = signed_in("baomi")
    page = head.get(f"/secrecy/carriers/{record.pk}/").content.decode()
    for action in ("borrow", "return_to_issuer", "destroy"):
        assert f'data-action="{action}"' in page, action
    assert 'data-action="return"' not in page and 'data-action="transfer"' not in page
    assert "在柜" in page and "机要室1号专柜" in page and "登记" in page
    # The office clerk may not lend (403); a bad borrower is refused with its reason and nothing changes.
    refused = head.post(
        f"/secrecy/carriers/{record.pk}/borrow/",
        {"version": "1", "borrower": str(county.leader.pk)},
        follow=True,
    )
    assert "王书记不在该载体的知悉范围内，不能借阅" in refused.content.decode()
    assert fresh(record).state == CarrierState.IN_CABINET
    lent = head.post(
        f"/secrecy/carriers/{record.pk}/borrow/",
        {"version": "1", "borrower": str(county.director.pk)},
        follow=True,
    )
    assert "已登记借阅" in lent.content.decode()
    assert fresh(record).state == CarrierState.LENT
    director = signed_in("zhuren")
    mine = director.get("/secrecy/carriers/mine/").content.decode()
    assert record.number in mine and f"{fresh(record).due_on:%Y-%m-%d}" in mine
    back = director.post(
        f"/secrecy/carriers/{record.pk}/return/", {"version": "2", "cabinet": str(cabinet(county).pk)}
    )
    assert back.status_code == 302 and fresh(record).state == CarrierState.IN_CABINET
    assert signed_in("baomi").post(f"/secrecy/carriers/{record.pk}/unknown/").status_code == 404
    timeline = head.get(f"/secrecy/carriers/{record.pk}/").content.decode()
    assert timeline.count('data-event="') == 3


def test_the_api_registers_moves_and_refuses_in_json(county: County) -> None:
    place = cabinet(county)
    head = signed_in("baomi")
    made = head.post(
        "/api/secrecy/carriers",
        json.dumps(
            {
                "title": "U盘一只（机密）",
                "classification": 3,
                "kind": "usb",
                "cabinet": place.pk,
                "custodian": county.confidential_clerk.pk,
                "need_to_know_people": [county.director.pk],
            }
        ),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["state"] == "in_cabinet" and body["actions"] == ["borrow", "return_to_issuer", "destroy"]
    assert body["number"] == f"XWB-{timezone.localdate().year}-000001"
    pk = body["id"]
    refused = head.post(
        f"/api/secrecy/carriers/{pk}/borrow",
        json.dumps({"borrower": county.office_clerk.pk}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "beyond_clearance"
    assert refused.json()["message"] == "周文书的涉密等级不能借阅机密载体"
    not_out = head.post(f"/api/secrecy/carriers/{pk}/return", json.dumps({}), content_type="application/json")
    assert (not_out.status_code, not_out.json()["code"]) == (409, "not_out")
    lent = head.post(
        f"/api/secrecy/carriers/{pk}/borrow",
        json.dumps({"borrower": county.director.pk, "version": 1}),
        content_type="application/json",
    )
    assert lent.status_code == 200 and lent.json()["custody"]["holder_id"] == county.director.pk
    stale = head.post(
        f"/api/secrecy/carriers/{pk}/return", json.dumps({"version": 1}), content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"


def test_the_pages_and_the_audit_log_speak_chinese(county: County) -> None:
    record = carrier(county, people=(county.director,))
    head = signed_in("baomi")
    head.post(f"/secrecy/carriers/{record.pk}/borrow/", {"borrower": str(county.office_clerk.pk)})
    head.post(f"/secrecy/carriers/{record.pk}/borrow/", {"borrower": str(county.director.pk)})
    head.get("/secrecy/carriers/export.xlsx")
    pages = {
        "baomi": [
            "/secrecy/carriers/",
            "/secrecy/carriers/?overdue=1",
            "/secrecy/carriers/new/",
            "/secrecy/carriers/cabinets/",
            "/secrecy/carriers/mine/",
            f"/secrecy/carriers/{record.pk}/",
        ],
        "zhuren": ["/secrecy/carriers/mine/", f"/secrecy/carriers/{record.pk}/"],
    }
    assert codes_on_pages(pages, signed_in) == {}
    assert unnamed_details("secrecy.carrier") == []
