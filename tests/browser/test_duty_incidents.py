"""突发事件 in the browser (issue 17, item 4): the night duty officer opens an incident from the urgent call he
logged (转为突发事件 on the log entry prefills it), the alarm tick warns before the 首报 is due and again when it
is late (a frozen clock), he files the written 首报 (refused first for a missing element), a 续报 that goes
eleven minutes late and the 终报; the incident closes, the list shows it, and the timeline prints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.duty.conftest import make_county
from zhongshu.duty.alarms import run_alarms
from zhongshu.duty.clocks import ensure_default_clocks
from zhongshu.duty.models import DutyLogEntry, Incident, IncidentState, Urgency
from zhongshu.notifications.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_night_officer_opens_an_incident_from_his_log_and_reports_it_against_the_clock(
    page: Page, live_server
) -> None:
    county = make_county()
    ensure_default_clocks()  # a transactional test starts from a flushed database
    officer = county.duty_officers[0]
    # The call came in six hours ago (III: telephone 30, written 60, 续报 every 240 minutes).
    received = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=6)
    entry = DutyLogEntry.objects.create(
        unit=county.office,
        urgency=Urgency.URGENT,
        received_at=received,
        place="城关镇河西村",
        summary="河西村山洪冲毁村道",
        course="山洪下泄，冲毁村道约200米",
        measures="镇里已组织转移群众",
        caller_unit="城关镇",
        caller_name="城关联络",
        caller_phone="0000-6660003",
        recorded_by=officer.user,
        owner_unit=county.office,
    )
    base = live_server.url
    sign_in(page, base, officer.user.username)

    page.goto(f"{base}/duty/log/{entry.pk}/")
    page.get_by_role("link", name="转为突发事件").click()
    expect(page.get_by_label("事件名称")).to_have_value("河西村山洪冲毁村道")
    expect(page.get_by_label("发生地点")).to_have_value("城关镇河西村")
    expect(page.get_by_test_id("guidance")).to_contain_text("死亡3–9人")
    page.get_by_label("事件类别").select_option("natural")
    page.get_by_label("事件类型").select_option("水旱灾害")
    page.get_by_label("事件等级").select_option("III")
    page.get_by_label("发生时间").fill(local(received - timedelta(minutes=15)))
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("heading", name="河西村山洪冲毁村道")).to_be_visible()
    incident = Incident.objects.get()
    assert incident.source_entry == entry and incident.learned_at == received

    # The tick, with the clock frozen: ten minutes before the 电话首报 is due, then when it is late.
    assert run_alarms(now=received + timedelta(minutes=21)) == 1
    assert run_alarms(now=received + timedelta(minutes=21)) == 0
    assert run_alarms(now=received + timedelta(minutes=33)) == 1
    titles = list(
        OutboxMessage.objects.filter(recipient=officer.user, kind="duty.incident_alarm").values_list(
            "title", flat=True
        )
    )
    assert titles == [
        "【即将到时】河西村山洪冲毁村道：电话首报应于"
        + timezone.localtime(received + timedelta(minutes=30)).strftime("%H:%M")
        + "前报送",
        "【已超时】河西村山洪冲毁村道：电话首报已超时3分钟",
    ]

    # 首报, in writing: refused without 到场领导, then filed.
    page.get_by_role("link", name="报送首报").click()
    page.get_by_label("报送方式").select_option("system")
    page.get_by_label("报送时间").fill(local(received + timedelta(minutes=35)))
    page.get_by_label("报送对象").fill("市委总值班室")
    page.get_by_label("信息来源").fill("城关镇值班室电话报告")
    page.get_by_label("事件性质").fill("山洪灾害")
    page.get_by_label("影响范围").fill("河西村三个村民小组")
    page.get_by_label("人员伤亡").fill("无人员伤亡")
    page.get_by_label("财产损失").fill("冲毁村道约200米")
    page.get_by_label("发展趋势").fill("降雨减弱，水位回落")
    page.get_by_label("已采取的措施").fill("转移群众46人，封闭道路")
    page.get_by_role("button", name="记录首报").click()
    expect(page.get_by_test_id("error")).to_have_text("书面首报缺少必报要素：到场领导")
    page.get_by_label("到场领导").fill("林副县长")
    page.get_by_role("button", name="记录首报").click()
    expect(page.locator('[data-clock="first_written"] .badge')).to_have_text("按时")
    expect(page.locator('[data-clock="first_phone"] .badge')).to_have_text("迟报5分钟")

    # 续报一, eleven minutes past its 240 minutes; the form does not carry the 首报's text.
    page.get_by_role("link", name="报送续报").click()
    expect(page.get_by_label("新的情况")).to_have_value("")
    page.get_by_label("报送时间").fill(local(received + timedelta(minutes=35 + 240 + 11)))
    page.get_by_label("报送对象").fill("市委总值班室")
    page.get_by_label("新的情况").fill("村道抢通，转移群众已返回")
    page.get_by_role("button", name="记录续报").click()
    expect(page.locator('[data-clock="follow_up:1"] .badge')).to_have_text("迟报11分钟")

    # 终报 closes it; nothing more is offered.
    page.get_by_role("link", name="报送终报").click()
    page.get_by_label("报送时间").fill(local(received + timedelta(minutes=330)))
    page.get_by_label("报送对象").fill("市委总值班室")
    page.get_by_label("处置结果").fill("险情排除，道路恢复通行")
    page.get_by_role("button", name="记录终报").click()
    expect(page.get_by_test_id("state")).to_have_text("已终报")
    expect(page.locator("[data-action^=file_]")).to_have_count(0)
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED

    page.goto(f"{base}/duty/incidents/")
    expect(page.get_by_test_id("incidents")).to_contain_text("已终报")

    page.goto(f"{base}/duty/incidents/{incident.pk}/timeline/")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("获知事件，报告时限起算")
    expect(timeline).to_contain_text("续报一")
    expect(timeline).to_contain_text("迟报11分钟")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.locator(".tabs")).to_be_hidden()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
