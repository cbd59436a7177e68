"""The step page and the API: act on a step, see history only as participant or with access to the subject."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from zhongshu.testing import factories
from zhongshu.workflow.models import Step, StepEvent
from zhongshu.workflow.services import StepSpec, workflow_start
from zhongshu.workflow.states import StepState, WorkflowState


@pytest.fixture
def workflow(subject, people):
    return workflow_start(
        subject=subject,
        title="关于调研安排的请示",
        kind="research.trip",
        stages=[[StepSpec("review", people["核稿甲"], 2)], [StepSpec("approval", people["签发领导"])]],
        by=people["拟稿人"].user,
    )


def first_step(workflow):
    return Step.objects.get(workflow=workflow, stage=1)


def test_the_assignee_sees_the_forms_and_approves_with_an_opinion(client, people, workflow):
    client.force_login(people["核稿甲"].user)
    step = first_step(workflow)

    page = client.get(f"/workflow/steps/{step.pk}/").content.decode()
    assert "同意" in page and "退回理由" in page

    response = client.post(
        f"/workflow/steps/{step.pk}/approve/",
        {"opinion": "情况属实，拟同意", "version": workflow.version},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'data-testid="step-done">已同意<' in response.content.decode()
    assert "情况属实，拟同意" in response.content.decode()
    step.refresh_from_db()
    assert step.state == StepState.APPROVED


def test_a_return_without_reason_shows_the_message_and_keeps_the_step_open(client, people, workflow):
    client.force_login(people["核稿甲"].user)
    step = first_step(workflow)

    response = client.post(
        f"/workflow/steps/{step.pk}/return/", {"reason": ""}, headers={"HX-Request": "true"}
    )
    plain = client.post(f"/workflow/steps/{step.pk}/return/", {"reason": ""})

    # htmx swaps only 2xx responses; a plain form post gets the real status.
    assert response.status_code == 200
    assert 'data-testid="step-error">退回须说明理由<' in response.content.decode()
    assert plain.status_code == 400
    assert 'data-testid="step-error">退回须说明理由<' in plain.content.decode()
    step.refresh_from_db()
    assert step.state == StepState.OPEN


def test_a_participant_who_is_not_the_assignee_sees_no_forms(client, people, workflow):
    client.force_login(people["拟稿人"].user)

    page = client.get(f"/workflow/steps/{first_step(workflow).pk}/").content.decode()

    assert "办理记录" in page
    assert "退回理由" not in page


def test_outsiders_get_not_found_when_the_subject_is_not_theirs(client, people):
    restricted_subject = Group.objects.create(name="受限事项")
    workflow = workflow_start(
        subject=restricted_subject,
        title="内部事项",
        kind="x",
        stages=[[StepSpec("review", people["核稿甲"])]],
        by=people["拟稿人"].user,
    )
    outsider = factories.make_person("局外人")
    client.force_login(outsider.user)
    step = first_step(workflow)

    assert client.get(f"/workflow/steps/{step.pk}/").status_code == 404
    assert client.get(f"/workflow/{workflow.pk}/").status_code == 404
    assert client.post(f"/workflow/steps/{step.pk}/approve/", {"opinion": "x"}).status_code == 404
    assert client.get(f"/api/workflow/workflows/{workflow.pk}").status_code == 404
    assert client.get("/workflow/999999/").status_code == 404
    from zhongshu.audit.models import AuditEvent

    denied = AuditEvent.objects.filter(
        action="access.denied.view", object_type="workflow.workflow", object_id=str(workflow.pk)
    )
    assert denied.count() == 2  # the page and the API; a missing workflow is not audited
    assert all(event.actor_id == outsider.user.pk and event.outcome == "denied" for event in denied)
    step.refresh_from_db()
    assert step.state == StepState.OPEN


def test_api_open_steps_approve_and_history(client, people, workflow):
    client.force_login(people["核稿甲"].user)

    mine = client.get("/api/workflow/steps/open").json()
    assert [(item["kind"], item["workflow_title"]) for item in mine] == [("review", "关于调研安排的请示")]

    response = client.post(
        f"/api/workflow/steps/{mine[0]['id']}/approve",
        {"opinion": "同意", "version": mine[0]["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["state"] == "approved"
    assert client.get("/api/workflow/steps/open").json() == []

    history = client.get(f"/api/workflow/workflows/{workflow.pk}").json()
    assert history["state"] == WorkflowState.RUNNING
    assert [(e["actor"], e["action"], e["opinion"]) for e in history["steps"][0]["events"]] == [
        ("拟稿人", "open", ""),
        ("核稿甲", "approve", "同意"),
    ]


def test_api_errors_are_code_and_message(client, people, workflow):
    client.force_login(people["签发领导"].user)
    step = first_step(workflow)

    forbidden = client.post(f"/api/workflow/steps/{step.pk}/circle", {}, content_type="application/json")
    assert (forbidden.status_code, forbidden.json()) == (
        403,
        {"code": "not_assignee", "message": "只有本步骤的办理人才能办理"},
    )

    client.force_login(people["核稿甲"].user)
    no_reason = client.post(
        f"/api/workflow/steps/{step.pk}/return", {"reason": ""}, content_type="application/json"
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["message"] == "退回须说明理由"

    stale = client.post(
        f"/api/workflow/steps/{step.pk}/approve",
        {"version": workflow.version + 5},
        content_type="application/json",
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    assert not StepEvent.objects.filter(step=step, action="approve").exists()


def test_workflow_history_page_for_the_starter(client, people, workflow):
    client.force_login(people["拟稿人"].user)

    page = client.get(f"/workflow/{workflow.pk}/").content.decode()

    assert "关于调研安排的请示" in page
    assert "核稿甲" in page
