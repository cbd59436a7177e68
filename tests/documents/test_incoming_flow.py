"""Incoming: a dispatched copy or a paper document → register → screen → 拟办 → 批示 → 承办 / 传阅 → 办结 → 归档."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.documents.test_outgoing_flow import signed
from zhongshu.core.errors import ServiceError
from zhongshu.documents.incoming import (
    circulation_read,
    handling_complete,
    handling_remind,
    incoming_archive,
    incoming_assign,
    incoming_circulate,
    incoming_complete,
    incoming_instruct,
    incoming_propose,
    incoming_register,
    incoming_register_paper,
    incoming_screen,
    instruction_to_supervision,
)
from zhongshu.documents.models import Dispatch, OfficialDocument
from zhongshu.documents.services import document_dispatch, document_recheck, document_register
from zhongshu.documents.states import DocState

pytestmark = pytest.mark.django_db


def paper(county, **extra):
    values = dict(
        by=county.clerk.user,
        title="关于开展安全检查的通知",
        source_unit_name="市政府办公室",
        source_doc_number="市政办发〔2026〕3号",
        received_on=timezone.localdate(),
        copies=2,
    )
    values.update(extra)
    return incoming_register_paper(**values)


def test_a_paper_document_through_the_whole_incoming_flow(county):
    document = paper(county)
    year = timezone.localdate().year
    assert (document.state, document.incoming_number) == (DocState.REGISTERED, f"收〔{year}〕1号")
    document = incoming_screen(document=document, by=county.clerk.user, passed=True)
    document = incoming_propose(
        document=document, by=county.clerk.user, proposal="拟请教育局牵头办理", leader=county.leader
    )
    with pytest.raises(ServiceError) as caught:
        incoming_instruct(document=document, by=county.deputy.user, instruction="同意")
    assert caught.value.message == "只有拟办时指定的领导才能批示"
    document = incoming_instruct(
        document=document, by=county.leader.user, instruction="请教育局抓紧落实，按期报结果。"
    )
    handling = incoming_assign(document=document, by=county.clerk.user, units=[county.education], workdays=5)[
        0
    ]
    assert handling.deadline is not None and handling.deadline_workdays == 5
    handling_remind(handling=handling, by=county.clerk.user)
    slips = incoming_circulate(
        document=document, by=county.clerk.user, readers=[county.deputy, county.leader]
    )
    assert [slip.reader for slip in slips] == [county.leader, county.deputy]  # leader_rank order
    with pytest.raises(ServiceError) as caught:
        circulation_read(slip=slips[1], by=county.deputy.user)
    assert caught.value.message == "请待陈书记阅毕后再阅"
    with pytest.raises(ServiceError) as caught:
        incoming_complete(document=document, by=county.clerk.user)
    assert caught.value.message == "尚有承办单位未办结：县教育局"
    handling_complete(handling=handling, by=county.edu_clerk.user, result="已完成检查并报送结果")
    circulation_read(slip=slips[0], by=county.leader.user, remark="阅")
    circulation_read(slip=slips[1], by=county.deputy.user)
    document = incoming_complete(document=document, by=county.clerk.user)
    document = incoming_archive(document=document, by=county.clerk.user)
    assert document.state == DocState.ARCHIVED
    handling.refresh_from_db()
    assert handling.reminders == 1


def test_a_dispatched_copy_is_signed_for_with_a_read_receipt(county):
    document = document_recheck(document=signed(county), by=county.clerk.user)
    document = document_register(document=document, by=county.clerk.user, copies=2)
    document_dispatch(document=document, by=county.clerk.user)
    incoming = OfficialDocument.objects.get(origin=document, owner_unit=county.education)
    with pytest.raises(ServiceError) as caught:
        incoming_register(document=incoming, by=county.health_clerk.user)
    assert caught.value.message == "只有收文单位的文书才能签收登记"
    incoming_register(document=incoming, by=county.edu_clerk.user)
    receipt = Dispatch.objects.get(incoming=incoming)
    assert receipt.read_by == county.edu_clerk and receipt.read_at is not None


def test_a_failed_screen_returns_to_the_sender_with_a_reason(county):
    document = paper(county)
    with pytest.raises(ServiceError) as caught:
        incoming_screen(document=document, by=county.clerk.user, passed=False)
    assert caught.value.message == "退回来文单位须说明理由"
    document = incoming_screen(document=document, by=county.clerk.user, passed=False, note="非本机关办理事项")
    assert document.state == DocState.RETURNED_TO_SENDER


def test_paper_registration_refuses_bad_input(county):
    with pytest.raises(ServiceError) as caught:
        paper(county, copies=0)
    assert caught.value.message == "份数至少为1份"
    with pytest.raises(ServiceError) as caught:
        paper(county, classification=4)
    assert caught.value.message == "您的涉密等级不能登记绝密来文"
    assert OfficialDocument.objects.count() == 0


def test_instruction_to_supervision_needs_an_instruction(county):
    document = paper(county)
    with pytest.raises(ServiceError) as caught:
        instruction_to_supervision(document=document, by=county.clerk.user)
    assert caught.value.message == "本文尚无领导批示，不能转为督办事项"
