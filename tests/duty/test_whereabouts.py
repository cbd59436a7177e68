"""请假、外出报备 (the whereabouts part): filing, the chain by rank, the flags, the refusals (nothing saved),
销假 and the reminder at a frozen now, `away_on`, and the board."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from zhongshu.core.errors import ServiceError
from zhongshu.duty import whereabouts
from zhongshu.duty.models import Absence, AbsenceKind, AbsenceState, HalfDay
from zhongshu.duty.whereabouts import AbsenceFields
from zhongshu.notifications.models import OutboxMessage
from zhongshu.org.models import UnitKind
from zhongshu.workflow.models import Step, Workflow
from zhongshu.workflow.states import StepState, WorkflowState

MONDAY = date(2026, 12, 14)


@pytest.fixture
def wb(county: Any) -> Any:
    """The county with its leaders in a 党委 unit (the county's leadership), so their rank is 县级领导."""
    county.office.kind = UnitKind.PARTY_COMMITTEE
    county.office.save(update_fields=["kind"])
    return county


def fields(
    person: Any, stand_in: Any, first: date = MONDAY, last: date | None = None, **more: Any
) -> AbsenceFields:
    values: dict[str, Any] = {
        "person": person,
        "kind": AbsenceKind.TRAVEL,
        "starts_on": first,
        "starts_half": HalfDay.MORNING,
        "ends_on": last or first + timedelta(days=2),
        "ends_half": HalfDay.AFTERNOON,
        "destination": "省城",
        "reason": "参加全省应急管理工作会议",
        "phone": "13900000099",
        "stand_in": stand_in,
    }
    values.update(more)
    return AbsenceFields(**values)


def file(person: Any, stand_in: Any, **more: Any) -> Absence:
    return whereabouts.absence_file(by=person.user, fields=fields(person, stand_in, **more))


def approve_all(absence: Absence) -> Absence:
    while True:
        absence.refresh_from_db()
        step = Step.objects.filter(workflow=absence.workflow, state=StepState.OPEN).first()
        if step is None:
            return absence
        absence = whereabouts.absence_approve(absence=absence, by=step.assignee.user)


def assignees(absence: Absence) -> list[str]:
    return [s.assignee.name for s in Step.objects.filter(workflow=absence.workflow).order_by("stage")]


def test_a_leader_files_travel_the_board_shows_the_stand_in_and_a_deputys_overlap_is_flagged(wb):
    travel = file(wb.emergency_head, wb.emergency_deputy)
    assert travel.state == AbsenceState.PENDING
    travel = approve_all(travel)
    assert travel.state == AbsenceState.APPROVED
    board = whereabouts.away_board(wb.director.user, MONDAY + timedelta(days=1))
    [group] = board.today
    [row] = group.rows
    assert (row.person_id, row.stand_in, row.rank) == (wb.emergency_head.pk, "吴副局长", "head")
    assert group.flags == []
    # The deputy's leave overlaps: flagged at filing (he must confirm), then on the board.
    with pytest.raises(ServiceError) as refused:
        file(
            wb.emergency_deputy,
            wb.emergency_officer,
            first=MONDAY + timedelta(days=2),
            kind=AbsenceKind.LEAVE,
        )
    assert refused.value.code == "flags_unconfirmed"
    assert "正职周局长与副职吴副局长同时不在岗" in refused.value.message
    assert Absence.objects.count() == 1
    # The stand-in is away then: refused; another stand-in and the confirmation: filed.
    with pytest.raises(ServiceError) as refused:
        file(wb.emergency_deputy, wb.emergency_head, first=MONDAY + timedelta(days=2), confirm_flags=True)
    assert refused.value.code == "stand_in_away"
    leave = file(
        wb.emergency_deputy, wb.emergency_officer, first=MONDAY + timedelta(days=2), confirm_flags=True
    )
    board = whereabouts.away_board(wb.director.user, MONDAY + timedelta(days=2))
    [group] = board.today
    assert [r.person_id for r in group.rows] == [wb.emergency_head.pk, wb.emergency_deputy.pk]
    assert any("同时不在岗" in m for m in group.flags)
    assert any("超过半数" in m for m in group.flags)
    assert leave.state == AbsenceState.PENDING  # pending counts as away


def test_the_chain_by_rank(wb):
    deputy = file(wb.emergency_deputy, wb.emergency_officer)
    assert assignees(deputy) == ["周局长"]  # a deputy → the unit's head
    head = file(wb.water_head, wb.water_liaison)
    assert assignees(head) == ["赵主任"]  # a head → the office director where no leader in charge is set
    vice = file(wb.leaders[2], wb.leaders[3])
    assert assignees(vice) == ["郑书记"]  # a county leader → the secretary
    secretary = file(wb.leaders[0], wb.leaders[1], confirm_flags=True)  # the county's head and a deputy
    assert assignees(secretary) == ["王县长"]  # the secretary → the county head
    assert whereabouts.rank_of(wb.emergency_head) == "head"
    assert whereabouts.rank_of(wb.leaders[0]) == "county"


def test_the_chain_is_configurable(wb):
    with override_settings(
        ZHONGSHU_DUTY_LEADERS_IN_CHARGE={"YJJ": "leader4"},
        ZHONGSHU_DUTY_ABSENCE_CHAIN={
            "deputy": ["unit_head", "in_charge"],
            "head": ["in_charge", "principal"],
        },
    ):
        assert [p.name for p in whereabouts.approval_chain(wb.emergency_deputy)] == ["周局长", "林副县长"]
        assert [p.name for p in whereabouts.approval_chain(wb.emergency_head)] == ["林副县长", "郑书记"]
        absence = file(wb.emergency_deputy, wb.emergency_officer)
        assert assignees(absence) == ["周局长", "林副县长"]
        assert approve_all(absence).state == AbsenceState.APPROVED
        assert absence.workflow is not None
        assert Workflow.objects.get(pk=absence.workflow.pk).state == WorkflowState.APPROVED


def test_refused_by_the_approver(wb):
    absence = file(wb.emergency_deputy, wb.emergency_officer)
    with pytest.raises(ServiceError) as refused:
        whereabouts.absence_refuse(absence=absence, by=wb.emergency_head.user, reason="  ")
    assert refused.value.code == "reason_required"
    with pytest.raises(ServiceError) as refused:
        whereabouts.absence_approve(absence=absence, by=wb.water_head.user)
    assert refused.value.code == "not_approver"
    done = whereabouts.absence_refuse(absence=absence, by=wb.emergency_head.user, reason="近期防汛任务重")
    assert done.state == AbsenceState.REFUSED
    assert whereabouts.away_on(wb.emergency_deputy, MONDAY) is None


def test_withdraw_while_pending(wb):
    absence = file(wb.emergency_deputy, wb.emergency_officer)
    with pytest.raises(ServiceError):
        whereabouts.absence_withdraw(absence=absence, by=wb.emergency_head.user)
    done = whereabouts.absence_withdraw(absence=absence, by=wb.emergency_deputy.user)
    assert done.state == AbsenceState.WITHDRAWN
    assert Step.objects.filter(workflow=absence.workflow, state=StepState.OPEN).count() == 0


def test_away_on_counts_half_days_and_pending(wb):
    absence = file(wb.water_head, wb.water_liaison, first=MONDAY, last=MONDAY, starts_half=HalfDay.AFTERNOON)
    assert whereabouts.away_on(wb.water_head, MONDAY) == absence
    assert whereabouts.away_on(wb.water_head, MONDAY + timedelta(days=1)) is None
    # The morning of the same day is free: a second, morning-only filing does not overlap.
    morning = file(wb.water_head, wb.water_liaison, first=MONDAY, last=MONDAY, ends_half=HalfDay.MORNING)
    assert morning.pk
    whereabouts.absence_withdraw(absence=absence, by=wb.water_head.user)
    assert whereabouts.away_on(wb.water_head.pk, MONDAY) == morning


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"last": MONDAY - timedelta(days=1)}, "ends_before_start"),
        (
            {"last": MONDAY, "starts_half": HalfDay.AFTERNOON, "ends_half": HalfDay.MORNING},
            "ends_before_start",
        ),
        ({"reason": ""}, "reason_required"),
        ({"phone": ""}, "phone_required"),
        ({"destination": ""}, "destination_required"),
        ({"stand_in": None}, "stand_in_required"),
        ({"starts_on": None, "last": MONDAY}, "starts_on_required"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(wb, change, code):
    first = change.pop("starts_on", MONDAY) if "starts_on" in change else MONDAY
    stand_in = change.pop("stand_in", wb.emergency_officer)
    last = change.pop("last", None)
    with pytest.raises(ServiceError) as refused:
        whereabouts.absence_file(
            by=wb.emergency_deputy.user, fields=fields(wb.emergency_deputy, stand_in, first, last, **change)
        )
    assert refused.value.code == code
    assert refused.value.message
    assert not Absence.objects.exists() and not Workflow.objects.exists()


def test_the_stand_in_is_not_himself(wb):
    with pytest.raises(ServiceError) as refused:
        file(wb.emergency_deputy, wb.emergency_deputy)
    assert (refused.value.code, refused.value.message) == ("stand_in_self", "代理人不能是本人")
    assert not Absence.objects.exists()


def test_overlapping_own_leave_is_refused(wb):
    file(wb.water_head, wb.water_liaison)
    with pytest.raises(ServiceError) as refused:
        file(
            wb.water_head, wb.water_liaison, first=MONDAY + timedelta(days=2), last=MONDAY + timedelta(days=4)
        )
    assert refused.value.code == "overlaps_own_leave"
    assert "时间重叠" in refused.value.message
    assert Absence.objects.count() == 1 and Workflow.objects.count() == 1


def test_leave_taken_from_the_duty_roster_is_refused(wb):
    wb.put_shift(wb.leaders[3], MONDAY + timedelta(days=1), "leader")
    with pytest.raises(ServiceError) as refused:
        file(wb.leaders[3], wb.leaders[2])
    assert refused.value.code == "on_duty_roster"
    assert "请先调班" in refused.value.message
    assert not Absence.objects.exists()
    # After the span: fine.
    assert file(wb.leaders[3], wb.leaders[2], first=MONDAY + timedelta(days=2)).pk


def test_only_a_leader_and_only_for_his_own_unit(wb):
    with pytest.raises(ServiceError) as refused:
        whereabouts.absence_file(by=wb.water_liaison.user, fields=fields(wb.water_liaison, wb.water_head))
    assert refused.value.code == "not_a_leader"
    with pytest.raises(ServiceError) as refused:
        whereabouts.absence_file(
            by=wb.water_liaison.user, fields=fields(wb.emergency_head, wb.emergency_deputy)
        )
    assert refused.value.code == "not_own_unit"
    # His unit's staff file for him.
    absence = whereabouts.absence_file(
        by=wb.water_liaison.user, fields=fields(wb.water_head, wb.water_liaison)
    )
    assert absence.filed_by == wb.water_liaison.user and absence.person == wb.water_head
    assert not Absence.objects.filter(person=wb.water_liaison).exists()


def test_close_and_the_daily_reminder_at_a_frozen_now(wb):
    absence = approve_all(file(wb.water_head, wb.water_liaison))  # Monday to Wednesday
    wednesday_evening = timezone.make_aware(datetime(2026, 12, 16, 20, 0))
    assert whereabouts.unreturned_reminders(now=wednesday_evening) == 0
    thursday = timezone.make_aware(datetime(2026, 12, 17, 9, 0))
    assert whereabouts.unreturned_reminders(now=thursday) == 1  # the head himself filed: one recipient
    assert whereabouts.unreturned_reminders(now=thursday + timedelta(hours=5)) == 0  # once a day
    [message] = OutboxMessage.objects.filter(kind="duty.absence.unreturned")
    assert message.recipient == wb.water_head.user and "请销假" in message.title
    # Still away on Thursday's board, marked overdue.
    [group] = whereabouts.away_board(wb.director.user, date(2026, 12, 17)).today
    assert group.rows[0].overdue
    assert whereabouts.unreturned_reminders(now=thursday + timedelta(days=1)) == 1  # the next day again
    # Someone of another unit may not close it; his unit's liaison may.
    with pytest.raises(ServiceError):
        whereabouts.absence_close(absence=absence, by=wb.emergency_head.user)
    closed = whereabouts.absence_close(absence=absence, by=wb.water_liaison.user, now=thursday)
    assert closed.state == AbsenceState.RETURNED and closed.returned_at == thursday
    assert whereabouts.unreturned_reminders(now=thursday + timedelta(days=2)) == 0
    assert whereabouts.away_board(wb.director.user, date(2026, 12, 17)).today == []
    with pytest.raises(ServiceError) as refused:
        whereabouts.absence_close(absence=closed, by=wb.water_head.user)
    assert refused.value.code == "not_approved"


def test_the_board_by_viewer(wb):
    approve_all(file(wb.water_head, wb.water_liaison))
    approve_all(file(wb.emergency_head, wb.emergency_deputy))
    everyone = whereabouts.away_board(wb.duty_officers[0].user, MONDAY)
    assert {g.unit_name for g in everyone.today} == {"县水利局", "县应急管理局"}
    assert everyone.show_destinations
    own = whereabouts.away_board(wb.water_liaison.user, MONDAY)
    assert [g.unit_name for g in own.today] == ["县水利局"]
    assert not own.show_destinations
    # The week before: nobody away; the week after: both still away, not 销假.
    assert whereabouts.away_board(wb.director.user, MONDAY - timedelta(days=7)).week == []
    later = whereabouts.away_board(wb.director.user, MONDAY + timedelta(days=7))
    assert all(row.overdue for group in later.today for row in group.rows) and len(later.today) == 2


def test_a_bureaus_own_duty_officer_reads_his_units_board_only(wb):
    """The whole board with destinations is the county office's duty room's (is_county_duty_room) and the
    leaders'; a bureau's own 值班员 holds the 值班员 role too but reads his unit's absences only, like its
    other people, without destinations."""
    approve_all(file(wb.water_head, wb.water_liaison))
    approve_all(file(wb.emergency_head, wb.emergency_deputy))
    bureau = whereabouts.away_board(wb.emergency_officer.user, MONDAY)
    assert [g.unit_name for g in bureau.today] == ["县应急管理局"]
    assert not bureau.show_destinations and not whereabouts.sees_all(wb.emergency_officer.user)
    assert all(row.destination == "" for group in bureau.week for row in group.rows)
    office = whereabouts.away_board(wb.duty_officers[0].user, MONDAY)
    assert {g.unit_name for g in office.today} == {"县水利局", "县应急管理局"} and office.show_destinations
    leader = whereabouts.away_board(wb.water_head.user, MONDAY)
    assert {g.unit_name for g in leader.today} == {"县水利局", "县应急管理局"} and leader.show_destinations


def test_the_board_flags_once_per_week_and_on_its_day(wb):
    """The week's flags are read over its days once; today's are that day's, and a day with one leader away
    carries none though the week does."""
    approve_all(file(wb.emergency_head, wb.emergency_deputy))
    approve_all(
        file(wb.emergency_deputy, wb.emergency_officer, first=MONDAY + timedelta(days=2), confirm_flags=True)
    )
    both = whereabouts.away_board(wb.director.user, MONDAY + timedelta(days=2))
    group = next(g for g in both.week if g.unit_name == "县应急管理局")
    assert len(group.flags) == 2 and both.flags == group.flags
    assert next(g for g in both.today if g.unit_name == "县应急管理局").flags == group.flags
    alone = whereabouts.away_board(wb.director.user, MONDAY)
    assert next(g for g in alone.week if g.unit_name == "县应急管理局").flags == group.flags
    assert next(g for g in alone.today if g.unit_name == "县应急管理局").flags == []


def test_a_larger_share_setting_flags_less(wb):
    approve_all(file(wb.emergency_head, wb.emergency_deputy))
    with override_settings(ZHONGSHU_DUTY_AWAY_SHARE="1"):
        flags = whereabouts.flags_if_filed(wb.emergency_deputy, MONDAY, MONDAY)
        assert [f.message for f in flags] == ["县应急管理局正职周局长与副职吴副局长同时不在岗"]
    # The default share (1/2): both of two is more than half.
    flags = whereabouts.flags_if_filed(wb.emergency_deputy, MONDAY, MONDAY)
    assert [f.message for f in flags][1] == "县应急管理局领导2人中2人不在岗，超过半数"
    # Alone, one of two is no flag.
    assert (
        whereabouts.flags_if_filed(
            wb.emergency_deputy, MONDAY + timedelta(days=7), MONDAY + timedelta(days=7)
        )
        == []
    )


def test_the_reminder_is_a_registered_tick(wb):
    from zhongshu.core.jobs import registered_ticks

    assert "duty.absence_reminders" in registered_ticks()


def test_the_workflows_own_step_decides_it_too(wb):
    """The approver may act on the workflow's step page (from his 待办): the hook moves the absence."""
    from zhongshu.workflow.services import step_approve, step_return

    first = file(wb.emergency_deputy, wb.emergency_officer)
    step = Step.objects.get(workflow=first.workflow, state=StepState.OPEN)
    assert step.assignee == wb.emergency_head
    step_approve(step=step, by=wb.emergency_head.user, opinion="同意")
    first.refresh_from_db()
    assert first.state == AbsenceState.APPROVED
    second = file(wb.emergency_deputy, wb.emergency_officer, first=MONDAY + timedelta(days=7))
    step = Step.objects.get(workflow=second.workflow, state=StepState.OPEN)
    step_return(step=step, by=wb.emergency_head.user, reason="时间冲突")
    second.refresh_from_db()
    assert second.state == AbsenceState.REFUSED


def test_an_absence_not_closed_leaves_the_board_after_the_overdue_days(wb):
    approve_all(file(wb.water_head, wb.water_liaison))  # Monday to Wednesday
    with override_settings(ZHONGSHU_DUTY_OVERDUE_DAYS=2):
        assert whereabouts.away_board(wb.director.user, date(2026, 12, 18)).today  # two days after
        assert whereabouts.away_board(wb.director.user, date(2026, 12, 19)).today == []
    # The reminder goes on regardless.
    assert whereabouts.unreturned_reminders(now=timezone.make_aware(datetime(2026, 12, 25, 9, 0))) == 1
