"""Which actions a person may take on a log entry and on a handover now (core.actions): the pages offer
them, the API lists them, the services require them.

Rules read the moment from `at(record)`: a service acting at a given `now` (tests freeze the clock by passing
it) sets it on the locked record; pages and the API read the wall clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.duty.models import DutyLogEntry, Handover


def at(record: Any) -> datetime:
    moment: datetime | None = getattr(record, "_acting_at", None)
    return moment or timezone.now()


def acting_at(record: Any, now: datetime) -> Any:
    record._acting_at = now
    return record


def _writer(viewer: Any, entry: DutyLogEntry) -> Refusal | None:
    from zhongshu.duty.logbook import may_write

    if not may_write(viewer, entry.unit_id, at(entry)):
        return not_allowed(
            "只有本单位值班室（值班员、办公室主任、当班带班领导）可以办理值班记录", "not_duty_room"
        )
    return None


def _edit(viewer: Any, entry: DutyLogEntry) -> Refusal | None:
    from zhongshu.duty.logbook import shift_is_open

    refusal = _writer(viewer, entry)
    if refusal:
        return refusal
    if entry.closed_at is not None:
        return not_now("这条值班记录已办结，不能再修改", "entry_closed")
    if not shift_is_open(entry, at(entry)):
        return not_now("这条值班记录所在班次已结束，不能再修改", "shift_over")
    return None


def _close(viewer: Any, entry: DutyLogEntry) -> Refusal | None:
    refusal = _writer(viewer, entry)
    if refusal:
        return refusal
    if entry.closed_at is not None:
        return not_now("这条值班记录已办结", "entry_closed")
    return None


ENTRY_RULES: ActionRules[DutyLogEntry] = ActionRules("值班记录", {"edit": _edit, "close": _close})


def _receiver(viewer: Any, handover: Handover) -> Refusal | None:
    """The next shift's people of the unit (its duty room), never the one who handed over."""
    from zhongshu.duty.logbook import may_write

    if not may_write(viewer, handover.unit_id, at(handover)):
        return not_allowed("只有本单位值班室可以接班", "not_duty_room")
    if handover.handed_by_id == viewer.pk:
        return not_allowed("交班人不能自己确认接班", "own_handover")
    if handover.acknowledged_at is not None:
        return not_now("这次交接班已确认", "handover_done")
    return None


HANDOVER_RULES: ActionRules[Handover] = ActionRules(
    "交接班", {"acknowledge_item": _receiver, "acknowledge": _receiver}
)
