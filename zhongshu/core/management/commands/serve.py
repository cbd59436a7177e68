from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from zhongshu.core.jobs import start_inprocess_worker, start_tick_loop


def unapplied_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Serve 中枢 with waitress; with ZHONGSHU_JOBS=inprocess, also run jobs and the tick in-process."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        pending = unapplied_migrations()
        if pending:
            # One plain line and exit status 2, the way configuration errors end (see zhongshu.cli).
            self.stderr.write(f"zhongshu: {pending} unapplied migrations; run `zhongshu migrate`")
            sys.exit(2)
        connections.close_all()
        if settings.ZHONGSHU_JOBS == "inprocess":
            start_inprocess_worker()
            start_tick_loop(settings.ZHONGSHU_TICK_SECONDS)
            jobs = f"jobs in-process, tick every {settings.ZHONGSHU_TICK_SECONDS}s"
        else:
            jobs = f"jobs via {settings.ZHONGSHU_JOBS}"
        from waitress import serve  # type: ignore[import-untyped]

        from zhongshu.wsgi import application

        self.stdout.write(f"zhongshu: serving on http://{options['host']}:{options['port']}/ ({jobs})")
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
