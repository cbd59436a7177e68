"""机要保密 · classification (定密): who decides (定密责任人), the decisions about one record of another module
(定密, 变更, 延期, 解密), the parts of a compilation, and the yearly review marks.

A decision names its record by content type and id (the record is an `access.models.Classified` registered with
`access.links`); it never copies the record's title, so the register shows a title only to a viewer who may see
the record. The decision that currently governs a record is its `is_latest` approved one; its term runs from its
decision date (`starts_on`) to `ends_on`, stored so the yearly review queue is one indexed range read.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from zhongshu.base.levels import Classification


class DecisionKind(models.TextChoices):
    CLASSIFY = "classify", "定密"
    CHANGE = "change", "变更"
    EXTEND = "extend", "延期"
    DECLASSIFY = "declassify", "解密"


class DecisionState(models.TextChoices):
    PENDING = "pending", "待审定"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class ReviewVerdict(models.TextChoices):
    KEEP = "keep", "维持"
    CHANGE = "change", "拟变更"
    DECLASSIFY = "declassify", "拟解密"


class ClassificationOfficer(models.Model):
    """定密责任人: a person named to decide on classification for a unit from one day to another (open-ended
    when `ends_on` is empty). A unit with nobody named has the county office's director decide."""

    person = models.ForeignKey(
        "org.Person", verbose_name="定密责任人", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", verbose_name="负责单位", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("终止日期", null=True, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="指定人", on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField("指定时间", auto_now_add=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "定密责任人"
        verbose_name_plural = "定密责任人"
        indexes = [models.Index(fields=["person", "unit"], name="secrecy_officer_person_unit")]

    def __str__(self) -> str:
        return f"定密责任人 {self.person_id}@{self.unit_id}"


class ClassificationDecision(models.Model):
    """One 定密 / 变更 / 延期 / 解密 of one record: proposed by the person handling the matter, decided by a
    classification officer, applied to the record's access fields when approved."""

    kind = models.CharField("类别", max_length=12, choices=DecisionKind.choices)
    state = models.CharField(
        "状态", max_length=10, choices=DecisionState.choices, default=DecisionState.PENDING
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name="记录类型", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("记录编号")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="定密单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    classification = models.PositiveSmallIntegerField("密级", choices=Classification.choices)
    secrecy_term_years = models.PositiveSmallIntegerField("保密期限（年）", null=True, blank=True)
    previous_classification = models.PositiveSmallIntegerField(
        "原密级", choices=Classification.choices, null=True, blank=True
    )
    previous_term_years = models.PositiveSmallIntegerField("原保密期限（年）", null=True, blank=True)
    # Whether the decision sets the need-to-know (知悉范围) to the people and units below, or leaves it.
    sets_need_to_know = models.BooleanField("确定知悉范围", default=False)
    need_to_know_people = models.ManyToManyField(
        "org.Person", verbose_name="知悉范围（人员）", blank=True, related_name="+"
    )
    need_to_know_units = models.ManyToManyField(
        "org.Unit", verbose_name="知悉范围（单位）", blank=True, related_name="+"
    )
    is_compilation = models.BooleanField("汇编或摘录", default=False)
    basis = models.CharField("定密依据", max_length=300, blank=True)
    reason = models.CharField("理由", max_length=500)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("提出时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)
    opinion = models.CharField("审定意见", max_length=500, blank=True)
    # The term of an approved 定密 / 变更 / 延期: from the decision date, years on.
    starts_on = models.DateField("起算日期", null=True, blank=True)
    ends_on = models.DateField("届满日期", null=True, blank=True)
    # The approved decision that governs its record now (a later approved one supersedes it).
    is_latest = models.BooleanField("现行决定", default=False)
    # When the expiry tick wrote the record's end of term into its access fields (the display derives the
    # state from `ends_on` alone; this only keeps the tick from applying it twice).
    expiry_applied_at = models.DateTimeField("到期解密执行时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本号", default=1)

    class Meta:
        verbose_name = "定密决定"
        verbose_name_plural = "定密决定"
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="secrecy_decision_record"),
            models.Index(fields=["state", "unit"], name="secrecy_decision_state_unit"),
            # The yearly review queue and the expiry tick: the governing decisions by their end date.
            models.Index(fields=["ends_on"], condition=Q(is_latest=True), name="secrecy_decision_latest_end"),
        ]

    def __str__(self) -> str:
        # Named by kind and id: a decision never carries its record's title.
        return f"{self.get_kind_display()}决定#{self.pk}"


class DecisionPart(models.Model):
    """One part (another record) of a compilation or excerpt (汇编 / 摘录) the decision is about."""

    decision = models.ForeignKey(
        ClassificationDecision, verbose_name="定密决定", on_delete=models.CASCADE, related_name="parts"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name="记录类型", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("记录编号")

    class Meta:
        verbose_name = "汇编组成部分"
        verbose_name_plural = "汇编组成部分"

    def __str__(self) -> str:
        return f"组成部分 {self.content_type_id}#{self.object_id}"


class ClassificationReview(models.Model):
    """年度定密审查: a classification officer's mark on one secret in one year (keep / change / declassify)."""

    decision = models.ForeignKey(
        ClassificationDecision, verbose_name="定密决定", on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField("审查年度")
    verdict = models.CharField("审查结论", max_length=12, choices=ReviewVerdict.choices)
    opinion = models.CharField("审查意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("审查时间")

    class Meta:
        verbose_name = "年度定密审查"
        verbose_name_plural = "年度定密审查"
        constraints = [
            models.UniqueConstraint(fields=["decision", "year"], name="secrecy_review_once_a_year")
        ]

    def __str__(self) -> str:
        return f"年度定密审查 {self.decision_id}/{self.year}"


__all__ = [
    "ClassificationDecision",
    "ClassificationOfficer",
    "ClassificationReview",
    "DecisionKind",
    "DecisionPart",
    "DecisionState",
    "ReviewVerdict",
]
