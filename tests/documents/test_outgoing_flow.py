"""Outgoing: draft → parallel review → sign-off → recheck → register → dispatch → archive, with its errors."""

from __future__ import annotations

import pytest

from tests.documents.conftest import NOTICE_BODY
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.documents.models import Dispatch, DocumentEvent, ErrorBookEntry, OfficialDocument
from zhongshu.documents.services import (
    dispatch_recall,
    document_dispatch,
    document_draft_create,
    document_hand_to_archive,
    document_recheck,
    document_register,
    document_resubmit,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.documents.states import DocState
from zhongshu.workflow.models import StepEvent

pytestmark = pytest.mark.django_db


def draft(county, **extra):
    values = dict(
        by=county.clerk.user,
        doc_type="notice",
        title="关于做好2026年度工作的通知",
        body=NOTICE_BODY,
        primary_units=[county.education, county.health],
    )
    return document_draft_create(**(values | extra))


def signed(county):
    document = draft(county)
    document_submit(
        document=document,
        by=county.clerk.user,
        reviewers=[county.reviewer1, county.reviewer2],
        signer=county.leader,
    )
    document_review(document=document, by=county.reviewer1.user, approve=True, opinion="同意")
    document_review(document=document, by=county.reviewer2.user, approve=True, opinion="可以")
    return document_sign_off(document=document, by=county.leader.user, opinion="同意印发")


def test_the_whole_outgoing_flow(county):
    document = signed(county)
    assert document.state == DocState.SIGNED
    assert document.signers == "陈书记"
    document_recheck(document=document, by=county.clerk.user)
    document = document_register(document=document, by=county.clerk.user, copies=10)
    year = document.doc_year
    assert document.doc_number == f"县委办发〔{year}〕1号"
    dispatches = document_dispatch(document=document, by=county.clerk.user)
    assert {d.recipient_unit.name for d in dispatches} == {"县教育局", "县卫健局"}
    incoming = OfficialDocument.objects.get(origin=document, owner_unit=county.education)
    assert incoming.state == DocState.RECEIVED
    assert incoming.source_doc_number == document.doc_number
    document = document_hand_to_archive(
        document=OfficialDocument.objects.get(pk=document.pk), by=county.clerk.user
    )
    assert document.state == DocState.ARCHIVED
    actions = list(DocumentEvent.objects.filter(document=document).values_list("action", flat=True))
    assert actions == [
        "create",
        "submit",
        "review.approve",
        "review.approve",
        "sign_off",
        "recheck",
        "register",
        "dispatch",
        "archive",
    ]


def test_sign_off_before_every_review_is_done_is_refused(county):
    document = draft(county)
    document_submit(
        document=document,
        by=county.clerk.user,
        reviewers=[county.reviewer1, county.reviewer2],
        signer=county.leader,
    )
    document_review(document=document, by=county.reviewer1.user, approve=True)
    with pytest.raises(ServiceError) as caught:
        document_sign_off(document=document, by=county.leader.user)
    assert caught.value.code == "review_pending"
    assert caught.value.message == "核稿尚未全部完成，不能签发（待办：赵核稿）"
    document.refresh_from_db()
    assert document.state == DocState.IN_REVIEW and document.signed_at is None


def test_a_return_keeps_every_opinion_and_errors_enter_the_error_book(county):
    document = draft(county)
    document_submit(
        document=document,
        by=county.clerk.user,
        reviewers=[county.reviewer1, county.reviewer2],
        signer=county.leader,
    )
    document_review(
        document=document,
        by=county.reviewer1.user,
        approve=False,
        opinion="标题有误",
        confirmed_errors=[{"wrong_text": "做好", "correction": "切实做好", "category": "formulation"}],
    )
    entry = ErrorBookEntry.objects.get()
    assert (entry.drafter, entry.unit, entry.correction) == (county.clerk, county.office, "切实做好")
    document_resubmit(document=document, by=county.clerk.user)
    document_review(document=document, by=county.reviewer1.user, approve=True)
    document_review(document=document, by=county.reviewer2.user, approve=True)
    document = document_sign_off(document=document, by=county.leader.user)
    reasons = list(
        StepEvent.objects.filter(step__workflow=document.workflow, action="return").values_list(
            "reason", flat=True
        )
    )
    assert reasons == ["标题有误"]


def test_a_substantive_change_at_recheck_goes_back_to_the_signer(county):
    document = signed(county)
    document = document_recheck(
        document=document, by=county.clerk.user, body=NOTICE_BODY + "\n另增一项要求。"
    )
    assert document.state == DocState.IN_REVIEW
    document_sign_off(document=document, by=county.leader.user, opinion="同意修改")
    document.refresh_from_db()
    assert document.state == DocState.SIGNED
    # Punctuation only is no substantive change.
    document = document_recheck(
        document=document, by=county.clerk.user, body=document.body.replace("。", "；")
    )
    assert document.state == DocState.RECHECKED


def test_only_the_named_signer_signs(county):
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document_review(document=document, by=county.reviewer1.user, approve=True)
    with pytest.raises(Forbidden) as caught:
        document_sign_off(document=document, by=county.deputy.user)
    assert caught.value.message == "您不是本文的签发人"


def test_recall_before_the_recipient_registers(county):
    document = signed(county)
    document_recheck(document=document, by=county.clerk.user)
    document_register(document=document, by=county.clerk.user, copies=2)
    dispatch = document_dispatch(document=document, by=county.clerk.user)[0]
    dispatch_recall(dispatch=dispatch, by=county.clerk.user, reason="发现错字")
    dispatch.refresh_from_db()
    assert dispatch.recalled_at is not None
    assert dispatch.incoming.state == DocState.RECALLED
    with pytest.raises(ServiceError) as caught:
        dispatch_recall(dispatch=Dispatch.objects.get(pk=dispatch.pk), by=county.clerk.user, reason="再撤")
    assert caught.value.message == "该分发已撤回"
