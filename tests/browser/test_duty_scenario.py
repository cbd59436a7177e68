"""Issue 17's browser scenario, on SQLite and on PostgreSQL: the night duty officer logs a call and opens an
incident from it; the alarm tick (run in the test process with a frozen `now=` between page steps) warns
before the 首报 is due and again when it is late, and the officer's notices page shows both; the 首报, a 续报
and the 终报 are filed and the timeline prints; the morning shift acknowledges the handover (refused while the
urgent matter is unconfirmed); a bureau head files travel and the board shows his stand-in; his deputy's
overlapping leave is flagged at filing and on the board."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.duty.conftest import county  # noqa: F401 - the fixture
from zhongshu.duty.alarms import run_alarms
from zhongshu.duty.clocks import ensure_default_clocks
from zhongshu.duty.models import (
    Absence,
    AbsenceKind,
    DutyLogEntry,
    DutyShift,
    Handover,
    Incident,
    IncidentAlarm,
    IncidentReport,
    IncidentState,
)
from zhongshu.notifications.models import Notice
from zhongshu.notifications.services import deliver_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CALL = "城关镇河堤出现管涌险情"
TITLE = "城关镇河堤管涌险情"


def own_page(chromium, base: str, username: str) -> Page:
    fresh = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    fresh.set_default_timeout(15_000)
    sign_in(fresh, base, username)
    return fresh


def local_input(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _shift(county, person, role: str, starts_at: datetime, ends_at: datetime) -> DutyShift:  # noqa: F811
    """A shift of the office's duty room at the given wall times (the fixture's helper, then its times set)."""
    shift = county.put_shift(person, timezone.localtime(starts_at).date(), role, full_day=True)
    shift.starts_at, shift.ends_at = starts_at, ends_at
    shift.save(update_fields=["starts_at", "ends_at"])
    return shift


def test_a_night_call_becomes_an_incident_reported_against_the_clock(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    base = live_server.url
    ensure_default_clocks()  # the migration's clocks: 重大（Ⅱ级）电话首报 20 分钟, 书面 40, alarm 10 before
    now = timezone.now().replace(second=0, microsecond=0)
    learned = now - timedelta(minutes=55)
    night, morning = county.duty_officers[0], county.duty_officers[1]
    # The night shift (张值班 with 陈副县长 as 带班领导) covers the call and the whole reporting; the morning
    # shift (李值班 with 林副县长) comes on after it.
    night_start, change = now - timedelta(hours=3), now + timedelta(hours=1)
    _shift(county, night, "officer", night_start, change)
    _shift(county, county.leaders[2], "leader", night_start, change)
    _shift(county, morning, "officer", change, change + timedelta(hours=9))
    _shift(county, county.leaders[3], "leader", change, change + timedelta(hours=9))

    # 1. The night duty officer logs the call, urgent.
    sign_in(page, base, night.user.username)
    page.goto(base + reverse("duty:log"))
    page.get_by_role("link", name="记录来电（来文、来访）").click()
    page.get_by_label("时间", exact=True).fill(local_input(learned))
    page.get_by_label("来电（来文、来访）单位").fill("城关镇人民政府")
    page.get_by_label("姓名").fill("刘镇长")
    page.get_by_label("职务").fill("镇长")
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_label("事由").fill(CALL)
    page.get_by_label("紧急", exact=True).check()
    page.get_by_label("地点").fill("城关镇东河村河堤")
    page.get_by_label("经过").fill("巡堤人员发现河堤背水坡出现两处管涌，水位仍在上涨。")
    page.get_by_label("采取的措施").fill("已通知镇防汛人员赶赴现场。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("值班记录已保存")).to_be_visible()
    entry = DutyLogEntry.objects.get(summary=CALL)
    assert entry.urgency == "urgent" and entry.shift is not None and entry.shift.person_id == night.pk

    # 2. It becomes an incident: the form comes prefilled from the entry.
    page.get_by_role("link", name="转为突发事件").click()
    expect(page.get_by_role("heading", name="登记突发事件")).to_be_visible()
    expect(page.get_by_label("获知时间")).to_have_value(local_input(learned))
    page.get_by_label("事件名称").fill(TITLE)
    page.get_by_label("事件类别").select_option(label="自然灾害")
    page.get_by_label("事件等级").select_option(label="重大（Ⅱ级）")
    page.get_by_label("发生地点").fill("城关镇东河村河堤")
    page.get_by_label("发生时间").fill(local_input(learned - timedelta(minutes=10)))
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    incident = Incident.objects.get(title=TITLE)
    assert incident.source_entry_id == entry.pk and incident.learned_at == learned

    # 3. The clock: ten minutes before the telephone 首报 is due the tick warns; past due it says late.
    assert run_alarms(now=learned + timedelta(minutes=9)) == 0
    assert run_alarms(now=learned + timedelta(minutes=12)) == 1
    deliver_outbox()  # the outbox's own tick
    page.goto(base + "/notices/")
    expect(page.get_by_text("即将到时").first).to_be_visible()
    expect(page.get_by_text(TITLE).first).to_be_visible()
    assert run_alarms(now=learned + timedelta(minutes=25)) == 1
    assert run_alarms(now=learned + timedelta(minutes=25)) == 0  # once only
    deliver_outbox()
    page.reload()
    expect(page.get_by_text("已超时").first).to_be_visible()
    expect(page.get_by_text("电话首报已超时5分钟")).to_be_visible()
    # The 带班领导 on shift had them too.
    leader_notices = Notice.objects.filter(recipient=county.leaders[2].user, kind="duty.incident_alarm")
    assert leader_notices.count() == 2
    assert set(IncidentAlarm.objects.filter(incident=incident).values_list("stage", flat=True)) == {
        "before",
        "late",
    }

    # 4. The 首报 by telephone, seven minutes late, with every element; then 续报一 and the 终报.
    page.goto(base + reverse("duty:incident", args=[incident.pk]))
    page.get_by_role("link", name="报送首报").click()
    page.get_by_label("报送时间").fill(local_input(learned + timedelta(minutes=27)))
    page.get_by_label("报送对象").fill("市委总值班室、市应急管理局")
    for label, text in (
        ("信息来源", "城关镇人民政府电话报告"),
        ("事件性质", "河堤管涌险情"),
        ("影响范围", "东河村下游两个村民小组"),
        ("人员伤亡", "无"),
        ("财产损失", "暂无"),
        ("发展趋势", "水位仍在上涨"),
        ("到场领导", "城关镇镇长"),
        ("已采取的措施", "镇防汛人员已赶赴现场，组织转移群众"),
    ):
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="记录首报").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    first = IncidentReport.objects.get(incident=incident, kind="first")
    assert first.sent_at == learned + timedelta(minutes=27) and first.sent_by_id == night.pk

    page.get_by_role("link", name="报送续报").click()
    page.get_by_label("报送时间").fill(local_input(learned + timedelta(minutes=40)))
    page.get_by_label("报送对象").fill("市委总值班室")
    page.get_by_label("新的情况").fill("管涌已用砂石反滤压盖，转移群众86人。")
    page.get_by_role("button", name="记录续报").click()
    expect(page.get_by_text("续报一").first).to_be_visible()

    page.get_by_role("link", name="报送终报").click()
    page.get_by_label("报送时间").fill(local_input(learned + timedelta(minutes=50)))
    page.get_by_label("报送对象").fill("市委总值班室")
    page.get_by_label("处置结果").fill("险情已排除，转移群众已返回。")
    page.get_by_role("button", name="记录终报").click()
    expect(page.get_by_text("终报").first).to_be_visible()
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED
    assert list(
        IncidentReport.objects.filter(incident=incident).order_by("sent_at").values_list("kind", "number")
    ) == [("first", 0), ("follow_up", 1), ("final", 0)]

    # 5. The timeline prints: its print page opens and reads the call, the reports and the alarms in order.
    page.get_by_role("link", name="打印时间线").first.click()
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    text = page.locator("main").inner_text()
    for words in (TITLE, "首报", "续报一", "终报"):
        assert words in text, words
    assert text.index("首报") < text.index("续报一") < text.rindex("终报")
    assert "迟报7分钟" in text  # the telephone 首报, due 20 minutes after learning, went at 27

    # 6. 交班: the urgent call is still open; the morning officer may not take over before confirming it.
    page.goto(base + reverse("duty:handovers"))
    expect(page.get_by_test_id("matter").filter(has_text=CALL)).to_be_visible()
    page.get_by_label("交班说明").fill("城关镇河堤险情已终报，请继续关注水位。")
    page.get_by_role("button", name="交班").click()
    handover = Handover.objects.get(handed_by=night.user)
    assert handover.to_shift is not None and handover.to_shift.person_id == morning.pk

    morning_page = own_page(chromium, base, morning.user.username)
    morning_page.goto(base + reverse("duty:handover", args=[handover.pk]))
    morning_page.get_by_role("button", name="确认接班").click()
    expect(morning_page.get_by_text("尚未确认，不能完成交接班")).to_be_visible()
    handover.refresh_from_db()
    assert handover.acknowledged_at is None
    morning_page.get_by_role("button", name="确认此事项").click()
    morning_page.get_by_role("button", name="确认接班").click()
    expect(morning_page.get_by_text("已接班").first).to_be_visible()
    handover.refresh_from_db()
    assert handover.acknowledged_by_id == morning.user.pk
    morning_page.context.close()

    # 7. A bureau head files travel; the board shows him away with his deputy standing in.
    today = timezone.localdate()
    head, deputy = county.emergency_head, county.emergency_deputy
    head_page = own_page(chromium, base, head.user.username)
    head_page.goto(base + reverse("duty:absence_new"))
    head_page.get_by_label("类别").select_option(label="外出")
    head_page.get_by_label("开始", exact=True).fill(today.isoformat())
    head_page.get_by_label("结束", exact=True).fill((today + timedelta(days=2)).isoformat())
    head_page.get_by_label("去向").fill("省城")
    head_page.get_by_label("事由").fill("参加全省应急管理工作会议")
    head_page.get_by_label("联系电话").fill("13900000010")
    choose(head_page, "主持（代理）工作", "吴副", choice=deputy.name)
    head_page.get_by_role("button", name="报备").click()
    expect(head_page.get_by_text("已报备，等待审批")).to_be_visible()
    travel = Absence.objects.get(person=head)
    assert travel.kind == AbsenceKind.TRAVEL and travel.stand_in_id == deputy.pk
    head_page.context.close()

    page.goto(base + reverse("duty:away_board"))
    row = page.locator("tr").filter(has_text=head.name).first
    expect(row).to_contain_text(deputy.name)
    expect(row).to_contain_text("省城")

    # 8. The deputy's overlapping leave: flagged when he files it, filed once he confirms, flagged on the board.
    deputy_page = own_page(chromium, base, deputy.user.username)
    deputy_page.goto(base + reverse("duty:absence_new"))
    deputy_page.get_by_label("类别").select_option(label="请假")
    # From tomorrow, overlapping his head's travel; on a Sunday from today, since tomorrow is next week's board.
    overlap = today + timedelta(days=1) if today.weekday() < 6 else today
    deputy_page.get_by_label("开始", exact=True).fill(overlap.isoformat())
    deputy_page.get_by_label("结束", exact=True).fill((today + timedelta(days=3)).isoformat())
    deputy_page.get_by_label("事由").fill("家中有事")
    deputy_page.get_by_label("联系电话").fill("13900000011")
    # Not his head, who is away himself then (refused), but the bureau's duty officer.
    choose(deputy_page, "主持（代理）工作", "郭值", choice=county.emergency_officer.name)
    deputy_page.get_by_role("button", name="报备").click()
    flag = f"{county.emergency.name}正职{head.name}与副职{deputy.name}同时不在岗"
    expect(deputy_page.get_by_text(flag).first).to_be_visible()
    assert not Absence.objects.filter(person=deputy).exists()  # nothing saved before he confirms
    deputy_page.get_by_label("已知悉上述提示，仍然报备").check()
    deputy_page.get_by_role("button", name="报备").click()
    expect(deputy_page.get_by_text("已报备，等待审批")).to_be_visible()
    assert Absence.objects.filter(person=deputy, kind=AbsenceKind.LEAVE).count() == 1
    deputy_page.context.close()

    page.goto(base + reverse("duty:away_board"))
    expect(page.get_by_text(flag).first).to_be_visible()
