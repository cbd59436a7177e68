"""What every part of the meetings API reads first: whether the caller may use meetings at all (the three
administrators may not), and a meeting through the one access policy. A refusal is the API's own JSON
`{"code", "message"}` (a `Forbidden`), never the pages' HTML 403."""

from __future__ import annotations

from django.http import HttpRequest

from zhongshu.access.policy import Action, get_for
from zhongshu.core.errors import Forbidden
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.roles import may_use_meetings

NOT_ALLOWED = "无权使用会议管理"


def api_allowed(request: HttpRequest) -> None:
    if not may_use_meetings(request.user):
        raise Forbidden(NOT_ALLOWED, code="not_allowed")


def api_meeting(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    api_allowed(request)
    return get_for(request.user, Meeting, pk, action)
