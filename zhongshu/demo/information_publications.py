"""The demo's publications part (run after the submissions and screening parts' demos): the office's four
publications (专报, 快报, 信息简报, 每日要情 — made here through the settings service, not by a migration), with the
county leaders as reader people and the towns and bureaus as reader units; then THREE issues this month assembled
from the demo's adopted items (found by query; with none adopted, a few submitted items are adopted through the
screening service, and with none submitted nothing is published), each reviewed by the 信息科 科长, signed off by
the office director, distributed, and read by some of their readers. Everything through the part's services, as
the editors would do it; run again, it adds nothing (it tops up to three distributed issues this month)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.information import publications
from zhongshu.information.models import (
    AdoptionLevel,
    InfoReport,
    IssueEntry,
    IssueReceipt,
    IssueState,
    ItemState,
    Publication,
    PublicationIssue,
    PublicationKind,
)
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.org.offices import office_unit_ids
from zhongshu.workflow.models import Step
from zhongshu.workflow.services import step_approve
from zhongshu.workflow.states import StepState

EDITOR = "xwb_xxk_1"  # assembles and distributes
WANTED = 3
# (name, kind, level, order, 报, 送, 发)
PUBLICATIONS = (
    ("专报", PublicationKind.SPECIAL_REPORT, AdoptionLevel.COUNTY, 1, "市委办公室", "县委常委", ""),
    (
        "快报",
        PublicationKind.EXPRESS,
        AdoptionLevel.COUNTY,
        2,
        "市委办公室",
        "县委、县人大、县政府、县政协领导",
        "各乡镇党委，县直各单位",
    ),
    (
        "信息简报",
        PublicationKind.BRIEFING,
        AdoptionLevel.COUNTY,
        3,
        "市委办公室",
        "县委、县政府领导",
        "各乡镇党委，县直各单位",
    ),
    ("每日要情", PublicationKind.DAILY, AdoptionLevel.COUNTY, 4, "", "县委、县政府主要领导", ""),
)
# The issues made this month: (publication, title, items)
ISSUES = (("快报", "", 2), ("信息简报", "基层动态", 2), ("专报", "", 1))
READ_BY = ("leader1", "leader2")


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _editor() -> User | None:
    """The demo's 信息科 editor, or (in another county) the first 信息员 of the county office."""
    found = _user(EDITOR)
    if found is not None:
        return found
    person = (
        Person.objects.filter(
            user__is_active=True, user__groups__name=Role.INFO_OFFICER.value, unit_id__in=office_unit_ids()
        )
        .select_related("user")
        .order_by("sort_order", "id")
        .first()
    )
    return person.user if person is not None else None


def _publications(result: Any, editor: User) -> dict[str, Publication]:
    office = editor.person_or_none.unit if editor.person_or_none else None
    editing_unit = f"{office.name if office else '县委办公室'}信息科"
    leaders = tuple(
        Person.objects.filter(user__username__startswith="leader", user__is_active=True).order_by("id")
    )
    units = tuple(
        Unit.objects.filter(Q(kind=UnitKind.TOWN) | Q(kind=UnitKind.BUREAU)).order_by("sort_order", "id")
    )
    made: dict[str, Publication] = {}
    for name, kind, level, order, report_to, send_to, issue_to in PUBLICATIONS:
        existing = Publication.objects.filter(name=name).first()
        if existing is None:
            existing = publications.publication_save(
                publication=None,
                data=publications.PublicationData(
                    name=name,
                    kind=kind,
                    level=level,
                    classification=Classification.INTERNAL,
                    editing_unit=editing_unit,
                    report_to=report_to,
                    send_to=send_to,
                    issue_to=issue_to,
                    sort_order=order,
                    reader_units=units,
                    reader_people=leaders,
                ),
                by=editor,
            )
            result.count("publications")
        made[name] = existing
    return made


def _free_adopted(editor: User) -> list[InfoReport]:
    """Adopted 内部 or open items in no issue yet, oldest adoption first."""
    taken = IssueEntry.objects.values("item_id")
    return list(
        InfoReport.objects.filter(state=ItemState.ADOPTED, classification__lte=Classification.INTERNAL)
        .exclude(pk__in=taken)
        .order_by("adopted_at", "id")[:20]
    )


def _adopt_a_few(editor: User, wanted: int) -> None:
    """No adopted items (the screening demo not run): adopt a few submitted ones through its service."""
    try:
        from zhongshu.information import screening
    except ImportError:  # pragma: no cover - the screening part is always there once integrated
        return
    adopt = getattr(screening, "screen_adopt", None)
    if adopt is None:
        return
    for item in InfoReport.objects.filter(state=ItemState.SUBMITTED).order_by("submitted_at", "id")[:wanted]:
        try:
            adopt(item=item, by=editor)
        except ServiceError:
            continue


def _sign(issue: PublicationIssue) -> None:
    """Every open step of the issue's chain approved by its assignee (the 科长's 核稿, the director's 签发)."""
    for _ in range(4):
        workflow = publications.workflow_of(issue)
        if workflow is None:
            return
        step = (
            Step.objects.select_related("assignee__user")
            .filter(workflow=workflow, state=StepState.OPEN)
            .first()
        )
        if step is None:
            return
        step_approve(
            step=step, by=step.assignee.user, opinion="同意印发" if step.kind == "sign_off" else "核稿无误"
        )


def build_demo_publications(result: Any) -> None:
    editor = _editor()
    if editor is None:
        return
    shelf = _publications(result, editor)
    today = timezone.localdate()
    done = PublicationIssue.objects.filter(
        state=IssueState.DISTRIBUTED, published_on__year=today.year, published_on__month=today.month
    ).count()
    if done >= WANTED:
        return
    items = _free_adopted(editor)
    if not items:
        _adopt_a_few(editor, 5)
        items = _free_adopted(editor)
    reviewer = publications.default_reviewer(editor)  # the 信息科科长
    for name, title, count in ISSUES[done:WANTED]:
        picked, items = items[:count], items[count:]
        if not picked:
            return
        issue = publications.issue_open(publication=shelf[name], by=editor, title=title)
        for item in picked:
            publications.entry_add(issue=issue, item=item, by=editor)
        publications.issue_send(issue=issue, by=editor, reviewer=reviewer)
        _sign(issue)
        issue.refresh_from_db()
        if issue.state != IssueState.SIGNED:
            return
        publications.issue_distribute(issue=issue, by=editor)
        result.count("publication_issues")
        issue.refresh_from_db()
        for username in READ_BY:
            reader = _user(username)
            if reader is not None and IssueReceipt.objects.filter(issue=issue, person__user=reader).exists():
                publications.mark_read(issue, reader)
