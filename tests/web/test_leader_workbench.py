"""Issue 15, build 5: the leader's workbench (领导工作台) and the office director's figures of the day.

A leader sees what waits for his 签发, the supervision items he is 责任领导 for (overdue first, each with its
state, deadline, lead unit and last report) and the week's schedule slot; the office director sees the day's
figures, each the count of the list its link opens. All through the access policy.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.supervision.conftest import County, make_county
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.core import workbench as registry
from zhongshu.core.workbench import ScheduleEntry, figures_for, panels_for, schedule_for, workbench_for
from zhongshu.demo.build import build_demo
from zhongshu.org.models import Person
from zhongshu.supervision import services
from zhongshu.supervision.models import SupervisionItem
from zhongshu.supervision.workbench import leader_items
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db


def _received(county: County, item: SupervisionItem, *reports: str) -> SupervisionItem:
    item = services.supervision_item_receive(item=item, by=county.liaison.user)
    for text in reports:
        services.progress_report_submit(item=item, by=county.liaison.user, text=text)
    return item


def _overdue(county: County, title: str, **fields) -> SupervisionItem:
    """An item assigned twelve days ago with a week to do it: five days late today, derived, never stored."""
    today = timezone.localdate()
    with time_machine.travel(today - timedelta(days=12), tick=False):
        return county.assigned(title, deadline=today - timedelta(days=5), **fields)


@pytest.fixture
def county(db) -> County:
    return make_county()


@pytest.fixture
def other_leader(county: County) -> Person:
    return make_person(
        "冯县长", unit=county.office, roles=[Role.LEADER], is_leader=True, leader_rank=2, username="leader2"
    )


def test_the_leader_sees_his_items_overdue_first_each_with_its_last_report(county, other_leader):
    today = timezone.localdate()
    on_time = _received(
        county,
        county.assigned("推进义务教育学校改扩建", deadline=today + timedelta(days=20)),
        "已完成选址论证。",
        "截至本周，三所学校主体结构封顶。",
    )
    late = _overdue(county, "整治校园周边交通秩序")
    # Past its deadline too, but completion is requested: the office's move now, not overdue (overdue_q).
    with time_machine.travel(today - timedelta(days=20), tick=False):
        finished = county.assigned("修缮县城老旧小区", deadline=today - timedelta(days=8))
    finished = _received(county, finished, "已全部完工。")
    services.supervision_item_request_completion(item=finished, by=county.liaison.user, evidence="验收合格。")
    county.assigned("落实县长交办的农村客运班线", deadline=today + timedelta(days=3), leader=other_leader)
    county.open("尚未交办的批示件")  # 待交办: already his, without deadline or unit

    rows = leader_items(county.leader.user, today)

    # Overdue first, though another item's deadline is earlier; then by deadline, the undated last.
    assert [row.title for row in rows] == [
        "整治校园周边交通秩序",
        "修缮县城老旧小区",
        "推进义务教育学校改扩建",
        "尚未交办的批示件",
    ]
    first, waiting, second, third = rows
    assert (waiting.overdue, waiting.state_label) == (False, "申请办结")
    assert (first.overdue, first.state_label, first.due, first.unit) == (
        True,
        "待签收",
        late.deadline,
        "县教育局",
    )
    assert (first.report, first.report_at) == ("", None)
    assert (second.overdue, second.state_label, second.due) == (False, "办理中", on_time.deadline)
    assert second.report == "截至本周，三所学校主体结构封顶。"
    assert second.report_at is not None and timezone.localtime(second.report_at).date() == today
    assert second.source_label == "领导批示"  # made from a leader's instruction
    assert (third.state_label, third.due, third.unit) == ("待交办", None, "")
    # The other leader sees his own item only.
    assert [row.title for row in leader_items(other_leader.user, today)] == ["落实县长交办的农村客运班线"]


def test_a_closed_item_has_left_the_leaders_desk(county):
    item = _received(county, county.assigned("已办结的事项", workdays=10), "全部完成。")
    services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="验收合格。")
    assert [row.title for row in leader_items(county.leader.user, timezone.localdate())] == ["已办结的事项"]
    SupervisionItem.objects.filter(pk=item.pk).update(state="closed")
    assert leader_items(county.leader.user, timezone.localdate()) == []


def test_an_item_beyond_the_leaders_clearance_is_not_listed(county):
    county.assigned("涉密事项", workdays=10, classification=Classification.CONFIDENTIAL)
    assert county.leader.clearance == Clearance.NONE
    assert leader_items(county.leader.user, timezone.localdate()) == []


def test_the_leaders_page_shows_his_panels_and_not_another_leaders_items(county, other_leader, client):
    _received(county, county.assigned("推进义务教育学校改扩建", workdays=10), "三所学校主体结构封顶。")
    _overdue(county, "整治校园周边交通秩序")
    county.assigned("冯县长的事项", workdays=5, leader=other_leader)

    sign_in(client, county.leader.user)
    body = client.get("/").content.decode()

    panel = body[body.index('data-testid="panel-supervision.leader"') :]
    panel = panel[: panel.index("</section>")]
    assert "我负责的督办事项" in panel
    assert panel.index("整治校园周边交通秩序") < panel.index("推进义务教育学校改扩建")
    assert "三所学校主体结构封顶。" in panel and "县教育局" in panel and "办理中" in panel
    assert "逾期 1" in panel
    assert "冯县长的事项" not in body
    assert "待我签发" in body and "暂无待签发文件。" in body  # a leader always has the slot
    assert "我的批示" in body and "暂无批示记录。" in body
    schedule = body[body.index('data-testid="schedule"') :]
    assert "本周日程" in schedule and "暂无日程。" in schedule
    assert 'data-testid="office-figures"' not in body  # a leader is not the office's director
    # The other leader's page does not show the first leader's items.
    client.logout()
    sign_in(client, other_leader.user)
    body = client.get("/").content.decode()
    assert "冯县长的事项" in body and "推进义务教育学校改扩建" not in body


def test_the_leaders_panels_audit_the_state_secrets_they_show(county, client):
    county.leader.clearance = Clearance.ORDINARY
    county.leader.save(update_fields=["clearance"])
    secret = county.assigned("秘密级督办事项", workdays=10, classification=Classification.CONFIDENTIAL)
    sign_in(client, county.leader.user)
    assert "秘密级督办事项" in client.get("/").content.decode()
    event = AuditEvent.objects.filter(action="record.list", actor=county.leader.user).latest("id")
    assert event.details["route"] == "workbench"
    assert str(secret.pk) in str(event.details)


def test_the_schedule_gathers_what_the_registered_sources_give(county):
    today = date(2026, 12, 4)  # a Friday
    schedule = schedule_for(county.leader.user, today)
    # The meetings module's source (his meetings and engagements) is registered; he has none this week.
    assert (schedule.start, schedule.end, schedule.entries, schedule.sources) == (
        date(2026, 11, 30),
        date(2026, 12, 6),
        [],
        1,
    )

    def meetings(user, start, end):
        tz = timezone.get_current_timezone()
        yield ScheduleEntry(title="县委常委会", starts_at=timezone.datetime(2026, 12, 3, 9, tzinfo=tz))

    registry.register_schedule_source("test.meetings", meetings)
    try:
        schedule = schedule_for(county.leader.user, today)
        assert [entry.title for entry in schedule.entries] == ["县委常委会"]
    finally:
        registry._SCHEDULE_SOURCES.pop("test.meetings")


def test_only_a_leaders_workbench_has_the_weeks_schedule(county):
    today = timezone.localdate()
    leader = workbench_for(county.leader.user, today)
    assert leader.schedule is not None and leader.schedule.start == registry.week_of(today)[0]
    assert [panel.key for panel in leader.panels] == [
        panel.key for panel in panels_for(county.leader.user, today)
    ]
    director = workbench_for(county.director.user, today)
    assert director.schedule is None
    assert [figure.key for figure in director.figures] == [
        f.key for f in figures_for(county.director.user, today)
    ]


def test_the_directors_figures_count_what_their_ledger_links_list(county, client):
    _overdue(county, "逾期事项一")
    _overdue(county, "逾期事项二")
    # Overdue but beyond the director's clearance: neither counted nor listed.
    _overdue(county, "机密逾期事项", classification=Classification.SECRET)
    waiting = _received(county, county.assigned("待销号事项", workdays=10), "已完成。")
    services.supervision_item_request_completion(item=waiting, by=county.liaison.user, evidence="验收合格。")
    county.assigned("待签收事项", workdays=10)

    figures = {figure.label: figure for figure in figures_for(county.director.user, timezone.localdate())}
    assert {label: figures[label].count for label in ("督办逾期", "待销号", "待签收")} == {
        "督办逾期": 2,
        "待销号": 1,
        "待签收": 3,
    }
    sign_in(client, county.director.user)
    body = client.get("/").content.decode()
    for label in ("督办逾期", "待销号", "待签收"):
        figure = figures[label]
        assert f'href="{figure.url.replace("&", "&amp;")}"' in body
        ledger = client.get(figure.url).content.decode()
        assert len(re.findall(r'<tr data-item="\d+"', ledger)) == figure.count, label
    assert "机密逾期事项" not in client.get(figures["督办逾期"].url).content.decode()


def test_figures_are_for_the_office_not_for_a_liaison_or_a_leader(county):
    today = timezone.localdate()
    assert figures_for(county.liaison.user, today) == []
    assert figures_for(county.leader.user, today) == []
    assert [panel.key for panel in panels_for(county.liaison.user, today)] == []


@pytest.fixture
def demo_county(db):
    build_demo(io.StringIO())


def _rows_on(client, url: str) -> int:
    body = client.get(url).content.decode()
    tbody = body[body.index("<tbody>") : body.index("</tbody>")]
    return len(re.findall(r'href="/(?:documents|supervision/items)/\d+/"', tbody))


def test_the_demo_gives_the_leader_real_work_and_the_director_true_figures(demo_county, client):
    leader = Person.objects.get(user__username="leader1")
    today = timezone.localdate()
    panels = {panel.key: panel for panel in panels_for(leader.user, today)}
    assert [row.title for row in panels["workflow.sign_off"].rows] == [
        "关于开展全县优化营商环境专项督查的通知"
    ]
    items = {row.title: row for row in panels["supervision.leader"].rows}
    assert items["推进县直部门预算绩效管理改革"].report.startswith(f"截至{today.month}月{today.day}日")
    assert items["落实县委书记关于校园食品安全专项整治的批示"].source_label == "领导批示"
    given = panels["documents.instructions"].rows
    assert [(row.title, row.state_label) for row in given] == [
        ("关于开展校园食品安全专项整治的通知", "已批示")
    ]
    assert given[0].note.startswith("校园食品安全关系千家万户")

    director = Person.objects.get(user__username="zhuren")
    figures = {figure.label: figure for figure in figures_for(director.user, today)}
    assert figures["今日收文"].count == 2  # the paper 防汛抗旱 and 校园食品安全 notices registered today
    assert figures["今日发文"].count == 1  # the 精简文件简报 notice dispatched today
    sign_in(client, director.user)
    for figure in figures.values():
        assert _rows_on(client, figure.url) == figure.count, figure.label


def test_a_days_filter_on_the_lists_narrows_them_and_a_bad_day_is_ignored(demo_county, client):
    director = Person.objects.get(user__username="zhuren")
    sign_in(client, director.user)
    today = timezone.localdate()
    assert _rows_on(client, f"/documents/inbox/?received={today.isoformat()}") == 2
    assert _rows_on(client, f"/documents/inbox/?received={(today - timedelta(days=1)).isoformat()}") == 0
    assert _rows_on(client, f"/documents/?dispatched={(today + timedelta(days=1)).isoformat()}") == 0
    response = client.get("/documents/inbox/?received=昨天")
    assert response.status_code == 200 and 'data-testid="list-filter"' not in response.content.decode()


def test_the_api_answers_what_the_page_shows(county, other_leader, client):
    _received(county, county.assigned("推进义务教育学校改扩建", workdays=10), "三所学校主体结构封顶。")
    _overdue(county, "整治校园周边交通秩序")
    county.assigned("冯县长的事项", workdays=5, leader=other_leader)

    sign_in(client, county.leader.user)
    answer = client.get("/api/me/workbench").json()
    panels = {panel["key"]: panel for panel in answer["panels"]}
    assert list(panels) == ["workflow.sign_off", "supervision.leader", "documents.instructions"]
    rows = panels["supervision.leader"]["rows"]
    assert [(row["title"], row["overdue"]) for row in rows] == [
        ("整治校园周边交通秩序", True),
        ("推进义务教育学校改扩建", False),
    ]
    assert (rows[1]["state_label"], rows[1]["report"]) == ("办理中", "三所学校主体结构封顶。")
    assert answer["figures"] == []
    assert answer["schedule"]["entries"] == []

    client.logout()
    sign_in(client, county.director.user)
    answer = client.get("/api/me/workbench").json()
    assert answer["panels"] == [] and answer["schedule"] is None
    figures = {figure["key"]: figure["count"] for figure in answer["figures"]}
    assert figures["supervision.overdue"] == 1


@pytest.mark.parametrize(
    ("records", "count", "shown", "linked"), [(31, "30+", 30, True), (30, "30", 30, False)]
)
def test_a_cut_panel_says_it_holds_more_and_links_the_full_list(
    county, client, records, count, shown, linked
):
    def source(user, today):
        return registry.Panel.cut(
            [f"事项{n}" for n in range(records)],
            lambda titles: [registry.PanelRow(title=title, url="/") for title in titles],
            key="test.many",
            title="测试面板",
            empty="暂无。",
            more_url="/full-list/",
            more_label="查看全部测试事项",
        )

    registry.register_panel_source("test.many", source)
    try:
        sign_in(client, county.leader.user)
        body = client.get("/").content.decode()
    finally:
        registry._PANEL_SOURCES.pop("test.many")
    panel = re.search(r'<section[^>]*data-testid="panel-test.many".*?</section>', body, re.S)
    assert panel
    assert re.search(r'data-testid="panel-count">([^<]*)<', panel.group(0)).group(1) == count
    assert panel.group(0).count("<tr>") + panel.group(0).count("<tr ") - 1 == shown  # less the header row
    assert ('href="/full-list/"' in panel.group(0)) is linked


def test_the_leaders_items_count_what_their_ledger_link_lists(county, other_leader, client):
    _received(county, county.assigned("推进义务教育学校改扩建", workdays=10), "三所学校主体结构封顶。")
    _overdue(county, "整治校园周边交通秩序")
    county.open("尚未交办的批示件")
    county.assigned("冯县长的事项", workdays=5, leader=other_leader)
    closed = _received(county, county.assigned("已销号的事项", workdays=10), "全部完成。")
    SupervisionItem.objects.filter(pk=closed.pk).update(state="closed")

    panel = {p.key: p for p in panels_for(county.leader.user, timezone.localdate())}["supervision.leader"]
    assert panel.count_label == "3"
    sign_in(client, county.leader.user)
    ledger = client.get(panel.more_url).content.decode()
    listed = re.findall(r'<tr data-item="(\d+)"', ledger)
    assert len(listed) == len(panel.rows)
    assert sorted(listed) == sorted(row.record[1] for row in panel.rows)
    assert "已销号的事项" not in ledger
