"""信息报送 · submissions in the browser: a town's 信息员 writes and submits an item; a 问题 item waits for the
town leader's sign-off, who signs it off from his 待签发 list; an urgent item reaches an editor's notices at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.information.conftest import county  # noqa: F401 - the fixture
from zhongshu.information.models import InfoReport, ItemState
from zhongshu.notifications.services import deliver_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _write(page: Page, base: str, title: str, kind: str, body: str) -> None:
    page.goto(f"{base}/information/items/")
    page.get_by_role("link", name="新建信息").click()
    expect(page.get_by_role("heading", name="新建信息")).to_be_visible()
    page.get_by_label("标题").fill(title)
    page.get_by_label("信息类别").select_option(label=kind)
    page.get_by_label("正文").fill(body)
    page.get_by_role("button", name="保存并报送").click()


def test_a_town_writer_submits_a_leader_signs_off_and_an_urgent_item_reaches_an_editor(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    base = live_server.url
    sign_in(page, base, "town0")
    _write(
        page, base, "城关镇扎实推进秋粮收购", "动态", "今年全镇秋粮收购已完成六千吨，收购进度快于去年同期。"
    )
    expect(page.locator("#item-state")).to_have_text("已报送")
    expect(page.locator("#text")).to_contain_text("第1版")
    expect(page.locator("#history")).to_contain_text("报送信息")

    _write(
        page,
        base,
        "部分村组饮水工程老化亟待改造",
        "问题",
        "全镇十二个村组的饮水管网建于二〇〇五年前后，漏损严重。",
    )
    expect(page.locator("#item-state")).to_have_text("待单位领导签发")
    waiting = InfoReport.objects.get(title="部分村组饮水工程老化亟待改造")

    leader = chromium.new_context(locale="zh-CN").new_page()
    leader.set_default_timeout(15_000)
    sign_in(leader, base, "town0_sj")
    leader.goto(f"{base}/information/items/sign-off/")
    rows = leader.locator("#to-sign-off")
    expect(rows).to_contain_text("部分村组饮水工程老化亟待改造")
    rows.get_by_role("link", name="审核签发").click()
    leader.get_by_role("button", name="签发").click()
    expect(leader.locator("#item-state")).to_have_text("已报送")
    waiting.refresh_from_db()
    assert waiting.state == ItemState.SUBMITTED and waiting.signed_off_by == county.town_leaders[0]

    _write(
        page,
        base,
        "城关镇某村发生山体滑坡",
        "紧急信息",
        "今晨六时许，某村发生小型山体滑坡，已转移群众三十人，无人员伤亡。",
    )
    expect(page.locator("#item-state")).to_have_text("已报送")
    deliver_outbox()
    editor = chromium.new_context(locale="zh-CN").new_page()
    editor.set_default_timeout(15_000)
    sign_in(editor, base, "bianji1")
    editor.goto(f"{base}/notices/")
    expect(editor.get_by_text("紧急信息：城关镇《城关镇某村发生山体滑坡》").first).to_be_visible()
    # the writer's list shows the urgent item first, marked
    page.goto(f"{base}/information/items/")
    first = page.locator("#items tbody tr").first
    expect(first).to_contain_text("城关镇某村发生山体滑坡")
    expect(first).to_contain_text("急")
