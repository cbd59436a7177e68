"""承办 deadlines with reminders: the periodic tick that tells a handling unit its deadline is near or past.

Same rule as review steps (`zhongshu.workflow.reminders.deadline_notice`): on a working day, "即将到期" when
the deadline is the next working day or earlier, "已逾期N个工作日" after it. The unit's 文书 and 联络员 are
told (everyone in the unit when it has neither). Idempotent through the notices' dedupe keys (handling,
kind, date, recipient); the automatic reminders are not counted in `Handling.reminders`, which counts the
office's own 催办.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.documents.models import Handling
from zhongshu.documents.services import chinese_date, document_url
from zhongshu.documents.states import DocState
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.workdays.calendar import add_workdays, is_workday
from zhongshu.workflow.reminders import SYSTEM_NAME, deadline_notice


def handling_recipients(unit_id: int) -> list[Any]:
    """The users told about a unit's 承办: its 文书 and 联络员, else every active person of the unit."""
    people = Person.objects.filter(unit_id=unit_id, user__is_active=True).select_related("user")
    chosen = people.filter(Q(user__groups__name=Role.CLERK.value) | Q(user__groups__name=Role.LIAISON.value))
    found = {person.user_id: person.user for person in chosen.order_by("id")}
    if not found:
        found = {person.user_id: person.user for person in people.order_by("id")}
    return list(found.values())


def _remind_handling(handling_id: int, today: date) -> bool:
    with transaction.atomic():
        handling = (
            Handling.objects.select_for_update()
            .select_related("document", "unit")
            .filter(pk=handling_id, completed_at__isnull=True, document__state=DocState.HANDLING)
            .first()
        )
        if handling is None or handling.deadline is None:
            return False
        due = deadline_notice(handling.deadline, today)
        if due is None:
            return False
        document = handling.document
        sent = 0
        for user in handling_recipients(handling.unit_id):
            message = notify(
                recipient=user,
                about=document,
                kind=f"documents.handling_{due.kind}",
                title=f"承办{due.label}：{document.title}",
                body=f"{handling.unit.name}承办期限为{chinese_date(handling.deadline)}，{due.label}，请及时办理。",
                link=document_url(document),
                dedupe_key=f"documents.handling.{handling.pk}.{due.kind}.{today:%Y%m%d}.{user.pk}",
            )
            sent += message is not None
        if not sent:
            return False
        audit_record(
            actor=None,
            actor_name=SYSTEM_NAME,
            action="documents.handling.deadline_remind",
            target=document,
            classification=document.classification,
            details={"handling": handling.pk, "kind": due.kind, "overdue_days": due.overdue_days},
        )
    return True


def handling_deadline_tick() -> int:
    """Remind the units whose 承办 is due in one working day or overdue; returns the handlings reminded."""
    today = timezone.localdate()
    if not is_workday(today):
        return 0
    candidates = (
        Handling.objects.filter(
            completed_at__isnull=True,
            document__state=DocState.HANDLING,
            deadline__isnull=False,
            deadline__lte=add_workdays(today, 1),
        )
        .exclude(deadline=today)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return sum(1 for handling_id in list(candidates) if _remind_handling(handling_id, today))
