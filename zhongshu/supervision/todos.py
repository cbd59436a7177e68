"""The supervision entries of the workbench's 待办: a unit's items to receive, its open 催办/督办/查办
notices and items sent back; for the office, completions to close out and look-backs due."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import viewer_of, visible
from zhongshu.core.todos import TodoItem
from zhongshu.supervision.models import ItemUnit, Level, Reminder, SupervisionItem
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.states import ItemState

LIMIT = 50


def supervision_todos(user: Any) -> Iterator[TodoItem]:
    # The access policy's own reading of the user (cached on it): no second look-up of the person.
    viewer = viewer_of(user)
    if not viewer.is_business_person:
        return
    # `or 0` (no unit has id 0): a person without a unit has no unit items.
    unit_id, person_id = viewer.unit_id or 0, viewer.person_id
    today = timezone.localdate()
    url = lambda item_id: reverse("supervision:item", args=[item_id])  # noqa: E731
    mine = ItemUnit.objects.filter(unit_id=unit_id).values("item_id")
    items = visible(SupervisionItem.objects.all(), user)
    to_receive = items.filter(pk__in=mine, state=ItemState.ASSIGNED).only("id", "title", "deadline")
    for item in to_receive.order_by("deadline", "id")[:LIMIT]:
        yield TodoItem(
            title=f"待签收：{item.title}",
            url=url(item.pk),
            kind="supervision.receive",
            source_label="督查督办",
            due=item.deadline,
            overdue=bool(item.deadline and item.deadline < today),
        )
    reminders = (
        Reminder.objects.filter(
            unit_id=unit_id,
            answered_at__isnull=True,
            item__in=items.filter(state__in=[ItemState.ASSIGNED, ItemState.IN_PROGRESS]),
        )
        .exclude(level=Level.REMINDER)
        .select_related("item")
        .only("id", "level", "issued_at", "note", "item__id", "item__title", "item__deadline")
        .order_by("-issued_at")[:LIMIT]
    )
    for reminder in reminders:
        item = reminder.item
        yield TodoItem(
            title=f"{reminder.get_level_display()}：{item.title}",
            url=url(item.pk),
            kind=f"supervision.{reminder.level}",
            source_label="督查督办",
            due=item.deadline,
            overdue=bool(item.deadline and item.deadline < today),
            note=reminder.note,
            at=reminder.issued_at,
        )
    returned = items.filter(pk__in=mine, state=ItemState.IN_PROGRESS, round__gt=1).exclude(return_reason="")
    for item in returned.filter(lead_unit_id=unit_id).only("id", "title", "deadline", "return_reason")[
        :LIMIT
    ]:
        if not item.reports.filter(round=item.round).exists():
            yield TodoItem(
                title=f"重办重报：{item.title}",
                url=url(item.pk),
                kind="supervision.returned",
                source_label="督查督办",
                due=item.deadline,
                note=item.return_reason,
            )
    if is_supervising(user):
        for item in items.filter(supervisor_id=person_id, state=ItemState.COMPLETION_REQUESTED)[:LIMIT]:
            yield TodoItem(
                title=f"待销号：{item.title}",
                url=url(item.pk),
                kind="supervision.close_out",
                source_label="督查督办",
                due=item.deadline,
            )
        for item in items.filter(supervisor_id=person_id, look_back_due__lte=today)[:LIMIT]:
            yield TodoItem(
                title=f"回头看：{item.title}",
                url=url(item.pk),
                kind="supervision.look_back",
                source_label="督查督办",
                due=item.look_back_due,
            )
