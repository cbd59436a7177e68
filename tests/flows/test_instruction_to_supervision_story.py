"""One supervision item's whole life, through the services the pages call: a paper document arrives, the
secretary-general's 批示 on it becomes a supervision item, the office assigns it (交办) to the education
bureau, the bureau receives it and reports, falls late and is 催办'd, stays late and is 督办'd (escalation
derived from the deadline and the working-day calendar, sent by the tick), reports, asks to close, is
confirmed by its head and the leader, is 销号'd, and passes its 回头看.

After each step the story checks the item's state, its derived level, its history (ItemEvent), its audit trail
and the 待办 of the liaison, the bureau's head and the 督查员 as the workbench gathers them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from tests.documents import conftest as documents_fixtures
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.core.todos import todos_for
from zhongshu.documents.incoming import (
    incoming_instruct,
    incoming_propose,
    incoming_register_paper,
    incoming_screen,
    instruction_to_supervision,
)
from zhongshu.documents.states import DocState
from zhongshu.supervision import services
from zhongshu.supervision.escalation import escalation_level, thresholds_by_category
from zhongshu.supervision.models import ConfirmerRole, ItemEvent, Level, LookBackOutcome, Reminder, Source
from zhongshu.supervision.reminders import escalation_tick, unanswered_presses
from zhongshu.supervision.states import ItemState
from zhongshu.testing.factories import make_person
from zhongshu.workdays.calendar import add_workdays

pytestmark = pytest.mark.django_db
county = documents_fixtures.county  # 县委办公室 with its 文书 and 陈书记; 县教育局 under it

TITLE = "关于加快推进城区学校扩容工程的请示"


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))


def todos(person) -> list[str]:
    """The person's 待办 about this matter, as 'kind: note' (the workbench's own gathering)."""
    return sorted(
        f"{t.kind}:{t.note}" if t.note else t.kind for t in todos_for(person.user) if TITLE in t.title
    )


def level(item, today: date) -> str:
    item.refresh_from_db()
    return escalation_level(
        deadline=item.deadline,
        today=today,
        thresholds=thresholds_by_category()[item.category],
        unanswered_presses=unanswered_presses(item),
    )


class Trail:
    """The item's history and audit entries since the last look."""

    def __init__(self, item) -> None:
        self.item, self.events, self.audits = item, 0, 0

    def new(self) -> tuple[list[str], list[str]]:
        events = list(
            ItemEvent.objects.filter(item=self.item).order_by("at", "id").values_list("action", flat=True)
        )
        audits = list(
            AuditEvent.objects.filter(object_type="supervision.supervisionitem", object_id=str(self.item.pk))
            .order_by("seq")
            .values_list("action", flat=True)
        )
        new = (events[self.events :], audits[self.audits :])
        self.events, self.audits = len(events), len(audits)
        return new


def test_an_instruction_becomes_a_supervision_item_and_runs_to_its_look_back(county):
    office, bureau = county.office, county.education
    supervisor = make_person("李督查", unit=office, roles=[Role.SUPERVISOR], clearance=Clearance.IMPORTANT)
    head = make_person("钱局长", unit=bureau, roles=[Role.LEADER], is_leader=True, leader_rank=1)
    liaison = make_person("孙联络", unit=bureau, roles=[Role.LIAISON])
    leader = county.leader

    with time_machine.travel(at(date(2026, 3, 2)), tick=False) as clock:
        # 收文 and 批示: the office registers the paper, screens it, proposes; the leader instructs.
        incoming = incoming_register_paper(
            by=county.clerk.user,
            title=TITLE,
            source_unit_name="县教育局",
            source_doc_number="县教〔2026〕12号",
            received_on=date(2026, 3, 2),
            copies=1,
        )
        incoming = incoming_screen(document=incoming, by=county.clerk.user, passed=True)
        incoming = incoming_propose(
            document=incoming, by=county.clerk.user, proposal="拟请书记阅示", leader=leader
        )
        assert todos(leader) == ["documents.instruct:批示"]
        incoming = incoming_instruct(
            document=incoming, by=leader.user, instruction="请督查室跟踪督办，确保秋季开学前投入使用。"
        )
        assert incoming.state == DocState.INSTRUCTED and todos(leader) == []
        assert todos(county.clerk) == ["documents.incoming:交办"]

        # 立项 from the 批示: linked back to the document, the leader as the item's responsible leader.
        item = instruction_to_supervision(document=incoming, by=supervisor.user)
        trail = Trail(item)
        assert (item.state, item.source, item.title) == (ItemState.DRAFT, Source.INSTRUCTION, TITLE)
        assert item.origin == incoming and item.leader == leader and item.supervisor == supervisor
        assert item.source_note.startswith("陈书记批示：")
        assert trail.new() == (["open"], ["supervision.open"])
        assert todos(liaison) == [] and todos(supervisor) == []

        # 交办 to the bureau, five working days: its liaison must receive it.
        item = services.supervision_item_assign(
            item=item, by=supervisor.user, lead_unit=bureau, deadline_workdays=5
        )
        deadline = item.deadline
        assert deadline == add_workdays(date(2026, 3, 2), 5)
        assert item.state == ItemState.ASSIGNED
        assert trail.new() == (["assign"], ["supervision.assign"])
        assert todos(liaison) == ["supervision.receive"]
        assert level(item, date(2026, 3, 2)) == Level.NONE

        # 签收 and a first report.
        item = services.supervision_item_receive(item=item, by=liaison.user)
        services.progress_report_submit(item=item, by=liaison.user, text="已完成选址和立项批复。")
        item.refresh_from_db()
        assert item.state == ItemState.IN_PROGRESS and item.progress == "已完成选址和立项批复。"
        assert trail.new() == (["receive", "report"], ["supervision.receive", "supervision.report"])
        assert todos(liaison) == []

        # Two working days before the deadline: 临期提醒, which is a notice and not yet a 待办.
        clock.move_to(at(add_workdays(deadline, -2)))
        assert level(item, timezone.localdate()) == Level.REMINDER
        assert escalation_tick() == 1
        assert trail.new() == (["reminder"], [])
        assert todos(liaison) == []

        # One working day late: 催办, sent once by the tick, to the liaison's 待办.
        clock.move_to(at(add_workdays(deadline, 1)))
        assert level(item, timezone.localdate()) == Level.REMIND
        assert escalation_tick() == 1 and escalation_tick() == 0
        assert trail.new() == (["remind"], [])
        assert todos(liaison) == ["supervision.remind:" + Reminder.objects.get(level=Level.REMIND).note]
        # The bureau reports: the 催办 is answered and leaves the 待办; the level stays derived from the date.
        services.progress_report_submit(item=item, by=liaison.user, text="主体结构已封顶，正在内部装修。")
        assert Reminder.objects.get(level=Level.REMIND).answered_at is not None
        assert trail.new() == (["report"], ["supervision.report"])
        assert todos(liaison) == []
        assert level(item, timezone.localdate()) == Level.REMIND

        # Five working days late: 督办, to the bureau's head and copied to the leader, and the liaison's 待办.
        clock.move_to(at(add_workdays(deadline, 5)))
        assert level(item, timezone.localdate()) == Level.PRESS
        assert escalation_tick() == 1
        press = Reminder.objects.get(level=Level.PRESS)
        assert {(r["name"], r["part"]) for r in press.recipients} == {
            ("孙联络", "联络员"),
            ("钱局长", "单位负责人"),
            ("陈书记", "抄送责任领导"),
        }
        assert trail.new() == (["press"], [])
        # The tick's notices are audited as one system entry per run, with what it sent.
        tick = AuditEvent.objects.filter(action="supervision.tick").order_by("-seq").first()
        assert tick is not None and tick.actor_id is None and tick.details["press"] == 1
        assert todos(liaison) == [f"supervision.press:{press.note}"]

        # 申请办结 with the evidence: the 督办 is answered; the 督查员 has it to close out.
        services.supervision_item_request_completion(
            item=item, by=liaison.user, evidence="工程已竣工验收，9月1日投入使用，验收报告附后。"
        )
        item.refresh_from_db()
        assert item.state == ItemState.COMPLETION_REQUESTED
        assert Reminder.objects.filter(answered_at__isnull=True).count() == 0
        assert trail.new() == (["request_completion"], ["supervision.request_completion"])
        assert todos(liaison) == [] and todos(supervisor) == ["supervision.close_out"]
        # Its deadline still says 督办, but an item waiting for the office is pressed no more.
        assert level(item, timezone.localdate()) == Level.PRESS
        clock.move_to(at(add_workdays(deadline, 10)))
        assert escalation_tick() == 0

        # 销号 needs both confirmations: the bureau's head, and the leader who gave the 批示.
        services.supervision_item_confirm(
            item=item, by=head.user, role=ConfirmerRole.UNIT_HEAD, opinion="属实"
        )
        services.supervision_item_confirm(
            item=item, by=leader.user, role=ConfirmerRole.LEADER, opinion="同意销号"
        )
        item = services.supervision_item_close_out(item=item, by=supervisor.user)
        assert item.state == ItemState.CLOSED
        assert item.closed_on_time is False  # asked to close five working days after the deadline
        assert item.handling_workdays is not None and item.look_back_due is not None
        assert trail.new() == (
            ["confirm", "confirm", "close_out"],
            ["supervision.confirm", "supervision.confirm", "supervision.close_out"],
        )
        assert todos(supervisor) == [] and todos(liaison) == []

        # 回头看 when it falls due: the 督查员's 待办 until done; the item stays 已销号.
        look_back_due = item.look_back_due
        clock.move_to(at(look_back_due))
        assert todos(supervisor) == ["supervision.look_back"]
        services.supervision_item_look_back(
            item=item, by=supervisor.user, outcome=LookBackOutcome.CONFIRMED, note="实地查看，学校运行良好。"
        )
        item.refresh_from_db()
        assert item.state == ItemState.CLOSED and item.look_back_due is None
        assert trail.new() == (["look_back_confirm"], ["supervision.look_back"])
        assert todos(supervisor) == []

    # The link back: the item names its source document, and the whole history reads in order.
    assert item.source_type.model_class().objects.get(pk=item.source_id) == incoming
    assert list(
        ItemEvent.objects.filter(item=item).order_by("at", "id").values_list("action", flat=True)
    ) == [
        "open",
        "assign",
        "receive",
        "report",
        "reminder",
        "remind",
        "report",
        "press",
        "request_completion",
        "confirm",
        "confirm",
        "close_out",
        "look_back_confirm",
    ]
