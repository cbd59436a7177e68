"""Issue 18's scenario, end to end in the browser (SQLite here; `.ci/run` runs it again on PostgreSQL):

a town's 信息员 submits an item about a flood; the same flood reported by another town an hour earlier is flagged
as a near-duplicate; the editor merges the two and adopts the result into a 快报 issue; the office director signs
the issue off on the workflow's step page (第1期) and the editor distributes it; the city's 《每日要情》 adopts the
item and the town's score on the ranking page rises by the configured points (county 10 → plus city 20); the
county secretary writes a 批示 on the item and the supervisor turns it into a supervision item, each page linking
to the other.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.information import scoring_helpers
from tests.information.conftest import county  # noqa: F401 - the fixture
from tests.information.screening_helpers import FLOOD_A, FLOOD_B
from zhongshu.information import submissions
from zhongshu.information.models import (
    DuplicateFlag,
    InfoInstruction,
    InfoReport,
    IssueState,
    ItemState,
    PublicationIssue,
)
from zhongshu.supervision.models import SupervisionItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MERGED_TITLE = "我县全力应对青龙河汛情"


def _new_page(chromium: Any, base: str, username: str) -> Page:
    page: Page = chromium.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, username)
    return page


def _score(page: Page, unit: str) -> Any:
    return page.get_by_test_id("scoring-ranking").locator("tr", has_text=unit).get_by_test_id("score")


def test_an_item_goes_from_a_town_to_a_signed_issue_the_citys_adoption_the_ranking_and_a_supervised_instruction(
    page: Page,
    chromium: Any,
    live_server: Any,
    county: Any,  # noqa: F811
) -> None:
    for person in (county.director, county.leaders[0]):
        TOTPDevice.objects.create(user=person.user, name="测试", confirmed=True)
    today = timezone.localdate()
    scoring_helpers.table(
        county,
        "本年信息计分办法",
        date(today.year, 1, 1),
        mode="cumulative",
        adoption={"county": 10, "city": 20},
        instruction={"county": 5},
    )
    # 河口乡 reported the flood an hour ago, through the service as its 信息员's page would.
    earlier = submissions.item_draft(
        by=county.town_writers[1].user, title="河口乡做好青龙河防汛", body=FLOOD_B
    )
    submissions.item_submit(item=earlier, by=county.town_writers[1].user)
    base = live_server.url

    # 1. 城关镇's 信息员 submits the same flood in his own words.
    sign_in(page, base, "town0")
    page.goto(f"{base}/information/items/new/")
    page.get_by_label("标题").fill("城关镇全力应对青龙河汛情")
    page.get_by_label("信息类别").select_option(label="动态")
    page.get_by_label("正文").fill(FLOOD_A)
    page.get_by_role("button", name="保存并报送").click()
    expect(page.locator("#item-state")).to_have_text("已报送")
    ours = InfoReport.objects.get(title="城关镇全力应对青龙河汛情")
    assert DuplicateFlag.objects.filter(item=ours, similar=earlier).exists()

    # 2. The editor sees both flagged, merges 河口乡's into 城关镇's and adopts the result.
    editor = _new_page(chromium, base, "bianji1")
    editor.goto(f"{base}/information/screening/")
    rows = editor.locator("table.screening-queue tbody tr")
    expect(rows.filter(has_text="城关镇全力应对青龙河汛情")).to_contain_text("疑似重复")
    rows.get_by_role("link", name="城关镇全力应对青龙河汛情").click()
    expect(editor.locator(".screening-pair")).to_contain_text("河口乡《河口乡做好青龙河防汛》")
    merge = editor.locator("form.screening-merge")
    merge.get_by_label("合并后标题").fill(MERGED_TITLE)
    merge.get_by_label("合并后正文").fill(FLOOD_A + "\n河口乡同时派出两支抢险队伍加固堤防八百米。")
    merge.get_by_role("button", name="合并").click()
    expect(editor.get_by_role("heading", name=MERGED_TITLE)).to_be_visible()
    editor.get_by_role("button", name="采用").click()
    expect(editor.get_by_text("已采用").first).to_be_visible()
    ours.refresh_from_db()
    earlier.refresh_from_db()
    assert ours.state == ItemState.ADOPTED and earlier.merged_into_id == ours.pk

    # 3. Into a 快报 issue, sent to the office director for sign-off.
    editor.goto(f"{base}/information/issues/")
    editor.get_by_label("刊物").select_option(label="快报（快报）")
    editor.get_by_role("button", name="新建").click()
    editor.get_by_label("编入已采用信息").select_option(label=f"{MERGED_TITLE}（城关镇）")
    editor.get_by_role("button", name="编入本期").click()
    expect(editor.locator("#issue-entries")).to_contain_text(MERGED_TITLE)
    editor.get_by_label("签发人").select_option(label="赵主任（办公室主任）")
    editor.get_by_role("button", name="送审").click()
    expect(editor.get_by_text("审核中").first).to_be_visible()
    issue = PublicationIssue.objects.get()

    director = _new_page(chromium, base, "zhuren")
    director.goto(f"{base}/information/issues/{issue.pk}/")
    director.get_by_role("link", name="签发本期").click()
    director.get_by_label("意见").fill("同意印发")
    director.get_by_role("button", name="同意", exact=True).click()
    expect(director.get_by_test_id("step-done")).to_be_visible()
    issue.refresh_from_db()
    assert issue.state == IssueState.SIGNED and issue.number == 1

    # 4. Distributed: the county's own adoption scores the configured 10 points.
    editor.goto(f"{base}/information/issues/{issue.pk}/")
    editor.get_by_role("button", name="分发").click()
    expect(editor.locator("#receipts")).to_contain_text("郑书记")
    issue.refresh_from_db()
    assert issue.state == IssueState.DISTRIBUTED
    editor.goto(f"{base}/information/scoring/")
    expect(_score(editor, "城关镇")).to_have_text("10")

    # 5. The city adopts it: the ranking rises by the configured 20 points.
    editor.goto(f"{base}/information/items/{ours.pk}/")
    form = editor.get_by_test_id("adoption-form")
    form.get_by_label("采用层级").select_option(label="市级")
    form.get_by_label("采用刊物").fill("市委办公室《每日要情》")
    form.get_by_label("期号").fill(f"{today.year}年第88期")
    form.get_by_label("采用日期").fill(today.isoformat())
    form.get_by_role("button", name="登记采用").click()
    expect(editor.get_by_text("上级采用已登记")).to_be_visible()
    editor.goto(f"{base}/information/scoring/")
    expect(_score(editor, "城关镇")).to_have_text("30")

    # 6. The county secretary's 批示 on the item; the supervisor makes it a supervision item, linked both ways.
    leader = _new_page(chromium, base, "leader1")
    leader.goto(f"{base}/information/items/{ours.pk}/")
    section = leader.get_by_test_id("instructions-section")
    section.locator("summary").click()
    section.get_by_label("批示内容").fill("请县应急局、水利局做好后续防范，确保群众安全。")
    section.get_by_role("button", name="保存批示").click()
    expect(leader.get_by_test_id("instructions-section")).to_contain_text("请县应急局、水利局做好后续防范")
    instruction = InfoInstruction.objects.get()
    assert instruction.item_id == ours.pk

    supervisor = _new_page(chromium, base, "ducha")
    supervisor.goto(f"{base}/information/items/{ours.pk}/")
    supervisor.get_by_test_id("instructions-section").get_by_role("button", name="转为督办事项").click()
    supervised = SupervisionItem.objects.get()
    supervisor.goto(f"{base}/supervision/items/{supervised.pk}/")
    expect(supervisor.get_by_role("link", name=MERGED_TITLE).first).to_be_visible()
    supervisor.goto(f"{base}/information/items/{ours.pk}/")
    expect(supervisor.get_by_test_id("instructions-section")).to_contain_text(supervised.title)
    # The 批示 adds its bonus (5) to the town's score.
    editor.goto(f"{base}/information/scoring/")
    expect(_score(editor, "城关镇")).to_have_text("35")
