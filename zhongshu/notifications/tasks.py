"""The delivery job (prompt, after each notify) and the delivery tick (catches anything a job missed)."""

from __future__ import annotations

from zhongshu.core.jobs import register_job, register_tick
from zhongshu.notifications.services import deliver_outbox


def deliver_job(message_ids: list[int] | None = None) -> int:
    return deliver_outbox(message_ids=message_ids)


def deliver_tick() -> int:
    return deliver_outbox()


def register() -> None:
    register_job("notifications.deliver", deliver_job)
    register_tick("notifications.deliver", deliver_tick)
