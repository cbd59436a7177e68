"""The supervision entries of the workbench's 待办: a unit's items to receive, its open 催办/督办/查办
notices and items sent back; for the office, completions to close out and look-backs due. And its 已办: what
the person did to items (立项, 交办, 督办, 销号, 作废 …), from the items' own history.

Everything a unit owes is on the items it leads that are still its to do (assigned or in progress): one
narrow read of those (by the `sup_item_wall` index: state, lead unit) through the access policy, then the
notices and the reports of that handful of items by primary key. The 待办 is read on every workbench view,
so it costs a fixed few queries and no Python over anything but the unit's own open items.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import viewer_of, visible
from zhongshu.core.todos import TodoItem
from zhongshu.supervision.models import ItemEvent, Level, ProgressReport, Reminder, SupervisionItem
from zhongshu.supervision.reminders import open_reminders_q
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.states import ESCALATING_STATES, ItemState

LIMIT = 50
SOURCE_LABEL = "督查督办"
RECORD_TYPE = SupervisionItem._meta.label_lower


class _Owed(NamedTuple):
    """An item the unit leads and still owes work on, with what its 待办 entries show."""

    id: int
    title: str
    deadline: date | None
    state: str
    round: int
    return_reason: str
    classification: int


def _url(item_id: int) -> str:
    return reverse("supervision:item", args=[item_id])


def _shown(item_id: int, classification: int) -> dict[str, Any]:
    """The item's level and reference, for the audit of the state secrets the workbench shows."""
    return {"classification": classification, "record": (RECORD_TYPE, str(item_id))}


def _owed_by_unit(user: Any, unit_id: int) -> list[_Owed]:
    # First the handful of ids, by the index on (state, lead unit); then the policy over those ids. In one
    # query SQLite would rather walk a liaison's scope (every item of the unit, by primary key) than the index.
    ids = list(
        SupervisionItem.objects.filter(lead_unit_id=unit_id, state__in=ESCALATING_STATES)
        .order_by()
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    items = visible(SupervisionItem.objects.filter(pk__in=ids), user).order_by()
    return [
        _Owed(*row)
        for row in items.values_list(
            "id", "title", "deadline", "state", "round", "return_reason", "classification"
        )
    ]


def _unit_todos(user: Any, unit_id: int, today: date) -> Iterator[TodoItem]:
    owed = _owed_by_unit(user, unit_id)
    if not owed:
        return
    by_id = {item.id: item for item in owed}
    # 签收 is the lead unit's: a co-unit reports its part once the lead unit has received the item.
    to_receive = sorted(
        (item for item in owed if item.state == ItemState.ASSIGNED),
        key=lambda item: (item.deadline is None, item.deadline or today, item.id),
    )
    for item in to_receive[:LIMIT]:
        yield TodoItem(
            title=f"待签收：{item.title}",
            url=_url(item.id),
            **_shown(item.id, item.classification),
            kind="supervision.receive",
            source_label=SOURCE_LABEL,
            due=item.deadline,
            overdue=bool(item.deadline and item.deadline < today),
        )
    notices = (
        Reminder.objects.filter(open_reminders_q(unit_id), item_id__in=list(by_id))
        .exclude(level=Level.REMINDER)
        .order_by("-issued_at", "-id")
        .values_list("item_id", "level", "issued_at", "note")[:LIMIT]
    )
    for item_id, level, issued_at, note in notices:
        item = by_id[item_id]
        yield TodoItem(
            title=f"{Level(level).label}：{item.title}",
            url=_url(item.id),
            **_shown(item.id, item.classification),
            kind=f"supervision.{level}",
            source_label=SOURCE_LABEL,
            due=item.deadline,
            overdue=bool(item.deadline and item.deadline < today),
            note=note,
            at=issued_at,
        )
    returned = [
        item for item in owed if item.state == ItemState.IN_PROGRESS and item.round > 1 and item.return_reason
    ]
    if not returned:
        return
    # Sent back until the unit reports in the new round.
    reported = set(
        ProgressReport.objects.filter(item_id__in=[item.id for item in returned])
        .order_by()
        .values_list("item_id", "round")
    )
    waiting = [item for item in returned if (item.id, item.round) not in reported]
    for item in sorted(waiting, key=lambda item: -item.id)[:LIMIT]:
        yield TodoItem(
            title=f"重办重报：{item.title}",
            url=_url(item.id),
            **_shown(item.id, item.classification),
            kind="supervision.returned",
            source_label=SOURCE_LABEL,
            due=item.deadline,
            note=item.return_reason,
        )


def _office_todos(user: Any, person_id: int, today: date) -> Iterator[TodoItem]:
    items = visible(SupervisionItem.objects.filter(supervisor_id=person_id), user)
    closing = items.filter(state=ItemState.COMPLETION_REQUESTED).only(
        "id", "title", "deadline", "classification"
    )
    for item in closing[:LIMIT]:
        yield TodoItem(
            title=f"待销号：{item.title}",
            url=_url(item.pk),
            **_shown(item.pk, item.classification),
            kind="supervision.close_out",
            source_label=SOURCE_LABEL,
            due=item.deadline,
        )
    for item in items.filter(look_back_due__lte=today).only("id", "title", "look_back_due", "classification")[
        :LIMIT
    ]:
        yield TodoItem(
            title=f"回头看：{item.title}",
            url=_url(item.pk),
            **_shown(item.pk, item.classification),
            kind="supervision.look_back",
            source_label=SOURCE_LABEL,
            due=item.look_back_due,
        )


def supervision_todos(user: Any) -> Iterator[TodoItem]:
    # The access policy's own reading of the user (cached on it): no second look-up of the person.
    viewer = viewer_of(user)
    if not viewer.is_business_person or viewer.person_id is None:
        return
    today = timezone.localdate()
    if viewer.unit_id is not None:
        yield from _unit_todos(user, viewer.unit_id, today)
    if is_supervising(user):
        yield from _office_todos(user, viewer.person_id, today)


def supervision_done(user: Any, limit: int = LIMIT) -> Iterator[TodoItem]:
    """已办: the person's own steps on supervision items (立项, 交办, 督办, 退回, 销号, 回头看, 作废 …), newest first,
    on the items the access policy lets them know now. One query: their events by the index on (by, at), the
    items checked by the policy inside it."""
    viewer = viewer_of(user)
    if not viewer.is_business_person:
        return
    events = (
        ItemEvent.objects.filter(by_id=user.pk, item__in=visible(SupervisionItem.objects.all(), user))
        .select_related("item")
        .only("id", "action", "at", "note", "item__id", "item__title", "item__classification")
        .order_by("-at", "-id")[:limit]
    )
    for event in events:
        item = event.item
        yield TodoItem(
            title=f"{event.action_label}：{item.title}",
            url=_url(item.pk),
            **_shown(item.pk, item.classification),
            kind=f"supervision.{event.action}",
            source_label=SOURCE_LABEL,
            note=event.note,
            at=event.at,
        )
