"""议定事项 → 督办事项 in one action: the item's source is the decision (会议议定事项), assigned at once to the
lead unit (it reaches that unit's 待办), twice refused; the pair is linked both ways and the meeting's page
shows each decision's supervision state. Meetings reach supervision only through core.instructions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.access.links import made_from, source_of
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.meetings.decisions import (
    meeting_decision_add,
    meeting_decision_remove,
    meeting_decision_supervise,
)
from zhongshu.meetings.models import MeetingDecision
from zhongshu.meetings.states import MeetingState
from zhongshu.supervision.models import Source, SupervisionItem
from zhongshu.supervision.states import ItemState

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(county):
    """A held meeting with two decisions, each with a lead unit and a deadline, recorded by the 文书."""
    meeting = county.make_meeting(
        "全县防汛工作调度会", state=MeetingState.NOTIFIED, units=[county.bureau, county.second_bureau]
    )
    deadline = timezone.localdate() + timedelta(days=20)
    first = meeting_decision_add(
        meeting=meeting,
        by=county.clerk.user,
        text="完成病险水库除险加固",
        lead_unit=county.bureau,
        leader=county.leaders[2],
        deadline=deadline,
    )
    second = meeting_decision_add(
        meeting=meeting,
        by=county.clerk.user,
        text="补齐乡镇防汛物资储备",
        lead_unit=county.second_bureau,
        deadline=deadline,
    )
    return meeting, first, second


def test_decisions_are_numbered_and_recorded_in_the_meeting(county, decided):
    meeting, first, second = decided
    assert (first.order, second.order) == (1, 2)
    meeting.refresh_from_db()
    assert [event.action for event in meeting.events.all()] == ["decision.add", "decision.add"]
    assert AuditEvent.objects.filter(action="meetings.decision.add").count() == 2
    with pytest.raises(ServiceError) as caught:
        meeting_decision_add(meeting=meeting, by=county.clerk.user, text="   ")
    assert caught.value.code == "decision_text_required"
    with pytest.raises(Forbidden) as caught:
        meeting_decision_add(meeting=meeting, by=county.bureau_liaison.user, text="另一事项")
    assert caught.value.code == "not_meeting_office"
    approved = county.make_meeting("未召开的会议", state=MeetingState.APPROVED)
    with pytest.raises(InvalidTransition) as caught:
        meeting_decision_add(meeting=approved, by=county.clerk.user, text="另一事项")
    assert caught.value.code == "meeting_not_held"
    assert MeetingDecision.objects.count() == 2


def test_two_decisions_become_items_in_the_lead_units_todo(county, decided):
    meeting, first, second = decided
    items = [
        meeting_decision_supervise(decision=decision, by=county.director.user) for decision in (first, second)
    ]
    for item, decision in zip(items, (first, second), strict=True):
        item = SupervisionItem.objects.get(pk=item.pk)
        assert (item.source, item.state, item.title, item.lead_unit) == (
            Source.MEETING_DECISION,
            ItemState.ASSIGNED,
            decision.text,
            decision.lead_unit,
        )
        assert item.deadline == decision.deadline
        assert item.source_note == f"全县防汛工作调度会议定事项（第{decision.order}项）"
    assert SupervisionItem.objects.get(pk=items[0].pk).leader == county.leaders[2]
    # 待签收 in each lead unit's 待办
    bureau_todos = [todo.title for todo in todos_for(county.bureau_liaison.user)]
    assert "待签收：完成病险水库除险加固" in bureau_todos
    assert "待签收：补齐乡镇防汛物资储备" not in bureau_todos
    second_todos = [todo.title for todo in todos_for(county.second_head.user)]
    assert "待签收：补齐乡镇防汛物资储备" in second_todos
    first.refresh_from_db()
    assert first.supervised_at is not None
    assert meeting.events.filter(action="decision.supervise").count() == 2
    assert AuditEvent.objects.get(
        action="meetings.decision.supervise", details__decision=first.pk
    ).details == {
        "decision": first.pk,
        "item": items[0].pk,
    }


def test_twice_is_refused_and_nothing_more_is_opened(county, decided):
    _, first, _ = decided
    meeting_decision_supervise(decision=first, by=county.director.user)
    with pytest.raises(InvalidTransition) as caught:
        meeting_decision_supervise(decision=first, by=county.director.user)
    assert caught.value.code == "decision_already_supervised"
    assert SupervisionItem.objects.count() == 1
    # a supervised decision stays: its item names it
    with pytest.raises(InvalidTransition) as caught:
        meeting_decision_remove(decision=first, by=county.clerk.user)
    assert caught.value.code == "decision_already_supervised"


def test_only_whom_supervision_allows_turns_a_decision_into_an_item(county, decided):
    _, first, _ = decided
    with pytest.raises(Forbidden) as caught:
        meeting_decision_supervise(decision=first, by=county.clerk.user)
    assert caught.value.code == "not_supervisor"
    assert not SupervisionItem.objects.exists()


def test_a_refusal_by_supervision_leaves_the_decision_unsupervised(county, decided):
    _, first, _ = decided
    MeetingDecision.objects.filter(pk=first.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ServiceError) as caught:
        meeting_decision_supervise(decision=first, by=county.director.user)
    assert caught.value.code == "deadline_before_assignment"
    first.refresh_from_db()
    assert first.supervised_at is None and not SupervisionItem.objects.exists()


def test_linked_both_ways_with_the_items_state(county, decided):
    meeting, first, second = decided
    item = meeting_decision_supervise(decision=first, by=county.director.user)
    source = source_of(SupervisionItem.objects.get(pk=item.pk), county.director.user)
    assert (source.noun, source.title, source.url) == (
        "会议议定事项",
        "完成病险水库除险加固",
        f"/meetings/{meeting.pk}/#decision-{first.pk}",
    )
    (link,) = made_from(first, county.director.user)
    assert (link.noun, link.id, link.state) == ("督查事项", item.pk, "待签收")
    assert made_from(second, county.director.user) == []
    # the item's page names its source, the meeting's page the item and its state
    director = signed_in("zhuren")
    page = director.get(f"/supervision/items/{item.pk}/").content.decode()
    assert (
        f'来源：会议议定事项<a href="/meetings/{meeting.pk}/#decision-{first.pk}">《完成病险水库除险加固》</a>'
        in page
    )
    page = director.get(f"/meetings/{meeting.pk}/").content.decode()
    assert (
        f'<a href="/supervision/items/{item.pk}/">督查事项</a><span class="nowrap">（待签收）</span>' in page
    )
    assert '<span class="muted">未转督办</span>' in page  # the second decision
    assert page.count('data-action="supervise"') == 1
    # the lead unit receives it: its state changes on the meeting's page
    from zhongshu.supervision.services import supervision_item_receive

    supervision_item_receive(item=SupervisionItem.objects.get(pk=item.pk), by=county.bureau_liaison.user)
    page = director.get(f"/meetings/{meeting.pk}/").content.decode()
    assert '<span class="nowrap">（办理中）</span>' in page


def test_an_attendee_who_may_not_see_the_item_sees_only_that_it_was_supervised(county, decided):
    meeting, first, _ = decided
    meeting_decision_supervise(decision=first, by=county.director.user)
    # 周局长 (县应急管理局) sees the meeting, not the 水利局's item
    page = signed_in("yjj_jz").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "已转为督办事项" in page and "/supervision/items/" not in page
    assert 'data-action="supervise"' not in page and 'data-action="record_decision"' not in page


def test_the_page_records_supervises_and_removes(county):
    meeting = county.make_meeting("全县防汛工作调度会", state=MeetingState.NOTIFIED)
    director = signed_in("zhuren")
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = director.post(
        f"/meetings/{meeting.pk}/decisions/",
        {"text": "开展汛前隐患排查", "lead_unit": county.bureau.pk, "deadline": deadline, "version": 1},
    )
    assert response.status_code == 302
    decision = MeetingDecision.objects.get()
    assert (decision.text, decision.lead_unit, str(decision.deadline)) == (
        "开展汛前隐患排查",
        county.bureau,
        deadline,
    )
    response = director.post(f"/meetings/{meeting.pk}/decisions/{decision.pk}/supervise/")
    assert response.status_code == 302
    assert SupervisionItem.objects.get().source_id == decision.pk
    again = director.post(f"/meetings/{meeting.pk}/decisions/{decision.pk}/supervise/")
    assert again.status_code == 409 and "该议定事项已转为督办事项" in again.content.decode()
    other = MeetingDecision.objects.create(meeting=meeting, order=2, text="另一事项")
    meeting.refresh_from_db()
    response = director.post(
        f"/meetings/{meeting.pk}/decisions/{other.pk}/remove/", {"version": meeting.version}
    )
    assert response.status_code == 302 and not MeetingDecision.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"text": ""}, "decision_text_required"),
        ({"text": "事项", "lead_unit": 999999}, "unknown_unit"),
        ({"text": "事项", "deadline": "明天"}, "bad_date"),
        ({"text": "事项" * 200}, "too_long"),
    ],
)
def test_page_and_api_refuse_the_same_bad_input_alike(county, data, code):
    meeting = county.make_meeting("全县防汛工作调度会", state=MeetingState.NOTIFIED)
    client = signed_in("wenshu")
    page = client.post(f"/meetings/{meeting.pk}/decisions/", data)
    api = client.post(f"/api/meetings/{meeting.pk}/decisions", data, content_type="application/json")
    assert page.status_code == api.status_code == 400
    assert api.json()["code"] == code
    assert api.json()["message"] in page.content.decode()
    assert not MeetingDecision.objects.exists()


def test_the_api_lists_records_and_supervises(county, decided):
    meeting, first, _ = decided
    client = signed_in("zhuren")
    rows = client.get(f"/api/meetings/{meeting.pk}/decisions").json()
    assert [(row["order"], row["actions"]) for row in rows] == [
        (1, ["supervise", "remove"]),
        (2, ["supervise", "remove"]),
    ]
    response = client.post(
        f"/api/meetings/{meeting.pk}/decisions/{first.pk}/supervise", {}, content_type="application/json"
    )
    assert response.status_code == 200
    row = response.json()[0]
    item = SupervisionItem.objects.get()
    assert row["items"] == [
        {
            "kind": "supervision.supervisionitem",
            "id": item.pk,
            "title": "完成病险水库除险加固",
            "url": f"/supervision/items/{item.pk}/",
            "state": "待签收",
        }
    ]
    assert row["actions"] == [] and row["supervised_at"]
    again = client.post(
        f"/api/meetings/{meeting.pk}/decisions/{first.pk}/supervise", {}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "decision_already_supervised"
    # a decision of another meeting is not found under this one
    other = county.make_meeting("另一会议", state=MeetingState.NOTIFIED)
    assert client.get(f"/api/meetings/{other.pk}/decisions").json() == []
    assert (
        client.post(
            f"/api/meetings/{other.pk}/decisions/{first.pk}/supervise", {}, content_type="application/json"
        ).status_code
        == 404
    )
