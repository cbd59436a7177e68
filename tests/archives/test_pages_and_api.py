"""Pages and API: the archivist files a closed document from 待归档 (htmx and plain), finds it in the
catalogue with its stamp and final copy, arranges and shelves it (the same-day figures count it), requests
and approvals through the pages, the import page, and the API's answers and error codes."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.archives.conftest import dispatched
from tests.archives.helpers import make_item
from tests.documents.test_outgoing_flow import draft
from zhongshu.archives import excel
from zhongshu.archives.models import ArchiveItem, ArchiveUse, ItemState, UseState
from zhongshu.base.levels import Classification
from zhongshu.search.registry import source_for_kind
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db
PHRASE = "深化档案数字化转型"


@pytest.fixture
def archivist(county, client):
    return sign_in(client, county.archivist.user)


def test_filing_from_the_pending_page_to_the_shelf(county, archivist):
    document = dispatched(county, body=f"一、总体要求\n{PHRASE}。\n二、工作要求\n抓好落实。")
    page = archivist.get("/archives/pending/").content.decode()
    assert document.title in page and "归档" in page
    response = archivist.post(
        f"/archives/pending/document/{document.pk}/file/", {"retention": "permanent"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    item = ArchiveItem.objects.get()
    assert item.reference_code in response.content.decode()
    again = archivist.post(f"/archives/pending/document/{document.pk}/file/", HTTP_HX_REQUEST="true")
    assert again.status_code == 409 and "该记录已归档，不能重复归档" in again.content.decode()

    detail = archivist.get(f"/archives/items/{item.pk}/").content.decode()
    assert 'data-testid="filing-stamp"' in detail
    for cell in (
        "全宗号",
        "Z109",
        "年度",
        str(item.year),
        "保管期限",
        "永久",
        "件号",
        "0001",
        "机构（问题）",
        "秘书科",
        "页数",
    ):
        assert cell in detail
    final = item.files.get()
    download = archivist.get(f"/archives/files/{final.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"

    assert archivist.post(f"/archives/items/{item.pk}/arrange/", {"pages": "4"}).status_code == 302
    assert archivist.post(f"/archives/items/{item.pk}/shelve/").status_code == 302
    item.refresh_from_db()
    assert (item.state, item.pages) == (ItemState.SHELVED, 4)
    stats = archivist.get("/archives/stats/?period=week").content.decode()
    assert "移交1件，当天整理1件，当天入库1件" in stats

    listing = archivist.get("/archives/?q=" + item.reference_code[-8:]).content.decode()
    assert item.reference_code in listing
    text = source_for_kind("archive_item").to_text(item)
    assert PHRASE in text.body and text.reference == item.reference_code


def test_an_unclosed_record_cannot_be_filed_through_the_page(county, archivist):
    document = draft(county)
    response = archivist.post(f"/archives/pending/document/{document.pk}/file/", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "公文尚未办结（当前状态：拟稿），不能归档" in response.content.decode()
    assert ArchiveItem.objects.count() == 0
    assert archivist.post("/archives/pending/nothing/1/file/").status_code == 404


def test_pages_answer_and_refuse(county, client):
    sign_in(client, county.colleague.user)
    for url in ("/archives/", "/archives/uses/", "/archives/stats/?period=month&date=bad"):
        assert client.get(url).status_code == 200, url
    for url in ("/archives/pending/", "/archives/import/", "/archives/appraisal/"):
        assert client.get(url).status_code == 403, url
    sign_in(client, county.outsider.user)  # no business role that uses archives
    assert client.get("/archives/").status_code == 403


def test_use_request_and_approval_through_the_pages(county, client):
    item = make_item(
        by=county.archivist.user, classification=Classification.CONFIDENTIAL, owner_unit=county.office
    )
    sign_in(client, county.edu_secretary.user)
    response = client.post(
        "/archives/uses/", {"reference_code": item.reference_code, "kind": "consult", "purpose": "查考"}
    )
    assert response.status_code == 302
    assert client.get(f"/archives/items/{item.pk}/").status_code == 404
    use = ArchiveUse.objects.get()
    bad = client.post("/archives/uses/", {"reference_code": "乱写", "kind": "consult", "purpose": "查考"})
    assert bad.status_code == 400 and "档号格式有误" in bad.content.decode()
    sign_in(client, county.head.user)
    assert item.reference_code in client.get("/archives/uses/").content.decode()
    client.post(f"/archives/uses/{use.pk}/approve/", {"note": "同意"})
    assert ArchiveUse.objects.get().state == UseState.APPROVED
    sign_in(client, county.edu_secretary.user)
    assert client.get(f"/archives/items/{item.pk}/").status_code == 200


def test_import_page_preview_then_confirm(county, archivist):
    workbook = Workbook()
    workbook.active.append(excel.COLUMNS)
    workbook.active.append(
        [1, "Z109-WS·2019-Y-BGS-0001", "", "县委办公室", "旧目录第一件", "20190105", 2, "内部", ""]
    )
    workbook.active.append([2, "坏档号", "", "", "旧目录第二件", "2019", 2, "内部", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = archivist.post("/archives/import/", {"file": SimpleUploadedFile("目录.xlsx", buffer.getvalue())})
    body = page.content.decode()
    assert page.status_code == 200 and "可导入1行，有误2处" in body and "日期无法识别" in body
    assert ArchiveItem.objects.count() == 0
    token = excel.CatalogueImport.objects.get().token
    assert archivist.post("/archives/import/", {"confirm": "1", "token": token}).status_code == 302
    assert ArchiveItem.objects.get().title == "旧目录第一件"
    empty = archivist.post("/archives/import/", {"file": SimpleUploadedFile("空.xlsx", b"")})
    assert empty.status_code == 400


def test_api_files_lists_and_answers_codes(county, client):
    document = dispatched(county)
    sign_in(client, county.archivist.user)
    created = client.post(
        "/api/archives/items", {"kind": "document", "id": document.pk}, content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["reference_code"].startswith("Z109-WS·") and body["retention_label"] == "定期30年"
    again = client.post(
        "/api/archives/items", {"kind": "document", "id": document.pk}, content_type="application/json"
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_filed")
    unclosed = draft(county)
    refused = client.post(
        "/api/archives/items", {"kind": "document", "id": unclosed.pk}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "not_fileable")
    listing = client.get("/api/archives/items").json()
    assert [row["id"] for row in listing["items"]] == [body["id"]]
    detail = client.get(f"/api/archives/items/{body['id']}").json()
    assert detail["files"] == [f"{document.doc_number}.docx"]
    assert client.get("/api/archives/catalogue.xlsx").status_code == 200
    use = client.post(
        "/api/archives/uses",
        {"reference_code": body["reference_code"], "kind": "consult", "purpose": "查考"},
        content_type="application/json",
    )
    assert use.status_code == 201 and use.json()["state"] == "approved"
    bad = client.post(
        "/api/archives/uses",
        {"reference_code": "x", "kind": "consult", "purpose": "y"},
        content_type="application/json",
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_reference_code")
    assert client.get("/api/archives/items/999999").json()["code"] == "not_found"
