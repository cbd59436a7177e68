"""信息报送 · submissions pages and API: a writer's 新建信息 form (save, save and submit, bad input told on the
form and nothing saved), the item page with its 正文与版本 and 办理记录 sections, editing with the version check,
the leader's 待签发 list and sign-off; the API's create, edit, submit, sign-off and send-back with English
error codes."""

from __future__ import annotations

import json
from typing import Any

from tests.information.conftest import County, signed_in
from tests.information.submissions_helpers import FLOOD, draft
from zhongshu.information import submissions
from zhongshu.information.models import InfoReport, InfoType, ItemState, ItemVersion


def _post_json(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_a_writer_saves_and_submits_an_item_from_the_form(county: County) -> None:
    client = signed_in("town0")
    page = client.get("/information/items/new/")
    assert page.status_code == 200 and "新建信息" in page.content.decode()
    response = client.post(
        "/information/items/new/",
        {"title": "城关镇全力做好强降雨防范应对", "body": FLOOD, "info_type": "news", "then": "submit"},
    )
    item = InfoReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/information/items/{item.pk}/"
    assert item.state == ItemState.SUBMITTED
    html = client.get(f"/information/items/{item.pk}/").content.decode()
    for words in ("正文与版本", "办理记录", "第1版", "报送信息", "拟写信息", "已报送", "巡堤查险"):
        assert words in html, words
    listing = client.get("/information/items/").content.decode()
    assert "城关镇全力做好强降雨防范应对" in listing and "已报送" in listing


def test_bad_input_is_told_on_the_form_and_nothing_is_saved(county: County) -> None:
    client = signed_in("town0")
    response = client.post("/information/items/new/", {"title": "", "body": FLOOD, "info_type": "news"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写标题" in html and "巡堤查险" in html  # the typed text is kept
    response = client.post("/information/items/new/", {"title": "标题", "body": FLOOD, "info_type": "gossip"})
    assert response.status_code == 400 and "未知的信息类别" in response.content.decode()
    assert not InfoReport.objects.exists()


def test_editing_with_a_stale_version_is_refused_on_the_page(county: County) -> None:
    writer = county.town_writers[0]
    item = draft(writer)
    client = signed_in("town0")
    assert client.get(f"/information/items/{item.pk}/edit/").status_code == 200
    stale = item.version
    submissions.item_update(item=item, by=writer.user, title="别人先改了", body=FLOOD, info_type="news")
    response = client.post(
        f"/information/items/{item.pk}/edit/",
        {"title": "我的修改", "body": FLOOD, "info_type": "news", "version": stale},
    )
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "别人先改了"


def test_a_town_leader_signs_off_from_his_list(county: County) -> None:
    writer = county.town_writers[0]
    item = submissions.item_submit(
        item=draft(writer, info_type=InfoType.PROBLEM, title="饮水工程老化"), by=writer.user
    )
    leader = signed_in("town0_sj")
    listing = leader.get("/information/items/sign-off/").content.decode()
    assert "饮水工程老化" in listing
    page = leader.get(f"/information/items/{item.pk}/").content.decode()
    assert "签发" in page and "退回修改" in page
    response = leader.post(f"/information/items/{item.pk}/sign_off/", {"version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED and item.signed_off_by == county.town_leaders[0]
    # the writer sees no action left on it
    html = signed_in("town0").get(f"/information/items/{item.pk}/").content.decode()
    assert 'id="act-submit"' not in html and 'id="act-edit"' not in html


def test_the_api_drafts_edits_submits_and_signs_off(county: County) -> None:
    writer = signed_in("town0")
    response = _post_json(
        writer,
        "/api/information/items",
        {"title": "群众反映某路段积水", "body": FLOOD, "info_type": "opinion"},
    )
    assert response.status_code == 200, response.content
    item = response.json()
    assert item["state"] == "draft" and item["actions"] == ["edit", "submit"]
    response = _post_json(
        writer,
        f"/api/information/items/{item['id']}/edit",
        {"title": "群众反映城关路段积水", "body": FLOOD, "info_type": "opinion", "version": item["version"]},
    )
    assert response.status_code == 200 and response.json()["title"] == "群众反映城关路段积水"
    response = _post_json(writer, f"/api/information/items/{item['id']}/submit", {})
    assert response.json()["state"] == "awaiting_sign_off"
    leader = signed_in("town0_sj")
    assert [row["id"] for row in leader.get("/api/information/items/to-sign").json()["items"]] == [item["id"]]
    response = _post_json(leader, f"/api/information/items/{item['id']}/send-back", {"reason": ""})
    assert response.status_code == 400 and response.json()["code"] == "reason_required"
    response = _post_json(leader, f"/api/information/items/{item['id']}/sign-off", {})
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert [v["note"] for v in response.json()["versions"]] == ["报送"]
    listing = writer.get("/api/information/items?state=submitted").json()["items"]
    assert [row["id"] for row in listing] == [item["id"]]


def test_the_api_refuses_bad_input_with_english_codes(county: County) -> None:
    writer = signed_in("town0")
    cases = [
        ({"title": "", "body": "正文"}, "title_required"),
        ({"title": "题", "body": "正文", "info_type": "rumour"}, "unknown_info_type"),
        ({"title": "题" * 200, "body": "正文"}, "too_long"),
        ({"title": "题", "body": "正文", "classification": "秘密"}, "bad_int"),
    ]
    for body, code in cases:
        response = _post_json(writer, "/api/information/items", body)
        assert response.status_code == 400 and response.json()["code"] == code, (body, response.content)
    assert not InfoReport.objects.exists()
    item = submissions.item_submit(item=draft(county.town_writers[0]), by=county.town_writers[0].user)
    response = _post_json(writer, f"/api/information/items/{item.pk}/edit", {"title": "改", "body": "改"})
    assert response.status_code == 409 and response.json()["code"] == "item_not_editable"
    assert ItemVersion.objects.filter(item=item).count() == 1
