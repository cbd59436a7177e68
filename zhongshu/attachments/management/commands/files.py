"""`zhongshu files prune [--delete]` and `zhongshu files encrypt`: the store's upkeep.

prune lists, and on request removes, stored files no record names. encrypt encrypts every file still kept in
clear (from before every file was stored encrypted) and says what it did; run again, it does nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.attachments.services import WrongDatabase, encrypt_store, orphan_files, prune_orphan_files


class Command(BaseCommand):
    help = (
        "files prune [--older-than HOURS] [--delete]: list (or with --delete remove) stored files that no "
        "record names, left by uploads whose transaction rolled back. files encrypt: encrypt every stored "
        "file still kept in clear (idempotent, audited, safe to interrupt)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["prune", "encrypt"])
        parser.add_argument(
            "--older-than", type=float, default=1.0, metavar="HOURS", help="only files at least this old (1)"
        )
        parser.add_argument("--delete", action="store_true", help="remove them (without it: only list them)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "encrypt":
            self._encrypt()
            return
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

    def _encrypt(self) -> None:
        result = encrypt_store()
        for pk in result.missing:
            self.stdout.write(f"missing from disk: stored file {pk}")
        for pk in result.damaged:
            self.stdout.write(f"does not match its checksum, left in clear: stored file {pk}")
        self.stdout.write(result.summary())
        if result.missing or result.damaged:
            raise CommandError(
                f"{len(result.missing) + len(result.damaged)} file(s) could not be encrypted (listed above)"
            )
