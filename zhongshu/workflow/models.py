"""Approval chains as data: a workflow over any record, its steps in stages, and each step's events.

Steps with the same `stage` run in parallel (并联); stages run in order. A return followed by a resubmission
adds a new `round` of the returned stage as new rows, so every earlier opinion stays where it was. What a
person did — who, when to the second, with which opinion or reason — is a `StepEvent`, which is never
changed or deleted (意见不改不丢).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from zhongshu.core.models import AppendOnlyModel
from zhongshu.workdays.models import WorkdayDeadlineFields
from zhongshu.workflow.states import StepAction, StepKind, StepState, WorkflowState


class Workflow(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField("标题", max_length=200)
    kind = models.CharField("类别", max_length=40)
    state = models.CharField(
        "状态", max_length=20, choices=WorkflowState.choices, default=WorkflowState.RUNNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", default=timezone.now)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "流程"
        verbose_name_plural = "流程"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.title


class Step(WorkdayDeadlineFields):
    workflow = models.ForeignKey(
        Workflow, verbose_name="流程", on_delete=models.CASCADE, related_name="steps"
    )
    stage = models.PositiveSmallIntegerField("阶段")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    kind = models.CharField("环节", max_length=20, choices=StepKind.choices)
    assignee = models.ForeignKey(
        "org.Person", verbose_name="办理人", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField("状态", max_length=20, choices=StepState.choices, default=StepState.PENDING)
    time_limit_workdays = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    opened_at = models.DateTimeField("到达时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["stage", "round", "id"]
        verbose_name = "流程步骤"
        verbose_name_plural = "流程步骤"
        indexes = [
            models.Index(fields=["assignee", "state"]),
            models.Index(fields=["workflow", "stage", "round"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.assignee_id}"

    @property
    def overdue(self) -> bool:
        """Derived, never stored: open and past its deadline (a deadline day itself is still on time)."""
        return (
            self.state == StepState.OPEN
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )


class StepEvent(AppendOnlyModel):
    step = models.ForeignKey(Step, verbose_name="步骤", on_delete=models.PROTECT, related_name="events")
    # None for the system (the deadline reminders of `workflow.reminders`); `actor_name` then says 系统.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("姓名", max_length=40, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    action = models.CharField("动作", max_length=20, choices=StepAction.choices)
    opinion = models.TextField("意见", blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self) -> str:
        return f"{self.get_action_display()}@{self.at:%Y-%m-%d %H:%M:%S}"
