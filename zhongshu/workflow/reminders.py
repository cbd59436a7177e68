"""Time limits with reminders: the periodic tick that tells assignees of open steps about their deadlines.

On each working day it sends one notice per open step whose deadline is the next working day or earlier
("即将到期"), and one per open step past its deadline ("已逾期N个工作日", N counted in working days). Overdue
is derived from the deadline and today, never stored. The tick is idempotent: each notice carries a dedupe
key of step, kind, date and recipient, and the step's "remind" event (by the system, actor None) is written
only when the notice is new — a second tick the same day, or one racing it, tells nobody twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhongshu.audit.services import audit_record
from zhongshu.notifications.services import notify
from zhongshu.workdays.calendar import add_workdays, is_workday, workdays_between
from zhongshu.workflow.models import Step, StepEvent
from zhongshu.workflow.states import StepAction, StepState

SYSTEM_NAME = "系统"
DUE_SOON = "due_soon"
OVERDUE = "overdue"


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class DeadlineNotice:
    """What a deadline means on a given working day: due soon, or overdue by `overdue_days` working days."""

    kind: str
    overdue_days: int = 0

    @property
    def label(self) -> str:
        return "即将到期" if self.kind == DUE_SOON else f"已逾期{self.overdue_days}个工作日"


def deadline_notice(deadline: date | None, today: date) -> DeadlineNotice | None:
    """The notice owed on `today` for `deadline`, or None. Only working days carry notices.

    Due soon: the deadline falls after today and no later than the next working day (a deadline on a
    holiday counts as due before it). On the deadline day itself the matter is still on time: no notice.
    """
    if deadline is None or not is_workday(today):
        return None
    if deadline < today:
        return DeadlineNotice(OVERDUE, workdays_between(deadline, today))
    if today < deadline <= add_workdays(today, 1):
        return DeadlineNotice(DUE_SOON)
    return None


def _remind_step(step_id: int, today: date) -> bool:
    """Send the notice owed today for one step; True when a new notice was written."""
    from zhongshu.workflow.services import step_url

    with transaction.atomic():
        step = (
            Step.objects.select_for_update()
            .select_related("assignee__user", "workflow")
            .filter(pk=step_id, state=StepState.OPEN)
            .first()
        )
        if step is None:
            return False
        due = deadline_notice(step.deadline, today)
        if due is None or step.deadline is None:
            return False
        user = step.assignee.user
        message = notify(
            recipient=user,
            about=step.workflow.subject,
            kind=f"workflow.step_{due.kind}",
            title=f"{due.label}：{step.get_kind_display()}·{step.workflow.title}",
            body=f"{step.get_kind_display()}期限为{_chinese_date(step.deadline)}，{due.label}，请及时办理。",
            link=step_url(step),
            dedupe_key=f"workflow.step.{step.pk}.{due.kind}.{today:%Y%m%d}.{user.pk}",
        )
        if message is None:
            return False
        StepEvent.objects.create(
            step=step,
            actor=None,
            actor_name=SYSTEM_NAME,
            action=StepAction.REMIND,
            reason=f"{due.label}（期限{_chinese_date(step.deadline)}）",
        )
        audit_record(
            actor=None,
            actor_name=SYSTEM_NAME,
            action="workflow.step.deadline_remind",
            target=step.workflow,
            classification=int(getattr(step.workflow.subject, "classification", 0) or 0),
            details={"step": step.pk, "kind": due.kind, "overdue_days": due.overdue_days},
        )
    return True


def step_deadline_tick() -> int:
    """Remind the assignees of open steps whose deadline is near or past; returns the notices sent."""
    today = timezone.localdate()
    if not is_workday(today):
        return 0
    candidates = (
        Step.objects.filter(
            state=StepState.OPEN, deadline__isnull=False, deadline__lte=add_workdays(today, 1)
        )
        .exclude(deadline=today)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return sum(1 for step_id in list(candidates) if _remind_step(step_id, today))
