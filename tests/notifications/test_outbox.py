"""The outbox: written with its cause, delivered once, retaken from a dead worker, never lost."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from zhongshu.core.errors import Forbidden
from zhongshu.notifications.models import Notice, OutboxMessage
from zhongshu.notifications.services import (
    CLAIM_LEASE,
    deliver_outbox,
    notice_mark_read,
    notify,
    register_channel,
)
from zhongshu.testing import factories


@pytest.fixture
def user(db):
    return factories.make_user("recipient")


def test_notify_writes_one_outbox_row_and_no_notice_until_delivered(user):
    message = notify(recipient=user, about=None, kind="test", title="请审核", body="正文", link="/x/")

    assert message is not None
    assert OutboxMessage.objects.get().title == "请审核"
    assert message.delivered_at is None
    assert not Notice.objects.exists()


def test_deliver_creates_the_notice_and_records_the_delivery(user):
    message = notify(recipient=user, about=None, kind="test", title="请审核", link="/x/")

    assert deliver_outbox() == 1

    message.refresh_from_db()
    notice = Notice.objects.get()
    assert (notice.recipient, notice.title, notice.link, notice.outbox) == (user, "请审核", "/x/", message)
    assert message.delivered_at is not None
    assert message.attempts == 1
    assert message.channel == "inapp"


def test_delivering_twice_leaves_one_notice(user):
    notify(recipient=user, about=None, kind="test", title="一次")

    assert deliver_outbox() == 1
    assert deliver_outbox() == 0
    assert Notice.objects.count() == 1


def test_a_crash_after_the_notice_was_written_does_not_deliver_a_second_notice(user):
    message = notify(recipient=user, about=None, kind="test", title="一次")
    deliver_outbox()
    # As if the worker died after creating the notice but before the delivery mark was kept.
    OutboxMessage.objects.filter(pk=message.pk).update(delivered_at=None, claimed_at=None, claim_token="")

    assert deliver_outbox() == 1
    assert Notice.objects.count() == 1


def test_a_same_dedupe_key_writes_nothing_the_second_time(user):
    first = notify(recipient=user, about=None, kind="test", title="逾期", dedupe_key="overdue:1")
    second = notify(recipient=user, about=None, kind="test", title="逾期", dedupe_key="overdue:1")

    assert first is not None
    assert second is None
    assert OutboxMessage.objects.count() == 1


def test_a_claim_held_by_a_live_worker_is_left_alone(user):
    message = notify(recipient=user, about=None, kind="test", title="在途")
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now(), claim_token="other")

    assert deliver_outbox() == 0
    assert not Notice.objects.exists()


def test_a_claim_of_a_dead_worker_is_retaken_after_the_lease(user):
    message = notify(recipient=user, about=None, kind="test", title="在途")
    stale = timezone.now() - CLAIM_LEASE - timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=stale, claim_token="dead", attempts=1)

    assert deliver_outbox() == 1

    message.refresh_from_db()
    assert message.attempts == 2
    assert message.claim_token != "dead"
    assert Notice.objects.count() == 1


def test_a_failing_channel_keeps_the_message_for_the_next_tick_with_its_error(user):
    calls: list[int] = []

    def flaky(message: OutboxMessage) -> None:
        calls.append(message.pk)
        if len(calls) == 1:
            raise ConnectionError("网关不可达")

    register_channel("flaky", flaky)
    message = notify(recipient=user, about=None, kind="test", title="短信", channel="flaky")

    assert deliver_outbox() == 0
    message.refresh_from_db()
    assert message.delivered_at is None
    assert message.last_error == "ConnectionError: 网关不可达"
    assert message.claimed_at is None

    assert deliver_outbox() == 1
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert message.last_error == ""


def test_only_the_named_messages_are_delivered_when_ids_are_given(user):
    first = notify(recipient=user, about=None, kind="test", title="一")
    notify(recipient=user, about=None, kind="test", title="二")

    assert deliver_outbox(message_ids=[first.pk]) == 1
    assert list(Notice.objects.values_list("title", flat=True)) == ["一"]


def test_mark_read_only_by_the_recipient(user):
    notify(recipient=user, about=None, kind="test", title="一")
    deliver_outbox()
    notice = Notice.objects.get()
    other = factories.make_user("someone_else")

    with pytest.raises(Forbidden) as raised:
        notice_mark_read(user=other, notice=notice)
    assert raised.value.message == "只能处理本人的消息"
    notice.refresh_from_db()
    assert notice.read_at is None

    notice_mark_read(user=user, notice=notice)
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.django_db(transaction=True)
def test_notify_rolled_back_with_its_transaction_leaves_no_row():
    user = factories.make_user("rollback")

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient=user, about=None, kind="test", title="不应存在")
        raise RuntimeError("the change failed")

    assert not OutboxMessage.objects.exists()
    assert not Notice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_notify_delivers_promptly_through_the_job_after_commit():
    user = factories.make_user("prompt")

    with transaction.atomic():
        notify(recipient=user, about=None, kind="test", title="即时")
        # Not before the commit: the job must never see a row that could still roll back.
        assert not Notice.objects.exists()

    assert Notice.objects.get().title == "即时"
    assert OutboxMessage.objects.get().delivered_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_deliver_each_message_once(on_postgres):
    user = factories.make_user("race")
    for n in range(60):
        OutboxMessage.objects.create(channel="inapp", recipient=user, kind="test", title=f"第{n}条")
    delivered: list[int] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(5):
                delivered.append(deliver_outbox(batch=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deliver_outbox()

    assert Notice.objects.count() == 60
    assert sum(OutboxMessage.objects.values_list("attempts", flat=True)) == 60
    assert OutboxMessage.objects.filter(delivered_at__isnull=True).count() == 0
