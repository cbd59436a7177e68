from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.access.policy import RecordNotFound
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
def list_notices(request: HttpRequest, unread: bool = False, limit: int = 50, offset: int = 0) -> list:
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    return list(notices_for(request.user, unread_only=unread)[offset : offset + limit])


@router.post("/notices/{notice_id}/read", response=NoticeOut)
def read_notice(request: HttpRequest, notice_id: int) -> object:
    notice = notice_of(request.user, notice_id)
    if notice is None:
        raise RecordNotFound()
    return notice_mark_read(user=request.user, notice=notice)
