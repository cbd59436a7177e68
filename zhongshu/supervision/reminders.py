"""催办 · 督办 · 查办: the periodic tick that turns derived escalation levels into recorded notices, and
the 督查员's own 督办.

The tick is idempotent: each automatic notice is one `Reminder` row keyed by item, level and the deadline it
was judged by, and each person's notice goes through the outbox with a dedupe key built from that key. A
second tick the same day, or a tick racing another, tells nobody twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.supervision.actions import RULES
from zhongshu.supervision.escalation import Thresholds, level_ranges, thresholds_by_category
from zhongshu.supervision.models import Investigation, ItemEvent, Level, Reminder, SupervisionItem
from zhongshu.supervision.services import item_link, liaisons_of, person_of, unit_head
from zhongshu.supervision.states import ESCALATING_STATES, ItemAction, next_state
from zhongshu.workdays.calendar import workdays_between

BATCH = 200
NOTICE_TITLES = {
    Level.REMINDER: "临期提醒",
    Level.REMIND: "催办通知",
    Level.PRESS: "督办通知",
    Level.INVESTIGATE: "查办通知",
}


class _Recipients:
    """Who is told at each level, looked up once per unit and person within one tick: `prime` fetches a whole
    batch's units and people in three queries, with the same rules as `liaisons_of` and `unit_head`."""

    def __init__(self) -> None:
        self._liaisons: dict[int, list[Person]] = {}
        self._heads: dict[int, Person | None] = {}
        self._people: dict[int, Person | None] = {}

    def prime(self, items: list[SupervisionItem]) -> None:
        units = {item.lead_unit_id for item in items if item.lead_unit_id is not None} - set(self._liaisons)
        if units:
            found = (
                Person.objects.filter(
                    unit_id__in=units, user__groups__name=Role.LIAISON.value, user__is_active=True
                )
                .select_related("user")
                .distinct()
                .order_by("id")
            )
            for unit_id in units:
                self._liaisons[unit_id] = []
            for person in found:
                self._liaisons[int(person.unit_id or 0)].append(person)
            heads = (
                Person.objects.filter(unit_id__in=units, is_leader=True, user__is_active=True)
                .order_by("unit_id", F("leader_rank").asc(nulls_last=True), "id")
                .select_related("user")
            )
            for unit_id in units:
                self._heads.setdefault(unit_id, None)
            for person in heads:
                unit_id = int(person.unit_id or 0)
                if self._heads[unit_id] is None:
                    self._heads[unit_id] = person
        people = {
            pk for item in items for pk in (item.leader_id, item.supervisor_id) if pk is not None
        } - set(self._people)
        if people:
            for pk in people:
                self._people[pk] = None
            for person in Person.objects.select_related("user").filter(pk__in=people):
                self._people[person.pk] = person

    def liaisons(self, unit_id: int) -> list[Person]:
        if unit_id not in self._liaisons:
            self._liaisons[unit_id] = liaisons_of(unit_id)
        return self._liaisons[unit_id]

    def head(self, unit_id: int) -> Person | None:
        if unit_id not in self._heads:
            from zhongshu.org.models import Unit

            self._heads[unit_id] = unit_head(Unit(pk=unit_id))
        return self._heads[unit_id]

    def person(self, person_id: int | None) -> Person | None:
        if person_id is None:
            return None
        if person_id not in self._people:
            self._people[person_id] = Person.objects.select_related("user").filter(pk=person_id).first()
        return self._people[person_id]

    def for_level(self, item: SupervisionItem, level: str) -> list[tuple[Person, str]]:
        """(person, part) pairs: 催办 goes to the liaison; 督办 to the unit head, copied to the leader;
        查办 to the 督查员."""
        assert item.lead_unit_id is not None
        told: list[tuple[Person, str]] = [(p, "联络员") for p in self.liaisons(item.lead_unit_id)]
        if level in (Level.PRESS, Level.INVESTIGATE):
            head = self.head(item.lead_unit_id)
            if head is not None:
                told.append((head, "单位负责人"))
            leader = self.person(item.leader_id)
            if leader is not None:
                told.append((leader, "抄送责任领导"))
        if level == Level.INVESTIGATE:
            supervisor = self.person(item.supervisor_id)
            if supervisor is not None:
                told.append((supervisor, "督查员"))
        seen: set[int] = set()
        return [(p, part) for p, part in told if not (p.pk in seen or seen.add(p.pk))]  # type: ignore[func-returns-value]


def _overdue_note(item: SupervisionItem, today: date) -> str:
    if item.deadline is None:
        return ""
    if today <= item.deadline:
        return f"距办理时限{item.deadline:%Y-%m-%d}还有{workdays_between(today, item.deadline)}个工作日"
    return f"已超过办理时限{item.deadline:%Y-%m-%d}，逾期{workdays_between(item.deadline, today)}个工作日"


def _issue(
    item: SupervisionItem,
    level: str,
    *,
    key: str,
    today: date,
    recipients: _Recipients,
    by: Actor | None = None,
    note: str = "",
) -> Reminder | None:
    """Record one reminder and tell its people, in the caller's transaction; None if it was already sent."""
    assert item.lead_unit_id is not None
    told = recipients.for_level(item, level)
    note = note or _overdue_note(item, today)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                item=item,
                level=level,
                unit_id=item.lead_unit_id,
                deadline=item.deadline,
                issued_by=by,
                recipients=[{"person": p.pk, "name": p.name, "part": part} for p, part in told],
                note=note[:500],
                dedupe_key=key,
            )
    except IntegrityError:
        return None
    title = f"{NOTICE_TITLES[Level(level)]}：{item.title}"
    for person, _part in told:
        notify(
            recipient=person.user,
            about=item,
            kind=f"supervision.{level}",
            title=title,
            body=note,
            link=item_link(item),
            dedupe_key=f"supervision:{key}:{person.user_id}",
        )
    if level == Level.INVESTIGATE:
        Investigation.objects.create(item=item, assigned_to_id=item.supervisor_id, reason=note[:300])
    ItemEvent.objects.create(
        item=item,
        action=str(level),
        state_after=item.state,
        by=by,
        by_name="系统" if by is None else by.get_username(),
        note=f"{NOTICE_TITLES[Level(level)]}：{note}；送达：{'、'.join(p.name for p, _ in told) or '（无联络员）'}",
    )
    return reminder


def _auto_key(item_id: int, level: str, deadline: date | None) -> str:
    return f"auto:{item_id}:{level}:{deadline.isoformat() if deadline else '-'}"


def _candidates_by_deadline(today: date, thresholds: dict[str, Thresholds]) -> Iterable[tuple[str, Any]]:
    """(level, queryset) for every category: open items whose deadline gives that level today and that were
    not yet told at that level for that deadline."""
    for category, figures in thresholds.items():
        for level, (first, last) in level_ranges(today, figures).items():
            items = SupervisionItem.objects.filter(
                category=category, state__in=ESCALATING_STATES, deadline__lte=last, lead_unit__isnull=False
            )
            if first is not None:
                items = items.filter(deadline__gte=first)
            told = Reminder.objects.filter(
                item=OuterRef("pk"), level=level, deadline=OuterRef("deadline"), issued_by__isnull=True
            )
            yield level, items.filter(~Exists(told))


def _pressed_unanswered(thresholds: dict[str, Thresholds]) -> Any:
    """Open items with at least their category's number of unanswered 督办, not yet sent to 查办 for their
    deadline."""
    unanswered = Reminder.objects.filter(level=Level.PRESS, answered_at__isnull=True)
    enough = reduce(
        or_,
        (
            Q(
                category=category,
                pk__in=unanswered.filter(item__category=category)
                .values("item_id")
                .annotate(n=Count("id"))
                .filter(n__gte=figures.investigate_after_presses)
                .values("item_id"),
            )
            for category, figures in thresholds.items()
        ),
    )
    told = Reminder.objects.filter(
        item=OuterRef("pk"), level=Level.INVESTIGATE, deadline=OuterRef("deadline"), issued_by__isnull=True
    )
    return SupervisionItem.objects.filter(
        enough, state__in=ESCALATING_STATES, lead_unit__isnull=False
    ).filter(~Exists(told))


def escalation_tick(today: date | None = None) -> int:
    """Send every reminder, 催办, 督办 and 查办 that today's levels call for and that was not sent yet."""
    today = today or timezone.localdate()
    recipients = _Recipients()
    sent: dict[str, int] = {}
    thresholds = thresholds_by_category()
    batches: list[tuple[str, Any]] = list(_candidates_by_deadline(today, thresholds))
    batches.append((Level.INVESTIGATE, _pressed_unanswered(thresholds)))
    for level, items in batches:
        ids = list(items.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                chunk = SupervisionItem.objects.filter(
                    pk__in=ids[start : start + BATCH], state__in=ESCALATING_STATES
                )
                found = list(chunk.select_related("lead_unit"))
                recipients.prime(found)
                for item in found:
                    key = _auto_key(item.pk, level, item.deadline)
                    if _issue(item, level, key=key, today=today, recipients=recipients) is not None:
                        sent[level] = sent.get(level, 0) + 1
    sent_total = sum(sent.values())
    if sent_total:
        audit_record(actor=None, action="supervision.tick", details={"today": today.isoformat(), **sent})
    return sent_total


def look_back_tick(today: date | None = None) -> int:
    """Tell the 督查员 of each item whose look-back fell due."""
    today = today or timezone.localdate()
    count = 0
    due = SupervisionItem.objects.filter(look_back_due__lte=today, supervisor__isnull=False).select_related(
        "supervisor__user"
    )
    with transaction.atomic():
        for item in due:
            assert item.supervisor is not None and item.look_back_due is not None
            message = notify(
                recipient=item.supervisor.user,
                about=item,
                kind="supervision.look_back",
                title=f"回头看到期：{item.title}",
                body=f"销号后回头看日期：{item.look_back_due:%Y-%m-%d}",
                link=item_link(item),
                dedupe_key=f"supervision:lookback:{item.pk}:{item.look_back_due}:{item.supervisor.user_id}",
            )
            count += message is not None
    return count


def supervision_item_press(*, item: SupervisionItem, by: Actor, note: str = "") -> Reminder:
    """督办 by a 督查员: to the unit head, copied to the responsible leader. Left unanswered as many times as
    the category's thresholds say (two by default), the item goes to 查办 at the next tick."""
    RULES.require("press", by, item)
    note = note.strip()
    if not note:
        raise ServiceError("请填写督办要求", code="note_required", field="note")
    today = timezone.localdate()
    with transaction.atomic():
        item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
        next_state(item.state, ItemAction.PRESS)
        reminder = _issue(
            item,
            Level.PRESS,
            key=f"manual:{item.pk}:{uuid.uuid4().hex}",
            today=today,
            recipients=_Recipients(),
            by=by,
            note=note,
        )
        assert reminder is not None
        audit_record(actor=by, action="supervision.press", target=item, details={"reminder": reminder.pk})
    return reminder


def unanswered_presses(item: SupervisionItem) -> int:
    return item.reminders.filter(level=Level.PRESS, answered_at__isnull=True).count()


def open_reminders_q(unit_id: int) -> Q:
    return Q(unit_id=unit_id, answered_at__isnull=True)


__all__ = ["escalation_tick", "look_back_tick", "person_of", "supervision_item_press", "unanswered_presses"]
