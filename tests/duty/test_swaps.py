"""换班: requested by the person on the shift (or the duty room), decided by the unit's duty manager on the
workflow app; refused onto someone away, on duty, not eligible, on a begun shift, or twice; withdrawn by the
requester; the notices go through the outbox."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.duty.conftest import signed_in
from zhongshu.core.errors import ServiceError
from zhongshu.duty import swaps
from zhongshu.duty.models import (
    Absence,
    AbsenceKind,
    AbsenceState,
    DutyShift,
    ShiftSwap,
    SwapState,
)
from zhongshu.notifications.models import OutboxMessage
from zhongshu.workflow.models import Step, Workflow
from zhongshu.workflow.services import step_approve
from zhongshu.workflow.states import StepState, WorkflowState

DAY = date(2027, 10, 2)  # 国庆 2027, well after the test machine's clock


def _request(county, shift, to_person, *, by=None, reason="家中有事"):
    return swaps.swap_request(shift=shift, to_person=to_person, reason=reason, by=by or shift.person.user)


def _absence(county, person, first, last, state=AbsenceState.APPROVED):
    return Absence.objects.create(
        person=person,
        kind=AbsenceKind.LEAVE,
        starts_on=first,
        ends_on=last,
        reason="病假",
        phone="13800000000",
        state=state,
        filed_by=person.user,
    )


def test_approver_is_the_office_director_for_the_office_and_the_head_for_a_bureau(county):
    assert swaps.swap_approver(county.office) == county.director
    assert swaps.swap_approver(county.emergency) == county.emergency_head
    assert swaps.swap_approver(county.towns[0]) == county.director  # a town with no leader: the director


def test_a_swap_approved_on_the_workflow_moves_the_shift(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY, full_day=True)
    swap = _request(county, shift, li)
    assert swap.state == SwapState.PENDING
    step = Step.objects.get(workflow=swap.workflow, state=StepState.OPEN)
    assert step.assignee == county.director
    # the approver hears of it in his 待办 (the workflow's notice), the two people concerned too
    kinds = set(OutboxMessage.objects.values_list("kind", "recipient__username"))
    assert ("workflow.step_open", "zhuren") in kinds
    assert ("duty.swap_requested", "zhiban2") in kinds
    # decided on the workflow's own step (not the duty page): the hook moves the shift
    step_approve(step=step, by=county.director.user, opinion="同意")
    swap.refresh_from_db()
    shift.refresh_from_db()
    assert swap.state == SwapState.APPROVED
    assert swap.decided_by == county.director.user
    assert shift.person == li
    assert Workflow.objects.get(pk=swap.workflow_id).state == WorkflowState.APPROVED
    assert OutboxMessage.objects.filter(kind="duty.swap_approved", recipient=zhang.user).exists()


def test_a_swap_refused_onto_someone_on_leave(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY)
    _absence(county, li, DAY - timedelta(days=1), DAY + timedelta(days=1))
    with pytest.raises(ServiceError) as refused:
        _request(county, shift, li)
    assert refused.value.code == "person_away"
    assert "李值班" in refused.value.message and "请假" in refused.value.message
    assert not ShiftSwap.objects.exists() and not Workflow.objects.exists()


def test_a_pending_leave_counts_and_a_refused_one_does_not(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY)
    leave = _absence(county, li, DAY, DAY, state=AbsenceState.PENDING)
    with pytest.raises(ServiceError):
        _request(county, shift, li)
    leave.state = AbsenceState.REFUSED
    leave.save()
    assert _request(county, shift, li).state == SwapState.PENDING


def test_a_swap_refused_onto_someone_on_duty_at_an_overlapping_time(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY + timedelta(days=1))  # 08:30–17:30 the next day
    county.put_shift(li, DAY, full_day=True)  # ends at 08:30 as zhang begins: no overlap by itself
    county.put_shift(li, DAY + timedelta(days=1), role="driver")  # and on the same day as driver
    with pytest.raises(ServiceError) as refused:
        _request(county, shift, li)
    assert refused.value.code == "person_on_duty"
    assert not ShiftSwap.objects.exists()


def test_a_shift_that_ends_as_the_other_begins_does_not_overlap(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY, full_day=True)
    county.put_shift(li, DAY + timedelta(days=1))  # starts 08:30 next day, when zhang's ends
    assert _request(county, shift, li).state == SwapState.PENDING


def test_a_swap_refused_onto_someone_not_eligible_for_the_role(county):
    shift = county.put_shift(county.duty_officers[0], DAY)
    with pytest.raises(ServiceError) as refused:
        _request(county, shift, county.driver)
    assert refused.value.code == "not_eligible"
    with pytest.raises(ServiceError) as same:
        _request(county, shift, county.duty_officers[0])
    assert same.value.code == "same_person"
    assert not ShiftSwap.objects.exists()


def test_a_shift_already_begun_or_past_cannot_be_swapped(county):
    past = timezone.localdate() - timedelta(days=2)
    shift = county.put_shift(county.duty_officers[0], past)
    with pytest.raises(ServiceError) as refused:
        _request(county, shift, county.duty_officers[1])
    assert refused.value.code == "shift_past"
    # frozen clock: the same future shift, asked at 09:00 on its day, has begun
    future = county.put_shift(county.duty_officers[0], DAY)
    nine = timezone.make_aware(datetime(DAY.year, DAY.month, DAY.day, 9, 0))
    with pytest.raises(ServiceError):
        swaps.swap_request(
            shift=future, to_person=county.duty_officers[1], reason="x", by=future.person.user, now=nine
        )
    assert not ShiftSwap.objects.exists()


def test_two_pending_swaps_of_one_shift_are_refused(county):
    shift = county.put_shift(county.duty_officers[0], DAY)
    _request(county, shift, county.duty_officers[1])
    with pytest.raises(ServiceError) as refused:
        _request(county, shift, county.duty_officers[2])
    assert refused.value.code == "swap_pending"
    assert ShiftSwap.objects.count() == 1 and Workflow.objects.count() == 1


def test_reason_is_required(county):
    shift = county.put_shift(county.duty_officers[0], DAY)
    with pytest.raises(ServiceError) as refused:
        _request(county, shift, county.duty_officers[1], reason="  ")
    assert refused.value.code == "reason_required"
    assert not ShiftSwap.objects.exists()


def test_only_the_person_on_the_shift_or_the_duty_room_may_ask(county):
    shift = county.put_shift(county.duty_officers[0], DAY)
    with pytest.raises(ServiceError) as refused:
        _request(county, shift, county.duty_officers[1], by=county.water_liaison.user)
    assert refused.value.code == "not_on_shift"
    # the duty room asks for him
    swap = _request(county, shift, county.duty_officers[1], by=county.duty_officers[2].user)
    assert swap.requested_by == county.duty_officers[2].user


def test_refuse_and_withdraw(county):
    zhang, li, wang = county.duty_officers
    shift = county.put_shift(zhang, DAY)
    swap = _request(county, shift, li)
    with pytest.raises(ServiceError) as not_approver:
        swaps.swap_refuse(swap=swap, by=zhang.user, reason="不行")
    assert not_approver.value.code == "not_approver"
    with pytest.raises(ServiceError) as no_reason:
        swaps.swap_refuse(swap=swap, by=county.director.user, reason="")
    assert no_reason.value.code == "reason_required"
    swap = swaps.swap_refuse(swap=swap, by=county.director.user, reason="节日人手紧")
    assert swap.state == SwapState.REFUSED and swap.decision_note == "节日人手紧"
    shift.refresh_from_db()
    assert shift.person == zhang
    assert OutboxMessage.objects.filter(kind="duty.swap_refused", recipient=zhang.user).exists()
    # a new request, withdrawn by its requester (not by someone else)
    again = _request(county, shift, wang)
    with pytest.raises(ServiceError) as not_requester:
        swaps.swap_withdraw(swap=again, by=county.director.user)
    assert not_requester.value.code == "not_requester"
    again = swaps.swap_withdraw(swap=again, by=zhang.user)
    assert again.state == SwapState.WITHDRAWN
    assert Workflow.objects.get(pk=again.workflow_id).state == WorkflowState.CANCELLED
    with pytest.raises(ServiceError) as closed:
        swaps.swap_approve(swap=again, by=county.director.user)
    assert closed.value.code == "swap_not_pending"


def test_approval_checks_again_under_the_lock(county):
    """Asked when li was free; by the time it is approved li has filed leave that day: refused, nothing
    moves, the workflow step stays open."""
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY)
    swap = _request(county, shift, li)
    _absence(county, li, DAY, DAY)
    with pytest.raises(ServiceError) as refused:
        swaps.swap_approve(swap=swap, by=county.director.user)
    assert refused.value.code == "person_away"
    swap.refresh_from_db()
    shift.refresh_from_db()
    assert swap.state == SwapState.PENDING and shift.person == zhang
    assert Step.objects.get(workflow=swap.workflow).state == StepState.OPEN


def test_a_stale_version_is_refused(county):
    shift = county.put_shift(county.duty_officers[0], DAY)
    swap = _request(county, shift, county.duty_officers[1])
    with pytest.raises(ServiceError) as stale:
        swaps.swap_approve(swap=swap, by=county.director.user, version=swap.version + 1)
    assert stale.value.code == "stale_version"


def test_a_bureau_swap_is_decided_by_its_head(county):
    shift = county.put_shift(county.emergency_head, DAY, role="leader", unit=county.emergency)
    swap = _request(county, shift, county.emergency_deputy)
    assert Step.objects.get(workflow=swap.workflow).assignee == county.emergency_head
    swaps.swap_approve(swap=swap, by=county.emergency_head.user, opinion="同意")
    assert DutyShift.objects.get(pk=shift.pk).person == county.emergency_deputy


def test_swap_pages_request_and_approve(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY)
    client = signed_in("zhiban1")
    page = client.get("/duty/swaps/")
    assert page.status_code == 200 and "申请换班" in page.content.decode()
    form = client.get(f"/duty/swaps/new/?shift={shift.pk}")
    assert "李值班" in form.content.decode() and "马司机" not in form.content.decode()
    refused = client.post("/duty/swaps/new/", {"shift": shift.pk, "to_person": li.pk, "reason": ""})
    assert refused.status_code == 400 and "请填写换班事由" in refused.content.decode()
    done = client.post("/duty/swaps/new/", {"shift": shift.pk, "to_person": li.pk, "reason": "家中有事"})
    swap = ShiftSwap.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/duty/swaps/{swap.pk}/"
    mine = client.get(f"/duty/swaps/{swap.pk}/").content.decode()
    assert "撤回申请" in mine and "同意换班" not in mine
    director = signed_in("zhuren")
    listing = director.get("/duty/swaps/").content.decode()
    assert "张值班" in listing
    approve = director.post(f"/duty/swaps/{swap.pk}/approve/", {"opinion": "同意", "version": swap.version})
    assert approve.status_code == 302
    assert DutyShift.objects.get(pk=shift.pk).person == li


def test_swap_page_shows_a_refusal_and_saves_nothing(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY)
    _absence(county, li, DAY, DAY)
    response = signed_in("zhiban1").post(
        "/duty/swaps/new/", {"shift": shift.pk, "to_person": li.pk, "reason": "家中有事"}
    )
    assert response.status_code == 400
    assert "不能替班" in response.content.decode()
    assert not ShiftSwap.objects.exists()


def test_swap_api(county):
    zhang, li = county.duty_officers[0], county.duty_officers[1]
    shift = county.put_shift(zhang, DAY)
    client = signed_in("zhiban1")
    bad = client.post(
        "/api/duty/swaps",
        {"shift": shift.pk, "to_person": county.driver.pk, "reason": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "not_eligible"
    made = client.post(
        "/api/duty/swaps",
        {"shift": shift.pk, "to_person": li.pk, "reason": "x"},
        content_type="application/json",
    )
    assert made.status_code == 200, made.content
    body = made.json()
    assert body["state"] == "pending" and body["actions"] == ["withdraw"]
    director = signed_in("zhuren")
    assert director.get(f"/api/duty/swaps/{body['id']}").json()["actions"] == ["approve", "refuse"]
    approved = director.post(f"/api/duty/swaps/{body['id']}/approve", {}, content_type="application/json")
    assert approved.json()["state"] == "approved"
    again = director.post(f"/api/duty/swaps/{body['id']}/approve", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "swap_not_pending"
    assert [row["id"] for row in client.get("/api/duty/swaps").json()["swaps"]] == [body["id"]]
