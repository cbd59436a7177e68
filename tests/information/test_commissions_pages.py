"""约稿 pages and API: the editor issues one on the page (bad input answered on the page in Chinese, nothing
saved), each asked unit's state shows on its page, a writer sees only his own unit's, the editor cancels it;
the item's page shows the section 所答约稿; the API issues, lists and offers the open 约稿 of the viewer's
unit."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone

from tests.information.commissions_helpers import submit, target_of
from tests.information.conftest import County, signed_in
from zhongshu.information.models import Commission
from zhongshu.information.sections import ITEM_PAGE


def test_the_editor_issues_a_commission_on_the_page(county: County) -> None:
    editor = signed_in("bianji1")
    page = editor.get("/information/commissions/").content.decode()
    assert "新建约稿" in page and "时限（工作日）" in page
    refused = editor.post("/information/commissions/", {"topic": "秋粮收购", "working_days": "3"})
    assert refused.status_code == 400 and "请选择约稿单位" in refused.content.decode()
    refused = editor.post(
        "/information/commissions/", {"topic": "秋粮收购", "working_days": "0", "units": [county.towns[0].pk]}
    )
    assert refused.status_code == 400 and "约稿截止日期不能早于明天" in refused.content.decode()
    refused = editor.post(
        "/information/commissions/", {"topic": "", "working_days": "2", "units": [county.towns[0].pk]}
    )
    assert refused.status_code == 400 and "请填写约稿主题" in refused.content.decode()
    assert not Commission.objects.exists()
    done = editor.post(
        "/information/commissions/",
        {
            "topic": "秋粮收购",
            "detail": "报送进度",
            "working_days": "3",
            "units": [county.towns[0].pk, county.towns[1].pk],
        },
    )
    commission = Commission.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/information/commissions/{commission.pk}/"
    submit(
        county.town_writers[0],
        "城关镇秋粮",
        when=timezone.now(),
        target=target_of(commission, county.towns[0]),
    )
    html = editor.get(done["Location"]).content.decode()
    assert (
        "城关镇" in html and "河口乡" in html and "已报送" in html and "未报送" in html and "撤销约稿" in html
    )
    listing = editor.get("/information/commissions/").content.decode()
    assert "秋粮收购" in listing
    # the writer of 河口乡 sees his own unit's row only, and no cancel button
    town = signed_in("town1").get(done["Location"]).content.decode()
    assert "河口乡" in town and "城关镇" not in town and "撤销约稿" not in town
    assert "未报送" in signed_in("town1").get("/information/commissions/").content.decode()
    # cancelled
    assert editor.post(f"/information/commissions/{commission.pk}/cancel/").status_code == 302
    commission.refresh_from_db()
    assert commission.cancelled_at is not None
    assert "已撤销" in editor.get(done["Location"]).content.decode()


def test_the_item_page_section_names_the_commission_answered(county: County) -> None:
    editor = signed_in("bianji1")
    editor.post(
        "/information/commissions/",
        {"topic": "冬季防火", "working_days": "2", "units": [county.towns[0].pk]},
    )
    commission = Commission.objects.get()
    item = submit(
        county.town_writers[0],
        "城关镇冬季防火",
        when=timezone.now() - timedelta(minutes=5),
        target=target_of(commission, county.towns[0]),
    )
    request = RequestFactory().get("/")
    request.user = county.editors[0].user
    sections = {section.section.name: section.html for section in ITEM_PAGE.render(request, item)}
    assert "冬季防火" in sections["commission"] and "按时报送" in sections["commission"]
    page = signed_in("town0").get(f"/information/items/{item.pk}/").content.decode()
    assert 'data-testid="commission-section"' in page and "冬季防火" in page
    other = submit(county.town_writers[0], "无约稿的信息", when=timezone.now())
    assert "commission" not in {section.section.name for section in ITEM_PAGE.render(request, other)}


def test_the_commission_api(county: County) -> None:
    editor = signed_in("zhuren")
    body = {"topic": "秋粮收购", "units": [county.towns[0].pk, county.bureau.pk], "working_days": 5}
    answer = editor.post("/api/information/commissions", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert [unit["state"] for unit in data["units"]] == ["waiting", "waiting"] and data["actions"] == [
        "cancel"
    ]
    bad = editor.post(
        "/api/information/commissions",
        json.dumps({**body, "working_days": 0}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "deadline_in_past"
    writer = signed_in("town0")
    (target,) = writer.get("/api/information/commissions/open").json()["targets"]
    assert target["topic"] == "秋粮收购" and target["commission"] == data["id"]
    assert signed_in("town1").get("/api/information/commissions/open").json()["targets"] == []
    mine = writer.get(f"/api/information/commissions/{data['id']}").json()
    assert [unit["name"] for unit in mine["units"]] == ["城关镇"] and mine["actions"] == []
    listed = writer.get("/api/information/commissions").json()["commissions"]
    assert [row["id"] for row in listed] == [data["id"]] and listed[0]["counts"]["waiting"] == 1
