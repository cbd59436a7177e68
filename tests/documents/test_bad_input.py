"""Bad input per the issue: each a clear error and no change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.documents.conftest import NOTICE_BODY
from zhongshu.core.errors import ServiceError
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import document_draft_create, document_draft_update

pytestmark = pytest.mark.django_db


def test_a_request_with_two_primary_recipients_changes_nothing(county):
    with pytest.raises(ServiceError) as caught:
        document_draft_create(
            by=county.clerk.user,
            doc_type="request",
            title="关于拨付经费的请示",
            body="妥否，请批示。",
            primary_units=[county.education, county.health],
        )
    assert caught.value.message == "请示只能主送一个机关，不能多头主送"
    assert OfficialDocument.objects.count() == 0


def test_a_future_date_of_writing_changes_nothing(county):
    with pytest.raises(ServiceError) as caught:
        document_draft_create(
            by=county.clerk.user,
            doc_type="notice",
            title="通知",
            body=NOTICE_BODY,
            date_of_writing=timezone.localdate() + timedelta(days=10),
        )
    assert caught.value.code == "date_in_future"
    assert OfficialDocument.objects.count() == 0


@time_machine.travel("2026-06-15 10:00 +0800", tick=False)
def test_the_future_date_policy_comes_from_the_setting(county, settings):
    assert settings.DOCUMENTS_MAX_FUTURE_DAYS == 0
    settings.DOCUMENTS_MAX_FUTURE_DAYS = 5
    allowed = document_draft_create(
        by=county.clerk.user,
        doc_type="notice",
        title="通知",
        body=NOTICE_BODY,
        date_of_writing=date(2026, 6, 20),
    )
    assert allowed.date_of_writing == date(2026, 6, 20)
    with pytest.raises(ServiceError) as caught:
        document_draft_create(
            by=county.clerk.user,
            doc_type="notice",
            title="通知",
            body=NOTICE_BODY,
            date_of_writing=date(2026, 6, 21),
        )
    assert caught.value.message == "成文日期2026年6月21日晚于允许的日期"
    assert OfficialDocument.objects.count() == 1


def test_broken_heading_order_on_edit_changes_nothing(county):
    document = document_draft_create(by=county.clerk.user, doc_type="notice", title="通知", body=NOTICE_BODY)
    with pytest.raises(ServiceError) as caught:
        document_draft_update(document=document, by=county.clerk.user, body="一、甲\n（1）乙")
    assert caught.value.message == "第2段标题“（1）”层次错误：应先有“1.”级标题"
    document.refresh_from_db()
    assert document.body == NOTICE_BODY


def test_a_drafter_cannot_draft_above_their_clearance(county):
    with pytest.raises(ServiceError) as caught:
        document_draft_create(by=county.health_clerk.user, doc_type="notice", title="通知", classification=2)
    assert caught.value.message == "您的涉密等级不能拟制秘密公文"
