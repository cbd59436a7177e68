"""Overdue borrowings (借阅逾期): derived from a lent carrier's `due_on` and today, never stored. A tick sends the
borrower one reminder a day for each borrowing while it is overdue; each (borrowing, day) is recorded in
`CarrierReminder` in the same transaction as its notice, so a tick run again, or twice at once, tells nobody
twice. The borrower's 待办 lists their overdue carriers; the secrecy office's lists every overdue one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhongshu.core.todos import TodoItem
from zhongshu.notifications.services import notify
from zhongshu.secrecy.carriers import carrier_url, overdue_filter, visible_carriers
from zhongshu.secrecy.models_carrier_reminders import CarrierReminder
from zhongshu.secrecy.models_carriers import Carrier, CarrierEvent, EventKind
from zhongshu.secrecy.roles import keeps_ledger

MOST_TODOS = 50


def _borrowing(carrier: Carrier) -> CarrierEvent | None:
    """The 借阅 event that lent the carrier out now (its latest moving event)."""
    return CarrierEvent.objects.filter(carrier=carrier, kind=EventKind.BORROW).order_by("-at", "-id").first()


def overdue_reminders_tick(now: datetime | None = None) -> int:
    """Send today's reminder for every overdue borrowing not yet reminded today; returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    overdue = Carrier.objects.filter(overdue_filter(today)).select_related("holder__user").order_by("due_on")
    for carrier in overdue.iterator():
        borrowing = _borrowing(carrier)
        holder = carrier.holder
        if borrowing is None or holder is None or carrier.due_on is None:
            continue
        if CarrierReminder.objects.filter(borrowing=borrowing, day=today).exists():
            continue
        days = (today - carrier.due_on).days
        try:
            with transaction.atomic():
                CarrierReminder.objects.create(borrowing=borrowing, day=today, sent_at=now)
                notify(
                    recipient=holder.user,
                    about=carrier,
                    kind="secrecy.carrier_overdue",
                    title=f"借阅的涉密载体已逾期{days}天：{carrier.number}",
                    body=f"应还日期：{carrier.due_on:%Y年%m月%d日}。请尽快归还保密办。",
                    link=carrier_url(carrier),
                    dedupe_key=f"secrecy.carrier_overdue.{borrowing.pk}.{today.isoformat()}",
                )
                sent += 1
        except IntegrityError:
            continue  # another tick recorded it first
    return sent


def _item(carrier: Carrier, today: date, *, mine: bool) -> TodoItem:
    due = carrier.due_on or today
    holder = carrier.holder.name if carrier.holder is not None else ""
    return TodoItem(
        title=f"{'归还' if mine else '催还'}涉密载体：{carrier.number}",
        url=carrier_url(carrier),
        kind="secrecy.carrier_overdue" if mine else "secrecy.carrier_overdue_office",
        source_label="涉密载体",
        due=due,
        overdue=True,
        note=f"已逾期{(today - due).days}天" + ("" if mine else f"，借阅人：{holder}"),
        classification=carrier.classification,
        record=(Carrier._meta.label_lower, str(carrier.pk)),
    )


def overdue_todos(user: Any) -> list[TodoItem]:
    """One query for the 待办: the carriers this person borrowed and has not returned by the due date
    (归还涉密载体) and, for the secrecy office, every other overdue borrowing on the ledger it may see (催还)."""
    person = getattr(user, "person_or_none", None)
    if person is None:
        return []
    today = timezone.localdate()
    rows = visible_carriers(user).filter(overdue_filter(today))
    if not keeps_ledger(user):
        rows = rows.filter(holder_id=person.pk)
    return [
        _item(carrier, today, mine=carrier.holder_id == person.pk)
        for carrier in rows.order_by("due_on")[:MOST_TODOS]
    ]
