"""精文减会: a unit's yearly quota of one kind (发文, a type of meeting), and the leaders' recorded consents to go
beyond it, one per record that went beyond (append-only)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from zhongshu.core.models import AppendOnlyModel


class Quota(models.Model):
    """How many of a kind (`documents`, `meetings.executive`) a unit may have in a year."""

    kind = models.CharField("额度类别", max_length=60)
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    limit = models.PositiveIntegerField("额度")

    class Meta:
        verbose_name = "额度"
        verbose_name_plural = "额度"
        constraints = [models.UniqueConstraint(fields=["kind", "unit", "year"], name="quota_kind_unit_year")]
        indexes = [models.Index(fields=["kind", "year"], name="quota_kind_year")]

    def __str__(self) -> str:
        return f"{self.kind}·{self.unit_id}·{self.year}：{self.limit}"


class QuotaOverride(AppendOnlyModel):
    """A leader's recorded consent to one record (a document, a meeting) beyond its unit's yearly quota."""

    kind = models.CharField("额度类别", max_length=60)
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    record_type = models.ForeignKey(
        ContentType, verbose_name="记录类型", on_delete=models.PROTECT, related_name="+"
    )
    record_id = models.PositiveBigIntegerField("记录编号")
    leader = models.ForeignKey(
        "org.Person",
        verbose_name="同意领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("书面说明", max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "突破额度记录"
        verbose_name_plural = "突破额度记录"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_type", "record_id"], name="quota_override_kind_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}·{self.record_type_id}·{self.record_id}"
