"""采用计分 in the browser: the editor records on a town's item that the city's 《每日要情》 adopted it, and on the
ranking page the town's score rises by the configured points (市级 20) and it moves from a shared second place
to first; its score opens the breakdown with the adoption and its rule version."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.information import scoring_helpers as h
from tests.information.conftest import county  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page: Page, unit: str) -> object:
    return page.get_by_test_id("scoring-ranking").locator("tr", has_text=unit)


def test_the_editor_records_a_city_adoption_and_the_ranking_moves_by_its_points(
    page: Page,
    live_server,
    county,  # noqa: F811
):
    today = timezone.localdate()
    h.table(
        county, "本年计分办法", date(today.year, 1, 1), mode="cumulative", adoption={"county": 10, "city": 20}
    )
    cgz, hkx = county.town_writers
    ours = h.item(county, cgz, "城关镇秋收进度过半", submitted=today)
    theirs = h.item(county, hkx, "河口乡完成秋粮收购", submitted=today)
    h.distributed(county, county.publications["kuaibao"], today, theirs)
    base = live_server.url

    sign_in(page, base, "bianji1")
    page.goto(f"{base}/information/scoring/")
    expect(page.get_by_role("heading", name=f"{today.year}年{today.month}月份信息采用排名")).to_be_visible()
    expect(_row(page, "河口乡").get_by_test_id("score")).to_have_text("10")
    expect(_row(page, "城关镇").get_by_test_id("score")).to_have_text("0")
    expect(_row(page, "城关镇").get_by_test_id("rank")).to_have_text("2")
    expect(page.get_by_test_id("chart-info-ranking")).to_be_visible()

    page.goto(f"{base}/information/items/{ours.pk}/")
    form = page.get_by_test_id("adoption-form")
    form.get_by_label("采用层级").select_option(label="市级")
    form.get_by_label("采用刊物").fill("市委办公室《每日要情》")
    form.get_by_label("期号").fill(f"{today.year}年第88期")
    form.get_by_label("采用日期").fill(today.isoformat())
    form.get_by_role("button", name="登记采用").click()
    expect(page.get_by_text("上级采用已登记")).to_be_visible()
    expect(page.get_by_test_id("item-adoptions")).to_contain_text("市委办公室《每日要情》")
    expect(page.get_by_test_id("item-total")).to_have_text("20")

    page.goto(f"{base}/information/scoring/")
    expect(_row(page, "城关镇").get_by_test_id("score")).to_have_text("20")
    expect(_row(page, "城关镇").get_by_test_id("rank")).to_have_text("1")
    expect(_row(page, "河口乡").get_by_test_id("rank")).to_have_text("2")
    _row(page, "城关镇").get_by_test_id("score").get_by_role("link").click()
    facts = page.get_by_test_id("scoring-facts")
    expect(facts).to_contain_text("上级刊物采用")
    expect(facts).to_contain_text("本年计分办法")
    expect(page.get_by_test_id("unit-total")).to_have_text("20")
    facts.get_by_role("link", name="城关镇秋收进度过半").click()
    expect(page.get_by_test_id("scoring-item")).to_be_visible()
