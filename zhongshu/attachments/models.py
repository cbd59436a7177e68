"""Stored files and their links to the records that own them.

A `StoredFile` is one uploaded file as kept on disk: its SHA-256 (of the plaintext), size, the type found
by looking at its content, the name it came with, where it lies under MEDIA_ROOT and the cipher it is
kept under ("" for none). An `Attachment` ties a stored file to any record (a document, a meeting, a
report) for one purpose; who may download it is the owning record's business.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class StoredFile(models.Model):
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("内容类型", max_length=120)
    kind = models.CharField("文件类型", max_length=10)
    original_name = models.CharField("原文件名", max_length=255)
    path = models.CharField(max_length=500, unique=True)
    cipher = models.CharField("加密算法", max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"

    def __str__(self) -> str:
        return self.original_name


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    file = models.ForeignKey(
        StoredFile, verbose_name="文件", on_delete=models.PROTECT, related_name="attachments"
    )
    purpose = models.CharField("用途", max_length=40, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="添加人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("添加时间", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"
        indexes = [models.Index(fields=["content_type", "object_id", "purpose"])]

    def __str__(self) -> str:
        return self.file.original_name
