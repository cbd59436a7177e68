"""请示报告清单 in the browser: the office's 文书 adds a monthly report to the 财政局's list (a line without a
cycle is refused first, with its message on the page), then the 财政局's liaison finds it on the unit's own
list and files the report for a month against it with the report attached; the filing shows on 报送记录."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.reporting.conftest import county  # noqa: F401 - the fixture
from zhongshu.attachments.services import attachments_of
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_adds_a_line_and_the_units_liaison_files_against_it(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
    tmp_path,
):
    base = live_server.url
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/reporting/checklist/")
    expect(page.get_by_role("heading", name="请示报告清单")).to_be_visible()
    page.get_by_role("link", name="添加清单事项").click()
    choose(page, "单位", "财政", choice="县财政局")
    page.get_by_label("类别").select_option(label="报告")
    page.get_by_label("时机").select_option(label="事后")
    page.get_by_label("请示报告事项").fill("每月财政收支情况报告")
    page.get_by_label("依据").fill("《县委办公室关于严格执行请示报告制度的通知》")
    page.get_by_label("期满后第几个工作日前报送").fill("5")
    page.get_by_label("起始日期").fill("2026-10-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("请选择周期")
    assert ChecklistLine.objects.count() == 0  # what was filled in stays on the form, the unit too
    expect(page.get_by_label("请示报告事项")).to_have_value("每月财政收支情况报告")
    page.get_by_label("周期").select_option(label="每月")
    page.get_by_role("button", name="保存").click()
    lines = page.locator("#checklist-lines")
    expect(lines).to_contain_text("每月财政收支情况报告")
    expect(lines).to_contain_text("期满后第5个工作日前")
    line = ChecklistLine.objects.get()
    assert (line.unit, line.cycle, line.starts_on) == (county.units[0], "monthly", date(2026, 10, 1))

    liaison = chromium.new_context(locale="zh-CN").new_page()
    liaison.set_default_timeout(15_000)
    sign_in(liaison, base, "czj_llr")
    liaison.goto(f"{base}/reporting/checklist/")
    row = liaison.locator("#checklist-lines tr", has_text="每月财政收支情况报告")
    row.get_by_role("link", name="报送").click()
    expect(liaison.get_by_role("heading", name="报送")).to_be_visible()
    liaison.get_by_label("所属期间").select_option(label="2026年10月（11月6日前报送）")
    liaison.get_by_label("报送标题").fill("县财政局2026年10月财政收支情况报告")
    report = tmp_path / "十月财政收支情况.txt"
    report.write_text("全县一般公共预算收入完成年度预算的百分之八十五。", encoding="utf-8")
    liaison.get_by_label("报告附件").set_input_files(str(report))
    liaison.get_by_role("button", name="提交报送").click()
    expect(liaison.get_by_role("heading", name="县财政局2026年10月财政收支情况报告")).to_be_visible()
    expect(liaison.get_by_text("2026年10月", exact=True)).to_be_visible()
    expect(liaison.get_by_role("link", name="十月财政收支情况.txt")).to_be_visible()
    filing = ChecklistFiling.objects.get()
    assert (filing.line, filing.period_start) == (line, date(2026, 10, 1))
    assert attachments_of(filing).count() == 1

    liaison.get_by_role("link", name="返回报送记录").click()
    expect(liaison.locator("#filings")).to_contain_text("每月财政收支情况报告")
    page.goto(f"{base}/reporting/filings/")
    expect(page.locator("#filings")).to_contain_text("县财政局2026年10月财政收支情况报告")
    liaison.screenshot(path="/tmp/reporting_checklist.png", full_page=True)
