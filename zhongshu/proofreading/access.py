"""Who may proofread: every business person; not the three administrators, who read no business text."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from zhongshu.access.policy import viewer_of


def may_proofread(user: Any) -> bool:
    return viewer_of(user).person_id is not None


def proofreader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_proofread(request.user):
            raise PermissionDenied("校对仅供业务人员使用")
        return view(request, *args, **kwargs)

    return wrapper
