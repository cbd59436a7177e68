"""预案演练 in the browser (issue 17, item 5): the duty officer opens an incident, enables the matching plan,
ticks a step of its checklist (the person chosen with the picker) and sees who did it; then records a held
drill with a problem (its responsible unit chosen with the picker) and sees it on the drill's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.duty.conftest import county  # noqa: F401 - the fixture
from tests.duty.plans_helpers import make_incident, make_plan
from zhongshu.duty import drills
from zhongshu.duty.models import DrillProblem, IncidentStep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tick_a_plan_step_and_record_a_drill(page: Page, live_server, county):  # noqa: F811
    plan = make_plan(county)
    incident = make_incident(county)
    drill = drills.drill_plan(
        by=county.duty_officers[0].user,
        title="防汛抢险演练",
        plan=plan,
        scenario="山洪围困村庄",
        held_on=timezone.localdate() - timedelta(days=2),
        units=[county.water],
    )
    base = live_server.url
    sign_in(page, base, "zhiban1")

    page.goto(f"{base}/duty/incidents/{incident.pk}/")
    section = page.locator("[data-section=plan]")
    expect(section).to_contain_text("尚未启用预案")
    section.get_by_role("button", name="启用预案").click()
    checklist = page.get_by_test_id("checklist")
    expect(checklist).to_contain_text("通知水利局加强巡堤")
    expect(checklist).not_to_contain_text("启动Ⅲ级应急响应")  # a Ⅳ级 incident shows the Ⅳ级 steps
    row = checklist.locator("tr", has_text="通知水利局加强巡堤")
    row.get_by_text("记录办理").click()
    choose(page, "办理人", "何联络", choice="何联络")
    row.get_by_label("说明").fill("已电话通知水利局")
    row.get_by_role("button", name="确认办结").click()
    row = page.get_by_test_id("checklist").locator("tr", has_text="通知水利局加强巡堤")
    expect(row).to_contain_text("已办")
    expect(row).to_contain_text("何联络")
    assert IncidentStep.objects.get().done_by == county.water_liaison

    page.goto(f"{base}/duty/drills/{drill.pk}/")
    page.get_by_label("参演人数").fill("80")
    page.get_by_label("演练评估").fill("转移及时，通信保障不足")
    page.get_by_label("问题1").fill("对讲机电量不足")
    choose(page, "责任单位1", "水利", choice="县水利局")
    page.get_by_label("整改措施1").fill("配齐备用电池")
    page.get_by_label("整改时限1").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="保存演练记录").click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("对讲机电量不足")
    expect(problems).to_contain_text("县水利局")
    expect(page.get_by_test_id("participants")).to_contain_text("80人")
    assert DrillProblem.objects.get().unit == county.water
