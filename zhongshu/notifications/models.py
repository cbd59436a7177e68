"""The notice outbox and the in-app inbox.

An `OutboxMessage` is written in the same transaction as the change that causes it, so a notice exists
exactly when its cause was committed. Delivery claims rows with a conditional UPDATE; the row then records
who was told, when and by which channel. A `Notice` is what the in-app channel delivers: its one-to-one link
to the outbox row means a redelivery after a crash cannot put a second notice in anyone's inbox.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    channel = models.CharField("渠道", max_length=20, default="inapp")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=60)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发通知"
        verbose_name_plural = "待发通知"
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(delivered_at__isnull=True), name="outbox_undelivered"
            ),
            models.Index(fields=["recipient", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.kind} → {self.recipient_id}"


class Notice(models.Model):
    """One entry of a person's in-app inbox (消息提醒)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField("类别", max_length=60)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    outbox = models.OneToOneField(OutboxMessage, on_delete=models.PROTECT, related_name="notice")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "消息"
        verbose_name_plural = "消息"
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
