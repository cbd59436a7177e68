"""The auditor's JSON API: /api/audit/events (oldest first, `after` cursor) and /api/audit/verify."""

from __future__ import annotations

import pytest

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record
from zhongshu.testing.factories import make_person

from .conftest import attacker_sql, sign_in

pytestmark = pytest.mark.django_db

EVENTS, VERIFY = "/api/audit/events", "/api/audit/verify"


@pytest.fixture
def three_events(db):
    audit_record(actor=None, actor_name="zhangsan", action="auth.login")
    audit_record(actor=None, actor_name="lisi", action="auth.logout")
    audit_record(
        actor=None, actor_name="zhangsan", action="doc.delete", object_type="documents.document", object_id=9
    )


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "business_person"])
def test_others_get_403_json(client, who, system_admin, security_admin):
    user = {"system_admin": system_admin, "security_admin": security_admin}.get(who) or make_person().user
    sign_in(client, user)
    for url in (EVENTS, VERIFY):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json() == {"code": "forbidden", "message": "仅安全审计员可以查阅审计日志"}


def test_anonymous_gets_401(client):
    assert client.get(EVENTS).status_code == 401


def test_events_oldest_first_with_cursor_and_filters(auditor_client, three_events):
    first = auditor_client.get(f"{EVENTS}?limit=2").json()
    assert [item["seq"] for item in first["items"]] == [1, 2]
    assert first["next_after"] == 2
    assert first["items"][0]["actor_name"] == "zhangsan"
    assert len(first["items"][0]["entry_hash"]) == 64
    rest = auditor_client.get(f"{EVENTS}?limit=2&after=2").json()
    # Event 4 is the auditor's own read of the first page.
    assert [(item["seq"], item["action"]) for item in rest["items"]] == [(3, "doc.delete"), (4, "audit.view")]
    filtered = auditor_client.get(
        f"{EVENTS}?actor=zhangsan&object_type=documents.document&object_id=9"
    ).json()
    assert [item["seq"] for item in filtered["items"]] == [3]
    assert filtered["next_after"] is None
    last = AuditEvent.objects.order_by("-seq").first()
    assert (last.action, last.details) == (
        "audit.view",
        {
            "filters": {"actor": "zhangsan", "object_type": "documents.document", "object_id": "9"},
            "via": "api",
        },
    )


def test_a_bad_date_is_a_422_not_a_crash(auditor_client):
    response = auditor_client.get(f"{EVENTS}?date_from=yesterday")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_verify_ok_and_failed(auditor_client, three_events):
    assert auditor_client.get(VERIFY).json() == {
        "ok": True,
        "checked": 3,
        "summary": "OK: 3 events, chain intact",
        "problem": None,
    }
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    body = auditor_client.get(VERIFY).json()
    assert body["ok"] is False
    assert body["problem"] == {
        "seq": 2,
        "kind": "missing",
        "message": "event #2 is missing: the chain goes from #1 to #3",
    }
