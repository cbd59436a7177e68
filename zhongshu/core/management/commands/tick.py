from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhongshu.core.jobs import TickFailed, run_tick


class Command(BaseCommand):
    help = "Run every periodic task once (deliver the notice outbox, escalate, recount); idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = run_tick()
        except TickFailed as failed:
            self._print(failed.counts)
            for name, error in failed.failures.items():
                self.stderr.write(f"{name}: failed: {error}")
            raise CommandError(f"{len(failed.failures)} tick task(s) failed") from None
        self._print(counts)

    def _print(self, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
