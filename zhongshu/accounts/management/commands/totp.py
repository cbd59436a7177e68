from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.accounts.models import User
from zhongshu.accounts.totp import current_totp_code


class Command(BaseCommand):
    help = "Print the current second-factor (TOTP) code of an account. Development and demos only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "refused: `zhongshu totp` would defeat the second factor, so it does not run in production",
                returncode=2,
            )
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no account named {options['username']!r}")
        try:
            self.stdout.write(current_totp_code(user))
        except LookupError as error:
            raise CommandError(str(error)) from None
