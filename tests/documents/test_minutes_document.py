"""A 纪要 document: its 出席/请假/列席 lists are drafted on the page and through the API, shown on its page
only when 文种 is 纪要, dropped for another 文种, and set in the 纪要 layout of the DOCX it downloads."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.test import Client

from zhongshu.core.errors import ServiceError
from zhongshu.documents.layout_adapter import layout_from_document
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import document_draft_create, document_draft_update
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db

MINUTES_BODY = "会议研究了防汛准备工作。现纪要如下：\n一、关于防汛准备\n由县水利局牵头落实。"


def client_for(person) -> Client:
    return sign_in(Client(), person.user)


def minutes(county, **extra):
    values = dict(
        by=county.clerk.user,
        doc_type="minutes",
        title="县委办公室主任办公会议纪要",
        body=MINUTES_BODY,
        seal=False,
        minutes_present="陈书记\n周副书记、李核稿\n",
        minutes_absent="赵核稿（出差）",
        minutes_attending="县教育局局长孙文书",
    )
    return document_draft_create(**(values | extra))


def test_page_drafts_minutes_with_the_lists_and_shows_them(county):
    client = client_for(county.clerk)
    form = client.get("/documents/new/").content.decode()
    assert 'data-testid="minutes-lists"' in form and 'name="minutes_present"' in form
    response = client.post(
        "/documents/new/",
        {
            "doc_type": "minutes",
            "title": "县委办公室主任办公会议纪要",
            "body": MINUTES_BODY,
            "classification": 1,
            "length_class": "general",
            "minutes_present": "陈书记、周副书记",
            "minutes_absent": "赵核稿（出差）",
            "minutes_attending": "",
        },
    )
    document = OfficialDocument.objects.get()
    assert response.status_code == 302
    assert (document.minutes_present, document.minutes_absent, document.seal) == (
        "陈书记、周副书记",
        "赵核稿（出差）",
        False,
    )
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "<th>纪要标志</th>" in page
    assert '<td class="doc-body" data-testid="minutes-present">陈书记、周副书记</td>' in page
    assert '<td class="doc-body" data-testid="minutes-absent">赵核稿（出差）</td>' in page
    edit = client.get(f"/documents/{document.pk}/edit/").content.decode()
    assert "陈书记、周副书记</textarea>" in edit


def test_a_seal_on_minutes_is_refused_with_nothing_saved(county):
    with pytest.raises(ServiceError) as caught:
        minutes(county, seal=True)
    assert caught.value.code == "minutes_no_seal"
    assert not OfficialDocument.objects.exists()


def test_a_notice_keeps_no_lists_and_its_page_shows_none(county):
    notice = document_draft_create(
        by=county.clerk.user,
        doc_type="notice",
        title="关于做好工作的通知",
        body="请认真落实。",
        minutes_present="陈书记",
    )
    assert notice.minutes_present == ""
    page = client_for(county.clerk).get(f"/documents/{notice.pk}/").content.decode()
    assert "minutes-present" not in page and "<th>发文机关标志</th>" in page
    document = minutes(county)
    document = document_draft_update(document=document, by=county.clerk.user, doc_type="notice", seal=True)
    assert (document.minutes_present, document.minutes_absent, document.minutes_attending) == ("", "", "")


def test_api_edits_and_returns_the_lists(county):
    document = minutes(county)
    client = client_for(county.clerk)
    response = client.post(
        f"/api/documents/{document.pk}/edit",
        data=json.dumps({"minutes_attending": "县卫健局钱文书"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    document.refresh_from_db()
    assert document.minutes_attending == "县卫健局钱文书"
    assert document.minutes_present == "陈书记\n周副书记、李核稿"  # left out: kept (stripped when saved)
    detail = client.get(f"/api/documents/{document.pk}").json()
    assert detail["minutes_attending"] == "县卫健局钱文书" and detail["minutes_absent"] == "赵核稿（出差）"


def test_layout_of_minutes(county):
    document = minutes(county)
    layout = layout_from_document(document)
    assert layout.minutes and not layout.seal
    assert layout.issuer_mark == "县委办公室会议纪要"  # the unit's 纪要标志 when none is typed
    assert layout.minutes_present == ("陈书记", "周副书记", "李核稿")
    assert layout.minutes_absent == ("赵核稿（出差）",)
    assert layout.title == "县委办公室主任办公会议纪要"
    document.issuer_mark = "县委办公室主任办公会议纪要"
    assert layout_from_document(document).title == ""  # the title repeats the flag: not set twice


def test_downloaded_docx_is_set_as_minutes(county):
    document = minutes(county)
    response = client_for(county.clerk).get(f"/documents/{document.pk}/docx/")
    assert response.status_code == 200
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "县委办公室会议纪要" in texts
    assert "出席：陈书记、周副书记、李核稿" in texts
    assert "请假：赵核稿（出差）" in texts and "列席：县教育局局长孙文书" in texts
