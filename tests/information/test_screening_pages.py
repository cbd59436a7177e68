"""The screening part's pages: the queue with its filters, the item's screening page (side by side, actions, a
refusal shown on the page), and its two sections on the item's page (ITEM_PAGE) for editors only."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tests.information.conftest import County, signed_in
from tests.information.screening_helpers import FLOOD_A, FLOOD_B, UNRELATED, submitted
from zhongshu.accounts.models import User
from zhongshu.information.models import InfoReport, ItemState
from zhongshu.information.sections import ITEM_PAGE

pytestmark = pytest.mark.django_db


def _pair(county: County) -> tuple[InfoReport, InfoReport]:
    office = county.office.pk
    first = submitted(
        county.town_writers[0], "城关镇全力应对青龙河汛情", FLOOD_A, office_unit_id=office, hours_ago=3
    )
    second = submitted(county.town_writers[1], "河口乡做好青龙河防汛", FLOOD_B, office_unit_id=office)
    return first, second


def test_the_queue_marks_flagged_items_and_filters(county: County) -> None:
    first, second = _pair(county)
    submitted(county.bureau_writer, "高标准农田建设", UNRELATED, office_unit_id=county.office.pk)
    editor = signed_in("bianji1")
    page = editor.get("/information/screening/").content.decode()
    assert page.count("screening-flag") == 2 and "高标准农田建设" in page
    filtered = editor.get(f"/information/screening/?unit={county.bureau.pk}").content.decode()
    assert "高标准农田建设" in filtered and "青龙河" not in filtered
    bad = editor.get("/information/screening/?since=2026-05-09&until=2026-05-01")
    assert bad.status_code == 400 and "起始日期不能晚于截止日期" in bad.content.decode()


def test_the_item_page_shows_both_texts_and_refusals_in_chinese(county: County) -> None:
    first, second = _pair(county)
    editor = signed_in("bianji1")
    page = editor.get(f"/information/screening/items/{first.pk}/").content.decode()
    assert "<mark>" in page and "河口乡积极配合做好青龙河防汛工作" in page and "合并后正文" in page
    empty = editor.post(f"/information/screening/items/{first.pk}/return/", {"reason": ""})
    assert empty.status_code == 400 and "请填写退回理由" in empty.content.decode()
    stale = editor.post(
        f"/information/screening/items/{first.pk}/adopt/",
        {"version": "99"},
    )
    assert stale.status_code == 409 and "已被其他编辑处理过" in stale.content.decode()
    first.refresh_from_db()
    assert first.state == ItemState.SUBMITTED
    writer = signed_in("town0").get(f"/information/screening/items/{first.pk}/").content.decode()
    assert "编辑处理" not in writer and "合并后正文" not in writer and "城关镇全力应对青龙河汛情" in writer


def test_the_sections_go_on_the_item_page_for_editors_only(county: County) -> None:
    first, _ = _pair(county)
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="bianji2")
    names = [r.section.name for r in ITEM_PAGE.render(request, first)]
    assert names.index("duplicates") < names.index("screening")
    html = {r.section.name: r.html for r in ITEM_PAGE.render(request, first)}
    assert "<mark>" in html["duplicates"] and "采用" in html["screening"]
    request.user = User.objects.get(username="town0")
    names = [r.section.name for r in ITEM_PAGE.render(request, first)]
    assert "duplicates" not in names and "screening" not in names
    # The item's own page (the submissions part's) carries them.
    page = signed_in("bianji1").get(f"/information/items/{first.pk}/").content.decode()
    assert 'id="duplicates"' in page or "疑似重复" in page
    assert "<mark>" in page and "合并后正文" in page
