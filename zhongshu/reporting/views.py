"""请示报告's front page: it opens on the first tab the viewer may see. Each part's pages live in
views_<part>.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zhongshu.reporting.roles import may_use_reporting
from zhongshu.reporting.tabs import BAR


def allowed(request: HttpRequest) -> None:
    if not may_use_reporting(request.user):
        raise PermissionDenied("无权使用请示报告")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    allowed(request)
    tabs = BAR.for_user(request.user)
    if not tabs:
        raise PermissionDenied("无权使用请示报告")
    return redirect(tabs[0].url)
