from __future__ import annotations

import json

import pytest

from zhongshu.notifications.models import Notice
from zhongshu.notifications.services import deliver_outbox, notify
from zhongshu.testing import factories


@pytest.fixture
def reader(db):
    return factories.make_user("reader")


@pytest.fixture
def delivered(reader):
    notify(recipient=reader, about=None, kind="test", title="请阅：第一份", link="/docs/1/")
    notify(recipient=reader, about=None, kind="test", title="请阅：第二份")
    deliver_outbox()
    return list(Notice.objects.order_by("id"))


def test_notice_page_lists_only_my_notices(client, reader, delivered):
    other = factories.make_user("other")
    notify(recipient=other, about=None, kind="test", title="别人的消息")
    deliver_outbox()
    client.force_login(reader)

    response = client.get("/notices/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "请阅：第一份" in content
    assert "未读 2" in content
    assert "别人的消息" not in content


def test_marking_read_through_htmx_returns_the_row(client, reader, delivered):
    client.force_login(reader)
    notice = delivered[0]

    response = client.post(f"/notices/{notice.pk}/read/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert f'id="notice-{notice.pk}"' in response.content.decode()
    assert "已读" in response.content.decode()
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_is_not_found(client, delivered):
    intruder = factories.make_user("intruder")
    client.force_login(intruder)

    response = client.post(f"/notices/{delivered[0].pk}/read/")

    assert response.status_code == 404
    delivered[0].refresh_from_db()
    assert delivered[0].read_at is None


def test_api_lists_and_marks_read(client, reader, delivered):
    client.force_login(reader)

    listed = client.get("/api/notifications/notices?unread=true").json()
    assert [item["title"] for item in listed] == ["请阅：第二份", "请阅：第一份"]

    response = client.post(f"/api/notifications/notices/{delivered[0].pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert len(client.get("/api/notifications/notices?unread=true").json()) == 1


def test_api_refuses_someone_elses_notice_as_not_found(client, delivered):
    client.force_login(factories.make_user("intruder"))

    response = client.post(f"/api/notifications/notices/{delivered[0].pk}/read")

    assert response.status_code == 404
    assert json.loads(response.content) == {"code": "not_found", "message": "记录不存在或无权访问"}


def test_api_needs_a_signed_in_user(client, delivered):
    assert client.get("/api/notifications/notices").status_code == 401
