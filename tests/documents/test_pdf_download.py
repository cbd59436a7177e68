"""下载 PDF: a document's PDF is LibreOffice's rendering of the DOCX the DOCX download gives, behind the same
guard and audit; a signed document's PDF is kept in the file store and served again; without LibreOffice the
page says so in Chinese and the API answers libreoffice_missing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.documents.test_outgoing_flow import draft, signed
from tests.pdf_support import MISSING_SOFFICE, need_soffice, pdf_text
from zhongshu.attachments.models import Attachment
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.rendering_adapter import PDF_PURPOSE_PREFIX
from zhongshu.documents.services import document_dispatch, document_recheck, document_register
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

TITLE = "关于做好2026年度工作的通知"


def dispatched(county) -> OfficialDocument:
    document = signed(county)
    document_recheck(document=document, by=county.clerk.user)
    document = document_register(document=document, by=county.clerk.user, copies=5)
    document_dispatch(document=document, by=county.clerk.user)
    return OfficialDocument.objects.get(pk=document.pk)


def kept_pdfs(document: OfficialDocument) -> list[Attachment]:
    return list(
        Attachment.objects.filter(object_id=document.pk, purpose__startswith=PDF_PURPOSE_PREFIX).filter(
            content_type__model="officialdocument"
        )
    )


def test_the_pdf_of_a_dispatched_document_holds_its_number_and_title(county):
    need_soffice()
    document = dispatched(county)
    client = sign_in(Client(), county.clerk.user)

    response = client.get(f"/documents/{document.pk}/pdf/")

    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(".pdf")
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert document.doc_number.startswith("县委办发〔")
    assert document.doc_number in text
    assert TITLE in text
    # Audited as the DOCX download is, saying which.
    event = AuditEvent.objects.filter(action="documents.download", object_id=str(document.pk)).get()
    assert event.details["format"] == "pdf"
    # The page offers it beside the DOCX.
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert f'href="/documents/{document.pk}/pdf/" data-testid="download-pdf">下载 PDF</a>' in page


def test_a_dispatched_documents_pdf_is_kept_and_served_again_without_libreoffice(county, settings):
    need_soffice()
    document = dispatched(county)
    client = sign_in(Client(), county.clerk.user)
    first = client.get(f"/documents/{document.pk}/pdf/")
    assert first.status_code == 200
    (kept,) = kept_pdfs(document)
    assert kept.file.cipher  # encrypted like every stored file
    # LibreOffice gone: the kept PDF is still served, and no second one is made.
    settings.ZHONGSHU_SOFFICE = MISSING_SOFFICE
    second = client.get(f"/documents/{document.pk}/pdf/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(kept_pdfs(document)) == 1
    # Both downloads audited.
    assert AuditEvent.objects.filter(action="documents.download", object_id=str(document.pk)).count() == 2


def test_a_drafts_pdf_is_rendered_afresh_each_time(county, settings):
    need_soffice()
    document = draft(county)
    client = sign_in(Client(), county.clerk.user)
    response = client.get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 200
    assert TITLE in pdf_text(response.content)
    assert kept_pdfs(document) == []
    settings.ZHONGSHU_SOFFICE = MISSING_SOFFICE
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 302


def test_someone_who_may_not_see_the_document_gets_not_found(county):
    document = dispatched(county)
    finance = make_unit("县财政局", parent=county.office)
    stranger = make_person("冯某", unit=finance, roles=[Role.CLERK])
    client = sign_in(Client(), stranger.user)
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 404
    api = client.get(f"/api/documents/{document.pk}/pdf")
    assert api.status_code == 404
    assert json.loads(api.content)["code"] == "not_found"
    assert not AuditEvent.objects.filter(action="documents.download", object_id=str(document.pk)).exists()
    assert Client().get(f"/documents/{document.pk}/pdf/").status_code == 302  # to the sign-in page


def test_without_libreoffice_the_page_says_so_and_the_api_answers_a_code(county, settings):
    settings.ZHONGSHU_SOFFICE = MISSING_SOFFICE
    document = dispatched(county)
    client = sign_in(Client(), county.clerk.user)

    response = client.get(f"/documents/{document.pk}/pdf/", follow=True)

    assert response.redirect_chain == [(f"/documents/{document.pk}/", 302)]
    assert "未安装 LibreOffice，无法生成 PDF。" in response.content.decode()
    api = client.get(f"/api/documents/{document.pk}/pdf")
    assert api.status_code == 503
    body = json.loads(api.content)
    assert body["code"] == "libreoffice_missing"
    assert body["message"].startswith("未安装 LibreOffice")
    assert kept_pdfs(document) == []
    # The DOCX does not need LibreOffice.
    assert client.get(f"/documents/{document.pk}/docx/").status_code == 200


def test_the_api_serves_the_pdf_and_the_docx(county):
    need_soffice()
    document = dispatched(county)
    client = sign_in(Client(), county.clerk.user)
    pdf = client.get(f"/api/documents/{document.pk}/pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert document.doc_number in pdf_text(pdf.content)
    docx = client.get(f"/api/documents/{document.pk}/docx")
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"


def test_the_page_and_the_api_send_a_download_with_the_same_headers(county):
    """Both answer through rendering_adapter.rendered_download: an attachment named by the 文号, kept by no
    cache."""
    document = dispatched(county)
    client = sign_in(Client(), county.clerk.user)
    page = client.get(f"/documents/{document.pk}/docx/")
    api = client.get(f"/api/documents/{document.pk}/docx")
    assert page.status_code == api.status_code == 200
    for response in (page, api):
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
        assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
        assert response["Content-Disposition"].endswith(".docx")
        assert response["Cache-Control"] == "private, no-store"
    assert page["Content-Disposition"] == api["Content-Disposition"]
