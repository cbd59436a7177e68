"""The supervision entries of the 待办: what each side owes, and nothing the viewer may not know.

A unit's liaison: the items their unit leads still to receive (签收), the 催办/督办/查办 sent to the unit on
work it still owes (a 临期提醒 is no 待办), and items sent back (重办重报) until the new round is reported.
The office's 督查员: completions to close out and look-backs due on their own items."""

from datetime import date

import time_machine

from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.supervision import services
from zhongshu.supervision.models import ConfirmerRole
from zhongshu.supervision.reminders import escalation_tick, supervision_item_press
from zhongshu.supervision.todos import supervision_todos
from zhongshu.testing.factories import make_person

FROZEN = "2026-03-02 09:00:00+08:00"


def titles(user):
    return sorted((todo.kind, todo.title) for todo in supervision_todos(user))


@time_machine.travel(FROZEN, tick=False)
def test_the_lead_units_liaison_is_asked_to_receive_and_the_co_unit_is_not(county):
    county.assigned("修缮校舍")
    assert titles(county.liaison.user) == [("supervision.receive", "待签收：修缮校舍")]
    # Receiving is the lead unit's (services refuse a co-unit): nothing for the co-unit to do yet.
    assert titles(county.co_liaison.user) == []
    assert titles(county.other_liaison.user) == []


@time_machine.travel(FROZEN, tick=False)
def test_a_received_item_leaves_the_list_and_its_due_date_and_lateness_come_along(county):
    late = county.assigned("清理河道", deadline=date(2026, 3, 3))
    county.assigned("修缮校舍", deadline=date(2026, 3, 20))
    todos = list(supervision_todos(county.liaison.user))
    assert [(t.title, t.due, t.url) for t in todos] == [
        ("待签收：清理河道", date(2026, 3, 3), f"/supervision/items/{late.pk}/"),
        ("待签收：修缮校舍", date(2026, 3, 20), f"/supervision/items/{late.pk + 1}/"),
    ]
    services.supervision_item_receive(item=late, by=county.liaison.user)
    assert titles(county.liaison.user) == [("supervision.receive", "待签收：修缮校舍")]


def test_notices_on_work_still_owed_are_listed_until_answered(county):
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        item = county.assigned("清理河道", deadline=date(2026, 3, 3))
        services.supervision_item_receive(item=item, by=county.liaison.user)
        assert escalation_tick() == 1  # the 临期提醒: no 待办
        assert titles(county.liaison.user) == []
    with time_machine.travel("2026-03-04 09:00:00+08:00", tick=False):
        assert escalation_tick() == 1
        supervision_item_press(item=item, by=county.supervisor.user, note="请加快进度")
        assert titles(county.liaison.user) == [
            ("supervision.press", "督办：清理河道"),
            ("supervision.remind", "催办：清理河道"),
        ]
        assert titles(county.co_liaison.user) == []
        services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="已完成")
        # Completion requested: the next move is the office's.
        assert titles(county.liaison.user) == []
        assert titles(county.supervisor.user) == [("supervision.close_out", "待销号：清理河道")]


@time_machine.travel(FROZEN, tick=False)
def test_an_item_sent_back_is_listed_until_the_new_round_is_reported(county):
    item = county.assigned("清理河道")
    services.supervision_item_receive(item=item, by=county.liaison.user)
    services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="已完成")
    services.supervision_item_return(item=item, by=county.supervisor.user, reason="证明材料不全")
    [todo] = supervision_todos(county.liaison.user)
    assert (todo.kind, todo.title, todo.note) == (
        "supervision.returned",
        "重办重报：清理河道",
        "证明材料不全",
    )
    assert titles(county.co_liaison.user) == []
    services.progress_report_submit(item=item, by=county.liaison.user, text="已补充材料")
    assert titles(county.liaison.user) == []


@time_machine.travel(FROZEN, tick=False)
def test_the_supervisor_is_asked_to_close_out_and_to_look_back(county):
    item = county.assigned("清理河道")
    services.supervision_item_receive(item=item, by=county.liaison.user)
    services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="已完成")
    assert titles(county.supervisor.user) == [("supervision.close_out", "待销号：清理河道")]
    assert titles(county.second_supervisor.user) == []  # not theirs
    services.supervision_item_confirm(item=item, by=county.head.user, role=ConfirmerRole.UNIT_HEAD)
    services.supervision_item_confirm(
        item=item, by=county.supervisor.user, role=ConfirmerRole.LEADER, confirmer=county.leader
    )
    item.refresh_from_db()
    services.supervision_item_close_out(item=item, by=county.supervisor.user)
    assert titles(county.supervisor.user) == []
    item.refresh_from_db()
    with time_machine.travel(f"{item.look_back_due} 09:00:00+08:00", tick=False):
        assert titles(county.supervisor.user) == [("supervision.look_back", "回头看：清理河道")]


@time_machine.travel(FROZEN, tick=False)
def test_a_state_secret_shows_only_to_who_may_know_it(county):
    cleared = make_person("冯联络", unit=county.bureau, roles=[Role.LIAISON], clearance=Clearance.ORDINARY)
    secret = county.open("涉密事项", classification=Classification.CONFIDENTIAL)
    services.supervision_item_assign(
        item=secret, by=county.supervisor.user, lead_unit=county.bureau, deadline_workdays=5
    )
    # Assignment puts the lead unit in the need-to-know: its liaison cleared for 秘密 sees it, the other not.
    assert titles(cleared.user) == [("supervision.receive", "待签收：涉密事项")]
    assert titles(county.liaison.user) == []
    # Taken out of the need-to-know (and no grant): nothing, though the unit still leads it.
    secret.need_to_know_units.remove(county.bureau)
    assert titles(cleared.user) == []


def test_nothing_for_who_is_not_a_business_person(county):
    from zhongshu.testing.factories import make_user

    assert list(supervision_todos(make_user("nobody"))) == []


def test_the_liaisons_list_costs_the_same_queries_for_few_items_or_many(county):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhongshu.accounts.models import User

    def queries():
        user = User.objects.get(pk=county.liaison.user.pk)  # a fresh account: nothing cached on it
        with CaptureQueriesContext(connection) as captured:
            todos = list(supervision_todos(user))
        return len(captured.captured_queries), len(todos)

    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        for i in range(2):
            county.assigned(f"事项{i}", deadline=date(2026, 3, 3))
    with time_machine.travel("2026-03-04 09:00:00+08:00", tick=False):
        escalation_tick()
        few = queries()
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        for i in range(2, 30):
            county.assigned(f"事项{i}", deadline=date(2026, 3, 3))
    with time_machine.travel("2026-03-04 09:00:00+08:00", tick=False):
        escalation_tick()
        many = queries()
    assert few[1] == 4 and many[1] == 60  # each item: 待签收 and 催办
    assert few[0] == many[0]
