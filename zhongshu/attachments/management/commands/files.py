"""`zhongshu files prune [--delete]`: list, and on request remove, stored files no record names."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.attachments.services import WrongDatabase, orphan_files, prune_orphan_files


class Command(BaseCommand):
    help = (
        "files prune [--older-than HOURS] [--delete]: list (or with --delete remove) stored files that no "
        "record names, left by uploads whose transaction rolled back"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["prune"])
        parser.add_argument(
            "--older-than", type=float, default=1.0, metavar="HOURS", help="only files at least this old (1)"
        )
        parser.add_argument("--delete", action="store_true", help="remove them (without it: only list them)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["older_than"] < 0:
            raise CommandError("--older-than must not be negative")
        seconds = int(options["older_than"] * 3600)
        try:
            if options["delete"]:
                self.stdout.write(f"removed: {prune_orphan_files(seconds)}")
                return
            orphans = orphan_files(seconds)
        except WrongDatabase as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        for path in orphans:
            self.stdout.write(str(path))
        self.stdout.write(f"orphans: {len(orphans)} (run again with --delete to remove them)")
