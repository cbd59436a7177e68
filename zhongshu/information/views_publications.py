"""信息报送 · publications: the 刊物 tab (an editor's every issue, a reader's delivered issues), 刊物设置, and an
issue's page made of sections (稿件 10, 审核签发 20, 分发与回执 30; others register theirs on ISSUE_PAGE), with its
DOCX. Views stay thin: publications.py decides."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, RecordNotFound, get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import publications
from zhongshu.information.actions_publications import ISSUE_RULES
from zhongshu.information.models import (
    AdoptionLevel,
    IssueEntry,
    IssueReceipt,
    IssueState,
    Publication,
    PublicationIssue,
    PublicationKind,
)
from zhongshu.information.publication_docx import docx_name, issue_docx
from zhongshu.information.roles import is_editor, may_use_information
from zhongshu.information.schemas_publications import (
    EntryAddIn,
    EntryEditIn,
    IssueOpenIn,
    SendIn,
    adoptable_items,
    publication_choices,
    publication_in,
)
from zhongshu.information.sections import ISSUE_PAGE
from zhongshu.information.views import allowed

TAB = "publications"
CLASSIFICATION_CHOICES = [(1, "内部"), (0, "公开"), (2, "秘密")]


def _editor_only(request: HttpRequest) -> None:
    allowed(request)
    if not is_editor(request.user):
        raise PermissionDenied("只有县委办信息科编辑才能办理刊物")


# --- 刊物 tab ----------------------------------------------------------------------------------------------


def _list_context(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    state = request.GET.get("state", "")
    issues = publications.issues_for(
        user, visible(PublicationIssue.objects.select_related("publication", "signed_off_by"), user)
    )
    if state in IssueState.values:
        issues = issues.filter(state=state)
    rows = list(issues.order_by("-created_at", "-id")[:200])
    receipts = {
        r.issue_id: r
        for r in IssueReceipt.objects.filter(
            issue__in=[i.pk for i in rows], person=getattr(user, "person_or_none", None)
        )
    }
    return {
        "current_tab": TAB,
        "rows": [{"issue": i, "receipt": receipts.get(i.pk)} for i in rows],
        "editor": is_editor(user),
        "states": IssueState.choices,
        "state": state,
        "publications": list(publication_choices()),
        "classifications": CLASSIFICATION_CHOICES,
    }


@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    """刊物: an editor sees every issue and opens a new one; a reader sees the issues delivered to him."""
    allowed(request)
    if request.method == "POST":
        _editor_only(request)
        try:
            contract = IssueOpenIn.parse(Input.of(request))
            issue = publications.issue_open(
                publication=contract.publication,
                by=actor_of(request),
                title=contract.title,
                classification=contract.classification,
            )
        except ServiceError as refused:
            context = _list_context(request)
            context.update(error=refused.message, error_code=refused.code, posted=request.POST)
            return render(request, "information/publications_list.html", context, status=refused.status)
        messages.success(request, "已新建一期，请编入稿件")
        return redirect("information:issue", issue.pk)
    return render(request, "information/publications_list.html", _list_context(request))


# --- 刊物设置 ----------------------------------------------------------------------------------------------


def _values(publication: Publication | None, posted: Any = None) -> dict[str, Any]:
    """The form's values: what was posted (shown back on a refusal), else the publication's, else a new one's."""
    names = ("name", "kind", "level", "editing_unit", "report_to", "send_to", "issue_to")
    if posted is not None:
        values: dict[str, Any] = {name: posted.get(name, "") for name in names}
        values["classification"] = (
            int(posted.get("classification") or 1)
            if str(posted.get("classification", "1")).isdecimal()
            else 1
        )
        values["sort_order"] = posted.get("sort_order", "0")
        values["active"] = bool(posted.get("active"))
        return values
    if publication is None:
        return {
            **dict.fromkeys(names, ""),
            "kind": PublicationKind.BRIEFING,
            "level": AdoptionLevel.COUNTY,
            "classification": 1,
            "sort_order": 0,
            "active": True,
        }
    values = {name: getattr(publication, name) for name in names}
    values.update(
        classification=publication.classification,
        sort_order=publication.sort_order,
        active=publication.active,
    )
    return values


def _settings_context(
    request: HttpRequest, publication: Publication | None, posted: Any = None
) -> dict[str, Any]:
    return {
        "values": _values(publication, posted),
        "current_tab": TAB,
        "all": list(Publication.objects.order_by("sort_order", "id")),
        "publication": publication,
        "kinds": PublicationKind.choices,
        "levels": AdoptionLevel.choices,
        "classifications": CLASSIFICATION_CHOICES,
        "reader_units": [u.pk for u in publication.reader_units.all()] if publication else [],
        "reader_people": [p.pk for p in publication.reader_people.all()] if publication else [],
    }


@login_required
def publication_settings(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """刊物设置: the list, and the form of a new publication or of one (GET shows, POST saves)."""
    _editor_only(request)
    publication = None
    if pk is not None:
        publication = Publication.objects.filter(pk=pk).first()
        if publication is None:
            raise RecordNotFound()
    if request.method == "POST":
        try:
            data = publication_in(Input.of(request), request.user)
            saved = publications.publication_save(publication=publication, data=data, by=actor_of(request))
        except ServiceError as refused:
            context = _settings_context(request, publication, request.POST)
            context.update(error=refused.message, error_code=refused.code, error_field=refused.field)
            return render(request, "information/publications_settings.html", context, status=refused.status)
        messages.success(request, f"刊物“{saved.name}”已保存")
        return redirect("information:publication", saved.pk)
    return render(request, "information/publications_settings.html", _settings_context(request, publication))


# --- 刊期 page ---------------------------------------------------------------------------------------------


def _issue(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> PublicationIssue:
    allowed(request)
    issue = get_for(
        request.user,
        PublicationIssue.objects.select_related("publication", "signed_off_by", "owner_person"),
        pk,
        action,
    )
    return issue


def _render_issue(
    request: HttpRequest, issue: PublicationIssue, *, status: int = 200, **extra: Any
) -> HttpResponse:
    actions = ISSUE_RULES.available(request.user, issue)
    sections = ISSUE_PAGE.render(request, issue, extra={"actions": actions, **extra})
    context = {
        "current_tab": TAB,
        "issue": issue,
        "label": publications.issue_label(issue),
        "actions": actions,
        "sections": sections,
        **extra,
    }
    return render(request, "information/publications_issue.html", context, status=status)


@login_required
def issue_page(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    if publications.mark_read(issue, request.user):
        issue.refresh_from_db()
    return _render_issue(request, issue)


def _refused(request: HttpRequest, issue: PublicationIssue, refused: ServiceError) -> HttpResponse:
    issue.refresh_from_db()
    return _render_issue(
        request,
        issue,
        status=refused.status,
        error=refused.message,
        error_code=refused.code,
        error_field=refused.field,
        posted=request.POST,
    )


@login_required
@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    try:
        contract = EntryAddIn.parse(Input.of(request), request.user)
        publications.entry_add(
            issue=issue,
            item=contract.item,
            by=actor_of(request),
            headline=contract.headline,
            body=contract.body,
            version=contract.version,
        )
    except ServiceError as refused:
        return _refused(request, issue, refused)
    messages.success(request, "稿件已编入本期")
    return redirect(f"{publications.issue_url(issue)}#entries")


ENTRY_DONE = {"edit": "稿件已修改", "remove": "稿件已撤下", "up": "已上移", "down": "已下移"}


@login_required
@require_POST
def entry_act(request: HttpRequest, pk: int, entry_pk: int, action: str) -> HttpResponse:
    issue = _issue(request, pk)
    entry = IssueEntry.objects.filter(pk=entry_pk, issue=issue).first()
    if entry is None or action not in ENTRY_DONE:
        raise RecordNotFound()
    by = actor_of(request)
    try:
        if action == "edit":
            contract = EntryEditIn.parse(Input.of(request))
            publications.entry_edit(entry=entry, by=by, headline=contract.headline, body=contract.body)
        elif action == "remove":
            publications.entry_remove(entry=entry, by=by)
        else:
            publications.entry_move(entry=entry, by=by, up=action == "up")
    except ServiceError as refused:
        return _refused(request, issue, refused)
    messages.success(request, ENTRY_DONE[action])
    return redirect(f"{publications.issue_url(issue)}#entries")


ISSUE_DONE = {"send": "已送审", "withdraw": "已撤回送审", "distribute": "已分发"}


@login_required
@require_POST
def issue_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    issue = _issue(request, pk)
    if action not in ISSUE_DONE:
        raise RecordNotFound()
    data = Input.of(request)
    by = actor_of(request)
    try:
        if action == "send":
            contract = SendIn.parse(data, request.user)
            publications.issue_send(
                issue=issue,
                by=by,
                signer=contract.signer,
                reviewer=contract.reviewer,
                version=contract.version,
            )
        elif action == "withdraw":
            publications.issue_withdraw(
                issue=issue, by=by, version=data.integer("version", label="版本号", low=1)
            )
        else:
            publications.issue_distribute(
                issue=issue, by=by, version=data.integer("version", label="版本号", low=1)
            )
    except ServiceError as refused:
        return _refused(request, issue, refused)
    messages.success(request, ISSUE_DONE[action])
    return redirect("information:issue", issue.pk)


@login_required
def issue_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue's DOCX, through the policy (a 秘密 issue's download is audited by get_for)."""
    issue = _issue(request, pk, Action.DOWNLOAD)
    response = HttpResponse(
        issue_docx(issue),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(docx_name(issue))}"
    return response


# --- sections ----------------------------------------------------------------------------------------------


def _entries_section(request: HttpRequest, issue: PublicationIssue) -> dict[str, Any] | None:
    entries = publications.entries_of(issue)
    may_add = "add" in ISSUE_RULES.available(request.user, issue)
    candidates: list[Any] = []
    if may_add:
        taken = {entry.item_id for entry in entries}
        candidates = [
            item
            for item in adoptable_items(request.user).order_by("-adopted_at", "-id")[:100]
            if item.pk not in taken
        ]
    return {"entries": entries, "may_add": may_add, "candidates": candidates}


def _review_section(request: HttpRequest, issue: PublicationIssue) -> dict[str, Any] | None:
    workflow = publications.workflow_of(issue)
    return {
        "workflow": workflow,
        "my_step": publications.open_step_of(issue, request.user),
        "signers": list(publications.signers()),
        "default_reviewer": publications.default_reviewer(request.user),
    }


def _distribution_section(request: HttpRequest, issue: PublicationIssue) -> dict[str, Any] | None:
    editor = is_editor(request.user)
    if not editor:
        if issue.state != IssueState.DISTRIBUTED:
            return None
        return {"editor": False, "mine": publications.receipt_of(issue, request.user)}
    receipts = list(
        IssueReceipt.objects.filter(issue=issue)
        .select_related("person__unit")
        .order_by("person__unit__sort_order", "person__unit_id", "person__sort_order", "person_id")
    )
    return {
        "editor": True,
        "receipts": receipts,
        "read_count": sum(1 for r in receipts if r.read_at),
        "undelivered": publications.undelivered(issue),
        "intended": publications.intended_readers(issue.publication)
        if issue.state == IssueState.SIGNED
        else [],
    }


urlpatterns: list[URLPattern] = [
    path("issues/", issue_list, name="issues"),
    path("issues/<int:pk>/", issue_page, name="issue"),
    path("issues/<int:pk>/docx/", issue_download, name="issue_docx"),
    path("issues/<int:pk>/entries/", entry_add, name="issue_entry_add"),
    path("issues/<int:pk>/entries/<int:entry_pk>/<str:action>/", entry_act, name="issue_entry"),
    path("issues/<int:pk>/do/<str:action>/", issue_act, name="issue_act"),
    path("publications/", publication_settings, name="publications"),
    path("publications/<int:pk>/", publication_settings, name="publication"),
]


def register() -> None:
    """The 刊物 tab, the issue page's sections, the workflow subject, search and filing."""
    from zhongshu.information.publication_joints import register_joints
    from zhongshu.information.tabs import BAR

    BAR.register(TAB, "刊物", "information:issues", 30, may_use_information)
    ISSUE_PAGE.register("entries", "稿件", 10, "information/publications_entries.html", _entries_section)
    ISSUE_PAGE.register("review", "审核签发", 20, "information/publications_review.html", _review_section)
    ISSUE_PAGE.register(
        "distribution", "分发与回执", 30, "information/publications_distribution.html", _distribution_section
    )
    publications.register()
    register_joints()
