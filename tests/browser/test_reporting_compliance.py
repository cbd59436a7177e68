"""应报尽报 in the browser (issue 18, item 6): the county office's 文书 opens the compliance view, picks October
2026 (National Day moved the due dates), sees 城关镇 with one report late and one missing, sorts by 迟报, opens
城关镇 and finds the late line with its due date and filing time."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.reporting.compliance_helpers import make_october
from tests.reporting.conftest import County, county  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_sees_a_late_line_and_opens_the_unit(
    page: Page,
    live_server: object,
    county: County,  # noqa: F811
) -> None:
    make_october(county)
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/reporting/")
    expect(page.get_by_role("link", name="应报尽报")).to_be_visible()
    page.get_by_role("link", name="应报尽报").click()
    page.get_by_label("统计期间").select_option("2026-10")
    page.get_by_role("button", name="查看").click()

    expect(page.get_by_role("heading", name="2026年10月应报尽报情况")).to_be_visible()
    expect(page.get_by_role("link", name="应报尽报")).to_have_attribute("aria-current", "page")
    expect(page.get_by_test_id("chart-compliance-units")).to_be_visible()
    town = page.locator('[data-testid="units"] tr[data-unit="城关镇"]')
    expect(town.locator("td").nth(2)).to_have_text("1")  # 迟报
    expect(town.locator("td").nth(3)).to_have_text("1")  # 未报

    page.get_by_role("link", name="迟报", exact=True).click()
    expect(page.get_by_role("columnheader", name="迟报 ↓")).to_be_visible()

    page.get_by_role("link", name="城关镇").click()
    expect(page.get_by_role("heading", name="城关镇 2026年10月应报尽报情况")).to_be_visible()
    late = page.locator('[data-testid="lines"] tr[data-status="late"]')
    expect(late).to_have_count(1)
    expect(late).to_contain_text("信访稳定月报")
    expect(late).to_contain_text("2026-10-13")
    expect(late).to_contain_text("2026-10-14 09:00")
    expect(late).to_contain_text("迟报")
    expect(page.locator('[data-testid="lines"] tr[data-status="missing"]')).to_contain_text("安全生产月报")
    page.get_by_test_id("back").click()
    expect(page.get_by_role("heading", name="2026年10月应报尽报情况")).to_be_visible()
