"""值班应急: duty rosters and their shifts, the duty log and handovers, spot checks of units' duty phones,
incidents with their reports against the clock, contingency plans and drills, and where leading cadre are
(请假、外出报备).

Records whose text may be sensitive (log entries, incidents, their reports) are `Classified` and read through
the access policy. Lateness, due clocks, "who is on duty now" and "who is away today" are derived from the
stored times, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.base.roles import Role

# --- 值班表: rosters ------------------------------------------------------------------------------------


class DutyRole(models.Model):
    """A duty role the office defines (带班领导, 值班员, 驾驶员 …); `is_leader_role` marks the one every
    holiday day must have besides an officer."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=30)
    is_leader_role = models.BooleanField("带班领导岗位", default=False)
    required_on_holidays = models.BooleanField("节假日必须有人", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "值班岗位"
        verbose_name_plural = "值班岗位"

    def __str__(self) -> str:
        return self.name


class DutyEligibility(models.Model):
    """Who may stand a role in a unit's roster, in rotation order."""

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(DutyRole, verbose_name="岗位", on_delete=models.PROTECT, related_name="eligible")
    person = models.ForeignKey("org.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveIntegerField("轮值顺序", default=0)
    active = models.BooleanField("参加轮值", default=True)

    class Meta:
        ordering = ["unit", "role", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "role", "person"], name="duty_eligibility_unique")
        ]
        verbose_name = "轮值人员"
        verbose_name_plural = "轮值人员"

    def __str__(self) -> str:
        return f"{self.role}：{self.person}"


class DutyPoint(models.Model):
    """A unit's duty room (值班室): its duty phone, where the office calls it and spot-checks it."""

    unit = models.OneToOneField("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField("值班电话", max_length=40)
    fax = models.CharField("传真", max_length=40, blank=True)
    place = models.CharField("值班地点", max_length=100, blank=True)

    class Meta:
        verbose_name = "值班室"
        verbose_name_plural = "值班室"

    def __str__(self) -> str:
        return f"{self.unit}值班室"


class SensitivePeriod(models.Model):
    """敏感时期: a date range (both ends included) kept on 24-hour duty like a holiday."""

    name = models.CharField("名称", max_length=60)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "敏感时期"
        verbose_name_plural = "敏感时期"

    def __str__(self) -> str:
        return self.name


class RosterState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class DutyRoster(models.Model):
    """值班表: one unit's roster for a period; `filed_at` marks it filed (报备) with the county office."""

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    state = models.CharField("状态", max_length=16, choices=RosterState.choices, default=RosterState.DRAFT)
    filed_at = models.DateTimeField("报备时间", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "unit"]
        indexes = [models.Index(fields=["unit", "starts_on", "ends_on"])]
        verbose_name = "值班表"
        verbose_name_plural = "值班表"

    def __str__(self) -> str:
        return self.title


class ShiftKind(models.TextChoices):
    OFFICE_HOURS = "office_hours", "工作时间值班"
    FULL_DAY = "full_day", "24小时值班"


class DutyShift(models.Model):
    """One person's duty in one role on one day; `starts_at`/`ends_at` are the shift's wall times."""

    roster = models.ForeignKey(
        DutyRoster, verbose_name="值班表", on_delete=models.CASCADE, related_name="shifts"
    )
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    day = models.DateField("日期")
    role = models.ForeignKey(DutyRole, verbose_name="岗位", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person", verbose_name="值班人员", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("值班方式", max_length=16, choices=ShiftKind.choices)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")

    class Meta:
        ordering = ["day", "role__sort_order", "id"]
        indexes = [
            models.Index(fields=["starts_at", "ends_at"]),
            models.Index(fields=["person", "day"]),
            models.Index(fields=["unit", "day"]),
            models.Index(fields=["day", "starts_at"], name="duty_shift_day_starts"),  # swaps: on duty now
            models.Index(  # 当前值班: the covering shifts from the index alone
                fields=["day", "starts_at", "ends_at", "unit", "role", "person"], name="duty_shift_covering"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["roster", "day", "role", "person"], name="duty_shift_unique")
        ]
        verbose_name = "班次"
        verbose_name_plural = "班次"

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.role} {self.person}"


class SwapState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"
    WITHDRAWN = "withdrawn", "已撤回"


class ShiftSwap(models.Model):
    """换班: the person on a shift asks to hand it to another; approved, the shift changes hands."""

    shift = models.ForeignKey(DutyShift, verbose_name="班次", on_delete=models.CASCADE, related_name="swaps")
    from_person = models.ForeignKey(
        "org.Person", verbose_name="原值班人员", on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.ForeignKey(
        "org.Person", verbose_name="替班人员", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("事由", max_length=200)
    state = models.CharField("状态", max_length=16, choices=SwapState.choices, default=SwapState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    workflow = models.ForeignKey(
        "workflow.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["shift", "state"], name="duty_swap_shift_state")]
        verbose_name = "换班申请"
        verbose_name_plural = "换班申请"

    def __str__(self) -> str:
        return f"换班：{self.from_person}→{self.to_person}"


class RosterCall(models.Model):
    """The office asks the units to file their rosters for a holiday or period by a date (报备)."""

    title = models.CharField("名称", max_length=100)
    starts_on = models.DateField("值班开始日期")
    ends_on = models.DateField("值班结束日期")
    due_on = models.DateField("报备截止日期")
    units = models.ManyToManyField("org.Unit", verbose_name="报备单位", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "值班表报备通知"
        verbose_name_plural = "值班表报备通知"

    def __str__(self) -> str:
        return self.title


# --- 值班记录 and 交接班 -----------------------------------------------------------------------------------


class EntryKind(models.TextChoices):
    CALL = "call", "来电"
    DOCUMENT = "document", "来文"
    VISIT = "visit", "来访"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "一般"
    URGENT = "urgent", "紧急"


class DutyLogEntry(Classified):
    """值班记录: one call, document or visit as the duty rules list its fields (DOMAIN.md)."""

    work_secret_remit = frozenset({Role.DUTY_OFFICER.value, Role.OFFICE_DIRECTOR.value})

    unit = models.ForeignKey("org.Unit", verbose_name="值班单位", on_delete=models.PROTECT, related_name="+")
    shift = models.ForeignKey(
        DutyShift,
        verbose_name="班次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    kind = models.CharField("类别", max_length=16, choices=EntryKind.choices, default=EntryKind.CALL)
    urgency = models.CharField("紧急程度", max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    received_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=200, blank=True)
    summary = models.CharField("事由", max_length=200)
    cause = models.TextField("起因", blank=True)
    course = models.TextField("经过", blank=True)
    measures = models.TextField("采取的措施", blank=True)
    result = models.TextField("结果", blank=True)
    impact = models.TextField("影响", blank=True)
    trend = models.TextField("发展趋势", blank=True)
    told = models.TextField("已报告（告知）", blank=True)
    caller_unit = models.CharField("来电（来文、来访）单位", max_length=100, blank=True)
    caller_name = models.CharField("姓名", max_length=40, blank=True)
    caller_post = models.CharField("职务", max_length=60, blank=True)
    caller_phone = models.CharField("联系电话", max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["unit", "received_at"])]
        verbose_name = "值班记录"
        verbose_name_plural = "值班记录"

    def __str__(self) -> str:
        return self.summary


class Handover(models.Model):
    """交接班: the outgoing shift's open matters, acknowledged by the next shift."""

    unit = models.ForeignKey("org.Unit", verbose_name="值班单位", on_delete=models.PROTECT, related_name="+")
    from_shift = models.ForeignKey(
        DutyShift, verbose_name="交班班次", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_shift = models.ForeignKey(
        DutyShift, verbose_name="接班班次", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_at = models.DateTimeField("交班时间", default=timezone.now)
    notes = models.TextField("交班说明", blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField("接班确认时间", null=True, blank=True)

    class Meta:
        ordering = ["-handed_at"]
        verbose_name = "交接班"
        verbose_name_plural = "交接班"

    def __str__(self) -> str:
        return f"{self.unit}交接班 {self.handed_at:%Y-%m-%d %H:%M}"


class HandoverItem(models.Model):
    """One open matter handed over; an urgent one must be acknowledged before the handover completes."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    entry = models.ForeignKey(
        DutyLogEntry, verbose_name="值班记录", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("交接说明", max_length=200, blank=True)
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "交接事项"
        verbose_name_plural = "交接事项"

    def __str__(self) -> str:
        return str(self.entry)


# --- 值班抽查 ------------------------------------------------------------------------------------------------


class SpotCheckRound(models.Model):
    """One round of spot checks: the units and times the platform drew, called by the office."""

    title = models.CharField("名称", max_length=100)
    window_starts_at = models.DateTimeField("抽查时段起")
    window_ends_at = models.DateTimeField("抽查时段止")
    seed = models.BigIntegerField("抽取种子")
    scope = models.CharField(
        "抽查范围", max_length=16, default="all"
    )  # spotchecks.SCOPES: all, bureaus, towns
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-window_starts_at"]
        verbose_name = "值班抽查"
        verbose_name_plural = "值班抽查"

    def __str__(self) -> str:
        return self.title


class CheckResult(models.TextChoices):
    ON_ROSTER = "on_roster", "在岗（值班表人员接听）"
    SOMEONE_ELSE = "someone_else", "他人代接"
    NO_ANSWER = "no_answer", "无人接听"


class SpotCheck(models.Model):
    round = models.ForeignKey(SpotCheckRound, on_delete=models.CASCADE, related_name="checks")
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField("计划抽查时间")
    called_at = models.DateTimeField("实际拨打时间", null=True, blank=True)
    phone = models.CharField("拨打号码", max_length=40, blank=True)
    result = models.CharField("结果", max_length=16, choices=CheckResult.choices, blank=True)
    answered_by = models.CharField("接听人", max_length=40, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["planned_at", "id"]
        verbose_name = "抽查记录"
        verbose_name_plural = "抽查记录"

    def __str__(self) -> str:
        return f"{self.unit} {self.planned_at:%Y-%m-%d %H:%M}"


# --- 突发事件 ------------------------------------------------------------------------------------------------


class IncidentCategory(models.TextChoices):
    NATURAL = "natural", "自然灾害"
    ACCIDENT = "accident", "事故灾难"
    HEALTH = "health", "公共卫生事件"
    SECURITY = "security", "社会安全事件"


class Severity(models.TextChoices):
    I = "I", "特别重大（Ⅰ级）"  # noqa: E741 - the standard's own numeral
    II = "II", "重大（Ⅱ级）"
    III = "III", "较大（Ⅲ级）"
    IV = "IV", "一般（Ⅳ级）"


class IncidentState(models.TextChoices):
    OPEN = "open", "处置中"
    CLOSED = "closed", "已终报"


class Incident(Classified):
    """突发事件: the clock of every report runs from `learned_at`, when the office learned of it."""

    work_secret_remit = frozenset({Role.DUTY_OFFICER.value, Role.OFFICE_DIRECTOR.value, Role.LEADER.value})

    title = models.CharField("事件名称", max_length=200)
    category = models.CharField("事件类别", max_length=16, choices=IncidentCategory.choices)
    subtype = models.CharField("事件类型", max_length=40, blank=True)
    severity = models.CharField("事件等级", max_length=4, choices=Severity.choices)
    place = models.CharField("发生地点", max_length=200)
    occurred_at = models.DateTimeField("发生时间")
    learned_at = models.DateTimeField("获知时间")
    unit = models.ForeignKey("org.Unit", verbose_name="报告单位", on_delete=models.PROTECT, related_name="+")
    source_entry = models.ForeignKey(
        DutyLogEntry,
        verbose_name="来源值班记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    summary = models.TextField("事件概要", blank=True)
    state = models.CharField("状态", max_length=16, choices=IncidentState.choices, default=IncidentState.OPEN)
    plan = models.ForeignKey(
        "duty.ContingencyPlan",
        verbose_name="应急预案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField("终报时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-learned_at", "-id"]
        indexes = [models.Index(fields=["state", "learned_at"])]
        verbose_name = "突发事件"
        verbose_name_plural = "突发事件"

    def __str__(self) -> str:
        return self.title


class ReportingClock(models.Model):
    """报告时限 per category and severity, in wall-clock minutes from `learned_at`. A blank severity or
    category is the fallback for the others."""

    category = models.CharField("事件类别", max_length=16, choices=IncidentCategory.choices, blank=True)
    severity = models.CharField("事件等级", max_length=4, choices=Severity.choices, blank=True)
    phone_minutes = models.PositiveIntegerField("电话首报（分钟）")
    written_minutes = models.PositiveIntegerField("书面首报（分钟）")
    follow_up_minutes = models.PositiveIntegerField("续报间隔（分钟）", null=True, blank=True)
    daily_report_at = models.TimeField("每日报告时间", null=True, blank=True)
    alarm_before_minutes = models.PositiveIntegerField("提前提醒（分钟）", default=10)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "severity"], name="duty_clock_unique")]
        verbose_name = "报告时限"
        verbose_name_plural = "报告时限"

    def __str__(self) -> str:
        return f"报告时限 {self.category or '全部类别'} {self.severity or '全部等级'}"


class ReportKind(models.TextChoices):
    FIRST = "first", "首报"
    FOLLOW_UP = "follow_up", "续报"
    DAILY = "daily", "日报"
    FINAL = "final", "终报"


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    FAX = "fax", "传真"
    SYSTEM = "system", "系统报送"
    WRITTEN = "written", "书面"


class IncidentReport(models.Model):
    """One report on an incident. A 首报 by telephone and its written 首报 are two reports of kind first;
    续报 are numbered from one."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField("报告类型", max_length=16, choices=ReportKind.choices)
    number = models.PositiveIntegerField("序号", default=0)
    channel = models.CharField("报送方式", max_length=16, choices=Channel.choices)
    sent_at = models.DateTimeField("报送时间")
    sent_by = models.ForeignKey(
        "org.Person", verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    sent_to = models.CharField("报送对象", max_length=200)
    # The 首报's elements (DOMAIN.md); a 续报 carries what changed in `body` alone.
    source = models.CharField("信息来源", max_length=200, blank=True)
    nature = models.TextField("事件性质", blank=True)
    extent = models.TextField("影响范围", blank=True)
    casualties = models.TextField("人员伤亡", blank=True)
    losses = models.TextField("财产损失", blank=True)
    trend = models.TextField("发展趋势", blank=True)
    leaders_on_site = models.CharField("到场领导", max_length=200, blank=True)
    measures = models.TextField("已采取的措施", blank=True)
    body = models.TextField("报告内容", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = "事件报告"
        verbose_name_plural = "事件报告"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.number or ''}"


class IncidentAlarm(models.Model):
    """A clock alarm sent (before due, or late): kept so the tick is idempotent, not as state."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="alarms")
    clock = models.CharField("时限", max_length=40)  # e.g. first_phone, first_written, daily:2026-12-05
    stage = models.CharField("阶段", max_length=16)  # before | late
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "clock", "stage"], name="duty_alarm_once")]
        verbose_name = "时限提醒"
        verbose_name_plural = "时限提醒"

    def __str__(self) -> str:
        return f"{self.clock} {self.stage}"


# --- 应急预案 and 应急演练 ------------------------------------------------------------------------------------


class ContingencyPlan(models.Model):
    title = models.CharField("预案名称", max_length=200)
    category = models.CharField("事件类别", max_length=16, choices=IncidentCategory.choices)
    subtype = models.CharField("事件类型", max_length=40, blank=True)
    unit = models.ForeignKey("org.Unit", verbose_name="编制单位", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("印发日期", null=True, blank=True)
    active = models.BooleanField("现行有效", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = "应急预案"
        verbose_name_plural = "应急预案"

    def __str__(self) -> str:
        return self.title


class PlanStep(models.Model):
    """A step of a plan's response at one level (Ⅰ–Ⅳ级响应), in order."""

    plan = models.ForeignKey(ContingencyPlan, on_delete=models.CASCADE, related_name="steps")
    level = models.CharField("响应级别", max_length=4, choices=Severity.choices)
    sort_order = models.PositiveIntegerField("顺序", default=0)
    text = models.CharField("处置步骤", max_length=300)
    responsible = models.CharField("责任单位（人）", max_length=100, blank=True)

    class Meta:
        ordering = ["plan", "level", "sort_order", "id"]
        verbose_name = "预案步骤"
        verbose_name_plural = "预案步骤"

    def __str__(self) -> str:
        return self.text


class IncidentStep(models.Model):
    """A plan step as done on one incident: who did it and when."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(PlanStep, on_delete=models.PROTECT, related_name="+")
    done_by = models.ForeignKey(
        "org.Person", verbose_name="办理人", on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField("完成时间")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "step"], name="duty_incident_step_once")]
        verbose_name = "处置步骤记录"
        verbose_name_plural = "处置步骤记录"

    def __str__(self) -> str:
        return str(self.step)


class IncidentInstruction(models.Model):
    """领导批示 on an incident: written by the leader, or entered by the duty room from his telephone call;
    the supervisor turns it into a supervision item (linked both ways through access.links)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="instructions")
    leader = models.ForeignKey(
        "org.Person", verbose_name="批示领导", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("批示内容")
    given_at = models.DateTimeField("批示时间")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    supervised_at = models.DateTimeField("转督办时间", null=True, blank=True)

    class Meta:
        ordering = ["given_at", "id"]
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"

    def __str__(self) -> str:
        return self.text[:40]


class Drill(models.Model):
    """应急演练: planned, then recorded with its evaluation and the problems found."""

    title = models.CharField("演练名称", max_length=200)
    plan = models.ForeignKey(
        ContingencyPlan,
        verbose_name="应急预案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drills",
    )
    scenario = models.TextField("演练情景")
    held_on = models.DateField("演练日期")
    place = models.CharField("演练地点", max_length=200, blank=True)
    units = models.ManyToManyField("org.Unit", verbose_name="参演单位", related_name="+")
    participants = models.PositiveIntegerField("参演人数", null=True, blank=True)
    evaluation = models.TextField("演练评估", blank=True)
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)
    rectification_at = models.DateTimeField("转整改时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "应急演练"
        verbose_name_plural = "应急演练"

    def __str__(self) -> str:
        return self.title


class DrillProblem(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="problems")
    text = models.CharField("发现的问题", max_length=300)
    unit = models.ForeignKey("org.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    measure = models.CharField("整改措施", max_length=300, blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "演练问题"
        verbose_name_plural = "演练问题"

    def __str__(self) -> str:
        return self.text


# --- 请假、外出报备 ------------------------------------------------------------------------------------------


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", "请假"
    TRAVEL = "travel", "外出"


class HalfDay(models.TextChoices):
    MORNING = "am", "上午"
    AFTERNOON = "pm", "下午"


class AbsenceState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "已销假"
    REFUSED = "refused", "未批准"
    WITHDRAWN = "withdrawn", "已撤回"


class Absence(models.Model):
    """A leading cadre's leave or travel (请假、外出报备), from the first half-day to the last, both included."""

    person = models.ForeignKey(
        "org.Person", verbose_name="报备人", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=16, choices=AbsenceKind.choices)
    starts_on = models.DateField("开始日期")
    starts_half = models.CharField("开始", max_length=2, choices=HalfDay.choices, default=HalfDay.MORNING)
    ends_on = models.DateField("结束日期")
    ends_half = models.CharField("结束", max_length=2, choices=HalfDay.choices, default=HalfDay.AFTERNOON)
    destination = models.CharField("去向", max_length=200, blank=True)
    reason = models.CharField("事由", max_length=200)
    phone = models.CharField("联系电话", max_length=40)
    stand_in = models.ForeignKey(
        "org.Person",
        verbose_name="主持（代理）工作",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        "状态", max_length=16, choices=AbsenceState.choices, default=AbsenceState.PENDING
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    returned_at = models.DateTimeField("销假时间", null=True, blank=True)
    # The approval chain on the workflow app (whereabouts.absence_file starts it; its hooks move the state).
    workflow = models.ForeignKey(
        "workflow.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["state", "starts_on", "ends_on"]),
            models.Index(fields=["person", "starts_on"]),
            # 领导去向: the week's active absences (ending on or after Monday) and the overdue ones (ended lately)
            models.Index(fields=["state", "ends_on", "starts_on"], name="duty_absence_state_ends"),
        ]
        verbose_name = "请假外出报备"
        verbose_name_plural = "请假外出报备"

    def __str__(self) -> str:
        return f"{self.person}{self.get_kind_display()} {self.starts_on:%Y-%m-%d}—{self.ends_on:%Y-%m-%d}"
