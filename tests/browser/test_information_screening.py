"""信息编辑 in the browser: two towns submit items about one flood; the editor finds both in the queue marked
疑似重复, opens one, sees the other beside it with the shared passage highlighted, merges them into one text
(prefilled with both) and adopts the result."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.information.conftest import county  # noqa: F401 - the fixture
from tests.information.screening_helpers import FLOOD_A, FLOOD_B, submitted
from zhongshu.information.models import InfoReport, ItemState, ItemVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_sees_two_towns_items_side_by_side_merges_and_adopts(
    page: Page,
    live_server,
    county,  # noqa: F811
):
    office = county.office.pk
    first = submitted(
        county.town_writers[0], "城关镇全力应对青龙河汛情", FLOOD_A, office_unit_id=office, hours_ago=3
    )
    second = submitted(county.town_writers[1], "河口乡做好青龙河防汛", FLOOD_B, office_unit_id=office)
    base = live_server.url

    sign_in(page, base, "bianji1")
    page.goto(f"{base}/information/")
    page.get_by_role("link", name="信息编辑").first.click()
    expect(page.get_by_role("heading", name="待编辑处理的信息")).to_be_visible()
    rows = page.locator("table.screening-queue tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="城关镇全力应对青龙河汛情")).to_contain_text("疑似重复")
    expect(rows.filter(has_text="河口乡做好青龙河防汛")).to_contain_text("疑似重复")

    page.get_by_role("link", name="城关镇全力应对青龙河汛情").click()
    pair = page.locator(".screening-pair")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("河口乡《河口乡做好青龙河防汛》")
    expect(pair.locator(".screening-text")).to_have_count(2)
    expect(pair.locator(".screening-text").nth(0).locator("mark").first).to_contain_text("青龙河水位")
    expect(pair.locator(".screening-text").nth(1).locator("mark").first).to_contain_text("青龙河水位")

    page.screenshot(path="/tmp/information_screening.png", full_page=True)
    merge = page.locator("form.screening-merge")
    expect(merge.get_by_label("河口乡《河口乡做好青龙河防汛》")).to_be_checked()
    body = merge.get_by_label("合并后正文")
    expect(body).to_have_value(FLOOD_A + "\n\n" + FLOOD_B)
    merge.get_by_label("合并后标题").fill("我县全力应对青龙河汛情")
    body.fill(FLOOD_A + "\n河口乡同时派出两支抢险队伍加固堤防八百米。")
    merge.get_by_role("button", name="合并").click()
    expect(page.get_by_text("已合并").first).to_be_visible()
    expect(page.get_by_role("heading", name="我县全力应对青龙河汛情")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("联合报送：河口乡")

    page.get_by_role("button", name="采用").click()
    expect(page.get_by_text("已采用").first).to_be_visible()
    expect(page.locator("table.screening-queue tbody")).to_contain_text("没有待编辑处理的信息")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == ItemState.ADOPTED and first.title == "我县全力应对青龙河汛情"
    assert second.state == ItemState.MERGED and second.merged_into_id == first.pk
    assert ItemVersion.objects.filter(item=first).count() == 2
    assert InfoReport.objects.filter(state=ItemState.SUBMITTED).count() == 0
