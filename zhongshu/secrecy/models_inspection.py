"""机要保密 · inspection: the yearly risk checklist (风险隐患清单) with its items by area and points, a
self-inspection round (保密自查) over it, and each participant's filling (one answer per item: 符合 / 不符合 /
不适用, evidence, and a finding when 不符合). The score is derived from the answers (inspection.py), never stored.

None of these is `Classified`: a filling names its unit's weaknesses, so the access policy keeps it to the
secrecy office and the unit's own administrator through registered scopes (inspection.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = [
    "FillingState",
    "InspectionAnswer",
    "InspectionFilling",
    "InspectionRound",
    "RiskArea",
    "RiskChecklist",
    "RiskItem",
    "Verdict",
]


class RiskArea(models.TextChoices):
    PERSONNEL = "personnel", "涉密人员"
    CARRIERS = "carriers", "涉密载体"
    SYSTEMS = "systems", "涉密计算机和信息系统"
    EQUIPMENT = "equipment", "通信办公设备"
    PUBLICITY = "publicity", "宣传报道和公开"
    MEETINGS = "meetings", "会议活动"
    KEY_PLACES = "key_places", "要害部位"


class RiskChecklist(models.Model):
    """风险隐患清单 of one year."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("清单名称", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制定人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("制定时间")

    class Meta:
        verbose_name = "风险隐患清单"
        verbose_name_plural = "风险隐患清单"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class RiskItem(models.Model):
    """One risk to check, in its area, worth `points` of the 100-point score's base."""

    checklist = models.ForeignKey(
        RiskChecklist, verbose_name="风险隐患清单", on_delete=models.CASCADE, related_name="items"
    )
    area = models.CharField("检查领域", max_length=20, choices=RiskArea.choices)
    position = models.PositiveSmallIntegerField("序号")
    text = models.CharField("检查内容", max_length=300)
    points = models.PositiveSmallIntegerField("分值")

    class Meta:
        verbose_name = "风险隐患检查项"
        verbose_name_plural = "风险隐患检查项"
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "position"], name="secrecy_risk_item_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class InspectionRound(models.Model):
    """保密自查 of one year: the checklist, the deadline, and (as its fillings) who takes part."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("自查名称", max_length=200)
    checklist = models.ForeignKey(
        RiskChecklist, verbose_name="风险隐患清单", on_delete=models.PROTECT, related_name="rounds"
    )
    deadline = models.DateField("填报截止日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="组织人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("组织时间")

    class Meta:
        verbose_name = "保密自查"
        verbose_name_plural = "保密自查"
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class FillingState(models.TextChoices):
    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已提交"
    REVIEWED = "reviewed", "已审核"


class InspectionFilling(models.Model):
    """One participant's filling of a round: a unit, or one department of it."""

    round = models.ForeignKey(
        InspectionRound, verbose_name="保密自查", on_delete=models.CASCADE, related_name="fillings"
    )
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department",
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField("状态", max_length=20, choices=FillingState.choices, default=FillingState.DRAFT)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_opinion = models.TextField("审核意见", blank=True)
    version = models.PositiveIntegerField("版本号", default=1)

    class Meta:
        verbose_name = "保密自查填报"
        verbose_name_plural = "保密自查填报"
        ordering = ["round", "unit__name", "pk"]

    def __str__(self) -> str:
        return self.participant_name

    @property
    def participant_name(self) -> str:
        if self.department is not None:
            return f"{self.unit.name}{self.department.name}"
        return self.unit.name


class Verdict(models.TextChoices):
    MET = "met", "符合"
    UNMET = "unmet", "不符合"
    NOT_APPLICABLE = "not_applicable", "不适用"


class InspectionAnswer(models.Model):
    """A filling's answer to one item; blank verdict until answered. A 不符合 answer is a finding, turned
    into a 整改 item once (`rectified_at`)."""

    filling = models.ForeignKey(
        InspectionFilling, verbose_name="保密自查填报", on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(RiskItem, verbose_name="检查项", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField("自查结果", max_length=20, choices=Verdict.choices, blank=True)
    evidence = models.TextField("佐证说明", blank=True)
    finding = models.TextField("发现问题", blank=True)
    rectified_at = models.DateTimeField("转整改时间", null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="转整改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "保密自查答复"
        verbose_name_plural = "保密自查答复"
        ordering = ["filling", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["filling", "item"], name="secrecy_inspection_answer_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item.position}. {self.get_verdict_display() or '未填'}"
