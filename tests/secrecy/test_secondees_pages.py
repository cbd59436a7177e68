"""The secondees' pages and API as the 保密办 uses them: the table with each secondee's stage, missing steps and
days left; registering one with the person picker's values; the secondment's page in its four sections with the
form of the next step; a refusal shown on the page in words (and in the API as code and message)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import time_machine

from tests.secrecy.conftest import County, signed_in
from tests.secrecy.secondees_helpers import in_post, make_secondee, moment, register
from zhongshu.secrecy.models_secondees import Secondment, SecondmentStep

TODAY = date(2026, 11, 10)


@time_machine.travel(moment(TODAY), tick=False)
def test_the_table_shows_where_each_secondee_stands(county: County) -> None:
    in_post(county, TODAY, person=make_secondee(county))
    register(
        county, make_secondee(county, username="cgz_gb2"), starts_on=TODAY, ends_on=TODAY + timedelta(days=9)
    )
    page = signed_in("baomi").get("/secrecy/secondees/")
    text = page.content.decode()
    assert page.status_code == 200
    for words in (
        "跟班学习人员情况",
        "在岗",
        "待审查",
        "派出单位审查、保密教育培训、签订保密承诺书",
        "14天",
        "9天",
        "登记跟班学习人员",
    ):
        assert words in text, words
    assert 'data-stage="in_post"' in text


@time_machine.travel(moment(TODAY), tick=False)
def test_registering_and_recording_steps_through_the_pages(county: County) -> None:
    person = make_secondee(county)
    client = signed_in("baomi")
    form = client.get("/secrecy/secondees/new/").content.decode()
    assert "跟班处室" in form and "保密联络员" in form
    refused = client.post(
        "/secrecy/secondees/new/",
        {
            "person": person.pk,
            "host_department": county.general_department.pk,
            "liaison": county.secrecy_officer.pk,  # of the 保密办, not the 综合科
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-30",
        },
    )
    assert refused.status_code == 400
    assert "保密联络员须为跟班处室（综合科）的工作人员" in refused.content.decode()
    assert not Secondment.objects.exists()
    made = client.post(
        "/secrecy/secondees/new/",
        {
            "person": person.pk,
            "host_department": county.general_department.pk,
            "liaison": county.office_clerk.pk,
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-30",
            "needs": "参与综合文稿起草",
        },
    )
    secondment = Secondment.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/secrecy/secondees/{secondment.pk}/"
    page = client.get(made["Location"]).content.decode()
    for words in ("基本情况", "上岗前", "在岗期间", "离岗", "待审查", "登记派出单位审查", "城关镇"):
        assert words in page, words
    assert 'data-action="training"' not in page
    step = client.post(
        f"/secrecy/secondees/{secondment.pk}/step/",
        {"kind": "vetting", "done_on": "2026-10-25", "done_by": county.unit_heads[1].pk, "version": 1},
        follow=True,
    )
    assert "已登记派出单位审查" in step.content.decode()
    assert 'data-action="training"' in step.content.decode()
    # Out of order: the reminder talk before the secondee started is refused in words, nothing recorded.
    talk = client.post(
        f"/secrecy/secondees/{secondment.pk}/step/",
        {"kind": "reminder_talk", "done_on": "2026-11-09"},
        follow=True,
    )
    assert "跟班学习人员尚未上岗（未完成：保密教育培训、签订保密承诺书）" in talk.content.decode()
    assert SecondmentStep.objects.filter(kind="reminder_talk").count() == 0


@time_machine.travel(moment(TODAY), tick=False)
def test_the_api_registers_records_and_refuses_with_code_and_message(county: County) -> None:
    person = make_secondee(county)
    client = signed_in("baomi")
    body = {
        "person": person.pk,
        "host_department": county.general_department.pk,
        "liaison": county.office_clerk.pk,
        "starts_on": "2026-11-20",
        "ends_on": "2026-11-01",
    }
    refused = client.post("/api/secrecy/secondees", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "ends_before_starts" and "不能早于开始日期" in refused.json()["message"]
    body["ends_on"] = "2026-12-20"
    made = client.post("/api/secrecy/secondees", json.dumps(body), content_type="application/json")
    assert made.status_code == 201
    answer = made.json()
    assert (answer["stage"], answer["stage_label"], answer["days_left"]) == ("vetting", "待审查", 40)
    assert answer["actions"] == ["vetting", "liaison"]
    step = client.post(
        f"/api/secrecy/secondees/{answer['id']}/steps",
        json.dumps({"kind": "training", "done_on": "2026-11-09"}),
        content_type="application/json",
    )
    assert step.status_code == 409 and step.json()["code"] == "out_of_order"
    listed = client.get("/api/secrecy/secondees").json()["secondments"]
    assert [row["stage_label"] for row in listed] == ["待审查"]


@time_machine.travel(moment(TODAY), tick=False)
def test_the_leaving_section_names_a_held_carrier_only_to_who_may_see_it(county: County) -> None:
    """The liaison (周文书) looks after the secondee but is not on the carrier's ledger: he sees that one carrier is
    still out, not its number; the secrecy office sees the number."""
    from zhongshu.base.levels import Classification
    from zhongshu.secrecy.models_carriers import Carrier, CarrierState

    secondment = in_post(county, TODAY)
    Carrier.objects.create(
        number="XWB-2026-000321",
        title="某秘密级会议材料",
        registered_by=county.secrecy_head.user,
        classification=Classification.CONFIDENTIAL,
        owner_unit=county.office,
        owner_person=county.confidential_clerk,
        state=CarrierState.LENT,
        holder=secondment.person,
        due_on=TODAY,
    )
    url = f"/secrecy/secondees/{secondment.pk}/"
    liaison = signed_in("wenshu").get(url).content.decode()
    assert "尚有1件未退还" in liaison and "XWB-2026-000321" not in liaison
    office = signed_in("baomi").get(url).content.decode()
    assert "尚有1件未退还（XWB-2026-000321）" in office
    assert "某秘密级会议材料" not in liaison + office
