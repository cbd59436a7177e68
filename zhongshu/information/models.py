"""信息报送: units' information items (报送) and the editors' screening of them (查重, 退回, 合并, 编辑, 采用), the
office's publications (刊物) and their numbered issues with read receipts, adoption of items by higher offices,
the versioned scoring rule table (计分规则), commissioned pieces (约稿) and leaders' instructions (批示) on items
and issues.

Items and issues are `Classified` and read through the access policy. Scores, rankings, a commission's
lateness and penalties are derived from the stored facts under the rule table in force on each fact's date,
never stored, so a missed job never leaves a wrong score.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.base.levels import Classification

# --- 报送: information items ---------------------------------------------------------------------------------


class InfoType(models.TextChoices):
    NEWS = "news", "动态"
    EXPERIENCE = "experience", "经验"
    PROBLEM = "problem", "问题"
    SUGGESTION = "suggestion", "建议"
    OPINION = "opinion", "舆情"
    URGENT = "urgent", "紧急信息"


class ItemState(models.TextChoices):
    DRAFT = "draft", "草稿"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "待单位领导签发"
    SUBMITTED = "submitted", "已报送"  # with the office's editors, waiting for screening
    RETURNED = "returned", "已退回"  # back with the unit, which may edit and resubmit
    MERGED = "merged", "已合并"  # folded into another item (merged_into), which carries it on
    ADOPTED = "adopted", "已采用"  # adopted by the office: may go into an issue of a publication


class InfoReport(Classified):
    """One information item a unit submits (信息). `owner_unit` is the submitting unit and `owner_person` its
    信息员 (Classified); the office's editors are in its need-to-know once it is submitted."""

    unit = models.ForeignKey("org.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        "org.Person", verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    info_type = models.CharField("信息类别", max_length=16, choices=InfoType.choices, default=InfoType.NEWS)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文")
    state = models.CharField("状态", max_length=20, choices=ItemState.choices, default=ItemState.DRAFT)
    # The unit leader's sign-off before the item leaves the unit (where the office requires it).
    signed_off_by = models.ForeignKey(
        "org.Person",
        verbose_name="单位签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True, db_index=True)
    commission_target = models.ForeignKey(
        "information.CommissionTarget",
        verbose_name="所答约稿",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    returned_reason = models.CharField("退回理由", max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_items",
    )
    adopted_at = models.DateTimeField("采用时间", null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A false item (虚假信息) found after adoption costs its unit the rule table's penalty.
    false_marked_at = models.DateTimeField("认定虚假时间", null=True, blank=True)
    false_reason = models.CharField("虚假情形", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)  # optimistic lock: two editors at once

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "submitted_at"], name="info_item_unit_submitted"),
            models.Index(fields=["state", "submitted_at"], name="info_item_state_submitted"),
        ]
        verbose_name = "信息"
        verbose_name_plural = "信息"

    def __str__(self) -> str:
        return self.title


class ItemVersion(models.Model):
    """Every text an item has had (报送稿, each edit, the merged text): nothing an editor changes is lost."""

    item = models.ForeignKey(InfoReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文")
    note = models.CharField("说明", max_length=100, blank=True)  # 报送 / 编辑 / 合并自…
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="info_item_version_unique")]
        verbose_name = "信息版本"
        verbose_name_plural = "信息版本"

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class ItemFingerprint(models.Model):
    """One winnowed fingerprint of a submitted item's text (core.similarity): a new submission's
    near-duplicates are found in one indexed query, never by comparing it with every item in Python."""

    item = models.ForeignKey(InfoReport, on_delete=models.CASCADE, related_name="+")
    hash = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["hash", "item"], name="info_fp_hash_item")]
        verbose_name = "信息指纹"
        verbose_name_plural = "信息指纹"

    def __str__(self) -> str:
        return f"{self.item_id}:{self.hash}"


class DuplicateFlag(models.Model):
    """A near-duplicate found when `item` was submitted: `similar` is an earlier item about the same event (from
    another unit, or the unit's own resubmission). The editor merges, or dismisses the flag."""

    item = models.ForeignKey(InfoReport, on_delete=models.CASCADE, related_name="duplicate_flags")
    similar = models.ForeignKey(InfoReport, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField("相似度")  # 0–1: the share of the shorter text found in the other
    flagged_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField("排除时间", null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "similar"], name="info_duplicate_unique")]
        verbose_name = "疑似重复"
        verbose_name_plural = "疑似重复"

    def __str__(self) -> str:
        return f"{self.item_id}≈{self.similar_id}"


# --- 刊物: publications and their issues ----------------------------------------------------------------------


class PublicationKind(models.TextChoices):
    SPECIAL_REPORT = "special_report", "专报"
    EXPRESS = "express", "快报"
    BRIEFING = "briefing", "信息简报"
    DAILY = "daily", "每日要情"


class Publication(models.Model):
    """One of the office's publications (专报, 快报, 信息简报, 每日要情): its name printed in red, its level and
    default classification, who edits it (编印单位) and its readers, with the 报/送/发 lines of its foot."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("刊物名称", max_length=40)
    kind = models.CharField("刊物类别", max_length=20, choices=PublicationKind.choices)
    level = models.CharField("刊物层级", max_length=20, default="county")  # an AdoptionLevel value
    classification = models.PositiveSmallIntegerField(
        "默认密级", choices=Classification.choices, default=Classification.INTERNAL
    )
    editing_unit = models.CharField("编印单位", max_length=60)
    report_to = models.CharField("报", max_length=200, blank=True)
    send_to = models.CharField("送", max_length=200, blank=True)
    issue_to = models.CharField("发", max_length=200, blank=True)
    reader_units = models.ManyToManyField("org.Unit", verbose_name="阅读单位", blank=True, related_name="+")
    reader_people = models.ManyToManyField(
        "org.Person", verbose_name="阅读人员", blank=True, related_name="+"
    )
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "刊物"
        verbose_name_plural = "刊物"

    def __str__(self) -> str:
        return self.name


class IssueState(models.TextChoices):
    EDITING = "editing", "编辑中"
    IN_REVIEW = "in_review", "审核中"  # on the workflow app: reviewed and signed off
    SIGNED = "signed", "已签发"  # numbered (第N期) and rendered
    DISTRIBUTED = "distributed", "已分发"


class PublicationIssue(Classified):
    """One issue of a publication. Its number (第N期, restarting each year) is given at sign-off, so an issue
    abandoned in review leaves no gap. Its readers are in its need-to-know once it is distributed."""

    publication = models.ForeignKey(
        Publication, verbose_name="刊物", on_delete=models.PROTECT, related_name="issues"
    )
    year = models.PositiveIntegerField("年度")
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    title = models.CharField("本期标题", max_length=120, blank=True)
    state = models.CharField("状态", max_length=16, choices=IssueState.choices, default=IssueState.EDITING)
    signed_off_by = models.ForeignKey(
        "org.Person", verbose_name="签发人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    published_on = models.DateField("编印日期", null=True, blank=True)
    distributed_at = models.DateTimeField("分发时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "year", "number"],
                condition=Q(number__isnull=False),
                name="info_issue_number_unique",
            )
        ]
        verbose_name = "刊期"
        verbose_name_plural = "刊期"

    def __str__(self) -> str:
        return (
            f"{self.publication.name}{self.year}年第{self.number}期"
            if self.number
            else f"{self.publication.name}（待编号）"
        )


class IssueEntry(models.Model):
    """An adopted item in an issue, with the text as edited for the issue (the item keeps its own versions)."""

    issue = models.ForeignKey(PublicationIssue, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(InfoReport, on_delete=models.PROTECT, related_name="issue_entries")
    position = models.PositiveIntegerField("顺序", default=0)
    headline = models.CharField("标题", max_length=120)
    body = models.TextField("正文")

    class Meta:
        ordering = ["issue", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["issue", "item"], name="info_issue_entry_unique")]
        verbose_name = "刊期稿件"
        verbose_name_plural = "刊期稿件"

    def __str__(self) -> str:
        return self.headline


class IssueReceipt(models.Model):
    """A reader's copy of a distributed issue inside 中枢: delivered, and read when he first opens it."""

    issue = models.ForeignKey(PublicationIssue, on_delete=models.CASCADE, related_name="receipts")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    delivered_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        ordering = ["issue", "person"]
        constraints = [models.UniqueConstraint(fields=["issue", "person"], name="info_receipt_unique")]
        verbose_name = "阅读回执"
        verbose_name_plural = "阅读回执"

    def __str__(self) -> str:
        return f"{self.issue_id}→{self.person_id}"


# --- 采用与计分: adoption upward, the rule table, penalties --------------------------------------------------


class AdoptionLevel(models.TextChoices):
    """The level of the publication that adopts an item (DOMAIN: points by level)."""

    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    STATE_COUNCIL = "state_council", "国务院办公厅"
    CENTRAL = "central", "中央办公厅"


class UpwardAdoption(models.Model):
    """An item sent up and adopted by a higher office's publication, entered by the editor when that
    publication comes out. The county's own adoption (an item in a distributed issue) is derived, not entered."""

    item = models.ForeignKey(InfoReport, on_delete=models.PROTECT, related_name="upward_adoptions")
    level = models.CharField("采用层级", max_length=20, choices=AdoptionLevel.choices)
    publication_name = models.CharField("采用刊物", max_length=60)  # 市委办《每日要情》
    issue_label = models.CharField("期号", max_length=30)  # 2026年第12期
    adopted_on = models.DateField("采用日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "publication_name", "issue_label"], name="info_upward_adoption_unique"
            )
        ]
        indexes = [models.Index(fields=["adopted_on"], name="info_upward_adopted_on")]
        verbose_name = "上级采用"
        verbose_name_plural = "上级采用"

    def __str__(self) -> str:
        return f"{self.publication_name}{self.issue_label}"


class ScoringMode(models.TextChoices):
    CUMULATIVE = "cumulative", "累计计分"  # every adoption of an item scores
    HIGHEST = "highest", "就高计分"  # an item scores its highest adoption only


class ScoreRuleTable(models.Model):
    """One version of the office's scoring rules (计分规则), in force from `valid_from` until the next version's
    `valid_from`. A fact (an adoption, an instruction, a false item, a missed 约稿) scores under the version in
    force on its date, so last year's ranking keeps last year's rules. A version that has scored is frozen."""

    name = models.CharField("名称", max_length=60)
    valid_from = models.DateField("启用日期", unique=True)
    mode = models.CharField(
        "计分方式", max_length=16, choices=ScoringMode.choices, default=ScoringMode.CUMULATIVE
    )
    false_item_penalty = models.DecimalField("虚假信息扣分", max_digits=6, decimal_places=1, default=0)
    missed_commission_penalty = models.DecimalField("约稿未报扣分", max_digits=6, decimal_places=1, default=0)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "计分规则"
        verbose_name_plural = "计分规则"

    def __str__(self) -> str:
        return self.name


class RuleKind(models.TextChoices):
    ADOPTION = "adoption", "采用"  # points for adoption by a publication of `level`
    INSTRUCTION = "instruction", "领导批示"  # a bonus for a leader's instruction at `level`


class ScoreRule(models.Model):
    """Points for one kind of fact at one level; two rules for one kind and level contradict each other."""

    table = models.ForeignKey(ScoreRuleTable, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField("类别", max_length=16, choices=RuleKind.choices)
    level = models.CharField("层级", max_length=20, choices=AdoptionLevel.choices)
    points = models.DecimalField("分值", max_digits=6, decimal_places=1)

    class Meta:
        ordering = ["table", "kind", "level"]
        constraints = [
            models.UniqueConstraint(fields=["table", "kind", "level"], name="info_score_rule_unique")
        ]
        verbose_name = "计分细则"
        verbose_name_plural = "计分细则"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.get_level_display()} {self.points}"


class QuotaPeriod(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


class ScoreQuota(models.Model):
    """A quota (任务数): each unit is expected to have `items` items adopted per period; each one short costs
    `penalty_per_missing` points when the period's ranking is computed."""

    table = models.ForeignKey(ScoreRuleTable, on_delete=models.CASCADE, related_name="quotas")
    period = models.CharField("周期", max_length=10, choices=QuotaPeriod.choices)
    items = models.PositiveIntegerField("采用任务数")
    penalty_per_missing = models.DecimalField("每少一条扣分", max_digits=6, decimal_places=1, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "period"], name="info_score_quota_unique")]
        verbose_name = "信息任务数"
        verbose_name_plural = "信息任务数"

    def __str__(self) -> str:
        return f"{self.get_period_display()}{self.items}条"


# --- 约稿: commissioned pieces -------------------------------------------------------------------------------


class Commission(models.Model):
    """约稿: the office asks units for a piece on a topic by a deadline counted in working days."""

    topic = models.CharField("约稿主题", max_length=120)
    detail = models.TextField("约稿要求", blank=True)
    working_days = models.PositiveIntegerField("时限（工作日）")
    deadline = models.DateField("截止日期")  # the working_days-th working day after issued_on
    issued_on = models.DateField("约稿日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "约稿"
        verbose_name_plural = "约稿"

    def __str__(self) -> str:
        return self.topic


class CommissionTarget(models.Model):
    """One unit asked for a commissioned piece. Answered when an item of the unit answering it is submitted;
    missed (and penalised) when the deadline passed without one — derived, never stored."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("org.Unit", verbose_name="约稿单位", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["commission", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "unit"], name="info_commission_target_unique")
        ]
        verbose_name = "约稿单位"
        verbose_name_plural = "约稿单位"

    def __str__(self) -> str:
        return f"{self.commission_id}→{self.unit_id}"


class CommissionReminder(models.Model):
    """A reminder sent for a target (before the deadline, on being late): kept so a tick never sends twice."""

    target = models.ForeignKey(CommissionTarget, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("类别", max_length=10)  # "due" (before the deadline) or "late"
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "kind"], name="info_commission_reminder_unique")
        ]
        verbose_name = "约稿提醒"
        verbose_name_plural = "约稿提醒"

    def __str__(self) -> str:
        return f"{self.target_id}:{self.kind}"


# --- 批示: leaders' instructions on items and issues --------------------------------------------------------


class InfoInstruction(models.Model):
    """领导批示 on an item or on a published issue (exactly one of the two), written by a county leader or
    entered by the editor with the level of the leader (a city leader's instruction on an item sent up). It
    earns the item's unit the rule table's bonus and becomes a supervision item through core.instructions,
    linked both ways through access.links."""

    item = models.ForeignKey(
        InfoReport, null=True, blank=True, on_delete=models.PROTECT, related_name="instructions"
    )
    issue = models.ForeignKey(
        PublicationIssue, null=True, blank=True, on_delete=models.PROTECT, related_name="instructions"
    )
    leader = models.ForeignKey(
        "org.Person",
        verbose_name="批示领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_name = models.CharField("批示领导（上级）", max_length=40, blank=True)  # a leader outside 中枢
    level = models.CharField(
        "批示层级", max_length=20, choices=AdoptionLevel.choices, default=AdoptionLevel.COUNTY
    )
    text = models.TextField("批示内容")
    given_on = models.DateField("批示日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    supervised_at = models.DateTimeField("转督办时间", null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, issue__isnull=True)
                | Q(item__isnull=True, issue__isnull=False),
                name="info_instruction_on_item_or_issue",
            )
        ]
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"

    def __str__(self) -> str:
        return self.text[:40]
