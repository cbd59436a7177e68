"""值班应急's front page: who is on duty now in the viewer's unit and the county office, what needs doing,
and the tabs of the parts (duty.tabs). Each part's pages live in views_<part>.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.tabs import tabs_for


def allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise PermissionDenied("无权使用值班应急")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The module opens on the first tab the viewer may see (the rosters for everyone)."""
    allowed(request)
    tabs = tabs_for(request.user)
    if not tabs:
        raise PermissionDenied("无权使用值班应急")
    return redirect(tabs[0].url)
