"""刊物: the office's publications (专报, 快报, 信息简报, 每日要情) and their numbered issues.

An editor (信息科) opens an issue of a publication, adds ADOPTED items to it (the entry's headline and body start
from the item's current text and are edited for the issue), orders and removes them, then sends it for review on
the workflow app: a 科长's 核稿 (when a reviewer is named) then the office director's 签发. On sign-off the issue
gets its number — the next 第N期 of its publication in the year it is signed, restarting yearly — under a lock on
the publication's row, so two sign-offs never get one number (and the unique constraint backs it). A returned or
withdrawn issue goes back to 编辑中 without a number, so an abandoned issue leaves no gap.

分发: every reader — the publication's reader people, plus in each reader unit its leaders and its 信息员 and
liaisons (the people who act on information; not every clerk) — whose clearance covers the issue's
classification gets a receipt (阅读回执), a notice through the outbox and a place in the issue's need-to-know.
A reader whose clearance does not cover a 秘密 issue is not delivered: the distribution section lists him as
未送达（涉密等级不够）and the audit records it; the editor hands a paper copy through the secrecy channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.todos import TodoItem
from zhongshu.information.actions_publications import ISSUE_RULES, IssueAction
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
from zhongshu.information.roles import WRITER_ROLES, is_editor
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit
from zhongshu.org.offices import office_unit_ids
from zhongshu.workflow.models import Step, Workflow
from zhongshu.workflow.services import StepSpec, workflow_cancel, workflow_start
from zhongshu.workflow.states import StepKind, StepState, WorkflowState
from zhongshu.workflow.subjects import SubjectHooks, WorkflowOutcome, register_subject

WORKFLOW_KIND = "information_issue"
HEADLINE_MAX = 120
BODY_MAX = 20000
# The classifications a publication or an issue may carry: 公开, 内部, 秘密 (a 机密 publication is not edited here).
ISSUE_CLASSIFICATIONS = (Classification.PUBLIC, Classification.INTERNAL, Classification.CONFIDENTIAL)

# The four publications a county office edits, seeded by migration 0002_publications (code, name, kind, level,
# classification, order).
DEFAULT_PUBLICATIONS = (
    ("zhuanbao", "专报", PublicationKind.SPECIAL_REPORT, Classification.INTERNAL, 1),
    ("kuaibao", "快报", PublicationKind.EXPRESS, Classification.INTERNAL, 2),
    ("jianbao", "信息简报", PublicationKind.BRIEFING, Classification.INTERNAL, 3),
    ("meiri", "每日要情", PublicationKind.DAILY, Classification.INTERNAL, 4),
)


def issue_url(issue: PublicationIssue) -> str:
    return reverse("information:issue", args=[issue.pk])


def issue_label(issue: PublicationIssue) -> str:
    """《快报》2026年第3期, or 《快报》（待编号） before sign-off."""
    name = issue.publication.name
    if issue.number:
        return f"《{name}》{issue.year}年第{issue.number}期"
    return f"《{name}》（待签发编号）"


def _text(value: str, *, label: str, field: str, most: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(f"请填写{label}", code=f"{field}_required", field=field)
    if len(value) > most:
        raise ServiceError(f"{label}不能超过{most}字", code="too_long", field=field)
    return value


def _audit(issue: PublicationIssue, *, by: Any, action: str, **details: Any) -> None:
    audit_record(
        actor=by,
        action=f"information.issue.{action}",
        target=issue,
        classification=issue.classification,
        details={"publication": issue.publication_id, **details},
    )


def _item_note(item: InfoReport) -> str:
    return f"{item.unit.name}：{item.title}"


def _require_editor(by: Any) -> None:
    if not is_editor(by):
        raise Forbidden("只有县委办信息科编辑才能办理刊物", code="not_editor")


# --- 刊物设置 ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationData:
    name: str
    kind: str
    level: str
    classification: int
    editing_unit: str
    report_to: str = ""
    send_to: str = ""
    issue_to: str = ""
    active: bool = True
    sort_order: int = 0
    reader_units: tuple[Unit, ...] = ()
    reader_people: tuple[Person, ...] = ()


def _checked(data: PublicationData) -> PublicationData:
    _text(data.name, label="刊物名称", field="name", most=40)
    _text(data.editing_unit, label="编印单位", field="editing_unit", most=60)
    for value, label, field in (
        (data.report_to, "报", "report_to"),
        (data.send_to, "送", "send_to"),
        (data.issue_to, "发", "issue_to"),
    ):
        _text(value, label=f"“{label}”栏", field=field, most=200, required=False)
    if data.kind not in PublicationKind.values:
        raise ServiceError("请选择刊物类别", code="unknown_kind", field="kind")
    if data.level not in AdoptionLevel.values:
        raise ServiceError("请选择刊物层级", code="unknown_level", field="level")
    if data.classification not in ISSUE_CLASSIFICATIONS:
        raise ServiceError(
            "刊物默认密级只能是公开、内部或秘密", code="unknown_classification", field="classification"
        )
    return data


def _new_code(kind: str) -> str:
    n = Publication.objects.filter(code__startswith=kind).count() + 1
    while Publication.objects.filter(code=f"{kind}{n}").exists():
        n += 1
    return f"{kind}{n}"


def publication_save(*, publication: Publication | None, data: PublicationData, by: Actor) -> Publication:
    """刊物设置: a new publication, or a change to one (its name, kind, level, default classification, 编印单位,
    报/送/发 lines and readers). Issues already signed keep the text they were signed with in their DOCX."""
    _require_editor(by)
    data = _checked(data)
    fields = {
        "name": data.name.strip(),
        "kind": data.kind,
        "level": data.level,
        "classification": data.classification,
        "editing_unit": data.editing_unit.strip(),
        "report_to": data.report_to.strip(),
        "send_to": data.send_to.strip(),
        "issue_to": data.issue_to.strip(),
        "active": data.active,
        "sort_order": data.sort_order,
    }
    with transaction.atomic():
        if publication is None:
            clash = Publication.objects.filter(name=fields["name"]).exists()
            if clash:
                raise Conflict(f"已有名为“{fields['name']}”的刊物", code="name_taken", field="name")
            publication = Publication.objects.create(code=_new_code(data.kind), **fields)
            action = "create"
        else:
            publication = Publication.objects.select_for_update().get(pk=publication.pk)
            if Publication.objects.filter(name=fields["name"]).exclude(pk=publication.pk).exists():
                raise Conflict(f"已有名为“{fields['name']}”的刊物", code="name_taken", field="name")
            for name, value in fields.items():
                setattr(publication, name, value)
            publication.save()
            action = "change"
        publication.reader_units.set(data.reader_units)
        publication.reader_people.set(data.reader_people)
        audit_record(
            actor=by,
            action=f"information.publication.{action}",
            target=publication,
            details={
                "name": publication.name,
                "reader_people": len(data.reader_people),
                "reader_units": len(data.reader_units),
            },
        )
    return publication


# --- 组稿 ------------------------------------------------------------------------------------------------


def issue_open(
    *, publication: Publication, by: Actor, title: str = "", classification: int | None = None
) -> PublicationIssue:
    """新建一期: an issue of `publication` in 编辑中, owned by the editor and the office."""
    _require_editor(by)
    if not publication.active:
        raise ServiceError(
            f"刊物“{publication.name}”已停用", code="publication_inactive", field="publication"
        )
    level = publication.classification if classification is None else classification
    if level not in ISSUE_CLASSIFICATIONS:
        raise ServiceError(
            "本期密级只能是公开、内部或秘密", code="unknown_classification", field="classification"
        )
    person = by.person_or_none
    if person is None or not clearance_covers(person.clearance, level):
        raise Forbidden("您的涉密等级不能编辑该密级的刊物", code="clearance_too_low")
    title = _text(title, label="本期标题", field="title", most=120, required=False)
    with transaction.atomic():
        issue = PublicationIssue.objects.create(
            publication=publication,
            year=timezone.localdate().year,
            title=title,
            classification=level,
            owner_person=person,
            owner_unit_id=person.unit_id,
            created_by=by,
        )
        _audit(issue, by=by, action="open")
    return issue


def _locked(issue: PublicationIssue, version: int | None = None) -> PublicationIssue:
    return lock_at_version(
        PublicationIssue.objects.select_related("publication"),
        issue.pk,
        version,
        changed="本期已被他人修改，请刷新后重试",
    )


def _bump(issue: PublicationIssue, *fields: str) -> None:
    issue.version += 1
    issue.save(update_fields=[*fields, "version"])


def entry_add(
    *,
    issue: PublicationIssue,
    item: InfoReport,
    by: Actor,
    headline: str = "",
    body: str = "",
    version: int | None = None,
) -> IssueEntry:
    """Add an adopted item to an issue in 编辑中, its text prefilled from the item's current text."""
    with transaction.atomic():
        issue = _locked(issue, version)
        ISSUE_RULES.require(IssueAction.ADD, by, issue)
        item = InfoReport.objects.select_for_update().select_related("unit").get(pk=item.pk)
        if item.state != ItemState.ADOPTED:
            raise ServiceError(
                f"“{item.title}”{item.get_state_display()}，只有已采用的信息才能编入刊物",
                code="item_not_adopted",
                field="item",
            )
        if IssueEntry.objects.filter(issue=issue, item=item).exists():
            raise Conflict(f"“{item.title}”已在本期中，不能重复编入", code="entry_exists", field="item")
        if item.classification > issue.classification:
            raise ServiceError(
                f"“{item.title}”的密级（{item.get_classification_display()}）高于本期"
                f"（{issue.get_classification_display()}），不能编入",
                code="item_more_secret",
                field="item",
            )
        headline = _text(headline or item.title, label="标题", field="headline", most=HEADLINE_MAX)
        body = _text(body or item.body, label="正文", field="body", most=BODY_MAX)
        last = IssueEntry.objects.filter(issue=issue).aggregate(m=Max("position"))["m"]
        entry = IssueEntry.objects.create(
            issue=issue, item=item, position=(last or 0) + 1, headline=headline, body=body
        )
        _bump(issue)
        _audit(issue, by=by, action="entry_add", note=_item_note(item))
    return entry


def _entry_locked(entry: IssueEntry, by: Actor) -> tuple[IssueEntry, PublicationIssue]:
    issue = _locked(entry.issue)
    ISSUE_RULES.require(IssueAction.ADD, by, issue)
    fresh = IssueEntry.objects.select_related("item__unit").filter(pk=entry.pk, issue=issue).first()
    if fresh is None:
        raise Conflict("该稿件已不在本期中，请刷新", code="entry_gone")
    return fresh, issue


def entry_edit(*, entry: IssueEntry, by: Actor, headline: str, body: str) -> IssueEntry:
    """The entry's text as edited for the issue (the item keeps its own versions)."""
    with transaction.atomic():
        entry, issue = _entry_locked(entry, by)
        entry.headline = _text(headline, label="标题", field="headline", most=HEADLINE_MAX)
        entry.body = _text(body, label="正文", field="body", most=BODY_MAX)
        entry.save(update_fields=["headline", "body"])
        _bump(issue)
        _audit(issue, by=by, action="entry_edit", note=_item_note(entry.item))
    return entry


def entry_remove(*, entry: IssueEntry, by: Actor) -> None:
    with transaction.atomic():
        entry, issue = _entry_locked(entry, by)
        note = _item_note(entry.item)
        entry.delete()
        _bump(issue)
        _audit(issue, by=by, action="entry_remove", note=note)


def entry_move(*, entry: IssueEntry, by: Actor, up: bool) -> None:
    """Move the entry one place up or down; the entries are renumbered 1..n."""
    with transaction.atomic():
        entry, issue = _entry_locked(entry, by)
        entries = list(IssueEntry.objects.filter(issue=issue).order_by("position", "id"))
        at = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
        other = at - 1 if up else at + 1
        if 0 <= other < len(entries):
            entries[at], entries[other] = entries[other], entries[at]
        for n, row in enumerate(entries, start=1):
            if row.position != n:
                row.position = n
                row.save(update_fields=["position"])
        _bump(issue)
        _audit(
            issue, by=by, action="entry_move", note=f"{'上移' if up else '下移'}：{_item_note(entry.item)}"
        )


# --- 审核签发 on the workflow app --------------------------------------------------------------------------


def signers(by: Any = None) -> QuerySet[Person]:
    """Who may sign an issue off: the county office's directors (主任, 副主任), by rank."""
    return (
        Person.objects.filter(
            user__is_active=True,
            user__groups__name=Role.OFFICE_DIRECTOR.value,
            unit_id__in=office_unit_ids(),
        )
        .select_related("user")
        .order_by("sort_order", "id")
    )


def default_reviewer(by: Any) -> Person | None:
    """The 信息科 科长 (an office 信息员 whose post says 科长), when it is not the sender himself."""
    person = getattr(by, "person_or_none", None)
    return (
        Person.objects.filter(
            user__is_active=True,
            user__groups__name=Role.INFO_OFFICER.value,
            unit_id__in=office_unit_ids(),
            title__contains="科长",
        )
        .exclude(pk=getattr(person, "pk", 0))
        .order_by("sort_order", "id")
        .first()
    )


def workflow_of(issue: PublicationIssue) -> Workflow | None:
    """The issue's latest review chain."""
    return (
        Workflow.objects.filter(
            content_type=ContentType.objects.get_for_model(PublicationIssue),
            object_id=issue.pk,
            kind=WORKFLOW_KIND,
        )
        .order_by("-id")
        .first()
    )


def open_step_of(issue: PublicationIssue, viewer: Any) -> Step | None:
    workflow = workflow_of(issue)
    if workflow is None or workflow.state != WorkflowState.RUNNING:
        return None
    return (
        Step.objects.filter(
            workflow=workflow, state=StepState.OPEN, assignee__user_id=getattr(viewer, "pk", 0)
        )
        .order_by("id")
        .first()
    )


def issue_send(
    *,
    issue: PublicationIssue,
    by: Actor,
    signer: Person | None = None,
    reviewer: Person | None = None,
    version: int | None = None,
) -> PublicationIssue:
    """送审: the reviewer's 核稿 (when named: the 科长 by default), then the signer's 签发 (the office director)."""
    with transaction.atomic():
        issue = _locked(issue, version)
        ISSUE_RULES.require(IssueAction.SEND, by, issue)
        if not IssueEntry.objects.filter(issue=issue).exists():
            raise ServiceError("本期还没有稿件，不能送审", code="issue_empty")
        allowed_signers = signers()
        if signer is None:
            signer = allowed_signers.first()
            if signer is None:
                raise ServiceError("没有可签发的办公室主任", code="signer_required", field="signer")
        elif not allowed_signers.filter(pk=signer.pk).exists():
            raise ServiceError(
                f"{signer.name}不是办公室主任，不能签发刊物", code="not_signer", field="signer"
            )
        if reviewer is not None and reviewer.pk == signer.pk:
            reviewer = None
        if reviewer is not None and not (reviewer.user.is_active and is_editor(reviewer.user)):
            raise ServiceError(
                f"{reviewer.name}不是信息科编辑，不能核稿", code="not_reviewer", field="reviewer"
            )
        for person in (signer, reviewer):
            if person is not None and not clearance_covers(person.clearance, issue.classification):
                raise ServiceError(
                    f"{person.name}的涉密等级不能审阅{issue.get_classification_display()}刊物",
                    code="clearance_too_low",
                    field="signer" if person is signer else "reviewer",
                )
        stages = [[StepSpec(StepKind.SIGN_OFF, signer, 1)]]
        if reviewer is not None:
            stages.insert(0, [StepSpec(StepKind.REVIEW, reviewer, 1)])
        issue.need_to_know_people.add(*[p for p in (signer, reviewer) if p is not None])
        issue.state = IssueState.IN_REVIEW
        _bump(issue, "state")
        workflow_start(
            subject=issue,
            title=f"刊物签发：{issue.publication.name}{'·' + issue.title if issue.title else ''}",
            kind=WORKFLOW_KIND,
            stages=stages,
            by=by,
        )
        _audit(
            issue,
            by=by,
            action="send",
            note=(f"核稿：{reviewer.name}；" if reviewer is not None else "") + f"签发：{signer.name}",
        )
    return PublicationIssue.objects.get(pk=issue.pk)


def issue_withdraw(*, issue: PublicationIssue, by: Actor, version: int | None = None) -> PublicationIssue:
    """撤回送审: the chain is cancelled and the issue is back in 编辑中 (the hook moves it)."""
    with transaction.atomic():
        issue = _locked(issue, version)
        ISSUE_RULES.require(IssueAction.WITHDRAW, by, issue)
        workflow = workflow_of(issue)
        if workflow is None or workflow.state != WorkflowState.RUNNING:
            raise Conflict("本期的审核流程已结束", code="workflow_not_running")
        workflow_cancel(workflow=workflow, by=by, reason="编辑撤回修改")
    return PublicationIssue.objects.get(pk=issue.pk)


def _subject_of(outcome: WorkflowOutcome) -> PublicationIssue | None:
    issue = (
        PublicationIssue.objects.select_for_update()
        .select_related("publication")
        .filter(pk=outcome.workflow.object_id)
        .first()
    )
    if issue is None or issue.state != IssueState.IN_REVIEW or outcome.workflow.kind != WORKFLOW_KIND:
        return None
    return issue


def next_number(publication: Publication, year: int) -> int:
    """The next 期号 of `publication` in `year`: call under the publication's row lock."""
    last = PublicationIssue.objects.filter(publication=publication, year=year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def issue_workflow_approved(outcome: WorkflowOutcome) -> None:
    """签发: the issue takes the next number of its publication in the signing year (the publication's row
    locked, so two sign-offs at once take turns), the signer, the time and the date of issue."""
    issue = _subject_of(outcome)
    if issue is None:
        return
    publication = Publication.objects.select_for_update().get(pk=issue.publication_id)
    day = timezone.localdate(outcome.at)
    issue.year = day.year
    issue.number = next_number(publication, day.year)
    issue.signed_off_by = outcome.by.person_or_none
    issue.signed_off_at = outcome.at
    issue.published_on = day
    issue.state = IssueState.SIGNED
    _bump(issue, "year", "number", "signed_off_by", "signed_off_at", "published_on", "state")
    _audit(issue, by=outcome.by, action="sign", number=issue.number, year=issue.year)
    _tell_editors(issue, kind="information.issue_signed", title=f"{issue_label(issue)}已签发，可以分发")


def issue_workflow_returned(outcome: WorkflowOutcome) -> None:
    issue = _subject_of(outcome)
    if issue is None:
        return
    issue.state = IssueState.EDITING
    _bump(issue, "state")
    _audit(issue, by=outcome.by, action="return", reason=outcome.reason[:200])
    _tell_editors(
        issue, kind="information.issue_returned", title=f"{issue_label(issue)}被退回修改", body=outcome.reason
    )


def issue_workflow_resubmitted(outcome: WorkflowOutcome) -> None:
    raise ServiceError("刊期退回后请修改并重新送审", code="resubmit_as_new_review")


def issue_workflow_cancelled(outcome: WorkflowOutcome) -> None:
    issue = _subject_of(outcome)
    if issue is None:
        return
    issue.state = IssueState.EDITING
    _bump(issue, "state")
    _audit(issue, by=outcome.by, action="withdraw")


def _tell_editors(issue: PublicationIssue, *, kind: str, title: str, body: str = "") -> None:
    if issue.owner_person_id is None:
        return
    owner = Person.objects.select_related("user").get(pk=issue.owner_person_id)
    notify(
        recipient=owner.user,
        about=issue,
        kind=kind,
        title=title,
        body=body,
        link=issue_url(issue),
        dedupe_key=f"{kind}.{issue.pk}.{issue.version}",
    )


# --- 分发与回执 ---------------------------------------------------------------------------------------------


def intended_readers(publication: Publication) -> list[Person]:
    """The publication's reader people, plus in each reader unit its leaders, 信息员 and liaisons; active."""
    units = list(publication.reader_units.values_list("pk", flat=True))
    unit_people = Q(unit_id__in=units) & (
        Q(is_leader=True)
        | Q(user__groups__name__in=[Role.LEADER.value, *(role.value for role in WRITER_ROLES)])
    )
    chosen = Q(pk__in=publication.reader_people.values("pk"))
    return list(
        Person.objects.filter(user__is_active=True)
        .filter(chosen | unit_people)
        .select_related("user", "unit")
        .distinct()
        .order_by("unit__sort_order", "unit_id", "sort_order", "id")
    )


@dataclass(frozen=True)
class Undelivered:
    person: Person
    reason: str


def undelivered(issue: PublicationIssue) -> list[Undelivered]:
    """Intended readers without a receipt of a distributed issue: those whose clearance does not cover it."""
    if issue.state != IssueState.DISTRIBUTED:
        return []
    have = set(IssueReceipt.objects.filter(issue=issue).values_list("person_id", flat=True))
    return [
        Undelivered(person, "涉密等级不够，未送达")
        for person in intended_readers(issue.publication)
        if person.pk not in have
    ]


def issue_distribute(*, issue: PublicationIssue, by: Actor, version: int | None = None) -> list[IssueReceipt]:
    """分发: a receipt, a notice and need-to-know for every reader whose clearance covers the issue."""
    now = timezone.now()
    with transaction.atomic():
        issue = _locked(issue, version)
        ISSUE_RULES.require(IssueAction.DISTRIBUTE, by, issue)
        readers = intended_readers(issue.publication)
        cleared = [p for p in readers if clearance_covers(p.clearance, issue.classification)]
        withheld = [p for p in readers if p not in cleared]
        if not cleared:
            raise ServiceError(
                "本刊没有可送达的阅读人员，请先在刊物设置中选择阅读单位和人员", code="no_readers"
            )
        issue.need_to_know_people.add(*cleared)
        receipts = IssueReceipt.objects.bulk_create(
            [IssueReceipt(issue=issue, person=p, delivered_at=now) for p in cleared]
        )
        issue.state = IssueState.DISTRIBUTED
        issue.distributed_at = now
        _bump(issue, "state", "distributed_at")
        _audit(
            issue,
            by=by,
            action="distribute",
            count=len(cleared),
            note=f"涉密等级不够未送达：{'、'.join(p.name for p in withheld)}" if withheld else "",
        )
        label = issue_label(issue)
        for person in cleared:
            notify(
                recipient=person.user,
                about=issue,
                kind="information.issue_distributed",
                title=f"请阅：{label}",
                body=issue.title,
                link=issue_url(issue),
                dedupe_key=f"information.issue_distributed.{issue.pk}.{person.pk}",
            )
    return receipts


def mark_read(issue: PublicationIssue, user: Any, *, now: datetime | None = None) -> bool:
    """The reader opened the issue: his receipt is read at the first opening. True when this was it."""
    person = getattr(user, "person_or_none", None)
    if person is None or issue.state != IssueState.DISTRIBUTED:
        return False
    changed = IssueReceipt.objects.filter(issue=issue, person=person, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
    if changed:
        _audit(issue, by=user, action="read")
    return bool(changed)


def receipt_of(issue: PublicationIssue, user: Any) -> IssueReceipt | None:
    person = getattr(user, "person_or_none", None)
    if person is None:
        return None
    return IssueReceipt.objects.filter(issue=issue, person=person).first()


def issues_for(user: Any, queryset: QuerySet[PublicationIssue]) -> QuerySet[PublicationIssue]:
    """The 刊物 tab's list: an editor every issue the policy lets him see; anyone else the issues delivered
    to him and those on his desk for review."""
    if is_editor(user):
        return queryset
    person = getattr(user, "person_or_none", None)
    return queryset.filter(need_to_know_people=person).distinct() if person is not None else queryset.none()


def entries_of(issue: PublicationIssue) -> list[IssueEntry]:
    return list(
        IssueEntry.objects.filter(issue=issue).select_related("item__unit").order_by("position", "id")
    )


def editor_todos(user: Any) -> list[TodoItem]:
    """Editors: the signed issues waiting to be distributed (待分发)."""
    if not getattr(user, "is_authenticated", False) or not is_editor(user):
        return []
    from zhongshu.access.policy import visible

    rows = visible(
        PublicationIssue.objects.filter(state=IssueState.SIGNED).select_related("publication"), user
    ).order_by("signed_off_at")[:30]
    return [
        TodoItem(
            title=f"待分发：{issue_label(issue)}",
            url=issue_url(issue),
            kind="information.issue_distribute",
            source_label="信息刊物",
            note=issue.title,
            at=issue.signed_off_at,
            classification=issue.classification,
            record=("information.publicationissue", str(issue.pk)),
        )
        for issue in rows
    ]


def register() -> None:
    from zhongshu.core.todos import register_todo_source

    register_todo_source("information.issues", editor_todos)
    register_subject(
        PublicationIssue,
        SubjectHooks(
            on_approved=issue_workflow_approved,
            on_returned=issue_workflow_returned,
            on_resubmitted=issue_workflow_resubmitted,
            on_cancelled=issue_workflow_cancelled,
        ),
    )
