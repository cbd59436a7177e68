"""督办阈值: the office director edits each category's thresholds and the look-back; validated, audited, and
taking effect at the next tick because the level is derived."""

from datetime import date

import time_machine

from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden
from zhongshu.supervision import services
from zhongshu.supervision.escalation import DEFAULT_THRESHOLDS, thresholds_by_category
from zhongshu.supervision.models import (
    Category,
    ConfirmerRole,
    EscalationRule,
    Investigation,
    Level,
    Reminder,
)
from zhongshu.supervision.reminders import escalation_tick, supervision_item_press
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person
from zhongshu.workdays.calendar import add_workdays

URL = "/supervision/thresholds/"
DEFAULTS = {
    "reminder_before_workdays": 3,
    "press_after_workdays": 5,
    "investigate_after_workdays": 10,
    "investigate_after_presses": 2,
}


def form(**changes):
    """The whole table as the page posts it: defaults everywhere, with `changes` keyed "<category>-<field>"."""
    data = {}
    for category in Category.values:
        for field, value in {**DEFAULTS, "look_back_workdays": 30}.items():
            data[f"{category}-{field}"] = str(value)
    data.update({key.replace("__", "-"): str(value) for key, value in changes.items()})
    return data


def test_the_page_shows_each_categorys_thresholds_to_the_director(county, client):
    EscalationRule.objects.create(
        category=Category.LIVELIHOOD, press_after_workdays=2, investigate_after_workdays=4
    )
    sign_in(client, county.director.user)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="decision-press_after_workdays" value="5"' in body
    assert 'name="livelihood-press_after_workdays" value="2"' in body
    assert 'name="livelihood-investigate_after_workdays" value="4"' in body
    assert 'name="special-look_back_workdays" value="30"' in body
    assert 'name="decision-investigate_after_presses" value="2" min="1" max="10"' in body
    assert "督办未回应达到设定次数，转查办" in body
    assert 'href="/supervision/thresholds/"' in client.get("/supervision/").content.decode()


def test_only_the_office_director_reaches_the_page(county, client):
    clerk = make_person("钱文书", unit=county.office, roles=[Role.CLERK], username="wenshu")
    for person in (county.liaison, clerk, county.supervisor, county.leader):
        sign_in(client, person.user)
        assert client.get(URL).status_code == 403, person.name
        assert client.post(URL, form(decision__press_after_workdays=1)).status_code == 403, person.name
    assert 'href="/supervision/thresholds/"' not in client.get("/supervision/").content.decode()
    assert not EscalationRule.objects.exists()
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login")


def test_the_service_refuses_anyone_but_the_director(county):
    try:
        services.escalation_rules_update(
            by=county.supervisor.user, rules={Category.DECISION: {**DEFAULTS, "look_back_workdays": 20}}
        )
    except Forbidden as error:
        assert error.message == "仅办公室主任可以设置督办阈值"
    else:
        raise AssertionError("a 督查员 set the thresholds")
    assert not EscalationRule.objects.exists()


def test_a_change_is_saved_and_audited_and_unchanged_categories_are_left_alone(county, client):
    sign_in(client, county.director.user)
    response = client.post(
        URL,
        form(
            livelihood__press_after_workdays=2,
            livelihood__investigate_after_workdays=4,
            special__look_back_workdays=20,
        ),
    )
    assert response.status_code == 302 and response["Location"] == URL
    page = client.get(URL).content.decode()
    assert "已保存，2个类别的阈值有变化，下次督办扫描起生效" in page
    assert sorted(EscalationRule.objects.values_list("category", flat=True)) == ["livelihood", "special"]
    thresholds = thresholds_by_category()
    assert (thresholds["livelihood"].press_after, thresholds["livelihood"].investigate_after) == (2, 4)
    assert thresholds["special"].look_back == 20
    assert thresholds["decision"] == DEFAULT_THRESHOLDS
    event = AuditEvent.objects.get(
        action="supervision.escalation_rule.update", details__category="livelihood"
    )
    assert event.actor_id == county.director.user.pk
    assert event.details["before"]["press_after_workdays"] == 5
    assert event.details["after"]["press_after_workdays"] == 2
    assert AuditEvent.objects.filter(action="supervision.escalation_rule.update").count() == 2
    # Posting the same figures again changes nothing and records nothing.
    client.post(
        URL,
        form(
            livelihood__press_after_workdays=2,
            livelihood__investigate_after_workdays=4,
            special__look_back_workdays=20,
        ),
    )
    assert "已保存，0个类别的阈值有变化" in client.get(URL).content.decode()
    assert AuditEvent.objects.filter(action="supervision.escalation_rule.update").count() == 2


def test_bad_thresholds_are_refused_with_every_reason_and_nothing_saved(county, client):
    sign_in(client, county.director.user)
    response = client.post(
        URL,
        form(
            decision__reminder_before_workdays=-1,
            decision__press_after_workdays="五",
            livelihood__press_after_workdays=6,
            livelihood__investigate_after_workdays=6,
            special__look_back_workdays=0,
            special__investigate_after_workdays=251,
            special__investigate_after_presses=0,
            decision__investigate_after_presses=11,
        ),
    )
    assert response.status_code == 400
    assert response.context["errors"] == [
        "决策督查：到期前提醒天数应为0至250之间的整数",
        "决策督查：逾期转督办天数应为0至250之间的整数",
        "决策督查：未回应督办转查办次数应为1至10之间的整数",
        "专项督查：逾期转查办天数应为0至250之间的整数",
        "专项督查：未回应督办转查办次数应为1至10之间的整数",
        "专项督查：回头看天数应为1至250之间的整数",
        "民生督查：逾期转查办天数应大于逾期转督办天数",
    ]
    body = response.content.decode()
    assert "民生督查：逾期转查办天数应大于逾期转督办天数" in body
    # What was typed comes back to be corrected.
    assert 'name="decision-reminder_before_workdays" value="-1"' in body
    assert not EscalationRule.objects.exists()
    assert not AuditEvent.objects.filter(action="supervision.escalation_rule.update").exists()


def test_new_thresholds_take_effect_at_the_next_tick(county, client):
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        item = county.assigned(workdays=3)  # due Thursday 5 March
    with time_machine.travel("2026-03-10 09:00:00+08:00", tick=False):
        # Three working days late: 催办 under the default thresholds.
        assert escalation_tick() == 1
        assert list(Reminder.objects.filter(item=item).values_list("level", flat=True)) == [Level.REMIND]
        sign_in(client, county.director.user)
        client.post(URL, form(decision__press_after_workdays=2, decision__investigate_after_workdays=8))
        assert escalation_tick() == 1
    assert list(Reminder.objects.filter(item=item).values_list("level", flat=True)) == [
        Level.REMIND,
        Level.PRESS,
    ]


def test_the_look_back_is_configurable_on_the_same_page(county, client):
    sign_in(client, county.director.user)
    client.post(URL, form(decision__look_back_workdays=5))
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        item = county.assigned(workdays=10)
        services.supervision_item_receive(item=item, by=county.liaison.user)
        services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="已完成")
        services.supervision_item_confirm(item=item, by=county.head.user, role=ConfirmerRole.UNIT_HEAD)
        services.supervision_item_confirm(
            item=item, by=county.supervisor.user, role=ConfirmerRole.LEADER, confirmer=county.leader
        )
        item.refresh_from_db()
        services.supervision_item_close_out(item=item, by=county.supervisor.user)
        item.refresh_from_db()
        assert item.look_back_due == add_workdays(item.closed_on, 5)
        assert str(item.look_back_due) == "2026-03-09"


def test_the_presses_before_investigation_are_set_per_category_and_drive_the_tick(county, client):
    sign_in(client, county.director.user)
    response = client.post(URL, form(livelihood__investigate_after_presses=3))
    assert response.status_code == 302
    assert thresholds_by_category()["livelihood"].investigate_after_presses == 3
    assert thresholds_by_category()["decision"].investigate_after_presses == 2
    event = AuditEvent.objects.get(action="supervision.escalation_rule.update")
    assert event.details["before"]["investigate_after_presses"] == 2
    assert event.details["after"]["investigate_after_presses"] == 3
    assert 'name="livelihood-investigate_after_presses" value="3"' in client.get(URL).content.decode()
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        livelihood = county.assigned("民生事项", deadline=date(2026, 3, 20), category=Category.LIVELIHOOD)
        decision = county.assigned("决策事项", deadline=date(2026, 3, 20))
        for item in (livelihood, decision):
            supervision_item_press(item=item, by=county.supervisor.user, note="请加快进度")
            supervision_item_press(item=item, by=county.supervisor.user, note="再次督办")
        # Two unanswered 督办: enough for 决策督查 (the default), not for 民生督查 (three).
        assert escalation_tick() == 1
        assert list(Investigation.objects.values_list("item_id", flat=True)) == [decision.pk]
        sign_in(client, county.supervisor.user)
        page = client.get(f"/supervision/items/{livelihood.pk}/").content.decode()
        assert "未回应的督办：2次（3次未回应转查办）" in page
        supervision_item_press(item=livelihood, by=county.supervisor.user, note="第三次督办")
        assert escalation_tick() == 1
        assert escalation_tick() == 0
    assert sorted(Investigation.objects.values_list("item_id", flat=True)) == sorted(
        [decision.pk, livelihood.pk]
    )
    assert Reminder.objects.filter(item=livelihood, level=Level.INVESTIGATE).count() == 1
