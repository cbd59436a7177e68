"""导入正文（DOCX） on the draft form: a real DOCX fills the body; a file that is not one, or a damaged one,
is a clear Chinese error and nothing is saved."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.documents.conftest import NOTICE_BODY
from tests.documents.test_outgoing_flow import draft
from zhongshu.documents.models import OfficialDocument
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "正文.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX_TYPE)


FORM = {
    "doc_type": "notice",
    "title": "关于做好防汛工作的通知",
    "classification": 1,
    "length_class": "general",
}


def test_a_docx_fills_the_body_paragraph_by_paragraph_without_saving(county):
    client = sign_in(Client(), county.clerk.user)
    data = docx_bytes("一、总体要求", "", "  做好防汛准备。  ", "二、工作措施", "落实值班制度。")
    response = client.post("/documents/new/", {**FORM, "import_docx": "1", "body_docx": upload(data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "已从 DOCX 导入正文，请核对后保存文稿。" in page
    assert 'id="id_body">\n一、总体要求\n做好防汛准备。\n二、工作措施\n落实值班制度。</textarea>' in page
    assert 'value="关于做好防汛工作的通知"' in page  # what was typed stays
    assert OfficialDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            "一、这是纯文本，只是改了扩展名".encode(),
            "正文.docx",
            "上传的文件不是有效的 DOCX（Word）文档，请另存为 .docx 后重试",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "正文.docx",
            "上传的文件不是有效的 DOCX（Word）文档，请另存为 .docx 后重试",
        ),
        (
            docx_bytes("一、甲")[:1500],
            "正文.docx",
            "上传的文件不是有效的 DOCX（Word）文档，请另存为 .docx 后重试",
        ),
        (docx_bytes("一、甲"), "正文.doc", "只能上传 .docx 格式的 Word 文档"),
        (b"", "正文.docx", "文件为空"),
    ],
    ids=["text-renamed", "pdf-renamed", "truncated-docx", "wrong-extension", "empty"],
)
def test_a_file_that_is_not_a_docx_is_a_clear_error_and_nothing_is_saved(county, data, name, message):
    client = sign_in(Client(), county.clerk.user)
    response = client.post("/documents/new/", {**FORM, "import_docx": "1", "body_docx": upload(data, name)})
    assert response.status_code == 400
    assert (
        f'<div role="alert" class="error" data-testid="import-error">{message}</div>'
        in response.content.decode()
    )
    assert OfficialDocument.objects.count() == 0


def test_a_bad_docx_on_edit_leaves_the_draft_as_it_was(county):
    document = draft(county)
    client = sign_in(Client(), county.clerk.user)
    response = client.post(
        f"/documents/{document.pk}/edit/",
        {**FORM, "body": "改过的正文", "import_docx": "1", "body_docx": upload(b"PK\x03\x04broken")},
    )
    assert response.status_code == 400
    assert "上传的文件不是有效的 DOCX（Word）文档，请另存为 .docx 后重试" in response.content.decode()
    document.refresh_from_db()
    assert (document.title, document.body) == ("关于做好2026年度工作的通知", NOTICE_BODY)


def test_importing_without_a_file_asks_for_one(county):
    client = sign_in(Client(), county.clerk.user)
    response = client.post("/documents/new/", {**FORM, "import_docx": "1"})
    assert response.status_code == 400
    assert "请选择要导入的 .docx 文件" in response.content.decode()
