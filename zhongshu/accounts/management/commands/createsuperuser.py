from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Refuses: 中枢 has no superuser. Create the three administrators with `zhongshu admins init`."

    def add_arguments(self, parser: CommandParser) -> None:
        # Accept whatever Django's own command accepts, so that scripts get the explanation, not a usage error.
        parser.add_argument("rest", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--database")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "createsuperuser is disabled: no account in 中枢 holds every power (三员分立). "
            "Run `zhongshu admins init` to create the system administrator, the security administrator "
            "and the auditor.",
            returncode=1,
        )
