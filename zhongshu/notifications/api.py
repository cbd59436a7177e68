from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.access.policy import RecordNotFound
from zhongshu.core.inputs import LimitParam, OffsetParam, window
from zhongshu.notifications.selectors import notice_of, notices_for
from zhongshu.notifications.services import notice_mark_read

router = Router()


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


@router.get("/notices", response=list[NoticeOut])
def list_notices(
    request: HttpRequest, unread: bool = False, limit: LimitParam = 50, offset: OffsetParam = 0
) -> list:
    return list(notices_for(request.user, unread_only=unread)[window(offset=offset, limit=limit, most=200)])


@router.post("/notices/{notice_id}/read", response=NoticeOut)
def read_notice(request: HttpRequest, notice_id: int) -> object:
    notice = notice_of(request.user, notice_id)
    if notice is None:
        raise RecordNotFound()
    return notice_mark_read(user=request.user, notice=notice)
