"""The demo's screening part (run after the submissions part's demo, which submits about twenty items over the
last month with one near-duplicate pair): the office's editors (信息科 xwb_xxk_kz, xwb_xxk_1) adopt most items
submitted more than a few days ago, return one with a reason, edit one before adopting it, and LEAVE the
near-duplicate pair flagged and unresolved, so the demo's editor has it to do. Everything through the part's
services, as the editors would do it; the items are found by query, and with none (the submissions demo not
run) it does nothing. Run again, it changes nothing: what it acts on is what is still waiting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.information import screening
from zhongshu.information.models import DuplicateFlag, InfoReport, ItemState

EDITORS = ("xwb_xxk_kz", "xwb_xxk_1")
OLDER_THAN_DAYS = 3
RETURN_REASON = "请补充具体数据和下一步工作打算后重新报送"
SOURCE_NOTE = "（县委办信息科据{unit}报送信息编辑）"


def _editors() -> list[User]:
    found = {user.username: user for user in User.objects.filter(username__in=EDITORS, is_active=True)}
    return [found[name] for name in EDITORS if name in found]


def _waiting_old() -> list[InfoReport]:
    """Submitted items older than a few days that no open near-duplicate flag names."""
    cutoff = timezone.now() - timedelta(days=OLDER_THAN_DAYS)
    flagged: set[int] = set()
    for item_id, similar_id in DuplicateFlag.objects.filter(dismissed_at__isnull=True).values_list(
        "item_id", "similar_id"
    ):
        flagged.update((item_id, similar_id))
    rows = (
        InfoReport.objects.filter(state=ItemState.SUBMITTED, submitted_at__lt=cutoff)
        .select_related("unit")
        .order_by("submitted_at", "id")
    )
    return [item for item in rows if item.pk not in flagged]


def build_demo_screening(result: Any) -> None:
    editors = _editors()
    if not editors:
        return
    waiting = _waiting_old()
    if not waiting:
        return
    # 退回: the newest of the old ones, once.
    if not AuditEvent.objects.filter(action="information.screening.return").exists() and len(waiting) > 2:
        item = waiting.pop()
        screening.screen_return(item=item, reason=RETURN_REASON, by=editors[-1], version=item.version)
        result.count("information_items_returned")
    # 编辑 then 采用: the oldest, once.
    if not AuditEvent.objects.filter(action="information.screening.edit").exists():
        item = waiting[0]
        body = item.body.rstrip() + "\n" + SOURCE_NOTE.format(unit=item.unit.name)
        screening.screen_edit(item=item, title=item.title, body=body, by=editors[0], version=item.version)
        result.count("information_items_edited")
    # 采用: once. Items submitted after this part ran (the commissions part's answers) stay in the editors'
    # queue on a second run, as they would on a desk, rather than being adopted by the demo's rebuild.
    if AuditEvent.objects.filter(action="information.screening.adopt").exists():
        return
    for n, item in enumerate(waiting):
        item.refresh_from_db()
        try:
            screening.screen_adopt(item=item, by=editors[n % len(editors)], version=item.version)
        except ServiceError:
            continue
        result.count("information_items_adopted")
