"""承办 deadlines with reminders across the 2026 National Day holiday (1–7 October off, 10 October worked).

A three-working-day handling assigned on Monday 28 September is due Thursday 8 October.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.documents.test_incoming_flow import paper
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import Role
from zhongshu.core.jobs import registered_ticks
from zhongshu.documents.incoming import (
    handling_complete,
    incoming_assign,
    incoming_instruct,
    incoming_propose,
    incoming_screen,
)
from zhongshu.documents.models import Handling
from zhongshu.documents.reminders import handling_deadline_tick
from zhongshu.notifications.models import OutboxMessage
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db

TITLE = "关于开展安全检查的通知"


def on(day: str):
    return time_machine.travel(f"{day} 09:00 +0800", tick=False)


def assigned(county) -> Handling:
    document = paper(county, received_on=date(2026, 9, 28))
    document = incoming_screen(document=document, by=county.clerk.user, passed=True)
    document = incoming_propose(
        document=document, by=county.clerk.user, proposal="拟请教育局办理", leader=county.leader
    )
    document = incoming_instruct(document=document, by=county.leader.user, instruction="请教育局抓紧落实。")
    return incoming_assign(document=document, by=county.clerk.user, units=[county.education], workdays=3)[0]


def reminder_titles(user):
    return list(
        OutboxMessage.objects.filter(recipient=user, kind__startswith="documents.handling_")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_the_handling_unit_is_reminded_once_per_working_day(county):
    liaison = make_person("教育局联络员", unit=county.education, roles=[Role.LIAISON])
    with on("2026-09-28"):
        handling = assigned(county)
        assert handling.deadline == date(2026, 10, 8)
        assert handling_deadline_tick() == 0
    with on("2026-09-30"):
        assert handling_deadline_tick() == 1
        assert handling_deadline_tick() == 0
    with on("2026-10-05"):
        assert handling_deadline_tick() == 0
    with on("2026-10-08"):
        assert handling_deadline_tick() == 0
    with on("2026-10-09"):
        assert handling_deadline_tick() == 1
    with on("2026-10-10"):
        assert handling_deadline_tick() == 1
        assert handling_deadline_tick() == 0

    expected = [f"承办即将到期：{TITLE}", f"承办已逾期1个工作日：{TITLE}", f"承办已逾期2个工作日：{TITLE}"]
    assert reminder_titles(county.edu_clerk.user) == expected
    assert reminder_titles(liaison.user) == expected
    assert reminder_titles(county.outsider.user) == []  # another unit
    first = OutboxMessage.objects.filter(kind="documents.handling_due_soon").order_by("id").first()
    assert first.body == "县教育局承办期限为2026年10月8日，即将到期，请及时办理。"
    assert (
        first.dedupe_key == f"documents.handling.{handling.pk}.due_soon.20260930.{county.edu_clerk.user_id}"
    )
    handling.refresh_from_db()
    assert handling.reminders == 0  # the office's own 催办 count is untouched
    assert AuditEvent.objects.filter(action="documents.handling.deadline_remind").count() == 3


def test_a_unit_without_clerk_or_liaison_tells_its_people(county):
    with on("2026-09-28"):
        document = paper(county, received_on=date(2026, 9, 28))
        document = incoming_screen(document=document, by=county.clerk.user, passed=True)
        document = incoming_propose(
            document=document, by=county.clerk.user, proposal="拟办", leader=county.leader
        )
        document = incoming_instruct(document=document, by=county.leader.user, instruction="阅办。")
        county.health_clerk.user.groups.clear()
        incoming_assign(document=document, by=county.clerk.user, units=[county.health], workdays=3)
    with on("2026-10-09"):
        assert handling_deadline_tick() == 1
    titles = [f"承办已逾期1个工作日：{TITLE}"]
    assert reminder_titles(county.health_clerk.user) == titles
    assert reminder_titles(county.outsider.user) == titles


def test_a_completed_handling_is_not_reminded(county):
    with on("2026-09-28"):
        handling = assigned(county)
    with on("2026-10-08"):
        handling_complete(handling=handling, by=county.edu_clerk.user, result="已完成检查")
    with on("2026-10-09"):
        assert handling_deadline_tick() == 0
    assert reminder_titles(county.edu_clerk.user) == []


def test_the_tick_is_registered():
    assert "documents.handling_deadlines" in registered_ticks()
