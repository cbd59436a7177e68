"""Writers in separate OS processes append at once; the chain never forks."""

from __future__ import annotations

import multiprocessing
import os
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from zhongshu.audit.chain import verify_chain
from zhongshu.audit.models import AuditEvent

from .parallel_writer import EVENTS_EACH, append_events

WRITERS = 4


def _child_environment() -> dict[str, str]:
    # The same database and the same chain key as this process, whatever the environment says.
    return {
        "DATABASE_URL": _database_url(),
        "ZHONGSHU_AUDIT_KEY": settings.ZHONGSHU_AUDIT_KEY,
        "ZHONGSHU_AUDIT_KEY_FILE": str(settings.ZHONGSHU_AUDIT_KEY_FILE),
    }


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}{port}/{quote(db['NAME'])}"
    return "sqlite:///" + os.path.abspath(db["NAME"])


def _run_writers() -> None:
    context = multiprocessing.get_context("spawn")
    ready, start = context.Semaphore(0), context.Event()
    processes = [
        context.Process(target=append_events, args=(_child_environment(), worker, ready, start))
        for worker in range(WRITERS)
    ]
    for process in processes:
        process.start()
    started = 0
    while started < WRITERS:
        if ready.acquire(timeout=1):
            started += 1
        elif any(process.exitcode is not None for process in processes):
            break  # a writer died while setting up: its exit code fails the test below
    start.set()
    for process in processes:
        process.join(timeout=300)
    assert [process.exitcode for process in processes] == [0] * WRITERS


def _assert_one_unbroken_chain() -> None:
    total = WRITERS * EVENTS_EACH
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    assert AuditEvent.objects.values("prev_hash").distinct().count() == total
    assert verify_chain().summary() == f"OK: {total} events, chain intact"
    per_worker = {str(w): EVENTS_EACH for w in range(WRITERS)}
    counted = {w: AuditEvent.objects.filter(object_id=w).count() for w in per_worker}
    assert counted == per_worker


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_processes_on_postgresql_never_fork_the_chain(on_postgres):
    _run_writers()
    _assert_one_unbroken_chain()


@pytest.mark.django_db(transaction=True)
def test_parallel_processes_on_sqlite_never_fork_the_chain():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant")
    _run_writers()
    _assert_one_unbroken_chain()
