from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhongshu.core.jobs import TickFailed, jobs_queue_name, run_redis_jobs, run_tick, start_tick_loop


class Command(BaseCommand):
    help = "Run background jobs from Redis (ZHONGSHU_JOBS=redis) and the periodic tick, until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="run the queued jobs and one tick, then exit")
        parser.add_argument("--no-tick", action="store_true", help="leave periodic work to `zhongshu tick`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["once"]:
                ran = run_redis_jobs(drain=True)
                self.stdout.write(f"jobs: {ran}")
                if not options["no_tick"]:
                    self._tick_once()
                return
            stop = threading.Event()
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            if not options["no_tick"]:
                # Ticks are idempotent and claim their work, so several workers may all run them.
                start_tick_loop(settings.ZHONGSHU_TICK_SECONDS, stop)
            self.stdout.write(
                f"zhongshu worker: waiting for jobs on {settings.REDIS_URL} list {jobs_queue_name()}"
            )
            run_redis_jobs(stop=stop, block_seconds=2)
        except OSError as error:  # redis.ConnectionError is an OSError subclass too
            raise CommandError(f"cannot reach Redis at {settings.REDIS_URL}: {error}") from None

    def _tick_once(self) -> None:
        try:
            counts = run_tick()
        except TickFailed as failed:
            raise CommandError(f"tick failed: {failed}") from None
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
