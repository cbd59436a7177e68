"""The pages and the API: drafting, acting, registers with Excel export, the inbox, clear errors, no leaks."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.documents.conftest import NOTICE_BODY
from tests.documents.test_outgoing_flow import draft, signed
from zhongshu.documents.models import Direction, OfficialDocument
from zhongshu.documents.services import document_recheck, document_register, document_submit
from zhongshu.testing.access import Route, check_records, sign_in

pytestmark = pytest.mark.django_db


def client_for(person) -> Client:
    return sign_in(Client(), person.user)


def test_drafting_page_saves_a_notice_and_refuses_broken_headings(county):
    client = client_for(county.clerk)
    assert "拟稿" in client.get("/documents/new/").content.decode()
    bad = client.post(
        "/documents/new/",
        {
            "doc_type": "notice",
            "title": "通知",
            "body": "一、甲\n三、丙",
            "classification": 1,
            "length_class": "general",
        },
    )
    assert bad.status_code == 400
    assert "第2段标题“三、”序号错误：应为第2个“一、”级标题" in bad.content.decode()
    assert OfficialDocument.objects.count() == 0
    ok = client.post(
        "/documents/new/",
        {
            "doc_type": "notice",
            "title": "关于做好工作的通知",
            "body": NOTICE_BODY,
            "classification": 1,
            "length_class": "general",
            "seal": "on",
            "primary_units": [county.education.pk],
        },
    )
    document = OfficialDocument.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/documents/{document.pk}/"
    assert document.primary_recipients == "县教育局"


def test_sign_off_before_reviews_shows_the_clear_error(county):
    document = draft(county)
    document_submit(
        document=document,
        by=county.clerk.user,
        reviewers=[county.reviewer1, county.reviewer2],
        signer=county.leader,
    )
    client = client_for(county.leader)
    response = client.post(f"/documents/{document.pk}/act/sign_off/", {"opinion": "同意"}, follow=True)
    assert "核稿尚未全部完成，不能签发（待办：李核稿、赵核稿）" in response.content.decode()
    document.refresh_from_db()
    assert document.state == "in_review"


def test_review_page_shows_proofreader_findings_and_similar_documents(county):
    draft(county)
    document = draft(county, body=NOTICE_BODY + "\n请各单位于3月5号前报送。")
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    page = client_for(county.reviewer1).get(f"/documents/{document.pk}/review/").content.decode()
    assert 'data-testid="proofread"' in page
    assert "相似度 " in page


def test_review_page_highlights_the_body_read_only_above_the_error_book_list(county):
    document = draft(county, body=NOTICE_BODY + "\n请各单位于3月5号前报送。")
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    page = client_for(county.reviewer1).get(f"/documents/{document.pk}/review/").content.decode()
    flagged = (
        '请各单位于3月5<a class="pf pf-number pf-error" href="#pf-1" data-findings="pf-1" '
        'title="公文中日期用“日”，不用“号”">号</a>前报送。'
    )
    assert flagged in page
    # The shared tag's list labels the category in the office's words, and offers no 采纳 (read-only).
    assert '<span class="pf-badge">数字用法</span>' in page
    assert "pf-accept" not in page
    # The highlighted body comes first; the reviewer's confirm list (same label) below it.
    assert page.index(flagged) < page.index('data-testid="proofread"')
    assert "<td>数字用法<input" in page


def test_review_page_shows_the_statistical_layers_suggestion_as_a_hint_with_its_sureness(county):
    from zhongshu.proofreader import check
    from zhongshu.proofreading.highlighting import sureness_label

    body = NOTICE_BODY + "\n各单位要加强组织令导，确保各项任务落实。"
    document = draft(county, body=body)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    page = client_for(county.reviewer1).get(f"/documents/{document.pk}/review/").content.decode()
    [finding] = [f for f in check(body, statistical=True) if f.rule_id == "typo.statistical"]
    label = sureness_label(finding.confidence)
    assert label.startswith("把握")
    assert '<a class="pf pf-typo pf-warning"' in page
    assert "“令”可能应为“领”（统计模型提示，请核对）" in page
    assert '<span class="pf-severity">提示</span>' in page
    assert f'<span class="pf-sureness" data-testid="finding-sureness">{label}</span>' in page
    assert f'<span class="muted" data-testid="proofread-sureness">{label}</span>' in page
    assert 'name="correction" value="领"' in page


def test_registers_and_excel_export(county):
    document = document_register(
        document=document_recheck(document=signed(county), by=county.clerk.user),
        by=county.clerk.user,
        copies=4,
    )
    client = client_for(county.clerk)
    assert document.doc_number in client.get("/documents/registers/outgoing/").content.decode()
    export = client.get("/documents/registers/outgoing/?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.title == "发文登记簿"
    assert [cell.value for cell in sheet[2]][:2] == [document.doc_number, document.title]
    api = json.loads(client.get("/api/documents/registers/outgoing").content)
    assert [row["doc_number"] for row in api] == [document.doc_number]
    assert client_for(county.clerk).get("/documents/registers/incoming/?format=xlsx").status_code == 200


def test_api_creates_a_draft_and_refuses_a_request_with_two_recipients(county):
    client = client_for(county.clerk)
    bad = client.post(
        "/api/documents/",
        data=json.dumps(
            {
                "doc_type": "request",
                "title": "关于经费的请示",
                "body": "妥否，请批示。",
                "primary_unit_ids": [county.education.pk, county.health.pk],
            }
        ),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert json.loads(bad.content) == {
        "code": "upward_one_recipient",
        "message": "请示只能主送一个机关，不能多头主送",
    }
    good = client.post(
        "/api/documents/",
        data=json.dumps(
            {
                "doc_type": "request",
                "title": "关于经费的请示",
                "body": "妥否，请批示。",
                "primary_unit_ids": [county.committee.pk],
            }
        ),
        content_type="application/json",
    )
    assert good.status_code == 201 and json.loads(good.content)["state"] == "draft"


def test_inbox_is_keyset_paged(county):
    today = timezone.localdate()
    OfficialDocument.objects.bulk_create(
        OfficialDocument(
            direction=Direction.INCOMING,
            state="registered",
            title=f"来文{n}",
            owner_unit=county.education,
            received_on=today,
        )
        for n in range(60)
    )
    client = client_for(county.edu_clerk)
    first = json.loads(client.get("/api/documents/inbox").content)
    assert len(first["items"]) == 50 and first["next_before"] is not None
    second = json.loads(client.get(f"/api/documents/inbox?before={first['next_before']}").content)
    assert len(second["items"]) == 10 and second["next_before"] is None
    assert "来文59" in client.get("/documents/inbox/").content.decode()
    assert "来文59" not in client_for(county.health_clerk).get("/documents/inbox/").content.decode()


def test_documents_leak_nothing(db):
    def make(spec):
        document = OfficialDocument.objects.create(
            title=spec.title, direction=Direction.OUTGOING, **spec.fields()
        )
        return spec.apply_need_to_know(document)

    check_records(
        model=OfficialDocument,
        make=make,
        routes=[
            Route("detail", "/documents/{pk}/"),
            Route("review", "/documents/{pk}/review/"),
            Route("api", "/api/documents/{pk}"),
            Route("list", "/documents/"),
            Route("api-list", "/api/documents/"),
        ],
    )
