"""`zhongshu search reindex [--kind KIND]`: rebuild the search index from the records."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.core.errors import ServiceError
from zhongshu.search.indexing import reconcile, reindex


class Command(BaseCommand):
    help = "search reindex [--kind KIND] | search reconcile: rebuild or repair the search index"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reindex", "reconcile"])
        parser.add_argument("--kind", default=None, help="only this kind (document, supervision_item, ...)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["action"] == "reconcile":
            self.stdout.write(f"fixed: {reconcile()}")
            return
        try:
            written = reindex(kind=options["kind"])
        except ServiceError as error:
            raise CommandError(f"{error.code}: {options['kind']}") from None
        for kind, count in written.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")
