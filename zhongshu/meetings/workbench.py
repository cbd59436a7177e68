"""本周日程 on a leader's workbench (core.workbench): his own meetings (as chair, attendee or substitute, in a
booked state) and engagements of the week, read as the week's page reads them (week.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from zhongshu.core.workbench import ScheduleEntry, register_schedule_source
from zhongshu.meetings.week import ScheduleItem, local_start, schedule_items


def _entry(item: ScheduleItem) -> ScheduleEntry:
    shown_kind = not item.hidden and item.is_engagement and item.kind_label
    title = f"【{item.kind_label}】{item.title}" if shown_kind else item.title
    return ScheduleEntry(
        title=title,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        place=item.place,
        url=item.url,
        classification=item.classification,
        record=(item.record[0], str(item.pk)) if not item.hidden else None,
    )


def my_week(user: Any, start: date, end: date) -> Iterable[ScheduleEntry]:
    """The viewer's own meetings and engagements on the days start..end (both included)."""
    person = getattr(user, "person_or_none", None)
    if person is None:
        return []
    found = schedule_items(user, [person.pk], local_start(start), local_start(end + timedelta(days=1)))
    return [_entry(item) for item in found.get(person.pk, [])]


def register() -> None:
    register_schedule_source("meetings", my_week)
