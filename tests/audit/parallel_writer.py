"""The body of one writer process in the concurrency tests. Imports nothing from Django at module level:
a spawned child unpickles this module before it has set Django up."""

from __future__ import annotations

import os

EVENTS_EACH = 25


def append_events(environment: dict[str, str], worker: int, ready, start) -> None:
    os.environ.update(environment)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhongshu.settings"
    import django

    django.setup()
    from django.db import transaction

    from zhongshu.audit.services import audit_record

    ready.release()
    start.wait()
    for n in range(EVENTS_EACH):
        with transaction.atomic():
            audit_record(
                actor=None, action="bench.append", object_type="worker", object_id=worker, details={"n": n}
            )
