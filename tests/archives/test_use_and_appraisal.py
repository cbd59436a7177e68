"""利用: consulting and borrowing, direct for 内部/公开, approved by the archives head for state secrets (the
approval lets the reader know the item until it is due back, and returning ends it), every use audited.
鉴定: due items derived from year and retention; keep, extend, and destruction decided by two people."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.archives.helpers import make_item
from zhongshu.access.policy import can
from zhongshu.archives import services
from zhongshu.archives.models import (
    Appraisal,
    ArchiveUse,
    Decision,
    DestructionRecord,
    ItemState,
    Retention,
    UseState,
)
from zhongshu.archives.numbering import reserve_item_number
from zhongshu.archives.selectors import destructions_waiting, items_due_for_appraisal
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.models import AppendOnlyError
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


def _fresh(person):
    person.user.__dict__.pop("_access_viewer", None)
    return person.user


def test_an_internal_item_is_consulted_at_once_and_audited(county):
    item = make_item(by=county.archivist.user, owner_unit=county.office)
    use = services.archive_use_request(
        by=county.colleague.user, reference_code=item.reference_code, kind="consult", purpose="起草参考"
    )
    assert use.state == UseState.APPROVED and use.item == item
    assert AuditEvent.objects.filter(action="archives.use.request", object_id=str(item.pk)).count() == 1


def test_a_secret_item_needs_the_heads_approval_which_grants_access_until_return(county):
    item = make_item(
        by=county.archivist.user, classification=Classification.CONFIDENTIAL, owner_unit=county.office
    )
    reader = county.edu_secretary  # 核心 clearance, outside the item's need-to-know
    assert not can(_fresh(reader), item)
    due = timezone.localdate() + timedelta(days=7)
    use = services.archive_use_request(
        by=reader.user, reference_code=item.reference_code, kind="borrow", purpose="核对数据", due_back=due
    )
    assert use.state == UseState.REQUESTED and not can(_fresh(reader), item)
    with pytest.raises(Forbidden) as caught:
        services.archive_use_decide(use=use, by=county.archivist.user, approve=True)
    assert caught.value.message == "只有档案室负责人或办公室主任可以审批"
    use = services.archive_use_decide(use=use, by=county.head.user, approve=True, note="同意")
    assert use.state == UseState.APPROVED and use.grant is not None
    assert timezone.localtime(use.access_until).date() == due
    assert can(_fresh(reader), item)
    with pytest.raises(InvalidTransition):
        services.archive_use_decide(use=use, by=county.head.user, approve=True)
    services.archive_use_return(use=use, by=county.archivist.user)
    assert not can(_fresh(reader), item)
    actions = list(
        AuditEvent.objects.filter(object_id=str(item.pk), action__startswith="archives.use")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["archives.use.request", "archives.use.approve", "archives.use.return"]


def test_a_request_for_a_hidden_code_or_a_gap_in_a_catalogue_is_answered_alike(county):
    hidden = make_item(
        by=county.archivist.user, classification=Classification.SECRET, owner_unit=county.health
    )
    # An imported paper catalogue that skipped numbers: 0999 was given out in its class, no row names it.
    reserve_item_number("Z109", 1999, Retention.PERMANENT, "MSK", 999)
    answers = []
    for code in (hidden.reference_code, "Z109-WS·1999-Y-MSK-0999"):
        use = services.archive_use_request(
            by=county.colleague.user, reference_code=code, kind="consult", purpose="查考"
        )
        answers.append(use.state)
    assert answers == [UseState.REQUESTED, UseState.REQUESTED]
    missing = ArchiveUse.objects.get(requested_code="Z109-WS·1999-Y-MSK-0999")
    with pytest.raises(ServiceError) as caught:
        services.archive_use_decide(use=missing, by=county.head.user, approve=True)
    assert caught.value.message == "档号不存在或档案已销毁，只能不予批准"
    with pytest.raises(ServiceError) as caught:
        services.archive_use_decide(use=missing, by=county.head.user, approve=False)
    assert caught.value.message == "不予批准须说明理由"
    assert (
        services.archive_use_decide(use=missing, by=county.head.user, approve=False, note="无此档号").state
        == UseState.REJECTED
    )


@pytest.mark.parametrize(
    "code",
    [
        "Z109-WS·1999-Y-MSK-0999",  # a class the archive never filed in
        "Z109-WS·2024-D30-MSK-0500",  # past the last 件号 of its class
        "Z999-WS·2024-D30-MSK-0001",  # another fonds
    ],
)
def test_a_borrowing_request_for_a_code_that_does_not_exist_is_refused(county, code):
    reserve_item_number("Z109", 2024, Retention.Y30, "MSK", 12)
    with pytest.raises(ServiceError) as caught:
        services.archive_use_request(
            by=county.colleague.user,
            reference_code=code,
            kind="borrow",
            purpose="查考",
            due_back=timezone.localdate() + timedelta(days=7),
        )
    assert caught.value.code == "unknown_reference_code"
    assert caught.value.message == f"档号{code}不存在，请核对后重新填写（可在档案检索中按题名查找档号）"
    assert not ArchiveUse.objects.exists()
    assert not AuditEvent.objects.filter(action="archives.use.request").exists()


def test_the_uses_page_and_the_api_refuse_a_code_that_does_not_exist(county, client):
    code = "Z109-WS·1999-Y-MSK-0999"
    sign_in(client, county.colleague.user)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    page = client.post(
        "/archives/uses/", {"reference_code": code, "kind": "borrow", "purpose": "查考", "due_back": due}
    )
    assert page.status_code == 400
    assert f"档号{code}不存在" in page.content.decode()
    api = client.post(
        "/api/archives/uses",
        json.dumps({"reference_code": code, "kind": "borrow", "purpose": "查考", "due_back": due}),
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["code"] == "unknown_reference_code"
    assert not ArchiveUse.objects.exists()


def test_approval_never_exceeds_the_readers_clearance(county):
    item = make_item(by=county.archivist.user, classification=Classification.SECRET, owner_unit=county.office)
    use = services.archive_use_request(
        by=county.colleague.user, reference_code=item.reference_code, kind="consult", purpose="查考"
    )
    with pytest.raises(ServiceError) as caught:
        services.archive_use_decide(use=use, by=county.head.user, approve=True)
    assert caught.value.message == "申请人涉密等级不足以知悉机密档案"
    assert ArchiveUse.objects.get(pk=use.pk).state == UseState.REQUESTED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"reference_code": "乱写", "kind": "consult", "purpose": "x"},
            "档号格式有误（如 Z109-WS·2024-Y-BGS-0001）",
        ),
        ({"reference_code": "Z109-WS·2024-Y-MSK-0001", "kind": "steal", "purpose": "x"}, "请选择借阅或查阅"),
        ({"reference_code": "Z109-WS·2024-Y-MSK-0001", "kind": "consult", "purpose": " "}, "请填写利用目的"),
        (
            {"reference_code": "Z109-WS·2024-Y-MSK-0001", "kind": "borrow", "purpose": "x"},
            "借阅须填写应还日期",
        ),
    ],
)
def test_bad_requests_are_refused_with_a_message(county, fields, message):
    with pytest.raises(ServiceError) as caught:
        services.archive_use_request(by=county.colleague.user, **fields)
    assert caught.value.message == message
    assert ArchiveUse.objects.count() == 0


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_due_for_appraisal_is_derived_from_year_and_retention(county):
    by = county.archivist.user
    due10 = make_item(by=by, year=2015, retention=Retention.Y10, owner_unit=county.office)
    not_yet = make_item(by=by, year=2016, retention=Retention.Y10, owner_unit=county.office)
    due30 = make_item(by=by, year=1995, retention=Retention.Y30, owner_unit=county.office)
    forever = make_item(by=by, year=1950, retention=Retention.PERMANENT, owner_unit=county.office)
    assert list(items_due_for_appraisal(by)) == [due30, due10]
    assert services.is_due_for_appraisal(due10) and not services.is_due_for_appraisal(not_yet)
    assert not services.is_due_for_appraisal(forever)
    with pytest.raises(InvalidTransition):
        services.archive_item_appraise(item=not_yet, by=by, decision=Decision.KEEP, reason="仍有价值")

    services.archive_item_appraise(item=due10, by=by, decision=Decision.KEEP, reason="仍有查考价值")
    services.archive_item_appraise(
        item=due30, by=by, decision=Decision.EXTEND, reason="涉及土地权属", retention=Retention.PERMANENT
    )
    assert list(items_due_for_appraisal(by)) == []
    due30.refresh_from_db()
    assert due30.retention == Retention.PERMANENT and "鉴定延长保管期限至永久" in due30.remarks


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_destruction_takes_two_people_and_keeps_the_record(county):
    item = make_item(by=county.archivist.user, year=2010, retention=Retention.Y10, owner_unit=county.office)
    with pytest.raises(ServiceError) as caught:
        services.archive_item_appraise(
            item=item, by=county.archivist.user, decision=Decision.EXTEND, reason="x", retention=Retention.Y10
        )
    assert caught.value.message == "延长后的保管期限须长于原期限"
    services.archive_item_appraise(
        item=item, by=county.head.user, decision=Decision.PROPOSE_DESTROY, reason="已无保存价值"
    )
    assert destructions_waiting(county.archivist.user) == [item]
    with pytest.raises(Forbidden) as caught:
        services.archive_item_destroy_decide(item=item, by=county.head.user, approve=True, reason="同意")
    assert caught.value.message == "销毁须由鉴定人以外的负责人批准"
    with pytest.raises(Forbidden):
        services.archive_item_destroy_decide(item=item, by=county.archivist.user, approve=True, reason="同意")
    director = _director(county)
    services.archive_item_destroy_decide(item=item, by=director.user, approve=True, reason="同意销毁")
    item.refresh_from_db()
    assert item.state == ItemState.DESTROYED and "20260601鉴定销毁" in item.remarks
    record = DestructionRecord.objects.get(item=item)
    assert (record.appraiser, record.approver, record.reference_code) == (
        county.head,
        director,
        item.reference_code,
    )
    assert list(Appraisal.objects.filter(item=item).values_list("decision", flat=True)) == [
        Decision.PROPOSE_DESTROY,
        Decision.APPROVE_DESTROY,
    ]
    with pytest.raises(AppendOnlyError):
        record.delete()
    assert AuditEvent.objects.filter(action="archives.destroy", object_id=str(item.pk)).count() == 1
    assert items_due_for_appraisal(county.archivist.user).count() == 0


def _director(county):
    from zhongshu.base.roles import Role
    from zhongshu.testing.factories import make_person

    return make_person(
        "赵主任", unit=county.office, roles=[Role.OFFICE_DIRECTOR], clearance=Clearance.IMPORTANT
    )


def test_use_requests_are_read_through_the_policy_the_room_sees_all_a_requester_only_theirs(county, client):
    from zhongshu.archives.models import ArchiveUse
    from zhongshu.archives.selectors import my_uses, uses_waiting
    from zhongshu.testing.access import sign_in

    item = make_item(by=county.archivist.user, classification=Classification.CONFIDENTIAL)
    use = services.archive_use_request(
        by=county.clerk.user, reference_code=item.reference_code, kind="consult", purpose="起草参考"
    )
    assert list(uses_waiting(county.head.user)) == [use]
    assert list(uses_waiting(county.colleague.user)) == []
    assert can(county.archivist.user, use) and can(county.clerk.user, use)
    assert not can(county.colleague.user, use)
    assert list(my_uses(county.colleague.user)) == []
    # Someone outside the archives room cannot even address another's request: it answers "not found".
    outsider = sign_in(client, county.colleague.user)
    response = outsider.post(
        f"/api/archives/uses/{use.pk}/decision", {"approve": True}, content_type="application/json"
    )
    assert response.status_code == 404
    assert ArchiveUse.objects.get(pk=use.pk).state == "requested"
