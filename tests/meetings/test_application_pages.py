"""申请会议 on the page and through the API: the same contract and service, the same refusals with the same
codes; the form shows conflicts and suggested slots and takes one in one click; the meeting page's
application section offers exactly the rules' actions."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.meetings.conftest import signed_in
from tests.meetings.test_application import at, plan
from zhongshu.meetings import application
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Meeting, MeetingType
from zhongshu.meetings.states import MeetingState
from zhongshu.workflow.models import Step
from zhongshu.workflow.states import StepState


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form(county, **fields):
    values = {
        "title": "防汛工作专题会",
        "meeting_type": MeetingType.TOPIC,
        "starts_at": local(at(10)),
        "ends_at": local(at(10, 11)),
        "purpose": "部署汛期工作",
        "room": str(county.rooms["small"].pk),
        "people": [str(county.leaders[2].pk), str(county.bureau_head.pk)],
        "units": [str(county.second_bureau.pk)],
        "topics": "汛期形势分析\n物资储备",
    }
    values.update(fields)
    return values


def api_body(county, **fields):
    body = form(county, **fields)
    body["people"] = [int(pk) for pk in body["people"]]
    body["units"] = [int(pk) if str(pk).isdigit() else pk for pk in body["units"]]
    body["room"] = int(body["room"]) if body["room"] else None
    body["topics"] = body["topics"].splitlines()
    return body


def post_api(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_apply_page_saves_a_draft_and_opens_the_meeting(county):
    client = signed_in("slj_llr")
    page = client.get("/meetings/apply/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="office-form' in html and "申请会议" in html
    response = client.post("/meetings/apply/", form(county))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.state == MeetingState.DRAFT
    assert list(meeting.topics.values_list("title", flat=True)) == ["汛期形势分析", "物资储备"]
    shown = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="submit"' in shown and 'data-action="edit"' in shown


def test_start_and_length_make_the_end(county):
    client = signed_in("slj_llr")
    client.post("/meetings/apply/", form(county, ends_at="", duration_minutes="90"))
    meeting = Meeting.objects.get()
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)


def test_choosing_the_towns_group_invites_every_town(county):
    body = api_body(county, units=["group:towns"])
    response = post_api(signed_in("slj_llr"), "/api/meetings/", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["towns_must_attend"] is True
    assert sorted(data["units"]) == sorted(town.pk for town in county.towns)


@pytest.mark.parametrize(
    ("fields", "code", "text"),
    [
        ({"ends_at": None}, "meeting_ends_before_start", "结束时间应晚于开始时间"),
        ({"expected_count": "30"}, "room_over_capacity", "只能容纳12人"),
        ({"starts_at": "明天上午"}, "bad_datetime", "开始时间格式不正确"),
        ({"meeting_type": "party"}, "unknown_meeting_type", "未知的会议类型"),
        ({"people": ["999999"]}, "unknown_person", "参会人员不存在"),
    ],
)
def test_page_and_api_refuse_the_same_bad_input_with_the_same_code(county, fields, code, text):
    if fields.get("ends_at", "") is None:
        fields = {"ends_at": local(at(10, 8))}
    client = signed_in("slj_llr")
    page = client.post("/meetings/apply/", form(county, **fields))
    assert page.status_code == 400
    assert text in page.content.decode()
    body = api_body(county, **fields)
    if "expected_count" in fields:
        body["expected_count"] = int(fields["expected_count"])
    api = post_api(client, "/api/meetings/", body)
    assert api.status_code == 400
    assert api.json()["code"] == code
    assert text in api.json()["message"]
    assert not Meeting.objects.exists()


def test_a_conflict_is_shown_with_suggested_slots_and_one_click_takes_a_slot(county):
    county.make_meeting("县长办公会", starts_at=at(10, 9), attendees=[county.leaders[2]], room="first")
    client = signed_in("slj_llr")
    refused = client.post("/meetings/apply/", form(county))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "时间冲突" in html
    assert 'data-testid="conflicts"' in html and "陈副县长" in html
    slots = re.findall(r'name="take_slot" value="([^"]+)"', html)
    assert slots, "no suggested slot"
    taken = client.post("/meetings/apply/", {**form(county), "take_slot": slots[0]})
    assert taken.status_code == 200
    html = taken.content.decode()
    start, end = slots[0].split("|")
    assert f'value="{start}"' in html and f'value="{end}"' in html
    assert 'data-testid="no-conflict"' in html
    assert not Meeting.objects.filter(title="防汛工作专题会").exists()  # checking saves nothing
    saved = client.post("/meetings/apply/", {**form(county), "starts_at": start, "ends_at": end})
    assert saved.status_code == 302
    assert Meeting.objects.filter(title="防汛工作专题会").exists()


def test_the_api_check_lists_conflicts_and_slots(county):
    county.make_meeting("县长办公会", starts_at=at(10, 9), attendees=[county.leaders[2]], room="first")
    response = post_api(signed_in("slj_llr"), "/api/meetings/check", api_body(county))
    assert response.status_code == 200
    data = response.json()
    assert data["conflicts"][0]["who"] == "陈副县长"
    assert len(data["slots"]) >= 1


def test_the_office_keeps_a_conflict_with_a_reason_on_the_page(county):
    county.make_meeting("县长办公会", starts_at=at(10, 9), attendees=[county.leaders[2]], room="first")
    liaison = signed_in("slj_llr")
    assert "conflict_override" not in liaison.get("/meetings/apply/").content.decode()
    clerk = signed_in("wenshu")
    response = clerk.post("/meetings/apply/", form(county, conflict_override="书记指示本周召开"))
    assert response.status_code == 302
    assert Meeting.objects.get(title="防汛工作专题会").conflict_override == "书记指示本周召开"


def _submitted(county) -> Meeting:
    meeting = application.meeting_apply(by=county.bureau_liaison.user, plan=plan(county))
    return application.meeting_submit(meeting=meeting, by=county.bureau_liaison.user)


def test_the_director_approves_on_the_meeting_page(county):
    meeting = _submitted(county)
    director = signed_in("zhuren")
    html = director.get(f"/meetings/{meeting.pk}/").content.decode()
    for action in ("approve", "return", "refuse", "merge"):
        assert f'data-action="{action}"' in html
    response = director.post(
        f"/meetings/{meeting.pk}/application/approve/", {"opinion": "同意", "version": meeting.version}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED


def test_refusing_without_a_reason_shows_the_message_and_changes_nothing(county):
    meeting = _submitted(county)
    director = signed_in("zhuren")
    response = director.post(f"/meetings/{meeting.pk}/application/refuse/", {"reason": ""})
    assert response.status_code == 400
    assert "请填写不予批准的理由" in response.content.decode()
    api = post_api(director, f"/api/meetings/{meeting.pk}/refuse", {"reason": ""})
    assert api.status_code == 400 and api.json()["code"] == "reason_required"
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PENDING


def test_merge_on_the_page_and_both_pages_say_so(county):
    target = county.make_meeting("全县防汛工作调度会", starts_at=at(11), room="first")
    meeting = _submitted(county)
    director = signed_in("zhuren")
    response = director.post(
        f"/meetings/{meeting.pk}/application/merge/", {"into": target.pk, "reason": "同类"}
    )
    assert response.status_code == 302
    merged_page = director.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'href="/meetings/{target.pk}/"' in merged_page and "并入会议" in merged_page
    target_page = director.get(f"/meetings/{target.pk}/").content.decode()
    assert 'data-testid="merged-in"' in target_page and meeting.title in target_page


def test_the_api_returns_the_rules_actions(county):
    meeting = _submitted(county)
    for username in ("zhuren", "slj_llr", "wenshu"):
        client = signed_in(username)
        data = client.get(f"/api/meetings/{meeting.pk}").json()
        from zhongshu.accounts.models import User

        assert data["actions"] == RULES.available(User.objects.get(username=username), meeting)
    assert "approve" in signed_in("zhuren").get(f"/api/meetings/{meeting.pk}").json()["actions"]


def test_submitting_through_the_api_and_approving_on_the_step_page(county):
    client = signed_in("slj_llr")
    created = post_api(client, "/api/meetings/", api_body(county)).json()
    submitted = post_api(client, f"/api/meetings/{created['id']}/submit", {"version": created["version"]})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == MeetingState.PENDING
    step = Step.objects.get(workflow_id=submitted.json()["workflow"], state=StepState.OPEN)
    director = signed_in("zhuren")
    page = director.get(f"/workflow/steps/{step.pk}/")
    assert page.status_code == 200
    response = director.post(f"/workflow/steps/{step.pk}/approve/", {"opinion": "同意"})
    assert response.status_code in (200, 302)
    assert Meeting.objects.get(pk=created["id"]).state == MeetingState.APPROVED


def test_the_returned_application_is_in_the_applicants_todo(county):
    from zhongshu.core.todos import todos_for
    from zhongshu.meetings.approval import meeting_return

    meeting = _submitted(county)
    meeting_return(meeting=meeting, by=county.director.user, reason="请补充议题")
    items = [item for item in todos_for(county.bureau_liaison.user) if item.kind == "meetings.returned"]
    assert [item.title for item in items] == [f"会议申请被退回：{meeting.title}"]
    assert items[0].note == "请补充议题"
    director_items = todos_for(county.director.user)
    assert not any(item.kind == "meetings.returned" for item in director_items)


def test_the_edit_page_is_for_the_applicant_of_a_draft(county):
    meeting = application.meeting_apply(by=county.bureau_liaison.user, plan=plan(county))
    assert signed_in("slj_llr").get(f"/meetings/{meeting.pk}/edit/").status_code == 200
    assert (
        signed_in("leader3").get(f"/meetings/{meeting.pk}/edit/").status_code == 403
    )  # invited, not applicant
    assert signed_in("lyj_llr").get(f"/meetings/{meeting.pk}/edit/").status_code == 404  # may not see it
    response = signed_in("slj_llr").post(
        f"/meetings/{meeting.pk}/edit/", form(county, title="防汛专题会（修改）", version=meeting.version)
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "防汛专题会（修改）"


def test_the_directors_pending_application_is_in_the_workflows_todo(county):
    from zhongshu.core.todos import todos_for

    meeting = _submitted(county)
    titles = [item.title for item in todos_for(county.director.user)]
    assert any(meeting.title in title for title in titles), titles
    html = signed_in("zhuren").get("/").content.decode()
    assert meeting.title in html
