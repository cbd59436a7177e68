"""Background jobs and periodic ticks, the same meaning on every backend.

A job is a registered function that takes ids (JSON-serialisable keyword arguments), loads its rows and
calls a service. `enqueue` schedules it for after the current transaction commits, so a job never sees
rows that were rolled back. ZHONGSHU_JOBS picks how it runs:

* ``immediate`` — right away in the committing thread (tests);
* ``inprocess`` — one background worker thread inside the serving process (the embedded edition);
* ``redis`` — LPUSHed as JSON onto a Redis list that `zhongshu worker` BRPOPs (production).

Jobs are a way to be prompt, not the source of truth: every job must be idempotent, and the periodic tick
(`run_tick`, run by `zhongshu tick`, `zhongshu serve` and `zhongshu worker`) redoes whatever a lost job
left undone. That is why a Redis job lost with a dying worker costs latency, never a notice.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

JobFn = Callable[..., Any]
TickFn = Callable[[], int | None]

_JOBS: dict[str, JobFn] = {}
_TICKS: dict[str, TickFn] = {}


class UnknownJob(LookupError):
    pass


class TickFailed(RuntimeError):
    """Some tick functions raised; the others ran. Carries what was counted and what failed."""

    def __init__(self, counts: dict[str, int], failures: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {error}" for name, error in failures.items()))
        self.counts = counts
        self.failures = failures


def register_job(name: str, fn: JobFn) -> None:
    _JOBS[name] = fn


def register_tick(name: str, fn: TickFn) -> None:
    _TICKS[name] = fn


def registered_jobs() -> list[str]:
    return sorted(_JOBS)


def registered_ticks() -> list[str]:
    return list(_TICKS)


def enqueue(name: str, **kwargs: Any) -> None:
    """Run job `name` with `kwargs` once the current transaction commits (at once outside one)."""
    if name not in _JOBS:
        raise UnknownJob(f"no job registered as {name!r}")
    # Serialise now: a job argument that is not plain data is a bug at the call site, not in a worker.
    encoded = json.dumps({"name": name, "kwargs": kwargs})
    # Outside tests a failure to hand the job over (Redis down) must not turn a committed change into an
    # error page: it is logged, and the next tick does the work.
    robust = settings.ZHONGSHU_JOBS != "immediate"
    transaction.on_commit(lambda: _dispatch(name, kwargs, encoded), robust=robust)


def _dispatch(name: str, kwargs: dict[str, Any], encoded: str) -> None:
    backend = settings.ZHONGSHU_JOBS
    if backend == "immediate":
        # Tests want a failing job to fail the test, so nothing is swallowed here.
        _JOBS[name](**kwargs)
    elif backend == "inprocess":
        _inprocess_worker().submit(name, kwargs)
    else:
        redis_client().lpush(jobs_queue_name(), encoded)


def run_job(name: str, kwargs: dict[str, Any]) -> bool:
    """Run one job, logging (not raising) a failure: workers keep going. True when it succeeded."""
    fn = _JOBS.get(name)
    if fn is None:
        logger.error("job %s is not registered; dropped", name)
        return False
    try:
        fn(**kwargs)
    except Exception:
        logger.exception("job %s(%s) failed", name, kwargs)
        return False
    return True


def run_tick() -> dict[str, int]:
    """Run every registered tick function once (each is idempotent) and return what each did.

    A failing tick does not stop the others; after all ran, `TickFailed` reports the failures.
    """
    counts: dict[str, int] = {}
    failures: dict[str, str] = {}
    for name, fn in list(_TICKS.items()):
        try:
            counts[name] = int(fn() or 0)
        except Exception as error:
            logger.exception("tick %s failed", name)
            failures[name] = f"{type(error).__name__}: {error}"
    if failures:
        raise TickFailed(counts, failures)
    return counts


# --- Redis ------------------------------------------------------------------------------------------


def jobs_queue_name() -> str:
    return str(getattr(settings, "ZHONGSHU_JOBS_QUEUE", "zhongshu:jobs"))


def redis_client() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def run_redis_jobs(
    *, block_seconds: int = 5, stop: threading.Event | None = None, drain: bool = False
) -> int:
    """Take jobs off the Redis list and run them. With `drain`, stop when the list is empty.

    Returns how many jobs ran. Database connections are tidied between jobs, as Django does per request.
    """
    client = redis_client()
    name = jobs_queue_name()
    ran = 0
    while stop is None or not stop.is_set():
        if drain:
            raw = client.rpop(name)
            if raw is None:
                break
        else:
            popped = client.brpop([name], timeout=block_seconds)
            if popped is None:
                continue
            raw = popped[1]
        try:
            message = json.loads(raw)
            job_name, kwargs = str(message["name"]), dict(message.get("kwargs") or {})
        except (ValueError, KeyError, TypeError):
            logger.error("malformed job dropped: %r", raw)
            continue
        close_old_connections()
        run_job(job_name, kwargs)
        close_old_connections()
        ran += 1
    return ran


# --- The in-process worker thread -----------------------------------------------------------------


class _InprocessWorker:
    """One daemon thread running jobs in order, so the embedded edition needs no broker."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="zhongshu-jobs", daemon=True)
        self._thread.start()

    def submit(self, name: str, kwargs: dict[str, Any]) -> None:
        self._queue.put((name, kwargs))

    def join(self) -> None:
        """Wait until every submitted job has run (used by tests and at shutdown)."""
        self._queue.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is not None:
                    run_job(*item)
            finally:
                connections.close_all()
                self._queue.task_done()


_worker_lock = threading.Lock()
_worker: _InprocessWorker | None = None


def _inprocess_worker() -> _InprocessWorker:
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = _InprocessWorker()
        return _worker


def start_inprocess_worker() -> None:
    _inprocess_worker()


def wait_for_inprocess_jobs() -> None:
    _inprocess_worker().join()


# --- The tick loop --------------------------------------------------------------------------------


def start_tick_loop(seconds: int, stop: threading.Event | None = None) -> threading.Event:
    """Run `run_tick` now and then every `seconds` in a daemon thread; set the returned event to stop."""
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                run_tick()
            except TickFailed:
                pass  # already logged per tick; the next round tries again
            except Exception:
                logger.exception("tick round failed")
            finally:
                connections.close_all()
            stop.wait(seconds)

    threading.Thread(target=loop, name="zhongshu-tick", daemon=True).start()
    return stop
