"""Issue 14, findings 8 and 4 (supervision): an item is known to the office's supervision roles, the units on
it and its responsible leader — a bureau head holding 领导 is not an office role — and an assignment notice
never carries a title its recipient may not see.

Before the change a bureau head read other bureaus' items, their reports and attachments, and the ledger
export; and a 秘密 item's title went to an uncleared liaison in the assignment notice.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from tests.supervision import conftest as supervision
from zhongshu.attachments.services import attachments_of
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.notifications.models import OutboxMessage
from zhongshu.notifications.services import WITHHELD_TITLE
from zhongshu.supervision.models import ProgressReport
from zhongshu.supervision.services import progress_report_submit, supervision_item_receive
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db

county = supervision.county  # the supervision tests' small county, as a fixture here too

TITLE = "推进县林业局以外某事项"
REPORT_MARK = "已完成方案制定，附件为现场照片"


def _client(person) -> Client:
    return sign_in(Client(raise_request_exception=False), person.user)


def test_a_bureau_head_sees_their_own_units_items_and_nothing_of_another_bureau(county):
    item = county.assigned(TITLE)
    supervision_item_receive(item=item, by=county.liaison.user)
    progress_report_submit(
        item=item,
        by=county.liaison.user,
        text=REPORT_MARK,
        files=[SimpleUploadedFile("现场照片.txt", "照片说明".encode())],
    )
    report = ProgressReport.objects.get(item=item)
    attachment_url = f"/supervision/files/{attachments_of(report).get().pk}/"
    other_head = make_person(
        "冯局长", unit=county.other, roles=[Role.LEADER], is_leader=True, leader_rank=1, title="局长"
    )
    stranger = _client(other_head)
    for url in (f"/supervision/items/{item.pk}/", f"/api/supervision/items/{item.pk}", attachment_url):
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert TITLE not in response.content.decode() and REPORT_MARK not in response.content.decode()
    ledger = stranger.get("/supervision/").content.decode()
    assert TITLE not in ledger
    export = stranger.get("/supervision/export.xlsx")
    if export.status_code == 200:
        cells = [
            c
            for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
            for c in row
        ]
        assert TITLE not in cells
    # The lead unit's own head, the co-unit's liaison and the responsible leader know it; so does the office.
    for knower in (county.head, county.co_liaison, county.leader, county.supervisor, county.director):
        response = _client(knower).get(f"/supervision/items/{item.pk}/")
        assert response.status_code == 200 and TITLE in response.content.decode(), knower


def test_an_assignment_notice_keeps_a_secret_title_from_an_uncleared_liaison(county):
    cleared = make_person("郑机要", unit=county.bureau, roles=[Role.LIAISON], clearance=Clearance.ORDINARY)
    secret_title = "某涉密专项整治"
    item = county.open(secret_title, classification=Classification.CONFIDENTIAL)
    item.need_to_know_units.add(county.bureau)
    from zhongshu.supervision.services import supervision_item_assign

    supervision_item_assign(
        item=item, by=county.supervisor.user, lead_unit=county.bureau, co_units=[], deadline_workdays=10
    )
    told = {m.recipient_id: m for m in OutboxMessage.objects.filter(kind="supervision.assigned")}
    uncleared = told[county.liaison.user.pk]  # 孙联络 holds no clearance
    assert secret_title not in uncleared.title + uncleared.body
    assert (uncleared.title, uncleared.body, uncleared.link) == (WITHHELD_TITLE, "", "")
    assert told[cleared.user.pk].title == f"督查交办：{secret_title}"  # a cleared liaison is told in full
