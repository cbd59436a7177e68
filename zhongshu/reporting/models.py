"""请示报告: each unit's reporting checklist (请示报告清单) — the matters it must request (请示) or report (报告)
to the county committee or government, with the rule behind each and its cycle — the filings made against it,
and the register of 三重一大 filings (major decisions, important appointments, major projects, large fund uses)
made before the deciding meeting.

What is due, on time, late or missing (应报尽报) is derived from the lines, the working-day calendar and the
filings, never stored. A filing made from a document (a 请示 or 报告 received from the unit) keeps the
document as its source (access.links), so each shows the other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified

# --- 请示报告清单: the checklist ------------------------------------------------------------------------------


class MatterKind(models.TextChoices):
    REQUEST = "request", "请示"
    REPORT = "report", "报告"


class Timing(models.TextChoices):
    BEFORE = "before", "事前"
    AFTER = "after", "事后"


class Cycle(models.TextChoices):
    AD_HOC = "ad_hoc", "随时（逐事）"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"
    BY_DATE = "by_date", "指定日期"


class ChecklistLine(models.Model):
    """One matter on a unit's checklist. For a periodic line (monthly, quarterly, yearly) the filing for a
    period is due on the `due_working_days`-th working day after the period ends; a by-date line is due on
    `due_on` each year; an ad-hoc line is filed matter by matter (事前: before acting)."""

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=MatterKind.choices)
    timing = models.CharField("时机", max_length=10, choices=Timing.choices)
    matter = models.CharField("请示报告事项", max_length=200)
    basis = models.CharField("依据", max_length=200)  # the rule that requires it
    cycle = models.CharField("周期", max_length=12, choices=Cycle.choices)
    due_working_days = models.PositiveIntegerField("期满后第几个工作日前报送", null=True, blank=True)
    due_on = models.DateField(
        "指定报送日期", null=True, blank=True
    )  # by_date: the month and day count each year
    starts_on = models.DateField("起始日期")  # the first period that counts
    ends_on = models.DateField("停止日期", null=True, blank=True)  # retired lines keep their history
    sort_order = models.PositiveIntegerField("排序", default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["unit", "sort_order", "id"]
        indexes = [models.Index(fields=["unit", "starts_on"], name="reporting_line_unit")]
        verbose_name = "请示报告清单事项"
        verbose_name_plural = "请示报告清单事项"

    def __str__(self) -> str:
        return self.matter


class ChecklistFiling(models.Model):
    """A filing against a checklist line: for a periodic line, the period it covers (`period_start`); made
    from a received document (source_type/source_id, a 请示 or 报告 in the documents module) or a lighter
    filing with its own title and an attachment for routine reports."""

    line = models.ForeignKey(ChecklistLine, on_delete=models.PROTECT, related_name="filings")
    period_start = models.DateField("所属期间", null=True, blank=True)  # null for ad-hoc lines
    title = models.CharField("标题", max_length=200)
    filed_at = models.DateTimeField("报送时间")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "period_start"],
                condition=Q(period_start__isnull=False),
                name="reporting_filing_one_per_period",
            )
        ]
        indexes = [models.Index(fields=["line", "period_start"], name="reporting_filing_line")]
        verbose_name = "请示报告报送"
        verbose_name_plural = "请示报告报送"

    def __str__(self) -> str:
        return self.title


class ChecklistReminder(models.Model):
    """A reminder sent for one line and period (before the due date, on being late): a tick never sends twice."""

    line = models.ForeignKey(ChecklistLine, on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField()
    kind = models.CharField(max_length=10)  # "due" or "late"
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "period_start", "kind"], name="reporting_reminder_unique")
        ]
        verbose_name = "请示报告提醒"
        verbose_name_plural = "请示报告提醒"

    def __str__(self) -> str:
        return f"{self.line_id}:{self.period_start}:{self.kind}"


# --- 三重一大: major decisions filed before deciding ------------------------------------------------------------


class MajorCategory(models.TextChoices):
    DECISION = "decision", "重大决策"
    APPOINTMENT = "appointment", "重要干部任免"
    PROJECT = "project", "重大项目安排"
    FUND_USE = "fund_use", "大额资金使用"


class MajorFilingState(models.TextChoices):
    FILED = "filed", "已报备"
    DECIDED = "decided", "已决策"  # the unit recorded the meeting's outcome
    WITHDRAWN = "withdrawn", "已撤回"


class MajorDecisionFiling(Classified):
    """A 三重一大 filing: a unit files a matter before the meeting that will decide it. Late when filed fewer than
    the configured working days before the meeting (ZHONGSHU_MAJOR_DECISION_LEAD_DAYS); a filing dated after
    its meeting is refused. `owner_unit` is the filing unit (Classified)."""

    unit = models.ForeignKey("org.Unit", verbose_name="报备单位", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("类别", max_length=16, choices=MajorCategory.choices)
    title = models.CharField("事项名称", max_length=200)
    summary = models.TextField("主要内容", blank=True)
    amount = models.DecimalField("涉及金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    meeting_name = models.CharField("决策会议", max_length=100)  # 局党组会议, 镇党委会议
    meeting_on = models.DateField("会议日期")
    filed_at = models.DateTimeField("报备时间")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        "状态", max_length=12, choices=MajorFilingState.choices, default=MajorFilingState.FILED
    )
    outcome = models.CharField("决策结果", max_length=200, blank=True)
    decided_on = models.DateField("决策日期", null=True, blank=True)
    # 迟报: filed fewer than the lead days before the meeting, judged when filed (and when the meeting date is
    # changed), so the register filters and counts it inside the database.
    late = models.BooleanField("迟报", default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-meeting_on", "-id"]
        indexes = [models.Index(fields=["unit", "meeting_on"], name="reporting_major_unit_meeting")]
        verbose_name = "三重一大报备"
        verbose_name_plural = "三重一大报备"

    def __str__(self) -> str:
        return self.title
