"""Helpers of the commissions and instructions tests: an item of a unit submitted at a given moment (the
submissions part's service is another part's; the tests here need only the stored facts it leaves)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from tests.information.conftest import County
from zhongshu.information import commissions
from zhongshu.information.models import CommissionTarget, InfoItem, ItemState
from zhongshu.org.models import Person


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def submit(
    writer: Person,
    title: str,
    *,
    when: datetime | None,
    target: CommissionTarget | None = None,
    state: str = ItemState.SUBMITTED,
    **fields: Any,
) -> InfoItem:
    item = InfoItem.objects.create(
        unit=writer.unit,
        author=writer,
        title=title,
        body=f"{title}。正文。",
        state=state if when is not None else ItemState.DRAFT,
        submitted_at=when,
        commission_target=target,
        created_by=writer.user,
        owner_unit=writer.unit,
        owner_person=writer,
        **fields,
    )
    return item


def issue(
    county: County, *, today: date, days: int = 2, units: list[Any] | None = None, topic: str = "秋粮收购进展"
):
    return commissions.commission_issue(
        by=county.editors[0].user,
        topic=topic,
        detail="请报送本地秋粮收购进度、价格和存在的问题",
        units=units if units is not None else [*county.towns, county.bureau],
        working_days=days,
        today=today,
        now=at(today, 8),
    )


def target_of(commission: Any, unit: Any) -> CommissionTarget:
    return CommissionTarget.objects.get(commission=commission, unit=unit)
