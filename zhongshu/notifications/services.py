"""Notices: `notify` writes to the outbox in the caller's transaction; `deliver_outbox` sends what is due.

Delivery claims rows with a conditional UPDATE (``... WHERE delivered_at IS NULL AND (claimed_at IS NULL
OR claimed_at < lease cut-off)``), so two workers never take the same row, and a worker that died holding
a claim loses it once the lease runs out. The in-app channel creates the `Notice` and marks the row
delivered in one transaction; the Notice's unique link to its outbox row makes a repeated delivery a no-op.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from zhongshu.access.policy import can, is_protected
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.jobs import enqueue
from zhongshu.notifications.models import Notice, OutboxMessage

logger = logging.getLogger(__name__)

INAPP = "inapp"
# A claim older than this is taken to belong to a dead worker and may be retaken.
CLAIM_LEASE = timedelta(minutes=5)
# After this many failed attempts a message stays undelivered (with its last error) for someone to look at.
MAX_ATTEMPTS = 10

DeliverFn = Callable[[OutboxMessage], None]
_CHANNELS: dict[str, DeliverFn] = {}


def register_channel(name: str, deliver: DeliverFn) -> None:
    """Add a delivery channel. `deliver(message)` runs inside a transaction and must be idempotent."""
    _CHANNELS[name] = deliver


# What a recipient who may not see the record is told instead of its title (issue 14: a notice reveals
# nothing). They still learn that something came, so their unit can hand it to someone cleared for it.
WITHHELD_TITLE = "您有一条新通知，所涉记录您无权查看，请向本单位具备相应资格的同志了解"


def notify(
    *,
    recipient: Any,
    about: models.Model | None,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str | None = None,
    channel: str = INAPP,
    payload: dict[str, Any] | None = None,
) -> OutboxMessage | None:
    """Queue a notice for `recipient` (a user) in the caller's transaction.

    `about` is the record the notice tells of (None for a notice about no record): every caller must say,
    and the title, body and link pass the one access policy for the recipient — one who may not see the
    record gets `WITHHELD_TITLE` with no body or link, never the record's title.

    With a `dedupe_key` that was used before, nothing is written and None is returned: a periodic scan can
    call this on every run and still tell a person once.
    """
    if channel not in _CHANNELS:
        raise ServiceError(f"未知的通知渠道：{channel}", code="unknown_channel")
    # A record the policy does not guard (a test subject, a calendar row) has no title to keep.
    if about is not None and is_protected(type(about)) and not can(recipient, about):
        title, body, link, payload = WITHHELD_TITLE, "", "", {"withheld": True}
    if dedupe_key is not None and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        # A savepoint, so that losing a dedupe race does not break the caller's transaction.
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel,
                recipient=recipient,
                kind=kind,
                title=title[:200],
                body=body,
                link=link[:500],
                payload=payload or {},
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key is not None and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    enqueue("notifications.deliver", message_ids=[message.pk])
    return message


def _claim(token: str, batch: int, ids: list[int] | None) -> int:
    now = timezone.now()
    claimable = Q(delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    )
    candidates = OutboxMessage.objects.filter(claimable)
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    candidate_ids = list(candidates.order_by("id").values_list("id", flat=True)[:batch])
    if not candidate_ids:
        return 0
    # The condition is repeated in the UPDATE itself: between the SELECT and here another worker may have
    # claimed some rows, and PostgreSQL re-checks the WHERE clause of a row it had to wait for.
    return OutboxMessage.objects.filter(claimable, pk__in=candidate_ids).update(
        claimed_at=now, claim_token=token, attempts=F("attempts") + 1
    )


def deliver_outbox(batch: int = 500, *, message_ids: list[int] | None = None) -> int:
    """Claim and deliver undelivered messages (all due ones, or only `message_ids`). Returns how many."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        claimed = _claim(token, batch, message_ids)
    if not claimed:
        return 0
    delivered = 0
    for message in OutboxMessage.objects.filter(claim_token=token, delivered_at__isnull=True).order_by("id"):
        if _deliver_one(message, token):
            delivered += 1
    return delivered


def _deliver_one(message: OutboxMessage, token: str) -> bool:
    deliver = _CHANNELS.get(message.channel)
    try:
        if deliver is None:
            raise LookupError(f"no channel registered as {message.channel!r}")
        with transaction.atomic():
            deliver(message)
            marked = OutboxMessage.objects.filter(
                pk=message.pk, claim_token=token, delivered_at__isnull=True
            ).update(delivered_at=timezone.now(), last_error="")
            if not marked:
                # Our lease ran out and someone else took the row over: let them record the delivery.
                transaction.set_rollback(True)
                return False
        return True
    except Exception as error:
        logger.exception("delivering outbox message %s failed", message.pk)
        # Release the claim so the next tick retries, keeping the reason for whoever looks.
        OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(
            claimed_at=None, claim_token="", last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return False


def _deliver_inapp(message: OutboxMessage) -> None:
    if Notice.objects.filter(outbox=message).exists():
        return
    try:
        with transaction.atomic():
            Notice.objects.create(
                outbox=message,
                recipient_id=message.recipient_id,
                kind=message.kind,
                title=message.title,
                body=message.body,
                link=message.link,
                created_at=message.created_at,
            )
    except IntegrityError:
        # A worker whose lease had expired delivered it at the same moment: one notice stands.
        if not Notice.objects.filter(outbox=message).exists():
            raise


register_channel(INAPP, _deliver_inapp)


def notice_mark_read(*, user: Any, notice: Notice) -> Notice:
    """Mark one of the user's own notices read. Reading is not audited: the notice is only a pointer."""
    if notice.recipient_id != user.pk:
        raise Forbidden("只能处理本人的消息", code="not_recipient")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_all_read(*, user: Any) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
