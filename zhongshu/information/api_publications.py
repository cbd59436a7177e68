"""The publications part's JSON API, mounted under /api/information: /publications (刊物设置: list, one, create,
change) and /issues (刊期: list, one — which records the reader's first opening —, open, entries, send, withdraw,
distribute, receipts, DOCX). Every action goes through the pages' contracts and services; a refusal is JSON."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from zhongshu.access.policy import Action, RecordNotFound, get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input
from zhongshu.information import publications
from zhongshu.information.actions_publications import ISSUE_RULES
from zhongshu.information.models import IssueEntry, IssueReceipt, Publication, PublicationIssue
from zhongshu.information.publication_docx import docx_name, issue_docx
from zhongshu.information.roles import is_editor, may_use_information
from zhongshu.information.schemas_publications import (
    EntryAddIn,
    EntryEditIn,
    IssueOpenIn,
    SendIn,
    publication_in,
)

router = Router(tags=["刊物"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_information(request.user):
        raise Forbidden("无权使用信息报送", code="not_allowed")


def _editor(request: HttpRequest) -> None:
    _allowed(request)
    if not is_editor(request.user):
        raise Forbidden("只有县委办信息科编辑才能办理刊物", code="not_editor")


def _publication_out(p: Publication) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "level": p.level,
        "classification": p.classification,
        "editing_unit": p.editing_unit,
        "report_to": p.report_to,
        "send_to": p.send_to,
        "issue_to": p.issue_to,
        "active": p.active,
        "reader_units": list(p.reader_units.values_list("pk", flat=True)),
        "reader_people": list(p.reader_people.values_list("pk", flat=True)),
    }


def _time(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _issue_out(request: HttpRequest, issue: PublicationIssue, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": issue.pk,
        "publication": issue.publication_id,
        "label": publications.issue_label(issue),
        "year": issue.year,
        "number": issue.number,
        "title": issue.title,
        "classification": issue.classification,
        "state": issue.state,
        "published_on": issue.published_on.isoformat() if issue.published_on else None,
        "signed_off_by": issue.signed_off_by_id,
        "distributed_at": _time(issue.distributed_at),
        "version": issue.version,
        "actions": ISSUE_RULES.available(request.user, issue),
    }
    if full:
        out["entries"] = [
            {"id": e.pk, "item": e.item_id, "position": e.position, "headline": e.headline, "body": e.body}
            for e in publications.entries_of(issue)
        ]
        receipt = publications.receipt_of(issue, request.user)
        out["my_receipt"] = (
            {"delivered_at": _time(receipt.delivered_at), "read_at": _time(receipt.read_at)}
            if receipt
            else None
        )
    return out


def _issue(request: HttpRequest, issue_id: int, action: Action = Action.VIEW) -> PublicationIssue:
    _allowed(request)
    issue = get_for(request.user, PublicationIssue.objects.select_related("publication"), issue_id, action)
    return issue


# --- 刊物设置 ----------------------------------------------------------------------------------------------


@router.get("/publications", summary="刊物列表")
def list_publications(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    return {"publications": [_publication_out(p) for p in Publication.objects.order_by("sort_order", "id")]}


@router.get("/publications/{publication_id}", summary="刊物设置")
def get_publication(request: HttpRequest, publication_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        raise RecordNotFound()
    return _publication_out(publication)


@router.post(
    "/publications",
    summary="新建刊物（name, kind, level, classification, editing_unit, 报/送/发, 阅读单位和人员）",
)
def create_publication(request: HttpRequest) -> dict[str, Any]:
    _editor(request)
    data = publication_in(Input.of(request), request.user)
    return _publication_out(publications.publication_save(publication=None, data=data, by=actor_of(request)))


@router.post("/publications/{publication_id}", summary="修改刊物设置")
def change_publication(request: HttpRequest, publication_id: IdParam) -> dict[str, Any]:
    _editor(request)
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        raise RecordNotFound()
    data = publication_in(Input.of(request), request.user)
    saved = publications.publication_save(publication=publication, data=data, by=actor_of(request))
    return _publication_out(saved)


# --- 刊期 --------------------------------------------------------------------------------------------------


@router.get("/issues", summary="刊期（编辑：全部；阅读人员：送我阅读的）")
def list_issues(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    rows = publications.issues_for(
        request.user, visible(PublicationIssue.objects.select_related("publication"), request.user)
    ).order_by("-created_at", "-id")[:200]
    return {"issues": [_issue_out(request, issue) for issue in rows]}


@router.post("/issues", summary="新建一期（publication, title, classification）")
def open_issue(request: HttpRequest) -> dict[str, Any]:
    _editor(request)
    contract = IssueOpenIn.parse(Input.of(request))
    issue = publications.issue_open(
        publication=contract.publication,
        by=actor_of(request),
        title=contract.title,
        classification=contract.classification,
    )
    return _issue_out(request, issue, full=True)


@router.get("/issues/{issue_id}", summary="刊期（阅读人员首次打开即记为已读）")
def get_issue(request: HttpRequest, issue_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    publications.mark_read(issue, request.user)
    return _issue_out(request, issue, full=True)


@router.post("/issues/{issue_id}/entries", summary="编入已采用信息（item, headline, body, version）")
def add_entry(request: HttpRequest, issue_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    contract = EntryAddIn.parse(Input.of(request), request.user)
    publications.entry_add(
        issue=issue,
        item=contract.item,
        by=actor_of(request),
        headline=contract.headline,
        body=contract.body,
        version=contract.version,
    )
    return _issue_out(request, PublicationIssue.objects.get(pk=issue.pk), full=True)


def _entry(issue: PublicationIssue, entry_id: int) -> IssueEntry:
    entry = IssueEntry.objects.filter(pk=entry_id, issue=issue).first()
    if entry is None:
        raise RecordNotFound()
    return entry


@router.post("/issues/{issue_id}/entries/{entry_id}", summary="修改稿件（headline, body）")
def edit_entry(request: HttpRequest, issue_id: IdParam, entry_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    contract = EntryEditIn.parse(Input.of(request))
    publications.entry_edit(
        entry=_entry(issue, entry_id), by=actor_of(request), headline=contract.headline, body=contract.body
    )
    return _issue_out(request, PublicationIssue.objects.get(pk=issue.pk), full=True)


@router.post("/issues/{issue_id}/entries/{entry_id}/remove", summary="撤下稿件")
def remove_entry(request: HttpRequest, issue_id: IdParam, entry_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    publications.entry_remove(entry=_entry(issue, entry_id), by=actor_of(request))
    return _issue_out(request, PublicationIssue.objects.get(pk=issue.pk), full=True)


@router.post("/issues/{issue_id}/entries/{entry_id}/up", summary="稿件上移")
def move_entry_up(request: HttpRequest, issue_id: IdParam, entry_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    publications.entry_move(entry=_entry(issue, entry_id), by=actor_of(request), up=True)
    return _issue_out(request, PublicationIssue.objects.get(pk=issue.pk), full=True)


@router.post("/issues/{issue_id}/entries/{entry_id}/down", summary="稿件下移")
def move_entry_down(request: HttpRequest, issue_id: IdParam, entry_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    publications.entry_move(entry=_entry(issue, entry_id), by=actor_of(request), up=False)
    return _issue_out(request, PublicationIssue.objects.get(pk=issue.pk), full=True)


@router.post("/issues/{issue_id}/send", summary="送审（reviewer 核稿人, signer 签发人, version）")
def send_issue(request: HttpRequest, issue_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    contract = SendIn.parse(Input.of(request), request.user)
    sent = publications.issue_send(
        issue=issue,
        by=actor_of(request),
        signer=contract.signer,
        reviewer=contract.reviewer,
        version=contract.version,
    )
    return _issue_out(request, sent)


@router.post("/issues/{issue_id}/withdraw", summary="撤回送审")
def withdraw_issue(request: HttpRequest, issue_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    version = Input.of(request).integer("version", label="版本号", low=1)
    return _issue_out(
        request, publications.issue_withdraw(issue=issue, by=actor_of(request), version=version)
    )


@router.post("/issues/{issue_id}/distribute", summary="分发")
def distribute_issue(request: HttpRequest, issue_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    version = Input.of(request).integer("version", label="版本号", low=1)
    publications.issue_distribute(issue=issue, by=actor_of(request), version=version)
    return _issue_out(request, PublicationIssue.objects.get(pk=issue.pk))


@router.get("/issues/{issue_id}/receipts", summary="阅读回执（编辑）")
def issue_receipts(request: HttpRequest, issue_id: IdParam) -> dict[str, Any]:
    issue = _issue(request, issue_id)
    if not is_editor(request.user):
        raise Forbidden("只有编辑才能查看阅读回执", code="not_editor")
    receipts = IssueReceipt.objects.filter(issue=issue).select_related("person").order_by("person_id")
    return {
        "receipts": [
            {
                "person": r.person_id,
                "name": r.person.name,
                "delivered_at": _time(r.delivered_at),
                "read_at": _time(r.read_at),
            }
            for r in receipts
        ],
        "undelivered": [
            {"person": u.person.pk, "name": u.person.name, "reason": u.reason}
            for u in publications.undelivered(issue)
        ],
    }


@router.get("/issues/{issue_id}/docx", summary="下载本期（Word）")
def issue_docx_download(request: HttpRequest, issue_id: IdParam) -> HttpResponse:
    issue = _issue(request, issue_id, Action.DOWNLOAD)
    response = HttpResponse(
        issue_docx(issue),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(docx_name(issue))}"
    return response
