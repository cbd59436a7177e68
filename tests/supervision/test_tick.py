"""The escalation tick with a frozen clock: notices recorded once, landing in the unit's 待办, printable."""

import io
from datetime import date

import time_machine
from docx import Document

from zhongshu.core.jobs import registered_ticks
from zhongshu.core.todos import todos_for
from zhongshu.notifications.models import OutboxMessage
from zhongshu.supervision import services
from zhongshu.supervision.models import Category, EscalationRule, Investigation, Level, Reminder
from zhongshu.supervision.printouts import reminder_docx
from zhongshu.supervision.reminders import escalation_tick, supervision_item_press


def at(day: str):
    return time_machine.travel(f"{day} 08:30:00+08:00", tick=False)


def assigned_before_spring_festival(county, **fields):
    with at("2026-02-10"):
        return county.assigned(deadline=date(2026, 2, 24), **fields)


def todo_titles(user):
    return [todo.title for todo in todos_for(user) if todo.kind.startswith("supervision")]


def test_the_tick_is_registered():
    assert {"supervision.escalation", "supervision.look_back"} <= set(registered_ticks())


def test_across_the_spring_festival_each_level_is_sent_once(county):
    item = assigned_before_spring_festival(county)
    with at("2026-02-10"):
        services.supervision_item_receive(item=item, by=county.liaison.user)
        assert escalation_tick() == 0  # 6 working days ahead
    with at("2026-02-12"):
        assert escalation_tick() == 1
        assert escalation_tick() == 0
    with at("2026-02-18"):
        assert escalation_tick() == 0  # still the reminder's level, already sent
    with at("2026-02-24"):
        assert escalation_tick() == 0
        assert todo_titles(county.liaison.user) == []  # a reminder is no 待办
    with at("2026-02-25"):
        assert escalation_tick() == 1
        assert todo_titles(county.liaison.user) == ["催办：推进义务教育学校改扩建"]
    with at("2026-03-02"):
        assert escalation_tick() == 1
    with at("2026-03-09"):
        assert escalation_tick() == 1
        assert escalation_tick() == 0
    levels = list(Reminder.objects.filter(item=item).values_list("level", flat=True))
    assert levels == [Level.REMINDER, Level.REMIND, Level.PRESS, Level.INVESTIGATE]
    press = Reminder.objects.get(item=item, level=Level.PRESS)
    assert [(p["name"], p["part"]) for p in press.recipients] == [
        ("孙联络", "联络员"),
        ("钱局长", "单位负责人"),
        ("郑书记", "抄送责任领导"),
    ]
    assert press.note == "已超过办理时限2026-02-24，逾期5个工作日"
    assert press.channel == "inapp" and press.issued_by is None
    told = OutboxMessage.objects.filter(kind="supervision.press").values_list(
        "recipient__username", flat=True
    )
    assert sorted(told) == ["jyj_jz", "leader1", "liaison_jyj"]
    investigation = Investigation.objects.get(item=item)
    assert investigation.assigned_to == county.supervisor
    assert OutboxMessage.objects.filter(
        kind="supervision.investigate", recipient=county.supervisor.user
    ).exists()


def test_across_national_day_a_week_of_holiday_is_not_late_work(county):
    with at("2026-09-21"):
        item = county.assigned(deadline=date(2026, 9, 30))
    with at("2026-10-07"):
        escalation_tick()
    with at("2026-10-12"):
        escalation_tick()  # 8, 9, 10(班), 12 → 4 late: still 催办
    assert list(Reminder.objects.filter(item=item).values_list("level", flat=True)) == [Level.REMIND]
    with at("2026-10-13"):
        assert escalation_tick() == 1
    assert Reminder.objects.filter(item=item).last().level == Level.PRESS


def test_a_report_answers_the_reminders_and_clears_the_todo(county):
    item = assigned_before_spring_festival(county)
    with at("2026-02-25"):
        services.supervision_item_receive(item=item, by=county.liaison.user)
        escalation_tick()
        assert todo_titles(county.liaison.user) == ["催办：推进义务教育学校改扩建"]
        services.progress_report_submit(item=item, by=county.liaison.user, text="已完成主体工程")
        assert todo_titles(county.liaison.user) == []
        assert Reminder.objects.get(item=item).answered_at is not None


def test_two_unanswered_presses_send_the_item_to_investigation(county):
    with at("2026-03-02"):
        item = county.assigned(deadline=date(2026, 3, 20))
        supervision_item_press(item=item, by=county.supervisor.user, note="请加快进度")
        assert escalation_tick() == 0
        supervision_item_press(item=item, by=county.supervisor.user, note="再次督办")
        assert escalation_tick() == 1
        assert escalation_tick() == 0
    assert Investigation.objects.filter(item=item).count() == 1


def test_thresholds_are_configured_per_category(county):
    EscalationRule.objects.create(
        category=Category.LIVELIHOOD, press_after_workdays=1, investigate_after_workdays=3
    )
    livelihood = assigned_before_spring_festival(county, category=Category.LIVELIHOOD)
    decision = assigned_before_spring_festival(county, title="另一事项")
    with at("2026-02-25"):
        escalation_tick()
    assert Reminder.objects.get(item=livelihood).level == Level.PRESS
    assert Reminder.objects.get(item=decision).level == Level.REMIND


def test_an_item_awaiting_close_out_is_not_pressed(county):
    item = assigned_before_spring_festival(county)
    with at("2026-02-11"):
        services.supervision_item_receive(item=item, by=county.liaison.user)
        services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="完成")
    with at("2026-03-09"):
        assert escalation_tick() == 0


def test_each_notice_prints_as_a_form(county):
    item = assigned_before_spring_festival(county)
    with at("2026-03-02"):
        escalation_tick()
    data, name = reminder_docx(Reminder.objects.get(item=item))
    assert name == f"督查督办单-{item.pk}-{Reminder.objects.get(item=item).pk}.docx"
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "督查督办单"
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cells["牵头单位"] == "县教育局"
    assert cells["配合单位"] == "县财政局"
    assert cells["办理时限"] == "2026年02月24日"
    assert cells["送达"] == "孙联络（联络员）、钱局长（单位负责人）、郑书记（抄送责任领导）"
