"""Django's `flush`, let past the SQLite append-only trigger on audit events (see `audit.guard`).

Emptying every table is the database owner's act (TRUNCATE on PostgreSQL, which the trigger there leaves
alone too); the trigger stops changes to single rows, not the owner starting over.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush

from zhongshu.audit.guard import flushing


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        with flushing():
            super().handle(**options)
