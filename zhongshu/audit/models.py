"""The append-only audit log. Each event is chained to the previous one by HMAC-SM3."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    DENIED = "denied", "拒绝"
    FAILURE = "failure", "失败"


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses the bulk writes that would bypass the chain: rows are appended one by one and kept."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are never deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are never updated")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are written only by audit.chain.append_event")


class AuditEvent(models.Model):
    """One audited event. Rows are inserted by `audit.chain.append_event` and never updated or deleted.

    `seq` is the position in the chain (1, 2, 3, ...); `entry_hash` = HMAC-SM3(key, prev_hash ‖ canonical
    bytes of the event). The key lives outside the database.
    """

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    source_address = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    classification = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["actor", "seq"]),
            models.Index(fields=["object_type", "object_id"]),
            # The auditor's filters page by seq (keyset), so each filter column is indexed with it.
            models.Index(fields=["actor_name", "seq"], name="audit_actor_name_seq"),
            models.Index(fields=["action", "seq"], name="audit_action_seq"),
        ]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not getattr(self, "_chain_append", False):
            raise AppendOnlyError(
                "audit events are written only by audit.chain.append_event and never changed"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never deleted")
