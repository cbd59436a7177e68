"""The rosters part through its pages and API: generate, see, edit by hand, publish, print (the DOCX opened and
read), configure; bad input answered with a clear message and nothing saved."""

from __future__ import annotations

import io
import json
from datetime import date

from docx import Document

from tests.duty.conftest import signed_in
from zhongshu.duty import rosters
from zhongshu.duty.models import (
    Absence,
    AbsenceKind,
    AbsenceState,
    DutyEligibility,
    DutyRoster,
    RosterState,
    SensitivePeriod,
)


def test_generate_view_edit_and_publish_through_the_pages(county):
    client = signed_in("zhiban1")
    response = client.get("/duty/rosters/")
    assert response.status_code == 200 and "值班表" in response.content.decode()
    response = client.post(
        "/duty/rosters/new/", {"unit": county.office.pk, "starts_on": "2026-09-28", "ends_on": "2026-10-11"}
    )
    assert response.status_code == 302
    roster = DutyRoster.objects.get()
    page = client.get(f"/duty/rosters/{roster.pk}/").content.decode()
    for text in ("国庆节", "调休上班", "24小时", "带班领导", "值班员", "驾驶员", "星期四", "发布", "换人"):
        assert text in page, text
    shift = roster.shifts.get(day=date(2026, 9, 28), role__code="officer")
    other = next(p for p in county.duty_officers if p != shift.person)
    response = client.post(
        f"/duty/rosters/{roster.pk}/edit/", {"shift": shift.pk, "person": other.pk, "version": roster.version}
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.person == other
    # A stale version (the page was open before the edit): refused, the roster stays a draft.
    response = client.post(f"/duty/rosters/{roster.pk}/publish/", {"version": 1}, follow=True)
    assert "已被他人修改" in response.content.decode()
    assert DutyRoster.objects.get().state == RosterState.DRAFT
    client.post(f"/duty/rosters/{roster.pk}/publish/", {"version": 2})
    assert DutyRoster.objects.get().state == RosterState.PUBLISHED
    page = client.get(f"/duty/rosters/{roster.pk}/").content.decode()
    assert "换人" not in page and "删除草稿" not in page and "已发布" in page


def test_a_roster_with_nobody_on_a_holiday_day_is_refused_on_the_form(county):
    for person in county.duty_officers:
        Absence.objects.create(
            person=person,
            kind=AbsenceKind.LEAVE,
            starts_on=date(2026, 2, 17),
            ends_on=date(2026, 2, 17),
            reason="探亲",
            phone="1",
            state=AbsenceState.APPROVED,
            filed_by=person.user,
        )
    client = signed_in("zhuren")
    response = client.post(
        "/duty/rosters/new/", {"unit": county.office.pk, "starts_on": "2026-02-14", "ends_on": "2026-02-24"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "2026年02月17日（春节）无人担任值班员" in body
    assert not DutyRoster.objects.exists()
    # The API answers the same refusal with its English code.
    response = client.post(
        "/api/duty/rosters",
        json.dumps({"unit": county.office.pk, "starts_on": "2026-02-14", "ends_on": "2026-02-24"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "holiday_unstaffed"
    assert not DutyRoster.objects.exists()


def test_the_form_refuses_a_missing_date_and_a_year_without_a_calendar(county):
    client = signed_in("zhuren")
    response = client.post("/duty/rosters/new/", {"unit": county.office.pk, "starts_on": "2026-03-01"})
    assert response.status_code == 400 and "请填写结束日期" in response.content.decode()
    response = client.post(
        "/duty/rosters/new/", {"unit": county.office.pk, "starts_on": "2031-01-01", "ends_on": "2031-01-31"}
    )
    assert response.status_code == 400 and "2031年节假日安排尚未录入" in response.content.decode()
    assert not DutyRoster.objects.exists()


def _docx_text(data: bytes):
    document = Document(io.BytesIO(data))
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    return document, rows


def _east_asia(run) -> str:
    from docx.oxml.ns import qn

    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_printed_holiday_and_weekly_rosters_are_read_back(county):
    roster = rosters.roster_generate(
        county.director.user, county.office, date(2026, 9, 28), date(2026, 10, 11)
    )
    client = signed_in("leader1")
    response = client.get(f"/duty/rosters/{roster.pk}/docx/?scope=holiday")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document, rows = _docx_text(response.content)
    title = document.paragraphs[0]
    assert title.text == "县委办公室国庆节假期值班表"
    assert _east_asia(title.runs[0]) == "方正小标宋简体"
    assert rows[0] == ["日期", "星期", "带班领导", "值班员", "驾驶员", "值班电话"]
    assert _east_asia(document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]) == "黑体"
    assert _east_asia(document.tables[0].rows[1].cells[2].paragraphs[0].runs[0]) == "仿宋_GB2312"
    assert len(rows) == 1 + 7  # 10月1日 … 10月7日
    first = rows[1]
    assert first[0].startswith("10月1日") and "国庆节" in first[0] and "24小时" in first[0]
    assert first[1] == "星期四"
    shift = roster.shifts.get(day=date(2026, 10, 1), role__code="leader")
    assert first[2] == shift.person.name
    assert first[5] == county.duty_points["XWB"].phone
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    # The week of 10 October (a make-up working day, Saturday): Monday 5 to Sunday 11, office hours on the 10th.
    response = client.get(f"/duty/rosters/{roster.pk}/docx/?scope=week&day=2026-10-10")
    _, rows = _docx_text(response.content)
    assert [row[0].split("\n")[0] for row in rows[1:]] == [f"10月{d}日" for d in range(5, 12)]
    saturday = rows[1 + 5]
    assert saturday[1] == "星期六" and "24小时" not in saturday[0]
    assert "24小时" in rows[1 + 6][0]  # Sunday the 11th is a rest day


def test_the_api_generates_edits_and_publishes_with_actions(county):
    client = signed_in("yjj_zb")
    response = client.post(
        "/api/duty/rosters",
        json.dumps({"unit": county.emergency.pk, "starts_on": "2026-03-02", "ends_on": "2026-03-08"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    out = response.json()
    assert out["state"] == "draft" and out["actions"] == ["edit", "publish", "delete", "print"]
    saturday = next(d for d in out["days"] if d["day"] == "2026-03-07")
    assert saturday["rest"] and {s["kind"] for s in saturday["shifts"]} == {"full_day"}
    leader_shift = next(s for s in out["days"][0]["shifts"] if s["role"] == "leader")
    other = (
        county.emergency_deputy
        if leader_shift["person"]["id"] == county.emergency_head.pk
        else county.emergency_head
    )
    response = client.post(
        f"/api/duty/rosters/{out['id']}/shifts",
        json.dumps({"shift": leader_shift["id"], "person": county.water_head.pk, "version": out["version"]}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "not_eligible"
    response = client.post(
        f"/api/duty/rosters/{out['id']}/shifts",
        json.dumps({"shift": leader_shift["id"], "person": other.pk, "version": out["version"]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    out = response.json()
    response = client.post(
        f"/api/duty/rosters/{out['id']}/publish",
        json.dumps({"version": out["version"]}),
        content_type="application/json",
    )
    assert response.json()["state"] == "published" and response.json()["actions"] == ["print"]
    response = client.post(
        f"/api/duty/rosters/{out['id']}/delete", json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "roster_published"


def test_the_settings_page_adds_people_phones_and_periods(county):
    client = signed_in("slj_llr")
    page = client.get("/duty/rosters/settings/").content.decode()
    assert "轮值人员" in page and "值班电话" in page and "新增岗位" not in page  # roles are the duty room's
    response = client.post(
        "/duty/rosters/settings/eligibility/",
        {"unit": county.water.pk, "role": county.roles["leader"].pk, "person": county.water_head.pk},
    )
    assert response.status_code == 302
    assert DutyEligibility.objects.filter(unit=county.water, person=county.water_head).exists()
    response = client.post(
        "/duty/rosters/settings/eligibility/",
        {"unit": county.water.pk, "role": county.roles["leader"].pk, "person": county.water_liaison.pk},
    )
    assert response.status_code == 400 and "不是领导干部" in response.content.decode()
    response = client.post(
        "/duty/rosters/settings/duty_point/", {"unit": county.water.pk, "phone": "0000-7654321"}
    )
    assert response.status_code == 302
    # Another unit's settings are not his.
    response = client.post("/duty/rosters/settings/duty_point/", {"unit": county.office.pk, "phone": "1"})
    assert response.status_code == 403
    director = signed_in("zhuren")
    response = director.post(
        "/duty/rosters/settings/sensitive_period/",
        {"name": "全国两会", "starts_on": "2026-03-10", "ends_on": "2026-03-05"},
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    assert not SensitivePeriod.objects.exists()
    director.post(
        "/duty/rosters/settings/sensitive_period/",
        {"name": "全国两会", "starts_on": "2026-03-04", "ends_on": "2026-03-11"},
    )
    assert "全国两会" in director.get("/duty/rosters/settings/").content.decode()
