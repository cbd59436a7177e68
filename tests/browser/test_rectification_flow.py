"""整改 and 督办阈值 in the browser: a 督查员 reaches the problem lists from the supervision section's tabs,
pastes a problem list, fixes a bad line, and the list assigns its problems; the bureau's liaison finds the
lists from the main navigation and the tabs, sees their own problem and opens its item page; the office
director edits the thresholds (the presses before 查办 among them), is refused a bad one, then saves."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.test_supervision_flow import seed_calendar_if_flushed, sign_in
from tests.supervision.conftest import county  # noqa: F401 - the fixture
from zhongshu.supervision.models import EscalationRule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_problem_list_and_the_thresholds_in_the_browser(page: Page, live_server, county):  # noqa: F811
    base = live_server.url
    seed_calendar_if_flushed()
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=True):
        sign_in(page, base, "duchayuan")
        page.goto(f"{base}/supervision/wall/")
        tabs = page.get_by_role("navigation", name="督查督办栏目")
        expect(tabs.get_by_role("link", name="挂图督查")).to_have_attribute("aria-current", "page")
        tabs.get_by_role("link", name="整改问题清单").click()
        expect(tabs.get_by_role("link", name="整改问题清单")).to_have_attribute("aria-current", "page")
        page.get_by_role("link", name="新建问题清单").click()
        page.get_by_label("清单名称").fill("专项督查反馈问题")
        page.get_by_label("发现来源").fill("2026年第一轮专项督查")
        choose(page, "责任领导", "郑", choice="郑书记")
        problems = page.get_by_label("问题", exact=True)
        problems.fill("校舍隐患排查不彻底｜全面排查｜县教育局｜10\n资金拨付滞后｜足额拨付｜县水利局｜10")
        page.get_by_role("button", name="建立清单并交办").click()
        expect(page.get_by_test_id("errors")).to_contain_text("第2行：责任单位不存在：县水利局")
        problems.fill("校舍隐患排查不彻底｜全面排查｜县教育局｜10\n资金拨付滞后｜足额拨付｜县财政局｜10")
        page.get_by_role("button", name="建立清单并交办").click()
        expect(page.get_by_role("heading", name="专项督查反馈问题")).to_be_visible()
        expect(page.get_by_test_id("progress")).to_have_text("已销号0/2（0%）")

        sign_in(page, base, "liaison_jyj")
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="督查督办").click()
        tabs = page.get_by_role("navigation", name="督查督办栏目")
        expect(tabs.get_by_role("link", name="督办阈值")).to_have_count(0)
        tabs.get_by_role("link", name="整改问题清单").click()
        page.get_by_role("link", name="专项督查反馈问题").click()
        expect(page.get_by_test_id("progress")).to_have_text("已销号0/1（0%）")
        expect(page.get_by_role("link", name="资金拨付滞后")).to_have_count(0)
        page.get_by_role("link", name="校舍隐患排查不彻底").click()
        expect(page.get_by_role("heading", name="校舍隐患排查不彻底")).to_be_visible()
        page.get_by_role("button", name="签收").click()
        expect(page.get_by_test_id("state")).to_have_text("办理中")

        sign_in(page, base, "zhuren")
        page.goto(f"{base}/supervision/")
        page.get_by_role("navigation", name="督查督办栏目").get_by_role("link", name="督办阈值").click()
        page.get_by_label("民生督查逾期转督办天数").fill("12")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_test_id("errors")).to_contain_text("民生督查：逾期转查办天数应大于逾期转督办天数")
        page.get_by_label("民生督查逾期转督办天数").fill("3")
        page.get_by_label("民生督查未回应督办转查办次数").fill("3")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("已保存，1个类别的阈值有变化，下次督办扫描起生效")).to_be_visible()
    rule = EscalationRule.objects.get()
    assert (rule.press_after_workdays, rule.investigate_after_presses) == (3, 3)
