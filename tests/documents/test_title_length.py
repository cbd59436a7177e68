"""A 公文 title longer than a register line is refused (issue 15, build point 8): by the rules, so the page,
the API and the service answer alike (title_too_long, a Chinese message) and nothing is saved."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.documents.conftest import NOTICE_BODY
from zhongshu.core.errors import ServiceError
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.rules import TITLE_MAX
from zhongshu.documents.services import document_draft_create, document_draft_update
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db

# 101 characters: a 转发 title that nests a second notice and runs on.
LONG = (
    "关于转发《示例市人民政府办公室关于印发〈示例市城乡居民基本医疗保险实施办法〉的通知》的通知"
    + "抓好落实" * 14
)
MESSAGE = f"标题不能超过100字（现为{len(LONG)}字）"


def test_the_limit_is_a_hundred_characters_and_the_title_above_is_longer():
    assert TITLE_MAX == 100 and len(LONG) == 101


def test_a_draft_with_a_title_past_the_limit_is_refused_and_nothing_is_saved(county):
    with pytest.raises(ServiceError) as caught:
        document_draft_create(by=county.clerk.user, doc_type="notice", title=LONG, body=NOTICE_BODY)
    assert (caught.value.code, caught.value.message) == ("title_too_long", MESSAGE)
    assert OfficialDocument.objects.count() == 0
    document = document_draft_create(
        by=county.clerk.user, doc_type="notice", title=LONG[:TITLE_MAX], body=NOTICE_BODY
    )
    with pytest.raises(ServiceError) as caught:
        document_draft_update(document=document, by=county.clerk.user, title=LONG)
    assert caught.value.code == "title_too_long"
    document.refresh_from_db()
    assert document.title == LONG[:TITLE_MAX]


def test_the_page_and_the_api_refuse_it_alike(county):
    client = sign_in(Client(), county.clerk.user)
    page = client.post(
        "/documents/new/",
        {
            "doc_type": "notice",
            "title": LONG,
            "body": NOTICE_BODY,
            "classification": 1,
            "length_class": "general",
        },
    )
    assert page.status_code == 400
    assert MESSAGE in page.content.decode()
    api = client.post(
        "/api/documents/",
        json.dumps({"doc_type": "notice", "title": LONG, "body": NOTICE_BODY}),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["code"] == "title_too_long"
    assert OfficialDocument.objects.count() == 0
