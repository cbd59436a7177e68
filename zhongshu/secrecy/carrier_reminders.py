"""Overdue borrowings (借阅逾期): derived from a lent carrier's `due_on` and today, never stored. A tick sends the
borrower one reminder a day for each borrowing while it is overdue; the outbox's dedupe key (the carrier, the
version its lending left it at, the day) makes a tick run again, or twice at once, tell nobody twice. The
borrower's 待办 lists their overdue carriers; the secrecy office's lists every overdue one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from zhongshu.core.todos import TodoItem
from zhongshu.notifications.services import notify
from zhongshu.secrecy.carriers import carrier_url, overdue_filter, visible_carriers
from zhongshu.secrecy.models_carriers import Carrier
from zhongshu.secrecy.roles import keeps_ledger

MOST_TODOS = 50


def overdue_reminders_tick(now: datetime | None = None) -> int:
    """Send today's reminder for every overdue borrowing not yet reminded today; returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    overdue = Carrier.objects.filter(overdue_filter(today)).select_related("holder__user").order_by("due_on")
    for carrier in overdue.iterator():
        holder = carrier.holder
        if holder is None or carrier.due_on is None:
            continue
        days = (today - carrier.due_on).days
        # A lending leaves the carrier at one version until it comes back: carrier and version name the borrowing.
        message = notify(
            recipient=holder.user,
            about=carrier,
            kind="secrecy.carrier_overdue",
            title=f"借阅的涉密载体已逾期{days}天：{carrier.number}",
            body=f"应还日期：{carrier.due_on:%Y年%m月%d日}。请尽快归还保密办。",
            link=carrier_url(carrier),
            dedupe_key=f"secrecy.carrier_overdue.{carrier.pk}.v{carrier.version}.{today.isoformat()}",
        )
        sent += message is not None
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
