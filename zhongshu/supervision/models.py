"""督查督办: supervised items, their plan, history, reports, reminders, close-out and look-back.

One `SupervisionItem` carries every kind of supervised work: a matter (督查事项) or a rectification problem
(整改问题, linked to its `ProblemList`) — the same fields, the same state table, the same escalation.
The escalation level is never stored as the truth: it is derived from the deadline, today and the
category's thresholds (see `escalation.py`); `Reminder` rows record what was actually sent.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.access.policy import EVERYONE, Action, Viewer
from zhongshu.core.models import AppendOnlyModel, PendingImport
from zhongshu.supervision.states import ESCALATING_STATES, OPEN_STATES, ItemState
from zhongshu.workdays.models import WorkdayDeadlineFields


class Source(models.TextChoices):
    DIRECTIVE = "directive", "上级决策部署"
    INSTRUCTION = "instruction", "领导批示"
    MEETING_DECISION = "meeting_decision", "会议议定事项"
    PUBLIC_REPORT = "public_report", "群众反映/舆情"
    DEPUTY_PROPOSAL = "deputy_proposal", "人大建议/政协提案"


class Category(models.TextChoices):
    DECISION = "decision", "决策督查"
    SPECIAL = "special", "专项督查"
    LIVELIHOOD = "livelihood", "民生督查"


class Priority(models.IntegerChoices):
    NORMAL = 1, "一般"
    IMPORTANT = 2, "重要"
    URGENT = 3, "紧急"


class ItemKind(models.TextChoices):
    MATTER = "matter", "督查事项"
    RECTIFICATION = "rectification", "整改问题"


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    CO = "co", "配合单位"


# A 督查事项's name is one line of the ledger (台账) and of the printed 督办单: a matter, not its content (the
# 内容 field holds that). 100 characters is two lines of a ledger cell; an item typed longer is refused with a
# message, never cut. A rectification problem (整改问题) quotes the inspection's finding and may run to the
# column's 300 characters.
TITLE_MAX = 100
PROBLEM_TITLE_MAX = 300


_NOT_MATTER = re.compile(r"[\s\W_]+", re.UNICODE)


def overdue_q(today: date) -> Q:
    """逾期, the one definition: still the units' to do (assigned or in progress) and past its deadline.

    Once completion is requested the next move is the office's: the item is neither escalated nor
    counted overdue, however late the request came (its lateness shows at close-out as 按期办结 or not).
    The derived escalation (`escalation.escalation_level`) reaches 催办 for exactly these items.
    """
    return Q(state__in=ESCALATING_STATES, deadline__lt=today)


def day_after(day: date) -> datetime:
    """The first moment after `day`, in the office's time zone: a request sent on `day` is before it."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def late_on(day: date, *, closed: bool | None = None) -> Q:
    """逾期 as it stood at the end of `day`, the one definition for the wall's trend and the 通报: assigned
    by then, its deadline passed, and by the end of the day neither completion requested (申请办结 hands
    the next move to the office, as in `overdue_q`) nor closed.

    `closed` narrows to the items closed after `day` (True) or not closed at all (False); None takes both.
    The deadline is tested first: it rules out most rows at once, and the conditions run for every row
    and day."""
    late = (
        Q(deadline__lt=day)
        & Q(assigned_on__lte=day)
        & (Q(completion_requested_at__isnull=True) | Q(completion_requested_at__gte=day_after(day)))
    )
    if closed is None:
        return late & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    return late & Q(closed_on__gt=day) if closed else late


def matter_key_of(title: str) -> str:
    """The matter a title names, for spotting duplicates: no spaces, no punctuation, case folded."""
    return _NOT_MATTER.sub("", title).casefold()[:200]


class EscalationRule(models.Model):
    """The thresholds of one category, in working days. A category without a row uses the defaults."""

    category = models.CharField("督查类别", max_length=20, choices=Category.choices, unique=True)
    reminder_before_workdays = models.PositiveSmallIntegerField("到期前提醒（工作日）", default=3)
    press_after_workdays = models.PositiveSmallIntegerField("逾期转督办（工作日）", default=5)
    investigate_after_workdays = models.PositiveSmallIntegerField("逾期转查办（工作日）", default=10)
    # 查办 also follows this many 督办 left unanswered, whatever the deadline says.
    investigate_after_presses = models.PositiveSmallIntegerField("未回应督办转查办（次）", default=2)
    look_back_workdays = models.PositiveSmallIntegerField("销号后回头看（工作日）", default=30)

    class Meta:
        verbose_name = "督办阈值"
        verbose_name_plural = "督办阈值"

    def __str__(self) -> str:
        return f"{self.get_category_display()}督办阈值"


class ProblemList(models.Model):
    """问题清单: the problems one inspection found, each rectified as an item of kind rectification."""

    title = models.CharField("清单名称", max_length=200)
    origin = models.CharField("发现来源", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "问题清单"
        verbose_name_plural = "问题清单"

    def __str__(self) -> str:
        return self.title


class SupervisionItem(Classified, WorkdayDeadlineFields):
    kind = models.CharField("类型", max_length=20, choices=ItemKind.choices, default=ItemKind.MATTER)
    title = models.CharField("事项", max_length=300)
    body = models.TextField("内容", blank=True)
    matter_key = models.CharField(max_length=200, editable=False, db_index=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    # The record the item came from (a leader's instruction, a meeting decision) where one exists.
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("source_type", "source_id")
    source_note = models.CharField("来源说明", max_length=300, blank=True)
    category = models.CharField(
        "督查类别", max_length=20, choices=Category.choices, default=Category.DECISION
    )
    priority = models.PositiveSmallIntegerField("紧急程度", choices=Priority.choices, default=Priority.NORMAL)
    state = models.CharField("状态", max_length=24, choices=ItemState.choices, default=ItemState.DRAFT)
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name="牵头单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    units: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "org.Unit", through="ItemUnit", verbose_name="承办单位", blank=True, related_name="+"
    )
    responsible_people = models.ManyToManyField(
        "org.Person", verbose_name="责任人", blank=True, related_name="+"
    )
    leader = models.ForeignKey(
        "org.Person",
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervisor = models.ForeignKey(
        "org.Person", verbose_name="督查员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    problem_list = models.ForeignKey(
        ProblemList, null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    measure = models.TextField("整改措施", blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    completion_requested_at = models.DateTimeField("申请办结时间", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_on_time = models.BooleanField("按期办结", null=True, blank=True)
    # Fixed at close-out: the working days from assignment to the completion request.
    handling_workdays = models.PositiveIntegerField("办理工作日", null=True, blank=True)
    look_back_due = models.DateField("回头看日期", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    withdraw_reason = models.CharField("作废理由", max_length=500, blank=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    progress = models.CharField("进展", max_length=500, blank=True)
    last_report_at = models.DateTimeField("最近反馈", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("立项时间", default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = "督查事项"
        verbose_name_plural = "督查事项"
        indexes = [
            # The ledger pages by id, newest first, under each filter.
            models.Index(fields=["state", "-id"], name="sup_item_state_id"),
            models.Index(fields=["lead_unit", "-id"], name="sup_item_unit_id"),
            models.Index(fields=["source", "-id"], name="sup_item_source_id"),
            # What was made from a record (access.links.made_from): the items naming it as their source.
            models.Index(fields=["source_type", "source_id"], name="sup_item_source_record"),
            models.Index(fields=["leader", "-id"], name="sup_item_leader_id"),
            models.Index(fields=["assigned_on", "id"], name="sup_item_assigned"),
            # The tick's scan for each level: open items of a category whose deadline falls in a range. Not a
            # partial index: SQLite uses one only when the query spells the condition with literal values.
            models.Index(fields=["state", "category", "deadline"], name="sup_item_state_deadline"),
            models.Index(
                fields=["look_back_due"], name="sup_item_look_back", condition=Q(look_back_due__isnull=False)
            ),
            models.Index(fields=["matter_key", "lead_unit"], name="sup_item_matter"),
            # The progress wall reads these instead of the table: per state and unit, every figure it counts
            # (index-only on PostgreSQL once vacuumed, covering on SQLite).
            models.Index(
                fields=[
                    "state",
                    "lead_unit",
                    "deadline",
                    "closed_on_time",
                    "handling_workdays",
                    "classification",
                    "assigned_on",
                ],
                name="sup_item_wall",
            ),
            # The wall's closed items awaiting their look-back, read whole and from the index alone. Partial on
            # a condition without a value (IS NOT NULL), which SQLite matches in a query with parameters.
            models.Index(
                fields=[
                    "state",
                    "lead_unit",
                    "closed_on_time",
                    "handling_workdays",
                    "classification",
                    "deadline",
                    "look_back_due",
                ],
                name="sup_item_awaiting",
                condition=Q(look_back_due__isnull=False),
            ),
            # The overdue trend: items not closed, or closed within the last weeks, by range; with the
            # completion request, which ends an item's lateness, so the trend reads the index alone.
            models.Index(
                fields=["closed_on", "deadline", "assigned_on", "classification", "completion_requested_at"],
                name="sup_item_trend",
            ),
            # The few state secrets, checked one by one against need-to-know.
            models.Index(fields=["classification"], name="sup_item_classification"),
            # Items created since the wall's snapshot was built are counted live.
            models.Index(fields=["created_at"], name="sup_item_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.matter_key = matter_key_of(self.title)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "matter_key"}
        super().save(*args, **kwargs)

    # 工作秘密 is kept by `access_scope` below, derived from the item's own units and people, so the
    # classification rule need not narrow a 内部 item again.
    work_secret_remit = EVERYONE

    @classmethod
    def access_scope(cls, viewer: Viewer, action: Action) -> Q | None:
        """Who may know an item: the office's supervision roles (督查员, 办公室主任) every item they are cleared
        for; anyone else (a unit's liaison or leader, a county leader, the office's other staff) the items
        their unit leads or helps with, and those naming them as the responsible leader, a responsible person
        or the 督查员. A bureau's 领导 is not an office role."""
        from zhongshu.base.roles import Role
        from zhongshu.supervision.roles import knows_every_item

        if knows_every_item(viewer):
            return Q()
        person = viewer.person_id or 0
        # The archivist knows a closed item (销号), which is when it comes to them for filing.
        filing = Q(state=ItemState.CLOSED) if viewer.has_role(Role.ARCHIVIST) else Q(pk__in=[])
        return (
            filing
            | Q(lead_unit_id=viewer.unit_id or 0)
            | Q(pk__in=ItemUnit.objects.filter(unit_id=viewer.unit_id or 0).values("item_id"))
            | Q(leader_id=person)
            | Q(supervisor_id=person)
            | Q(
                pk__in=cls.responsible_people.through.objects.filter(person_id=person).values(
                    "supervisionitem_id"
                )
            )
        )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: date) -> bool:
        """The row-by-row form of `overdue_q`."""
        return self.state in ESCALATING_STATES and self.deadline is not None and self.deadline < today


class ItemUnit(models.Model):
    """A unit's part in an item: the lead unit or a co-unit (配合单位)."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("角色", max_length=4, choices=UnitRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="sup_item_unit_once")]
        indexes = [models.Index(fields=["unit", "item"], name="sup_unit_item")]
        verbose_name = "承办单位"
        verbose_name_plural = "承办单位"

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.unit_id}"


class Milestone(models.Model):
    """一事一策: one step of the item's plan, with its date."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点", max_length=200)
    due = models.DateField("计划日期")
    reached_at = models.DateTimeField("完成时间", null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "due", "id"]
        verbose_name = "节点"
        verbose_name_plural = "节点"

    def __str__(self) -> str:
        return self.title


class ItemEvent(AppendOnlyModel):
    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=24)
    state_after = models.CharField("之后状态", max_length=24, choices=ItemState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_name = models.CharField("操作人", max_length=60, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            # Items touched since the wall's snapshot was built are counted live.
            models.Index(fields=["at"], name="sup_event_at"),
            # A person's 已办 on the workbench: their own steps, newest first.
            models.Index(fields=["by", "-at"], name="sup_event_by_at"),
        ]
        verbose_name = "事项记录"
        verbose_name_plural = "事项记录"

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"

    @property
    def action_label(self) -> str:
        from zhongshu.supervision.states import ItemAction

        if self.action in ItemAction.values:
            return str(ItemAction(self.action).label)
        if self.action in Level.values:
            return str(Level(self.action).label)
        return self.action


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "进展反馈"
    COMPLETION = "completion", "办结申请"


class ProgressReport(AppendOnlyModel):
    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=12, choices=ReportKind.choices, default=ReportKind.PROGRESS)
    # The lead unit's report speaks for the whole item, gathering the co-units' parts.
    consolidated = models.BooleanField("牵头汇总", default=False)
    text = models.TextField("内容")
    milestone = models.ForeignKey(
        Milestone, verbose_name="达成节点", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField("报送人", max_length=60, blank=True)
    at = models.DateTimeField("报送时间", default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "进展反馈"
        verbose_name_plural = "进展反馈"

    def __str__(self) -> str:
        return f"{self.item_id} {self.get_kind_display()}"


class ConfirmerRole(models.TextChoices):
    UNIT_HEAD = "unit_head", "单位负责人"
    LEADER = "leader", "督办领导"


class CloseOutConfirmation(models.Model):
    """One of the two confirmations 销号 needs, for one round of completion."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="confirmations")
    round = models.PositiveSmallIntegerField()
    role = models.CharField("确认人身份", max_length=12, choices=ConfirmerRole.choices)
    confirmer = models.ForeignKey(
        "org.Person", verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    # Recorded by the 督查员 from a signed paper when the confirmer did not confirm online.
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opinion = models.CharField("意见", max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "round", "role"], name="sup_confirm_once_per_round")
        ]
        verbose_name = "销号确认"
        verbose_name_plural = "销号确认"

    def __str__(self) -> str:
        return f"{self.item_id} {self.get_role_display()}"


class Level(models.TextChoices):
    NONE = "none", "正常"
    REMINDER = "reminder", "临期提醒"
    REMIND = "remind", "催办"
    PRESS = "press", "督办"
    INVESTIGATE = "investigate", "查办"


LEVEL_ORDER = [Level.NONE, Level.REMINDER, Level.REMIND, Level.PRESS, Level.INVESTIGATE]


class Reminder(models.Model):
    """A reminder or notice actually sent: who, when, to whom, by what channel."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="reminders")
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField("当时期限", null=True, blank=True)
    issued_at = models.DateTimeField("时间", default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.JSONField("接收人", default=list)
    channel = models.CharField("渠道", max_length=20, default="inapp")
    note = models.CharField("说明", max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=120, unique=True)
    answered_at = models.DateTimeField("已回应", null=True, blank=True)

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = "催督办记录"
        verbose_name_plural = "催督办记录"
        indexes = [
            models.Index(
                fields=["unit", "item"], name="sup_reminder_open", condition=Q(answered_at__isnull=True)
            ),
            models.Index(fields=["item", "level"], name="sup_reminder_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.item_id}"

    @property
    def sender_label(self) -> str:
        return "系统自动" if self.issued_by_id is None else "督查员"


class Investigation(models.Model):
    """查办: a 督查员's inquiry into an item that stayed late despite 督办."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="investigations")
    assigned_to = models.ForeignKey(
        "org.Person", verbose_name="督查员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("原因", max_length=300)
    opened_at = models.DateTimeField(default=timezone.now)
    findings = models.TextField("查办结果", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "查办"
        verbose_name_plural = "查办"

    def __str__(self) -> str:
        return f"查办 {self.item_id}"


class LookBackOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "成果巩固"
    REOPENED = "reopened", "重新办理"


class LookBack(models.Model):
    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="look_backs")
    due = models.DateField("应回头看日期")
    outcome = models.CharField("结论", max_length=12, choices=LookBackOutcome.choices)
    note = models.TextField("情况")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"

    def __str__(self) -> str:
        return f"回头看 {self.item_id}"


class WallSnapshot(models.Model):
    """Derived figures for the progress wall, never the truth: per lead unit, the items that can no longer
    change — closed, look-back done, not a state secret — counted once a day by the tick
    (`wall.wall_snapshot_rebuild`, idempotent). Everything else, and anything touched since, is counted live."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+")
    settled = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    workdays = models.PositiveBigIntegerField(default=0)
    timed = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = "挂图督查快照"
        verbose_name_plural = "挂图督查快照"

    def __str__(self) -> str:
        return f"快照 {self.unit_id}"


class LedgerImport(PendingImport):
    """The valid rows of a checked Excel ledger, kept until the user confirms the import."""

    class Meta:
        verbose_name = "台账导入"
        verbose_name_plural = "台账导入"

    def __str__(self) -> str:
        return f"台账导入 {self.token}"
