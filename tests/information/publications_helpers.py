"""Adopted items and issues carried to a given state, for the publications part's tests. Items are written straight
to the table in the ADOPTED state (what the screening part's adoption leaves), so these tests do not depend on
the submissions and screening parts' services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.information import publications
from zhongshu.information.models import InfoReport, ItemState, PublicationIssue
from zhongshu.workflow.models import Step
from zhongshu.workflow.services import step_approve
from zhongshu.workflow.states import StepState


def adopted_item(
    county: Any,
    title: str,
    *,
    town: int = 0,
    body: str = "",
    state: str = ItemState.ADOPTED,
    classification: int = Classification.INTERNAL,
) -> InfoReport:
    writer = county.town_writers[town]
    editor = county.editors[0]
    item = InfoReport.objects.create(
        unit=writer.unit,
        author=writer,
        title=title,
        body=body or f"{title}。全镇干部群众迅速行动，取得阶段性成效。\n下一步将持续跟进。",
        state=state,
        classification=classification,
        owner_unit=writer.unit,
        owner_person=writer,
        submitted_at=timezone.now(),
        adopted_at=timezone.now() if state == ItemState.ADOPTED else None,
        adopted_by=editor.user if state == ItemState.ADOPTED else None,
        created_by=writer.user,
    )
    item.need_to_know_units.add(county.office)
    return item


def assembled(
    county: Any, code: str = "kuaibao", titles: tuple[str, ...] = ("春耕备耕", "防汛检查")
) -> PublicationIssue:
    editor = county.editors[0].user
    issue = publications.issue_open(publication=county.publications[code], by=editor)
    for n, title in enumerate(titles):
        publications.entry_add(issue=issue, item=adopted_item(county, title, town=n % 2), by=editor)
    return PublicationIssue.objects.get(pk=issue.pk)


def open_step(issue: PublicationIssue) -> Step:
    workflow = publications.workflow_of(issue)
    assert workflow is not None
    return Step.objects.select_related("assignee__user").get(workflow=workflow, state=StepState.OPEN)


def signed(county: Any, issue: PublicationIssue | None = None, *, reviewer: Any = None) -> PublicationIssue:
    issue = issue or assembled(county)
    if issue.state != "editing":
        return issue
    publications.issue_send(issue=issue, by=county.editors[0].user, reviewer=reviewer)
    while True:
        issue.refresh_from_db()
        if issue.state != "in_review":
            return issue
        step = open_step(issue)
        step_approve(step=step, by=step.assignee.user, opinion="同意")


def distributed(county: Any, issue: PublicationIssue | None = None) -> PublicationIssue:
    issue = signed(county, issue)
    publications.issue_distribute(issue=issue, by=county.editors[0].user)
    return PublicationIssue.objects.get(pk=issue.pk)
