"""Issue 15, build 7, in the browser: a long ledger keeps its header in sight while it scrolls, and a 文号 or a
date sits on one line however narrow the window."""

from __future__ import annotations

import io
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.archives.helpers import make_item
from zhongshu.accounts.models import User
from zhongshu.demo.build import build_demo
from zhongshu.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_catalogue(transactional_db):
    build_demo(io.StringIO())
    archivist = User.objects.get(username="dangan")
    for n in range(40):
        make_item(
            by=archivist,
            year=2014,
            title=f"关于做好第{n + 1}项年度重点工作的通知，请各单位结合实际认真贯彻落实",
            doc_number=f"县委办发〔2014〕{n + 1}号",
            responsible="中共示例县委办公室",
            date=date(2014, 12, 31),
            remarks="原件存档案室，复印件交承办单位",
        )


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_long_ledger_keeps_its_header_and_keeps_numbers_on_one_line(
    page: Page, live_server, long_catalogue
):
    page.set_viewport_size({"width": 900, "height": 700})
    sign_in(page, live_server.url, "dangan")
    page.goto(f"{live_server.url}/archives/")
    table = page.get_by_test_id("catalogue")
    expect(table.locator("tbody tr")).to_have_count(44)  # the demo's 4 and these 40

    # Scrolled well down, the header still sits at the top of the ledger's frame.
    frame = page.locator(".table-scroll")
    frame.evaluate("el => { el.scrollTop = 900; }")
    assert frame.evaluate("el => el.scrollTop") == 900
    frame_top = frame.bounding_box()["y"]
    header = table.locator("thead th").first
    expect(header).to_have_text("档号")
    assert abs(header.bounding_box()["y"] - frame_top) <= 1
    assert table.locator("tbody tr").first.bounding_box()["y"] < frame_top  # the first rows scrolled away

    # A 文号 and a date each take one line: the text's height is one line's.
    row = table.locator("tbody tr", has_text="县委办发〔2014〕9号")
    for cell in (row.locator("td").nth(1), row.locator("td").nth(4)):
        lines = cell.evaluate(
            """td => {
                const range = document.createRange();
                range.selectNodeContents(td);
                const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                return tops.size;
            }"""
        )
        assert lines == 1, cell.inner_text()
    # The title beside them does wrap: the window is narrow enough that the check above means something.
    title_lines = (
        row.locator("td")
        .nth(3)
        .evaluate(
            "td => { const r = document.createRange(); r.selectNodeContents(td);"
            " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
        )
    )
    assert title_lines > 1
