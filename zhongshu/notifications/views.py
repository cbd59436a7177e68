from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhongshu.core.htmx import vary, wants_fragment
from zhongshu.notifications.selectors import notice_of, notices_for, unread_count
from zhongshu.notifications.services import notice_mark_read, notices_mark_all_read


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notices_for(request.user, unread_only=unread_only), 50).get_page(request.GET.get("page"))
    response = render(
        request,
        "notifications/notice_list.html",
        {"page": page, "unread_only": unread_only, "unread": unread_count(request.user)},
    )
    return vary(response)


@login_required
@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notice_of(request.user, pk)
    if notice is None:
        raise Http404("消息不存在")
    notice_mark_read(user=request.user, notice=notice)
    if wants_fragment(request):
        return vary(render(request, "notifications/_notice_read.html", {"notice": notice}))
    return redirect("notifications:list")


@login_required
@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    notices_mark_all_read(user=request.user)
    return redirect("notifications:list")
