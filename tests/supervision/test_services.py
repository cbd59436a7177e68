"""The closed loop and its bad input: each a clear error and no change."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.notifications.models import OutboxMessage
from zhongshu.supervision import services
from zhongshu.supervision.models import (
    CloseOutConfirmation,
    ConfirmerRole,
    ItemEvent,
    LookBackOutcome,
    ProgressReport,
    Source,
    SupervisionItem,
)
from zhongshu.supervision.states import ItemAction, ItemState
from zhongshu.workdays.calendar import add_workdays

FROZEN = "2026-03-02 09:00:00+08:00"  # a Monday after the Spring Festival


def requested(county, item):
    services.supervision_item_receive(item=item, by=county.liaison.user)
    services.supervision_item_request_completion(
        item=item, by=county.liaison.user, evidence="改扩建已完工验收"
    )
    item.refresh_from_db()
    return item


def confirmed(county, item):
    item = requested(county, item)
    services.supervision_item_confirm(
        item=item, by=county.head.user, role=ConfirmerRole.UNIT_HEAD, opinion="属实"
    )
    services.supervision_item_confirm(
        item=item,
        by=county.supervisor.user,
        role=ConfirmerRole.LEADER,
        confirmer=county.leader,
        opinion="同意销号",
    )
    item.refresh_from_db()
    return item


@time_machine.travel(FROZEN, tick=False)
def test_open_and_assign_with_a_deadline_in_working_days(county):
    item = county.assigned(workdays=5)
    assert item.state == ItemState.ASSIGNED
    assert item.assigned_on == date(2026, 3, 2)
    assert item.deadline == date(2026, 3, 9)
    assert set(item.unit_links.values_list("unit__name", "role")) == {
        ("县教育局", "lead"),
        ("县财政局", "co"),
    }
    notices = OutboxMessage.objects.filter(kind="supervision.assigned")
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["liaison_czj", "liaison_jyj"]
    assert list(item.events.values_list("action", flat=True)) == ["open", "assign"]
    assert AuditEvent.objects.filter(action="supervision.assign", object_id=str(item.pk)).count() == 1


@time_machine.travel(FROZEN, tick=False)
def test_a_deadline_before_the_assignment_is_refused_and_nothing_changes(county):
    item = county.open()
    with pytest.raises(ServiceError) as caught:
        services.supervision_item_assign(
            item=item, by=county.supervisor.user, lead_unit=county.bureau, deadline=date(2026, 2, 27)
        )
    assert caught.value.message == "办理时限2026-02-27早于交办日期2026-03-02"
    assert caught.value.code == "deadline_before_assignment"
    item.refresh_from_db()
    assert (item.state, item.deadline, item.lead_unit_id) == (ItemState.DRAFT, None, None)
    assert not item.unit_links.exists()


def test_a_matter_only_for_reading_is_not_opened(county):
    with pytest.raises(ServiceError) as caught:
        county.open(action_required=False)
    assert caught.value.message == "仅供阅知的事项不立项督办"
    assert not SupervisionItem.objects.exists()


def test_a_duplicate_open_item_is_warned_with_the_match_shown(county):
    first = county.assigned("推进义务教育学校改扩建")
    with pytest.raises(services.DuplicateItem) as caught:
        county.open("推进义务教育学校 改扩建！", lead_unit=county.bureau)
    assert caught.value.match == first
    assert caught.value.message == (
        f"县教育局已有相同事项正在办理：“推进义务教育学校改扩建”（编号{first.pk}），确认仍要立项请勾选“确认重复立项”"
    )
    assert SupervisionItem.objects.count() == 1
    # Another unit's same matter is no duplicate; a confirmed duplicate is opened.
    county.open("推进义务教育学校改扩建", lead_unit=county.other)
    county.open("推进义务教育学校改扩建", lead_unit=county.bureau, confirm_duplicate=True)
    assert SupervisionItem.objects.count() == 3


def test_only_supervisors_open_items(county):
    with pytest.raises(Forbidden) as caught:
        services.supervision_item_open(by=county.liaison.user, title="自行立项", source=Source.DIRECTIVE)
    assert caught.value.message == "仅督查员或办公室主任可以办理此操作"


def test_closing_an_item_whose_completion_was_not_requested_is_refused(county):
    item = county.assigned()
    services.supervision_item_receive(item=item, by=county.liaison.user)
    item.refresh_from_db()
    with pytest.raises(InvalidTransition) as caught:
        services.supervision_item_close_out(item=item, by=county.supervisor.user)
    assert caught.value.message == "事项办理中，不能销号"
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS and item.closed_on is None


def test_close_out_needs_both_confirmations(county):
    item = requested(county, county.assigned())
    services.supervision_item_confirm(item=item, by=county.head.user, role=ConfirmerRole.UNIT_HEAD)
    with pytest.raises(ServiceError) as caught:
        services.supervision_item_close_out(item=item, by=county.supervisor.user)
    assert caught.value.message == "销号须经督办领导确认"
    item.refresh_from_db()
    assert item.state == ItemState.COMPLETION_REQUESTED


def test_the_wrong_person_cannot_confirm(county):
    item = requested(county, county.assigned())
    with pytest.raises(ServiceError) as caught:
        services.supervision_item_confirm(item=item, by=county.liaison.user, role=ConfirmerRole.UNIT_HEAD)
    # The liaison confirms for no one: the rule says who does (supervision.actions).
    assert caught.value.message == "办结须由牵头单位主要负责人或督办领导本人确认，或由督查员代为登记"
    with pytest.raises(Forbidden) as caught:
        services.supervision_item_confirm(
            item=item, by=county.head.user, role=ConfirmerRole.LEADER, confirmer=county.leader
        )
    assert caught.value.message == "只能由本人确认，或由督查员代为登记"
    assert not CloseOutConfirmation.objects.exists()


def test_two_officers_closing_the_same_item_one_wins_the_other_gets_conflict(county):
    item = confirmed(county, county.assigned())
    seen_by_first = SupervisionItem.objects.get(pk=item.pk)
    seen_by_second = SupervisionItem.objects.get(pk=item.pk)
    services.supervision_item_close_out(item=seen_by_first, by=county.supervisor.user)
    with pytest.raises(Conflict) as caught:
        services.supervision_item_close_out(item=seen_by_second, by=county.second_supervisor.user)
    assert caught.value.message == "事项已被他人处理，请刷新后重试"
    assert ItemEvent.objects.filter(item=item, action="close_out").count() == 1


def test_a_progress_report_on_a_closed_item_is_refused(county):
    item = confirmed(county, county.assigned())
    services.supervision_item_close_out(item=item, by=county.supervisor.user)
    with pytest.raises(ServiceError) as caught:
        services.progress_report_submit(item=item, by=county.liaison.user, text="补充材料")
    assert caught.value.message == "事项已销号，不能再反馈进展"
    assert caught.value.code == "item_closed"
    assert ProgressReport.objects.filter(item=item).count() == 1  # only the completion request


def test_co_units_report_their_part_and_the_lead_unit_consolidates(county):
    item = county.assigned()
    services.supervision_item_receive(item=item, by=county.liaison.user)
    part = services.progress_report_submit(item=item, by=county.co_liaison.user, text="资金已拨付")
    whole = services.progress_report_submit(item=item, by=county.liaison.user, text="主体完工，资金到位")
    item.refresh_from_db()
    assert (part.consolidated, whole.consolidated) == (False, True)
    assert item.progress == "主体完工，资金到位"
    with pytest.raises(Forbidden) as caught:
        services.progress_report_submit(item=item, by=county.other_liaison.user, text="越权")
    assert caught.value.message == "只有承办单位人员可以办理此事项"
    with pytest.raises(Forbidden) as caught:
        services.supervision_item_request_completion(item=item, by=county.co_liaison.user, evidence="完成")
    assert caught.value.message == "由牵头单位申请办结"


def test_a_return_starts_a_new_round_that_needs_new_confirmations(county):
    item = confirmed(county, county.assigned())
    with pytest.raises(ServiceError) as caught:
        services.supervision_item_return(item=item, by=county.supervisor.user, reason=" ")
    assert caught.value.message == "请填写退回理由"
    services.supervision_item_return(item=item, by=county.supervisor.user, reason="佐证材料不全")
    item.refresh_from_db()
    assert (item.state, item.round, item.return_reason) == (ItemState.IN_PROGRESS, 2, "佐证材料不全")
    services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="补齐验收报告")
    item.refresh_from_db()
    with pytest.raises(ServiceError) as caught:
        services.supervision_item_close_out(item=item, by=county.supervisor.user)
    assert caught.value.message == "销号须经单位负责人和督办领导确认"


def test_close_out_sets_the_look_back_and_a_look_back_reopens_with_a_new_deadline(county):
    with time_machine.travel(FROZEN, tick=False):
        item = confirmed(county, county.assigned(workdays=10))
        services.supervision_item_close_out(item=item, by=county.supervisor.user)
        item.refresh_from_db()
        assert item.closed_on_time is True
        assert item.handling_workdays == 0
        assert item.look_back_due == add_workdays(date(2026, 3, 2), 30) == date(2026, 4, 14)
    with time_machine.travel("2026-04-14 10:00:00+08:00", tick=False):
        services.supervision_item_look_back(
            item=item,
            by=county.supervisor.user,
            outcome=LookBackOutcome.REOPENED,
            note="部分学校未投用",
            deadline_workdays=5,
        )
        item.refresh_from_db()
        assert (item.state, item.round, item.look_back_due) == (ItemState.IN_PROGRESS, 2, None)
        assert item.deadline == date(2026, 4, 21)


def test_a_confirmed_look_back_keeps_the_item_closed(county):
    item = confirmed(county, county.assigned())
    services.supervision_item_close_out(item=item, by=county.supervisor.user)
    item.refresh_from_db()
    services.supervision_item_look_back(
        item=item, by=county.supervisor.user, outcome=LookBackOutcome.CONFIRMED, note="成果巩固"
    )
    item.refresh_from_db()
    assert (item.state, item.look_back_due) == (ItemState.CLOSED, None)
    with pytest.raises(ServiceError) as caught:
        services.supervision_item_look_back(
            item=item, by=county.supervisor.user, outcome=LookBackOutcome.CONFIRMED, note="再看"
        )
    assert caught.value.message == "此事项没有待办的回头看"


def test_item_events_are_append_only(county):
    item = county.open()
    event = item.events.get()
    event.note = "改写"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()


def test_late_completion_is_not_on_time(county):
    with time_machine.travel(FROZEN, tick=False):
        item = county.assigned(deadline=date(2026, 3, 4))
        services.supervision_item_receive(item=item, by=county.liaison.user)
    with time_machine.travel("2026-03-06 10:00:00+08:00", tick=False):
        item.refresh_from_db()
        item = confirmed_after_request(county, item)
        services.supervision_item_close_out(item=item, by=county.supervisor.user)
        item.refresh_from_db()
        assert item.closed_on_time is False
        assert item.handling_workdays == 4
        assert timezone.localdate() - item.deadline == timedelta(days=2)


def confirmed_after_request(county, item):
    services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="完成")
    services.supervision_item_confirm(item=item, by=county.head.user, role=ConfirmerRole.UNIT_HEAD)
    services.supervision_item_confirm(item=item, by=county.leader.user, role=ConfirmerRole.LEADER)
    item.refresh_from_db()
    return item


@time_machine.travel("2026-12-01 09:00:00+08:00", tick=False)
def test_a_provisional_deadline_reads_apart_in_the_history(county):
    # 60 working days from December reach into a year whose holidays are not entered yet.
    item = services.supervision_item_assign(
        item=county.open(), by=county.supervisor.user, lead_unit=county.bureau, deadline_workdays=60
    )
    note = item.events.get(action=ItemAction.ASSIGN).note
    assert item.deadline_provisional
    assert note.startswith(f"牵头单位：县教育局；办理时限：{item.deadline:%Y-%m-%d}（") and note.endswith(
        "）"
    )
