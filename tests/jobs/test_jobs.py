"""Jobs run after commit on every backend; ticks run every registered task; Redis is the real one."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from zhongshu.core import jobs
from zhongshu.core.management.commands.serve import unapplied_migrations
from zhongshu.notifications.models import Notice
from zhongshu.notifications.services import notify
from zhongshu.testing import factories

ran: list[dict] = []


def record(**kwargs):
    ran.append(kwargs)


@pytest.fixture(autouse=True)
def recording_job():
    ran.clear()
    jobs.register_job("test.record", record)
    yield
    jobs._JOBS.pop("test.record", None)


@pytest.fixture
def redis_queue(settings):
    name = f"zhongshu:test:{uuid.uuid4().hex}"
    settings.ZHONGSHU_JOBS = "redis"
    settings.ZHONGSHU_JOBS_QUEUE = name
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client, name
    client.delete(name)


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_only_after_its_transaction_commits():
    with transaction.atomic():
        jobs.enqueue("test.record", item_id=7)
        assert ran == []
    assert ran == [{"item_id": 7}]


@pytest.mark.django_db(transaction=True)
def test_a_job_of_a_rolled_back_transaction_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("test.record", item_id=7)
        raise RuntimeError("rolled back")
    assert ran == []


def test_an_unknown_job_is_refused_at_once():
    with pytest.raises(jobs.UnknownJob):
        jobs.enqueue("no.such.job")


def test_job_arguments_must_be_plain_data():
    with pytest.raises(TypeError):
        jobs.enqueue("test.record", when=object())


@pytest.mark.django_db(transaction=True)
def test_the_inprocess_backend_runs_jobs_in_the_worker_thread(settings):
    settings.ZHONGSHU_JOBS = "inprocess"
    import threading

    threads: list[str] = []
    jobs.register_job("test.thread", lambda: threads.append(threading.current_thread().name))
    try:
        jobs.enqueue("test.thread")
        jobs.wait_for_inprocess_jobs()
    finally:
        jobs._JOBS.pop("test.thread", None)
    assert threads == ["zhongshu-jobs"]


@pytest.mark.django_db(transaction=True)
def test_the_inprocess_backend_delivers_notices(settings):
    settings.ZHONGSHU_JOBS = "inprocess"
    user = factories.make_user("inprocess")

    with transaction.atomic():
        notify(recipient=user, about=None, kind="test", title="后台送达")
    jobs.wait_for_inprocess_jobs()

    assert Notice.objects.get().title == "后台送达"


@pytest.mark.django_db(transaction=True)
def test_the_redis_backend_pushes_json_that_the_worker_runs(redis_queue):
    client, name = redis_queue

    with transaction.atomic():
        jobs.enqueue("test.record", item_id=3)
    assert ran == []
    assert json.loads(client.lindex(name, 0)) == {"name": "test.record", "kwargs": {"item_id": 3}}

    assert jobs.run_redis_jobs(drain=True) == 1
    assert ran == [{"item_id": 3}]
    assert client.llen(name) == 0


@pytest.mark.django_db(transaction=True)
def test_a_notice_travels_through_redis_and_zhongshu_worker_once(redis_queue):
    client, name = redis_queue
    user = factories.make_user("redis")
    with transaction.atomic():
        notify(recipient=user, about=None, kind="test", title="经由Redis")
    assert not Notice.objects.exists()
    out = StringIO()

    call_command("worker", "--once", "--no-tick", stdout=out)

    assert out.getvalue().splitlines() == ["jobs: 1"]
    assert Notice.objects.get().title == "经由Redis"


@pytest.mark.django_db(transaction=True)
def test_a_malformed_redis_job_is_dropped_and_the_rest_run(redis_queue):
    client, name = redis_queue
    client.lpush(name, b"not json")
    client.lpush(name, json.dumps({"name": "test.record", "kwargs": {"n": 1}}))

    jobs.run_redis_jobs(drain=True)

    assert ran == [{"n": 1}]


def test_run_tick_runs_every_task_and_reports_failures_after_the_others():
    calls: list[str] = []
    saved = dict(jobs._TICKS)
    jobs._TICKS.clear()
    try:
        jobs.register_tick("test.one", lambda: calls.append("one") or 2)

        def broken() -> int:
            raise ValueError("坏了")

        jobs.register_tick("test.broken", broken)
        jobs.register_tick("test.three", lambda: calls.append("three") or 0)

        with pytest.raises(jobs.TickFailed) as raised:
            jobs.run_tick()
    finally:
        jobs._TICKS.clear()
        jobs._TICKS.update(saved)

    assert calls == ["one", "three"]
    assert raised.value.counts == {"test.one": 2, "test.three": 0}
    assert raised.value.failures == {"test.broken": "ValueError: 坏了"}


def test_zhongshu_tick_delivers_the_outbox_and_prints_counts(db):
    user = factories.make_user("ticked")
    notify(recipient=user, about=None, kind="test", title="由tick送达")
    out = StringIO()

    call_command("tick", stdout=out)

    assert "notifications.deliver: 1" in out.getvalue().splitlines()
    assert Notice.objects.get().title == "由tick送达"
    out = StringIO()
    call_command("tick", stdout=out)
    assert "notifications.deliver: 0" in out.getvalue().splitlines()


def test_zhongshu_tick_fails_loudly_when_a_task_fails(db):
    def broken() -> int:
        raise ValueError("坏了")

    jobs.register_tick("test.broken", broken)
    err = StringIO()
    try:
        with pytest.raises(CommandError) as raised:
            call_command("tick", stdout=StringIO(), stderr=err)
    finally:
        jobs._TICKS.pop("test.broken", None)
    assert str(raised.value) == "1 tick task(s) failed"
    assert "test.broken: failed: ValueError: 坏了" in err.getvalue()


def test_the_test_database_has_no_unapplied_migrations(db):
    assert unapplied_migrations() == 0


def test_serve_refuses_with_pending_migrations(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
        "ZHONGSHU_ENV": "development",
        "ZHONGSHU_VAR_DIR": str(tmp_path / "var"),
    }
    zhongshu = Path(sys.executable).with_name("zhongshu")

    result = subprocess.run(
        [str(zhongshu), "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 2
    assert re.fullmatch(r"zhongshu: \d+ unapplied migrations; run `zhongshu migrate`\n", result.stderr)
    assert result.stdout == ""
    assert settings.ZHONGSHU_JOBS == "immediate"


@pytest.mark.django_db(transaction=True)
def test_redis_being_down_does_not_fail_the_committed_change_and_tick_catches_up(settings):
    settings.ZHONGSHU_JOBS = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    user = factories.make_user("redisdown")

    with transaction.atomic():
        notify(recipient=user, about=None, kind="test", title="Redis不可用")

    assert not Notice.objects.exists()
    from zhongshu.notifications.services import deliver_outbox

    assert deliver_outbox() == 1
    assert Notice.objects.get().title == "Redis不可用"
