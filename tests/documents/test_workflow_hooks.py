"""The workflow tells the document (workflow.subjects): a leader who signs from the workbench's to-do, on the
generic step page, leaves the document 已签发 at that step's time before anyone opens the document; a return,
a resubmission and a withdrawal given anywhere reach the document's history the same way; and a hook that
refuses rolls the step back with it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.documents.test_outgoing_flow import draft
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import InvalidTransition
from zhongshu.documents.models import DocumentEvent, OfficialDocument
from zhongshu.documents.services import WORKFLOW_KIND, document_review, document_submit
from zhongshu.documents.states import DocState
from zhongshu.testing.access import sign_in
from zhongshu.workflow.models import Step
from zhongshu.workflow.services import StepSpec, step_approve, step_return, workflow_cancel, workflow_start
from zhongshu.workflow.states import StepKind, StepState, WorkflowState

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(county):
    """A notice both reviewers approved: its sign-off step is open and waits for 陈书记."""
    document = draft(county)
    document_submit(
        document=document,
        by=county.clerk.user,
        reviewers=[county.reviewer1, county.reviewer2],
        signer=county.leader,
    )
    document_review(document=document, by=county.reviewer1.user, approve=True, opinion="同意")
    document_review(document=document, by=county.reviewer2.user, approve=True, opinion="可以")
    return OfficialDocument.objects.get(pk=document.pk)


def _sign_off_step(document: OfficialDocument) -> Step:
    return Step.objects.get(workflow_id=document.workflow_id, kind=StepKind.SIGN_OFF, state=StepState.OPEN)


def _todo_links(client: Client) -> set[str]:
    return set(re.findall(r'href="(/[^"]+)"', client.get("/").content.decode()))


def test_signing_from_the_workbench_signs_the_document_at_once(county, reviewed):
    leader = sign_in(Client(), county.leader.user)
    step = _sign_off_step(reviewed)
    step_url = f"/workflow/steps/{step.pk}/"
    assert step_url in _todo_links(leader)  # the workbench's to-do is the generic step page

    response = leader.post(
        f"{step_url}approve/", {"opinion": "同意印发", "version": reviewed.workflow.version}
    )
    assert response.status_code == 302

    # Nobody has opened the document's page: it is signed already, at the step's own time, by the signer.
    document = OfficialDocument.objects.get(pk=reviewed.pk)
    step.refresh_from_db()
    assert document.state == DocState.SIGNED and document.workflow.state == WorkflowState.APPROVED
    assert document.signed_at == step.closed_at and document.signer == county.leader
    assert document.signers == "陈书记" and document.date_of_writing is not None
    event = DocumentEvent.objects.filter(document=document, action="sign_off").get()
    assert (event.actor, event.at, event.note, event.to_state) == (
        county.leader.user,
        step.closed_at,
        "同意印发",
        DocState.SIGNED,
    )
    audit = AuditEvent.objects.filter(action="documents.sign_off", object_id=str(document.pk)).get()
    assert audit.actor_id == county.leader.user.pk
    # The clerk's 复核 to-do is there at once.
    clerk = sign_in(Client(), county.clerk.user)
    page = clerk.get("/").content.decode()
    assert f'href="/documents/{document.pk}/"' in page and "复核" in page


def test_the_document_page_only_reads(county, reviewed):
    step = _sign_off_step(reviewed)
    step_approve(step=step, by=county.leader.user, opinion="同意")
    events = DocumentEvent.objects.filter(document=reviewed).count()
    clerk = sign_in(Client(), county.clerk.user)
    assert clerk.get(f"/documents/{reviewed.pk}/").status_code == 200
    assert DocumentEvent.objects.filter(document=reviewed).count() == events


def test_a_return_on_the_step_page_reaches_the_documents_history(county):
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document = OfficialDocument.objects.get(pk=document.pk)
    step = Step.objects.get(workflow_id=document.workflow_id, assignee=county.reviewer1, state=StepState.OPEN)
    reviewer = sign_in(Client(), county.reviewer1.user)
    reviewer.post(f"/workflow/steps/{step.pk}/return/", {"reason": "标题不规范"})
    step.refresh_from_db()
    event = DocumentEvent.objects.filter(document=document, action="review.return").get()
    assert (event.actor, event.note, event.at) == (county.reviewer1.user, "标题不规范", step.closed_at)
    assert AuditEvent.objects.filter(action="documents.review.return", object_id=str(document.pk)).exists()
    assert OfficialDocument.objects.get(pk=document.pk).state == DocState.IN_REVIEW


def test_a_return_through_the_documents_own_page_is_recorded_once(county):
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document_review(document=document, by=county.reviewer1.user, approve=False, opinion="请修改")
    assert DocumentEvent.objects.filter(document=document, action="review.return").count() == 1
    from zhongshu.documents.services import document_resubmit

    document_resubmit(document=OfficialDocument.objects.get(pk=document.pk), by=county.clerk.user)
    assert DocumentEvent.objects.filter(document=document, action="resubmit").count() == 1


def test_cancelling_the_workflow_takes_the_draft_back(county):
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document = OfficialDocument.objects.get(pk=document.pk)
    workflow_cancel(workflow=document.workflow, by=county.clerk.user, reason="另行起草")
    document.refresh_from_db()
    assert document.state == DocState.DRAFT
    event = DocumentEvent.objects.filter(document=document, action="withdraw").get()
    assert (event.from_state, event.note) == (DocState.IN_REVIEW, "另行起草")


def test_a_refusing_hook_rolls_the_step_back(county):
    # A chain whose last step is no sign-off cannot sign the document: the approval is refused whole.
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document = OfficialDocument.objects.get(pk=document.pk)
    odd = workflow_start(
        subject=document,
        title=document.title,
        kind=WORKFLOW_KIND,
        stages=[[StepSpec(StepKind.REVIEW, county.reviewer2, None)]],
        by=county.clerk.user,
    )
    OfficialDocument.objects.filter(pk=document.pk).update(workflow=odd)
    step = Step.objects.get(workflow=odd)
    with pytest.raises(InvalidTransition) as refused:
        step_approve(step=step, by=county.reviewer2.user)
    assert refused.value.code == "last_step_not_sign_off"
    step.refresh_from_db()
    odd.refresh_from_db()
    assert step.state == StepState.OPEN and odd.state == WorkflowState.RUNNING
    assert OfficialDocument.objects.get(pk=document.pk).state == DocState.IN_REVIEW


def test_an_earlier_workflow_of_the_document_is_not_its_subject_any_more(county):
    document = draft(county)
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )
    document = OfficialDocument.objects.get(pk=document.pk)
    earlier = document.workflow
    later = workflow_start(
        subject=document,
        title=document.title,
        kind=WORKFLOW_KIND,
        stages=[[StepSpec(StepKind.SIGN_OFF, county.leader, None)]],
        by=county.clerk.user,
    )
    OfficialDocument.objects.filter(pk=document.pk).update(workflow=later)
    step_return(
        step=Step.objects.get(workflow=earlier, state=StepState.OPEN), by=county.reviewer1.user, reason="旧"
    )
    assert not DocumentEvent.objects.filter(document=document, action="review.return").exists()
