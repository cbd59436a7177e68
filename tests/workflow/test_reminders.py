"""Time limits with reminders through the working-day calendar, across the 2026 National Day holiday.

2026: 中秋 25–27 September and 国庆 1–7 October are off; Saturday 10 October is a make-up working day.
A two-working-day review opened on Tuesday 29 September is due Thursday 8 October.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from zhongshu.audit.models import AuditEvent
from zhongshu.core.jobs import registered_ticks
from zhongshu.notifications.models import OutboxMessage
from zhongshu.workdays.calendar import add_workdays, is_workday
from zhongshu.workflow.models import Step, StepEvent
from zhongshu.workflow.reminders import deadline_notice, step_deadline_tick
from zhongshu.workflow.services import StepSpec, step_approve, workflow_start

pytestmark = pytest.mark.django_db

TITLE = "关于做好国庆期间值班工作的通知"


def on(day: str):
    return time_machine.travel(f"{day} 09:00 +0800", tick=False)


def start_review(subject, people, workdays=2):
    workflow = workflow_start(
        subject=subject,
        title=TITLE,
        kind="document.outgoing",
        stages=[[StepSpec("review", people["核稿甲"], workdays)], [StepSpec("sign_off", people["签发领导"])]],
        by=people["拟稿人"].user,
    )
    return Step.objects.get(workflow=workflow, kind="review")


def reminders(person):
    return list(
        OutboxMessage.objects.filter(recipient=person.user, kind__startswith="workflow.step_")
        .exclude(kind="workflow.step_open")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_the_calendar_is_the_one_the_story_assumes():
    assert not is_workday(date(2026, 10, 1)) and not is_workday(date(2026, 10, 7))
    assert is_workday(date(2026, 10, 10)) and not is_workday(date(2026, 10, 11))
    assert add_workdays(date(2026, 9, 29), 2) == date(2026, 10, 8)


def test_deadline_notice_is_derived_from_the_deadline_and_the_day():
    deadline = date(2026, 10, 8)
    assert deadline_notice(deadline, date(2026, 9, 29)) is None
    assert deadline_notice(deadline, date(2026, 9, 30)).label == "即将到期"
    assert deadline_notice(deadline, date(2026, 10, 3)) is None  # a holiday carries no notice
    assert deadline_notice(deadline, date(2026, 10, 8)) is None  # the deadline day is still on time
    assert deadline_notice(deadline, date(2026, 10, 9)).label == "已逾期1个工作日"
    assert deadline_notice(deadline, date(2026, 10, 10)).label == "已逾期2个工作日"
    assert deadline_notice(deadline, date(2026, 10, 11)) is None
    assert deadline_notice(deadline, date(2026, 10, 12)).label == "已逾期3个工作日"
    # A date deadline on a holiday is due before it: the last working day ahead of it warns.
    assert deadline_notice(date(2026, 10, 3), date(2026, 9, 30)).label == "即将到期"
    assert deadline_notice(date(2026, 10, 3), date(2026, 10, 8)).label == "已逾期1个工作日"


def test_reminders_across_national_day_once_per_working_day(subject, people):
    with on("2026-09-29"):
        step = start_review(subject, people)
        assert step.deadline == date(2026, 10, 8)
        assert step_deadline_tick() == 0
    with on("2026-09-30"):
        assert step_deadline_tick() == 1
        assert step_deadline_tick() == 0  # idempotent the same day
    for holiday in ("2026-10-01", "2026-10-04", "2026-10-07"):
        with on(holiday):
            assert step_deadline_tick() == 0
    with on("2026-10-08"):
        assert step_deadline_tick() == 0
        step.refresh_from_db()
        assert not step.overdue
    with on("2026-10-09"):
        assert step_deadline_tick() == 1
        step.refresh_from_db()
        assert step.overdue and step.state == "open"
    with on("2026-10-10"):
        assert step_deadline_tick() == 1
        assert step_deadline_tick() == 0
    with on("2026-10-11"):
        assert step_deadline_tick() == 0
    with on("2026-10-12"):
        assert step_deadline_tick() == 1

    assert reminders(people["核稿甲"]) == [
        f"即将到期：核稿·{TITLE}",
        f"已逾期1个工作日：核稿·{TITLE}",
        f"已逾期2个工作日：核稿·{TITLE}",
        f"已逾期3个工作日：核稿·{TITLE}",
    ]
    first = OutboxMessage.objects.get(kind="workflow.step_due_soon")
    assert first.body == "核稿期限为2026年10月8日，即将到期，请及时办理。"
    assert first.link == f"/workflow/steps/{step.pk}/"
    assert first.dedupe_key == f"workflow.step.{step.pk}.due_soon.20260930.{people['核稿甲'].user_id}"
    events = list(StepEvent.objects.filter(step=step, action="remind").order_by("id"))
    assert [(e.actor_id, e.actor_name, e.reason) for e in events] == [
        (None, "系统", "即将到期（期限2026年10月8日）"),
        (None, "系统", "已逾期1个工作日（期限2026年10月8日）"),
        (None, "系统", "已逾期2个工作日（期限2026年10月8日）"),
        (None, "系统", "已逾期3个工作日（期限2026年10月8日）"),
    ]
    assert AuditEvent.objects.filter(action="workflow.step.deadline_remind", actor_id=None).count() == 4


def test_a_closed_step_and_a_step_without_deadline_are_left_alone(subject, people):
    with on("2026-09-29"):
        step = start_review(subject, people)
    with on("2026-10-08"):
        step_approve(step=step, by=people["核稿甲"].user, opinion="同意")
    sign_off = Step.objects.get(workflow=step.workflow, kind="sign_off")
    assert sign_off.state == "open" and sign_off.deadline is None
    with on("2026-10-12"):
        assert step_deadline_tick() == 0
    assert reminders(people["核稿甲"]) == [] and reminders(people["签发领导"]) == []
    assert not StepEvent.objects.filter(action="remind").exists()


def test_the_tick_is_registered_for_zhongshu_tick():
    assert "workflow.step_deadlines" in registered_ticks()
