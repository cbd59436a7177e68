"""One outgoing notice's whole life, through the services the pages call: 拟稿 → 送审 and 核稿 by two
reviewers → 签发 → 复核 → 登记编号 → 分发 → 归档 into the archives through the filing interface.

After every step the story checks the document's state, its history (DocumentEvent), the audit trail on it, and
the 待办 of each person concerned as the workbench gathers them (`core.todos.todos_for`), so a step that forgets
to hand the work on, or leaves a stale to-do behind, shows here."""

from __future__ import annotations

import pytest

from tests.archives import conftest as archives_fixtures
from tests.documents.conftest import NOTICE_BODY
from zhongshu.archives.filing import file_record
from zhongshu.archives.models import ArchiveItem
from zhongshu.audit.models import AuditEvent
from zhongshu.core.todos import done_for, todos_for
from zhongshu.documents.models import ArchiveState, DocumentEvent, OfficialDocument
from zhongshu.documents.services import (
    document_dispatch,
    document_draft_create,
    document_recheck,
    document_register,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.documents.states import DocState

pytestmark = pytest.mark.django_db
county = archives_fixtures.county  # a 县委办公室 issuing 县委办发, with its 秘书科 and 档案室

TITLE = "关于做好2026年度防汛工作的通知"


def todos(person, title: str = TITLE) -> list[tuple[str, str]]:
    """(kind, note) of the person's 待办 about this document, as the workbench lists them."""
    return sorted((t.kind, t.note) for t in todos_for(person.user) if title in t.title)


def done(person, title: str = TITLE) -> list[str]:
    return sorted(t.kind for t in done_for(person.user) if title in t.title)


class History:
    """What the document's history and audit trail gained since the last look."""

    def __init__(self, document: OfficialDocument) -> None:
        self.document = document
        self.events = 0
        self.audits = 0

    def new_events(self) -> list[tuple[str, str, str]]:
        rows = list(
            DocumentEvent.objects.filter(document=self.document)
            .order_by("at", "id")
            .values_list("action", "to_state", "actor_name")
        )
        new, self.events = rows[self.events :], len(rows)
        return new

    def new_audits(self) -> list[tuple[str, str]]:
        rows = list(
            AuditEvent.objects.filter(
                object_type="documents.officialdocument", object_id=str(self.document.pk)
            )
            .order_by("seq")
            .values_list("action", "actor_name")
        )
        new, self.audits = rows[self.audits :], len(rows)
        return new


def test_an_outgoing_notice_from_draft_to_the_archives(county):
    clerk, r1, r2, leader, archivist = (
        county.clerk,
        county.reviewer1,
        county.reviewer2,
        county.leader,
        county.archivist,
    )
    everyone = [clerk, r1, r2, leader, archivist]

    # 拟稿: only a draft; nobody has anything to do yet.
    document = document_draft_create(
        by=clerk.user,
        doc_type="notice",
        title=TITLE,
        body=NOTICE_BODY,
        primary_units=[county.education, county.health],
    )
    history = History(document)
    assert document.state == DocState.DRAFT
    assert history.new_events() == [("create", DocState.DRAFT, "王文书")]
    assert history.new_audits() == [("documents.draft.create", clerk.user.username)]
    assert all(todos(p) == [] for p in everyone)

    # 送审: the two reviewers review in parallel; the signer waits for them.
    document_submit(document=document, by=clerk.user, reviewers=[r1, r2], signer=leader)
    document.refresh_from_db()
    assert document.state == DocState.IN_REVIEW
    assert history.new_events() == [("submit", DocState.IN_REVIEW, "王文书")]
    assert history.new_audits() == [("documents.submit", clerk.user.username)]
    assert todos(r1) == todos(r2) == [("workflow.review", "")]
    assert todos(leader) == [] and todos(clerk) == []

    # 核稿: the first reviewer agrees; the second still has the step; the signer still waits.
    document_review(document=document, by=r1.user, approve=True, opinion="同意")
    assert history.new_events() == [("review.approve", DocState.IN_REVIEW, "李核稿")]
    assert history.new_audits() == [("documents.review.approve", r1.user.username)]
    assert todos(r1) == [] and done(r1) == ["workflow.review"]
    assert todos(r2) == [("workflow.review", "")]
    assert todos(leader) == []
    # The second agrees: the sign-off step opens for the leader.
    document_review(document=document, by=r2.user, approve=True, opinion="可以")
    assert history.new_events() == [("review.approve", DocState.IN_REVIEW, "赵核稿")]
    assert history.new_audits() == [("documents.review.approve", r2.user.username)]
    assert todos(r2) == []
    assert todos(leader) == [("workflow.sign_off", "")]

    # 签发: the leader signs; the clerk's 复核 is next.
    document = document_sign_off(document=document, by=leader.user, opinion="同意印发")
    assert document.state == DocState.SIGNED and document.signers == "陈书记"
    assert history.new_events() == [("sign_off", DocState.SIGNED, "陈书记")]
    assert history.new_audits() == [("documents.sign_off", leader.user.username)]
    assert todos(leader) == [] and done(leader) == ["workflow.sign_off"]
    assert todos(clerk) == [("documents.outgoing", "复核")]

    # 复核 then 登记编号: the clerk's to-do moves on each time, never two at once.
    document = document_recheck(document=document, by=clerk.user)
    assert document.state == DocState.RECHECKED
    assert history.new_events() == [("recheck", DocState.RECHECKED, "王文书")]
    assert history.new_audits() == [("documents.recheck", clerk.user.username)]
    assert todos(clerk) == [("documents.outgoing", "登记编号")]
    document = document_register(document=document, by=clerk.user, copies=5)
    assert document.state == DocState.REGISTERED
    assert document.doc_number == f"县委办发〔{document.doc_year}〕1号"
    assert history.new_events() == [("register", DocState.REGISTERED, "王文书")]
    assert history.new_audits() == [("documents.register", clerk.user.username)]
    assert todos(clerk) == [("documents.outgoing", "分发")]

    # 分发: each receiving unit gets its copy, which is its clerk's 签收登记; the sender's to-dos are done.
    dispatches = document_dispatch(document=document, by=clerk.user)
    document = OfficialDocument.objects.get(pk=document.pk)
    assert document.state == DocState.DISPATCHED
    assert {d.recipient_unit.name for d in dispatches} == {"县教育局", "县卫健局"}
    assert history.new_events() == [("dispatch", DocState.DISPATCHED, "王文书")]
    assert history.new_audits() == [("documents.dispatch", clerk.user.username)]
    assert todos(clerk) == []
    assert todos(county.edu_secretary) == [("documents.incoming", "签收登记")]
    copy = OfficialDocument.objects.get(origin=document, owner_unit=county.education)
    assert (copy.state, copy.doc_number) == (DocState.RECEIVED, document.doc_number)

    # 归档: the archivist files the closed document; the archives hold it, the document says where.
    item = file_record(archivist.user, document)
    document.refresh_from_db()
    assert item == ArchiveItem.objects.get(source_id=document.pk)
    assert (item.fonds, item.org_code, item.item_number, item.doc_number) == (
        "Z109",
        "MSK",
        1,
        document.doc_number,
    )
    assert item.reference_code == f"Z109-WS·{document.doc_year}-D30-MSK-0001"
    assert document.state == DocState.ARCHIVED and document.archive_state == ArchiveState.FILED
    assert history.new_events() == [("archive", DocState.ARCHIVED, "钱档案")]
    assert history.new_audits() == [("documents.filed", archivist.user.username)]
    assert AuditEvent.objects.filter(
        action="archives.file", object_type="archives.archiveitem", object_id=str(item.pk)
    ).exists()
    assert all(todos(p) == [] for p in everyone)
    # The whole history, in order, once each.
    assert list(
        DocumentEvent.objects.filter(document=document).order_by("at", "id").values_list("action", flat=True)
    ) == [
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
