"""A provisional deadline is recounted, and its people told, when the missing year's schedule arrives."""

from datetime import date

import pytest
import time_machine

from zhongshu.notifications.models import OutboxMessage
from zhongshu.testing.factories import make_person
from zhongshu.workdays.recount import recount_rows
from zhongshu.workdays.services import holiday_schedule_enter

from .sample import SAMPLE_2027


@pytest.fixture
def owner(db):
    return make_person("李四").user


@time_machine.travel("2026-11-22 10:00 +0800", tick=False)
def test_entering_2027_moves_a_provisional_deadline_and_tells_its_owner(probe, owner, system_admin):
    row = probe(title="审核公文", owner_id=owner.pk)
    counted = row.set_deadline_in_workdays(date(2026, 12, 25), 5)
    row.save()
    assert (row.deadline, row.deadline_provisional) == (date(2027, 1, 1), True)
    assert counted.note == "2027年节假日安排尚未录入，期限为暂定"

    entered = holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")

    row.refresh_from_db()
    assert (row.deadline, row.deadline_provisional) == (date(2027, 1, 4), False)
    assert (entered.recount.recounted, entered.recount.moved, entered.recount.notices) == (1, 1, 1)
    message = OutboxMessage.objects.get(kind="deadline_recounted")
    assert message.recipient_id == owner.pk
    assert message.title == "期限调整：“审核公文”"
    assert message.body == "2027年节假日安排已录入，“审核公文”的期限由2027年1月1日调整为2027年1月4日。"
    assert message.link == f"/probe/{row.pk}/"
    assert message.dedupe_key == f"recount:workdays_probe.deadlineprobe:{row.pk}:2027:{owner.pk}:20270104"


def test_a_date_deadline_never_moves(probe, owner, system_admin):
    row = probe(title="报送材料", owner_id=owner.pk)
    row.set_deadline_date(date(2027, 1, 1))
    row.save()
    holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")
    row.refresh_from_db()
    assert (row.deadline, row.deadline_start, row.deadline_workdays, row.deadline_provisional) == (
        date(2027, 1, 1),
        None,
        None,
        False,
    )
    assert not OutboxMessage.objects.filter(kind="deadline_recounted").exists()


def test_an_unmoved_recount_clears_provisional_without_a_notice(probe, owner, system_admin):
    row = probe(title="办理", owner_id=owner.pk)
    row.set_deadline_in_workdays(date(2026, 12, 28), 10)  # to Mon 11 January when 1 January is worked
    row.save()
    assert row.deadline == date(2027, 1, 11) and row.deadline_provisional
    days = [(date(2027, 10, 1), "holiday", "国庆节")]
    entered = holiday_schedule_enter(by=system_admin, year=2027, days=days, source="manual")
    row.refresh_from_db()
    assert (row.deadline, row.deadline_provisional) == (date(2027, 1, 11), False)
    assert (entered.recount.recounted, entered.recount.moved) == (1, 0)
    assert not OutboxMessage.objects.filter(kind="deadline_recounted").exists()


def test_a_deadline_still_crossing_a_missing_year_stays_provisional(probe, owner, system_admin):
    row = probe(title="跨年", owner_id=owner.pk)
    row.set_deadline_in_workdays(date(2026, 12, 25), 275)
    row.save()
    assert row.deadline_counted.missing_years == (2027, 2028)
    holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")
    row.refresh_from_db()
    assert row.deadline_provisional
    assert row.deadline_counted.note == "2028年节假日安排尚未录入，期限为暂定"
    message = OutboxMessage.objects.get(kind="deadline_recounted")
    assert message.body.endswith("2028年节假日安排尚未录入，期限为暂定。")


def test_rows_that_do_not_touch_the_year_are_left_alone(probe, owner):
    row = probe(
        title="别的年度",
        owner_id=owner.pk,
        deadline=date(2029, 3, 1),
        deadline_start=date(2029, 2, 1),
        deadline_workdays=20,
        deadline_provisional=True,
    )
    row.save()
    assert recount_rows(probe, 2027).recounted == 0
    row.refresh_from_db()
    assert row.deadline == date(2029, 3, 1)


def test_a_negative_count_is_not_a_deadline(probe):
    with pytest.raises(ValueError):
        probe(title="x").set_deadline_in_workdays(date(2026, 12, 1), -1)


def test_a_workflow_step_is_recounted_and_its_assignee_told(system_admin):
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.org.models import Unit
    from zhongshu.workflow.models import Step, Workflow

    assignee = make_person("王五")
    workflow = Workflow.objects.create(
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=assignee.unit_id,
        title="关于年终考核的通知",
        kind="test",
        created_by=system_admin,
    )
    step = Step(
        workflow=workflow,
        stage=1,
        kind=Step._meta.get_field("kind").choices[0][0],
        assignee=assignee,
        state="open",
    )
    step.set_deadline_in_workdays(date(2026, 12, 29), 3)
    step.save()
    assert (step.deadline, step.deadline_provisional) == (date(2027, 1, 1), True)

    holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")

    step.refresh_from_db()
    assert (step.deadline, step.deadline_provisional) == (date(2027, 1, 4), False)
    message = OutboxMessage.objects.get(kind="deadline_recounted", recipient=assignee.user)
    assert message.body == (
        f"2027年节假日安排已录入，{step.get_kind_display()}：关于年终考核的通知的期限由2027年1月1日调整为2027年1月4日。"
    )
    assert message.dedupe_key == f"recount:workflow.step:{step.pk}:2027:{assignee.user.pk}:20270104"


def test_a_closed_workflow_step_keeps_its_deadline_and_nobody_is_told(system_admin):
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.org.models import Unit
    from zhongshu.workflow.models import Step, Workflow

    assignee = make_person("赵六")
    workflow = Workflow.objects.create(
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=assignee.unit_id,
        title="已办结的核稿",
        kind="test",
        created_by=system_admin,
    )
    step = Step(workflow=workflow, stage=1, kind="review", assignee=assignee, state="approved")
    step.set_deadline_in_workdays(date(2026, 12, 29), 3)
    step.save()

    holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")

    step.refresh_from_db()
    assert (step.deadline, step.deadline_provisional) == (date(2027, 1, 1), True)
    assert not OutboxMessage.objects.filter(kind="deadline_recounted", recipient=assignee.user).exists()
