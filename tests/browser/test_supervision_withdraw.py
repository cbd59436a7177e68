"""作废 in the browser (issue 15, build point 8): the 督查员 withdraws an item opened by mistake from its page —
an empty reason is refused in Chinese, a reason withdraws it — and the item leaves the ledger's default list
for its 已作废 filter."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_supervision_flow import sign_in
from tests.supervision.conftest import county  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "推进城区燃气管网改造"


def test_the_supervisor_withdraws_an_item_opened_by_mistake(page: Page, live_server, county):  # noqa: F811
    item = county.open(TITLE)
    base = live_server.url
    sign_in(page, base, "duchayuan")
    page.goto(f"{base}/supervision/items/{item.pk}/")
    form = page.locator('form[data-action="withdraw"]')
    form.get_by_role("button", name="作废").click()
    expect(page.get_by_role("alert")).to_have_text("请填写作废理由")
    page.get_by_label("作废理由").fill("重复立项")
    page.locator('form[data-action="withdraw"]').get_by_role("button", name="作废").click()
    expect(page.get_by_test_id("state")).to_have_text("已作废")
    expect(page.get_by_test_id("withdraw-reason")).to_have_text("重复立项")
    expect(page.locator('form[data-action="withdraw"]')).to_have_count(0)

    page.goto(f"{base}/supervision/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    page.get_by_label("状态").select_option(label="已作废")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
