"""Pages of the leaders' schedule (领导活动安排): the week of every leader, its printable table (DOCX, PDF), the
office's engagement form, the feed tokens, and the calendar feed itself (no sign-in: the token is the key)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST, require_safe

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import engagements, feeds
from zhongshu.meetings.actions import ENGAGEMENT_RULES, may_add_engagement
from zhongshu.meetings.models import Engagement, EngagementKind, FeedToken
from zhongshu.meetings.roles import is_meeting_office, may_see_all_schedules
from zhongshu.meetings.schemas_schedule import EngagementDeleteIn, EngagementIn, FeedTokenIn
from zhongshu.meetings.views import allowed
from zhongshu.meetings.week import LeadersWeek, leaders_week, monday_of
from zhongshu.meetings.week_docx import week_docx, week_pdf


def _schedule_viewer(request: HttpRequest) -> None:
    allowed(request)
    if not may_see_all_schedules(request.user):
        raise PermissionDenied("领导活动安排仅供领导和会务人员查看")


def week_param(request: HttpRequest) -> date:
    """The week asked for (?week=YYYY-MM-DD, any day of it); this week when absent or unreadable."""
    raw = request.GET.get("week", "")
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return monday_of(day)


def _week(request: HttpRequest, route: str) -> LeadersWeek:
    week = leaders_week(request.user, week_param(request))
    audit_shown(request.user, week.shown(), route=route, ref=lambda item: item.record)
    return week


@login_required
@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    _schedule_viewer(request)
    week = _week(request, "meetings.schedule")
    context = {
        "week": week,
        "this_week": monday_of(timezone.localdate()),
        "office": is_meeting_office(request.user),
        "may_add": may_add_engagement(request.user),
    }
    return render(request, "meetings/schedule_week.html", context)


def _download(body: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def schedule_docx(request: HttpRequest) -> HttpResponse:
    _schedule_viewer(request)
    week = _week(request, "meetings.schedule_docx")
    return _download(week_docx(week), f"领导活动安排{week.monday:%Y%m%d}.docx", DOCX_TYPE)


@login_required
@require_GET
def schedule_pdf(request: HttpRequest) -> HttpResponse:
    _schedule_viewer(request)
    week = _week(request, "meetings.schedule_pdf")
    try:
        body = week_pdf(week)
    except ServiceError as error:
        context = {"week": week, "this_week": monday_of(timezone.localdate()), "error": error.message}
        context.update(office=is_meeting_office(request.user), may_add=may_add_engagement(request.user))
        return render(request, "meetings/schedule_week.html", context, status=error.status)
    return _download(body, f"领导活动安排{week.monday:%Y%m%d}.pdf", "application/pdf")


def _form_context(request: HttpRequest, engagement: Engagement | None, values: Any) -> dict[str, Any]:
    return {
        "engagement": engagement,
        "values": values,
        "kinds": EngagementKind.choices,
        "levels": [
            (value, label) for value, label in Classification.choices if value >= Classification.INTERNAL
        ],
        "actions": ENGAGEMENT_RULES.available(request.user, engagement) if engagement is not None else [],
    }


def _values(engagement: Engagement) -> dict[str, Any]:
    local = timezone.localtime
    return {
        "leader": engagement.leader_id,
        "kind": engagement.kind,
        "title": engagement.title,
        "place": engagement.place,
        "starts_at": f"{local(engagement.starts_at):%Y-%m-%dT%H:%M}",
        "ends_at": f"{local(engagement.ends_at):%Y-%m-%dT%H:%M}",
        "classification": str(engagement.classification),
        "secrecy_term_years": engagement.secrecy_term_years or "",
        "note": engagement.note,
        "need_to_know_people": list(engagement.need_to_know_people.values_list("pk", flat=True)),
        "need_to_know_units": list(engagement.need_to_know_units.values_list("pk", flat=True)),
        "version": engagement.version,
    }


def _posted(request: HttpRequest) -> dict[str, Any]:
    values: dict[str, Any] = request.POST.dict()
    values["need_to_know_people"] = request.POST.getlist("need_to_know_people")
    values["need_to_know_units"] = request.POST.getlist("need_to_know_units")
    return values


def _saved(request: HttpRequest, saved: engagements.Saved, verb: str) -> HttpResponse:
    messages.success(request, f"已{verb}活动安排")
    for line in engagements.conflict_lines(saved.conflicts):
        messages.warning(request, f"时间冲突：{line}")
    monday = monday_of(timezone.localtime(saved.engagement.starts_at).date())
    return redirect(f"{_schedule_url()}?week={monday.isoformat()}")


def _schedule_url() -> str:
    return reverse("meetings:schedule")


@login_required
def engagement_new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not may_add_engagement(request.user):
        raise PermissionDenied("仅会务人员（文书、办公室主任）可以录入领导活动")
    if request.method == "POST":
        try:
            contract = EngagementIn.parse(Input.of(request), request.user)
            saved = engagements.engagement_add(by=actor_of(request), fields=contract.fields)
        except ServiceError as error:
            context = _form_context(request, None, _posted(request))
            context.update(error=error.message, error_field=error.field)
            return render(request, "meetings/engagement_form.html", context, status=error.status)
        return _saved(request, saved, "录入")
    values: dict[str, Any] = {"kind": EngagementKind.RESEARCH, "classification": str(Classification.INTERNAL)}
    if request.GET.get("leader", "").isdigit():
        values["leader"] = int(request.GET["leader"])
    return render(request, "meetings/engagement_form.html", _form_context(request, None, values))


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    allowed(request)
    record = get_for(request.user, Engagement.objects.select_related("leader"), pk)
    if not is_meeting_office(request.user):
        raise PermissionDenied("仅会务人员（文书、办公室主任）可以修改领导活动")
    return record


@login_required
def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    record = _engagement(request, pk)
    if request.method == "POST":
        try:
            contract = EngagementIn.parse(Input.of(request), request.user)
            saved = engagements.engagement_edit(
                engagement=record, by=actor_of(request), fields=contract.fields, version=contract.version
            )
        except ServiceError as error:
            context = _form_context(request, record, _posted(request))
            context.update(error=error.message, error_field=error.field)
            return render(request, "meetings/engagement_form.html", context, status=error.status)
        return _saved(request, saved, "修改")
    return render(request, "meetings/engagement_form.html", _form_context(request, record, _values(record)))


@login_required
@require_POST
def engagement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _engagement(request, pk)
    monday = monday_of(timezone.localtime(record.starts_at).date())
    try:
        contract = EngagementDeleteIn.parse(Input.of(request), request.user)
        engagements.engagement_delete(engagement=record, by=actor_of(request), version=contract.version)
    except ServiceError as error:
        context = _form_context(request, record, _values(record))
        context.update(error=error.message, error_field=error.field)
        return render(request, "meetings/engagement_form.html", context, status=error.status)
    messages.success(request, "已删除活动安排")
    return redirect(f"{_schedule_url()}?week={monday.isoformat()}")


def _feeds_viewer(request: HttpRequest) -> None:
    allowed(request)
    if not may_see_all_schedules(request.user):
        raise PermissionDenied("日程订阅仅供领导和会务人员使用")


def _feeds_page(
    request: HttpRequest, *, made: feeds.MadeToken | None = None, error: Any = None
) -> HttpResponse:
    tokens = list(feeds.tokens_for(request.user))
    context: dict[str, Any] = {
        "tokens": tokens,
        "office": is_meeting_office(request.user),
        "made": made,
        "made_url": request.build_absolute_uri(feed_path(made.token)) if made else "",
    }
    status = 200
    if error is not None:
        context.update(error=error.message)
        status = error.status
    return render(request, "meetings/feeds.html", context, status=status)


def feed_path(token: str) -> str:
    return reverse("meetings:feed", args=[token])


@login_required
def feed_tokens(request: HttpRequest) -> HttpResponse:
    _feeds_viewer(request)
    if request.method == "POST":
        try:
            contract = FeedTokenIn.parse(Input.of(request), request.user)
            made = feeds.feed_token_create(by=actor_of(request), person=contract.person)
        except ServiceError as error:
            return _feeds_page(request, error=error)
        return _feeds_page(request, made=made)
    return _feeds_page(request)


@login_required
@require_POST
def feed_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _feeds_viewer(request)
    feed = get_for(request.user, FeedToken.objects.select_related("person"), pk)
    try:
        feeds.feed_token_revoke(by=actor_of(request), feed=feed)
    except ServiceError as error:
        return _feeds_page(request, error=error)
    messages.success(request, "日程订阅已作废")
    return redirect(reverse("meetings:feeds"))


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar feed: no sign-in (calendar clients cannot); a revoked or unknown token is a bare 404."""
    body = feeds.feed_fetch(token)
    if body is None:
        raise Http404()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("schedule/", schedule, name="schedule"),
    path("schedule/table.docx", schedule_docx, name="schedule_docx"),
    path("schedule/table.pdf", schedule_pdf, name="schedule_pdf"),
    path("engagements/new/", engagement_new, name="engagement_new"),
    path("engagements/<int:pk>/", engagement, name="engagement"),
    path("engagements/<int:pk>/delete/", engagement_delete, name="engagement_delete"),
    path("feeds/", feed_tokens, name="feeds"),
    path("feeds/<int:pk>/revoke/", feed_token_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", feed, name="feed"),
]


def register() -> None:
    """The schedule part's registries: the feed tokens' scope and the workbench's 本周日程."""
    from zhongshu.meetings import workbench

    feeds.register()
    workbench.register()
