"""值班抽查 in the browser (issue 17, item 3): the county duty officer draws a round over the towns, works down
its page while phoning — 城关镇's officer on the roster answers, at 河口乡 someone else picks up — and the
results page counts both, with the chart and its table."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.duty.conftest import County, county  # noqa: F401 - the fixture
from zhongshu.accounts.models import User
from zhongshu.duty.models import CheckResult, SpotCheck, SpotCheckRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _morning() -> Any:
    """The windows drawn here lie hours ahead of now: late in the evening they would cross midnight, and a call
    recorded today would fall before its planned day. So these tests run at nine this morning (the clock ticks)."""
    morning = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    with time_machine.travel(morning, tick=True):
        yield


def test_the_duty_officer_draws_a_round_and_records_two_calls(
    page: Page,
    live_server,
    county: County,  # noqa: F811
):
    assert not User.objects.get(username="zhiban1").totpdevice_set.exists()
    town, other = county.towns
    liaison = county.town_liaisons[0]
    today = timezone.localdate()
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        county.put_shift(liaison, day, unit=town, full_day=True)
    base = live_server.url
    sign_in(page, base, "zhiban1")
    page.goto(f"{base}/duty/spot-checks/")
    expect(page.get_by_role("link", name="值班抽查")).to_have_attribute("aria-current", "page")
    start = timezone.localtime() + timedelta(minutes=10)
    page.get_by_label("抽查时段开始").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("抽查时段结束").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("抽查范围").select_option("towns")
    page.get_by_test_id("draw").click()

    expect(
        page.get_by_role("heading", name=f"{start.year}年{start.month}月{start.day}日值班抽查")
    ).to_be_visible()
    checks = page.get_by_test_id("check")
    expect(checks).to_have_count(2)
    round_ = SpotCheckRound.objects.get()
    first = page.locator(f'[data-testid="check"][data-unit="{town.name}"]')
    expect(first.get_by_test_id("phone")).to_contain_text(county.duty_points[town.code].phone)
    expect(first.get_by_test_id("rostered")).to_contain_text(f"{liaison.name}（值班员")
    second = page.locator(f'[data-testid="check"][data-unit="{other.name}"]')
    expect(second.get_by_test_id("rostered")).to_contain_text("值班表此时无人在班")

    first.get_by_role("button", name="值班表人员接听").click()
    first = page.locator(f'[data-testid="check"][data-unit="{town.name}"]')
    expect(first.get_by_test_id("result")).to_have_text("在岗")
    expect(first).to_contain_text(f"接听人：{liaison.name}")

    second = page.locator(f'[data-testid="check"][data-unit="{other.name}"]')
    second.get_by_role("button", name="他人代接").click()
    expect(page.get_by_test_id("error")).to_have_text("他人代接的，请填写接听人姓名")
    second = page.locator(f'[data-testid="check"][data-unit="{other.name}"]')
    second.get_by_label("接听人").fill("门卫老刘")
    second.get_by_label("备注").fill("值班员外出")
    second.get_by_role("button", name="他人代接").click()
    second = page.locator(f'[data-testid="check"][data-unit="{other.name}"]')
    expect(second.get_by_test_id("result")).to_have_text("他人代接")
    expect(page.get_by_test_id("progress")).to_have_text("共2个单位，已记录2个")
    expect(page.get_by_role("button", name="无人接听")).to_have_count(0)
    recorded = {check.unit_id: check for check in SpotCheck.objects.filter(round=round_)}
    assert recorded[town.pk].result == CheckResult.ON_ROSTER
    assert recorded[other.pk].answered_by == "门卫老刘"

    period = timezone.localtime(recorded[town.pk].planned_at).strftime("%Y-%m")
    page.goto(f"{base}/duty/spot-checks/results/?period={period}")
    table = page.get_by_test_id("results")
    expect(table.locator(f'tr[data-unit="{town.name}"]')).to_contain_text("100.0%")
    expect(table.locator(f'tr[data-unit="{other.name}"]')).to_contain_text("0.0%")
    expect(page.get_by_test_id("absent")).to_contain_text("门卫老刘")
    expect(
        page.locator(
            '[data-testid="chart-spot-check-results"] canvas, [data-testid="chart-spot-check-results"] svg'
        ).first
    ).to_be_attached()
    with page.expect_download() as download:
        page.get_by_test_id("bulletin").click()
    assert download.value.suggested_filename.endswith("值班抽查情况的通报.docx")
