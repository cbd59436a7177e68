"""精文减会 quotas, the near-duplicate check, the 错题本 and 差错汇编, turnaround statistics, dispatch and access."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.documents.conftest import NOTICE_BODY
from tests.documents.test_outgoing_flow import draft, signed
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.documents.dedup import most_similar, simhash, similarity
from zhongshu.documents.models import PrintedCopy
from zhongshu.documents.quotas import document_quota_status
from zhongshu.documents.selectors import error_compilation, turnaround
from zhongshu.documents.services import (
    document_dispatch,
    document_print_copy,
    document_quota_override,
    document_recheck,
    document_register,
    document_review,
    document_submit,
)
from zhongshu.quotas.models import Quota

pytestmark = pytest.mark.django_db


def test_quota_warns_at_80_percent_and_blocks_at_100_unless_a_leader_overrides(county):
    year = timezone.localdate().year
    Quota.objects.create(kind="documents", unit=county.office, year=year, limit=2)
    first, second, third = (document_recheck(document=signed(county), by=county.clerk.user) for _ in range(3))
    document_register(document=first, by=county.clerk.user, copies=1)
    document_register(document=second, by=county.clerk.user, copies=1)
    with pytest.raises(ServiceError) as caught:
        document_register(document=third, by=county.clerk.user, copies=1)
    assert caught.value.message == "本单位本年度发文已达额度（2/2），须经领导同意方可继续发文"
    third.refresh_from_db()
    assert third.doc_serial is None
    # Submitting a new draft is blocked too.
    with pytest.raises(ServiceError) as caught:
        document_submit(
            document=draft(county), by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
        )
    assert caught.value.code == "quota_exhausted"
    with pytest.raises(ServiceError) as caught:
        document_quota_override(document=third, by=county.clerk.user, reason="急需")
    assert caught.value.message == "只有领导才能同意突破发文额度"
    document_quota_override(document=third, by=county.leader.user, reason="防汛紧急部署")
    third.refresh_from_db()
    assert document_register(document=third, by=county.clerk.user, copies=1).doc_serial == 3


def test_quota_warning_at_eighty_percent(county):
    year = timezone.localdate().year
    Quota.objects.create(kind="documents", unit=county.office, year=year, limit=5)
    for _ in range(4):
        document_register(
            document=document_recheck(document=signed(county), by=county.clerk.user),
            by=county.clerk.user,
            copies=1,
        )
    status = document_quota_status(county.office.pk, year)
    assert status.warning
    assert status.message == "本单位本年度发文已用额度的80%（4/5）"


def test_near_duplicates_are_found_with_their_similarity(county):
    assert similarity(simhash("关于做好防汛工作的通知"), simhash("关于做好防汛工作的通知")) == 1.0
    earlier = draft(county)
    later = draft(county)
    unrelated = draft(county, length_class="general")
    unrelated.body = "一、会议安排\n本次会议定于下周召开。"
    found = most_similar(later, user=county.clerk.user)
    assert found[0].document.pk in {earlier.pk, unrelated.pk}
    assert found[0].similarity == 1.0


def test_errors_confirmed_in_review_form_the_compilation(county):
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document_review(
        document=document,
        by=county.reviewer1.user,
        approve=True,
        confirmed_errors=[
            {"wrong_text": "年度任务", "correction": "年度目标任务", "category": "formulation"},
            {"wrong_text": "", "correction": "ignored"},
        ],
    )
    today = timezone.localdate()
    groups = error_compilation(county.clerk.user, start=today, end=today)
    assert [(g.unit, g.drafter, [(e.wrong_text, e.correction) for e in g.entries]) for g in groups] == [
        ("县委办公室", "王文书", [("年度任务", "年度目标任务")])
    ]


def test_turnaround_counts_returns_and_review_time(county):
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document_review(document=document, by=county.reviewer1.user, approve=False, opinion="请修改")
    stats = turnaround(county.clerk.user, year=timezone.localdate().year)
    assert [(r.key, r.documents, r.returns_per_document) for r in stats.by_unit] == [("县委办公室", 1, 1.0)]
    assert stats.by_drafter[0].median_review_hours is not None


def test_classified_dispatch_respects_clearance_and_each_copy_gets_its_number(county):
    document = draft(county, classification=Classification.SECRET)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document_review(document=document, by=county.reviewer1.user, approve=True)
    from zhongshu.documents.services import document_sign_off

    document_sign_off(document=document, by=county.leader.user)
    document = document_recheck(document=document, by=county.clerk.user)
    document = document_register(document=document, by=county.clerk.user, copies=2)
    with pytest.raises(ServiceError) as caught:
        document_dispatch(document=document, by=county.clerk.user)
    assert caught.value.message == "县教育局、县卫健局无机密公文的知悉资格人员，不能分发"
    first = document_print_copy(document=document, by=county.clerk.user)
    second = document_print_copy(document=document, by=county.clerk.user)
    assert (first.copy_number, second.copy_number) == ("000001", "000002")
    with pytest.raises(ServiceError) as caught:
        document_print_copy(document=document, by=county.clerk.user)
    assert caught.value.message == "已印制2份，达到登记的印发份数"
    assert PrintedCopy.objects.count() == 2
    assert AuditEvent.objects.filter(action="documents.print").count() == 2
    assert NOTICE_BODY  # the classified body is the ordinary notice body
