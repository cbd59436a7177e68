"""The auditor's pages: who may see them, filters, keyset paging, htmx, CSV export, chain check."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record
from zhongshu.testing.factories import make_person

from .conftest import attacker_sql, sign_in

pytestmark = pytest.mark.django_db

LIST, EXPORT, VERIFY = "/audit/", "/audit/export.csv", "/audit/verify"


def _at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def _record_at(moment: str, **fields) -> None:
    with time_machine.travel(_at(moment), tick=False):
        audit_record(actor=None, **fields)


@pytest.fixture
def sample_log(db):
    _record_at("2026-03-01 09:00", actor_name="zhangsan", action="auth.login")
    _record_at("2026-03-02 10:00", actor_name="lisi", action="auth.login_failed", outcome="failure")
    _record_at(
        "2026-03-03 11:00",
        actor_name="zhangsan",
        action="doc.update",
        object_type="documents.document",
        object_id=7,
        classification=2,
        details={"field": "=cmd()"},
    )
    _record_at(
        "2026-03-04 23:30",
        actor_name="zhangsan",
        action="doc.export",
        object_type="documents.document",
        object_id=8,
    )


def _seqs_in_table(page: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", page)]


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "business_person"])
def test_everyone_but_the_auditor_gets_a_chinese_403_on_every_page(client, who, system_admin, security_admin):
    user = {"system_admin": system_admin, "security_admin": security_admin, "business_person": None}[
        who
    ] or make_person("王五").user
    sign_in(client, user)
    for response in (client.get(LIST), client.get(EXPORT), client.post(VERIFY)):
        assert response.status_code == 403
        page = response.content.decode()
        # The shell's one 403 page, with the audit service's reason.
        assert 'data-testid="error-403"' in page
        assert '<p class="reason" data-testid="error-reason">原因：仅安全审计员可以查阅审计日志' in page
    denied = list(AuditEvent.objects.order_by("seq").values_list("action", "outcome", "actor_name"))
    assert denied == [
        (action, "denied", user.username) for action in ("audit.view", "audit.export", "audit.verify")
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_auditor_sees_the_log_newest_first_and_the_view_is_audited(auditor_client, sample_log):
    response = auditor_client.get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>审计日志</h1>" in page
    assert _seqs_in_table(page) == [4, 3, 2, 1]
    assert "秘密" in page  # the classification of event 3
    last = AuditEvent.objects.order_by("-seq").first()
    assert (last.action, last.actor_name, last.details) == (
        "audit.view",
        "auditor",
        {"filters": {}, "via": "web"},
    )


def test_the_nav_entry_shows_for_the_auditor_only(auditor_client, client, system_admin):
    assert 'href="/audit/"' in auditor_client.get(LIST).content.decode()
    from django.test import Client

    other = Client()
    sign_in(other, system_admin)
    assert 'href="/audit/"' not in other.get("/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=zhangsan", [4, 3, 1]),
        ("action=auth.login", [1]),
        ("action=auth.*", [2, 1]),
        ("object_type=documents.document&object_id=7", [3]),
        ("date_from=2026-03-02&date_to=2026-03-03", [3, 2]),
        ("date_from=2026-03-04", [4]),  # 23:30 Beijing time is still the 4th
        ("actor=zhangsan&date_to=2026-03-01", [1]),
    ],
)
def test_filters(auditor_client, sample_log, query, expected):
    page = auditor_client.get(f"{LIST}?{query}").content.decode()
    assert _seqs_in_table(page) == expected


def test_an_impossible_date_range_shows_an_error_not_the_whole_log(auditor_client, sample_log):
    page = auditor_client.get(f"{LIST}?date_from=2026-03-05&date_to=2026-03-01").content.decode()
    assert "起始日期不能晚于截止日期" in page
    assert _seqs_in_table(page) == []
    page = auditor_client.get(f"{LIST}?date_from=not-a-date").content.decode()
    assert "输入一个有效的日期" in page or "有效的日期" in page


def test_keyset_paging_by_seq(auditor_client):
    for n in range(55):
        audit_record(actor=None, actor_name="zhangsan" if n % 2 else "lisi", action="doc.view", object_id=n)
    first = auditor_client.get(LIST).content.decode()
    assert _seqs_in_table(first) == list(range(55, 5, -1))
    assert 'href="/audit/?before=6"' in first
    older = auditor_client.get(f"{LIST}?before=6").content.decode()
    assert _seqs_in_table(older) == [5, 4, 3, 2, 1]
    assert 'data-testid="audit-next"' not in older
    assert f'href="{LIST}"' in older  # back to the newest
    # The cursor keeps the filters; later events (the views just audited) do not shift the pages.
    lisi = auditor_client.get(f"{LIST}?actor=lisi").content.decode()
    assert _seqs_in_table(lisi) == list(range(55, 0, -2))
    assert 'data-testid="audit-next"' not in lisi
    zhang = auditor_client.get(f"{LIST}?actor=zhangsan&before=10").content.decode()
    assert _seqs_in_table(zhang) == [8, 6, 4, 2]


def test_a_bad_cursor_is_ignored(auditor_client, sample_log):
    page = auditor_client.get(f"{LIST}?before=abc").content.decode()
    assert _seqs_in_table(page) == [4, 3, 2, 1]


def test_htmx_gets_only_the_table_and_a_history_restore_the_whole_page(auditor_client, sample_log):
    partial = auditor_client.get(f"{LIST}?actor=lisi", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<h1>" not in body and _seqs_in_table(body) == [2]
    assert "HX-Request" in partial["Vary"]
    restore = auditor_client.get(LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<h1>审计日志</h1>" in restore.content.decode()


def test_csv_export_is_filtered_utf8_with_bom_and_audited(auditor_client, sample_log):
    response = auditor_client.get(f"{EXPORT}?actor=zhangsan")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "序号",
        "时间",
        "操作人",
        "来源地址",
        "操作",
        "对象类型",
        "对象编号",
        "密级",
        "结果",
        "详情",
        "本条哈希",
    ]
    assert [row[0] for row in rows[1:]] == ["1", "3", "4"]
    assert rows[2][:9] == [
        "3",
        "2026-03-03 11:00:00",
        "zhangsan",
        "",
        "doc.update",
        "documents.document",
        "7",
        "秘密",
        "成功",
    ]
    assert rows[2][9] == '{"field": "=cmd()"}'  # starts with "{", so no formula
    assert rows[2][10] == AuditEvent.objects.get(seq=3).entry_hash
    last = AuditEvent.objects.order_by("-seq").first()
    assert (last.action, last.details) == ("audit.export", {"filters": {"actor": "zhangsan"}, "via": "web"})


def test_csv_cells_that_would_run_as_formulas_are_kept_as_text(auditor_client):
    audit_record(actor=None, actor_name="=HYPERLINK()", action="auth.login_failed")
    raw = b"".join(auditor_client.get(EXPORT).streaming_content)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][2] == "'=HYPERLINK()"


def test_the_export_link_carries_the_filters(auditor_client, sample_log):
    page = auditor_client.get(f"{LIST}?actor=zhangsan&action=auth.*").content.decode()
    assert 'href="/audit/export.csv?actor=zhangsan&amp;action=auth.%2A"' in page


def test_verify_button_reports_an_intact_chain_and_is_audited(auditor_client, sample_log):
    response = auditor_client.post(VERIFY, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "审计链完整：共 4 条事件校验通过。" in response.content.decode()
    last = AuditEvent.objects.order_by("-seq").first()
    assert (last.action, last.outcome, last.details) == (
        "audit.verify",
        "success",
        {"via": "web", "checked": 4},
    )


def test_verify_button_names_the_altered_event(auditor_client, sample_log):
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'someone' WHERE seq = 2")
    page = auditor_client.post(VERIFY).content.decode()
    assert "<h1>校验审计链</h1>" in page  # without htmx: a whole page
    assert "审计链校验失败：第 2 条事件被篡改。" in page
    last = AuditEvent.objects.order_by("-seq").first()
    assert (last.action, last.outcome, last.details["seq"], last.details["kind"]) == (
        "audit.verify",
        "failure",
        2,
        "altered",
    )


def test_verify_needs_a_post(auditor_client):
    assert auditor_client.get(VERIFY).status_code == 405


def test_an_htmx_filter_swaps_the_export_link_and_pushes_a_clean_address(auditor_client, sample_log):
    response = auditor_client.get(f"{LIST}?actor=lisi&action=&object_type=", headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == "/audit/?actor=lisi"
    assert 'href="/audit/export.csv?actor=lisi"' in response.content.decode()


def test_an_export_with_wrong_filters_shows_the_list_with_its_errors(auditor_client, sample_log):
    exported = AuditEvent.objects.filter(action="audit.export").count()
    response = auditor_client.get(f"{EXPORT}?date_from=not-a-date")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<title>审计日志" in page and "无权访问" not in page
    assert "筛选条件有误，未导出，请修正后重试。" in page
    assert '<ul class="errorlist">' in page  # the wrong field is marked
    assert AuditEvent.objects.filter(action="audit.export").count() == exported  # nothing exported
