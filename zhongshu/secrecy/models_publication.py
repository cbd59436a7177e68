"""公开审查: the secrecy review before a record marked 主动公开 (an outgoing document) is published.

One `PublicationReview` is one round of review of one record (found by content type and id, so this module
never imports the module that publishes): the content as reviewed (title, body, attachments) and its
fingerprint, then the drafting unit's review and the secrecy office's, each with reviewer, opinion and time.
A record has at most one open round (待起草单位审查, 待保密审查 or 通过); a round that was returned, or whose
record changed after it (its fingerprint no longer matches), is closed as 退回 and a new round begins.

The review is not `Classified`: it is as visible as its record (`publication.review_scope`, registered with the
access policy), so its title never shows to someone who may not see the record.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReviewState(models.TextChoices):
    UNIT_PENDING = "unit_pending", "待起草单位审查"
    SECRECY_PENDING = "secrecy_pending", "待保密审查"
    PASSED = "passed", "通过"
    RETURNED = "returned", "退回"
    PUBLISHED = "published", "已发布"


OPEN_STATES = (ReviewState.UNIT_PENDING, ReviewState.SECRECY_PENDING, ReviewState.PASSED)


class PublicationReview(models.Model):
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="记录类型", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("记录编号")
    record = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey("org.Unit", verbose_name="起草单位", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        "状态", max_length=20, choices=ReviewState.choices, default=ReviewState.UNIT_PENDING
    )
    # What was reviewed, exactly: the record's title, body and attachments when the round began.
    fingerprint = models.CharField("内容指纹", max_length=64)
    reviewed_title = models.CharField("审查时标题", max_length=200)
    reviewed_body = models.TextField("审查时正文", blank=True)
    reviewed_attachments = models.TextField("审查时附件", blank=True)  # one a line
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("提请时间", default=timezone.now)
    # 起草单位审查: the unit's leader or its part-time secrecy administrator.
    unit_reviewer = models.ForeignKey(
        "org.Person",
        verbose_name="起草单位审查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_opinion = models.TextField("起草单位审查意见", blank=True)
    unit_reviewed_at = models.DateTimeField("起草单位审查时间", null=True, blank=True)
    # 保密审查: the county office's 保密办 (保密员) or the office director.
    secrecy_reviewer = models.ForeignKey(
        "org.Person",
        verbose_name="保密审查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secrecy_opinion = models.TextField("保密审查意见", blank=True)
    secrecy_reviewed_at = models.DateTimeField("保密审查时间", null=True, blank=True)
    returned_reason = models.CharField("退回原因", max_length=200, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本号", default=1)

    class Meta:
        verbose_name = "公开审查"
        verbose_name_plural = "公开审查"
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="secrecy_pubreview_record"),
            models.Index(fields=["state", "unit"], name="secrecy_pubreview_state"),
        ]
        constraints = [
            # One open round per record: two people asking at once cannot open two.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["unit_pending", "secrecy_pending", "passed"]),
                name="secrecy_pubreview_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"公开审查#{self.pk}"

    @property
    def reviewed_attachment_lines(self) -> list[str]:
        return [line for line in self.reviewed_attachments.splitlines() if line.strip()]
