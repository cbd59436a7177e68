"""约稿 and 领导批示 in the browser (issue 18, build points 4 and 5): the editor commissions a piece from a town
with the unit picker and sees its state; the county Party secretary reads a distributed 快报 and writes his 批示
on it; the supervisor finds it among the 批示 waiting for him and turns it into a supervision item with one
action; the 批示 shows 由此产生 (the supervision item) and the supervision item shows 来源 (the 批示 on the issue)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.information.commissions_helpers import adopted_item, distributed_issue
from tests.information.conftest import make_county
from zhongshu.information.models import Commission, InfoInstruction
from zhongshu.supervision.models import SupervisionItem
from zhongshu.workdays.calendar import add_workdays
from zhongshu.workdays.snapshot import forget as forget_calendar_cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "这个做法好，请县委组织部牵头总结推广"


def seed_calendar_if_flushed() -> None:
    """An earlier transactional test's flush empties the holiday calendar its migration seeded: seed it again."""
    from importlib import import_module

    from django.apps import apps

    from zhongshu.workdays.models import HolidaySchedule

    if not HolidaySchedule.objects.exists():
        import_module("zhongshu.workdays.migrations.0002_seed_package_years").seed(apps, None)
    forget_calendar_cache()


def _as(chromium: Browser, base: str, username: str) -> Page:
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, username)
    return page


def test_a_commission_and_a_leaders_instruction_turned_into_a_supervision_item(
    page: Page, chromium: Browser, live_server
) -> None:
    seed_calendar_if_flushed()
    county = make_county()
    # The secretary holds a clearance, so he signs in with the second factor.
    TOTPDevice.objects.create(user=county.leaders[0].user, name="测试", confirmed=True)
    base = live_server.url

    # 约稿: the editor asks 城关镇 for a piece within three working days.
    sign_in(page, base, "bianji1")
    page.goto(f"{base}/information/commissions/")
    page.get_by_label("约稿主题").fill("秋粮收购进展")
    page.get_by_label("约稿要求").fill("请报送本镇秋粮收购进度和存在的问题")
    choose(page, "约稿单位", "城关", choice="城关镇")
    page.get_by_label("时限（工作日）").fill("3")
    page.get_by_role("button", name="下发约稿").click()
    expect(page.get_by_role("heading", name="秋粮收购进展")).to_be_visible()
    commission = Commission.objects.get()
    assert commission.deadline == add_workdays(commission.issued_on, 3)
    expect(page.get_by_test_id("deadline")).to_contain_text(f"{commission.deadline:%Y}年")
    row = page.locator(f'#targets tr[data-unit="{county.towns[0].pk}"]')
    expect(row).to_contain_text("未报送")

    # 批示: the county Party secretary writes his on the distributed 快报.
    item = adopted_item(county)
    issue = distributed_issue(county, item)
    leader = _as(chromium, base, "leader1")
    leader.goto(f"{base}/information/instructions/issue/{issue.pk}/")
    leader.get_by_text("批示", exact=True).click()
    leader.get_by_label("批示内容").fill(TEXT)
    leader.get_by_role("button", name="保存批示").click()
    instruction = InfoInstruction.objects.get()
    expect(leader.locator(f"#instruction-{instruction.pk}")).to_contain_text(TEXT)
    expect(leader.locator(f"#instruction-{instruction.pk}")).to_contain_text("未转督办")

    # The supervisor turns it into a supervision item with one action.
    supervisor = _as(chromium, base, "ducha")
    supervisor.goto(f"{base}/information/")
    supervisor.get_by_role("link", name="领导批示").first.click()
    supervisor.get_by_role("link", name="待转督办").click()
    row = supervisor.locator(f"#instruction-{instruction.pk}")
    expect(row).to_contain_text(TEXT)
    row.get_by_role("button", name="转为督办事项").click()
    made = SupervisionItem.objects.get()
    link = supervisor.locator(f"#instruction-{instruction.pk}").get_by_test_id("item-link")
    expect(link).to_have_text(made.title)
    link.click()
    expect(supervisor.get_by_role("heading", name=made.title)).to_be_visible()
    source = supervisor.get_by_test_id("link-source")
    expect(source).to_contain_text("信息领导批示")
    expect(source.get_by_role("link")).to_have_attribute(
        "href", f"/information/issues/{issue.pk}/#instruction-{instruction.pk}"
    )

    # The leader sees 由此产生 on the issue's 批示.
    leader.reload()
    expect(leader.locator(f"#instruction-{instruction.pk}")).to_contain_text("由此产生")
    expect(leader.locator(f"#instruction-{instruction.pk}").get_by_test_id("item-link")).to_have_text(
        made.title
    )
