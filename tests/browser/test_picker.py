"""Issue 15's picker in Chromium: a 文书 finds 曾志强 of 县委办 by typing "zzq", tells the two 曾志强 apart by unit and
post, and sends the draft to him; a unit picker's 各乡镇 chooses every 乡镇 at once, and the keyboard alone
chooses another unit."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose, picker_options
from zhongshu.demo.build import build_demo
from zhongshu.demo.data import DEMO_PASSWORD
from zhongshu.documents.models import OfficialDocument
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.workflow.models import Step
from zhongshu.workflow.states import StepKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_county(transactional_db):
    build_demo(io.StringIO())


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def _draft(page: Page, base: str, title: str) -> None:
    page.goto(f"{base}/documents/new/")
    page.get_by_label("标题").fill(title)
    page.get_by_label("正文").fill("一、工作要求\n各单位要抓好落实。")


def test_choosing_zeng_zhiqiang_of_the_office_by_typing_zzq(page: Page, live_server, demo_county):
    base = live_server.url
    sign_in(page, base, "wenshu")
    _draft(page, base, "关于核对通讯录的通知")
    page.get_by_role("button", name="保存文稿").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("拟稿")
    document = OfficialDocument.objects.get(title="关于核对通讯录的通知")

    # The 送审 panel no longer prints everyone: only what is chosen is on the page.
    assert page.locator("select[name=reviewers] option").count() == 0
    expect(page.get_by_role("combobox", name="签发领导")).to_have_attribute("placeholder", "请选择签发领导")

    options = picker_options(page, "核稿人（可多选，并联审核）", "zzq").filter(has_text="曾志强")
    expect(options).to_have_count(2)
    expect(options.filter(has_text="县委办公室常务副主任")).to_contain_text("县委办")
    expect(options.filter(has_text="档案室 科员")).to_contain_text("县委办")
    options.filter(has_text="县委办公室常务副主任").click()
    page.keyboard.press("Escape")
    choose(page, "签发领导", "zlx", choice="周立新")
    page.get_by_role("button", name="送审").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("审核中")

    office_director = Person.objects.get(name="曾志强", title="县委办公室常务副主任")
    document.refresh_from_db()
    reviews = Step.objects.filter(workflow_id=document.workflow_id, kind=StepKind.REVIEW)
    assert list(reviews.values_list("assignee", flat=True)) == [office_director.pk]


def test_choosing_all_towns_at_once(page: Page, live_server, demo_county):
    base = live_server.url
    sign_in(page, base, "wenshu")
    _draft(page, base, "关于做好乡镇防汛工作的通知")
    choose(page, "主送单位", "各乡镇", choice="各乡镇")
    chosen = page.get_by_test_id("draft-form").locator(".ts-control .item")
    towns = list(Unit.objects.filter(kind=UnitKind.TOWN).order_by("sort_order", "code"))
    expect(chosen).to_have_count(len(towns))
    expect(chosen.first).to_contain_text(towns[0].short_name)

    # By keyboard alone: type the initials, Enter takes the first choice offered.
    box = page.get_by_role("combobox", name="主送单位")
    box.focus()
    page.keyboard.type("jyj")
    expect(page.locator(f"#{box.get_attribute('aria-controls')} .option.active")).to_contain_text("教育局")
    page.keyboard.press("Enter")
    expect(chosen).to_have_count(len(towns) + 1)
    page.keyboard.press("Escape")

    page.get_by_role("button", name="保存文稿").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("拟稿")
    document = OfficialDocument.objects.get(title="关于做好乡镇防汛工作的通知")
    education = Unit.objects.get(short_name="教育局")
    assert {unit.pk for unit in document.primary_units.all()} == {town.pk for town in towns} | {education.pk}
