"""机要保密's front page: it opens on the first tab the viewer may see. Each part's pages live in views_<part>.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zhongshu.secrecy.roles import may_use_secrecy
from zhongshu.secrecy.tabs import BAR


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    allowed(request)
    tabs = BAR.for_user(request.user)
    if not tabs:
        raise PermissionDenied("无权使用机要保密")
    return redirect(tabs[0].url)
